//! The task repository: scoped, journaled, soft-deleted, linked to people and
//! companies; a due time queues its reminders in the same transaction, and finishing a
//! recurring task adds its next occurrence.

mod reminders;

use super::common::{check_interaction, check_user, stored};
use super::links::{self as shared, Kind};
use crate::db::Db;
use crate::entities::{task, task_link};
use crate::error::{Result, port};
use crate::filter_sql::FieldSql;
use crate::journal;
use crate::paging::Keyed;
use crate::record::{self, Record, State, find, scoped};
use crate::time;
use async_trait::async_trait;
use crm_core::filter::Filter;
use crm_core::ids::{OrgId, UserId};
use crm_core::page::{CursorValue, Page, PageRequest};
use crm_core::sort::SortField;
use crm_core::{Actor, DomainError, DomainResult, EventType, Principal};
use crm_interactions::custom_field::TASK;
use crm_interactions::events;
use crm_interactions::interaction::untyped;
use crm_interactions::ports::{RecordStore, TaskRepository};
use crm_interactions::task::{
    NewTask, Priority, Recurrence, Task, TaskId, TaskPatch, TaskStatus, in_reach,
};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait,
    QueryFilter, Select,
};
use uuid::Uuid;

pub(crate) struct Tasks(pub Db);

super::links::undated_links!(task_link, TaskId, task_id);

impl Keyed for task::Model {
    fn id_column() -> Expr {
        Expr::col((task::Entity, task::Column::Id))
    }
    fn sort_column(f: &SortField) -> Expr {
        let c = match f.name.as_ref() {
            "updated_at" => task::Column::UpdatedAt,
            "due_at" => task::Column::DueAt,
            _ => task::Column::CreatedAt,
        };
        Expr::col((task::Entity, c))
    }
    fn sort_value(&self, f: &SortField) -> CursorValue {
        match f.name.as_ref() {
            "updated_at" => CursorValue::Timestamp(self.updated_at),
            "due_at" => self
                .due_at
                .map_or(CursorValue::Null, CursorValue::Timestamp),
            _ => CursorValue::Timestamp(self.created_at),
        }
    }
    fn row_id(&self) -> Uuid {
        self.id
    }
}

fn field(name: &str) -> Option<FieldSql> {
    use task::Column as C;
    let col = |c: C| Some(FieldSql::Column(Expr::col((task::Entity, c))));
    let linked = |kind: Kind| {
        Some(FieldSql::Related {
            from: Box::new(shared::of_kind::<task_link::Entity>(
                kind,
                Expr::col((task::Entity, C::Id)),
            )),
            value: shared::target::<task_link::Entity>(),
        })
    };
    match name {
        "title" => col(C::Title),
        "status" => col(C::Status),
        "priority" => col(C::Priority),
        "due_at" => col(C::DueAt),
        "completed_at" => col(C::CompletedAt),
        "assignee_id" => col(C::AssigneeId),
        "created_by" => col(C::CreatedBy),
        "interaction_id" => col(C::InteractionId),
        "created_at" => col(C::CreatedAt),
        "updated_at" => col(C::UpdatedAt),
        "person_id" => linked(Kind::Person),
        "company_id" => linked(Kind::Company),
        "tags" => Some(record::tags_field::<task::tags::Entity, _>((
            task::Entity,
            C::Id,
        ))),
        _ => None,
    }
}

/// A recurrence as stored: `{"frequency": "weekly", "interval": 2, "until": null}`.
fn recurrence_text(r: Option<&Recurrence>) -> Option<String> {
    r.map(|r| {
        serde_json::json!({
            "frequency": r.frequency.as_str(),
            "interval": r.interval,
            "until": r.until,
        })
        .to_string()
    })
}

fn recurrence_of(text: Option<&str>) -> Result<Option<Recurrence>> {
    let Some(text) = text else { return Ok(None) };
    let bad = || DomainError::internal(format!("stored recurrence '{text}' is unreadable"));
    let v: serde_json::Value = serde_json::from_str(text).map_err(|_| bad())?;
    Ok(Some(Recurrence {
        frequency: v["frequency"]
            .as_str()
            .and_then(crm_interactions::task::Frequency::parse)
            .ok_or_else(bad)?,
        interval: v["interval"]
            .as_u64()
            .and_then(|i| u32::try_from(i).ok())
            .ok_or_else(bad)?,
        until: serde_json::from_value(v["until"].clone()).map_err(|_| bad())?,
    }))
}

async fn load<C: ConnectionTrait>(c: &C, rows: Vec<task::Model>) -> Result<Vec<Task>> {
    let Some(org) = rows.first().map(|r| OrgId(r.org_id)) else {
        return Ok(Vec::new());
    };
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let mut children =
        shared::children::<task::tags::Entity, task_link::Entity, _>(c, org, TASK, &ids).await?;
    rows.into_iter()
        .map(|r| {
            let (t, l, custom) = children.take(r.id);
            Ok(Task {
                id: TaskId(r.id),
                org_id: OrgId(r.org_id),
                title: r.title,
                description: r.description,
                due_at: r.due_at,
                time_zone: r.time_zone,
                assignee_id: r.assignee_id.map(UserId),
                priority: stored("priority", &r.priority, Priority::parse)?,
                status: stored("status", &r.status, TaskStatus::parse)?,
                completed_at: r.completed_at,
                recurrence: recurrence_of(r.recurrence.as_deref())?,
                person_ids: l.people,
                company_ids: l.companies,
                interaction_id: r.interaction_id,
                created_by: r.created_by.map(UserId),
                tags: t,
                custom_fields: custom,
                created_at: r.created_at,
                updated_at: r.updated_at,
                version: r.version,
            })
        })
        .collect()
}

impl Record for task::Entity {
    const RESOURCE: &'static str = "task";
    const COLLECTION: &'static str = "tasks";
    const ID: task::Column = task::Column::Id;
    const VERSION: task::Column = task::Column::Version;
    const UPDATED_AT: task::Column = task::Column::UpdatedAt;
    const DELETED_AT: task::Column = task::Column::DeletedAt;
    const DELETED: EventType = events::TASK_DELETED;
    const RESTORED: EventType = events::TASK_RESTORED;
    type View = Task;

    fn version_of(row: &task::Model) -> i64 {
        row.version
    }
    fn view<C: ConnectionTrait>(
        c: &C,
        row: task::Model,
    ) -> impl std::future::Future<Output = Result<Task>> + Send {
        one(c, row)
    }
}

/// The tasks an actor limited to their own work sees (`in_reach`, as SQL), for any
/// query that reads `tasks`.
pub(crate) fn within_reach<E: EntityTrait>(q: Select<E>, actor: &Actor) -> Select<E> {
    match actor.limited_to() {
        Some(u) => q.filter(
            Condition::any()
                .add(task::Column::AssigneeId.is_null())
                .add(task::Column::AssigneeId.eq(u.0))
                .add(task::Column::CreatedBy.eq(u.0)),
        ),
        None => q,
    }
}

/// The task `id` in `state`, if the actor may see it: a task beyond their reach is, to
/// them, not there (404).
async fn reachable<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    id: Uuid,
    state: State,
    lock: bool,
) -> Result<task::Model> {
    let row = find::<task::Entity, _>(c, actor, id, state, lock).await?;
    match actor.limited_to() {
        Some(u) if !in_reach(row.assignee_id.map(UserId), row.created_by.map(UserId), u) => {
            Err(DomainError::not_found("task").into())
        }
        _ => Ok(row),
    }
}

async fn one<C: ConnectionTrait>(c: &C, row: task::Model) -> Result<Task> {
    load(c, vec![row])
        .await?
        .pop()
        .ok_or(DomainError::not_found("task").into())
}

/// Creates a task inside the caller's transaction, with its reminders.
pub(crate) async fn create_in<C: ConnectionTrait>(
    txn: &C,
    actor: &Actor,
    n: NewTask,
) -> Result<Task> {
    shared::check(txn, actor, Some(&n.person_ids), Some(&n.company_ids), None).await?;
    check_user(txn, actor, n.assignee_id, "assignee_id").await?;
    check_interaction(txn, actor, n.interaction_id).await?;
    let now = time::now();
    let id = Uuid::now_v7();
    let row = task::ActiveModel {
        id: Set(id),
        org_id: Set(actor.org_id.0),
        title: Set(n.title),
        description: Set(n.description),
        due_at: Set(n.due_at),
        time_zone: Set(n.time_zone),
        assignee_id: Set(n.assignee_id.map(Into::into)),
        priority: Set(n.priority.as_str().to_string()),
        status: Set(TaskStatus::Open.as_str().to_string()),
        completed_at: Set(None),
        recurrence: Set(recurrence_text(n.recurrence.as_ref())),
        interaction_id: Set(n.interaction_id),
        created_by: Set(actor.principal.user().map(Into::into)),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
        deleted_at: Set(None),
    }
    .insert(txn)
    .await?;
    shared::write_all::<task_link::Entity, _>(txn, actor, id, &n.person_ids, &n.company_ids)
        .await?;
    record::add_tags::<task::tags::Entity, _>(txn, actor, id, &n.tags).await?;
    let values: Vec<_> = n
        .custom_fields
        .into_iter()
        .map(|(d, v)| (d, Some(v)))
        .collect();
    super::custom_fields::write_values(txn, actor, id, &values).await?;
    if let Some(due) = row.due_at {
        reminders::schedule(txn, actor, id, due).await?;
    }
    let created = one(txn, row).await?;
    journal::record_change(txn, actor, events::TASK_CREATED, id, None, Some(&created)).await?;
    Ok(created)
}

/// Applies a patch inside the caller's transaction.
pub(crate) async fn update_in<C: ConnectionTrait>(
    txn: &C,
    actor: &Actor,
    id: Uuid,
    p: TaskPatch,
    if_version: Option<i64>,
) -> Result<Task> {
    let row = reachable(txn, actor, id, State::Live, true).await?;
    record::check_version(row.version, if_version)?;
    let before = one(txn, row.clone()).await?;
    let after = before.apply(&p, time::now())?;
    shared::check(
        txn,
        actor,
        p.person_ids.as_deref(),
        p.company_ids.as_deref(),
        None,
    )
    .await?;
    if let Some(a) = p.assignee_id {
        check_user(txn, actor, a, "assignee_id").await?;
    }
    let mut am: task::ActiveModel = row.into();
    am.title = Set(after.title.clone());
    am.description = Set(after.description.clone());
    am.due_at = Set(after.due_at);
    am.time_zone = Set(after.time_zone.clone());
    am.assignee_id = Set(after.assignee_id.map(Into::into));
    am.priority = Set(after.priority.as_str().to_string());
    am.status = Set(after.status.as_str().to_string());
    am.completed_at = Set(after.completed_at);
    am.recurrence = Set(recurrence_text(after.recurrence.as_ref()));
    am.updated_at = Set(time::now());
    am.version = Set(before.version + 1);
    let row = am.update(txn).await?;
    for (kind, ids) in [
        (Kind::Person, p.person_ids.as_deref().map(untyped)),
        (Kind::Company, p.company_ids.as_deref().map(untyped)),
    ] {
        if let Some(ids) = ids {
            shared::write::<task_link::Entity, _>(txn, actor, (id, None), kind, &ids, true).await?;
        }
    }
    if let Some(t) = &p.tags {
        record::set_tags::<task::tags::Entity, _>(txn, actor, id, t).await?;
    }
    super::custom_fields::write_values(txn, actor, id, &p.custom_fields).await?;
    let reopened = before.status != TaskStatus::Open && after.status == TaskStatus::Open;
    if let Some(due) = after.due_at.filter(|_| after.status == TaskStatus::Open)
        && (reopened || before.due_at != after.due_at)
    {
        reminders::schedule(txn, actor, id, due).await?;
    }
    let changed = one(txn, row).await?;
    journal::record_change(
        txn,
        actor,
        events::TASK_UPDATED,
        id,
        Some(&before),
        Some(&changed),
    )
    .await?;
    if let Some(next_due) = after.next_due {
        create_in(txn, actor, next_occurrence(&changed, next_due)).await?;
    }
    Ok(changed)
}

/// The status of the live task `id`, if there is one.
pub(crate) async fn status_of<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    id: Uuid,
) -> Result<Option<TaskStatus>> {
    let row = scoped::<task::Entity>(actor)
        .filter(task::Column::Id.eq(id))
        .filter(task::Column::DeletedAt.is_null())
        .one(c)
        .await?;
    row.map(|r| stored("status", &r.status, TaskStatus::parse))
        .transpose()
}

/// The next occurrence of a recurring task just done: the same task, due again.
fn next_occurrence(done: &Task, due: chrono::DateTime<chrono::Utc>) -> NewTask {
    NewTask {
        title: done.title.clone(),
        description: done.description.clone(),
        due_at: Some(due),
        time_zone: done.time_zone.clone(),
        assignee_id: done.assignee_id,
        priority: done.priority,
        recurrence: done.recurrence,
        person_ids: done.person_ids.clone(),
        company_ids: done.company_ids.clone(),
        interaction_id: done.interaction_id,
        tags: done.tags.clone(),
        custom_fields: Vec::new(),
    }
}

#[async_trait]
impl RecordStore<Task, NewTask, TaskPatch> for Tasks {
    #[tracing::instrument(skip_all, fields(org = %actor.org_id))]
    async fn create(&self, actor: &Actor, n: NewTask) -> DomainResult<Task> {
        crate::record::store::write(&self.0, async |txn| create_in(txn, actor, n).await).await
    }

    async fn get(&self, actor: &Actor, id: TaskId) -> DomainResult<Task> {
        port(async {
            let c = &self.0.conn;
            one(c, reachable(c, actor, id.0, State::Live, false).await?).await
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(org = %actor.org_id))]
    async fn list(
        &self,
        actor: &Actor,
        filter: Option<&Filter>,
        text: Option<&str>,
        page: &PageRequest,
    ) -> DomainResult<Page<Task>> {
        let q = within_reach(scoped::<task::Entity>(actor), actor)
            .filter(task::Column::DeletedAt.is_null());
        let searchable = super::listing::Searchable {
            resource: TASK,
            field,
            text: vec![
                Expr::col((task::Entity, task::Column::Title)),
                Expr::col((task::Entity, task::Column::Description)),
            ],
            id: Expr::col((task::Entity, task::Column::Id)),
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
        id: TaskId,
        p: TaskPatch,
        if_version: Option<i64>,
    ) -> DomainResult<Task> {
        crate::record::store::write(&self.0, async |txn| {
            update_in(txn, actor, id.0, p, if_version).await
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(org = %actor.org_id, %id))]
    async fn delete(&self, actor: &Actor, id: TaskId, if_version: Option<i64>) -> DomainResult<()> {
        port(async {
            let txn = self.0.begin_write().await?;
            reachable(&txn, actor, id.0, State::Live, true).await?;
            record::soft_delete::<task::Entity, _>(&txn, actor, id.0, if_version).await?;
            Ok(txn.commit().await?)
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(org = %actor.org_id, %id))]
    async fn restore(&self, actor: &Actor, id: TaskId) -> DomainResult<Task> {
        if actor.limited_to().is_some() {
            port(reachable(&self.0.conn, actor, id.0, State::Deleted, false)).await?;
        }
        record::store::restore::<task::Entity>(&self.0, actor, id.0, "the task cannot be restored")
            .await
    }
}

#[async_trait]
impl TaskRepository for Tasks {
    #[tracing::instrument(skip_all, fields(org = %org, %task))]
    async fn remind(
        &self,
        org: OrgId,
        task: Uuid,
        due: chrono::DateTime<chrono::Utc>,
        event: EventType,
    ) -> DomainResult<()> {
        port(async {
            let actor = Actor::new(org, Principal::System, None);
            let txn = self.0.begin_write().await?;
            let row = match find::<task::Entity, _>(&txn, &actor, task, State::Live, false).await {
                Ok(row) => row,
                Err(e) if matches!(e.0, DomainError::NotFound { .. }) => return Ok(()),
                Err(e) => return Err(e),
            };
            let open = row.status == TaskStatus::Open.as_str();
            if open && row.due_at == Some(due) {
                let now = one(&txn, row).await?;
                journal::record_change(&txn, &actor, event, task, None, Some(&now)).await?;
            }
            Ok(txn.commit().await?)
        })
        .await
    }
}
