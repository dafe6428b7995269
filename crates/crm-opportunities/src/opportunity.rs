//! An opportunity: a possible sale to a person and/or company, in a stage of a
//! pipeline, with an exact amount, an expected close date and an owner. A move to a
//! `won` or `lost` stage closes it (with an optional reason); every move is recorded
//! with who made it, when, and how long the opportunity had been in the stage it left.

use crate::order::pricing::Priced;
use crate::order::{LineDraft, LineInput, OrderLine};
use crate::pipeline::{Pipeline, Stage, StageKind};
use chrono::{DateTime, NaiveDate, Utc};
use crm_core::error::Errors;
use crm_core::ids::{CompanyId, OrgId, PersonId, UserId};
use crm_core::{DomainError, DomainResult};
use crm_records::custom_field::{CustomField, FieldValue};
use crm_records::money::{Currency, Money};
use crm_records::ports::Identified;
use crm_records::records::{Checks, new_tags_and_fields, patched_tags_and_fields};
use crm_records::text::{Field, not_null, text};
use serde::Serialize;
use uuid::Uuid;

crm_core::typed_id!(
    /// The id of an opportunity.
    OpportunityId
);

pub const MAX_NAME: usize = 200;
pub const MAX_SOURCE: usize = 100;
pub const MAX_NEXT_STEP: usize = 500;
pub const MAX_CLOSE_REASON: usize = 500;
pub const MAX_EXTERNAL_ID: usize = 255;

/// An opportunity as read back.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Opportunity {
    pub id: OpportunityId,
    #[serde(skip)]
    pub org_id: OrgId,
    pub name: String,
    pub person_id: Option<PersonId>,
    pub company_id: Option<CompanyId>,
    pub pipeline_id: Uuid,
    pub stage_id: Uuid,
    /// The kind of its stage: `open` until it is won or lost.
    pub status: StageKind,
    /// What it is worth: given, or the net total (before tax) of its lines.
    pub amount: Option<Money>,
    /// The products proposed, priced as an order's lines; a conversion sells them at
    /// these prices.
    pub lines: Vec<OrderLine>,
    pub expected_close_date: Option<NaiveDate>,
    pub owner_id: Option<UserId>,
    /// Where it came from (`referral`, `web`, a campaign's name).
    pub source: Option<String>,
    pub next_step: Option<String>,
    /// Why it was won or lost; only a closed opportunity has one.
    pub close_reason: Option<String>,
    pub closed_at: Option<DateTime<Utc>>,
    /// When it entered its current stage.
    pub stage_entered_at: DateTime<Utc>,
    pub external_id: Option<String>,
    /// The staff user who created it; `None` for an API key.
    pub created_by: Option<UserId>,
    pub tags: Vec<String>,
    pub custom_fields: serde_json::Map<String, serde_json::Value>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

impl Identified for Opportunity {
    type Id = OpportunityId;
}

/// Money as given: the amount's text and the currency code, checked by [`amount`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MoneyInput {
    pub amount: String,
    pub currency: String,
}

/// Lines proposed, checked, in their currency: the store prices them as an order's and
/// the opportunity is worth their net total ([`worth`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Proposal {
    pub currency: Currency,
    pub lines: Vec<LineDraft>,
}

/// What priced lines make an opportunity worth: their net total, before tax.
pub fn worth(p: &Priced) -> DomainResult<Money> {
    let net = p.subtotal.amount() - p.discount_total.amount();
    Ok(Money::new(net, p.subtotal.currency(), "amount")?)
}

/// A checked opportunity to store. The pipeline and stage are placed by the store,
/// which reads the pipeline ([`place`]).
#[derive(Debug, Clone, PartialEq)]
pub struct NewOpportunity {
    pub name: String,
    pub person_id: Option<PersonId>,
    pub company_id: Option<CompanyId>,
    pub pipeline_id: Option<Uuid>,
    pub stage_id: Option<Uuid>,
    pub amount: Option<Money>,
    pub lines: Option<Proposal>,
    pub expected_close_date: Option<NaiveDate>,
    /// `None` leaves it to the store: the staff user creating it, if one is.
    pub owner_id: Field<UserId>,
    pub source: Option<String>,
    pub next_step: Option<String>,
    pub close_reason: Option<String>,
    pub external_id: Option<String>,
    pub tags: Vec<String>,
    pub custom_fields: Vec<(CustomField, FieldValue)>,
}

/// A checked merge-patch of an opportunity.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct OpportunityPatch {
    pub name: Option<String>,
    pub person_id: Field<PersonId>,
    pub company_id: Field<CompanyId>,
    pub pipeline_id: Option<Uuid>,
    pub stage_id: Option<Uuid>,
    /// `won`, `lost` or `open` without a stage: the pipeline's first live stage of it.
    pub status: Option<StageKind>,
    pub amount: Field<Money>,
    /// New lines (`Some(Some)`), or none any more (`Some(None)`).
    pub lines: Field<Proposal>,
    pub expected_close_date: Field<NaiveDate>,
    pub owner_id: Field<UserId>,
    pub source: Field<String>,
    pub next_step: Field<String>,
    pub close_reason: Field<String>,
    pub external_id: Field<String>,
    pub tags: Option<Vec<String>>,
    pub custom_fields: Vec<(CustomField, Option<FieldValue>)>,
}

/// An opportunity's fields as given.
#[derive(Debug, Clone, Default)]
pub struct OpportunityInput {
    pub name: Option<String>,
    pub person_id: Option<PersonId>,
    pub company_id: Option<CompanyId>,
    pub pipeline_id: Option<Uuid>,
    pub stage_id: Option<Uuid>,
    pub amount: Option<MoneyInput>,
    /// The currency of `lines`.
    pub currency: Option<String>,
    pub lines: Option<Vec<LineInput>>,
    pub expected_close_date: Option<NaiveDate>,
    pub owner_id: Field<UserId>,
    pub source: Option<String>,
    pub next_step: Option<String>,
    pub close_reason: Option<String>,
    pub external_id: Option<String>,
    pub tags: Vec<String>,
    pub custom_fields: serde_json::Map<String, serde_json::Value>,
}

/// A patch as given: `None` leaves a field, `Some(None)` clears it (refused for the
/// name, pipeline, stage and status, which every opportunity has).
#[derive(Debug, Clone, Default)]
pub struct OpportunityPatchInput {
    pub name: Field<String>,
    pub person_id: Field<PersonId>,
    pub company_id: Field<CompanyId>,
    pub pipeline_id: Field<Uuid>,
    pub stage_id: Field<Uuid>,
    pub status: Field<StageKind>,
    pub amount: Field<MoneyInput>,
    /// The currency of `lines`.
    pub currency: Option<String>,
    /// New lines, or `Some(None)` for none.
    pub lines: Field<Vec<LineInput>>,
    pub expected_close_date: Field<NaiveDate>,
    pub owner_id: Field<UserId>,
    pub source: Field<String>,
    pub next_step: Field<String>,
    pub close_reason: Field<String>,
    pub external_id: Field<String>,
    pub tags: Field<Vec<String>>,
    pub custom_fields: serde_json::Map<String, serde_json::Value>,
}

/// An amount: exact, in an ISO 4217 currency, not negative, with no more decimal places
/// than the currency's minor unit (`12.345` EUR is refused, never rounded).
pub fn amount(e: &mut Errors, field: &str, v: Option<MoneyInput>) -> Option<Money> {
    let v = v?;
    let checked = Money::parse(&v.amount, &v.currency, field)
        .and_then(|m| m.in_minor_units(field))
        .and_then(|m| {
            if m.is_negative() {
                Err(crm_core::FieldError::new(
                    format!("{field}.amount"),
                    "out_of_range",
                    "an amount is zero or more",
                ))
            } else {
                Ok(m)
            }
        });
    match checked {
        Ok(m) => Some(m),
        Err(f) => {
            e.extend(vec![f]);
            None
        }
    }
}

fn name(e: &mut Errors, v: Option<String>) -> Option<String> {
    let n = text(e, "name", v, MAX_NAME);
    if n.is_none() {
        e.push("name", "required", "an opportunity needs a name");
    }
    n
}

/// Lines proposed: given with their currency (and without an amount, which they make);
/// a currency without lines is refused.
fn proposal(
    e: &mut Errors,
    amount_given: bool,
    currency: Option<String>,
    lines: Option<Vec<LineInput>>,
) -> Option<Proposal> {
    let Some(given) = lines else {
        if currency.is_some() {
            e.push(
                "currency",
                "not_allowed",
                "a currency is the currency of lines",
            );
        }
        return None;
    };
    if amount_given {
        e.push(
            "amount",
            "not_allowed",
            "an opportunity with lines is worth their net total",
        );
    }
    let code = match currency {
        None => {
            e.push("currency", "required", "the currency of the lines");
            None
        }
        Some(c) => {
            let parsed = Currency::parse(&c);
            if parsed.is_none() {
                e.push(
                    "currency",
                    "invalid_format",
                    "an ISO 4217 currency code such as EUR",
                );
            }
            parsed
        }
    };
    let drafts = crate::order::lines(e, code, given);
    code.map(|currency| Proposal {
        currency,
        lines: drafts,
    })
}

/// An opportunity is a sale to somebody: a person, a company or both.
fn with_somebody(e: &mut Errors, person: bool, company: bool) {
    if !person && !company {
        e.push(
            "person_id",
            "required",
            "an opportunity is with a person or a company (person_id or company_id)",
        );
    }
}

/// A close reason belongs to a closed opportunity.
fn reason_when_closed(e: &mut Errors, status: StageKind, reason: Option<&String>) {
    if status == StageKind::Open && reason.is_some() {
        e.push(
            "close_reason",
            "not_allowed",
            "only a won or lost opportunity has a close reason",
        );
    }
}

impl OpportunityInput {
    /// Checks every field at once; the stage is checked against its pipeline by
    /// [`place`] when the store has read it.
    pub fn validate(self, defs: &[CustomField]) -> DomainResult<NewOpportunity> {
        let mut e = Errors::new();
        let name = name(&mut e, self.name);
        with_somebody(&mut e, self.person_id.is_some(), self.company_id.is_some());
        let (tags, custom_fields) =
            new_tags_and_fields(&mut e, &self.tags, defs, &self.custom_fields);
        let new = NewOpportunity {
            name: name.unwrap_or_default(),
            person_id: self.person_id,
            company_id: self.company_id,
            pipeline_id: self.pipeline_id,
            stage_id: self.stage_id,
            lines: proposal(&mut e, self.amount.is_some(), self.currency, self.lines),
            amount: amount(&mut e, "amount", self.amount),
            expected_close_date: self.expected_close_date,
            owner_id: self.owner_id,
            source: text(&mut e, "source", self.source, MAX_SOURCE),
            next_step: text(&mut e, "next_step", self.next_step, MAX_NEXT_STEP),
            close_reason: text(&mut e, "close_reason", self.close_reason, MAX_CLOSE_REASON),
            external_id: text(&mut e, "external_id", self.external_id, MAX_EXTERNAL_ID),
            tags,
            custom_fields,
        };
        e.finish(new)
    }
}

impl OpportunityPatchInput {
    /// Checks every field the patch names; the rules that join fields are checked on
    /// the opportunity after the patch ([`Opportunity::apply`]).
    pub fn validate(self, defs: &[CustomField]) -> DomainResult<OpportunityPatch> {
        let mut e = Errors::new();
        let (tags, custom_fields) =
            patched_tags_and_fields(&mut e, self.tags, defs, &self.custom_fields);
        let patch = OpportunityPatch {
            name: not_null(&mut e, "name", self.name).and_then(|n| name(&mut e, Some(n))),
            person_id: self.person_id,
            company_id: self.company_id,
            pipeline_id: not_null(&mut e, "pipeline_id", self.pipeline_id),
            stage_id: not_null(&mut e, "stage_id", self.stage_id),
            status: not_null(&mut e, "status", self.status),
            lines: match self.lines {
                None => {
                    proposal(&mut e, false, self.currency, None);
                    None
                }
                Some(None) => Some(None),
                Some(Some(l)) => Some(proposal(
                    &mut e,
                    matches!(self.amount, Some(Some(_))),
                    self.currency,
                    Some(l),
                )),
            },
            amount: self.amount.map(|v| amount(&mut e, "amount", v)),
            expected_close_date: self.expected_close_date,
            owner_id: self.owner_id,
            source: self.source.map(|v| text(&mut e, "source", v, MAX_SOURCE)),
            next_step: self
                .next_step
                .map(|v| text(&mut e, "next_step", v, MAX_NEXT_STEP)),
            close_reason: self
                .close_reason
                .map(|v| text(&mut e, "close_reason", v, MAX_CLOSE_REASON)),
            external_id: self
                .external_id
                .map(|v| text(&mut e, "external_id", v, MAX_EXTERNAL_ID)),
            tags,
            custom_fields,
        };
        e.finish(patch)
    }
}

/// The stage of `pipeline` an opportunity goes to: `stage_id` if given (a live stage of
/// this pipeline), else the first live stage of `status` (`open` if not given). Errors
/// name `stage_id` or `status`.
pub fn place(
    pipeline: &Pipeline,
    stage_id: Option<Uuid>,
    status: Option<StageKind>,
) -> DomainResult<Stage> {
    if let Some(id) = stage_id {
        let Some(stage) = pipeline.stages.iter().find(|s| s.id == id) else {
            return Err(DomainError::field(
                "stage_id",
                "not_in_pipeline",
                "not a stage of the opportunity's pipeline",
            ));
        };
        if stage.retired {
            return Err(DomainError::field(
                "stage_id",
                "retired",
                "the stage is retired and takes no opportunities",
            ));
        }
        if status.is_some_and(|k| k != stage.kind) {
            return Err(DomainError::field(
                "status",
                "mismatch",
                "the stage named is of another kind than the status named",
            ));
        }
        return Ok(stage.clone());
    }
    let kind = status.unwrap_or(StageKind::Open);
    pipeline
        .stages
        .iter()
        .find(|s| s.kind == kind && !s.retired)
        .cloned()
        .ok_or_else(|| {
            DomainError::field(
                "status",
                "no_stage",
                format!("the pipeline has no live {} stage", kind.as_str()),
            )
        })
}

/// The stored columns of an opportunity after a change of stage or a patch.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    pub stage: Stage,
    pub pipeline_id: Uuid,
    pub closed_at: Option<DateTime<Utc>>,
    pub close_reason: Option<String>,
    pub stage_entered_at: DateTime<Utc>,
    /// The move to record: `(from, seconds in it)` when the stage changed.
    pub moved_from: Option<(Uuid, i64)>,
}

/// A new opportunity's columns in `stage` at `now`.
pub fn opening(
    pipeline: &Pipeline,
    stage: Stage,
    reason: Option<String>,
    now: DateTime<Utc>,
) -> DomainResult<Placed> {
    let mut e = Errors::new();
    reason_when_closed(&mut e, stage.kind, reason.as_ref());
    e.finish(Placed {
        closed_at: (stage.kind != StageKind::Open).then_some(now),
        stage,
        pipeline_id: pipeline.id,
        close_reason: reason,
        stage_entered_at: now,
        moved_from: None,
    })
}

impl Opportunity {
    /// The opportunity in `stage` of `pipeline` after `p` at `now`: a new stage is
    /// entered now and closes or reopens it by its kind; reopening drops the close
    /// reason unless the patch gives one (refused then). Rules that join fields (with
    /// somebody, a reason only when closed) are checked on the result.
    pub fn apply(
        &self,
        p: &OpportunityPatch,
        pipeline: &Pipeline,
        stage: Stage,
        now: DateTime<Utc>,
    ) -> DomainResult<Placed> {
        let mut e = Errors::new();
        let person = p.person_id.unwrap_or(self.person_id).is_some();
        let company = p.company_id.unwrap_or(self.company_id).is_some();
        with_somebody(&mut e, person, company);
        let lined = match &p.lines {
            Some(l) => l.is_some(),
            None => !self.lines.is_empty(),
        };
        if lined && p.amount.as_ref().is_some_and(|a| *a != self.amount) {
            e.push(
                "amount",
                "not_allowed",
                "an opportunity with lines is worth their net total (PUT its lines to change it)",
            );
        }
        let moved = stage.id != self.stage_id;
        let kind_changed = stage.kind != self.status;
        let closed_at = match stage.kind {
            StageKind::Open => None,
            _ if kind_changed => Some(now),
            _ => self.closed_at.or(Some(now)),
        };
        let close_reason = match &p.close_reason {
            Some(given) => given.clone(),
            None if stage.kind == StageKind::Open => None,
            None if kind_changed => None,
            None => self.close_reason.clone(),
        };
        reason_when_closed(&mut e, stage.kind, close_reason.as_ref());
        let (stage_entered_at, moved_from) = if moved {
            let seconds = (now - self.stage_entered_at).num_seconds().max(0);
            (now, Some((self.stage_id, seconds)))
        } else {
            (self.stage_entered_at, None)
        };
        e.finish(Placed {
            stage,
            pipeline_id: pipeline.id,
            closed_at,
            close_reason,
            stage_entered_at,
            moved_from,
        })
    }
}

/// One stage move of an opportunity; its first is the stage it was created in.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StageMove {
    pub id: Uuid,
    pub from_stage_id: Option<Uuid>,
    pub to_stage_id: Uuid,
    /// The kind of the stage entered.
    pub to_status: StageKind,
    pub moved_at: DateTime<Utc>,
    /// The staff user who moved it; `None` for an API key or the system.
    pub moved_by: Option<UserId>,
    /// How long it had been in `from_stage_id`, in seconds.
    pub seconds_in_stage: Option<i64>,
}

/// The shared record use cases check an opportunity through these.
impl Checks<NewOpportunity> for OpportunityInput {
    fn check(self, defs: &[CustomField]) -> DomainResult<NewOpportunity> {
        self.validate(defs)
    }
}

impl Checks<OpportunityPatch> for OpportunityPatchInput {
    fn reads_fields(&self) -> bool {
        !self.custom_fields.is_empty()
    }
    fn check(self, defs: &[CustomField]) -> DomainResult<OpportunityPatch> {
        self.validate(defs)
    }
}

#[cfg(test)]
mod tests;
