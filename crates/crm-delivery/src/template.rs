//! Message templates: an email's subject, text and HTML, or an SMS body, with
//! placeholders such as `{{person.first_name}}`, `{{person.custom_fields.shoe_size}}` and
//! `{{organisation.name}}`. A placeholder the catalogue does not know is refused when the
//! template is saved, never discovered when a message goes out; rendering fills each
//! with the person's value (empty when they have none), escaped in HTML.

use crate::endpoint::Field;
use chrono::{DateTime, Utc};
use crm_core::error::Errors;
use crm_core::{DomainError, DomainResult};
use serde_json::Value;
use std::collections::HashMap;
use uuid::Uuid;

/// Templates an organisation may have.
pub const MAX_TEMPLATES: u64 = 500;
/// The longest name and subject.
pub const MAX_NAME: usize = 200;
pub const MAX_SUBJECT: usize = 200;
/// The longest text or HTML body of an email.
pub const MAX_BODY: usize = 100_000;
/// The longest SMS body: ten concatenated segments.
pub const MAX_SMS: usize = 1_600;

/// What a template is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Email,
    Sms,
}

impl Channel {
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Email => "email",
            Channel::Sms => "sms",
        }
    }

    pub fn parse(s: &str) -> Option<Channel> {
        match s {
            "email" => Some(Channel::Email),
            "sms" => Some(Channel::Sms),
            _ => None,
        }
    }
}

/// A stored template.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Template {
    pub id: Uuid,
    pub name: String,
    pub channel: Channel,
    /// An email's subject.
    pub subject: Option<String>,
    /// The plain text of an email, or the SMS body.
    pub text: String,
    /// An email's HTML body.
    pub html: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

/// A template checked and ready to store.
#[derive(Debug, Clone, PartialEq)]
pub struct NewTemplate {
    pub name: String,
    pub channel: Channel,
    pub subject: Option<String>,
    pub text: String,
    pub html: Option<String>,
}

/// A template as a request gives it: every field of a create, or a merge-patch.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TemplateInput {
    pub name: Field<String>,
    pub channel: Field<Channel>,
    pub subject: Field<String>,
    pub text: Field<String>,
    pub html: Field<String>,
}

/// One piece of a parsed template.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece<'a> {
    Text(&'a str),
    Slot(&'a str),
}

/// Splits `s` at its placeholders; `Err` names the first malformed one.
fn pieces(s: &str) -> Result<Vec<Piece<'_>>, String> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(open) = rest.find("{{") {
        if open > 0 {
            out.push(Piece::Text(&rest[..open]));
        }
        let after = &rest[open + 2..];
        let Some(close) = after.find("}}") else {
            return Err("a `{{` is never closed by `}}`".into());
        };
        let path = after[..close].trim();
        let well_formed = !path.is_empty()
            && path.split('.').all(|p| {
                !p.is_empty()
                    && p.bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
            });
        if !well_formed {
            return Err(format!(
                "`{{{{{}}}}}` is not a placeholder: write a dotted name such as {{{{person.first_name}}}}",
                &after[..close]
            ));
        }
        out.push(Piece::Slot(path));
        rest = &after[close + 2..];
    }
    if !rest.is_empty() {
        out.push(Piece::Text(rest));
    }
    Ok(out)
}

/// The placeholders a template may use: the person's fields as the API shows them, their
/// custom fields, and the organisation's name.
#[derive(Debug, Clone, Default)]
pub struct Placeholders {
    /// The keys of the organisation's custom fields of people.
    pub custom_fields: Vec<String>,
}

/// The person fields a placeholder may name (`person.<field>`); `email` and `phone` are
/// the primary ones.
pub const PERSON_FIELDS: &[&str] = &[
    "id",
    "first_name",
    "last_name",
    "full_name",
    "email",
    "phone",
    "lifecycle_stage",
    "language",
    "time_zone",
    "birthday",
    "external_id",
];

impl Placeholders {
    fn knows(&self, path: &str) -> bool {
        if path == "organisation.name" {
            return true;
        }
        let Some(field) = path.strip_prefix("person.") else {
            return false;
        };
        match field.strip_prefix("custom_fields.") {
            Some(key) => self.custom_fields.iter().any(|k| k == key),
            None => PERSON_FIELDS.contains(&field),
        }
    }

    /// Checks every placeholder of `value`, naming `field` in each error.
    fn check(&self, errors: &mut Errors, field: &str, value: &str) {
        match pieces(value) {
            Err(why) => errors.push(field, "malformed_placeholder", why),
            Ok(ps) => {
                for p in ps {
                    if let Piece::Slot(path) = p
                        && !self.knows(path)
                    {
                        errors.push(
                            field,
                            "unknown_placeholder",
                            format!(
                                "`{{{{{path}}}}}` is not a placeholder: use person.<field> ({}), person.custom_fields.<key> of a custom field of people, or organisation.name",
                                PERSON_FIELDS.join(", ")
                            ),
                        );
                    }
                }
            }
        }
    }
}

fn text_field(
    errors: &mut Errors,
    name: &str,
    given: Field<String>,
    stored: Option<Option<String>>,
) -> Option<String> {
    match given {
        Some(v) => v,
        None => stored.flatten(),
    }
    .filter(|v| {
        if v.trim().is_empty() {
            errors.push(name, "blank", "may not be blank; send null to clear it");
            false
        } else {
            true
        }
    })
}

impl TemplateInput {
    /// Checks a template (over `stored` for a patch) against `placeholders`.
    pub fn validate(
        self,
        stored: Option<&Template>,
        placeholders: &Placeholders,
    ) -> DomainResult<NewTemplate> {
        let mut errors = Errors::new();
        let name = text_field(
            &mut errors,
            "name",
            self.name,
            stored.map(|s| Some(s.name.clone())),
        )
        .map(|n| n.trim().to_string());
        let channel = match (self.channel, stored) {
            (Some(Some(c)), _) => Some(c),
            (None, Some(s)) => Some(s.channel),
            _ => None,
        };
        let subject = text_field(
            &mut errors,
            "subject",
            self.subject,
            stored.map(|s| s.subject.clone()),
        );
        let text = text_field(
            &mut errors,
            "text",
            self.text,
            stored.map(|s| Some(s.text.clone())),
        );
        let html = text_field(
            &mut errors,
            "html",
            self.html,
            stored.map(|s| s.html.clone()),
        );
        if name.is_none() && !errors.has("name") {
            errors.push("name", "required", "is required");
        }
        if name.as_ref().is_some_and(|n| n.chars().count() > MAX_NAME) {
            errors.push("name", "too_long", format!("at most {MAX_NAME} characters"));
        }
        if channel.is_none() {
            errors.push("channel", "required", "is required: `email` or `sms`");
        }
        if text.is_none() && !errors.has("text") {
            errors.push("text", "required", "is required");
        }
        match channel {
            Some(Channel::Email) => {
                match &subject {
                    None if !errors.has("subject") => {
                        errors.push("subject", "required", "an email needs a subject")
                    }
                    Some(s) if s.chars().count() > MAX_SUBJECT => errors.push(
                        "subject",
                        "too_long",
                        format!("at most {MAX_SUBJECT} characters"),
                    ),
                    Some(s) if s.contains(['\r', '\n']) => {
                        errors.push("subject", "invalid_format", "is one line")
                    }
                    _ => {}
                }
                for (f, v) in [("text", &text), ("html", &html)] {
                    if v.as_ref().is_some_and(|v| v.chars().count() > MAX_BODY) {
                        errors.push(f, "too_long", format!("at most {MAX_BODY} characters"));
                    }
                }
            }
            Some(Channel::Sms) => {
                for (f, v) in [("subject", &subject), ("html", &html)] {
                    if v.is_some() {
                        errors.push(f, "not_allowed", "an SMS has only a `text`");
                    }
                }
                if text.as_ref().is_some_and(|t| t.chars().count() > MAX_SMS) {
                    errors.push(
                        "text",
                        "too_long",
                        format!("an SMS is at most {MAX_SMS} characters"),
                    );
                }
            }
            None => {}
        }
        for (f, v) in [("subject", &subject), ("text", &text), ("html", &html)] {
            if let Some(v) = v
                && !errors.has(f)
            {
                placeholders.check(&mut errors, f, v);
            }
        }
        let (Some(name), Some(channel), Some(text)) = errors.finish((name, channel, text))? else {
            return Err(DomainError::internal("validated fields missing"));
        };
        Ok(NewTemplate {
            name,
            channel,
            subject,
            text,
            html,
        })
    }
}

/// A template filled for one person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub subject: Option<String>,
    pub text: String,
    pub html: Option<String>,
}

/// The values of the placeholders for one person: read from the person as the API
/// shows them (JSON) and the organisation's name.
pub fn values(person: &Value, organisation: &str) -> HashMap<String, String> {
    let mut out = HashMap::new();
    let text = |v: &Value| match v {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    };
    for f in PERSON_FIELDS {
        if let Some(v) = person.get(*f).and_then(text) {
            out.insert(format!("person.{f}"), v);
        }
    }
    let primary = |list: &str, key: &str| {
        let items = person.get(list)?.as_array()?;
        let pick = items
            .iter()
            .find(|e| e.get("primary") == Some(&Value::Bool(true)))
            .or_else(|| items.first())?;
        pick.get(key).and_then(text)
    };
    if let Some(e) = primary("emails", "address") {
        out.insert("person.email".into(), e);
    }
    if let Some(p) = primary("phones", "number") {
        out.insert("person.phone".into(), p);
    }
    let full: Vec<String> = ["first_name", "last_name"]
        .iter()
        .filter_map(|f| person.get(*f).and_then(text))
        .collect();
    out.insert("person.full_name".into(), full.join(" "));
    if let Some(Value::Object(custom)) = person.get("custom_fields") {
        for (k, v) in custom {
            if let Some(v) = text(v) {
                out.insert(format!("person.custom_fields.{k}"), v);
            }
        }
    }
    out.insert("organisation.name".into(), organisation.to_string());
    out
}

fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn fill(s: &str, values: &HashMap<String, String>, html: bool, one_line: bool) -> String {
    let Ok(ps) = pieces(s) else {
        return s.to_string();
    };
    let mut out = String::with_capacity(s.len());
    for p in ps {
        match p {
            Piece::Text(t) => out.push_str(t),
            Piece::Slot(path) => {
                let v = values.get(path).map(String::as_str).unwrap_or("");
                let v = if one_line {
                    v.replace(['\r', '\n'], " ")
                } else {
                    v.to_string()
                };
                out.push_str(&if html { escape_html(&v) } else { v });
            }
        }
    }
    out
}

impl Template {
    /// The template filled with `values`: a missing value is empty, HTML values are
    /// escaped, and a subject stays on one line.
    pub fn render(&self, values: &HashMap<String, String>) -> Rendered {
        Rendered {
            subject: self.subject.as_ref().map(|s| fill(s, values, false, true)),
            text: fill(&self.text, values, false, false),
            html: self.html.as_ref().map(|h| fill(h, values, true, false)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn placeholders() -> Placeholders {
        Placeholders {
            custom_fields: vec!["shoe_size".into()],
        }
    }

    fn email(subject: &str, text: &str, html: Option<&str>) -> TemplateInput {
        TemplateInput {
            name: Some(Some("Welcome".into())),
            channel: Some(Some(Channel::Email)),
            subject: Some(Some(subject.into())),
            text: Some(Some(text.into())),
            html: html.map(|h| Some(h.into())),
        }
    }

    fn fields(e: DomainError) -> Vec<(String, String)> {
        match e {
            DomainError::Validation(v) => v.into_iter().map(|f| (f.field, f.code)).collect(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn known_placeholders_pass_and_unknown_or_malformed_ones_are_named_by_field() {
        let ok = email(
            "Hi {{ person.first_name }}",
            "Size {{person.custom_fields.shoe_size}} from {{organisation.name}}",
            Some("<p>{{person.full_name}}</p>"),
        );
        assert!(ok.validate(None, &placeholders()).is_ok());
        let bad = email(
            "Hi {{person.nickname}}",
            "{{person.custom_fields.hat}}",
            Some("{{oops"),
        );
        let got = fields(bad.validate(None, &placeholders()).unwrap_err());
        assert_eq!(
            got,
            vec![
                ("subject".to_string(), "unknown_placeholder".to_string()),
                ("text".into(), "unknown_placeholder".into()),
                ("html".into(), "malformed_placeholder".into()),
            ]
        );
        let odd = email("{{Person.Name}}", "{{}}", None);
        let got = fields(odd.validate(None, &placeholders()).unwrap_err());
        assert!(
            got.iter().all(|(_, c)| c == "malformed_placeholder"),
            "{got:?}"
        );
    }

    #[test]
    fn an_email_needs_a_one_line_subject_and_an_sms_has_only_a_text() {
        let no_subject = TemplateInput {
            subject: None,
            ..email("x", "body", None)
        };
        assert_eq!(
            fields(no_subject.validate(None, &placeholders()).unwrap_err()),
            vec![("subject".to_string(), "required".to_string())]
        );
        let two_lines = email("a\nb", "body", None);
        assert!(two_lines.validate(None, &placeholders()).is_err());
        let sms = TemplateInput {
            channel: Some(Some(Channel::Sms)),
            ..email("subject", "Hi {{person.first_name}}", Some("<p>x</p>"))
        };
        let got = fields(sms.validate(None, &placeholders()).unwrap_err());
        assert_eq!(
            got,
            vec![
                ("subject".to_string(), "not_allowed".to_string()),
                ("html".into(), "not_allowed".into())
            ]
        );
    }

    #[test]
    fn rendering_fills_the_persons_values_escapes_html_and_keeps_the_subject_on_one_line() {
        let t = Template {
            id: Uuid::now_v7(),
            name: "n".into(),
            channel: Channel::Email,
            subject: Some("Hi {{person.first_name}}".into()),
            text: "{{person.full_name}} <{{person.email}}> size {{person.custom_fields.shoe_size}}, {{person.phone}}.".into(),
            html: Some("<b>{{person.last_name}}</b>".into()),
            created_at: Utc::now(),
            updated_at: Utc::now(),
            version: 1,
        };
        let person = json!({
            "first_name": "Ada\nX", "last_name": "<Lovelace>",
            "emails": [{"address": "old@example.com", "primary": false}, {"address": "ada@example.com", "primary": true}],
            "phones": [],
            "custom_fields": {"shoe_size": 38}
        });
        let r = t.render(&values(&person, "Acme"));
        assert_eq!(r.subject.as_deref(), Some("Hi Ada X"));
        assert_eq!(r.text, "Ada\nX <Lovelace> <ada@example.com> size 38, .");
        assert_eq!(r.html.as_deref(), Some("<b>&lt;Lovelace&gt;</b>"));
    }
}
