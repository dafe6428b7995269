//! Wire types of message templates and their previews.

use crate::http::patch::Patch;
use chrono::{DateTime, Utc};
use crm_delivery::template::{Channel, Rendered, Template, TemplateInput};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// What a template is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TemplateChannelDto {
    Email,
    Sms,
}

impl From<Channel> for TemplateChannelDto {
    fn from(c: Channel) -> Self {
        match c {
            Channel::Email => TemplateChannelDto::Email,
            Channel::Sms => TemplateChannelDto::Sms,
        }
    }
}

impl From<TemplateChannelDto> for Channel {
    fn from(c: TemplateChannelDto) -> Self {
        match c {
            TemplateChannelDto::Email => Channel::Email,
            TemplateChannelDto::Sms => Channel::Sms,
        }
    }
}

/// A message template. Placeholders are `{{person.<field>}}` (`id`, `first_name`,
/// `last_name`, `full_name`, `email`, `phone`, `lifecycle_stage`, `language`,
/// `time_zone`, `birthday`, `external_id`; `email` and `phone` are the primary ones),
/// `{{person.custom_fields.<key>}}` for a custom field of people, and
/// `{{organisation.name}}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct TemplateDto {
    pub id: Uuid,
    /// For people choosing it.
    #[schema(example = "Welcome")]
    pub name: String,
    pub channel: TemplateChannelDto,
    /// An email's subject (one line); null for an SMS.
    #[schema(example = "Welcome to {{organisation.name}}, {{person.first_name}}")]
    pub subject: Option<String>,
    /// An email's plain text, or the SMS body.
    #[schema(example = "Hello {{person.first_name}},\n\nThank you for joining us.")]
    pub text: String,
    /// An email's HTML body (values are escaped into it); null for an SMS.
    #[schema(example = "<p>Hello {{person.first_name}},</p>")]
    pub html: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

impl From<Template> for TemplateDto {
    fn from(t: Template) -> Self {
        Self {
            id: t.id,
            name: t.name,
            channel: t.channel.into(),
            subject: t.subject,
            text: t.text,
            html: t.html,
            created_at: t.created_at,
            updated_at: t.updated_at,
            version: t.version,
        }
    }
}

crate::page_of!(TemplatePage, TemplateDto);

/// A template to add: an email needs a `subject` and a `text` (and may have `html`); an
/// SMS has only a `text` of at most 1600 characters. A placeholder the server does not
/// know is a 422 naming the field.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "Welcome", "channel": "email", "subject": "Welcome, {{person.first_name}}", "text": "Hello {{person.first_name}},\n\nThank you for joining {{organisation.name}}."}))]
pub struct CreateTemplateRequest {
    /// For people choosing it.
    #[schema(min_length = 1, max_length = 200, pattern = "\\S")]
    pub name: String,
    pub channel: TemplateChannelDto,
    /// An email's subject, one line.
    #[schema(
        min_length = 1,
        max_length = 200,
        pattern = "^[^\\r\\n]*\\S[^\\r\\n]*$"
    )]
    pub subject: Option<String>,
    /// An email's plain text, or the SMS body.
    #[schema(min_length = 1, max_length = 100000, pattern = "\\S")]
    pub text: String,
    /// An email's HTML body.
    #[schema(min_length = 1, max_length = 100000, pattern = "\\S")]
    pub html: Option<String>,
}

impl From<CreateTemplateRequest> for TemplateInput {
    fn from(r: CreateTemplateRequest) -> Self {
        TemplateInput {
            name: Some(Some(r.name)),
            channel: Some(Some(r.channel.into())),
            subject: r.subject.map(Some),
            text: Some(Some(r.text)),
            html: r.html.map(Some),
        }
    }
}

/// A merge-patch of a template: absent fields stay; null clears `subject` or `html`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"subject": "A warm welcome, {{person.first_name}}"}))]
pub struct UpdateTemplateRequest {
    /// For people choosing it.
    #[serde(default)]
    #[schema(value_type = String, required = false, min_length = 1, max_length = 200, pattern = "\\S")]
    pub name: Patch<String>,
    /// Changing it, clear what the other channel lacks (an SMS has no subject or HTML).
    #[serde(default)]
    #[schema(value_type = TemplateChannelDto, required = false)]
    pub channel: Patch<TemplateChannelDto>,
    /// An email's subject, one line.
    #[serde(default)]
    #[schema(value_type = Option<String>, required = false, min_length = 1, max_length = 200, pattern = "^[^\\r\\n]*\\S[^\\r\\n]*$")]
    pub subject: Patch<String>,
    /// An email's plain text, or the SMS body.
    #[serde(default)]
    #[schema(value_type = String, required = false, min_length = 1, max_length = 100000, pattern = "\\S")]
    pub text: Patch<String>,
    /// An email's HTML body; null removes it.
    #[serde(default)]
    #[schema(value_type = Option<String>, required = false, min_length = 1, max_length = 100000, pattern = "\\S")]
    pub html: Patch<String>,
}

impl From<UpdateTemplateRequest> for TemplateInput {
    fn from(r: UpdateTemplateRequest) -> Self {
        TemplateInput {
            name: r.name.map_field(|v| v),
            channel: r.channel.map_field(Channel::from),
            subject: r.subject.map_field(|v| v),
            text: r.text.map_field(|v| v),
            html: r.html.map_field(|v| v),
        }
    }
}

/// Whom to preview a template for.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PreviewRequest {
    /// A person of the organisation.
    pub person_id: Uuid,
}

/// A template filled for one person, as it would be sent.
#[derive(Debug, Serialize, ToSchema)]
pub struct PreviewDto {
    /// An email's subject; null for an SMS.
    #[schema(example = "Welcome, Ada")]
    pub subject: Option<String>,
    /// The plain text, or the SMS body.
    #[schema(example = "Hello Ada,\n\nThank you for joining Acme Ltd.")]
    pub text: String,
    /// An email's HTML; null when the template has none.
    pub html: Option<String>,
}

impl From<Rendered> for PreviewDto {
    fn from(r: Rendered) -> Self {
        Self {
            subject: r.subject,
            text: r.text,
            html: r.html,
        }
    }
}
