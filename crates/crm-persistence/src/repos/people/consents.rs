//! The consent ledger of a person: appended in a journaled transaction, read oldest first.

use super::{one, refreshed};
use crate::entities::consent;
use crate::entities::person;
use crate::error::{Result, port};
use crate::paging::{self, Keyed};
use crate::record::scoped;
use crate::record::{State, find};
use crate::time;
use async_trait::async_trait;
use crm_core::ids::PersonId;
use crm_core::page::{CursorValue, Page, PageRequest};
use crm_core::sort::SortField;
use crm_core::{Actor, DomainError, DomainResult};
use crm_customers::consent::{Channel, ConsentEntry, ConsentStatus, NewConsent, Purpose};
use crm_customers::ports::ConsentRepository;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, QueryFilter};
use uuid::Uuid;

pub(crate) struct Consents(pub crate::db::Db);

impl Keyed for consent::Model {
    fn id_column() -> Expr {
        Expr::col((consent::Entity, consent::Column::Id))
    }
    fn sort_column(_: &SortField) -> Expr {
        Expr::col((consent::Entity, consent::Column::RecordedAt))
    }
    fn sort_value(&self, _: &SortField) -> CursorValue {
        CursorValue::Timestamp(self.recorded_at)
    }
    fn row_id(&self) -> Uuid {
        self.id
    }
}

pub(crate) fn to_domain(m: consent::Model) -> Result<ConsentEntry> {
    let bad =
        |what: &str, v: &str| DomainError::internal(format!("stored {what} '{v}' is unknown"));
    Ok(ConsentEntry {
        id: m.id,
        channel: Channel::parse(&m.channel).ok_or_else(|| bad("channel", &m.channel))?,
        purpose: Purpose::parse(&m.purpose).ok_or_else(|| bad("purpose", &m.purpose))?,
        status: ConsentStatus::parse(&m.status).ok_or_else(|| bad("status", &m.status))?,
        recorded_at: m.recorded_at,
        source: m.source,
        proof: m.proof,
        wording_version: m.wording_version,
        actor_kind: m.actor_kind,
        actor_id: m.actor_id,
        created_at: m.created_at,
    })
}

#[async_trait]
impl ConsentRepository for Consents {
    #[tracing::instrument(skip_all, fields(org = %actor.org_id, %person_id))]
    async fn record(
        &self,
        actor: &Actor,
        person_id: PersonId,
        e: NewConsent,
    ) -> DomainResult<ConsentEntry> {
        let person_id = person_id.0;
        port(async {
            let txn = self.0.begin_write().await?;
            let row = find::<person::Entity, _>(&txn, actor, person_id, State::Live, true).await?;
            let before = one(&txn, row.clone()).await?;
            let entry = to_domain(
                consent::ActiveModel {
                    id: Set(Uuid::now_v7()),
                    org_id: Set(actor.org_id.0),
                    person_id: Set(person_id),
                    channel: Set(e.channel.as_str().into()),
                    purpose: Set(e.purpose.as_str().into()),
                    status: Set(e.status.as_str().into()),
                    recorded_at: Set(time::trunc(e.recorded_at)),
                    source: Set(e.source),
                    proof: Set(e.proof),
                    wording_version: Set(e.wording_version),
                    actor_kind: Set(actor.principal.kind().into()),
                    actor_id: Set(actor.principal.id()),
                    created_at: Set(time::now()),
                }
                .insert(&txn)
                .await?,
            )?;
            let after = refreshed(&txn, row).await?;
            crate::journal::record_change(
                &txn,
                actor,
                crm_customers::events::PERSON_CONSENT_RECORDED,
                person_id,
                Some(&before),
                Some(&after),
            )
            .await?;
            txn.commit().await?;
            Ok(entry)
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(org = %actor.org_id, %person_id))]
    async fn ledger(
        &self,
        actor: &Actor,
        person_id: PersonId,
        page: &PageRequest,
    ) -> DomainResult<Page<ConsentEntry>> {
        let person_id = person_id.0;
        port(async {
            find::<person::Entity, _>(&self.0.conn, actor, person_id, State::Live, false).await?;
            let q =
                scoped::<consent::Entity>(actor).filter(consent::Column::PersonId.eq(person_id));
            let page = paging::fetch(&self.0.conn, q, page).await?;
            page.try_map(to_domain)
        })
        .await
    }
}
