//! `POST /v1/inbound/email`: a raw RFC 5322 message from the mail relay becomes a case,
//! or a reply on the case it answers.

use super::parse;
use crate::auth::Auth;
use crate::http::error::{ApiError, ApiResult};
use crate::routes::interactions::cases::dto::CaseDto;
use crate::state::AppState;
use actix_web::http::StatusCode;
use actix_web::http::header::{CONTENT_TYPE, LOCATION};
use actix_web::{HttpRequest, HttpResponse, post, web};
use crm_accounts::{Action, Area};
use crm_core::Principal;
use crm_interactions::inbound::{MAX_MESSAGE_BYTES, Outcome, Received};
use futures_util::StreamExt;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// What the message became.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OutcomeDto {
    /// A new case was opened (201).
    Opened,
    /// It was added to the case it answers (200).
    Threaded,
    /// The same message id was received before: nothing was written (200).
    Duplicate,
}

/// A message filed.
#[derive(Debug, Serialize, ToSchema)]
pub struct InboundResultDto {
    pub outcome: OutcomeDto,
    /// The case it opened or joined.
    pub case: CaseDto,
    /// The inbound `email` interaction on the sender's timeline.
    pub interaction_id: Option<Uuid>,
    /// The sender's person.
    pub person_id: Option<Uuid>,
    /// Whether the sender was unknown and a person was created (source `email`).
    pub person_created: bool,
}

impl From<Received> for InboundResultDto {
    fn from(r: Received) -> Self {
        Self {
            outcome: match r.outcome {
                Outcome::Opened => OutcomeDto::Opened,
                Outcome::Threaded => OutcomeDto::Threaded,
                Outcome::Duplicate => OutcomeDto::Duplicate,
            },
            case: r.case.into(),
            interaction_id: r.interaction_id,
            person_id: r.person_id.map(Into::into),
            person_created: r.person_created,
        }
    }
}

/// Receive an email
///
/// For the mail relay: post each customer message as it arrived, raw (`message/rfc822`,
/// at most 10 MiB), with an API key whose role works cases (`support` or above); users
/// cannot post here. The sender's person is found by address, or created with source
/// `email`. A message whose `In-Reply-To` or `References` names an earlier message of a
/// case, or whose subject carries a `CASE-000123` token of a case the sender is on,
/// threads onto that case (a case waiting on the customer is opened again, a resolved
/// or closed one reopened); any other opens a new case. Either way it is an inbound
/// `email` interaction on the sender's timeline, and its attachments are listed on the
/// case (each kept up to 5 MiB; a larger one is listed without its content). A message
/// id received before is answered `duplicate` and nothing is written, so a relay may
/// retry safely.
#[utoipa::path(
    operation_id = "inbound_email",
    tag = "inbound",
    request_body(content = String, content_type = "message/rfc822", description = "The message as received, headers and body (RFC 5322, MIME)"),
    responses(
        (status = 201, description = "A new case was opened", body = InboundResultDto,
         headers(("Location" = String, description = "The case"))),
        (status = 200, description = "Threaded onto its case, or received before", body = InboundResultDto),
        (status = 413, description = "The message is larger than 10 MiB", body = crate::http::error::Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not `message/rfc822`", body = crate::http::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not a message, no sender address, too many attachments", body = crate::http::error::Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/inbound/email")]
pub async fn receive(
    state: web::Data<AppState>,
    auth: Auth,
    req: HttpRequest,
    mut payload: web::Payload,
) -> ApiResult<HttpResponse> {
    auth.require(Area::Service, Action::Create)?;
    if !matches!(auth.actor.principal, Principal::ApiKey(_)) {
        return Err(ApiError::forbidden(
            "inbound email is posted by the mail relay's API key, not by a user",
        ));
    }
    let essence = req
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase()
        });
    if essence.as_deref() != Some("message/rfc822") {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "Unsupported media type",
            "send the message as message/rfc822",
        ));
    }
    let mut raw = web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|e| ApiError::bad_request("unreadable_body", e.to_string()))?;
        if raw.len() + chunk.len() > MAX_MESSAGE_BYTES {
            return Err(ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload_too_large",
                "Content too large",
                format!("a message is at most {MAX_MESSAGE_BYTES} bytes"),
            ));
        }
        raw.extend_from_slice(&chunk);
    }
    let email = parse::message(&raw).map_err(ApiError::validation)?;
    let r = state.interactions.receive_email(&auth.actor, email).await?;
    let body = InboundResultDto::from(r);
    Ok(match body.outcome {
        OutcomeDto::Opened => HttpResponse::Created()
            .insert_header((LOCATION, format!("/v1/cases/{}", body.case.id)))
            .json(body),
        _ => HttpResponse::Ok().json(body),
    })
}
