//! Scoring rules as stored: a row per rule (a condition's tree as JSON text, or an
//! event's kind, channel and URL part), each write journaled and queuing the
//! recomputation of the rule's points (`scores.rule`) and, for the organisation's first
//! rule, its sweeps (`scores.sweep`), in the write's own transaction.

use crate::entities::{job, scoring_rule};
use crate::error::Result;
use crate::journal;
use crate::record::{self, Record, State, find, scoped};
use crate::repos::jobs::enqueue_in;
use crate::time;
use crm_core::ids::OrgId;
use crm_core::{Actor, DomainError, EventType};
use crm_opportunities::events;
use crm_opportunities::jobs::{SCORES_RULE, SCORES_SWEEP, Sweep};
use crm_opportunities::scoring::{
    EventKind, EventTrigger, MAX_RULES, NewScoringRule, ScoringRule, Trigger,
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, PaginatorTrait, QueryFilter,
    QueryOrder,
};
use uuid::Uuid;

/// The domain value of a stored rule.
pub(super) fn rule(r: scoring_rule::Model) -> Result<ScoringRule> {
    let bad = |what: &str| DomainError::internal(format!("stored scoring rule {}: {what}", r.id));
    let trigger = match (&r.condition, &r.event_kind) {
        (Some(c), None) => {
            Trigger::Condition(serde_json::from_str(c).map_err(|_| bad("unreadable condition"))?)
        }
        (None, Some(k)) => Trigger::Event(EventTrigger {
            kind: EventKind::parse(k).ok_or_else(|| bad("unknown event kind"))?,
            channel: r.event_channel.clone(),
            url_contains: r.event_url.clone(),
        }),
        _ => return Err(bad("neither a condition nor an event").into()),
    };
    Ok(ScoringRule {
        id: r.id,
        name: r.name,
        trigger,
        points: i64::from(r.points),
        half_life_days: r.half_life_days.and_then(|d| u32::try_from(d).ok()),
        active: r.active,
        created_at: r.created_at,
        updated_at: r.updated_at,
        version: r.version,
    })
}

impl Record for scoring_rule::Entity {
    const RESOURCE: &'static str = "scoring_rule";
    const COLLECTION: &'static str = "scoring-rules";
    const ID: scoring_rule::Column = scoring_rule::Column::Id;
    const VERSION: scoring_rule::Column = scoring_rule::Column::Version;
    const UPDATED_AT: scoring_rule::Column = scoring_rule::Column::UpdatedAt;
    const DELETED_AT: scoring_rule::Column = scoring_rule::Column::DeletedAt;
    const DELETED: EventType = events::SCORING_RULE_DELETED;
    const RESTORED: EventType = events::SCORING_RULE_RESTORED;
    type View = ScoringRule;

    fn version_of(row: &scoring_rule::Model) -> i64 {
        row.version
    }
    fn view<C: ConnectionTrait>(
        _c: &C,
        row: scoring_rule::Model,
    ) -> impl std::future::Future<Output = Result<ScoringRule>> + Send {
        std::future::ready(rule(row))
    }
}

/// Sets the columns of `r` on a row.
fn set(am: &mut scoring_rule::ActiveModel, r: NewScoringRule) {
    let (condition, kind, channel, url) = match r.trigger {
        Trigger::Condition(c) => (Some(c.to_string()), None, None, None),
        Trigger::Event(e) => (
            None,
            Some(e.kind.as_str().to_string()),
            e.channel,
            e.url_contains,
        ),
    };
    am.name = Set(r.name);
    am.condition = Set(condition);
    am.event_kind = Set(kind);
    am.event_channel = Set(channel);
    am.event_url = Set(url);
    am.points = Set(i32::try_from(r.points).unwrap_or_default());
    am.half_life_days = Set(r.half_life_days.and_then(|d| i32::try_from(d).ok()));
    am.active = Set(r.active);
}

/// The organisation's live rules, oldest first.
pub(super) async fn live_rules<C: ConnectionTrait>(c: &C, org: OrgId) -> Result<Vec<ScoringRule>> {
    record::in_org::<scoring_rule::Entity>(org)
        .filter(scoring_rule::Column::DeletedAt.is_null())
        .order_by_asc(scoring_rule::Column::CreatedAt)
        .order_by_asc(scoring_rule::Column::Id)
        .all(c)
        .await?
        .into_iter()
        .map(rule)
        .collect()
}

/// Queues the recomputation of rule `id`'s points, and the organisation's sweeps
/// unless a sweep is already queued or running.
async fn rescore_later<C: ConnectionTrait>(c: &C, actor: &Actor, id: Uuid) -> Result<()> {
    let org = Some(actor.org_id.0);
    enqueue_in(c, org, SCORES_RULE, id, None).await?;
    let sweeping = scoped::<job::Entity>(actor)
        .filter(job::Column::Kind.eq(SCORES_SWEEP))
        .filter(job::Column::Status.is_in(["queued", "running"]))
        .count(c)
        .await?;
    if sweeping == 0 {
        let now = time::now();
        let sweep = Sweep {
            since: now,
            decayed_on: Some(now.date_naive()),
        };
        super::sweep::queue(c, actor.org_id, &sweep, now).await?;
    }
    Ok(())
}

/// Stores a new rule, journaled, its points queued.
pub(super) async fn create<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    r: NewScoringRule,
) -> Result<ScoringRule> {
    let live = scoped::<scoring_rule::Entity>(actor)
        .filter(scoring_rule::Column::DeletedAt.is_null())
        .count(c)
        .await?;
    if live >= MAX_RULES {
        return Err(DomainError::conflict(format!(
            "an organisation has at most {MAX_RULES} scoring rules"
        ))
        .into());
    }
    let now = time::now();
    let mut am = scoring_rule::ActiveModel {
        id: Set(Uuid::now_v7()),
        org_id: Set(actor.org_id.0),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
        deleted_at: Set(None),
        ..Default::default()
    };
    set(&mut am, r);
    let created = rule(am.insert(c).await?)?;
    journal::record_change(
        c,
        actor,
        events::SCORING_RULE_CREATED,
        created.id,
        None,
        Some(&created),
    )
    .await?;
    rescore_later(c, actor, created.id).await?;
    Ok(created)
}

/// Stores `r` over rule `id` if it is still at `if_version`, journaled, its points queued.
pub(super) async fn update<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    id: Uuid,
    r: NewScoringRule,
    if_version: i64,
) -> Result<ScoringRule> {
    let row = find::<scoring_rule::Entity, _>(c, actor, id, State::Live, true).await?;
    record::check_version(row.version, Some(if_version))?;
    let before = rule(row.clone())?;
    let mut am: scoring_rule::ActiveModel = row.into();
    set(&mut am, r);
    am.updated_at = Set(time::now());
    am.version = Set(before.version + 1);
    let after = rule(am.update(c).await?)?;
    journal::record_change(
        c,
        actor,
        events::SCORING_RULE_UPDATED,
        id,
        Some(&before),
        Some(&after),
    )
    .await?;
    rescore_later(c, actor, id).await?;
    Ok(after)
}

/// Deletes rule `id` (restorable), its points' removal queued.
pub(super) async fn delete<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    id: Uuid,
    if_version: Option<i64>,
) -> Result<()> {
    record::soft_delete::<scoring_rule::Entity, _>(c, actor, id, if_version).await?;
    enqueue_in(c, Some(actor.org_id.0), SCORES_RULE, id, None).await?;
    Ok(())
}

/// Restores rule `id`, its points queued.
pub(super) async fn restore<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    id: Uuid,
) -> Result<ScoringRule> {
    let after = record::restore::<scoring_rule::Entity, _>(
        c,
        actor,
        id,
        "the scoring rule cannot be restored",
    )
    .await?;
    rescore_later(c, actor, id).await?;
    Ok(after)
}
