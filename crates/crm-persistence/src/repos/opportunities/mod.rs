//! The opportunity repository: scoped, journaled, soft-deleted; placed in a live stage
//! of a live pipeline, with each stage move recorded in the same transaction, and the
//! amount stored exact (whole ten-thousandths beside the currency code).

mod batch;
mod import;
mod moves;

use super::common::{check_user, stored};
use super::links::{Kind, check_one};
use super::pipelines::{first_pipeline, pipeline_of_stage, pipeline_with_stages};
use crate::db::Db;
use crate::entities::opportunity;
use crate::error::{ConflictAs, Result, port};
use crate::filter_sql::FieldSql;
use crate::journal;
use crate::paging::Keyed;
use crate::record::{self, Record, State, find};
use crate::time;
use async_trait::async_trait;
use crm_core::filter::Filter;
use crm_core::ids::{CompanyId, OrgId, PersonId, UserId};
use crm_core::page::{CursorValue, Page, PageRequest};
use crm_core::sort::SortField;
use crm_core::{Actor, DomainError, DomainResult, EventType};
use crm_opportunities::custom_field::OPPORTUNITY;
use crm_opportunities::events;
use crm_opportunities::opportunity::{
    NewOpportunity, Opportunity, OpportunityId, OpportunityPatch, Proposal, StageMove, opening,
    place, worth,
};
use crm_opportunities::order::OrderLine;
use crm_opportunities::pipeline::{Pipeline, StageKind};
use crm_opportunities::ports::{OpportunityRepository, RecordStore};
use crm_records::money::{Currency, Money};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbBackend, QueryFilter,
};
use uuid::Uuid;

pub(crate) struct Opportunities(pub Db);

const EXTERNAL_ID_TAKEN: &str = "an opportunity with this external_id already exists";

impl Keyed for opportunity::Model {
    fn id_column() -> Expr {
        Expr::col((opportunity::Entity, opportunity::Column::Id))
    }
    fn sort_column(f: &SortField) -> Expr {
        use opportunity::Column as C;
        let c = match f.name.as_ref() {
            "updated_at" => C::UpdatedAt,
            "stage_entered_at" => C::StageEnteredAt,
            "expected_close_date" => C::ExpectedCloseDate,
            _ => C::CreatedAt,
        };
        Expr::col((opportunity::Entity, c))
    }
    fn sort_value(&self, f: &SortField) -> CursorValue {
        match f.name.as_ref() {
            "updated_at" => CursorValue::Timestamp(self.updated_at),
            "stage_entered_at" => CursorValue::Timestamp(self.stage_entered_at),
            "expected_close_date" => self
                .expected_close_date
                .map_or(CursorValue::Null, CursorValue::Date),
            _ => CursorValue::Timestamp(self.created_at),
        }
    }
    fn row_id(&self) -> Uuid {
        self.id
    }
}

fn field(name: &str) -> Option<FieldSql> {
    use opportunity::Column as C;
    let col = |c: C| Some(FieldSql::Column(Expr::col((opportunity::Entity, c))));
    match name {
        "name" => col(C::Name),
        "status" => col(C::Status),
        "pipeline_id" => col(C::PipelineId),
        "stage_id" => col(C::StageId),
        "person_id" => col(C::PersonId),
        "company_id" => col(C::CompanyId),
        "owner_id" => col(C::OwnerId),
        "created_by" => col(C::CreatedBy),
        "amount" => col(C::AmountUnits),
        "currency" => col(C::Currency),
        "expected_close_date" => col(C::ExpectedCloseDate),
        "source" => col(C::Source),
        "close_reason" => col(C::CloseReason),
        "closed_at" => col(C::ClosedAt),
        "stage_entered_at" => col(C::StageEnteredAt),
        "external_id" => col(C::ExternalId),
        "created_at" => col(C::CreatedAt),
        "updated_at" => col(C::UpdatedAt),
        "tags" => Some(record::tags_field::<opportunity::tags::Entity, _>((
            opportunity::Entity,
            C::Id,
        ))),
        _ => None,
    }
}

fn money(r: &opportunity::Model) -> Result<Option<Money>> {
    match (r.amount_units, r.currency.as_deref()) {
        (Some(units), Some(code)) => {
            let currency = stored("currency", code, Currency::parse)?;
            Ok(Some(Money::from_units(units, currency)))
        }
        _ => Ok(None),
    }
}

/// The proposed lines stored as JSON.
fn lines_of(stored: Option<&str>) -> Result<Vec<OrderLine>> {
    match stored {
        None => Ok(Vec::new()),
        Some(text) => serde_json::from_str(text).map_err(|_| {
            DomainError::internal("an opportunity's stored lines are unreadable").into()
        }),
    }
}

/// Prices proposed lines as an order's on `day`: the lines as stored, and the amount
/// they make the opportunity worth.
async fn priced_lines<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    p: Proposal,
    day: chrono::NaiveDate,
) -> Result<(Option<String>, Money)> {
    let priced = super::orders::priced(c, actor, p.lines, p.currency, day, None).await?;
    let worth = worth(&priced)?;
    let text = serde_json::to_string(&priced.lines)
        .map_err(|_| DomainError::internal("an opportunity's lines cannot be written"))?;
    Ok((Some(text), worth))
}

/// The amount's columns: whole ten-thousandths and the currency code.
fn money_columns(m: Option<&Money>) -> (Option<i64>, Option<String>) {
    match m {
        Some(m) => (m.units(), Some(m.currency().as_str().to_string())),
        None => (None, None),
    }
}

async fn load<C: ConnectionTrait>(
    c: &C,
    rows: Vec<opportunity::Model>,
) -> Result<Vec<Opportunity>> {
    let Some(org) = rows.first().map(|r| OrgId(r.org_id)) else {
        return Ok(Vec::new());
    };
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let tags = record::tags_of::<opportunity::tags::Entity, _>(c, org, &ids);
    let defs = super::custom_fields::definitions_of(c, org.0, OPPORTUNITY);
    let (mut tags, defs) = if c.get_database_backend() == DbBackend::Postgres {
        tokio::try_join!(tags, defs)?
    } else {
        (tags.await?, defs.await?)
    };
    let mut custom = super::custom_fields::read_values(c, org, &defs, &ids).await?;
    rows.into_iter()
        .map(|r| {
            let mut t = tags.remove(&r.id).unwrap_or_default();
            t.sort();
            Ok(Opportunity {
                id: OpportunityId(r.id),
                org_id: OrgId(r.org_id),
                amount: money(&r)?,
                lines: lines_of(r.lines.as_deref())?,
                status: stored("status", &r.status, StageKind::parse)?,
                name: r.name,
                person_id: r.person_id.map(PersonId),
                company_id: r.company_id.map(CompanyId),
                pipeline_id: r.pipeline_id,
                stage_id: r.stage_id,
                expected_close_date: r.expected_close_date,
                owner_id: r.owner_id.map(UserId),
                source: r.source,
                next_step: r.next_step,
                close_reason: r.close_reason,
                closed_at: r.closed_at,
                stage_entered_at: r.stage_entered_at,
                external_id: r.external_id,
                created_by: r.created_by.map(UserId),
                tags: t,
                custom_fields: custom.remove(&r.id).unwrap_or_default(),
                created_at: r.created_at,
                updated_at: r.updated_at,
                version: r.version,
            })
        })
        .collect()
}

impl Record for opportunity::Entity {
    const RESOURCE: &'static str = "opportunity";
    const COLLECTION: &'static str = "opportunities";
    const ID: opportunity::Column = opportunity::Column::Id;
    const VERSION: opportunity::Column = opportunity::Column::Version;
    const UPDATED_AT: opportunity::Column = opportunity::Column::UpdatedAt;
    const DELETED_AT: opportunity::Column = opportunity::Column::DeletedAt;
    const DELETED: EventType = events::OPPORTUNITY_DELETED;
    const RESTORED: EventType = events::OPPORTUNITY_RESTORED;
    type View = Opportunity;

    fn version_of(row: &opportunity::Model) -> i64 {
        row.version
    }
    fn view<C: ConnectionTrait>(
        c: &C,
        row: opportunity::Model,
    ) -> impl std::future::Future<Output = Result<Opportunity>> + Send {
        one(c, row)
    }
}

async fn one<C: ConnectionTrait>(c: &C, row: opportunity::Model) -> Result<Opportunity> {
    load(c, vec![row])
        .await?
        .pop()
        .ok_or(DomainError::not_found("opportunity").into())
}

fn unknown(field: &str, what: &str) -> crate::error::StoreError {
    DomainError::field(field, "unknown", what).into()
}

/// The live pipeline a new opportunity goes to: the one named, else the one holding
/// the stage named, else the organisation's oldest.
async fn pipeline_for_new<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    n: &NewOpportunity,
) -> Result<Pipeline> {
    let id = match (n.pipeline_id, n.stage_id) {
        (Some(id), _) => id,
        (None, Some(stage)) => pipeline_of_stage(c, actor, stage)
            .await?
            .ok_or_else(|| unknown("stage_id", "no stage of this organisation has this id"))?,
        (None, None) => first_pipeline(c, actor).await?.ok_or_else(|| {
            crate::error::StoreError::from(DomainError::field(
                "pipeline_id",
                "required",
                "the organisation has no pipeline yet: add one with POST /v1/pipelines",
            ))
        })?,
    };
    pipeline_with_stages(c, actor, id, false)
        .await?
        .ok_or_else(|| {
            unknown(
                "pipeline_id",
                "no live pipeline of this organisation has this id",
            )
        })
}

/// Refuses a person or company that is not live, and an owner who is not a live user.
async fn check_parties<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    person: Option<PersonId>,
    company: Option<CompanyId>,
    owner: Option<UserId>,
) -> Result<()> {
    check_one(c, actor, Kind::Person, person.map(Into::into), "person_id").await?;
    check_one(
        c,
        actor,
        Kind::Company,
        company.map(Into::into),
        "company_id",
    )
    .await?;
    check_user(c, actor, owner, "owner_id").await
}

/// Creates an opportunity inside the caller's transaction, with its first stage move.
pub(crate) async fn create_in<C: ConnectionTrait>(
    txn: &C,
    actor: &Actor,
    n: NewOpportunity,
) -> Result<Opportunity> {
    let pipeline = pipeline_for_new(txn, actor, &n).await?;
    let stage = place(&pipeline, n.stage_id, None)?;
    let now = time::now();
    let placed = opening(&pipeline, stage, n.close_reason, now)?;
    let owner = match n.owner_id {
        Some(given) => given,
        None => actor.principal.user(),
    };
    check_parties(txn, actor, n.person_id, n.company_id, owner).await?;
    let id = Uuid::now_v7();
    let (lines, amount) = match n.lines {
        Some(p) => {
            let (lines, worth) = priced_lines(txn, actor, p, now.date_naive()).await?;
            (lines, Some(worth))
        }
        None => (None, n.amount),
    };
    let (amount_units, currency) = money_columns(amount.as_ref());
    let row = opportunity::ActiveModel {
        id: Set(id),
        org_id: Set(actor.org_id.0),
        name: Set(n.name),
        person_id: Set(n.person_id.map(Into::into)),
        company_id: Set(n.company_id.map(Into::into)),
        pipeline_id: Set(placed.pipeline_id),
        stage_id: Set(placed.stage.id),
        status: Set(placed.stage.kind.as_str().into()),
        amount_units: Set(amount_units),
        currency: Set(currency),
        lines: Set(lines),
        expected_close_date: Set(n.expected_close_date),
        owner_id: Set(owner.map(Into::into)),
        source: Set(n.source),
        next_step: Set(n.next_step),
        close_reason: Set(placed.close_reason),
        closed_at: Set(placed.closed_at),
        stage_entered_at: Set(now),
        external_id: Set(n.external_id),
        created_by: Set(actor.principal.user().map(Into::into)),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
        deleted_at: Set(None),
    }
    .insert(txn)
    .await
    .conflict_as(EXTERNAL_ID_TAKEN)?;
    moves::record(txn, actor, id, None, placed.stage.id, now).await?;
    record::add_tags::<opportunity::tags::Entity, _>(txn, actor, id, &n.tags).await?;
    let values: Vec<_> = n
        .custom_fields
        .into_iter()
        .map(|(d, v)| (d, Some(v)))
        .collect();
    super::custom_fields::write_values(txn, actor, id, &values).await?;
    let created = one(txn, row).await?;
    journal::record_change(
        txn,
        actor,
        events::OPPORTUNITY_CREATED,
        id,
        None,
        Some(&created),
    )
    .await?;
    Ok(created)
}

/// The pipeline and stage an opportunity is in after `p`: a new pipeline takes the
/// stage named or its first live stage of the opportunity's status (or the status
/// named); a stage or status named moves it; otherwise it stays where it is, even in a
/// stage retired since.
async fn placement<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    before: &Opportunity,
    p: &OpportunityPatch,
) -> Result<(Pipeline, crm_opportunities::pipeline::Stage)> {
    let changed = p.pipeline_id.filter(|id| *id != before.pipeline_id);
    let pipeline = match changed {
        Some(id) => pipeline_with_stages(c, actor, id, false)
            .await?
            .ok_or_else(|| {
                unknown(
                    "pipeline_id",
                    "no live pipeline of this organisation has this id",
                )
            })?,
        None => pipeline_with_stages(c, actor, before.pipeline_id, true)
            .await?
            .ok_or_else(|| DomainError::internal("an opportunity's pipeline is missing"))?,
    };
    let stage_named = p
        .stage_id
        .filter(|s| *s != before.stage_id || changed.is_some());
    let status_named = p.status.filter(|k| *k != before.status);
    let stage = if changed.is_some() {
        place(
            &pipeline,
            stage_named,
            p.status
                .or(stage_named.map_or(Some(before.status), |_| None)),
        )?
    } else if stage_named.is_some() || status_named.is_some() {
        place(&pipeline, stage_named, p.status)?
    } else {
        pipeline
            .stages
            .iter()
            .find(|s| s.id == before.stage_id)
            .cloned()
            .ok_or_else(|| DomainError::internal("an opportunity's stage is missing"))?
    };
    Ok((pipeline, stage))
}

/// Applies a patch inside the caller's transaction, recording a stage move.
pub(crate) async fn update_in<C: ConnectionTrait>(
    txn: &C,
    actor: &Actor,
    id: Uuid,
    p: OpportunityPatch,
    if_version: Option<i64>,
) -> Result<Opportunity> {
    let row = find::<opportunity::Entity, _>(txn, actor, id, State::Live, true).await?;
    record::check_version(row.version, if_version)?;
    let before = one(txn, row.clone()).await?;
    let (pipeline, stage) = placement(txn, actor, &before, &p).await?;
    let now = time::now();
    let placed = before.apply(&p, &pipeline, stage, now)?;
    check_parties(
        txn,
        actor,
        p.person_id.flatten(),
        p.company_id.flatten(),
        p.owner_id.flatten(),
    )
    .await?;
    let keep = |given: &Option<Option<String>>, stored: &Option<String>| match given {
        Some(v) => v.clone(),
        None => stored.clone(),
    };
    let mut am: opportunity::ActiveModel = row.into();
    if let Some(name) = &p.name {
        am.name = Set(name.clone());
    }
    if let Some(v) = p.person_id {
        am.person_id = Set(v.map(Into::into));
    }
    if let Some(v) = p.company_id {
        am.company_id = Set(v.map(Into::into));
    }
    if let Some(v) = &p.amount {
        let (units, currency) = money_columns(v.as_ref());
        am.amount_units = Set(units);
        am.currency = Set(currency);
    }
    match p.lines.clone() {
        Some(Some(proposal)) => {
            let (lines, worth) = priced_lines(txn, actor, proposal, now.date_naive()).await?;
            let (units, currency) = money_columns(Some(&worth));
            am.amount_units = Set(units);
            am.currency = Set(currency);
            am.lines = Set(lines);
        }
        Some(None) => am.lines = Set(None),
        None => {}
    }
    if let Some(v) = p.expected_close_date {
        am.expected_close_date = Set(v);
    }
    if let Some(v) = p.owner_id {
        am.owner_id = Set(v.map(Into::into));
    }
    am.source = Set(keep(&p.source, &before.source));
    am.next_step = Set(keep(&p.next_step, &before.next_step));
    am.external_id = Set(keep(&p.external_id, &before.external_id));
    am.pipeline_id = Set(placed.pipeline_id);
    am.stage_id = Set(placed.stage.id);
    am.status = Set(placed.stage.kind.as_str().into());
    am.close_reason = Set(placed.close_reason.clone());
    am.closed_at = Set(placed.closed_at);
    am.stage_entered_at = Set(placed.stage_entered_at);
    am.updated_at = Set(now);
    am.version = Set(before.version + 1);
    let row = am.update(txn).await.conflict_as(EXTERNAL_ID_TAKEN)?;
    if let Some(from) = placed.moved_from {
        moves::record(txn, actor, id, Some(from), placed.stage.id, now).await?;
    }
    if let Some(t) = &p.tags {
        record::set_tags::<opportunity::tags::Entity, _>(txn, actor, id, t).await?;
    }
    super::custom_fields::write_values(txn, actor, id, &p.custom_fields).await?;
    let changed = one(txn, row).await?;
    journal::record_change(
        txn,
        actor,
        events::OPPORTUNITY_UPDATED,
        id,
        Some(&before),
        Some(&changed),
    )
    .await?;
    Ok(changed)
}

#[async_trait]
impl RecordStore<Opportunity, NewOpportunity, OpportunityPatch> for Opportunities {
    #[tracing::instrument(skip_all, fields(org = %actor.org_id))]
    async fn create(&self, actor: &Actor, n: NewOpportunity) -> DomainResult<Opportunity> {
        record::store::write(&self.0, async |txn| create_in(txn, actor, n).await).await
    }

    async fn get(&self, actor: &Actor, id: OpportunityId) -> DomainResult<Opportunity> {
        record::store::get::<opportunity::Entity>(&self.0, actor, id.0).await
    }

    #[tracing::instrument(skip_all, fields(org = %actor.org_id))]
    async fn list(
        &self,
        actor: &Actor,
        filter: Option<&Filter>,
        text: Option<&str>,
        page: &PageRequest,
    ) -> DomainResult<Page<Opportunity>> {
        use opportunity::Column as C;
        let q = record::scoped::<opportunity::Entity>(actor).filter(C::DeletedAt.is_null());
        let searchable = super::listing::Searchable {
            resource: OPPORTUNITY,
            field,
            text: vec![
                Expr::col((opportunity::Entity, C::Name)),
                Expr::col((opportunity::Entity, C::NextStep)),
            ],
            id: Expr::col((opportunity::Entity, C::Id)),
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
        id: OpportunityId,
        p: OpportunityPatch,
        if_version: Option<i64>,
    ) -> DomainResult<Opportunity> {
        record::store::write(&self.0, async |txn| {
            update_in(txn, actor, id.0, p, if_version).await
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(org = %actor.org_id, %id))]
    async fn delete(
        &self,
        actor: &Actor,
        id: OpportunityId,
        if_version: Option<i64>,
    ) -> DomainResult<()> {
        record::store::delete::<opportunity::Entity>(&self.0, actor, id.0, if_version).await
    }

    #[tracing::instrument(skip_all, fields(org = %actor.org_id, %id))]
    async fn restore(&self, actor: &Actor, id: OpportunityId) -> DomainResult<Opportunity> {
        record::store::restore::<opportunity::Entity>(
            &self.0,
            actor,
            id.0,
            "the opportunity cannot be restored",
        )
        .await
    }
}

#[async_trait]
impl OpportunityRepository for Opportunities {
    async fn stage_moves(
        &self,
        actor: &Actor,
        id: OpportunityId,
        page: &PageRequest,
    ) -> DomainResult<Page<StageMove>> {
        port(async {
            let c = &self.0.conn;
            find::<opportunity::Entity, _>(c, actor, id.0, State::Live, false).await?;
            moves::page(c, actor, id.0, page).await
        })
        .await
    }
}

/// Where live opportunities are counted: a whole pipeline or one stage.
pub(crate) enum Holding {
    Pipeline(Uuid),
    Stage(Uuid),
}

/// How many live opportunities `at` holds (only open ones with `open_only`): a pipeline
/// or stage that holds some cannot go away from under them.
pub(crate) async fn count_in<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    at: Holding,
    open_only: bool,
) -> Result<u64> {
    use opportunity::Column as C;
    use sea_orm::PaginatorTrait;
    let mut q = record::scoped::<opportunity::Entity>(actor).filter(C::DeletedAt.is_null());
    q = match at {
        Holding::Pipeline(id) => q.filter(C::PipelineId.eq(id)),
        Holding::Stage(id) => q.filter(C::StageId.eq(id)),
    };
    if open_only {
        q = q.filter(C::Status.eq(StageKind::Open.as_str()));
    }
    Ok(q.count(c).await?)
}

/// After a merge, the opportunities of `source` (a person or company, `kind` its
/// resource name) are `survivor`'s.
pub(crate) async fn follow<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    kind: &str,
    source: Uuid,
    survivor: Uuid,
) -> Result<()> {
    use opportunity::Column as C;
    let column = match kind {
        "person" => C::PersonId,
        "company" => C::CompanyId,
        _ => return Ok(()),
    };
    record::scoped_update::<opportunity::Entity>(actor)
        .col_expr(column, Expr::val(survivor))
        .filter(column.eq(source))
        .exec(c)
        .await?;
    Ok(())
}
