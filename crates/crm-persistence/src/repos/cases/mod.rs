//! The case repository: scoped, journaled, soft-deleted, linked to people and
//! companies, numbered gap-free per organisation; every status move, assignment and
//! comment lands on the case's history in the transaction of the change.

mod clock;
mod comments;
mod follow_up;
mod history;
mod number;

use super::common::{check_interaction, check_user, stored};
use super::links::{self as shared, Kind};
use crate::db::Db;
use crate::entities::{case, case_link};
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
use crm_interactions::case::{
    Answer, Case, CaseId, CasePatch, CaseStatus, Change, Comment, HistoryEntry, HistoryKind,
    NewCase, NewComment,
};
use crm_interactions::custom_field::CASE;
use crm_interactions::events;
use crm_interactions::interaction::{Channel, untyped};
use crm_interactions::ports::{CaseRepository, RecordStore};
use crm_interactions::sla::{Clock, DEFAULT_FOLLOW_UP_DAYS, Setting, Target, pick};
use crm_interactions::task::Priority;
use crm_interactions::task::TaskStatus;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, QueryFilter};
use uuid::Uuid;

pub(crate) struct Cases(pub Db);

super::links::undated_links!(case_link, CaseId, case_id);

impl Keyed for case::Model {
    fn id_column() -> Expr {
        Expr::col((case::Entity, case::Column::Id))
    }
    fn sort_column(f: &SortField) -> Expr {
        let c = match f.name.as_ref() {
            "updated_at" => case::Column::UpdatedAt,
            "number" => case::Column::Number,
            "sla_due_at" => case::Column::SlaDueAt,
            _ => case::Column::CreatedAt,
        };
        Expr::col((case::Entity, c))
    }
    fn sort_value(&self, f: &SortField) -> CursorValue {
        match f.name.as_ref() {
            "updated_at" => CursorValue::Timestamp(self.updated_at),
            "number" => CursorValue::Integer(self.number),
            "sla_due_at" => self
                .sla_due_at
                .map_or(CursorValue::Null, CursorValue::Timestamp),
            _ => CursorValue::Timestamp(self.created_at),
        }
    }
    fn row_id(&self) -> Uuid {
        self.id
    }
}

fn field(name: &str) -> Option<FieldSql> {
    use case::Column as C;
    let col = |c: C| Some(FieldSql::Column(Expr::col((case::Entity, c))));
    let linked = |kind: Kind| {
        Some(FieldSql::Related {
            from: Box::new(shared::of_kind::<case_link::Entity>(
                kind,
                Expr::col((case::Entity, C::Id)),
            )),
            value: shared::target::<case_link::Entity>(),
        })
    };
    match name {
        "number" => col(C::Number),
        "subject" => col(C::Subject),
        "status" => col(C::Status),
        "priority" => col(C::Priority),
        "category" => col(C::Category),
        "team" => col(C::Team),
        "channel" => col(C::Channel),
        "assignee_id" => col(C::AssigneeId),
        "created_by" => col(C::CreatedBy),
        "interaction_id" => col(C::InteractionId),
        "first_response_at" => col(C::FirstResponseAt),
        "resolved_at" => col(C::ResolvedAt),
        "closed_at" => col(C::ClosedAt),
        "sla_breached" => col(C::SlaBreached),
        "sla_due_at" => col(C::SlaDueAt),
        "first_response_due_at" => col(C::FirstResponseDueAt),
        "resolution_due_at" => col(C::ResolutionDueAt),
        "sla_policy_id" => col(C::SlaPolicyId),
        "follow_up_solved" => col(C::FollowUpSolved),
        "satisfaction_rating" => col(C::SatisfactionRating),
        "created_at" => col(C::CreatedAt),
        "updated_at" => col(C::UpdatedAt),
        "person_id" => linked(Kind::Person),
        "company_id" => linked(Kind::Company),
        "tags" => Some(record::tags_field::<case::tags::Entity, _>((
            case::Entity,
            C::Id,
        ))),
        _ => None,
    }
}

async fn load<C: ConnectionTrait>(c: &C, rows: Vec<case::Model>) -> Result<Vec<Case>> {
    let Some(org) = rows.first().map(|r| OrgId(r.org_id)) else {
        return Ok(Vec::new());
    };
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let mut children =
        shared::children::<case::tags::Entity, case_link::Entity, _>(c, org, CASE, &ids).await?;
    rows.into_iter()
        .map(|r| {
            let (t, l, custom) = children.take(r.id);
            let (sla, follow_up) = (clock::of(&r), clock::follow_up_of(&r));
            Ok(Case {
                id: CaseId(r.id),
                org_id: OrgId(r.org_id),
                number: r.number,
                subject: r.subject,
                description: r.description,
                status: stored("status", &r.status, CaseStatus::parse)?,
                priority: stored("priority", &r.priority, Priority::parse)?,
                category: r.category,
                team: r.team,
                assignee_id: r.assignee_id.map(UserId),
                channel: stored("channel", &r.channel, Channel::parse)?,
                interaction_id: r.interaction_id,
                person_ids: l.people,
                company_ids: l.companies,
                resolution: r.resolution,
                first_response_at: r.first_response_at,
                resolved_at: r.resolved_at,
                closed_at: r.closed_at,
                sla,
                follow_up,
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

async fn one<C: ConnectionTrait>(c: &C, row: case::Model) -> Result<Case> {
    load(c, vec![row])
        .await?
        .pop()
        .ok_or(DomainError::not_found("case").into())
}

impl Record for case::Entity {
    const RESOURCE: &'static str = "case";
    const COLLECTION: &'static str = "cases";
    const ID: case::Column = case::Column::Id;
    const VERSION: case::Column = case::Column::Version;
    const UPDATED_AT: case::Column = case::Column::UpdatedAt;
    const DELETED_AT: case::Column = case::Column::DeletedAt;
    const DELETED: EventType = events::CASE_DELETED;
    const RESTORED: EventType = events::CASE_RESTORED;
    type View = Case;

    fn version_of(row: &case::Model) -> i64 {
        row.version
    }
    fn view<C: ConnectionTrait>(
        c: &C,
        row: case::Model,
    ) -> impl std::future::Future<Output = Result<Case>> + Send {
        one(c, row)
    }
}

/// Opens a case inside the caller's transaction: its number, row, links, tags, custom
/// fields, first history entry and `case.created`.
pub(crate) async fn create_in<C: ConnectionTrait>(
    txn: &C,
    actor: &Actor,
    n: NewCase,
) -> Result<Case> {
    shared::check(txn, actor, Some(&n.person_ids), Some(&n.company_ids), None).await?;
    check_user(txn, actor, n.assignee_id, "assignee_id").await?;
    check_interaction(txn, actor, n.interaction_id).await?;
    let now = time::now();
    let id = Uuid::now_v7();
    let (policies, hours) = clock::setting(txn, actor).await?;
    let policy = pick(&policies, n.priority, n.category.as_deref());
    let sla = Clock::start(&Setting {
        policy,
        hours: &hours,
        opened: now,
    });
    let number = number::next(txn, actor).await?;
    let mut am = case::ActiveModel {
        id: Set(id),
        org_id: Set(actor.org_id.0),
        number: Set(number),
        subject: Set(n.subject),
        description: Set(n.description),
        status: Set(CaseStatus::New.as_str().to_string()),
        priority: Set(n.priority.as_str().to_string()),
        category: Set(n.category),
        team: Set(n.team),
        assignee_id: Set(n.assignee_id.map(Into::into)),
        channel: Set(n.channel.as_str().to_string()),
        interaction_id: Set(n.interaction_id),
        resolution: Set(None),
        first_response_at: Set(None),
        resolved_at: Set(None),
        closed_at: Set(None),
        sla_policy_id: Set(None),
        first_response_due_at: Set(None),
        resolution_due_at: Set(None),
        sla_paused_at: Set(None),
        sla_paused_seconds: Set(0),
        first_response_breached_at: Set(None),
        resolution_breached_at: Set(None),
        sla_due_at: Set(None),
        sla_breached: Set(false),
        follow_up_task_id: Set(None),
        follow_up_solved: Set(None),
        satisfaction_rating: Set(None),
        satisfaction_comment: Set(None),
        follow_up_answered_at: Set(None),
        created_by: Set(actor.principal.user().map(Into::into)),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
        deleted_at: Set(None),
    };
    clock::set(&mut am, &sla, None);
    let row = am.insert(txn).await?;
    clock::schedule(txn, actor, id, &sla, &Clock::default(), None).await?;
    shared::write_all::<case_link::Entity, _>(txn, actor, id, &n.person_ids, &n.company_ids)
        .await?;
    record::add_tags::<case::tags::Entity, _>(txn, actor, id, &n.tags).await?;
    let values: Vec<_> = n
        .custom_fields
        .into_iter()
        .map(|(d, v)| (d, Some(v)))
        .collect();
    super::custom_fields::write_values(txn, actor, id, &values).await?;
    let opened = Change {
        kind: HistoryKind::Created,
        from: None,
        to: Some(CaseStatus::New.as_str().to_string()),
    };
    history::note(txn, actor, id, &[opened], None, now).await?;
    let created = one(txn, row).await?;
    journal::record_change(txn, actor, events::CASE_CREATED, id, None, Some(&created)).await?;
    Ok(created)
}

/// The SLA clock after a patch that moved the case or changed its priority or
/// category (the policy is picked again only for the latter), and the follow-up days
/// of the policy it is worked to; the stored clock when neither changed.
async fn clock_after<C: ConnectionTrait>(
    txn: &C,
    actor: &Actor,
    before: &Case,
    after: &crm_interactions::case::Patched,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(Clock, u32)> {
    let moved = after.status != before.status;
    let reclassified = after.priority != before.priority || after.category != before.category;
    if !moved && !reclassified {
        return Ok((before.sla, DEFAULT_FOLLOW_UP_DAYS));
    }
    let (policies, hours) = clock::setting(txn, actor).await?;
    let kept = super::service_levels::policy_by_id(txn, actor.org_id, before.sla.policy_id).await?;
    let policy = if reclassified {
        pick(&policies, after.priority, after.category.as_deref())
    } else {
        kept.as_ref()
    };
    let setting = Setting {
        policy,
        hours: &hours,
        opened: before.created_at,
    };
    let sla = before.sla.after(
        &setting,
        before.status,
        after.status,
        before.first_response_at,
        now,
    );
    let days = policy.map_or(DEFAULT_FOLLOW_UP_DAYS, |p| p.follow_up_days);
    Ok((sla, days))
}

/// Applies a patch inside the caller's transaction, with the customer's follow-up
/// answer when there is one.
pub(crate) async fn update_in<C: ConnectionTrait>(
    txn: &C,
    actor: &Actor,
    id: Uuid,
    p: CasePatch,
    if_version: Option<i64>,
    answer: Option<&Answer>,
) -> Result<Case> {
    let row = find::<case::Entity, _>(txn, actor, id, State::Live, true).await?;
    record::check_version(row.version, if_version)?;
    let before = one(txn, row.clone()).await?;
    let now = time::now();
    let after = before.apply(&p, now)?;
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
    let (sla, follow_up_days) = clock_after(txn, actor, &before, &after, now).await?;
    let moved = after.status != before.status;
    let mut am: case::ActiveModel = row.into();
    if moved && after.status == CaseStatus::Resolved && follow_up_days > 0 {
        let resolved = follow_up::Resolved {
            number: before.number,
            subject: &after.subject,
            assignee: after.assignee_id,
            people: p.person_ids.clone().unwrap_or(before.person_ids.clone()),
            companies: p.company_ids.clone().unwrap_or(before.company_ids.clone()),
        };
        let task = follow_up::open_task(txn, actor, resolved, follow_up_days).await?;
        am.follow_up_task_id = Set(Some(task));
        am.follow_up_solved = Set(None);
        am.satisfaction_rating = Set(None);
        am.satisfaction_comment = Set(None);
        am.follow_up_answered_at = Set(None);
    }
    if moved && !before.status.is_active() && after.status.is_active() {
        let task = before.follow_up.task_id;
        follow_up::close_task(txn, actor.org_id, task, TaskStatus::Cancelled).await?;
    }
    if let Some(a) = answer {
        am.follow_up_solved = Set(Some(a.solved));
        am.satisfaction_rating = Set(a.rating.map(i32::from));
        am.satisfaction_comment = Set(a.comment.clone());
        am.follow_up_answered_at = Set(Some(now));
    }
    am.subject = Set(after.subject.clone());
    am.description = Set(after.description.clone());
    am.status = Set(after.status.as_str().to_string());
    am.priority = Set(after.priority.as_str().to_string());
    am.category = Set(after.category.clone());
    am.team = Set(after.team.clone());
    am.assignee_id = Set(after.assignee_id.map(Into::into));
    am.resolution = Set(after.resolution.clone());
    am.resolved_at = Set(after.resolved_at);
    am.closed_at = Set(after.closed_at);
    clock::set(&mut am, &sla, before.first_response_at);
    am.updated_at = Set(now);
    am.version = Set(before.version + 1);
    let row = am.update(txn).await?;
    clock::schedule(txn, actor, id, &sla, &before.sla, before.first_response_at).await?;
    for (kind, ids) in [
        (Kind::Person, p.person_ids.as_deref().map(untyped)),
        (Kind::Company, p.company_ids.as_deref().map(untyped)),
    ] {
        if let Some(ids) = ids {
            shared::write::<case_link::Entity, _>(txn, actor, (id, None), kind, &ids, true).await?;
        }
    }
    if let Some(t) = &p.tags {
        record::set_tags::<case::tags::Entity, _>(txn, actor, id, t).await?;
    }
    super::custom_fields::write_values(txn, actor, id, &p.custom_fields).await?;
    let mut changes = after.changes.clone();
    if let Some(a) = answer {
        changes.insert(0, answer_change(a));
    }
    for (target, at) in [
        (Target::FirstResponse, sla.first_response_breached_at),
        (Target::Resolution, sla.resolution_breached_at),
    ] {
        let was = match target {
            Target::FirstResponse => before.sla.first_response_breached_at,
            Target::Resolution => before.sla.resolution_breached_at,
        };
        if at.is_some() && was.is_none() {
            changes.push(breach(target));
        }
    }
    history::note(txn, actor, id, &changes, None, now).await?;
    let changed = one(txn, row).await?;
    journal::record_change(
        txn,
        actor,
        events::CASE_UPDATED,
        id,
        Some(&before),
        Some(&changed),
    )
    .await?;
    Ok(changed)
}

/// Writes `changes` on the case's history now (what another area's write, an inbound
/// email, did to the case).
pub(crate) async fn note<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    case: Uuid,
    changes: &[Change],
) -> Result<()> {
    history::note(c, actor, case, changes, None, time::now()).await
}

/// The history entry of the customer's answer: `solved` or `not_solved`, with the
/// rating when given (`not_solved, rated 2`).
fn answer_change(a: &Answer) -> Change {
    let said = if a.solved { "solved" } else { "not_solved" };
    Change {
        kind: HistoryKind::FollowUp,
        from: None,
        to: Some(match a.rating {
            Some(r) => format!("{said}, rated {r}"),
            None => said.to_string(),
        }),
    }
}

/// The history entry of a missed target.
fn breach(target: Target) -> Change {
    Change {
        kind: HistoryKind::SlaBreached,
        from: None,
        to: Some(target.as_str().to_string()),
    }
}

#[async_trait]
impl RecordStore<Case, NewCase, CasePatch> for Cases {
    #[tracing::instrument(skip_all, fields(org = %actor.org_id))]
    async fn create(&self, actor: &Actor, n: NewCase) -> DomainResult<Case> {
        crate::record::store::write(&self.0, async |txn| create_in(txn, actor, n).await).await
    }

    async fn get(&self, actor: &Actor, id: CaseId) -> DomainResult<Case> {
        record::store::get::<case::Entity>(&self.0, actor, id.0).await
    }

    #[tracing::instrument(skip_all, fields(org = %actor.org_id))]
    async fn list(
        &self,
        actor: &Actor,
        filter: Option<&Filter>,
        text: Option<&str>,
        page: &PageRequest,
    ) -> DomainResult<Page<Case>> {
        let q = scoped::<case::Entity>(actor).filter(case::Column::DeletedAt.is_null());
        let searchable = super::listing::Searchable {
            resource: CASE,
            field,
            text: vec![
                Expr::col((case::Entity, case::Column::Subject)),
                Expr::col((case::Entity, case::Column::Description)),
            ],
            id: Expr::col((case::Entity, case::Column::Id)),
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
        id: CaseId,
        p: CasePatch,
        if_version: Option<i64>,
    ) -> DomainResult<Case> {
        crate::record::store::write(&self.0, async |txn| {
            update_in(txn, actor, id.0, p, if_version, None).await
        })
        .await
    }

    async fn delete(&self, actor: &Actor, id: CaseId, if_version: Option<i64>) -> DomainResult<()> {
        record::store::delete::<case::Entity>(&self.0, actor, id.0, if_version).await
    }

    async fn restore(&self, actor: &Actor, id: CaseId) -> DomainResult<Case> {
        record::store::restore::<case::Entity>(&self.0, actor, id.0, "the case cannot be restored")
            .await
    }
}

#[async_trait]
impl CaseRepository for Cases {
    #[tracing::instrument(skip_all, fields(org = %actor.org_id, %case))]
    async fn comment(&self, actor: &Actor, case: CaseId, n: NewComment) -> DomainResult<Comment> {
        port(async {
            let txn = self.0.begin_write().await?;
            let row = find::<case::Entity, _>(&txn, actor, case.0, State::Live, true).await?;
            let (added, _) = comments::add(&txn, actor, row, n, time::now()).await?;
            txn.commit().await?;
            Ok(added)
        })
        .await
    }

    async fn comments(
        &self,
        actor: &Actor,
        case: CaseId,
        page: &PageRequest,
    ) -> DomainResult<Page<Comment>> {
        port(async {
            let c = &self.0.conn;
            find::<case::Entity, _>(c, actor, case.0, State::Live, false).await?;
            comments::page(c, actor, case.0, page).await
        })
        .await
    }

    async fn history(
        &self,
        actor: &Actor,
        case: CaseId,
        page: &PageRequest,
    ) -> DomainResult<Page<HistoryEntry>> {
        port(async {
            let c = &self.0.conn;
            find::<case::Entity, _>(c, actor, case.0, State::Live, false).await?;
            history::page(c, actor, case.0, page).await
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(org = %actor.org_id, %case))]
    async fn answer(&self, actor: &Actor, case: CaseId, a: Answer) -> DomainResult<Case> {
        port(async {
            let txn = self.0.begin_write().await?;
            let row = find::<case::Entity, _>(&txn, actor, case.0, State::Live, true).await?;
            let before = one(&txn, row).await?;
            let to = before.answered(&a)?;
            let task = before.follow_up.task_id;
            follow_up::close_task(&txn, actor.org_id, task, TaskStatus::Done).await?;
            let patch = CasePatch {
                status: Some(to),
                ..CasePatch::default()
            };
            let after = update_in(&txn, actor, case.0, patch, None, Some(&a)).await?;
            txn.commit().await?;
            Ok(after)
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(org = %org, %case))]
    async fn check_sla(
        &self,
        org: OrgId,
        case: Uuid,
        target: Target,
        due: chrono::DateTime<chrono::Utc>,
    ) -> DomainResult<()> {
        port(async {
            let server = Actor::new(org, Principal::System, None);
            let txn = self.0.begin_write().await?;
            let row = match find::<case::Entity, _>(&txn, &server, case, State::Live, true).await {
                Ok(row) => row,
                Err(e) if matches!(e.0, DomainError::NotFound { .. }) => return Ok(()),
                Err(e) => return Err(e),
            };
            let status = stored("status", &row.status, CaseStatus::parse)?;
            let responded = row.first_response_at;
            let before = clock::of(&row);
            let Some(sla) = before.check(target, due, responded, status, time::now()) else {
                return Ok(txn.commit().await?);
            };
            let version = row.version;
            let mut am: case::ActiveModel = row.into();
            clock::set(&mut am, &sla, responded);
            am.updated_at = Set(time::now());
            am.version = Set(version + 1);
            let row = am.update(&txn).await?;
            history::note(&txn, &server, case, &[breach(target)], None, time::now()).await?;
            let now = one(&txn, row).await?;
            journal::record_change(
                &txn,
                &server,
                events::CASE_SLA_BREACHED,
                case,
                None,
                Some(&now),
            )
            .await?;
            Ok(txn.commit().await?)
        })
        .await
    }
}
