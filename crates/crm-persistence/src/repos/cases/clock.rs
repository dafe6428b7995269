//! A case's SLA clock and follow-up as stored in its row, and the checks queued at its
//! deadlines (a `case.sla` job per deadline, carrying it, so a moved deadline's old
//! check does nothing).

use crate::entities::case;
use crate::error::Result;
use crate::repos::jobs::enqueue_with_in;
use crate::repos::service_levels::{hours_in, policies_of};
use chrono::{DateTime, Utc};
use crm_core::Actor;
use crm_interactions::case::FollowUp;
use crm_interactions::jobs::{CASE_SLA, SlaCheck};
use crm_interactions::sla::{BusinessHours, Clock, SlaPolicy};
use sea_orm::ActiveValue::Set;
use sea_orm::ConnectionTrait;
use uuid::Uuid;

/// The clock a row holds.
pub(super) fn of(r: &case::Model) -> Clock {
    Clock {
        policy_id: r.sla_policy_id,
        first_response_due_at: r.first_response_due_at,
        resolution_due_at: r.resolution_due_at,
        paused_at: r.sla_paused_at,
        paused_seconds: r.sla_paused_seconds,
        first_response_breached_at: r.first_response_breached_at,
        resolution_breached_at: r.resolution_breached_at,
    }
}

/// The follow-up a row holds.
pub(super) fn follow_up_of(r: &case::Model) -> FollowUp {
    FollowUp {
        task_id: r.follow_up_task_id,
        solved: r.follow_up_solved,
        rating: r.satisfaction_rating.and_then(|v| u8::try_from(v).ok()),
        comment: r.satisfaction_comment.clone(),
        answered_at: r.follow_up_answered_at,
    }
}

/// Writes `c` into a row, with the columns lists filter and sort on: the next
/// deadline (`sla_due_at`) and whether a target was missed.
pub(super) fn set(am: &mut case::ActiveModel, c: &Clock, responded: Option<DateTime<Utc>>) {
    am.sla_policy_id = Set(c.policy_id);
    am.first_response_due_at = Set(c.first_response_due_at);
    am.resolution_due_at = Set(c.resolution_due_at);
    am.sla_paused_at = Set(c.paused_at);
    am.sla_paused_seconds = Set(c.paused_seconds);
    am.first_response_breached_at = Set(c.first_response_breached_at);
    am.resolution_breached_at = Set(c.resolution_breached_at);
    am.sla_due_at = Set(c.due_at(responded));
    am.sla_breached = Set(c.breached());
}

/// Queues a check at each deadline `c` set or moved since `before`.
pub(super) async fn schedule<C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    case: Uuid,
    c: &Clock,
    before: &Clock,
    responded: Option<DateTime<Utc>>,
) -> Result<()> {
    for (target, due_at) in c.checks_since(before, responded) {
        let payload = serde_json::to_string(&SlaCheck { target, due_at }).ok();
        enqueue_with_in(
            db,
            Some(actor.org_id.0),
            CASE_SLA,
            case,
            payload,
            Some(due_at),
        )
        .await?;
    }
    Ok(())
}

/// The organisation's policies and business hours, for a write that sets deadlines.
pub(super) async fn setting<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
) -> Result<(Vec<SlaPolicy>, BusinessHours)> {
    let policies = policies_of(c, actor.org_id).await?;
    let (hours, _) = hours_in(c, actor.org_id).await?;
    Ok((policies, hours))
}
