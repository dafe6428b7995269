//! Computing scores in sets: what one rule gives the people of a scope (a condition's
//! filter as one `INSERT … SELECT` over people; an event count as one grouped
//! `INSERT … SELECT`; decaying events read per person and weighed here), then the
//! scores those parts add up to, written with their history and, for a threshold
//! crossed, a `person.score_changed` event.

use crate::entities::{
    interaction, interaction_link, order, page_visit, person, person_score, person_score_change,
    person_score_part,
};
use crate::error::Result;
use crate::fold::{self, Match};
use crate::journal::{self, Change};
use crate::time;
use chrono::{DateTime, NaiveDate, Utc};
use crm_core::ids::OrgId;
use crm_core::{Actor, Principal};
use crm_opportunities::events::PERSON_SCORE_CHANGED;
use crm_opportunities::scoring::{EventKind, EventTrigger, ScoringRule, Thresholds, Trigger};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, OnConflict, Order, Query, SelectStatement};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use std::collections::BTreeMap;
use uuid::Uuid;

/// How many people's rows one statement writes.
const ROWS: usize = 1000;

/// Which people a recomputation covers.
#[derive(Clone, Copy)]
pub(super) enum Scope<'a> {
    Everyone,
    /// These people only (at most a few hundred: their ids go into the statements).
    People(&'a [Uuid]),
    /// The people whose ids are after `after` (when given), up to `upto` included
    /// (when given): one transaction's share of a rule applied to everyone.
    Between {
        after: Option<Uuid>,
        upto: Option<Uuid>,
    },
}

impl Scope<'_> {
    /// The condition on a person id `id` that keeps this scope's people.
    fn condition(self, id: Expr) -> Option<sea_orm::Condition> {
        match self {
            Scope::Everyone => None,
            Scope::People(ids) => {
                Some(sea_orm::Condition::all().add(id.is_in(ids.iter().copied())))
            }
            Scope::Between { after, upto } => {
                let mut all = sea_orm::Condition::all();
                if let Some(a) = after {
                    all = all.add(id.clone().gt(a));
                }
                if let Some(u) = upto {
                    all = all.add(id.lte(u));
                }
                Some(all)
            }
        }
    }

    fn restrict(self, q: &mut SelectStatement, id: Expr) {
        if let Some(c) = self.condition(id) {
            q.cond_where(c);
        }
    }
}

/// The live people of `org`, as a query to add columns to.
fn live_people(org: OrgId) -> SelectStatement {
    Query::select()
        .from(person::Entity)
        .and_where(Expr::col((person::Entity, person::Column::OrgId)).eq(org.0))
        .and_where(Expr::col((person::Entity, person::Column::DeletedAt)).is_null())
        .to_owned()
}

/// Replaces what `rule` gives the people of `scope`: nothing when it is inactive (or
/// its condition no longer reads, a custom field it names having been deleted).
pub(super) async fn rebuild_parts<C: ConnectionTrait>(
    c: &C,
    org: OrgId,
    rule: &ScoringRule,
    scope: Scope<'_>,
) -> Result<()> {
    let mut gone = crate::record::delete_in::<person_score_part::Entity>(org)
        .filter(person_score_part::Column::RuleId.eq(rule.id));
    let person = Expr::col((
        person_score_part::Entity,
        person_score_part::Column::PersonId,
    ));
    if let Some(c) = scope.condition(person) {
        gone = gone.filter(c);
    }
    gone.exec(c).await?;
    if !rule.active {
        return Ok(());
    }
    match &rule.trigger {
        Trigger::Condition(tree) => condition_parts(c, org, rule, tree, scope).await,
        Trigger::Event(e) if rule.half_life_days.is_none() => {
            counted_parts(c, org, rule, e, scope).await
        }
        Trigger::Event(e) => decayed_parts(c, org, rule, e, scope).await,
    }
}

/// The people the condition matches get the rule's points: one `INSERT … SELECT`.
async fn condition_parts<C: ConnectionTrait>(
    c: &C,
    org: OrgId,
    rule: &ScoringRule,
    tree: &serde_json::Value,
    scope: Scope<'_>,
) -> Result<()> {
    let (catalogue, defs) = super::people_catalogue(c, org).await?;
    let filter = match crm_core::filter::Filter::parse(tree, &catalogue, "condition") {
        Ok(f) => f,
        Err(e) => {
            tracing::warn!(rule = %rule.id, errors = ?e, "a scoring rule's condition no longer reads; it gives no points");
            return Ok(());
        }
    };
    let backend = c.get_database_backend();
    let matched = crate::repos::people::condition(&filter, &defs, backend)?;
    let mut q = live_people(org);
    q.expr(Expr::col((person::Entity, person::Column::OrgId)))
        .expr(Expr::col((person::Entity, person::Column::Id)))
        .expr(Expr::val(rule.id))
        .expr(Expr::val(rule.points))
        .cond_where(matched);
    scope.restrict(&mut q, Expr::col((person::Entity, person::Column::Id)));
    insert_parts(c, q).await
}

/// `INSERT INTO person_score_parts … <q>`, `q` selecting org, person, rule and points.
async fn insert_parts<C: ConnectionTrait>(c: &C, q: SelectStatement) -> Result<()> {
    use person_score_part::Column as P;
    let mut insert = Query::insert();
    insert
        .into_table(person_score_part::Entity)
        .columns([P::OrgId, P::PersonId, P::RuleId, P::Points])
        .select_from(q)
        .map_err(|e| crm_core::DomainError::internal(e.to_string()))?;
    c.execute_raw(c.get_database_backend().build(&insert))
        .await?;
    Ok(())
}

/// The events a rule counts, one row each: the person (`who`) and when (`at`).
fn events(org: OrgId, e: &EventTrigger, backend: sea_orm::DbBackend) -> (SelectStatement, Expr) {
    let mut q = live_people(org);
    match e.kind {
        EventKind::Interaction => {
            let (i, l) = (interaction::Entity, interaction_link::Entity);
            q.inner_join(
                l,
                Expr::col((l, interaction_link::Column::TargetId))
                    .equals((person::Entity, person::Column::Id))
                    .and(Expr::col((l, interaction_link::Column::Kind)).eq("person")),
            )
            .inner_join(
                i,
                Expr::col((i, interaction::Column::Id))
                    .equals((l, interaction_link::Column::InteractionId)),
            )
            .and_where(Expr::col((i, interaction::Column::DeletedAt)).is_null());
            if let Some(ch) = &e.channel {
                q.and_where(Expr::col((i, interaction::Column::Channel)).eq(ch.as_str()));
            }
            (q, Expr::col((i, interaction::Column::OccurredAt)))
        }
        EventKind::Order => {
            q.inner_join(
                order::Entity,
                Expr::col((order::Entity, order::Column::PersonId))
                    .equals((person::Entity, person::Column::Id)),
            )
            .and_where(Expr::col((order::Entity, order::Column::DeletedAt)).is_null())
            .and_where(
                Expr::col((order::Entity, order::Column::Status)).is_in(
                    crm_opportunities::spend::PURCHASES
                        .iter()
                        .map(|s| s.as_str()),
                ),
            );
            (q, Expr::col((order::Entity, order::Column::OrderDate)))
        }
        EventKind::PageVisit => {
            let v = page_visit::Entity;
            q.inner_join(
                v,
                Expr::col((v, page_visit::Column::PersonId))
                    .equals((person::Entity, person::Column::Id)),
            );
            if let Some(part) = &e.url_contains {
                q.and_where(fold::matches(
                    Expr::col((v, page_visit::Column::Url)),
                    part,
                    Match::Contains,
                    backend,
                ));
            }
            (q, Expr::col((v, page_visit::Column::OccurredAt)))
        }
    }
}

/// Points per event without decay: `points × COUNT(*)` per person, one `INSERT … SELECT`.
async fn counted_parts<C: ConnectionTrait>(
    c: &C,
    org: OrgId,
    rule: &ScoringRule,
    e: &EventTrigger,
    scope: Scope<'_>,
) -> Result<()> {
    let (mut q, _) = events(org, e, c.get_database_backend());
    q.expr(Expr::col((person::Entity, person::Column::OrgId)))
        .expr(Expr::col((person::Entity, person::Column::Id)))
        .expr(Expr::val(rule.id))
        .expr(Expr::cust(format!(
            "CAST({} * COUNT(*) AS BIGINT)",
            rule.points
        )))
        .group_by_col((person::Entity, person::Column::OrgId))
        .group_by_col((person::Entity, person::Column::Id));
    scope.restrict(&mut q, Expr::col((person::Entity, person::Column::Id)));
    insert_parts(c, q).await
}

/// Decaying points: each person's events read with their times, weighed here
/// ([`crm_opportunities::scoring::event_points`]), written in multi-row INSERTs.
async fn decayed_parts<C: ConnectionTrait>(
    c: &C,
    org: OrgId,
    rule: &ScoringRule,
    e: &EventTrigger,
    scope: Scope<'_>,
) -> Result<()> {
    let (mut q, at) = events(org, e, c.get_database_backend());
    q.expr_as(
        Expr::col((person::Entity, person::Column::Id)),
        Alias::new("who"),
    )
    .expr_as(at, Alias::new("at"));
    scope.restrict(&mut q, Expr::col((person::Entity, person::Column::Id)));
    let mut times: BTreeMap<Uuid, Vec<DateTime<Utc>>> = BTreeMap::new();
    for r in c.query_all_raw(c.get_database_backend().build(&q)).await? {
        let when = if e.kind == EventKind::Order {
            let d: NaiveDate = r.try_get("", "at")?;
            d.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc()
        } else {
            r.try_get::<DateTime<Utc>>("", "at")?
        };
        times.entry(r.try_get("", "who")?).or_default().push(when);
    }
    let now = time::now();
    let parts: Vec<person_score_part::ActiveModel> = times
        .into_iter()
        .map(|(who, at)| {
            let points =
                crm_opportunities::scoring::event_points(rule.points, rule.half_life_days, now, at);
            (who, points)
        })
        .filter(|(_, p)| *p != 0)
        .map(|(who, points)| person_score_part::ActiveModel {
            org_id: Set(org.0),
            person_id: Set(who),
            rule_id: Set(rule.id),
            points: Set(points),
        })
        .collect();
    for chunk in parts.chunks(ROWS) {
        person_score_part::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(c)
            .await?;
    }
    Ok(())
}

/// One score that changes: the person, from what, to what.
struct Move {
    person: Uuid,
    previous: i64,
    score: i64,
}

/// Which of a scope's scores a page of moves lists.
#[derive(Clone, Copy)]
enum Moved {
    /// Those that differ from the sum of their parts.
    Summed,
    /// Those left with no part, not yet 0.
    Emptied,
}

/// Up to [`ROWS`] moves of `scope` of one kind, in person order after `after`: a
/// settle reads them a page at a time, so a rule that moves a million scores never
/// holds them all.
async fn moves<C: ConnectionTrait>(
    c: &C,
    org: OrgId,
    scope: Scope<'_>,
    kind: Moved,
    after: Option<Uuid>,
) -> Result<Vec<Move>> {
    let (p, s) = (person_score_part::Entity, person_score::Entity);
    let (mut q, who) = match kind {
        Moved::Summed => {
            // Grouped by the person alone, in the order of the parts' key, so both
            // databases aggregate as they read and stop at the page's end (grouping by
            // a joined score too made SQLite sort every group of the range per page).
            let total = Expr::cust("CAST(SUM(person_score_parts.points) AS BIGINT)");
            let previous = Expr::cust(
                "COALESCE((SELECT s.score FROM person_scores s \
                 WHERE s.person_id = person_score_parts.person_id), 0)",
            );
            let who = Expr::col((p, person_score_part::Column::PersonId));
            let q = Query::select()
                .expr_as(who.clone(), Alias::new("who"))
                .expr_as(previous.clone(), Alias::new("previous"))
                .expr_as(total.clone(), Alias::new("score"))
                .from(p)
                .and_where(Expr::col((p, person_score_part::Column::OrgId)).eq(org.0))
                .group_by_col((p, person_score_part::Column::PersonId))
                .and_having(previous.ne(total))
                .to_owned();
            (q, who)
        }
        Moved::Emptied => {
            let who = Expr::col((s, person_score::Column::PersonId));
            let q = Query::select()
                .expr_as(who.clone(), Alias::new("who"))
                .expr_as(Expr::col((s, person_score::Column::Score)), Alias::new("previous"))
                .expr_as(Expr::cust("CAST(0 AS BIGINT)"), Alias::new("score"))
                .from(s)
                .and_where(Expr::col((s, person_score::Column::OrgId)).eq(org.0))
                .and_where(Expr::col((s, person_score::Column::Score)).ne(0))
                .and_where(Expr::cust(
                    "NOT EXISTS (SELECT 1 FROM person_score_parts pp WHERE pp.org_id = person_scores.org_id AND pp.person_id = person_scores.person_id)",
                ))
                .to_owned();
            (q, who)
        }
    };
    scope.restrict(&mut q, who.clone());
    if let Some(after) = after {
        q.and_where(who.clone().gt(after));
    }
    q.order_by_expr(who, Order::Asc).limit(ROWS as u64);
    let mut out = Vec::new();
    for r in c.query_all_raw(c.get_database_backend().build(&q)).await? {
        out.push(Move {
            person: r.try_get("", "who")?,
            previous: r.try_get("", "previous")?,
            score: r.try_get("", "score")?,
        });
    }
    Ok(out)
}

/// Writes the scores of `scope` as their parts add up: each change with its history
/// row, and a `person.score_changed` event (with its audit entry) for each one that
/// crosses one of `thresholds`. Answers how many scores changed.
pub(super) async fn settle<C: ConnectionTrait>(
    c: &C,
    org: OrgId,
    scope: Scope<'_>,
    thresholds: &Thresholds,
) -> Result<usize> {
    let now = time::now();
    let system = Actor::new(org, Principal::System, None);
    let mut moved = 0;
    for kind in [Moved::Summed, Moved::Emptied] {
        let mut after = None;
        loop {
            let page = moves(c, org, scope, kind, after).await?;
            let Some(last) = page.last() else { break };
            after = Some(last.person);
            moved += page.len();
            write_moves(c, org, &system, now, &page, thresholds).await?;
        }
    }
    Ok(moved)
}

/// Writes one page of moves: the scores, their history rows, and the threshold events.
async fn write_moves<C: ConnectionTrait>(
    c: &C,
    org: OrgId,
    system: &Actor,
    now: DateTime<Utc>,
    chunk: &[Move],
    thresholds: &Thresholds,
) -> Result<()> {
    let scores = chunk.iter().map(|m| person_score::ActiveModel {
        person_id: Set(m.person),
        org_id: Set(org.0),
        score: Set(m.score),
        updated_at: Set(now),
    });
    person_score::Entity::insert_many(scores)
        .on_conflict(
            OnConflict::column(person_score::Column::PersonId)
                .update_columns([person_score::Column::Score, person_score::Column::UpdatedAt])
                .to_owned(),
        )
        .exec_without_returning(c)
        .await?;
    let history = chunk.iter().map(|m| person_score_change::ActiveModel {
        org_id: Set(org.0),
        person_id: Set(m.person),
        previous: Set(m.previous),
        score: Set(m.score),
        changed_at: Set(now),
    });
    // Two settles of one person in one microsecond (a sweep and a rule's job on
    // two replicas) keep the first entry.
    person_score_change::Entity::insert_many(history)
        .on_conflict(
            OnConflict::columns([
                person_score_change::Column::PersonId,
                person_score_change::Column::ChangedAt,
            ])
            .do_nothing()
            .to_owned(),
        )
        .exec_without_returning(c)
        .await?;
    let crossings: Vec<Change> = chunk
        .iter()
        .filter_map(|m| {
            let crossed = thresholds.crossed(m.previous, m.score);
            (!crossed.is_empty()).then(|| Change {
                event: PERSON_SCORE_CHANGED,
                resource_id: m.person,
                before: Some(serde_json::json!({"score": m.previous})),
                after: Some(serde_json::json!({
                    "score": m.score,
                    "previous": m.previous,
                    "thresholds_crossed": crossed,
                    "direction": if m.score > m.previous { "up" } else { "down" },
                })),
            })
        })
        .collect();
    if !crossings.is_empty() {
        journal::record_many(c, system, crossings).await?;
    }
    Ok(())
}
