//! Erasure: a person's personal data removed everywhere, in one transaction.

use crate::entities::{
    audit_event, consent, custom_field_value, employment, outbox_event, person, person_email,
    person_phone,
};
use crate::error::Result;
use crate::journal::{self, Change};
use crate::record::{delete_in, in_org, scoped_update, update_in};
use crate::time;
use chrono::{DateTime, Utc};
use crm_core::ids::OrgId;
use crm_core::{Actor, DomainError};
use sea_orm::sea_query::Expr;
use sea_orm::sea_query::ExprTrait;
use sea_orm::{ColumnTrait, ConnectionTrait, QueryFilter, QuerySelect, QueryTrait};
use uuid::Uuid;

/// What an erased record's outbox payloads are replaced with.
const ERASED: &str = r#"{"erased":true}"#;

/// The title a task about an erased person keeps (a title cannot be empty).
const ERASED_TITLE: &str = "(erased)";

/// What an erased record's audit changes are replaced with: no field, so the entry still
/// reads as the documented map of changes (who did what, and when, stays).
const NO_CHANGES: &str = "{}";

pub(crate) async fn erase_in<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    id: Uuid,
) -> Result<DateTime<Utc>> {
    let org = actor.org_id.0;
    let row = in_org::<person::Entity>(OrgId(org))
        .filter(person::Column::Id.eq(id))
        .filter(person::Column::ErasedAt.is_null())
        .lock_exclusive()
        .one(c)
        .await?
        .ok_or(DomainError::not_found("person"))?;
    let now = time::now();
    delete_in::<person_email::Entity>(actor.org_id)
        .filter(person_email::Column::PersonId.eq(id))
        .exec(c)
        .await?;
    delete_in::<person_phone::Entity>(actor.org_id)
        .filter(person_phone::Column::PersonId.eq(id))
        .exec(c)
        .await?;
    delete_in::<person::tags::Entity>(actor.org_id)
        .filter(person::tags::Column::RecordId.eq(id))
        .exec(c)
        .await?;
    delete_in::<employment::Entity>(actor.org_id)
        .filter(employment::Column::PersonId.eq(id))
        .exec(c)
        .await?;
    delete_in::<custom_field_value::Entity>(OrgId(org))
        .filter(custom_field_value::Column::RecordId.eq(id))
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
        .col_expr(P::DeletedAt, Expr::val(Some(row.deleted_at.unwrap_or(now))))
        .col_expr(P::ErasedAt, Expr::val(Some(now)))
        .col_expr(P::UpdatedAt, Expr::val(now))
        .col_expr(P::Version, Expr::val(row.version + 1))
        .filter(P::Id.eq(id))
        .exec(c)
        .await?;
    // After `erased_at` is set: the ledger's trigger lets only an erased person's go.
    delete_in::<consent::Entity>(actor.org_id)
        .filter(consent::Column::PersonId.eq(id))
        .exec(c)
        .await?;
    erase_what_was_said(c, OrgId(org), id, now).await?;
    // The journal's copies of the person's fields go too; who did what, and when, stays.
    update_in::<audit_event::Entity>(OrgId(org))
        .col_expr(audit_event::Column::Changes, Expr::val(NO_CHANGES))
        .filter(audit_event::Column::ResourceId.eq(id))
        .exec(c)
        .await?;
    update_in::<outbox_event::Entity>(OrgId(org))
        .col_expr(outbox_event::Column::Payload, Expr::val(ERASED))
        .filter(outbox_event::Column::ResourceId.eq(id))
        .exec(c)
        .await?;
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

/// The interactions, tasks and cases with the person keep their place (counts, other
/// people's timelines, who did what and when) but lose what was said or written: an
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
        interaction_link, task, task_link,
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
    for held in [interactions(), tasks(), cases()] {
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
