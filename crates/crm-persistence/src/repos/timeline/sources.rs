//! Where each kind of timeline entry is read from: the table that already holds the
//! fact, scoped to the organisation, newest first after the cursor, at most one more
//! than a page. A new kind is one function here and one line in [`ALL`].

use crate::entities::{
    case, case_link, company, consent, interaction, interaction_link, lifecycle_change, person,
    task, task_link,
};
use crate::error::Result;
use crate::record::{Tenanted, in_org};
use crate::repos::common::stored;
use chrono::{DateTime, Utc};
use crm_core::Actor;
use crm_records::timeline::{Entry, EntryKind, Subject, Window};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, JoinType, QueryFilter, QueryOrder, QuerySelect,
    Select,
};
use std::future::Future;
use std::pin::Pin;
use uuid::Uuid;

/// What one page asks every source.
pub(crate) struct Ask<'a> {
    pub actor: &'a Actor,
    pub subject: Subject,
    /// The subject's id.
    pub id: Uuid,
    /// The subject and the records merged into it, whose facts are its own now.
    pub ids: Vec<Uuid>,
    pub window: &'a Window,
    /// The last entry of the previous page.
    pub after: Option<(DateTime<Utc>, Uuid)>,
    /// One more than the page holds, to tell whether another page follows.
    pub limit: u64,
}

impl Ask<'_> {
    /// The link kind naming the subject in the link tables (`person`, `company`).
    fn kind(&self) -> &'static str {
        match self.subject {
            Subject::Person(_) => "person",
            Subject::Company(_) => "company",
        }
    }
}

type Read = for<'a> fn(
    &'a DatabaseConnection,
    &'a Ask<'a>,
) -> Pin<Box<dyn Future<Output = Result<Vec<Entry>>> + Send + 'a>>;

/// One kind of entry and how it is read.
pub(crate) struct Source {
    pub kind: EntryKind,
    /// Whether subjects of this sort have entries of this kind.
    pub serves: fn(&Subject) -> bool,
    pub read: Read,
}

fn people(s: &Subject) -> bool {
    matches!(s, Subject::Person(_))
}

fn everyone(_: &Subject) -> bool {
    true
}

/// Every kind of timeline entry, whatever its area.
pub(crate) const ALL: &[Source] = &[
    Source {
        kind: crm_interactions::timeline::INTERACTION,
        serves: everyone,
        read: |c, a| Box::pin(interactions(c, a)),
    },
    Source {
        kind: crm_interactions::timeline::TASK,
        serves: everyone,
        read: |c, a| Box::pin(tasks(c, a)),
    },
    Source {
        kind: crm_interactions::timeline::CASE,
        serves: everyone,
        read: |c, a| Box::pin(cases(c, a)),
    },
    Source {
        kind: crm_customers::timeline::LIFECYCLE_CHANGE,
        serves: people,
        read: |c, a| Box::pin(lifecycle_changes(c, a)),
    },
    Source {
        kind: crm_customers::timeline::CONSENT,
        serves: people,
        read: |c, a| Box::pin(consents(c, a)),
    },
    Source {
        kind: crm_customers::timeline::MERGE,
        serves: everyone,
        read: |c, a| Box::pin(merges(c, a)),
    },
];

/// Newest first after the cursor, within the window, at most `limit` rows.
fn newest_first<E: Tenanted>(
    q: Select<E>,
    ask: &Ask<'_>,
    at: impl ColumnTrait,
    id: impl ColumnTrait,
) -> Select<E> {
    let mut q = q;
    if let Some((t, i)) = ask.after {
        // One row-value comparison, which an index on (…, at, id) seeks on; the
        // expanded `at < t OR (at = t AND id < i)` made SQLite walk the index from the top.
        let cols = Expr::tuple([Expr::col(at.as_column_ref()), Expr::col(id.as_column_ref())]);
        q = q.filter(cols.lt(Expr::tuple([Expr::val(t), Expr::val(i)])));
    }
    if let Some(t) = ask.window.after {
        q = q.filter(at.gte(t));
    }
    if let Some(t) = ask.window.before {
        q = q.filter(at.lt(t));
    }
    q.order_by_desc(at).order_by_desc(id).limit(ask.limit)
}

/// An interaction's id, time, channel, direction, subject and outcome.
type InteractionRow = (
    Uuid,
    DateTime<Utc>,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
);

async fn interactions(c: &DatabaseConnection, ask: &Ask<'_>) -> Result<Vec<Entry>> {
    use crm_interactions::interaction::{Channel, Direction};
    use interaction_link::Column as L;
    let kind = ask.kind();
    let to_interaction = interaction_link::Entity::belongs_to(interaction::Entity)
        .from(L::InteractionId)
        .to(interaction::Column::Id)
        .into();
    // Links follow merges to the survivor, so the subject's own id finds them all.
    let q = in_org::<interaction_link::Entity>(ask.actor.org_id)
        .join(JoinType::InnerJoin, to_interaction)
        .filter(L::Kind.eq(kind))
        .filter(L::TargetId.eq(ask.id))
        .filter(interaction::Column::DeletedAt.is_null());
    let rows: Vec<InteractionRow> = newest_first(q, ask, L::OccurredAt, L::InteractionId)
        .select_only()
        .column(L::InteractionId)
        .column(interaction::Column::OccurredAt)
        .column(interaction::Column::Channel)
        .column(interaction::Column::Direction)
        .column(interaction::Column::Subject)
        .column(interaction::Column::Outcome)
        .into_tuple()
        .all(c)
        .await?;
    rows.into_iter()
        .map(|(id, at, channel, direction, subject, outcome)| {
            let channel = stored("channel", &channel, Channel::parse)?;
            let direction = direction
                .as_deref()
                .map(|d| stored("direction", d, Direction::parse))
                .transpose()?;
            Ok(Entry {
                id,
                kind: crm_interactions::timeline::INTERACTION.name,
                occurred_at: at,
                record_type: "interaction",
                record_id: id,
                title: crm_interactions::timeline::title(channel, direction, subject.as_deref()),
                detail: outcome,
            })
        })
        .collect()
}

/// A task's id, creation time, title, status and due time.
type TaskRow = (Uuid, DateTime<Utc>, String, String, Option<DateTime<Utc>>);

async fn tasks(c: &DatabaseConnection, ask: &Ask<'_>) -> Result<Vec<Entry>> {
    use crm_interactions::task::TaskStatus;
    use task_link::Column as L;
    let kind = ask.kind();
    let to_task = task_link::Entity::belongs_to(task::Entity)
        .from(L::TaskId)
        .to(task::Column::Id)
        .into();
    // A staff user limited to their own work sees only those tasks here too.
    let q =
        crate::repos::tasks_within_reach(in_org::<task_link::Entity>(ask.actor.org_id), ask.actor)
            .join(JoinType::InnerJoin, to_task)
            .filter(L::Kind.eq(kind))
            .filter(L::TargetId.eq(ask.id))
            .filter(task::Column::DeletedAt.is_null());
    let rows: Vec<TaskRow> = newest_first(q, ask, task::Column::CreatedAt, task::Column::Id)
        .select_only()
        .column(task::Column::Id)
        .column(task::Column::CreatedAt)
        .column(task::Column::Title)
        .column(task::Column::Status)
        .column(task::Column::DueAt)
        .into_tuple()
        .all(c)
        .await?;
    rows.into_iter()
        .map(|(id, at, title, status, due)| {
            let status = stored("status", &status, TaskStatus::parse)?;
            Ok(Entry {
                id,
                kind: crm_interactions::timeline::TASK.name,
                occurred_at: at,
                record_type: "task",
                record_id: id,
                title: crm_interactions::timeline::task_title(&title),
                detail: Some(crm_interactions::timeline::task_detail(status, due)),
            })
        })
        .collect()
}

/// A case's id, opening time, number, subject and status.
type CaseRow = (Uuid, DateTime<Utc>, i64, String, String);

async fn cases(c: &DatabaseConnection, ask: &Ask<'_>) -> Result<Vec<Entry>> {
    use case_link::Column as L;
    use crm_interactions::case::CaseStatus;
    let kind = ask.kind();
    let to_case = case_link::Entity::belongs_to(case::Entity)
        .from(L::CaseId)
        .to(case::Column::Id)
        .into();
    let q = in_org::<case_link::Entity>(ask.actor.org_id)
        .join(JoinType::InnerJoin, to_case)
        .filter(L::Kind.eq(kind))
        .filter(L::TargetId.eq(ask.id))
        .filter(case::Column::DeletedAt.is_null());
    let rows: Vec<CaseRow> = newest_first(q, ask, case::Column::CreatedAt, case::Column::Id)
        .select_only()
        .column(case::Column::Id)
        .column(case::Column::CreatedAt)
        .column(case::Column::Number)
        .column(case::Column::Subject)
        .column(case::Column::Status)
        .into_tuple()
        .all(c)
        .await?;
    rows.into_iter()
        .map(|(id, at, number, subject, status)| {
            let status = stored("status", &status, CaseStatus::parse)?;
            Ok(Entry {
                id,
                kind: crm_interactions::timeline::CASE.name,
                occurred_at: at,
                record_type: "case",
                record_id: id,
                title: crm_interactions::timeline::case_title(number, &subject),
                detail: Some(status.as_str().to_string()),
            })
        })
        .collect()
}

async fn lifecycle_changes(c: &DatabaseConnection, ask: &Ask<'_>) -> Result<Vec<Entry>> {
    use crm_customers::LifecycleStage;
    use lifecycle_change::Column as L;
    let q = in_org::<lifecycle_change::Entity>(ask.actor.org_id)
        .filter(L::PersonId.is_in(ask.ids.clone()));
    let rows = newest_first(q, ask, L::ChangedAt, L::Id).all(c).await?;
    rows.into_iter()
        .map(|r| {
            let from = r
                .from_stage
                .as_deref()
                .map(|s| stored("stage", s, LifecycleStage::parse))
                .transpose()?;
            let to = stored("stage", &r.to_stage, LifecycleStage::parse)?;
            Ok(Entry {
                id: r.id,
                kind: crm_customers::timeline::LIFECYCLE_CHANGE.name,
                occurred_at: r.changed_at,
                record_type: "person",
                record_id: r.person_id,
                title: crm_customers::timeline::stage_title(from, to),
                detail: None,
            })
        })
        .collect()
}

async fn consents(c: &DatabaseConnection, ask: &Ask<'_>) -> Result<Vec<Entry>> {
    use consent::Column as K;
    use crm_customers::consent::{Channel, ConsentStatus, Purpose};
    let q = in_org::<consent::Entity>(ask.actor.org_id).filter(K::PersonId.is_in(ask.ids.clone()));
    let rows = newest_first(q, ask, K::RecordedAt, K::Id).all(c).await?;
    rows.into_iter()
        .map(|r| {
            let title = crm_customers::timeline::consent_title(
                stored("channel", &r.channel, Channel::parse)?,
                stored("purpose", &r.purpose, Purpose::parse)?,
                stored("status", &r.status, ConsentStatus::parse)?,
            );
            Ok(Entry {
                id: r.id,
                kind: crm_customers::timeline::CONSENT.name,
                occurred_at: r.recorded_at,
                record_type: "person",
                record_id: r.person_id,
                title,
                detail: r.source,
            })
        })
        .collect()
}

/// The records merged into the subject, at the time they were retired.
async fn merges(c: &DatabaseConnection, ask: &Ask<'_>) -> Result<Vec<Entry>> {
    // The ids merged into the subject are already known: none, no query.
    if ask.ids.len() < 2 {
        return Ok(Vec::new());
    }
    let entry = |id: Uuid, at: Option<DateTime<Utc>>, record_type, name: Option<String>| {
        at.map(|at| Entry {
            id,
            kind: crm_customers::timeline::MERGE.name,
            occurred_at: at,
            record_type,
            record_id: id,
            title: crm_customers::timeline::MERGE_TITLE.to_string(),
            detail: name,
        })
    };
    Ok(match ask.subject {
        Subject::Person(_) => {
            use person::Column as P;
            let q = in_org::<person::Entity>(ask.actor.org_id).filter(P::MergedInto.eq(ask.id));
            newest_first(q, ask, P::DeletedAt, P::Id)
                .all(c)
                .await?
                .into_iter()
                .filter_map(|p| {
                    let name = [p.first_name, p.last_name]
                        .into_iter()
                        .flatten()
                        .collect::<Vec<_>>()
                        .join(" ");
                    entry(
                        p.id,
                        p.deleted_at,
                        "person",
                        Some(name).filter(|n| !n.is_empty()),
                    )
                })
                .collect()
        }
        Subject::Company(_) => {
            use company::Column as K;
            let q = in_org::<company::Entity>(ask.actor.org_id).filter(K::MergedInto.eq(ask.id));
            newest_first(q, ask, K::DeletedAt, K::Id)
                .all(c)
                .await?
                .into_iter()
                .filter_map(|k| entry(k.id, k.deleted_at, "company", Some(k.name)))
                .collect()
        }
    })
}
