//! Email-to-case: a message filed in one transaction (the sender's person, an inbound
//! `email` interaction, a new case or a reply on its case, the attachments) and the
//! files on cases.

use super::{cases, interactions, people};
use crate::db::Db;
use crate::entities::{case, case_attachment, case_link, inbound_email};
use crate::error::{Result, port};
use crate::record::{Record, State, find, scoped};
use crate::time;
use async_trait::async_trait;
use crm_core::ids::PersonId;
use crm_core::{Actor, DomainError, DomainResult, FieldError};
use crm_customers::batch::MatchKey;
use crm_customers::contact::{ContactLabel, RawPoint};
use crm_customers::person::PersonInput;
use crm_interactions::case::{Case, CaseId, CasePatch, CaseStatus, Change, HistoryKind};
use crm_interactions::inbound::{
    InboundEmail, MAX_ATTACHMENT_BYTES, Outcome, Received, StoredAttachment, status_on_reply,
};
use crm_interactions::ports::InboundRepository;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, QueryFilter, QueryOrder,
    QuerySelect, QueryTrait,
};
use uuid::Uuid;

pub(crate) struct Inbound(pub Db);

fn stored(r: &case_attachment::Model) -> StoredAttachment {
    StoredAttachment {
        id: r.id,
        case_id: r.case_id,
        email_id: r.email_id,
        filename: r.filename.clone(),
        content_type: r.content_type.clone(),
        size: u64::try_from(r.size).unwrap_or_default(),
        stored: r.content.is_some(),
        created_at: r.created_at,
    }
}

/// The sender's live person, or a new one with source `email` and the display name;
/// whether it was created.
async fn sender<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    email: &InboundEmail,
) -> Result<(PersonId, bool)> {
    let key = MatchKey::Email(email.from_address.clone());
    if let Some(id) = people::matching(c, actor, &key).await?.into_iter().min() {
        return Ok((PersonId(id), false));
    }
    let (first_name, last_name) = email.names();
    let input = PersonInput {
        first_name,
        last_name,
        emails: vec![RawPoint {
            value: email.from_address.clone(),
            label: ContactLabel::Other,
            primary: true,
        }],
        source_channel: Some("email".into()),
        ..PersonInput::default()
    };
    // The organisation's required person fields cannot be known from a message: the
    // person is created without them, as an import row without those columns would be.
    let new = input
        .validate(None, time::now().date_naive(), &[])
        .map_err(|e| match e {
            DomainError::Validation(errors) => DomainError::Validation(
                errors
                    .into_iter()
                    .map(|f| FieldError::new("from", f.code, f.message))
                    .collect(),
            ),
            other => other,
        })?;
    Ok((people::create_in(c, actor, new).await?.id, true))
}

/// The live case a message answers: one of the messages it names in `In-Reply-To` or
/// `References`, or else a `CASE-123` token in its subject on a case the sender is on
/// (a token alone does not let a stranger write on someone else's case).
async fn answered<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    email: &InboundEmail,
    person: PersonId,
) -> Result<Option<case::Model>> {
    if !email.answers.is_empty() {
        let prior = scoped::<inbound_email::Entity>(actor)
            .filter(inbound_email::Column::MessageId.is_in(email.answers.clone()))
            .order_by_desc(inbound_email::Column::ReceivedAt)
            .one(c)
            .await?;
        if let Some(p) = prior
            && let Ok(row) = find::<case::Entity, _>(c, actor, p.case_id, State::Live, true).await
        {
            return Ok(Some(row));
        }
    }
    let Some(number) = email.case_number() else {
        return Ok(None);
    };
    let on_it = scoped::<case_link::Entity>(actor)
        .filter(case_link::Column::Kind.eq("person"))
        .filter(case_link::Column::TargetId.eq(person.0))
        .select_only()
        .column(case_link::Column::CaseId)
        .into_query();
    Ok(scoped::<case::Entity>(actor)
        .filter(case::Column::Number.eq(number))
        .filter(case::Column::DeletedAt.is_null())
        .filter(case::Column::Id.in_subquery(on_it))
        .lock_exclusive()
        .one(c)
        .await?)
}

/// A reply on its case: the case back to work if it waited or was finished, and an
/// `email` entry on its history.
async fn reply<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    row: case::Model,
    email: &InboundEmail,
) -> Result<Case> {
    let id = row.id;
    let status = CaseStatus::parse(&row.status).ok_or_else(|| {
        DomainError::internal(format!("stored status '{}' is unknown", row.status))
    })?;
    let case = match status_on_reply(status) {
        Some(to) => {
            let patch = CasePatch {
                status: Some(to),
                ..CasePatch::default()
            };
            cases::update_in(c, actor, id, patch, None, None).await?
        }
        None => <case::Entity as Record>::view(c, row).await?,
    };
    let change = Change {
        kind: HistoryKind::Email,
        from: None,
        to: email.subject.clone().map(|s| s.chars().take(200).collect()),
    };
    cases::note(c, actor, id, &[change]).await?;
    Ok(case)
}

/// Files a message never received before.
async fn file<C: ConnectionTrait>(c: &C, actor: &Actor, email: InboundEmail) -> Result<Received> {
    let (person, person_created) = sender(c, actor, &email).await?;
    let target = answered(c, actor, &email, person).await?;
    let interaction = interactions::create_in(c, actor, email.interaction(person)).await?;
    let interaction_id = interaction.id.0;
    let (case, outcome) = match target {
        Some(row) => (reply(c, actor, row, &email).await?, Outcome::Threaded),
        None => {
            let new = email.new_case(person, interaction_id);
            (cases::create_in(c, actor, new).await?, Outcome::Opened)
        }
    };
    let now = time::now();
    let email_id = Uuid::now_v7();
    inbound_email::ActiveModel {
        id: Set(email_id),
        org_id: Set(actor.org_id.0),
        message_id: Set(email.message_id.clone()),
        case_id: Set(case.id.0),
        interaction_id: Set(Some(interaction_id)),
        person_id: Set(Some(person.0)),
        from_address: Set(email.from_address.clone()),
        subject: Set(email.subject.clone().map(|s| s.chars().take(255).collect())),
        size: Set(i64::try_from(email.size).unwrap_or(i64::MAX)),
        received_at: Set(now),
    }
    .insert(c)
    .await?;
    for a in email.attachments {
        let size = a.content.len();
        case_attachment::ActiveModel {
            id: Set(Uuid::now_v7()),
            org_id: Set(actor.org_id.0),
            case_id: Set(case.id.0),
            email_id: Set(Some(email_id)),
            filename: Set(a.filename.chars().take(255).collect()),
            content_type: Set(a.content_type.chars().take(255).collect()),
            size: Set(i64::try_from(size).unwrap_or(i64::MAX)),
            content: Set((size <= MAX_ATTACHMENT_BYTES).then_some(a.content)),
            created_at: Set(now),
        }
        .insert(c)
        .await?;
    }
    Ok(Received {
        outcome,
        case,
        interaction_id: Some(interaction_id),
        person_id: Some(person),
        person_created,
    })
}

#[async_trait]
impl InboundRepository for Inbound {
    #[tracing::instrument(skip_all, fields(org = %actor.org_id))]
    async fn receive(&self, actor: &Actor, email: InboundEmail) -> DomainResult<Received> {
        port(async {
            let txn = self.0.begin_write().await?;
            let prior = scoped::<inbound_email::Entity>(actor)
                .filter(inbound_email::Column::MessageId.eq(email.message_id.as_str()))
                .one(&txn)
                .await?;
            let received = match prior {
                Some(p) => {
                    let row =
                        find::<case::Entity, _>(&txn, actor, p.case_id, State::Live, false).await?;
                    Received {
                        outcome: Outcome::Duplicate,
                        case: <case::Entity as Record>::view(&txn, row).await?,
                        interaction_id: p.interaction_id,
                        person_id: p.person_id.map(PersonId),
                        person_created: false,
                    }
                }
                None => file(&txn, actor, email).await?,
            };
            txn.commit().await?;
            Ok(received)
        })
        .await
    }

    async fn attachments(
        &self,
        actor: &Actor,
        case: CaseId,
    ) -> DomainResult<Vec<StoredAttachment>> {
        port(async {
            let c = &self.0.conn;
            find::<case::Entity, _>(c, actor, case.0, State::Live, false).await?;
            let rows = scoped::<case_attachment::Entity>(actor)
                .filter(case_attachment::Column::CaseId.eq(case.0))
                .order_by_asc(case_attachment::Column::Id)
                .all(c)
                .await?;
            Ok(rows.iter().map(stored).collect())
        })
        .await
    }

    async fn attachment(
        &self,
        actor: &Actor,
        case: CaseId,
        id: Uuid,
    ) -> DomainResult<(StoredAttachment, Option<Vec<u8>>)> {
        port(async {
            let c = &self.0.conn;
            find::<case::Entity, _>(c, actor, case.0, State::Live, false).await?;
            let row = scoped::<case_attachment::Entity>(actor)
                .filter(case_attachment::Column::CaseId.eq(case.0))
                .filter(case_attachment::Column::Id.eq(id))
                .one(c)
                .await?
                .ok_or(DomainError::not_found("attachment"))?;
            let info = stored(&row);
            Ok((info, row.content))
        })
        .await
    }
}
