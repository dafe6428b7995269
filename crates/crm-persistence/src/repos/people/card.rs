//! A person's card: their emails, phones, tags, consent state and custom values as one
//! JSON text column on the `people` row (decision 0014). The child tables stay the truth
//! that filters, uniqueness and merges work on; every write recomputes the cards of the
//! people it touched from them, in its own transaction, so a read is one query.

use super::children;
use crate::entities::person;
use crate::error::{Result, fault};
use crate::record::{in_org, update_in};
use crm_core::ids::OrgId;
use crm_customers::Person;
use crm_customers::consent::ConsentState;
use crm_customers::contact::{EmailPoint, PhonePoint};
use sea_orm::sea_query::{CaseStatement, Expr, ExprTrait};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use uuid::Uuid;

/// How many people one refresh statement covers.
const CHUNK: usize = 500;

/// What the card holds.
#[derive(Debug, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct Card {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) emails: Vec<EmailPoint>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) phones: Vec<PhonePoint>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) tags: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) consents: Vec<ConsentState>,
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub(crate) custom_fields: Map<String, Value>,
}

impl Card {
    /// The card of a person held in memory.
    pub(crate) fn of(p: &Person) -> Card {
        Card {
            emails: p.emails.clone(),
            phones: p.phones.clone(),
            tags: p.tags.clone(),
            consents: p.consents.clone(),
            custom_fields: p.custom_fields.clone(),
        }
    }

    /// The card of a person built in memory (a bulk import writes it with the row).
    pub(crate) fn text_of(p: &Person) -> Result<String> {
        Card::of(p).text()
    }

    /// The stored text.
    pub(crate) fn text(&self) -> Result<String> {
        serde_json::to_string(self).map_err(|e| fault("writing a card", e))
    }

    /// Reads a stored card.
    pub(super) fn parse(id: Uuid, text: &str) -> Result<Card> {
        serde_json::from_str(text).map_err(|e| fault(format!("stored card of person {id}"), e))
    }
}

/// Recomputes the cards of `rows` (all of one organisation, already locked by the
/// caller's transaction or new in it) from the child tables and stores them; returns
/// each row with its card.
pub(super) async fn refresh<C: ConnectionTrait>(
    c: &C,
    rows: Vec<person::Model>,
) -> Result<Vec<(person::Model, Card)>> {
    let Some(org) = rows.first().map(|r| r.org_id) else {
        return Ok(Vec::new());
    };
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let mut cards = children::load(c, org, &ids).await?;
    let mut out = Vec::with_capacity(rows.len());
    // One statement for the whole chunk: `card = CASE id WHEN … THEN … END`.
    let mut texts = CaseStatement::new();
    for row in rows {
        let card = cards.remove(&row.id).unwrap_or_default();
        texts = texts.case(
            Expr::col((person::Entity, person::Column::Id)).eq(row.id),
            Expr::val(card.text()?),
        );
        out.push((row, card));
    }
    update_in::<person::Entity>(OrgId(org))
        .col_expr(person::Column::Card, texts.into())
        .filter(person::Column::Id.is_in(ids))
        .exec(c)
        .await?;
    Ok(out)
}

/// Recomputes the cards of the people `ids` of organisation `org`, whatever their state,
/// locking their rows first in id order (on PostgreSQL a concurrent write to one of them
/// waits, then reads what this transaction wrote).
pub(crate) async fn refresh_ids<C: ConnectionTrait>(c: &C, org: Uuid, ids: &[Uuid]) -> Result<()> {
    let mut ids = ids.to_vec();
    ids.sort();
    ids.dedup();
    for chunk in ids.chunks(CHUNK) {
        let rows = in_org::<person::Entity>(OrgId(org))
            .filter(person::Column::Id.is_in(chunk.iter().copied()))
            .filter(person::Column::ErasedAt.is_null())
            .order_by_asc(person::Column::Id)
            .lock_exclusive()
            .all(c)
            .await?;
        refresh(c, rows).await?;
    }
    Ok(())
}

/// Fills the cards that are still empty (rows written before cards existed), walking
/// the table once in id order a chunk at a time; run right after the migration that
/// added the column.
pub(crate) async fn fill_missing<C: ConnectionTrait>(c: &C) -> Result<u64> {
    let (mut filled, mut after) = (0, None::<Uuid>);
    loop {
        // across organisations: run once after the migration, for every organisation.
        let mut q = person::Entity::find()
            .filter(person::Column::Card.is_null())
            .filter(person::Column::ErasedAt.is_null())
            .order_by_asc(person::Column::Id)
            .limit(CHUNK as u64);
        if let Some(last) = after {
            q = q.filter(person::Column::Id.gt(last));
        }
        let rows = q.all(c).await?;
        let Some(last) = rows.last().map(|r| r.id) else {
            return Ok(filled);
        };
        after = Some(last);
        filled += rows.len() as u64;
        let mut by_org: std::collections::BTreeMap<Uuid, Vec<person::Model>> = Default::default();
        for r in rows {
            by_org.entry(r.org_id).or_default().push(r);
        }
        for (_, rows) in by_org {
            refresh(c, rows).await?;
        }
    }
}
