//! SLA policies and business hours: the organisation's service levels, read by every
//! case write that sets deadlines, changed by admins.

use crate::db::Db;
use crate::entities::{business_hours, sla_policy};
use crate::error::{Result, port};
use crate::journal;
use crate::record::{self, Record, State, find, scoped};
use crate::time;
use async_trait::async_trait;
use crm_core::ids::OrgId;
use crm_core::{Actor, DomainError, DomainResult, EventType};
use crm_interactions::events;
use crm_interactions::ports::ServiceLevelRepository;
use crm_interactions::sla::{BusinessHours, NewSlaPolicy, SlaPolicy, Span, hhmm, minutes};
use crm_interactions::task::Priority;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use uuid::Uuid;

pub(crate) struct ServiceLevels(pub Db);

/// The most live policies an organisation may have.
const MAX_POLICIES: u64 = 200;

fn policy(r: sla_policy::Model) -> Result<SlaPolicy> {
    let unsigned = |v: i32| u32::try_from(v).unwrap_or_default();
    Ok(SlaPolicy {
        id: r.id,
        name: r.name,
        priority: match r.priority.as_deref() {
            Some(p) => Some(Priority::parse(p).ok_or_else(|| {
                DomainError::internal(format!("stored priority '{p}' is unknown"))
            })?),
            None => None,
        },
        category: r.category,
        first_response_minutes: unsigned(r.first_response_minutes),
        resolution_minutes: unsigned(r.resolution_minutes),
        follow_up_days: unsigned(r.follow_up_days.unwrap_or_default()),
        created_at: r.created_at,
        updated_at: r.updated_at,
        version: r.version,
    })
}

impl Record for sla_policy::Entity {
    const RESOURCE: &'static str = "sla_policy";
    const COLLECTION: &'static str = "sla-policies";
    const ID: sla_policy::Column = sla_policy::Column::Id;
    const VERSION: sla_policy::Column = sla_policy::Column::Version;
    const UPDATED_AT: sla_policy::Column = sla_policy::Column::UpdatedAt;
    const DELETED_AT: sla_policy::Column = sla_policy::Column::DeletedAt;
    const DELETED: EventType = events::SLA_POLICY_DELETED;
    const RESTORED: EventType = events::SLA_POLICY_RESTORED;
    type View = SlaPolicy;

    fn version_of(row: &sla_policy::Model) -> i64 {
        row.version
    }
    fn view<C: ConnectionTrait>(
        _c: &C,
        row: sla_policy::Model,
    ) -> impl std::future::Future<Output = Result<SlaPolicy>> + Send {
        std::future::ready(policy(row))
    }
}

/// Every live policy of the organisation, oldest first.
pub(crate) async fn policies_of<C: ConnectionTrait>(c: &C, org: OrgId) -> Result<Vec<SlaPolicy>> {
    record::in_org::<sla_policy::Entity>(org)
        .filter(sla_policy::Column::DeletedAt.is_null())
        .order_by_asc(sla_policy::Column::CreatedAt)
        .order_by_asc(sla_policy::Column::Id)
        .all(c)
        .await?
        .into_iter()
        .map(policy)
        .collect()
}

/// The policy `id` of the organisation, deleted or not (a case keeps the policy it is
/// worked to until it is re-prioritised or re-categorised).
pub(crate) async fn policy_by_id<C: ConnectionTrait>(
    c: &C,
    org: OrgId,
    id: Option<Uuid>,
) -> Result<Option<SlaPolicy>> {
    let Some(id) = id else { return Ok(None) };
    record::in_org::<sla_policy::Entity>(org)
        .filter(sla_policy::Column::Id.eq(id))
        .one(c)
        .await?
        .map(policy)
        .transpose()
}

/// Weekly hours as stored: seven lists of `{"start": "09:00", "end": "17:00"}`.
fn weekly_text(weekly: &[Vec<Span>; 7]) -> String {
    let days: Vec<Vec<serde_json::Value>> = weekly
        .iter()
        .map(|d| {
            d.iter()
                .map(|s| serde_json::json!({"start": hhmm(s.start), "end": hhmm(s.end)}))
                .collect()
        })
        .collect();
    serde_json::Value::from(days).to_string()
}

fn hours_of(r: business_hours::Model) -> Result<BusinessHours> {
    let bad = || DomainError::internal("stored business hours are unreadable");
    let days: Vec<Vec<serde_json::Value>> = serde_json::from_str(&r.weekly).map_err(|_| bad())?;
    let mut weekly: [Vec<Span>; 7] = Default::default();
    for (i, day) in days.into_iter().enumerate().take(7) {
        for s in day {
            let time = |k: &str| s[k].as_str().and_then(minutes).ok_or_else(bad);
            weekly[i].push(Span {
                start: time("start")?,
                end: time("end")?,
            });
        }
    }
    Ok(BusinessHours {
        time_zone: r.time_zone,
        weekly,
        holidays: serde_json::from_str(&r.holidays).map_err(|_| bad())?,
    })
}

/// The organisation's business hours and their version: around the clock in UTC, and
/// version 0, until it sets them.
pub(crate) async fn hours_in<C: ConnectionTrait>(
    c: &C,
    org: OrgId,
) -> Result<(BusinessHours, i64)> {
    match record::in_org::<business_hours::Entity>(org).one(c).await? {
        Some(r) => {
            let v = r.version;
            Ok((hours_of(r)?, v))
        }
        None => Ok((BusinessHours::default(), 0)),
    }
}

fn check_version(current: i64, if_version: Option<i64>) -> Result<()> {
    record::check_version(current, if_version)
}

#[async_trait]
impl ServiceLevelRepository for ServiceLevels {
    async fn policies(&self, actor: &Actor) -> DomainResult<Vec<SlaPolicy>> {
        port(policies_of(&self.0.conn, actor.org_id)).await
    }

    async fn policy(&self, actor: &Actor, id: Uuid) -> DomainResult<SlaPolicy> {
        record::store::get::<sla_policy::Entity>(&self.0, actor, id).await
    }

    #[tracing::instrument(skip_all, fields(org = %actor.org_id))]
    async fn create_policy(&self, actor: &Actor, p: NewSlaPolicy) -> DomainResult<SlaPolicy> {
        port(async {
            let txn = self.0.begin_write().await?;
            let live = scoped::<sla_policy::Entity>(actor)
                .filter(sla_policy::Column::DeletedAt.is_null())
                .select_only()
                .column(sla_policy::Column::Id)
                .into_tuple::<Uuid>()
                .all(&txn)
                .await?;
            if live.len() as u64 >= MAX_POLICIES {
                return Err(DomainError::conflict(format!(
                    "an organisation has at most {MAX_POLICIES} SLA policies"
                ))
                .into());
            }
            let now = time::now();
            let row = sla_policy::ActiveModel {
                id: Set(Uuid::now_v7()),
                org_id: Set(actor.org_id.0),
                name: Set(p.name),
                priority: Set(p.priority.map(|p| p.as_str().to_string())),
                category: Set(p.category),
                first_response_minutes: Set(
                    i32::try_from(p.first_response_minutes).unwrap_or(i32::MAX)
                ),
                resolution_minutes: Set(i32::try_from(p.resolution_minutes).unwrap_or(i32::MAX)),
                follow_up_days: Set(i32::try_from(p.follow_up_days).ok()),
                created_at: Set(now),
                updated_at: Set(now),
                version: Set(1),
                deleted_at: Set(None),
            }
            .insert(&txn)
            .await?;
            let created = policy(row)?;
            journal::record_change(
                &txn,
                actor,
                events::SLA_POLICY_CREATED,
                created.id,
                None,
                Some(&created),
            )
            .await?;
            txn.commit().await?;
            Ok(created)
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(org = %actor.org_id, %id))]
    async fn update_policy(
        &self,
        actor: &Actor,
        id: Uuid,
        p: NewSlaPolicy,
        if_version: i64,
    ) -> DomainResult<SlaPolicy> {
        port(async {
            let txn = self.0.begin_write().await?;
            let row = find::<sla_policy::Entity, _>(&txn, actor, id, State::Live, true).await?;
            check_version(row.version, Some(if_version))?;
            let before = policy(row.clone())?;
            let mut am: sla_policy::ActiveModel = row.into();
            am.name = Set(p.name);
            am.priority = Set(p.priority.map(|p| p.as_str().to_string()));
            am.category = Set(p.category);
            am.first_response_minutes =
                Set(i32::try_from(p.first_response_minutes).unwrap_or(i32::MAX));
            am.resolution_minutes = Set(i32::try_from(p.resolution_minutes).unwrap_or(i32::MAX));
            am.follow_up_days = Set(i32::try_from(p.follow_up_days).ok());
            am.updated_at = Set(time::now());
            am.version = Set(before.version + 1);
            let after = policy(am.update(&txn).await?)?;
            journal::record_change(
                &txn,
                actor,
                events::SLA_POLICY_UPDATED,
                id,
                Some(&before),
                Some(&after),
            )
            .await?;
            txn.commit().await?;
            Ok(after)
        })
        .await
    }

    async fn delete_policy(
        &self,
        actor: &Actor,
        id: Uuid,
        if_version: Option<i64>,
    ) -> DomainResult<()> {
        record::store::delete::<sla_policy::Entity>(&self.0, actor, id, if_version).await
    }

    async fn restore_policy(&self, actor: &Actor, id: Uuid) -> DomainResult<SlaPolicy> {
        record::store::restore::<sla_policy::Entity>(
            &self.0,
            actor,
            id,
            "the policy cannot be restored",
        )
        .await
    }

    async fn hours(&self, actor: &Actor) -> DomainResult<(BusinessHours, i64)> {
        port(hours_in(&self.0.conn, actor.org_id)).await
    }

    #[tracing::instrument(skip_all, fields(org = %actor.org_id))]
    async fn set_hours(
        &self,
        actor: &Actor,
        h: BusinessHours,
        if_version: Option<i64>,
    ) -> DomainResult<(BusinessHours, i64)> {
        port(async {
            let txn = self.0.begin_write().await?;
            let stored = scoped::<business_hours::Entity>(actor)
                .lock_exclusive()
                .one(&txn)
                .await?;
            let current = stored.as_ref().map_or(0, |r| r.version);
            check_version(current, if_version)?;
            let before = stored.map(hours_of).transpose()?;
            let row = business_hours::ActiveModel {
                org_id: Set(actor.org_id.0),
                time_zone: Set(h.time_zone.clone()),
                weekly: Set(weekly_text(&h.weekly)),
                holidays: Set(serde_json::to_string(&h.holidays).unwrap_or_else(|_| "[]".into())),
                updated_at: Set(time::now()),
                version: Set(current + 1),
            };
            if current == 0 {
                row.insert(&txn).await?;
            } else {
                row.update(&txn).await?;
            }
            journal::record_change(
                &txn,
                actor,
                events::BUSINESS_HOURS_UPDATED,
                actor.org_id.0,
                before.as_ref(),
                Some(&h),
            )
            .await?;
            txn.commit().await?;
            Ok((h, current + 1))
        })
        .await
    }
}
