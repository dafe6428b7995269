//! A customer's timeline: every fact about a person or company from every area (their
//! interactions, lifecycle moves, consent changes, merges; later tasks, cases, deals,
//! orders and campaign responses), newest first in one keyset-paged list. Each area
//! declares its kinds of entry ([`EntryKind`]) and the store reads each kind from where
//! the fact already lives (decision 0029); this module holds the shared types, the
//! port and the use case.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use crm_core::ids::{CompanyId, PersonId};
use crm_core::page::{Page, PageRequest};
use crm_core::sort::{SortField, SortKind};
use crm_core::{Actor, DomainResult};
use serde::Serialize;
use std::sync::Arc;
use uuid::Uuid;

/// One kind of timeline entry, declared by the area that owns the fact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EntryKind {
    /// The name callers filter by (`interaction`, `lifecycle_change`…).
    pub name: &'static str,
    /// What an entry of this kind records, for the document.
    pub about: &'static str,
}

impl EntryKind {
    pub const fn new(name: &'static str, about: &'static str) -> Self {
        Self { name, about }
    }
}

/// Whose timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    Person(PersonId),
    Company(CompanyId),
}

/// One entry: what happened, when, and the record that holds the whole fact.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    /// The id of the fact's own row (an interaction's, a lifecycle change's…), unique
    /// across kinds; with `occurred_at` it orders the timeline.
    pub id: Uuid,
    pub kind: &'static str,
    pub occurred_at: DateTime<Utc>,
    /// The resource to read for the whole fact (`interaction`, `person`…) and its id.
    pub record_type: &'static str,
    pub record_id: Uuid,
    /// One line saying what happened.
    pub title: String,
    /// More of it, when there is more (an interaction's outcome).
    pub detail: Option<String>,
}

/// Which entries a page holds.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Window {
    /// Only these kinds; every kind when empty.
    pub kinds: Vec<&'static str>,
    /// Only entries at or after this time.
    pub after: Option<DateTime<Utc>>,
    /// Only entries before this time.
    pub before: Option<DateTime<Utc>>,
}

impl Window {
    /// Whether entries of `kind` are wanted.
    pub fn wants(&self, kind: &str) -> bool {
        self.kinds.is_empty() || self.kinds.contains(&kind)
    }
}

/// The one order of a timeline: newest first (the id breaks ties).
pub const TIMELINE_SORT: &[SortField] = &[SortField::new("occurred_at", SortKind::Timestamp)];

/// Reads timelines.
#[async_trait]
pub trait TimelineRepository: Send + Sync {
    /// A page of the subject's entries, newest first. A subject that is not live is a
    /// 404, a merged one a redirect to its survivor, whose timeline holds its facts.
    async fn page(
        &self,
        actor: &Actor,
        subject: Subject,
        window: &Window,
        page: &PageRequest,
    ) -> DomainResult<Page<Entry>>;
}

/// The timeline use case.
#[derive(Clone)]
pub struct Timeline(Arc<dyn TimelineRepository>);

impl Timeline {
    pub fn new(store: Arc<dyn TimelineRepository>) -> Self {
        Self(store)
    }

    /// A page of the subject's timeline.
    pub async fn page(
        &self,
        actor: &Actor,
        subject: Subject,
        window: &Window,
        page: &PageRequest,
    ) -> DomainResult<Page<Entry>> {
        self.0.page(actor, subject, window, page).await
    }
}

/// Keeps the `limit` newest of entries gathered from several kinds, each already cut to
/// the page, and says whether more remain: one page of the merged timeline.
pub fn newest(mut entries: Vec<Entry>, limit: usize) -> (Vec<Entry>, bool) {
    entries.sort_by_key(|e| std::cmp::Reverse((e.occurred_at, e.id)));
    let more = entries.len() > limit;
    entries.truncate(limit);
    (entries, more)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn entry(kind: &'static str, minute: u32, id: u128) -> Entry {
        Entry {
            id: Uuid::from_u128(id),
            kind,
            occurred_at: Utc.with_ymd_and_hms(2026, 12, 1, 9, minute, 0).unwrap(),
            record_type: kind,
            record_id: Uuid::from_u128(id),
            title: String::new(),
            detail: None,
        }
    }

    #[test]
    fn entries_of_several_kinds_merge_newest_first_with_the_id_breaking_ties() {
        let (page, more) = newest(
            vec![
                entry("interaction", 1, 1),
                entry("consent", 5, 2),
                entry("lifecycle_change", 5, 3),
                entry("interaction", 3, 4),
            ],
            3,
        );
        let ids: Vec<u128> = page.iter().map(|e| e.id.as_u128()).collect();
        assert_eq!(ids, [3, 2, 4]);
        assert!(more);
        assert!(!newest(vec![entry("consent", 1, 1)], 3).1);
    }

    #[test]
    fn an_empty_window_wants_every_kind() {
        assert!(Window::default().wants("anything"));
        let w = Window {
            kinds: vec!["consent"],
            ..Default::default()
        };
        assert!(w.wants("consent") && !w.wants("interaction"));
    }
}
