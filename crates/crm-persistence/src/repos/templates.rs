//! Message templates as stored: a row each, journaled; a settings record listed whole.

use crate::db::Db;
use crate::entities::{custom_field, template};
use crate::error::{Result, port};
use crate::journal;
use crate::record::{self, Record, State, find, in_org, scoped, store};
use crate::time;
use async_trait::async_trait;
use crm_core::{Actor, DomainError, DomainResult, EventType};
use crm_delivery::events;
use crm_delivery::ports::TemplateRepository;
use crm_delivery::template::{Channel, MAX_TEMPLATES, NewTemplate, Template};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use uuid::Uuid;

pub(crate) struct Templates(pub Db);

fn view(r: template::Model) -> Result<Template> {
    let channel = Channel::parse(&r.channel).ok_or_else(|| {
        DomainError::internal(format!("stored template {}: unknown channel", r.id))
    })?;
    Ok(Template {
        id: r.id,
        name: r.name,
        channel,
        subject: r.subject,
        text: r.body_text,
        html: r.body_html,
        created_at: r.created_at,
        updated_at: r.updated_at,
        version: r.version,
    })
}

impl Record for template::Entity {
    const RESOURCE: &'static str = "template";
    const COLLECTION: &'static str = "templates";
    const ID: template::Column = template::Column::Id;
    const VERSION: template::Column = template::Column::Version;
    const UPDATED_AT: template::Column = template::Column::UpdatedAt;
    const DELETED_AT: template::Column = template::Column::DeletedAt;
    const DELETED: EventType = events::TEMPLATE_DELETED;
    const RESTORED: EventType = events::TEMPLATE_RESTORED;
    type View = Template;

    fn version_of(row: &template::Model) -> i64 {
        row.version
    }
    fn view<C: ConnectionTrait>(
        _c: &C,
        row: template::Model,
    ) -> impl std::future::Future<Output = Result<Template>> + Send {
        std::future::ready(view(row))
    }
}

fn set(am: &mut template::ActiveModel, t: NewTemplate) {
    am.name = Set(t.name);
    am.channel = Set(t.channel.as_str().into());
    am.subject = Set(t.subject);
    am.body_text = Set(t.text);
    am.body_html = Set(t.html);
}

async fn create<C: ConnectionTrait>(c: &C, actor: &Actor, t: NewTemplate) -> Result<Template> {
    let live = scoped::<template::Entity>(actor)
        .filter(template::Column::DeletedAt.is_null())
        .count(c)
        .await?;
    if live >= MAX_TEMPLATES {
        return Err(DomainError::conflict(format!(
            "an organisation has at most {MAX_TEMPLATES} templates"
        ))
        .into());
    }
    let now = time::now();
    let mut am = template::ActiveModel {
        id: Set(Uuid::now_v7()),
        org_id: Set(actor.org_id.0),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
        deleted_at: Set(None),
        ..Default::default()
    };
    set(&mut am, t);
    let created = view(am.insert(c).await?)?;
    journal::record_change(
        c,
        actor,
        events::TEMPLATE_CREATED,
        created.id,
        None,
        Some(&created),
    )
    .await?;
    Ok(created)
}

async fn update<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    id: Uuid,
    t: NewTemplate,
    if_version: i64,
) -> Result<Template> {
    let row = find::<template::Entity, _>(c, actor, id, State::Live, true).await?;
    record::check_version(row.version, Some(if_version))?;
    let before = view(row.clone())?;
    let mut am: template::ActiveModel = row.into();
    set(&mut am, t);
    am.updated_at = Set(time::now());
    am.version = Set(before.version + 1);
    let after = view(am.update(c).await?)?;
    journal::record_change(
        c,
        actor,
        events::TEMPLATE_UPDATED,
        id,
        Some(&before),
        Some(&after),
    )
    .await?;
    Ok(after)
}

#[async_trait]
impl TemplateRepository for Templates {
    async fn list(&self, actor: &Actor) -> DomainResult<Vec<Template>> {
        store::live::<template::Entity>(&self.0, actor).await
    }

    async fn get(&self, actor: &Actor, id: Uuid) -> DomainResult<Template> {
        store::get::<template::Entity>(&self.0, actor, id).await
    }

    #[tracing::instrument(skip_all, fields(org = %actor.org_id))]
    async fn create(&self, actor: &Actor, t: NewTemplate) -> DomainResult<Template> {
        store::write(&self.0, async |txn| create(txn, actor, t).await).await
    }

    #[tracing::instrument(skip_all, fields(org = %actor.org_id, %id))]
    async fn update(
        &self,
        actor: &Actor,
        id: Uuid,
        t: NewTemplate,
        if_version: i64,
    ) -> DomainResult<Template> {
        store::write(&self.0, async |txn| {
            update(txn, actor, id, t, if_version).await
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(org = %actor.org_id, %id))]
    async fn delete(&self, actor: &Actor, id: Uuid, if_version: Option<i64>) -> DomainResult<()> {
        store::delete::<template::Entity>(&self.0, actor, id, if_version).await
    }

    #[tracing::instrument(skip_all, fields(org = %actor.org_id, %id))]
    async fn restore(&self, actor: &Actor, id: Uuid) -> DomainResult<Template> {
        store::restore::<template::Entity>(&self.0, actor, id, "the template cannot be restored")
            .await
    }

    async fn person_custom_fields(&self, actor: &Actor) -> DomainResult<Vec<String>> {
        port(async {
            Ok(in_org::<custom_field::Entity>(actor.org_id)
                .select_only()
                .column(custom_field::Column::FieldKey)
                .filter(
                    custom_field::Column::Resource.eq(crm_customers::custom_field::PERSON.as_str()),
                )
                .order_by_asc(custom_field::Column::Id)
                .into_tuple::<String>()
                .all(&self.0.conn)
                .await?)
        })
        .await
    }
}
