//! The fast path of an import batch: the rows that create a person (no key, or a key
//! nobody and no other row of the batch holds) are written with multi-row INSERTs
//! (`people::insert`), journal included, instead of a dozen statements per row.

use crate::entities::{person, person_email};
use crate::error::Result;
use crate::record::scoped;
use crm_core::Actor;
use crm_customers::batch::MatchKey;
use sea_orm::{ColumnTrait, ConnectionTrait, QueryFilter, QuerySelect};
use std::collections::HashSet;
use uuid::Uuid;

/// The keys of `keys` that some live person of the actor's organisation holds.
pub(crate) async fn matched<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    keys: &[&MatchKey],
) -> Result<HashSet<MatchKey>> {
    let emails: Vec<String> = keys
        .iter()
        .filter_map(|k| match k {
            MatchKey::Email(e) => Some(e.clone()),
            MatchKey::ExternalId(_) => None,
        })
        .collect();
    let externals: Vec<String> = keys
        .iter()
        .filter_map(|k| match k {
            MatchKey::ExternalId(x) => Some(x.clone()),
            MatchKey::Email(_) => None,
        })
        .collect();
    let mut out = HashSet::new();
    if !emails.is_empty() {
        let rows: Vec<(String, Uuid)> = scoped::<person_email::Entity>(actor)
            .select_only()
            .column(person_email::Column::Address)
            .column(person_email::Column::PersonId)
            .filter(person_email::Column::Address.is_in(emails))
            .into_tuple()
            .all(c)
            .await?;
        let ids: Vec<Uuid> = rows.iter().map(|(_, id)| *id).collect();
        let live: HashSet<Uuid> = scoped::<person::Entity>(actor)
            .select_only()
            .column(person::Column::Id)
            .filter(person::Column::Id.is_in(ids))
            .filter(person::Column::DeletedAt.is_null())
            .into_tuple()
            .all(c)
            .await?
            .into_iter()
            .collect();
        out.extend(
            rows.into_iter()
                .filter(|(_, id)| live.contains(id))
                .map(|(e, _)| MatchKey::Email(e)),
        );
    }
    if !externals.is_empty() {
        let found: Vec<Option<String>> = scoped::<person::Entity>(actor)
            .select_only()
            .column(person::Column::ExternalId)
            .filter(person::Column::ExternalId.is_in(externals))
            .filter(person::Column::DeletedAt.is_null())
            .into_tuple()
            .all(c)
            .await?;
        out.extend(found.into_iter().flatten().map(MatchKey::ExternalId));
    }
    Ok(out)
}

pub(crate) use crate::repos::people::insert::create_many;
