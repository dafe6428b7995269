//! `GET /v1/jobs`: the organisation's background jobs (imports, card refreshes…) with
//! their state, attempts and last error, newest first.

use crate::auth::Auth;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::QueryParams;
use crate::state::AppState;
use actix_web::{HttpResponse, get, web};
use chrono::{DateTime, Utc};
use crm_accounts::{Action, Area};
use crm_core::FieldError;
use crm_core::jobs::{JobFilter, JobInfo, JobState};
use crm_core::sort::{SortField, SortKind};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// The fields jobs sort by.
const JOB_SORT: &[SortField] = &[
    SortField::new("created_at", SortKind::Timestamp),
    SortField::new("run_at", SortKind::Timestamp),
];

/// Where a job stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum JobStateDto {
    /// Waiting for its time or for a worker.
    Queued,
    /// Claimed by a worker.
    Running,
    Done,
    /// Given up after its last attempt; `last_error` says why.
    Dead,
}

impl From<JobState> for JobStateDto {
    fn from(s: JobState) -> Self {
        match s {
            JobState::Queued => JobStateDto::Queued,
            JobState::Running => JobStateDto::Running,
            JobState::Done => JobStateDto::Done,
            JobState::Dead => JobStateDto::Dead,
        }
    }
}

impl From<JobStateDto> for JobState {
    fn from(s: JobStateDto) -> Self {
        match s {
            JobStateDto::Queued => JobState::Queued,
            JobStateDto::Running => JobState::Running,
            JobStateDto::Done => JobState::Done,
            JobStateDto::Dead => JobState::Dead,
        }
    }
}

/// A background job.
#[derive(Debug, Serialize, ToSchema)]
pub struct JobDto {
    pub id: Uuid,
    /// What the job does, named by the area that owns it: `import`, `tag.cards`, `tag.deleted.cards`.
    #[schema(example = "import")]
    pub kind: String,
    /// What it works on: the import, the renamed tag…
    pub subject_id: Uuid,
    pub state: JobStateDto,
    /// Runs started so far.
    #[schema(example = 1)]
    pub attempts: u32,
    /// Runs allowed before it is given up.
    #[schema(example = 5)]
    pub max_attempts: u32,
    /// When it runs, ran, or runs again after a failure.
    pub run_at: DateTime<Utc>,
    /// Why the last run failed, if it did.
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<JobInfo> for JobDto {
    fn from(j: JobInfo) -> Self {
        Self {
            id: j.id,
            kind: j.kind,
            subject_id: j.subject_id,
            state: j.state.into(),
            attempts: j.attempts,
            max_attempts: j.max_attempts,
            run_at: j.run_at,
            last_error: j.last_error,
            created_at: j.created_at,
            updated_at: j.updated_at,
        }
    }
}

crate::page_of!(JobPage, JobDto);

/// Whether `k` can name a job kind (the pattern the document states).
fn job_kind(k: &str) -> bool {
    let mut chars = k.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && k.len() <= 50
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '.')
}

crate::list_params!(
    /// Filters of the job list.
    JobListParams, sort = "^-?(created_at|run_at|id)$" {
        /// Only jobs of this kind.
        #[param(pattern = "^[a-z][a-z0-9_.]{0,49}$")]
        kind: Option<String>,
        /// Only jobs in this state.
        state: Option<JobStateDto>,
    }
);

/// List background jobs
///
/// The organisation's background jobs, newest first: imports and the card refreshes
/// that follow a tag rename, with their state, attempts and last error. For owners and
/// admins.
#[utoipa::path(
    operation_id = "jobs_list",
    tag = "jobs",
    params(JobListParams),
    responses((status = 200, description = "A page of jobs", body = JobPage)),
    security(("bearer" = []))
)]
#[get("/jobs")]
pub async fn list(
    state: web::Data<AppState>,
    auth: Auth,
    params: QueryParams<JobListParams>,
) -> ApiResult<HttpResponse> {
    auth.require(Area::Settings, Action::Read)?;
    let p = params.0;
    let page = p
        .page()
        .to_request(JOB_SORT, Some("-id"), &auth.cursors)
        .map_err(ApiError::invalid_parameters)?;
    if let Some(k) = &p.kind
        && !job_kind(k)
    {
        return Err(ApiError::invalid_parameters(vec![FieldError::new(
            "kind",
            "invalid_format",
            "a job kind is lower-case letters, digits, `_` and `.`, starting with a letter",
        )]));
    }
    let filter = JobFilter {
        kind: p.kind,
        state: p.state.map(Into::into),
    };
    let jobs = state.jobs.list(&auth.actor, &filter, &page).await?;
    Ok(HttpResponse::Ok().json(JobPage::from_page(jobs, &auth.cursors, JobDto::from)))
}
