//! Wire types of timelines: an entry, a page of them, and what a page asks for.

use crate::http::cursor::Seal;
use crate::http::error::ApiError;
use crate::http::moment::Moment;
use crate::http::page::PageParams;
use crate::state::AppState;
use chrono::{DateTime, Utc};
use crm_core::FieldError;
use crm_core::page::{Page, PageRequest};
use crm_records::timeline::{Entry, EntryKind, Subject, TIMELINE_SORT, Window};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

/// Every kind of entry, from every area; a new area adds its `timeline::KINDS` here.
pub const KINDS: &[&[EntryKind]] = &[
    crm_interactions::timeline::KINDS,
    crm_customers::timeline::KINDS,
    crm_opportunities::timeline::KINDS,
];

/// The `kind` parameter's pattern: a comma-separated list of the kinds above (a test
/// holds the two together).
pub const KIND_PATTERN: &str = "^(interaction|task|case|lifecycle_change|consent|merge|opportunity|order)(,(interaction|task|case|lifecycle_change|consent|merge|opportunity|order)){0,9}$";

/// One thing that happened.
#[derive(Debug, Serialize, ToSchema)]
pub struct TimelineEntryDto {
    /// The id of the fact (an interaction's, a lifecycle change's, a consent entry's…);
    /// with `occurred_at` it orders the timeline.
    pub id: Uuid,
    /// What kind of fact: `interaction`, `task`, `case`, `lifecycle_change`, `consent`,
    /// `merge`, `opportunity` or `order`.
    #[schema(example = "interaction")]
    pub kind: String,
    /// When it happened.
    pub occurred_at: DateTime<Utc>,
    /// The resource that holds the whole fact: `interaction`, `task`, `case`, `person`,
    /// `company`, `opportunity` or `order`.
    #[schema(example = "interaction")]
    pub record_type: String,
    /// Its id, to read it in its collection (`/v1/tasks/{record_id}`,
    /// `/v1/people/…`, `/v1/opportunities/…`).
    pub record_id: Uuid,
    /// What happened, in one line.
    #[schema(example = "Call (outbound): Renewal")]
    pub title: String,
    /// More of it, when there is more (an interaction's outcome, a consent's source).
    #[schema(example = "Call back on Friday")]
    pub detail: Option<String>,
}

impl From<Entry> for TimelineEntryDto {
    fn from(e: Entry) -> Self {
        Self {
            id: e.id,
            kind: e.kind.to_string(),
            occurred_at: e.occurred_at,
            record_type: e.record_type.to_string(),
            record_id: e.record_id,
            title: e.title,
            detail: e.detail,
        }
    }
}

crate::page_of!(TimelinePage, TimelineEntryDto);

/// What a page of a timeline holds.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct TimelineParams {
    /// Only entries of these kinds, comma-separated: `interaction`, `task`, `case`,
    /// `lifecycle_change`, `consent`, `merge`, `opportunity`, `order`.
    #[param(
        pattern = "^(interaction|task|case|lifecycle_change|consent|merge|opportunity|order)(,(interaction|task|case|lifecycle_change|consent|merge|opportunity|order)){0,9}$",
        example = "interaction,lifecycle_change"
    )]
    pub kind: Option<String>,
    /// Only entries at or after this time.
    #[param(value_type = Option<String>)]
    pub occurred_after: Option<Moment>,
    /// Only entries before this time.
    #[param(value_type = Option<String>)]
    pub occurred_before: Option<Moment>,
    /// Items per page, 1 to 200.
    #[param(minimum = 1, maximum = 200, default = 50)]
    pub limit: Option<i64>,
    /// The `next_cursor` of the previous page (opaque; a tampered cursor is a 400).
    #[param(pattern = "^[A-Za-z0-9_-]{1,2000}$")]
    pub cursor: Option<String>,
}

fn kind(name: &str) -> Option<&'static str> {
    KINDS
        .iter()
        .flat_map(|k| k.iter())
        .find(|k| k.name == name)
        .map(|k| k.name)
}

impl TimelineParams {
    /// The window and the page, every bad parameter named at once.
    fn parts(&self, seal: &Seal) -> Result<(Window, PageRequest), ApiError> {
        let mut errors = Vec::new();
        let mut kinds = Vec::new();
        for name in self.kind.iter().flat_map(|k| k.split(',')) {
            match kind(name.trim()) {
                Some(k) if !kinds.contains(&k) => kinds.push(k),
                Some(_) => {}
                None => errors.push(FieldError::new(
                    "kind",
                    "invalid_value",
                    format!("'{name}' is not a kind of timeline entry"),
                )),
            }
        }
        let page = PageParams {
            limit: self.limit,
            cursor: self.cursor.clone(),
            sort: None,
            include: None,
        }
        .to_request(TIMELINE_SORT, Some("-occurred_at"), seal);
        let page = match page {
            Ok(p) => Some(p),
            Err(e) => {
                errors.extend(e);
                None
            }
        };
        match page {
            Some(page) if errors.is_empty() => Ok((
                Window {
                    kinds,
                    after: self.occurred_after.map(|m| m.0),
                    before: self.occurred_before.map(|m| m.0),
                },
                page,
            )),
            _ => Err(ApiError::invalid_parameters(errors)),
        }
    }
}

/// A page of `subject`'s timeline as the wire shows it.
pub async fn page_of(
    state: &AppState,
    auth: &crate::auth::Auth,
    subject: Subject,
    params: &TimelineParams,
) -> Result<TimelinePage, ApiError> {
    let (window, page) = params.parts(&auth.cursors)?;
    let found: Page<Entry> = state
        .timeline
        .page(&auth.actor, subject, &window, &page)
        .await?;
    Ok(TimelinePage::from_page(
        found,
        &auth.cursors,
        TimelineEntryDto::from,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_kind_pattern_names_every_kind_and_no_other() {
        let names: Vec<&str> = KINDS
            .iter()
            .flat_map(|k| k.iter())
            .map(|k| k.name)
            .collect();
        let listed = format!("({})", names.join("|"));
        assert_eq!(KIND_PATTERN, format!("^{listed}(,{listed}){{0,9}}$"));
        let doc = serde_json::to_value(crate::openapi::document()).unwrap_or_default();
        for path in ["/v1/people/{id}/timeline", "/v1/companies/{id}/timeline"] {
            let params = doc["paths"][path]["get"]["parameters"].as_array().cloned();
            let kind = params
                .unwrap_or_default()
                .into_iter()
                .find(|p| p["name"] == "kind");
            assert_eq!(
                kind.map(|k| k["schema"]["pattern"].clone()),
                Some(serde_json::json!(KIND_PATTERN)),
                "{path}"
            );
        }
    }
}
