//! Lead scoring's store: rules, thresholds and page visits as written by requests, a
//! person's score as read, and the recomputations the scoring jobs run (a rule's
//! points for everyone; the people whose facts changed since the last sweep).

mod compute;
mod rules;
mod sweep;

use crate::db::Db;
use crate::entities::{
    page_visit, person, person_score, person_score_change, person_score_part, scoring_rule,
    scoring_setting,
};
use crate::error::{Result, port};
use crate::journal;
use crate::record::{self, State, find, scoped};
use crate::time;
use async_trait::async_trait;
use compute::Scope;
use crm_core::filter::FieldCatalogue;
use crm_core::ids::OrgId;
use crm_core::{Actor, DomainError, DomainResult};
use crm_opportunities::events;
use crm_opportunities::jobs::Sweep;
use crm_opportunities::ports::ScoringRepository;
use crm_opportunities::scoring::{
    HISTORY_SHOWN, NewPageVisit, NewScoringRule, PageVisit, PersonScore, ScoreChange, ScorePart,
    ScoringRule, Thresholds,
};
use crm_records::custom_field::CustomField;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use uuid::Uuid;

pub(crate) struct Scores(pub Db);

/// A person's score in a people query (`score` filters and sorts): 0 without a row.
pub(crate) fn score_of_person() -> Expr {
    Expr::cust(
        "COALESCE((SELECT person_scores.score FROM person_scores \
         WHERE person_scores.person_id = people.id), 0)",
    )
}

/// The people filter catalogue with `org`'s custom fields of people (what a rule's
/// condition may name), and those fields.
pub(super) async fn people_catalogue<C: ConnectionTrait>(
    c: &C,
    org: OrgId,
) -> Result<(FieldCatalogue, Vec<CustomField>)> {
    let defs =
        crate::repos::custom_fields::definitions_of(c, org.0, crm_customers::custom_field::PERSON)
            .await?;
    let catalogue = crm_records::custom_field::with_custom_fields(
        crm_customers::catalogue::person_filters(),
        &defs,
    );
    Ok((catalogue, defs))
}

/// The organisation's thresholds and their version: none and 0 until first set.
async fn thresholds_in<C: ConnectionTrait>(c: &C, org: OrgId) -> Result<(Thresholds, i64)> {
    match record::in_org::<scoring_setting::Entity>(org)
        .one(c)
        .await?
    {
        Some(r) => {
            let values: Vec<i64> = serde_json::from_str(&r.thresholds)
                .map_err(|_| DomainError::internal("stored score thresholds are unreadable"))?;
            Ok((Thresholds(values), r.version))
        }
        None => Ok((Thresholds::default(), 0)),
    }
}

fn visit(r: page_visit::Model) -> PageVisit {
    PageVisit {
        id: r.id,
        person_id: r.person_id,
        url: r.url,
        title: r.title,
        occurred_at: r.occurred_at,
        created_at: r.created_at,
    }
}

/// How many people one transaction of a rule's rescoring covers: on SQLite the one
/// writer is held this long (about half a second), not for the whole recompute.
const RESCORE_RANGE: u64 = 50_000;

/// The id that closes the range of [`RESCORE_RANGE`] people after `after`, or `None`
/// when fewer are left (the last range runs to the end).
async fn range_end<C: ConnectionTrait>(
    c: &C,
    org: OrgId,
    after: Option<Uuid>,
) -> Result<Option<Uuid>> {
    let mut q = record::in_org::<person::Entity>(org);
    if let Some(a) = after {
        q = q.filter(person::Column::Id.gt(a));
    }
    Ok(q.select_only()
        .column(person::Column::Id)
        .order_by_asc(person::Column::Id)
        .offset(RESCORE_RANGE - 1)
        .limit(1)
        .into_tuple::<Uuid>()
        .one(c)
        .await?)
}

/// Recomputes what `rule_id` gives the people of `scope` in `org`, then every score
/// it moved among them.
async fn rescore<C: ConnectionTrait>(
    c: &C,
    org: OrgId,
    rule_id: Uuid,
    scope: Scope<'_>,
) -> Result<usize> {
    let Some(row) = record::in_org::<scoring_rule::Entity>(org)
        .filter(scoring_rule::Column::Id.eq(rule_id))
        .one(c)
        .await?
    else {
        return Ok(0);
    };
    let mut rule = rules::rule(row.clone())?;
    rule.active &= row.deleted_at.is_none();
    compute::rebuild_parts(c, org, &rule, scope).await?;
    let (thresholds, _) = thresholds_in(c, org).await?;
    compute::settle(c, org, scope, &thresholds).await
}

/// After a merge of person `source` into `survivor`, the page visits of the one are
/// the other's (the sweep then rescores both: the merge changed both records).
pub(crate) async fn follow<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    kind: &str,
    source: Uuid,
    survivor: Uuid,
) -> Result<()> {
    if kind == "person" {
        record::scoped_update::<page_visit::Entity>(actor)
            .col_expr(page_visit::Column::PersonId, Expr::val(survivor))
            .filter(page_visit::Column::PersonId.eq(source))
            .exec(c)
            .await?;
    }
    Ok(())
}

/// What each rule gives person `id`, largest first, with the rules' names.
async fn parts_of<C: ConnectionTrait>(c: &C, actor: &Actor, id: Uuid) -> Result<Vec<ScorePart>> {
    let rows = scoped::<person_score_part::Entity>(actor)
        .filter(person_score_part::Column::PersonId.eq(id))
        .all(c)
        .await?;
    let names: std::collections::HashMap<Uuid, String> = scoped::<scoring_rule::Entity>(actor)
        .filter(scoring_rule::Column::Id.is_in(rows.iter().map(|r| r.rule_id)))
        .all(c)
        .await?
        .into_iter()
        .map(|r| (r.id, r.name))
        .collect();
    let mut parts: Vec<ScorePart> = rows
        .into_iter()
        .map(|r| ScorePart {
            rule_name: names.get(&r.rule_id).cloned().unwrap_or_default(),
            rule_id: r.rule_id,
            points: r.points,
        })
        .collect();
    parts.sort_by(|a, b| b.points.cmp(&a.points).then(a.rule_id.cmp(&b.rule_id)));
    Ok(parts)
}

#[async_trait]
impl ScoringRepository for Scores {
    async fn people_catalogue(&self, actor: &Actor) -> DomainResult<FieldCatalogue> {
        port(async { Ok(people_catalogue(&self.0.conn, actor.org_id).await?.0) }).await
    }

    async fn rules(&self, actor: &Actor) -> DomainResult<Vec<ScoringRule>> {
        port(rules::live_rules(&self.0.conn, actor.org_id)).await
    }

    async fn rule(&self, actor: &Actor, id: Uuid) -> DomainResult<ScoringRule> {
        record::store::get::<scoring_rule::Entity>(&self.0, actor, id).await
    }

    #[tracing::instrument(skip_all, fields(org = %actor.org_id))]
    async fn create_rule(&self, actor: &Actor, r: NewScoringRule) -> DomainResult<ScoringRule> {
        record::store::write(&self.0, async |txn| rules::create(txn, actor, r).await).await
    }

    #[tracing::instrument(skip_all, fields(org = %actor.org_id, %id))]
    async fn update_rule(
        &self,
        actor: &Actor,
        id: Uuid,
        r: NewScoringRule,
        if_version: i64,
    ) -> DomainResult<ScoringRule> {
        record::store::write(&self.0, async |txn| {
            rules::update(txn, actor, id, r, if_version).await
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(org = %actor.org_id, %id))]
    async fn delete_rule(
        &self,
        actor: &Actor,
        id: Uuid,
        if_version: Option<i64>,
    ) -> DomainResult<()> {
        record::store::write(&self.0, async |txn| {
            rules::delete(txn, actor, id, if_version).await
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(org = %actor.org_id, %id))]
    async fn restore_rule(&self, actor: &Actor, id: Uuid) -> DomainResult<ScoringRule> {
        record::store::write(&self.0, async |txn| rules::restore(txn, actor, id).await).await
    }

    async fn thresholds(&self, actor: &Actor) -> DomainResult<(Thresholds, i64)> {
        port(thresholds_in(&self.0.conn, actor.org_id)).await
    }

    #[tracing::instrument(skip_all, fields(org = %actor.org_id))]
    async fn set_thresholds(
        &self,
        actor: &Actor,
        t: Thresholds,
        if_version: Option<i64>,
    ) -> DomainResult<(Thresholds, i64)> {
        record::store::write(&self.0, async |txn| {
            let stored = scoped::<scoring_setting::Entity>(actor)
                .lock_exclusive()
                .one(txn)
                .await?;
            let current = stored.as_ref().map_or(0, |r| r.version);
            record::check_version(current, if_version)?;
            let (before, _) = thresholds_in(txn, actor.org_id).await?;
            let row = scoring_setting::ActiveModel {
                org_id: Set(actor.org_id.0),
                thresholds: Set(serde_json::Value::from(t.0.clone()).to_string()),
                updated_at: Set(time::now()),
                version: Set(current + 1),
            };
            if current == 0 {
                row.insert(txn).await?;
            } else {
                row.update(txn).await?;
            }
            journal::record_change(
                txn,
                actor,
                events::SCORE_THRESHOLDS_UPDATED,
                actor.org_id.0,
                Some(&before),
                Some(&t),
            )
            .await?;
            Ok((t, current + 1))
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(org = %actor.org_id))]
    async fn record_visit(&self, actor: &Actor, v: NewPageVisit) -> DomainResult<PageVisit> {
        record::store::write(&self.0, async |txn| {
            find::<person::Entity, _>(txn, actor, v.person_id, State::Live, false).await?;
            let row = page_visit::ActiveModel {
                id: Set(Uuid::now_v7()),
                org_id: Set(actor.org_id.0),
                person_id: Set(v.person_id),
                url: Set(v.url),
                title: Set(v.title),
                occurred_at: Set(time::trunc(v.occurred_at)),
                created_at: Set(time::now()),
            }
            .insert(txn)
            .await?;
            let stored = visit(row);
            journal::record_change(
                txn,
                actor,
                events::PERSON_PAGE_VISITED,
                stored.person_id,
                None,
                Some(&stored),
            )
            .await?;
            Ok(stored)
        })
        .await
    }

    async fn score(&self, actor: &Actor, id: Uuid) -> DomainResult<PersonScore> {
        port(async {
            let c = &self.0.conn;
            find::<person::Entity, _>(c, actor, id, State::Live, false).await?;
            let row = scoped::<person_score::Entity>(actor)
                .filter(person_score::Column::PersonId.eq(id))
                .one(c)
                .await?;
            let parts = parts_of(c, actor, id).await?;
            let history = scoped::<person_score_change::Entity>(actor)
                .filter(person_score_change::Column::PersonId.eq(id))
                .order_by_desc(person_score_change::Column::ChangedAt)
                .limit(HISTORY_SHOWN)
                .all(c)
                .await?;
            Ok(PersonScore {
                person_id: id,
                score: row.as_ref().map_or(0, |r| r.score),
                updated_at: row.map(|r| r.updated_at),
                parts,
                history: history
                    .into_iter()
                    .map(|h| ScoreChange {
                        previous: h.previous,
                        score: h.score,
                        changed_at: h.changed_at,
                    })
                    .collect(),
            })
        })
        .await
    }

    #[tracing::instrument(skip(self))]
    async fn rescore_rule(&self, org: OrgId, rule: Uuid) -> DomainResult<()> {
        port(async {
            // A range of people a transaction: scores move range by range, and a job
            // that stops half-way runs again from the start (each range is rebuilt
            // whole, so a second pass changes nothing already right).
            let (mut after, mut moved) = (None, 0);
            loop {
                let txn = self.0.begin_write().await?;
                let upto = range_end(&txn, org, after).await?;
                moved += rescore(&txn, org, rule, Scope::Between { after, upto }).await?;
                txn.commit().await?;
                match upto {
                    Some(u) => after = Some(u),
                    None => break,
                }
            }
            tracing::info!(%rule, moved, "scoring rule applied");
            Ok(())
        })
        .await
    }

    async fn queue_sweep(&self, org: OrgId, s: Sweep) -> DomainResult<()> {
        record::store::write(&self.0, async |txn| {
            sweep::queue(txn, org, &s, time::now()).await
        })
        .await
    }

    #[tracing::instrument(skip(self))]
    async fn refresh(&self, org: OrgId, s: Sweep) -> DomainResult<()> {
        port(async {
            let txn = self.0.begin_write().await?;
            sweep::run(&txn, org, &s).await?;
            txn.commit().await?;
            Ok(())
        })
        .await
    }
}
