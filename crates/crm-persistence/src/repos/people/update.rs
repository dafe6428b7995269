//! Updating a person: the patch applied to the stored row in memory and written with its
//! history and journal in one statement; at once, without a lock, when it touches only
//! the row, else inside the caller's transaction after a locked read (decision 0023).

use super::{EXTERNAL_ID_TAKEN, card::Card, one, rows, write};
use crate::db::Db;
use crate::entities::person;
use crate::error::{ConflictAs, Result};
use crate::journal;
use crate::one_trip::{self, Row};
use crate::record::{self, State, find};
use crate::time;
use crm_core::Actor;
use crm_customers::events;
use crm_customers::{LifecycleStage, Person, PersonPatch};
use sea_orm::sea_query::UpdateStatement;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, QueryFilter, QueryTrait};
use sea_orm::{TryIntoModel, Value};
use uuid::Uuid;

/// Applies a patch inside the caller's transaction: the row read and locked, the
/// children the patch replaces written, then the row and its journal in one statement.
pub(crate) async fn update_in<C: ConnectionTrait>(
    txn: &C,
    actor: &Actor,
    id: Uuid,
    patch: PersonPatch,
    if_version: Option<i64>,
) -> Result<Person> {
    let row = find::<person::Entity, _>(txn, actor, id, State::Live, true).await?;
    record::check_version(row.version, if_version)?;
    let before = one(txn, row.clone()).await?;
    let moved = stage_move(&before, &patch)?;
    super::super::common::check_owner(txn, actor, patch.owner_id.flatten()).await?;
    let mut card = Card::of(&before);
    if let Some(v) = &patch.emails {
        write::set_emails(txn, actor, id, v).await?;
        card.emails = v.clone();
    }
    if let Some(v) = &patch.phones {
        write::set_phones(txn, actor, id, v).await?;
        card.phones = v.clone();
    }
    if let Some(v) = &patch.tags {
        record::set_tags::<person::tags::Entity, _>(txn, actor, id, v).await?;
        card.tags = v.clone();
        card.tags.sort();
    }
    if !patch.custom_fields.is_empty() {
        super::super::custom_fields::write_values(txn, actor, id, &patch.custom_fields).await?;
        for (def, value) in &patch.custom_fields {
            match value {
                Some(v) => card.custom_fields.insert(def.key.clone(), v.to_json()),
                None => card.custom_fields.remove(&def.key),
            };
        }
    }
    let p = patched(actor, row, &before, patch, moved, card)?;
    let backend = txn.get_database_backend();
    let mut steps = vec![backend.build(&p.update)];
    steps.extend(p.rows.iter().map(|r| r.insert(backend)));
    txn.execute_raw(one_trip::join(backend, steps))
        .await
        .conflict_as(EXTERNAL_ID_TAKEN)?;
    Ok(p.after)
}

/// A patch of the person's own row (names, stage, owner, source, language, addresses…)
/// written at once: the row read without a lock and without the writer's turn, then one
/// statement that writes the row, its history and its journal only if the row still has
/// the version read. `None` when the patch replaces children (emails, phones, tags,
/// custom values) or the row moved in between: the caller takes [`update_in`]'s path.
/// The read's answers (not found, moved, a stale `If-Match`) stand: they were true when
/// the request was served.
pub(crate) async fn at_once(
    db: &Db,
    actor: &Actor,
    id: Uuid,
    patch: &PersonPatch,
    if_version: Option<i64>,
) -> Result<Option<Person>> {
    let touches_children = patch.emails.is_some()
        || patch.phones.is_some()
        || patch.tags.is_some()
        || !patch.custom_fields.is_empty();
    if touches_children {
        return Ok(None);
    }
    let row = find::<person::Entity, _>(&db.conn, actor, id, State::Live, false).await?;
    record::check_version(row.version, if_version)?;
    let before = one(&db.conn, row.clone()).await?;
    let moved = stage_move(&before, patch)?;
    super::super::common::check_owner(&db.conn, actor, patch.owner_id.flatten()).await?;
    let card = Card::of(&before);
    let p = patched(actor, row, &before, patch.clone(), moved, card)?;
    let stmt = one_trip::guarded(db.conn.get_database_backend(), p.update, &p.rows);
    let written = db
        .at_once()
        .write_guarded(stmt)
        .await
        .conflict_as(EXTERNAL_ID_TAKEN)?;
    Ok(written.then_some(p.after))
}

/// The stage move a patch makes, checked against the lifecycle's rules.
fn stage_move(
    before: &Person,
    patch: &PersonPatch,
) -> Result<Option<(LifecycleStage, LifecycleStage)>> {
    match patch.lifecycle_stage {
        Some(to) if to != before.lifecycle_stage => {
            crm_customers::person::check_stage_move(before.lifecycle_stage, to)?;
            Ok(Some((before.lifecycle_stage, to)))
        }
        _ => Ok(None),
    }
}

/// What a patch writes with the row, all known in memory.
struct Patched {
    /// The row's UPDATE, guarded by the version it was read at.
    update: UpdateStatement,
    /// The lifecycle history entry (on a stage move), the audit entry, the outbox event.
    rows: Vec<Row>,
    after: Person,
}

/// The patch applied to `row` (the stored `before`), its children's part of the card
/// already in `card`: the card follows the patch in memory and is stored with the row,
/// nothing is read back (debug builds check every card against the child tables).
fn patched(
    actor: &Actor,
    row: person::Model,
    before: &Person,
    patch: PersonPatch,
    moved: Option<(LifecycleStage, LifecycleStage)>,
    card: Card,
) -> Result<Patched> {
    let id = row.id;
    let mut am: person::ActiveModel = row.into();
    if let Some(v) = patch.first_name {
        am.first_name = Set(v);
    }
    if let Some(v) = patch.last_name {
        am.last_name = Set(v);
    }
    if let Some(v) = patch.lifecycle_stage {
        am.lifecycle_stage = Set(v.as_str().to_string());
    }
    if let Some(v) = patch.owner_id {
        am.owner_id = Set(v.map(Into::into));
    }
    if let Some(v) = patch.source {
        am.source_channel = Set(v.channel);
        am.source_detail = Set(v.detail);
    }
    if let Some(v) = patch.external_id {
        am.external_id = Set(v);
    }
    if let Some(v) = patch.language {
        am.language = Set(v);
    }
    if let Some(v) = patch.time_zone {
        am.time_zone = Set(v);
    }
    if let Some(v) = patch.birthday {
        am.birthday = Set(v);
    }
    if let Some(v) = &patch.addresses {
        am.addresses = Set(super::super::list_text(v));
    }
    if let Some(v) = &patch.social_profiles {
        am.social_profiles = Set(super::super::list_text(v));
    }
    am.card = Set(Some(card.text()?));
    am.updated_at = Set(time::now());
    am.version = Set(before.version + 1);
    let after = rows::person(am.clone().try_into_model()?, card)?;
    crm_customers::person::check_identifiable(&after)?;
    let mut rows = Vec::with_capacity(3);
    if let Some((from, to)) = moved {
        rows.push(Row::of(&write::stage_row(actor, id, Some(from), to)));
    }
    let change = journal::Change {
        event: events::PERSON_UPDATED,
        resource_id: id,
        before: Some(super::super::json(before)),
        after: Some(super::super::json(&after)),
    };
    let (audits, outbox) = journal::rows(actor, vec![change]);
    rows.extend(audits.iter().map(Row::of));
    rows.extend(outbox.iter().map(Row::of));
    let update = record::scoped_update::<person::Entity>(actor)
        .set(am)
        .filter(person::Column::Id.eq(id))
        .filter(person::Column::Version.eq(Value::from(before.version)))
        .into_query();
    Ok(Patched {
        update,
        rows,
        after,
    })
}
