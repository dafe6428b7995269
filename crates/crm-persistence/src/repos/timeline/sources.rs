//! Where each kind of timeline entry is read from: the table that already holds the
//! fact, scoped to the organisation, newest first after the cursor, at most one more
//! than a page, selected into one shared row shape ([`Row`]) so that a page is one
//! `UNION ALL` of every wanted source (decision 0029). A new kind is one select and one
//! entry function here and one line in [`ALL`].

use crate::entities::{
    case, case_link, company, consent, interaction, interaction_link, lifecycle_change,
    opportunity, opportunity_stage_move, order, person, pipeline_stage, task, task_link,
};
use crate::error::Result;
use crate::record::{Tenanted, in_org};
use crate::repos::common::stored;
use chrono::{DateTime, Utc};
use crm_core::Actor;
use crm_records::timeline::{Entry, EntryKind, Subject, Window};
use sea_orm::sea_query::{Expr, ExprTrait, SelectStatement};
use sea_orm::{
    ColumnTrait, EntityTrait, JoinType, QueryFilter, QueryOrder, QuerySelect, QueryTrait, Select,
};
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

/// The columns every source selects, in this order, so that their rows stack: the
/// entry's id, its time, the record holding the whole fact, four texts, a number and a
/// time whose meaning is the source's own (unused ones are typed NULLs).
pub(crate) const COLUMNS: [&str; 9] = ["id", "at", "record_id", "a", "b", "c", "d", "n", "t"];

/// One entry as every source selects it (see [`COLUMNS`]).
pub(crate) type Row = (
    Uuid,
    DateTime<Utc>,
    Uuid,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<i64>,
    Option<DateTime<Utc>>,
);

/// What a source puts in the shared row shape, beyond id and time.
#[derive(Default)]
struct Shape {
    /// The record holding the whole fact; the entry's id when unset.
    record_id: Option<Expr>,
    texts: Vec<Expr>,
    number: Option<Expr>,
    time: Option<Expr>,
}

/// One kind of entry and how it is read.
pub(crate) struct Source {
    pub kind: EntryKind,
    /// Whether subjects of this sort have entries of this kind.
    pub serves: fn(&Subject) -> bool,
    /// The source's rows for one page in the shape of [`COLUMNS`]; `None` when it
    /// knows without asking that it has none.
    pub select: fn(&Ask<'_>) -> Option<SelectStatement>,
    /// The entry one of its rows stands for.
    pub entry: fn(Row) -> Result<Entry>,
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
        select: interactions,
        entry: interaction_entry,
    },
    Source {
        kind: crm_interactions::timeline::TASK,
        serves: everyone,
        select: tasks,
        entry: task_entry,
    },
    Source {
        kind: crm_interactions::timeline::CASE,
        serves: everyone,
        select: cases,
        entry: case_entry,
    },
    Source {
        kind: crm_customers::timeline::LIFECYCLE_CHANGE,
        serves: people,
        select: lifecycle_changes,
        entry: lifecycle_entry,
    },
    Source {
        kind: crm_customers::timeline::CONSENT,
        serves: people,
        select: consents,
        entry: consent_entry,
    },
    Source {
        kind: crm_customers::timeline::MERGE,
        serves: everyone,
        select: merges,
        entry: merge_entry,
    },
    Source {
        kind: crm_opportunities::timeline::OPPORTUNITY,
        serves: everyone,
        select: stage_moves,
        entry: stage_move_entry,
    },
    Source {
        kind: crm_opportunities::timeline::ORDER,
        serves: everyone,
        select: orders,
        entry: order_entry,
    },
];

/// Newest first after the cursor, within the window, selected into the shared shape
/// with `at` and `id` as the entry's time and id (the caller writes the LIMIT).
fn newest_first<E: Tenanted>(
    q: Select<E>,
    ask: &Ask<'_>,
    at: impl ColumnTrait,
    id: impl ColumnTrait,
    shape: Shape,
) -> SelectStatement {
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
    let id_expr = Expr::col(id.as_column_ref());
    let mut texts = shape.texts.into_iter();
    let mut values = vec![
        id_expr.clone(),
        Expr::col(at.as_column_ref()),
        shape.record_id.unwrap_or(id_expr),
    ];
    values.extend((0..4).map(|_| {
        texts
            .next()
            .unwrap_or_else(|| Expr::cust("CAST(NULL AS TEXT)"))
    }));
    values.push(
        shape
            .number
            .unwrap_or_else(|| Expr::cust("CAST(NULL AS BIGINT)")),
    );
    // TIMESTAMPTZ is PostgreSQL's type; SQLite takes any type name in a CAST of NULL.
    values.push(
        shape
            .time
            .unwrap_or_else(|| Expr::cust("CAST(NULL AS TIMESTAMPTZ)")),
    );
    let mut q = q.select_only();
    for (value, name) in values.into_iter().zip(COLUMNS) {
        q = q.expr_as(value, name);
    }
    q.order_by_desc(at).order_by_desc(id).into_query()
}

fn col(c: impl ColumnTrait) -> Expr {
    Expr::col(c.as_column_ref())
}

fn interactions(ask: &Ask<'_>) -> Option<SelectStatement> {
    use interaction_link::Column as L;
    let to_interaction = interaction_link::Entity::belongs_to(interaction::Entity)
        .from(L::InteractionId)
        .to(interaction::Column::Id)
        .into();
    // Links follow merges to the survivor, so the subject's own id finds them all.
    let q = in_org::<interaction_link::Entity>(ask.actor.org_id)
        .join(JoinType::InnerJoin, to_interaction)
        .filter(L::Kind.eq(ask.kind()))
        .filter(L::TargetId.eq(ask.id))
        .filter(interaction::Column::DeletedAt.is_null());
    use interaction::Column as I;
    let shape = Shape {
        texts: vec![
            col(I::Channel),
            col(I::Direction),
            col(I::Subject),
            col(I::Outcome),
        ],
        ..Shape::default()
    };
    Some(newest_first(q, ask, L::OccurredAt, L::InteractionId, shape))
}

/// An interaction: channel, direction, subject and outcome.
fn interaction_entry(r: Row) -> Result<Entry> {
    use crm_interactions::interaction::{Channel, Direction};
    let (id, at, _, channel, direction, subject, outcome, _, _) = r;
    let channel = stored("channel", channel.as_deref().unwrap_or(""), Channel::parse)?;
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
}

fn tasks(ask: &Ask<'_>) -> Option<SelectStatement> {
    use task_link::Column as L;
    let to_task = task_link::Entity::belongs_to(task::Entity)
        .from(L::TaskId)
        .to(task::Column::Id)
        .into();
    // A staff user limited to their own work sees only those tasks here too.
    let q =
        crate::repos::tasks_within_reach(in_org::<task_link::Entity>(ask.actor.org_id), ask.actor)
            .join(JoinType::InnerJoin, to_task)
            .filter(L::Kind.eq(ask.kind()))
            .filter(L::TargetId.eq(ask.id))
            .filter(task::Column::DeletedAt.is_null());
    let shape = Shape {
        texts: vec![col(task::Column::Title), col(task::Column::Status)],
        time: Some(col(task::Column::DueAt)),
        ..Shape::default()
    };
    Some(newest_first(
        q,
        ask,
        task::Column::CreatedAt,
        task::Column::Id,
        shape,
    ))
}

/// A task, at its creation: title, status and due time.
fn task_entry(r: Row) -> Result<Entry> {
    use crm_interactions::task::TaskStatus;
    let (id, at, _, title, status, _, _, _, due) = r;
    let status = stored("status", status.as_deref().unwrap_or(""), TaskStatus::parse)?;
    Ok(Entry {
        id,
        kind: crm_interactions::timeline::TASK.name,
        occurred_at: at,
        record_type: "task",
        record_id: id,
        title: crm_interactions::timeline::task_title(title.as_deref().unwrap_or("")),
        detail: Some(crm_interactions::timeline::task_detail(status, due)),
    })
}

fn cases(ask: &Ask<'_>) -> Option<SelectStatement> {
    use case_link::Column as L;
    let to_case = case_link::Entity::belongs_to(case::Entity)
        .from(L::CaseId)
        .to(case::Column::Id)
        .into();
    let q = in_org::<case_link::Entity>(ask.actor.org_id)
        .join(JoinType::InnerJoin, to_case)
        .filter(L::Kind.eq(ask.kind()))
        .filter(L::TargetId.eq(ask.id))
        .filter(case::Column::DeletedAt.is_null());
    let shape = Shape {
        texts: vec![col(case::Column::Subject), col(case::Column::Status)],
        number: Some(col(case::Column::Number)),
        ..Shape::default()
    };
    Some(newest_first(
        q,
        ask,
        case::Column::CreatedAt,
        case::Column::Id,
        shape,
    ))
}

/// A case, at its opening: number, subject and status.
fn case_entry(r: Row) -> Result<Entry> {
    use crm_interactions::case::CaseStatus;
    let (id, at, _, subject, status, _, _, number, _) = r;
    let status = stored("status", status.as_deref().unwrap_or(""), CaseStatus::parse)?;
    Ok(Entry {
        id,
        kind: crm_interactions::timeline::CASE.name,
        occurred_at: at,
        record_type: "case",
        record_id: id,
        title: crm_interactions::timeline::case_title(
            number.unwrap_or_default(),
            subject.as_deref().unwrap_or(""),
        ),
        detail: Some(status.as_str().to_string()),
    })
}

fn lifecycle_changes(ask: &Ask<'_>) -> Option<SelectStatement> {
    use lifecycle_change::Column as L;
    let q = in_org::<lifecycle_change::Entity>(ask.actor.org_id)
        .filter(L::PersonId.is_in(ask.ids.clone()));
    let shape = Shape {
        record_id: Some(col(L::PersonId)),
        texts: vec![col(L::FromStage), col(L::ToStage)],
        ..Shape::default()
    };
    Some(newest_first(q, ask, L::ChangedAt, L::Id, shape))
}

/// A lifecycle move: from and to which stage.
fn lifecycle_entry(r: Row) -> Result<Entry> {
    use crm_customers::LifecycleStage;
    let (id, at, person, from, to, _, _, _, _) = r;
    let from = from
        .as_deref()
        .map(|s| stored("stage", s, LifecycleStage::parse))
        .transpose()?;
    let to = stored("stage", to.as_deref().unwrap_or(""), LifecycleStage::parse)?;
    Ok(Entry {
        id,
        kind: crm_customers::timeline::LIFECYCLE_CHANGE.name,
        occurred_at: at,
        record_type: "person",
        record_id: person,
        title: crm_customers::timeline::stage_title(from, to),
        detail: None,
    })
}

fn consents(ask: &Ask<'_>) -> Option<SelectStatement> {
    use consent::Column as K;
    let q = in_org::<consent::Entity>(ask.actor.org_id).filter(K::PersonId.is_in(ask.ids.clone()));
    let shape = Shape {
        record_id: Some(col(K::PersonId)),
        texts: vec![
            col(K::Channel),
            col(K::Purpose),
            col(K::Status),
            col(K::Source),
        ],
        ..Shape::default()
    };
    Some(newest_first(q, ask, K::RecordedAt, K::Id, shape))
}

/// A consent recorded: channel, purpose, status and where it came from.
fn consent_entry(r: Row) -> Result<Entry> {
    use crm_customers::consent::{Channel, ConsentStatus, Purpose};
    let (id, at, person, channel, purpose, status, source, _, _) = r;
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    let title = crm_customers::timeline::consent_title(
        stored("channel", &text(&channel), Channel::parse)?,
        stored("purpose", &text(&purpose), Purpose::parse)?,
        stored("status", &text(&status), ConsentStatus::parse)?,
    );
    Ok(Entry {
        id,
        kind: crm_customers::timeline::CONSENT.name,
        occurred_at: at,
        record_type: "person",
        record_id: person,
        title,
        detail: source,
    })
}

/// The records merged into the subject, at the time they were retired.
fn merges(ask: &Ask<'_>) -> Option<SelectStatement> {
    // The ids merged into the subject are already known: none, no query.
    if ask.ids.len() < 2 {
        return None;
    }
    Some(match ask.subject {
        Subject::Person(_) => {
            use person::Column as P;
            let q = in_org::<person::Entity>(ask.actor.org_id)
                .filter(P::MergedInto.eq(ask.id))
                .filter(P::DeletedAt.is_not_null());
            let shape = Shape {
                texts: vec![col(P::FirstName), col(P::LastName), Expr::cust("'person'")],
                ..Shape::default()
            };
            newest_first(q, ask, P::DeletedAt, P::Id, shape)
        }
        Subject::Company(_) => {
            use company::Column as K;
            let q = in_org::<company::Entity>(ask.actor.org_id)
                .filter(K::MergedInto.eq(ask.id))
                .filter(K::DeletedAt.is_not_null());
            let shape = Shape {
                texts: vec![
                    col(K::Name),
                    Expr::cust("CAST(NULL AS TEXT)"),
                    Expr::cust("'company'"),
                ],
                ..Shape::default()
            };
            newest_first(q, ask, K::DeletedAt, K::Id, shape)
        }
    })
}

/// A record merged into the subject, named as it was.
fn merge_entry(r: Row) -> Result<Entry> {
    let (id, at, _, first, last, record_type, _, _, _) = r;
    let name = [first, last]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    Ok(Entry {
        id,
        kind: crm_customers::timeline::MERGE.name,
        occurred_at: at,
        record_type: if record_type.as_deref() == Some("company") {
            "company"
        } else {
            "person"
        },
        record_id: id,
        title: crm_customers::timeline::MERGE_TITLE.to_string(),
        detail: Some(name).filter(|n| !n.is_empty()),
    })
}

fn stage_moves(ask: &Ask<'_>) -> Option<SelectStatement> {
    use opportunity_stage_move::Column as M;
    let to_opportunity = opportunity_stage_move::Entity::belongs_to(opportunity::Entity)
        .from(M::OpportunityId)
        .to(opportunity::Column::Id)
        .into();
    let to_stage = opportunity_stage_move::Entity::belongs_to(pipeline_stage::Entity)
        .from(M::ToStageId)
        .to(pipeline_stage::Column::Id)
        .into();
    let party = match ask.subject {
        Subject::Person(_) => opportunity::Column::PersonId,
        Subject::Company(_) => opportunity::Column::CompanyId,
    };
    let q = in_org::<opportunity_stage_move::Entity>(ask.actor.org_id)
        .join(JoinType::InnerJoin, to_opportunity)
        .join(JoinType::InnerJoin, to_stage)
        .filter(party.is_in(ask.ids.clone()))
        .filter(opportunity::Column::DeletedAt.is_null());
    let shape = Shape {
        record_id: Some(col(M::OpportunityId)),
        texts: vec![
            col(opportunity::Column::Name),
            col(pipeline_stage::Column::Name),
            col(pipeline_stage::Column::Kind),
        ],
        // NULL for the move that opened it.
        number: Some(col(M::SecondsInStage)),
        ..Shape::default()
    };
    Some(newest_first(q, ask, M::MovedAt, M::Id, shape))
}

/// An opportunity opened or entered a stage.
fn stage_move_entry(r: Row) -> Result<Entry> {
    use crm_opportunities::pipeline::StageKind;
    use crm_opportunities::timeline::{detail, title};
    let (id, at, opportunity, name, stage, kind, _, seconds, _) = r;
    let kind = stored(
        "stage kind",
        kind.as_deref().unwrap_or(""),
        StageKind::parse,
    )?;
    let (name, stage) = (name.unwrap_or_default(), stage.unwrap_or_default());
    Ok(Entry {
        id,
        kind: crm_opportunities::timeline::OPPORTUNITY.name,
        occurred_at: at,
        record_type: "opportunity",
        record_id: opportunity,
        title: title(seconds.is_none(), &name, &stage, kind),
        detail: Some(detail(&stage, kind)),
    })
}

fn orders(ask: &Ask<'_>) -> Option<SelectStatement> {
    use order::Column as O;
    let party = match ask.subject {
        Subject::Person(_) => O::PersonId,
        Subject::Company(_) => O::CompanyId,
    };
    let q = in_org::<order::Entity>(ask.actor.org_id)
        .filter(party.is_in(ask.ids.clone()))
        .filter(O::DeletedAt.is_null());
    let shape = Shape {
        texts: vec![
            col(O::Status),
            col(O::Currency),
            // The shape has one number, the total; the refunded units ride as text.
            Expr::cust(r#"CAST("orders"."refunded_units" AS TEXT)"#),
        ],
        number: Some(col(O::TotalUnits)),
        ..Shape::default()
    };
    Some(newest_first(q, ask, O::CreatedAt, O::Id, shape))
}

/// An order was placed.
fn order_entry(r: Row) -> Result<Entry> {
    use crm_opportunities::order::OrderStatus;
    use crm_records::money::{Currency, Money};
    let (id, at, _, status, currency, refunded, _, total, _) = r;
    let status = stored(
        "order status",
        status.as_deref().unwrap_or(""),
        OrderStatus::parse,
    )?;
    let currency = stored(
        "currency",
        currency.as_deref().unwrap_or(""),
        Currency::parse,
    )?;
    let refunded = refunded.and_then(|t| t.parse::<i64>().ok()).unwrap_or(0);
    Ok(Entry {
        id,
        kind: crm_opportunities::timeline::ORDER.name,
        occurred_at: at,
        record_type: "order",
        record_id: id,
        title: crm_opportunities::timeline::order_title(
            Money::from_units(total.unwrap_or(0), currency),
            Money::from_units(refunded, currency),
            status,
        ),
        detail: None,
    })
}
