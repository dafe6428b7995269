//! An interaction: one touch with a customer on one channel, with the people, companies
//! and staff users involved, so anyone can see what was said and done last.

use crate::task::{NewTask, TaskInput};
use chrono::{DateTime, Utc};
use crm_core::DomainResult;
use crm_core::error::Errors;
use crm_core::ids::{CompanyId, OrgId, PersonId, UserId};
use crm_records::custom_field::{CustomField, FieldValue};
use crm_records::ports::Identified;
use crm_records::records::{Checks, new_tags_and_fields, patched_tags_and_fields};
use crm_records::text::{Field, distinct, http_url, not_null, text};
use serde::Serialize;
use uuid::Uuid;

crm_core::typed_id!(
    /// The id of an interaction.
    InteractionId
);

/// How a touch happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Call,
    Email,
    Meeting,
    SiteVisit,
    Letter,
    PrintedMaterial,
    Video,
    AudioConference,
    Chat,
    Sms,
    InstantMessage,
    /// A post or message on a social network; see [`Social`].
    Social,
    /// A staff note about the customer, with no direction.
    Note,
}

impl Channel {
    pub const ALL: [Channel; 13] = [
        Channel::Call,
        Channel::Email,
        Channel::Meeting,
        Channel::SiteVisit,
        Channel::Letter,
        Channel::PrintedMaterial,
        Channel::Video,
        Channel::AudioConference,
        Channel::Chat,
        Channel::Sms,
        Channel::InstantMessage,
        Channel::Social,
        Channel::Note,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Call => "call",
            Channel::Email => "email",
            Channel::Meeting => "meeting",
            Channel::SiteVisit => "site_visit",
            Channel::Letter => "letter",
            Channel::PrintedMaterial => "printed_material",
            Channel::Video => "video",
            Channel::AudioConference => "audio_conference",
            Channel::Chat => "chat",
            Channel::Sms => "sms",
            Channel::InstantMessage => "instant_message",
            Channel::Social => "social",
            Channel::Note => "note",
        }
    }

    pub fn parse(s: &str) -> Option<Channel> {
        Channel::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// Who started the touch: the customer (`inbound`) or the business (`outbound`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Inbound,
    Outbound,
}

impl Direction {
    pub const ALL: [Direction; 2] = [Direction::Inbound, Direction::Outbound];

    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Inbound => "inbound",
            Direction::Outbound => "outbound",
        }
    }

    pub fn parse(s: &str) -> Option<Direction> {
        Direction::ALL.into_iter().find(|d| d.as_str() == s)
    }
}

/// Whether a social touch was seen by everyone (a public post) or by the parties only
/// (a direct message).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Visibility {
    Public,
    Private,
}

impl Visibility {
    pub const ALL: [Visibility; 2] = [Visibility::Public, Visibility::Private];

    pub fn as_str(self) -> &'static str {
        match self {
            Visibility::Public => "public",
            Visibility::Private => "private",
        }
    }

    pub fn parse(s: &str) -> Option<Visibility> {
        Visibility::ALL.into_iter().find(|v| v.as_str() == s)
    }
}

/// Where a `social` touch happened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Social {
    /// The network's name as the business calls it (`linkedin`, `mastodon`…).
    pub network: String,
    /// The post or message, when it has an address.
    pub url: Option<String>,
    pub visibility: Visibility,
}

/// A social touch as given.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SocialInput {
    pub network: Option<String>,
    pub url: Option<String>,
    pub visibility: Option<Visibility>,
}

/// The longest call or meeting one interaction records: 31 days, in seconds.
pub const MAX_DURATION_SECONDS: i32 = 31 * 24 * 3600;
/// How many people, companies or staff users one interaction may name, each.
pub const MAX_LINKS: usize = 50;
pub const MAX_SUBJECT: usize = 300;
pub const MAX_BODY: usize = 100_000;
pub const MAX_OUTCOME: usize = 200;

/// An interaction as read back.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Interaction {
    pub id: InteractionId,
    #[serde(skip)]
    pub org_id: OrgId,
    pub channel: Channel,
    pub direction: Option<Direction>,
    pub occurred_at: DateTime<Utc>,
    pub duration_seconds: Option<i32>,
    pub subject: Option<String>,
    pub body: Option<String>,
    pub outcome: Option<String>,
    pub social: Option<Social>,
    pub person_ids: Vec<PersonId>,
    pub company_ids: Vec<CompanyId>,
    pub user_ids: Vec<UserId>,
    /// The staff user who logged it; `None` when an API key or the system did.
    pub logged_by: Option<UserId>,
    pub external_id: Option<String>,
    pub tags: Vec<String>,
    pub custom_fields: serde_json::Map<String, serde_json::Value>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

impl Identified for Interaction {
    type Id = InteractionId;
}

/// The links of an interaction, in the order given, without repeats.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Links {
    pub people: Vec<PersonId>,
    pub companies: Vec<CompanyId>,
    pub users: Vec<UserId>,
}

/// A checked interaction to store.
#[derive(Debug, Clone, PartialEq)]
pub struct NewInteraction {
    pub channel: Channel,
    pub direction: Option<Direction>,
    pub occurred_at: DateTime<Utc>,
    pub duration_seconds: Option<i32>,
    pub subject: Option<String>,
    pub body: Option<String>,
    pub outcome: Option<String>,
    pub social: Option<Social>,
    pub links: Links,
    pub external_id: Option<String>,
    pub tags: Vec<String>,
    pub custom_fields: Vec<(CustomField, FieldValue)>,
    /// The task to follow it up, concerning the same people and companies.
    pub follow_up: Option<NewTask>,
}

/// A checked merge-patch of an interaction. Lists replace the whole list.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct InteractionPatch {
    pub channel: Option<Channel>,
    pub direction: Field<Direction>,
    pub occurred_at: Option<DateTime<Utc>>,
    pub duration_seconds: Field<i32>,
    pub subject: Field<String>,
    pub body: Field<String>,
    pub outcome: Field<String>,
    pub social: Field<SocialInput>,
    pub person_ids: Option<Vec<PersonId>>,
    pub company_ids: Option<Vec<CompanyId>>,
    pub user_ids: Option<Vec<UserId>>,
    pub external_id: Field<String>,
    pub tags: Option<Vec<String>>,
    pub custom_fields: Vec<(CustomField, Option<FieldValue>)>,
}

/// An interaction's fields as given.
#[derive(Debug, Clone, Default)]
pub struct InteractionInput {
    pub channel: Option<Channel>,
    pub direction: Option<Direction>,
    pub occurred_at: Option<DateTime<Utc>>,
    pub duration_seconds: Option<i64>,
    pub subject: Option<String>,
    pub body: Option<String>,
    pub outcome: Option<String>,
    pub social: Option<SocialInput>,
    pub person_ids: Vec<PersonId>,
    pub company_ids: Vec<CompanyId>,
    pub user_ids: Vec<UserId>,
    pub external_id: Option<String>,
    pub tags: Vec<String>,
    pub custom_fields: serde_json::Map<String, serde_json::Value>,
    /// A task to follow it up (its links are the interaction's).
    pub follow_up: Option<TaskInput>,
}

/// A patch as given: `None` leaves a field, `Some(None)` clears it (refused for
/// `channel` and `occurred_at`, which every interaction has).
#[derive(Debug, Clone, Default)]
pub struct InteractionPatchInput {
    pub channel: Field<Channel>,
    pub direction: Field<Direction>,
    pub occurred_at: Field<DateTime<Utc>>,
    pub duration_seconds: Field<i64>,
    pub subject: Field<String>,
    pub body: Field<String>,
    pub outcome: Field<String>,
    pub social: Field<SocialInput>,
    pub person_ids: Field<Vec<PersonId>>,
    pub company_ids: Field<Vec<CompanyId>>,
    pub user_ids: Field<Vec<UserId>>,
    pub external_id: Field<String>,
    pub tags: Field<Vec<String>>,
    pub custom_fields: serde_json::Map<String, serde_json::Value>,
}

fn duration(e: &mut Errors, v: Option<i64>) -> Option<i32> {
    let v = v?;
    match i32::try_from(v) {
        Ok(d) if (0..=MAX_DURATION_SECONDS).contains(&d) => Some(d),
        _ => {
            e.push(
                "duration_seconds",
                "out_of_range",
                format!("between 0 and {MAX_DURATION_SECONDS} seconds (31 days)"),
            );
            None
        }
    }
}

/// A social touch's details, checked against its channel: a `social` interaction needs
/// them, other channels cannot have them.
fn social(e: &mut Errors, channel: Channel, v: Option<SocialInput>) -> Option<Social> {
    match (channel, v) {
        (Channel::Social, None) => {
            e.push(
                "social",
                "required",
                "a social interaction says its network and visibility",
            );
            None
        }
        (Channel::Social, Some(s)) => {
            let network = text(e, "social.network", s.network, 50);
            if network.is_none() {
                e.push("social.network", "required", "the social network's name");
            }
            if s.visibility.is_none() {
                e.push(
                    "social.visibility",
                    "required",
                    "whether the post was public or private",
                );
            }
            let url = http_url(e, "social.url", s.url, 2048);
            Some(Social {
                network: network.unwrap_or_default(),
                url,
                visibility: s.visibility.unwrap_or(Visibility::Public),
            })
        }
        (_, Some(_)) => {
            e.push(
                "social",
                "not_allowed",
                "only a social interaction has social details",
            );
            None
        }
        (_, None) => None,
    }
}

/// A note has no direction; every other channel may have one.
fn direction(e: &mut Errors, channel: Channel, d: Option<Direction>) -> Option<Direction> {
    if channel == Channel::Note && d.is_some() {
        e.push("direction", "not_allowed", "a note has no direction");
    }
    d
}

/// An interaction is with somebody: at least one person or company.
pub fn check_linked(people: usize, companies: usize) -> DomainResult<()> {
    if people + companies == 0 {
        return Err(crm_core::DomainError::field(
            "person_ids",
            "required",
            "an interaction is with at least one person or company (person_ids or company_ids)",
        ));
    }
    Ok(())
}

impl InteractionInput {
    /// Checks every field at once.
    pub fn validate(self, defs: &[CustomField]) -> DomainResult<NewInteraction> {
        let mut e = Errors::new();
        if self.channel.is_none() {
            e.push("channel", "required", "how the touch happened");
        }
        let channel = self.channel.unwrap_or(Channel::Note);
        if self.occurred_at.is_none() {
            e.push("occurred_at", "required", "when it happened");
        }
        let links = Links {
            people: distinct(&mut e, "person_ids", self.person_ids, MAX_LINKS),
            companies: distinct(&mut e, "company_ids", self.company_ids, MAX_LINKS),
            users: distinct(&mut e, "user_ids", self.user_ids, MAX_LINKS),
        };
        if let Err(crm_core::DomainError::Validation(v)) =
            check_linked(links.people.len(), links.companies.len())
        {
            e.extend(v);
        }
        let follow_up = self.follow_up.and_then(|t| {
            let t = TaskInput {
                person_ids: links.people.clone(),
                company_ids: links.companies.clone(),
                ..t
            };
            match t.validate(&[]) {
                Ok(t) => Some(t),
                Err(crm_core::DomainError::Validation(v)) => {
                    e.extend(
                        v.into_iter()
                            .map(|mut f| {
                                f.field = format!("follow_up.{}", f.field);
                                f
                            })
                            .collect(),
                    );
                    None
                }
                Err(_) => None,
            }
        });
        let (tags, custom_fields) =
            new_tags_and_fields(&mut e, &self.tags, defs, &self.custom_fields);
        let new = NewInteraction {
            channel,
            direction: direction(&mut e, channel, self.direction),
            occurred_at: self.occurred_at.unwrap_or_default(),
            duration_seconds: duration(&mut e, self.duration_seconds),
            subject: text(&mut e, "subject", self.subject, MAX_SUBJECT),
            body: text(&mut e, "body", self.body, MAX_BODY),
            outcome: text(&mut e, "outcome", self.outcome, MAX_OUTCOME),
            social: social(&mut e, channel, self.social),
            links,
            external_id: text(&mut e, "external_id", self.external_id, 255),
            tags,
            custom_fields,
            follow_up,
        };
        e.finish(new)
    }
}

impl InteractionPatchInput {
    /// Checks every field the patch names. Rules that join fields (a social channel's
    /// details, a note's direction, at least one link) are checked on the record after
    /// the patch, by [`Interaction::apply`].
    pub fn validate(self, defs: &[CustomField]) -> DomainResult<InteractionPatch> {
        let mut e = Errors::new();
        let (tags, custom_fields) =
            patched_tags_and_fields(&mut e, self.tags, defs, &self.custom_fields);
        let patch = InteractionPatch {
            channel: not_null(&mut e, "channel", self.channel),
            direction: self.direction,
            occurred_at: not_null(&mut e, "occurred_at", self.occurred_at),
            duration_seconds: self.duration_seconds.map(|v| duration(&mut e, v)),
            subject: self
                .subject
                .map(|v| text(&mut e, "subject", v, MAX_SUBJECT)),
            body: self.body.map(|v| text(&mut e, "body", v, MAX_BODY)),
            outcome: self
                .outcome
                .map(|v| text(&mut e, "outcome", v, MAX_OUTCOME)),
            social: self.social,
            person_ids: self
                .person_ids
                .map(|v| distinct(&mut e, "person_ids", v.unwrap_or_default(), MAX_LINKS)),
            company_ids: self
                .company_ids
                .map(|v| distinct(&mut e, "company_ids", v.unwrap_or_default(), MAX_LINKS)),
            user_ids: self
                .user_ids
                .map(|v| distinct(&mut e, "user_ids", v.unwrap_or_default(), MAX_LINKS)),
            external_id: self
                .external_id
                .map(|v| text(&mut e, "external_id", v, 255)),
            tags,
            custom_fields,
        };
        e.finish(patch)
    }
}

/// What the stored interaction becomes under a patch: the fields the store writes,
/// checked together (channel with social details and direction, at least one link).
#[derive(Debug, Clone, PartialEq)]
pub struct Patched {
    pub channel: Channel,
    pub direction: Option<Direction>,
    pub occurred_at: DateTime<Utc>,
    pub duration_seconds: Option<i32>,
    pub subject: Option<String>,
    pub body: Option<String>,
    pub outcome: Option<String>,
    pub social: Option<Social>,
    pub external_id: Option<String>,
}

impl Interaction {
    /// The record after `p`, with the rules that join fields checked on the result. The
    /// links, tags and custom fields the patch names are written by the store as given.
    pub fn apply(&self, p: &InteractionPatch) -> DomainResult<Patched> {
        let mut e = Errors::new();
        let channel = p.channel.unwrap_or(self.channel);
        let direction = direction(
            &mut e,
            channel,
            p.direction.unwrap_or(self.direction).filter(|_| {
                // Turning a record into a note drops a direction the patch does not name.
                !(channel == Channel::Note && p.direction.is_none())
            }),
        );
        let social_given = match &p.social {
            Some(s) => s.clone(),
            // A channel change away from social drops the details; to social keeps
            // whatever was stored (none, which asks for them).
            None if channel != Channel::Social => None,
            None => self.social.clone().map(|s| SocialInput {
                network: Some(s.network),
                url: s.url,
                visibility: Some(s.visibility),
            }),
        };
        let social = social(&mut e, channel, social_given);
        let people = p
            .person_ids
            .as_ref()
            .map_or(self.person_ids.len(), Vec::len);
        let companies = p
            .company_ids
            .as_ref()
            .map_or(self.company_ids.len(), Vec::len);
        if let Err(crm_core::DomainError::Validation(v)) = check_linked(people, companies) {
            e.extend(v);
        }
        let keep = |given: &Field<String>, stored: &Option<String>| match given {
            Some(v) => v.clone(),
            None => stored.clone(),
        };
        e.finish(Patched {
            channel,
            direction,
            occurred_at: p.occurred_at.unwrap_or(self.occurred_at),
            duration_seconds: p.duration_seconds.unwrap_or(self.duration_seconds),
            subject: keep(&p.subject, &self.subject),
            body: keep(&p.body, &self.body),
            outcome: keep(&p.outcome, &self.outcome),
            social,
            external_id: keep(&p.external_id, &self.external_id),
        })
    }
}

/// The shared record use cases check an interaction through these.
impl Checks<NewInteraction> for InteractionInput {
    fn check(self, defs: &[CustomField]) -> DomainResult<NewInteraction> {
        self.validate(defs)
    }
}

impl Checks<InteractionPatch> for InteractionPatchInput {
    fn reads_fields(&self) -> bool {
        !self.custom_fields.is_empty()
    }
    fn check(self, defs: &[CustomField]) -> DomainResult<InteractionPatch> {
        self.validate(defs)
    }
}

/// The id of a link kind's record, for the store.
pub fn untyped<T: Into<Uuid> + Copy>(ids: &[T]) -> Vec<Uuid> {
    ids.iter().map(|i| (*i).into()).collect()
}

#[cfg(test)]
mod tests;
