//! Creating people in as few statements as the database allows: every row of every
//! table a creation writes (the person with their card, contact points, tag links,
//! custom values, first stage, audit entry and outbox event) is known before anything
//! is sent, so each table gets one multi-row INSERT and nothing is read back. A single
//! create and an import batch's fast path share it (decision 0023).

use crate::entities::{lifecycle_change, person, person_email, person_phone, user};
use crate::error::{ConflictAs, Result, fault};
use crate::journal::{self, Change, ROWS_PER_INSERT};
use crate::record::{ensure_tag_ids, scoped};
use crate::repos::custom_fields::value_rows;
use crate::repos::{PersonCard, json, list_text};
use crate::time;
use crm_core::ids::{PersonId, UserId};
use crm_core::{Actor, DomainError};
use crm_customers::{NewPerson, Person};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbBackend, EntityTrait,
    QueryFilter, QuerySelect, QueryTrait, Statement,
};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// The message of a taken external_id.
const TAKEN: &str = "a person with this external_id already exists";

/// People per INSERT on the fast path: small enough that the database starts on the
/// first statement while the rest of the batch is still being built.
const PIPELINE_ROWS: usize = 250;

/// One statement of a bulk creation; `people` when it inserts people (whose failure
/// means an external_id is taken).
struct Step {
    stmt: Statement,
    people: bool,
}

/// Creates every person of `people` in multi-row statements. Any failure (an owner who
/// is not a live user, an external_id taken) fails the whole call: the caller then
/// writes the rows one by one to report each.
pub(crate) async fn create_many<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    people: Vec<NewPerson>,
) -> Result<usize> {
    let owners: HashSet<UserId> = people.iter().filter_map(|p| p.owner_id).collect();
    if !owners.is_empty() {
        let live = scoped::<user::Entity>(actor)
            .select_only()
            .column(user::Column::Id)
            .filter(user::Column::Id.is_in(owners.iter().map(|o| o.0)))
            .filter(user::Column::DeletedAt.is_null())
            .into_tuple::<Uuid>()
            .all(c)
            .await?;
        if live.len() != owners.len() {
            return Err(DomainError::conflict("an owner is not a live user").into());
        }
    }
    let mut names: Vec<String> = people.iter().flat_map(|p| p.tags.clone()).collect();
    names.sort();
    names.dedup();
    let tag_ids: HashMap<String, Uuid> = ensure_tag_ids(c, actor, &names).await?;
    let n = people.len();
    let backend = c.get_database_backend();
    let (tx, mut rx) = tokio::sync::mpsc::channel(4);
    let who = actor.clone();
    let built = tokio::task::spawn_blocking(move || {
        render(&who, people, &tag_ids, backend, &mut |step| {
            tx.blocking_send(step)
                .map_err(|_| DomainError::internal("the import batch's writer stopped").into())
        })
    });
    while let Some(step) = rx.recv().await {
        run(c, step).await?;
    }
    built
        .await
        .map_err(|e| fault("building an import batch", e))??;
    Ok(n)
}

/// Creates one person: the owner checked and the tags found or added first, then one
/// INSERT per table the person has rows in. Answers the person as stored.
pub(crate) async fn create_one<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    person: NewPerson,
) -> Result<Person> {
    crate::repos::common::check_owner(c, actor, person.owner_id).await?;
    let tag_ids = ensure_tag_ids(c, actor, &person.tags).await?;
    let mut steps = Vec::with_capacity(8);
    let made = render(
        actor,
        vec![person],
        &tag_ids,
        c.get_database_backend(),
        &mut |step| {
            steps.push(step);
            Ok(())
        },
    )?;
    // One round trip for every row (decision 0023).
    let backend = c.get_database_backend();
    c.execute_raw(crate::one_trip::join(
        backend,
        steps.into_iter().map(|s| s.stmt),
    ))
    .await
    .conflict_as(TAKEN)?;
    made.into_iter()
        .next()
        .ok_or_else(|| DomainError::internal("a created person went missing").into())
}

async fn run<C: ConnectionTrait>(c: &C, step: Step) -> Result<()> {
    let done = c.execute_raw(step.stmt).await;
    if step.people {
        done.conflict_as(TAKEN)?;
    } else {
        done?;
    }
    Ok(())
}

/// Sends the INSERTs of `rows`, at most [`ROWS_PER_INSERT`] rows each.
fn send_rows<A: ActiveModelTrait>(
    out: &mut dyn FnMut(Step) -> Result<()>,
    backend: DbBackend,
    rows: Vec<A>,
    people: bool,
) -> Result<()> {
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<A> = rows.by_ref().take(ROWS_PER_INSERT).collect();
        let stmt = <A::Entity as EntityTrait>::insert_many(chunk).build(backend);
        out(Step { stmt, people })?;
    }
    Ok(())
}

/// Builds the statements that create `people` and hands them to `out` in the order they
/// must run: the people in slices of [`PIPELINE_ROWS`], their contact points, tags,
/// custom-field values and first stages, then the journal. Answers the people made.
fn render(
    actor: &Actor,
    people: Vec<NewPerson>,
    tag_ids: &HashMap<String, Uuid>,
    backend: DbBackend,
    out: &mut dyn FnMut(Step) -> Result<()>,
) -> Result<Vec<Person>> {
    let now = time::now();
    let org = actor.org_id.0;
    let n = people.len();
    let (mut emails, mut phones, mut tags, mut values, mut stages, mut made) = (
        Vec::with_capacity(n),
        Vec::new(),
        Vec::new(),
        Vec::new(),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
    );
    let mut people = people.into_iter().peekable();
    while people.peek().is_some() {
        let mut rows = Vec::with_capacity(PIPELINE_ROWS);
        for p in people.by_ref().take(PIPELINE_ROWS) {
            let id = Uuid::now_v7();
            for (i, e) in p.emails.iter().enumerate() {
                emails.push(person_email::ActiveModel {
                    id: Set(Uuid::now_v7()),
                    org_id: Set(org),
                    person_id: Set(id),
                    address: Set(e.address.clone()),
                    label: Set(e.label.as_str().to_string()),
                    is_primary: Set(e.primary),
                    position: Set(i as i32),
                });
            }
            for (i, ph) in p.phones.iter().enumerate() {
                phones.push(person_phone::ActiveModel {
                    id: Set(Uuid::now_v7()),
                    org_id: Set(org),
                    person_id: Set(id),
                    number: Set(ph.number.clone()),
                    label: Set(ph.label.as_str().to_string()),
                    is_primary: Set(ph.primary),
                    position: Set(i as i32),
                });
            }
            for t in &p.tags {
                if let Some(tag_id) = tag_ids.get(t) {
                    tags.push(person::tags::ActiveModel {
                        record_id: Set(id),
                        tag_id: Set(*tag_id),
                        org_id: Set(org),
                    });
                }
            }
            let mut custom = serde_json::Map::new();
            for (def, v) in &p.custom_fields {
                values.extend(value_rows(actor, def, id, v)?);
                custom.insert(def.key.clone(), v.to_json());
            }
            stages.push(lifecycle_change::ActiveModel {
                id: Set(Uuid::now_v7()),
                org_id: Set(org),
                person_id: Set(id),
                from_stage: Set(None),
                to_stage: Set(p.lifecycle_stage.as_str().to_string()),
                actor_kind: Set(actor.principal.kind().to_string()),
                actor_id: Set(actor.principal.id()),
                changed_at: Set(now),
            });
            let mut tag_names = p.tags;
            tag_names.sort();
            let person = Person {
                id: PersonId(id),
                org_id: actor.org_id,
                first_name: p.first_name,
                last_name: p.last_name,
                emails: p.emails,
                phones: p.phones,
                lifecycle_stage: p.lifecycle_stage,
                owner_id: p.owner_id,
                source: p.source,
                external_id: p.external_id,
                language: p.language,
                time_zone: p.time_zone,
                birthday: p.birthday,
                addresses: p.addresses,
                social_profiles: p.social_profiles,
                tags: tag_names,
                consents: Vec::new(),
                custom_fields: custom,
                created_at: now,
                updated_at: now,
                version: 1,
            };
            rows.push(person::ActiveModel {
                id: Set(id),
                org_id: Set(org),
                first_name: Set(person.first_name.clone()),
                last_name: Set(person.last_name.clone()),
                lifecycle_stage: Set(person.lifecycle_stage.as_str().to_string()),
                owner_id: Set(person.owner_id.map(Into::into)),
                source_channel: Set(person.source.channel.clone()),
                source_detail: Set(person.source.detail.clone()),
                external_id: Set(person.external_id.clone()),
                language: Set(person.language.clone()),
                time_zone: Set(person.time_zone.clone()),
                birthday: Set(person.birthday),
                created_at: Set(now),
                updated_at: Set(now),
                version: Set(1),
                deleted_at: Set(None),
                erased_at: Set(None),
                merged_into: Set(None),
                addresses: Set(list_text(&person.addresses)),
                social_profiles: Set(list_text(&person.social_profiles)),
                card: Set(Some(PersonCard::text_of(&person)?)),
            });
            made.push(person);
        }
        send_rows(out, backend, rows, true)?;
    }
    send_rows(out, backend, emails, false)?;
    send_rows(out, backend, phones, false)?;
    send_rows(out, backend, tags, false)?;
    send_rows(out, backend, values, false)?;
    send_rows(out, backend, stages, false)?;
    for slice in made.chunks(PIPELINE_ROWS) {
        let changes = slice
            .iter()
            .map(|p| Change {
                event: crm_customers::events::PERSON_CREATED,
                resource_id: p.id.0,
                before: None,
                after: Some(json(p)),
            })
            .collect();
        let (audits, events) = journal::rows(actor, changes);
        send_rows(out, backend, audits, false)?;
        send_rows(out, backend, events, false)?;
    }
    Ok(made)
}
