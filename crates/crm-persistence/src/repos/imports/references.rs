//! Finding the records import rows name by a key: each kind of key normalised as its
//! records store it (an email lower-cased, a phone in E.164 in the organisation's default
//! region, a domain bare), then looked up among the organisation's live records, one
//! query per kind of key for a whole batch.

use super::Imports;
use crate::entities::{company, person, person_email, person_phone, product, user};
use crate::error::{Result, port};
use crate::record::scoped;
use crate::repos::links::{self, Kind};
use async_trait::async_trait;
use crm_core::error::Errors;
use crm_core::{Actor, DomainResult, Email};
use crm_records::import::reference::{Found, Reference, ReferenceFinder};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
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
fn found(out: &mut Found, keys: &Keys, pairs: Vec<(String, Uuid)>) {
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
    let live = links::live(c, actor, Kind::Person, &ids).await?;
    Ok(pairs
        .into_iter()
        .filter(|(_, id)| live.contains(id))
        .collect())
}

/// The live records each of `references` names.
pub(crate) async fn resolve_in<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    references: &[Reference],
) -> Result<Found> {
    let region: Option<String> = crate::entities::organisation::Entity::find_by_id(actor.org_id.0)
        .one(c)
        .await?
        .and_then(|o| o.default_region);
    let (mut emails, mut people_x, mut phones) = (Keys::new(), Keys::new(), Keys::new());
    let (mut domains, mut companies_x, mut users) = (Keys::new(), Keys::new(), Keys::new());
    let mut skus = Keys::new();
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
            Reference::ProductSku(x) => add(&mut skus, Some(x.trim().to_string()), r),
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
    if !skus.is_empty() {
        let pairs = scoped::<product::Entity>(actor)
            .select_only()
            .columns([product::Column::Sku, product::Column::Id])
            .filter(product::Column::Sku.is_in(keys(&skus)))
            .filter(product::Column::DeletedAt.is_null())
            .into_tuple()
            .all(c)
            .await?;
        found(&mut out, &skus, pairs);
    }
    Ok(out)
}

#[async_trait]
impl ReferenceFinder for Imports {
    #[tracing::instrument(skip_all, fields(org = %actor.org_id, references = references.len()))]
    async fn resolve(&self, actor: &Actor, references: &[Reference]) -> DomainResult<Found> {
        port(resolve_in(&self.0.conn, actor, references)).await
    }
}
