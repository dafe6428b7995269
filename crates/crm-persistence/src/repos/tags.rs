//! The tag catalogue.

use crate::db::Db;
use crate::entities::{person_tag, tag};
use crate::error::{self, map_err};
use crate::journal::{self, Change};
use crate::paging::{self, Keyed};
use crate::time;
use async_trait::async_trait;
use crm_core::page::{CursorValue, Page, PageRequest};
use crm_core::sort::SortField;
use crm_core::{Actor, DomainError, DomainResult};
use crm_customers::ports::TagRepository;
use crm_customers::tag::Tag;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QuerySelect,
};
use uuid::Uuid;

pub(crate) struct Tags(pub Db);

impl Keyed for tag::Model {
    fn id_column() -> Expr {
        Expr::col((tag::Entity, tag::Column::Id))
    }
    fn sort_column(_: &SortField) -> Expr {
        Expr::col((tag::Entity, tag::Column::Name))
    }
    fn sort_value(&self, _: &SortField) -> CursorValue {
        CursorValue::Text(self.name.clone())
    }
    fn row_id(&self) -> Uuid {
        self.id
    }
}

fn to_domain(m: tag::Model) -> Tag {
    Tag {
        id: m.id,
        name: m.name,
        created_at: m.created_at,
    }
}

#[async_trait]
impl TagRepository for Tags {
    #[tracing::instrument(skip_all, fields(org = %actor.org_id))]
    async fn list(&self, actor: &Actor, page: &PageRequest) -> DomainResult<Page<Tag>> {
        let q = tag::Entity::find().filter(tag::Column::OrgId.eq(actor.org_id.0));
        Ok(paging::fetch(&self.0.conn, q, page).await?.map(to_domain))
    }

    #[tracing::instrument(skip_all, fields(org = %actor.org_id))]
    async fn create(&self, actor: &Actor, name: String) -> DomainResult<Tag> {
        let txn = self.0.begin_write().await?;
        let t = to_domain(
            tag::ActiveModel {
                id: Set(Uuid::now_v7()),
                org_id: Set(actor.org_id.0),
                name: Set(name),
                created_at: Set(time::now()),
            }
            .insert(&txn)
            .await
            .map_err(|e| map_err(e, "a tag with this name already exists"))?,
        );
        journal::record(
            &txn,
            actor,
            Change {
                verb: "created",
                resource_type: "tag",
                resource_id: t.id,
                before: None,
                after: Some(super::json(&t)),
            },
        )
        .await
        .map_err(error::db)?;
        txn.commit().await.map_err(error::db)?;
        Ok(t)
    }

    #[tracing::instrument(skip_all, fields(org = %actor.org_id, %id))]
    async fn delete(&self, actor: &Actor, id: Uuid) -> DomainResult<()> {
        let txn = self.0.begin_write().await?;
        // Locked first: a concurrent tagging then waits for this delete, or this delete
        // for it, so the people read below are all who carry the tag.
        let t = tag::Entity::find()
            .filter(tag::Column::OrgId.eq(actor.org_id.0))
            .filter(tag::Column::Id.eq(id))
            .lock_exclusive()
            .one(&txn)
            .await
            .map_err(error::db)?
            .ok_or(DomainError::not_found("tag"))?;
        let before = to_domain(t);
        let tagged: Vec<Uuid> = person_tag::Entity::find()
            .select_only()
            .column(person_tag::Column::PersonId)
            .filter(person_tag::Column::OrgId.eq(actor.org_id.0))
            .filter(person_tag::Column::TagId.eq(id))
            .into_tuple()
            .all(&txn)
            .await
            .map_err(error::db)?;
        // The links go with it (ON DELETE CASCADE); the people's cards follow.
        tag::Entity::delete_by_id(id)
            .exec(&txn)
            .await
            .map_err(error::db)?;
        super::refresh_person_cards(&txn, actor.org_id.0, &tagged).await?;
        journal::record(
            &txn,
            actor,
            Change {
                verb: "deleted",
                resource_type: "tag",
                resource_id: id,
                before: Some(super::json(&before)),
                after: None,
            },
        )
        .await
        .map_err(error::db)?;
        txn.commit().await.map_err(error::db)
    }
}
