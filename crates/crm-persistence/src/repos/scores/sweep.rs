//! A score sweep: the people whose facts changed since the previous sweep looked (their
//! record, an order of theirs, an interaction naming them, a page visit), rescored by
//! every live rule; once a day everyone's decaying points; then the next sweep queued,
//! while the organisation has a live rule.

use super::compute::{self, Scope};
use super::rules::live_rules;
use super::thresholds_in;
use crate::entities::{interaction, interaction_link, order, page_visit, person};
use crate::error::Result;
use crate::repos::jobs::enqueue_with_in;
use crate::time;
use chrono::{DateTime, Utc};
use crm_core::ids::OrgId;
use crm_opportunities::jobs::{SCORES_SWEEP, SWEEP_EVERY_SECONDS, Sweep};
use sea_orm::ConnectionTrait;
use sea_orm::sea_query::{Expr, ExprTrait, Query, SelectStatement, UnionType};
use std::collections::BTreeSet;
use uuid::Uuid;

/// How many people one rescoring statement names.
const CHUNK: usize = 500;
/// Past this many changed people, a sweep rescores everyone in sets instead.
const EVERYONE_PAST: usize = 20_000;

/// The people of `org` whose facts changed at or after `from`.
async fn changed<C: ConnectionTrait>(c: &C, org: OrgId, from: DateTime<Utc>) -> Result<Vec<Uuid>> {
    let people = Query::select()
        .expr(Expr::col((person::Entity, person::Column::Id)))
        .from(person::Entity)
        .and_where(Expr::col((person::Entity, person::Column::OrgId)).eq(org.0))
        .and_where(Expr::col((person::Entity, person::Column::UpdatedAt)).gte(from))
        .to_owned();
    let orders = Query::select()
        .expr(Expr::col((order::Entity, order::Column::PersonId)))
        .from(order::Entity)
        .and_where(Expr::col((order::Entity, order::Column::OrgId)).eq(org.0))
        .and_where(Expr::col((order::Entity, order::Column::UpdatedAt)).gte(from))
        .and_where(Expr::col((order::Entity, order::Column::PersonId)).is_not_null())
        .to_owned();
    let (i, l) = (interaction::Entity, interaction_link::Entity);
    let interactions = Query::select()
        .expr(Expr::col((l, interaction_link::Column::TargetId)))
        .from(i)
        .inner_join(
            l,
            Expr::col((l, interaction_link::Column::InteractionId))
                .equals((i, interaction::Column::Id))
                .and(Expr::col((l, interaction_link::Column::Kind)).eq("person")),
        )
        .and_where(Expr::col((i, interaction::Column::OrgId)).eq(org.0))
        .and_where(Expr::col((i, interaction::Column::UpdatedAt)).gte(from))
        .to_owned();
    let visits = Query::select()
        .expr(Expr::col((
            page_visit::Entity,
            page_visit::Column::PersonId,
        )))
        .from(page_visit::Entity)
        .and_where(Expr::col((page_visit::Entity, page_visit::Column::OrgId)).eq(org.0))
        .and_where(Expr::col((page_visit::Entity, page_visit::Column::CreatedAt)).gte(from))
        .to_owned();
    let mut q: SelectStatement = people;
    q.union(UnionType::Distinct, orders)
        .union(UnionType::Distinct, interactions)
        .union(UnionType::Distinct, visits);
    let mut out = BTreeSet::new();
    for r in c.query_all_raw(c.get_database_backend().build(&q)).await? {
        out.insert(r.try_get_by_index::<Uuid>(0)?);
    }
    Ok(out.into_iter().collect())
}

/// Runs sweep `s` of `org`, and queues the next one unless no live rule is left.
pub(super) async fn run<C: ConnectionTrait>(c: &C, org: OrgId, s: &Sweep) -> Result<()> {
    let started = time::now();
    let rules = live_rules(c, org).await?;
    if rules.is_empty() {
        return Ok(());
    }
    let (thresholds, _) = thresholds_in(c, org).await?;
    let people = changed(c, org, s.from()).await?;
    let decays = s.decays(started);
    if people.len() > EVERYONE_PAST {
        for rule in &rules {
            compute::rebuild_parts(c, org, rule, Scope::Everyone).await?;
        }
        compute::settle(c, org, Scope::Everyone, &thresholds).await?;
    } else {
        for chunk in people.chunks(CHUNK) {
            for rule in &rules {
                compute::rebuild_parts(c, org, rule, Scope::People(chunk)).await?;
            }
            compute::settle(c, org, Scope::People(chunk), &thresholds).await?;
        }
        if decays {
            let decaying = rules.iter().filter(|r| r.half_life_days.is_some());
            for rule in decaying {
                compute::rebuild_parts(c, org, rule, Scope::Everyone).await?;
            }
            compute::settle(c, org, Scope::Everyone, &thresholds).await?;
        }
    }
    let next = Sweep {
        since: started,
        decayed_on: if decays {
            Some(started.date_naive())
        } else {
            s.decayed_on
        },
    };
    queue(c, org, &next, started).await
}

/// Queues sweep `s` of `org` a sweep interval after `now`.
pub(super) async fn queue<C: ConnectionTrait>(
    c: &C,
    org: OrgId,
    s: &Sweep,
    now: DateTime<Utc>,
) -> Result<()> {
    let run_at = now + chrono::Duration::seconds(SWEEP_EVERY_SECONDS);
    let payload = serde_json::to_string(s).ok();
    enqueue_with_in(c, Some(org.0), SCORES_SWEEP, org.0, payload, Some(run_at)).await?;
    Ok(())
}
