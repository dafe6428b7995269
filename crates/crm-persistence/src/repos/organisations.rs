//! The organisation repository: sign-up creates an organisation with its owner.

use super::json;
use super::users;
use crate::db::Db;
use crate::entities::organisation;
use crate::error::port;
use crate::journal::{self, Change};
use crate::time;
use async_trait::async_trait;
use crm_accounts::model::{NewUser, Organisation, OrganisationPatch, User, UserStatus};
use crm_accounts::ports::OrganisationRepository;
use crm_core::ids::OrgId;
use crm_core::{Actor, DomainError, DomainResult, Principal};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait, QuerySelect};
use uuid::Uuid;

pub(crate) struct Organisations(pub Db);

fn to_domain(m: organisation::Model) -> Organisation {
    Organisation {
        id: OrgId(m.id),
        name: m.name,
        default_region: m.default_region,
        created_at: m.created_at,
        updated_at: m.updated_at,
        version: m.version,
    }
}

#[async_trait]
impl OrganisationRepository for Organisations {
    #[tracing::instrument(skip_all)]
    async fn create_with_owner(
        &self,
        name: &str,
        owner: NewUser,
        request_id: Option<String>,
    ) -> DomainResult<(Organisation, User)> {
        port(async {
            let now = time::now();
            let org_id = OrgId::new();
            let owner_id = Uuid::now_v7();
            let actor = Actor::new(
                org_id,
                Principal::User(crm_core::ids::UserId(owner_id)),
                request_id,
            );
            let txn = self.0.begin_write().await?;
            let org = organisation::ActiveModel {
                id: Set(org_id.0),
                name: Set(name.to_string()),
                created_at: Set(now),
                updated_at: Set(now),
                version: Set(1),
                default_region: Set(None),
            }
            .insert(&txn)
            .await?;
            let org = to_domain(org);
            journal::record(
                &txn,
                &actor,
                Change {
                    event: crm_accounts::events::ORGANISATION_CREATED,
                    resource_id: org_id.0,
                    before: None,
                    after: Some(json(&org)),
                },
            )
            .await?;
            let user = users::insert(&txn, &actor, owner_id, owner, UserStatus::Active).await?;
            txn.commit().await?;
            Ok((org, user))
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(org = %actor.org_id))]
    async fn get(&self, actor: &Actor) -> DomainResult<Organisation> {
        port(async {
            organisation::Entity::find_by_id(actor.org_id.0)
                .one(&self.0.conn)
                .await?
                .map(to_domain)
                .ok_or(DomainError::not_found("organisation").into())
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(org = %actor.org_id))]
    async fn update(
        &self,
        actor: &Actor,
        patch: OrganisationPatch,
        if_version: Option<i64>,
    ) -> DomainResult<Organisation> {
        port(async {
            let txn = self.0.begin_write().await?;
            let m = organisation::Entity::find_by_id(actor.org_id.0)
                .lock_exclusive()
                .one(&txn)
                .await?
                .ok_or(DomainError::not_found("organisation"))?;
            crate::record::check_version(m.version, if_version)?;
            let before = to_domain(m.clone());
            let mut am: organisation::ActiveModel = m.into();
            if let Some(n) = patch.name {
                am.name = Set(n);
            }
            if let Some(r) = patch.default_region {
                am.default_region = Set(r);
            }
            am.updated_at = Set(time::now());
            am.version = Set(before.version + 1);
            let after = to_domain(am.update(&txn).await?);
            journal::record_change(
                &txn,
                actor,
                crm_accounts::events::ORGANISATION_UPDATED,
                actor.org_id.0,
                Some(&before),
                Some(&after),
            )
            .await?;
            txn.commit().await?;
            Ok(after)
        })
        .await
    }
}
