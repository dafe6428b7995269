//! Erasure: a person's personal data removed everywhere, in one transaction.

use crate::entities::{
    audit_event, consent, custom_field_value, employment, idempotency_key, outbox_event,
    page_visit, person, person_email, person_phone,
};
use crate::error::Result;
use crate::journal::{self, Change};
use crate::record::{delete_in, in_org, scoped_update, update_in};
use crate::time;
use chrono::{DateTime, Utc};
use crm_core::ids::OrgId;
use crm_core::{Actor, DomainError};
use sea_orm::sea_query::{Condition, Expr, ExprTrait};
use sea_orm::{ColumnTrait, ConnectionTrait, QueryFilter, QuerySelect, QueryTrait};
use uuid::Uuid;

/// What an erased record's outbox payloads are replaced with.
const ERASED: &str = r#"{"erased":true}"#;

/// The title a task about an erased person keeps (a title cannot be empty).
const ERASED_TITLE: &str = "(erased)";

/// What an erased record's audit changes are replaced with: no field, so the entry still
/// reads as the documented map of changes (who did what, and when, stays).
const NO_CHANGES: &str = "{}";

/// Erases the person `id` and every record merged into it (the same person's data under
/// other ids): contact points, tags, consent, company links and custom values go; the
/// rows stay, emptied, for the counts; what interactions, tasks and cases said goes; the
/// journal's and the outbox's copies become tombstones; an answer kept for an
/// `Idempotency-Key` that holds one of the ids becomes a 410. Returns when.
pub(crate) async fn erase_in<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    id: Uuid,
) -> Result<DateTime<Utc>> {
    let org = OrgId(actor.org_id.0);
    in_org::<person::Entity>(org)
        .filter(person::Column::Id.eq(id))
        .filter(person::Column::ErasedAt.is_null())
        .lock_exclusive()
        .one(c)
        .await?
        .ok_or(DomainError::not_found("person"))?;
    let now = time::now();
    let twins: Vec<Uuid> = in_org::<person::Entity>(org)
        .select_only()
        .column(person::Column::Id)
        .filter(person::Column::MergedInto.eq(id))
        .into_tuple()
        .all(c)
        .await?;
    let ids: Vec<Uuid> = std::iter::once(id).chain(twins).collect();
    delete_in::<person_email::Entity>(org)
        .filter(person_email::Column::PersonId.is_in(ids.clone()))
        .exec(c)
        .await?;
    delete_in::<person_phone::Entity>(org)
        .filter(person_phone::Column::PersonId.is_in(ids.clone()))
        .exec(c)
        .await?;
    delete_in::<person::tags::Entity>(org)
        .filter(person::tags::Column::RecordId.is_in(ids.clone()))
        .exec(c)
        .await?;
    delete_in::<employment::Entity>(org)
        .filter(employment::Column::PersonId.is_in(ids.clone()))
        .exec(c)
        .await?;
    delete_in::<custom_field_value::Entity>(org)
        .filter(custom_field_value::Column::RecordId.is_in(ids.clone()))
        .exec(c)
        .await?;
    use person::Column as P;
    let null = || Expr::val(Option::<String>::None);
    scoped_update::<person::Entity>(actor)
        .col_expr(P::FirstName, null())
        .col_expr(P::LastName, null())
        .col_expr(P::ExternalId, null())
        .col_expr(P::Language, null())
        .col_expr(P::TimeZone, null())
        .col_expr(P::SourceDetail, null())
        .col_expr(P::Addresses, null())
        .col_expr(P::SocialProfiles, null())
        .col_expr(P::Card, null())
        .col_expr(P::Birthday, Expr::val(Option::<chrono::NaiveDate>::None))
        .col_expr(P::DeletedAt, Expr::col(P::DeletedAt).if_null(now))
        .col_expr(P::ErasedAt, Expr::val(Some(now)))
        .col_expr(P::UpdatedAt, Expr::val(now))
        .col_expr(P::Version, Expr::col(P::Version).add(1))
        .filter(P::Id.is_in(ids.clone()))
        .exec(c)
        .await?;
    // The pages they visited (reported for lead scoring) say what they looked at.
    delete_in::<page_visit::Entity>(org)
        .filter(page_visit::Column::PersonId.is_in(ids.clone()))
        .exec(c)
        .await?;
    // After `erased_at` is set: the ledger's trigger lets only an erased person's go.
    delete_in::<consent::Entity>(org)
        .filter(consent::Column::PersonId.is_in(ids.clone()))
        .exec(c)
        .await?;
    for &person_id in &ids {
        erase_what_was_said(c, org, person_id, now).await?;
    }
    // The journal's copies of the person's fields go too; who did what, and when, stays.
    update_in::<audit_event::Entity>(org)
        .col_expr(audit_event::Column::Changes, Expr::val(NO_CHANGES))
        .filter(audit_event::Column::ResourceId.is_in(ids.clone()))
        .exec(c)
        .await?;
    update_in::<outbox_event::Entity>(org)
        .col_expr(outbox_event::Column::Payload, Expr::val(ERASED))
        .filter(outbox_event::Column::ResourceId.is_in(ids.clone()))
        .exec(c)
        .await?;
    forget_kept_answers(c, org, &ids).await?;
    journal::record(
        c,
        actor,
        Change {
            event: crm_customers::events::PERSON_ERASED,
            resource_id: id,
            before: None,
            after: None,
        },
    )
    .await?;
    Ok(now)
}

/// Answers kept for replay under an `Idempotency-Key` that name one of `ids` (the
/// create, a merge, a batch, a search) are dropped, the key kept as erased
/// ([`ERASED_STATUS`](crate::idempotency::ERASED_STATUS)): replaying it neither shows
/// the data nor writes it again.
async fn forget_kept_answers<C: ConnectionTrait>(c: &C, org: OrgId, ids: &[Uuid]) -> Result<()> {
    use idempotency_key::Column as K;
    let mentions = ids.iter().fold(Condition::any(), |any, id| {
        any.add(Expr::col(K::ResponseBody).like(format!("%{id}%")))
            .add(Expr::col(K::ResponseHeaders).like(format!("%{id}%")))
    });
    update_in::<idempotency_key::Entity>(org)
        .col_expr(
            K::ResponseStatus,
            Expr::val(crate::idempotency::ERASED_STATUS),
        )
        .col_expr(K::ResponseHeaders, Expr::val(Option::<String>::None))
        .col_expr(K::ResponseBody, Expr::val(Option::<String>::None))
        .filter(mentions)
        .exec(c)
        .await?;
    Ok(())
}

/// The interactions, tasks, cases, opportunities and orders with the person keep their
/// place (counts, sums, other people's timelines, who did what and when) but lose what
/// was said or written: an opportunity's name, next step and close reason, an order's
/// notes, an
/// interaction's subject, body, outcome and post address, a task's title and
/// description, a case's subject, description, resolution, satisfaction comment,
/// comments and attachments, the sender address of their emails, and the journal's
/// copies of them.
async fn erase_what_was_said<C: ConnectionTrait>(
    c: &C,
    org: OrgId,
    person_id: Uuid,
    now: DateTime<Utc>,
) -> Result<()> {
    use crate::entities::{
        case, case_attachment, case_comment, case_link, inbound_email, interaction,
        interaction_link, opportunity, order, task, task_link,
    };
    let interactions = || {
        in_org::<interaction_link::Entity>(org)
            .select_only()
            .column(interaction_link::Column::InteractionId)
            .filter(interaction_link::Column::Kind.eq("person"))
            .filter(interaction_link::Column::TargetId.eq(person_id))
            .into_query()
    };
    let tasks = || {
        in_org::<task_link::Entity>(org)
            .select_only()
            .column(task_link::Column::TaskId)
            .filter(task_link::Column::Kind.eq("person"))
            .filter(task_link::Column::TargetId.eq(person_id))
            .into_query()
    };
    let cases = || {
        in_org::<case_link::Entity>(org)
            .select_only()
            .column(case_link::Column::CaseId)
            .filter(case_link::Column::Kind.eq("person"))
            .filter(case_link::Column::TargetId.eq(person_id))
            .into_query()
    };
    let null = || Expr::val(Option::<String>::None);
    use interaction::Column as I;
    update_in::<interaction::Entity>(org)
        .col_expr(I::Subject, null())
        .col_expr(I::Body, null())
        .col_expr(I::Outcome, null())
        .col_expr(I::SocialUrl, null())
        .col_expr(I::UpdatedAt, Expr::val(now))
        .col_expr(I::Version, Expr::col(I::Version).add(1))
        .filter(I::Id.in_subquery(interactions()))
        .exec(c)
        .await?;
    use task::Column as T;
    update_in::<task::Entity>(org)
        .col_expr(T::Title, Expr::val(ERASED_TITLE))
        .col_expr(T::Description, null())
        .col_expr(T::UpdatedAt, Expr::val(now))
        .col_expr(T::Version, Expr::col(T::Version).add(1))
        .filter(T::Id.in_subquery(tasks()))
        .exec(c)
        .await?;
    use case::Column as K;
    update_in::<case::Entity>(org)
        .col_expr(K::Subject, Expr::val(ERASED_TITLE))
        .col_expr(K::Description, null())
        .col_expr(K::Resolution, null())
        .col_expr(K::SatisfactionComment, null())
        .col_expr(K::UpdatedAt, Expr::val(now))
        .col_expr(K::Version, Expr::col(K::Version).add(1))
        .filter(K::Id.in_subquery(cases()))
        .exec(c)
        .await?;
    delete_in::<case_attachment::Entity>(org)
        .filter(case_attachment::Column::CaseId.in_subquery(cases()))
        .exec(c)
        .await?;
    update_in::<inbound_email::Entity>(org)
        .col_expr(inbound_email::Column::FromAddress, Expr::val(ERASED_TITLE))
        .col_expr(inbound_email::Column::Subject, null())
        .filter(inbound_email::Column::PersonId.eq(person_id))
        .exec(c)
        .await?;
    update_in::<case_comment::Entity>(org)
        .col_expr(case_comment::Column::Body, Expr::val(ERASED_TITLE))
        .filter(case_comment::Column::CaseId.in_subquery(cases()))
        .exec(c)
        .await?;
    let opportunities = || {
        in_org::<opportunity::Entity>(org)
            .select_only()
            .column(opportunity::Column::Id)
            .filter(opportunity::Column::PersonId.eq(person_id))
            .into_query()
    };
    use opportunity::Column as O;
    update_in::<opportunity::Entity>(org)
        .col_expr(O::Name, Expr::val(ERASED_TITLE))
        .col_expr(O::NextStep, null())
        .col_expr(O::CloseReason, null())
        .col_expr(O::UpdatedAt, Expr::val(now))
        .col_expr(O::Version, Expr::col(O::Version).add(1))
        .filter(O::PersonId.eq(person_id))
        .exec(c)
        .await?;
    let orders = || {
        in_org::<order::Entity>(org)
            .select_only()
            .column(order::Column::Id)
            .filter(order::Column::PersonId.eq(person_id))
            .into_query()
    };
    update_in::<order::Entity>(org)
        .col_expr(order::Column::Notes, null())
        .col_expr(order::Column::UpdatedAt, Expr::val(now))
        .col_expr(
            order::Column::Version,
            Expr::col(order::Column::Version).add(1),
        )
        .filter(order::Column::PersonId.eq(person_id))
        .exec(c)
        .await?;
    for held in [interactions(), tasks(), cases(), opportunities(), orders()] {
        update_in::<audit_event::Entity>(org)
            .col_expr(audit_event::Column::Changes, Expr::val(NO_CHANGES))
            .filter(audit_event::Column::ResourceId.in_subquery(held.clone()))
            .exec(c)
            .await?;
        update_in::<outbox_event::Entity>(org)
            .col_expr(outbox_event::Column::Payload, Expr::val(ERASED))
            .filter(outbox_event::Column::ResourceId.in_subquery(held))
            .exec(c)
            .await?;
    }
    Ok(())
}
