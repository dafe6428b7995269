//! The interaction repository: scoped to the actor's organisation, journaled,
//! soft-deleted, with its links to people, companies and staff users checked live.

mod batch;
mod import;
mod links;

use super::common::stored;
use crate::db::Db;
use crate::entities::interaction;
use crate::entities::interaction_link;
use crate::error::{ConflictAs, Result, port};
use crate::filter_sql::FieldSql;
use crate::journal;
use crate::one_trip;
use crate::paging::Keyed;
use crate::record::{self, Record, State, find, scoped};
use crate::repos::links::{self as shared, Kind};
use crate::time;
use async_trait::async_trait;
use crm_core::filter::Filter;
use crm_core::ids::{OrgId, UserId};
use crm_core::page::{CursorValue, Page, PageRequest};
use crm_core::sort::SortField;
use crm_core::{Actor, DomainError, DomainResult};
use crm_interactions::custom_field::INTERACTION;
use crm_interactions::events;
use crm_interactions::interaction::{
    Channel, Direction, Interaction, InteractionId, InteractionPatch, Links, NewInteraction,
    Social, Visibility, untyped,
};
use crm_interactions::ports::{InteractionRepository, RecordStore};
use crm_interactions::task::NewTask;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbBackend, EntityTrait,
    QueryFilter, QueryTrait, SqlErr, TryIntoModel,
};
use uuid::Uuid;

pub(crate) struct Interactions(pub Db);

const EXTERNAL_ID_TAKEN: &str = "an interaction with this external_id already exists";

impl Keyed for interaction::Model {
    fn id_column() -> Expr {
        Expr::col((interaction::Entity, interaction::Column::Id))
    }
    fn sort_column(f: &SortField) -> Expr {
        let c = match f.name.as_ref() {
            "updated_at" => interaction::Column::UpdatedAt,
            "occurred_at" => interaction::Column::OccurredAt,
            _ => interaction::Column::CreatedAt,
        };
        Expr::col((interaction::Entity, c))
    }
    fn sort_value(&self, f: &SortField) -> CursorValue {
        CursorValue::Timestamp(match f.name.as_ref() {
            "updated_at" => self.updated_at,
            "occurred_at" => self.occurred_at,
            _ => self.created_at,
        })
    }
    fn row_id(&self) -> Uuid {
        self.id
    }
}

fn field(name: &str) -> Option<FieldSql> {
    use interaction::Column as C;
    let col = |c: C| Some(FieldSql::Column(Expr::col((interaction::Entity, c))));
    let linked = |kind: Kind| {
        Some(FieldSql::Related {
            from: Box::new(shared::of_kind::<interaction_link::Entity>(
                kind,
                Expr::col((interaction::Entity, interaction::Column::Id)),
            )),
            value: shared::target::<interaction_link::Entity>(),
        })
    };
    match name {
        "channel" => col(C::Channel),
        "direction" => col(C::Direction),
        "occurred_at" => col(C::OccurredAt),
        "duration_seconds" => col(C::DurationSeconds),
        "subject" => col(C::Subject),
        "outcome" => col(C::Outcome),
        "social.network" => col(C::SocialNetwork),
        "social.visibility" => col(C::SocialVisibility),
        "logged_by" => col(C::LoggedBy),
        "external_id" => col(C::ExternalId),
        "created_at" => col(C::CreatedAt),
        "updated_at" => col(C::UpdatedAt),
        "person_id" => linked(Kind::Person),
        "company_id" => linked(Kind::Company),
        "user_id" => linked(Kind::User),
        "tags" => Some(record::tags_field::<interaction::tags::Entity, _>((
            interaction::Entity,
            C::Id,
        ))),
        _ => None,
    }
}

async fn load<C: ConnectionTrait>(
    c: &C,
    rows: Vec<interaction::Model>,
) -> Result<Vec<Interaction>> {
    let Some(org) = rows.first().map(|r| OrgId(r.org_id)) else {
        return Ok(Vec::new());
    };
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let mut children = shared::children::<interaction::tags::Entity, interaction_link::Entity, _>(
        c,
        org,
        INTERACTION,
        &ids,
    )
    .await?;
    rows.into_iter()
        .map(|r| {
            let (t, l, values) = children.take(r.id);
            view(r, t, l, values)
        })
        .collect()
}

/// The view of a stored row with its tags (sorted), links and custom field values.
fn view(
    r: interaction::Model,
    tags: Vec<String>,
    l: crm_interactions::interaction::Links,
    custom_fields: serde_json::Map<String, serde_json::Value>,
) -> Result<Interaction> {
    let social = match (r.social_network, r.social_visibility) {
        (Some(network), Some(v)) => Some(Social {
            network,
            url: r.social_url,
            visibility: stored("visibility", &v, Visibility::parse)?,
        }),
        _ => None,
    };
    Ok(Interaction {
        id: InteractionId(r.id),
        org_id: OrgId(r.org_id),
        channel: stored("channel", &r.channel, Channel::parse)?,
        direction: r
            .direction
            .as_deref()
            .map(|d| stored("direction", d, Direction::parse))
            .transpose()?,
        occurred_at: r.occurred_at,
        duration_seconds: r.duration_seconds,
        subject: r.subject,
        body: r.body,
        outcome: r.outcome,
        social,
        person_ids: l.people,
        company_ids: l.companies,
        user_ids: l.users,
        logged_by: r.logged_by.map(UserId),
        external_id: r.external_id,
        tags,
        custom_fields,
        created_at: r.created_at,
        updated_at: r.updated_at,
        version: r.version,
    })
}

impl Record for interaction::Entity {
    const RESOURCE: &'static str = "interaction";
    const COLLECTION: &'static str = "interactions";
    const ID: interaction::Column = interaction::Column::Id;
    const VERSION: interaction::Column = interaction::Column::Version;
    const UPDATED_AT: interaction::Column = interaction::Column::UpdatedAt;
    const DELETED_AT: interaction::Column = interaction::Column::DeletedAt;
    const DELETED: crm_core::EventType = events::INTERACTION_DELETED;
    const RESTORED: crm_core::EventType = events::INTERACTION_RESTORED;
    type View = Interaction;

    fn version_of(row: &interaction::Model) -> i64 {
        row.version
    }
    fn view<C: ConnectionTrait>(
        c: &C,
        row: interaction::Model,
    ) -> impl std::future::Future<Output = Result<Interaction>> + Send {
        one(c, row)
    }
}

async fn one<C: ConnectionTrait>(c: &C, row: interaction::Model) -> Result<Interaction> {
    load(c, vec![row])
        .await?
        .pop()
        .ok_or(DomainError::not_found("interaction").into())
}

fn social_columns(am: &mut interaction::ActiveModel, s: Option<Social>) {
    let (network, url, visibility) = match s {
        Some(s) => (
            Some(s.network),
            s.url,
            Some(s.visibility.as_str().to_string()),
        ),
        None => (None, None, None),
    };
    am.social_network = Set(network);
    am.social_url = Set(url);
    am.social_visibility = Set(visibility);
}

/// Creates an interaction inside the caller's transaction.
pub(crate) async fn create_in<C: ConnectionTrait>(
    txn: &C,
    actor: &Actor,
    n: NewInteraction,
) -> Result<Interaction> {
    create_checked(txn, actor, n, LinkCheck::First).await
}

/// When the records an interaction links are checked to be live.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LinkCheck {
    /// By a read before the write.
    First,
    /// By the write itself: the interaction's row is inserted only if every linked
    /// record is live, and its links then fail their foreign key, so the statement
    /// writes nothing; only then is the check read, to say which link was wrong. One
    /// round trip fewer, for a statement that is a transaction of its own (after a
    /// failed statement inside a transaction, PostgreSQL reads nothing more).
    InStatement,
}

async fn create_checked<C: ConnectionTrait>(
    txn: &C,
    actor: &Actor,
    n: NewInteraction,
    how: LinkCheck,
) -> Result<Interaction> {
    let check = async |links: &Links| {
        shared::check(
            txn,
            actor,
            Some(&links.people),
            Some(&links.companies),
            Some(&links.users),
        )
        .await
    };
    let guard = match how {
        LinkCheck::InStatement => shared::all_live(actor, &n.links),
        LinkCheck::First => None,
    };
    if guard.is_none() {
        check(&n.links).await?;
    }
    let now = time::now();
    let id = Uuid::now_v7();
    let mut am = interaction::ActiveModel {
        id: Set(id),
        org_id: Set(actor.org_id.0),
        channel: Set(n.channel.as_str().to_string()),
        direction: Set(n.direction.map(|d| d.as_str().to_string())),
        occurred_at: Set(n.occurred_at),
        duration_seconds: Set(n.duration_seconds),
        subject: Set(n.subject),
        body: Set(n.body),
        outcome: Set(n.outcome),
        logged_by: Set(actor.principal.user().map(Into::into)),
        external_id: Set(n.external_id),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
        deleted_at: Set(None),
        ..Default::default()
    };
    social_columns(&mut am, n.social);
    // What is written is the view: nothing is read back, and the interaction, its links
    // and its journal go to the database as one statement (decision 0023).
    let row = am
        .clone()
        .try_into_model()
        .map_err(|e| crate::error::fault("a new interaction's row", e))?;
    let backend = txn.get_database_backend();
    let first = one_trip::Row::of(&am);
    let mut steps = vec![match &guard {
        Some(g) => first.insert_if(backend, g.clone()),
        None => first.insert(backend),
    }];
    let checked_later = guard.as_ref().map(|_| n.links.clone());
    steps.extend(links::insert_all(
        backend,
        actor,
        (id, row.occurred_at),
        &n.links,
    ));
    let custom: serde_json::Map<_, _> = n
        .custom_fields
        .iter()
        .map(|(d, v)| (d.key.clone(), v.to_json()))
        .collect();
    let mut values = Vec::new();
    for (def, value) in &n.custom_fields {
        values.extend(super::custom_fields::value_rows(actor, def, id, value)?);
    }
    if !values.is_empty() {
        steps.push(crate::entities::custom_field_value::Entity::insert_many(values).build(backend));
    }
    // The catalogue is read (and added to) first; a tag deleted in between makes the
    // statement a conflict (foreign key), never a half-written interaction.
    let tag_ids = record::ensure_tag_ids(txn, actor, &n.tags).await?;
    if !tag_ids.is_empty() {
        let rows = tag_ids
            .into_values()
            .map(|tag| <interaction::tags::Entity as record::TagLink>::link(actor.org_id, id, tag));
        steps.push(interaction::tags::Entity::insert_many(rows).build(backend));
    }
    let follow_up = n.follow_up;
    let mut tags = n.tags;
    tags.sort();
    tags.dedup();
    let created = view(row, tags, n.links, custom)?;
    steps.extend(journal::statements(
        backend,
        actor,
        vec![journal::Change {
            event: events::INTERACTION_CREATED,
            resource_id: id,
            before: None,
            after: Some(crate::repos::json(&created)),
        }],
    ));
    match (
        txn.execute_raw(one_trip::join(backend, steps)).await,
        checked_later,
    ) {
        (Err(e), Some(links))
            if matches!(e.sql_err(), Some(SqlErr::ForeignKeyConstraintViolation(_))) =>
        {
            check(&links).await?;
            Err(e).conflict_as(EXTERNAL_ID_TAKEN)?
        }
        (written, _) => written.conflict_as(EXTERNAL_ID_TAKEN)?,
    };
    if let Some(task) = follow_up {
        let task = NewTask {
            interaction_id: Some(id),
            ..task
        };
        super::tasks::create_in(txn, actor, task).await?;
    }
    Ok(created)
}

/// Applies a patch inside the caller's transaction.
pub(crate) async fn update_in<C: ConnectionTrait>(
    txn: &C,
    actor: &Actor,
    id: Uuid,
    p: InteractionPatch,
    if_version: Option<i64>,
) -> Result<Interaction> {
    let row = find::<interaction::Entity, _>(txn, actor, id, State::Live, true).await?;
    record::check_version(row.version, if_version)?;
    let before = one(txn, row.clone()).await?;
    let after = before.apply(&p)?;
    shared::check(
        txn,
        actor,
        p.person_ids.as_deref(),
        p.company_ids.as_deref(),
        p.user_ids.as_deref(),
    )
    .await?;
    let mut am: interaction::ActiveModel = row.into();
    am.channel = Set(after.channel.as_str().to_string());
    am.direction = Set(after.direction.map(|d| d.as_str().to_string()));
    am.occurred_at = Set(after.occurred_at);
    am.duration_seconds = Set(after.duration_seconds);
    am.subject = Set(after.subject);
    am.body = Set(after.body);
    am.outcome = Set(after.outcome);
    am.external_id = Set(after.external_id);
    social_columns(&mut am, after.social);
    am.updated_at = Set(time::now());
    am.version = Set(before.version + 1);
    let row = am.update(txn).await.conflict_as(EXTERNAL_ID_TAKEN)?;
    if row.occurred_at != before.occurred_at {
        links::move_to(txn, actor, id, row.occurred_at).await?;
    }
    for (kind, ids) in [
        (Kind::Person, p.person_ids.as_deref().map(untyped)),
        (Kind::Company, p.company_ids.as_deref().map(untyped)),
        (Kind::User, p.user_ids.as_deref().map(untyped)),
    ] {
        if let Some(ids) = ids {
            let holder = (id, Some(row.occurred_at));
            shared::write::<interaction_link::Entity, _>(txn, actor, holder, kind, &ids, true)
                .await?;
        }
    }
    if let Some(t) = &p.tags {
        record::set_tags::<interaction::tags::Entity, _>(txn, actor, id, t).await?;
    }
    super::custom_fields::write_values(txn, actor, id, &p.custom_fields).await?;
    let after = one(txn, row).await?;
    journal::record_change(
        txn,
        actor,
        events::INTERACTION_UPDATED,
        id,
        Some(&before),
        Some(&after),
    )
    .await?;
    Ok(after)
}

#[async_trait]
impl RecordStore<Interaction, NewInteraction, InteractionPatch> for Interactions {
    #[tracing::instrument(skip_all, fields(org = %actor.org_id))]
    async fn create(&self, actor: &Actor, n: NewInteraction) -> DomainResult<Interaction> {
        port(async {
            if n.follow_up.is_none() {
                // Every row of the interaction is written by one statement, a transaction
                // of its own (decision 0023): the link check and the tag lookup before it
                // only read, or add catalogue entries that may stand without a carrier.
                // On PostgreSQL the link check is part of that statement too.
                let how = match self.0.conn.get_database_backend() {
                    DbBackend::Postgres => LinkCheck::InStatement,
                    _ => LinkCheck::First,
                };
                return create_checked(&self.0.at_once(), actor, n, how).await;
            }
            let txn = self.0.begin_write().await?;
            let created = create_in(&txn, actor, n).await?;
            txn.commit().await?;
            Ok(created)
        })
        .await
    }

    async fn get(&self, actor: &Actor, id: InteractionId) -> DomainResult<Interaction> {
        record::store::get::<interaction::Entity>(&self.0, actor, id.0).await
    }

    #[tracing::instrument(skip_all, fields(org = %actor.org_id))]
    async fn list(
        &self,
        actor: &Actor,
        filter: Option<&Filter>,
        text: Option<&str>,
        page: &PageRequest,
    ) -> DomainResult<Page<Interaction>> {
        let q =
            scoped::<interaction::Entity>(actor).filter(interaction::Column::DeletedAt.is_null());
        let searchable = super::listing::Searchable {
            resource: INTERACTION,
            field,
            text: vec![
                Expr::col((interaction::Entity, interaction::Column::Subject)),
                Expr::col((interaction::Entity, interaction::Column::Outcome)),
                Expr::col((interaction::Entity, interaction::Column::Body)),
            ],
            id: Expr::col((interaction::Entity, interaction::Column::Id)),
        };
        super::listing::records(
            &self.0,
            actor,
            q,
            searchable,
            filter,
            text,
            page,
            async |c, rows| load(c, rows).await,
        )
        .await
    }

    #[tracing::instrument(skip_all, fields(org = %actor.org_id, %id))]
    async fn update(
        &self,
        actor: &Actor,
        id: InteractionId,
        p: InteractionPatch,
        if_version: Option<i64>,
    ) -> DomainResult<Interaction> {
        let id = id.0;
        crate::record::store::write(&self.0, async |txn| {
            update_in(txn, actor, id, p, if_version).await
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(org = %actor.org_id, %id))]
    async fn delete(
        &self,
        actor: &Actor,
        id: InteractionId,
        if_version: Option<i64>,
    ) -> DomainResult<()> {
        record::store::delete::<interaction::Entity>(&self.0, actor, id.0, if_version).await
    }

    #[tracing::instrument(skip_all, fields(org = %actor.org_id, %id))]
    async fn restore(&self, actor: &Actor, id: InteractionId) -> DomainResult<Interaction> {
        record::store::restore::<interaction::Entity>(&self.0, actor, id.0, EXTERNAL_ID_TAKEN).await
    }
}

impl InteractionRepository for Interactions {}
