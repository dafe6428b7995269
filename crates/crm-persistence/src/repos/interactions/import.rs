//! The writes of interaction imports: finding the people, companies and staff users a
//! batch's rows name by a key (each key normalised as the records store it), and the
//! batch, each row in a savepoint, committed with the import's progress.

use super::Interactions;
use super::batch::{Op, apply};
use crate::db::Db;
use crate::entities::{company, person, person_email, person_phone, user};
use crate::error::{Result, StoreError, port};
use crate::record::scoped;
use crate::repos::imports::{failure, running, settle};
use async_trait::async_trait;
use crm_core::error::Errors;
use crm_core::{Actor, DomainError, DomainResult, Email};
use crm_interactions::import::Reference;
use crm_interactions::ports::InteractionImportWriter;
use crm_records::batch::BatchOutcome;
use crm_records::import::Progress;
use crm_records::import::rows::Checked;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, TransactionTrait,
};
use std::collections::HashMap;
use uuid::Uuid;

/// The keys of one kind of reference: stored form → the references that normalise to it.
type Keys = HashMap<String, Vec<Reference>>;

fn add(keys: &mut Keys, stored: Option<String>, r: &Reference) {
    if let Some(k) = stored {
        keys.entry(k).or_default().push(r.clone());
    }
}

/// Records each matched (key, id) pair under every reference of that key.
fn found(out: &mut HashMap<Reference, Vec<Uuid>>, keys: &Keys, pairs: Vec<(String, Uuid)>) {
    for (k, id) in pairs {
        for r in keys.get(&k).into_iter().flatten() {
            let ids = out.entry(r.clone()).or_default();
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
    }
}

/// Of `pairs` (key, person id), those whose person is live (not deleted, not merged).
async fn live_people<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    pairs: Vec<(String, Uuid)>,
) -> Result<Vec<(String, Uuid)>> {
    if pairs.is_empty() {
        return Ok(pairs);
    }
    let ids: Vec<Uuid> = pairs.iter().map(|(_, id)| *id).collect();
    let live: Vec<Uuid> = scoped::<person::Entity>(actor)
        .select_only()
        .column(person::Column::Id)
        .filter(person::Column::Id.is_in(ids))
        .filter(person::Column::DeletedAt.is_null())
        .filter(person::Column::MergedInto.is_null())
        .into_tuple()
        .all(c)
        .await?;
    Ok(pairs
        .into_iter()
        .filter(|(_, id)| live.contains(id))
        .collect())
}

async fn resolve_in<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    references: &[Reference],
) -> Result<HashMap<Reference, Vec<Uuid>>> {
    let region: Option<String> = crate::entities::organisation::Entity::find_by_id(actor.org_id.0)
        .one(c)
        .await?
        .and_then(|o| o.default_region);
    let (mut emails, mut people_x, mut phones) = (Keys::new(), Keys::new(), Keys::new());
    let (mut domains, mut companies_x, mut users) = (Keys::new(), Keys::new(), Keys::new());
    for r in references {
        match r {
            Reference::PersonEmail(x) => add(
                &mut emails,
                Email::parse(x, "").ok().map(|e| e.into_inner()),
                r,
            ),
            Reference::PersonExternalId(x) => add(&mut people_x, Some(x.trim().to_string()), r),
            Reference::PersonPhone(x) => add(
                &mut phones,
                crm_customers::contact::normalise_phone(x, region.as_deref()).ok(),
                r,
            ),
            Reference::CompanyDomain(x) => add(
                &mut domains,
                crm_customers::company::domain(&mut Errors::new(), Some(x.clone())),
                r,
            ),
            Reference::CompanyExternalId(x) => add(&mut companies_x, Some(x.trim().to_string()), r),
            Reference::UserEmail(x) => add(&mut users, Some(x.trim().to_lowercase()), r),
        }
    }
    let mut out = HashMap::new();
    let keys = |k: &Keys| k.keys().cloned().collect::<Vec<_>>();
    if !emails.is_empty() {
        let pairs = scoped::<person_email::Entity>(actor)
            .select_only()
            .columns([
                person_email::Column::Address,
                person_email::Column::PersonId,
            ])
            .filter(person_email::Column::Address.is_in(keys(&emails)))
            .into_tuple()
            .all(c)
            .await?;
        found(&mut out, &emails, live_people(c, actor, pairs).await?);
    }
    if !phones.is_empty() {
        let pairs = scoped::<person_phone::Entity>(actor)
            .select_only()
            .columns([person_phone::Column::Number, person_phone::Column::PersonId])
            .filter(person_phone::Column::Number.is_in(keys(&phones)))
            .into_tuple()
            .all(c)
            .await?;
        found(&mut out, &phones, live_people(c, actor, pairs).await?);
    }
    if !people_x.is_empty() {
        let pairs: Vec<(Option<String>, Uuid)> = scoped::<person::Entity>(actor)
            .select_only()
            .columns([person::Column::ExternalId, person::Column::Id])
            .filter(person::Column::ExternalId.is_in(keys(&people_x)))
            .filter(person::Column::DeletedAt.is_null())
            .filter(person::Column::MergedInto.is_null())
            .into_tuple()
            .all(c)
            .await?;
        let pairs = pairs
            .into_iter()
            .filter_map(|(k, id)| Some((k?, id)))
            .collect();
        found(&mut out, &people_x, pairs);
    }
    for (keys_of, column) in [
        (&domains, company::Column::Domain),
        (&companies_x, company::Column::ExternalId),
    ] {
        if keys_of.is_empty() {
            continue;
        }
        let pairs: Vec<(Option<String>, Uuid)> = scoped::<company::Entity>(actor)
            .select_only()
            .columns([column, company::Column::Id])
            .filter(column.is_in(keys(keys_of)))
            .filter(company::Column::DeletedAt.is_null())
            .filter(company::Column::MergedInto.is_null())
            .into_tuple()
            .all(c)
            .await?;
        let pairs = pairs
            .into_iter()
            .filter_map(|(k, id)| Some((k?, id)))
            .collect();
        found(&mut out, keys_of, pairs);
    }
    if !users.is_empty() {
        let pairs = scoped::<user::Entity>(actor)
            .select_only()
            .columns([user::Column::Email, user::Column::Id])
            .filter(user::Column::Email.is_in(keys(&users)))
            .filter(user::Column::DeletedAt.is_null())
            .into_tuple()
            .all(c)
            .await?;
        found(&mut out, &users, pairs);
    }
    Ok(out)
}

#[async_trait]
impl InteractionImportWriter for Interactions {
    #[tracing::instrument(skip_all, fields(org = %actor.org_id, references = references.len()))]
    async fn resolve(
        &self,
        actor: &Actor,
        references: &[Reference],
    ) -> DomainResult<HashMap<Reference, Vec<Uuid>>> {
        port(resolve_in(&self.0.conn, actor, references)).await
    }

    #[tracing::instrument(skip_all, fields(org = %actor.org_id, %id, from, to, dry_run))]
    async fn write(
        &self,
        actor: &Actor,
        id: Uuid,
        from: u64,
        to: u64,
        rows: Vec<Checked<Op>>,
        dry_run: bool,
    ) -> DomainResult<Progress> {
        port(async {
            let txn = self.0.begin_write().await?;
            let m = running(&txn, actor, id, from).await?;
            let mut failures = Vec::new();
            let (mut created, mut updated) = (0i64, 0i64);
            let batch = txn.begin().await?;
            for mut row in rows {
                let op = match std::mem::replace(&mut row.op, Err(Vec::new())) {
                    Ok(op) => op,
                    Err(errors) => {
                        failures.push(failure(actor, id, &row, errors));
                        continue;
                    }
                };
                let one = batch.begin().await?;
                match apply(&one, actor, op).await {
                    Ok(outcome) => {
                        one.commit().await?;
                        match outcome {
                            BatchOutcome::Created(_) => created += 1,
                            BatchOutcome::Updated(_) => updated += 1,
                        }
                    }
                    Err(e @ StoreError(DomainError::Unavailable(_))) => return Err(e),
                    Err(e) => {
                        one.rollback().await?;
                        let errors = row.errors_of(e.into());
                        failures.push(failure(actor, id, &row, errors));
                    }
                }
            }
            Db::finish(batch, dry_run).await?;
            settle(txn, m, to, (created, updated), failures).await
        })
        .await
    }
}
