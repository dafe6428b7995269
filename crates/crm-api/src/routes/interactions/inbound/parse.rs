//! A raw RFC 5322 message read into what email-to-case needs, with mail-parser: the
//! ids it has and answers, the sender, the subject, the text (the HTML part as text
//! when there is no plain one) and the attachments.

use chrono::{DateTime, Utc};
use crm_core::FieldError;
use crm_interactions::inbound::{Attachment, InboundEmail};
use mail_parser::{HeaderValue, MessageParser, MimeHeaders};
use sha2::{Digest, Sha256};

/// Text of the message as stored: a NUL (which no database here stores as text) becomes
/// U+FFFD. A mail relay cannot correct a message, so it is kept rather than refused.
fn clean(s: &str) -> String {
    s.replace(crm_records::text::NUL, "\u{FFFD}")
}

/// `<id@host>` as stored: the angle brackets off, as mail-parser gives them.
fn ids(v: &HeaderValue<'_>) -> Vec<String> {
    match v {
        HeaderValue::Text(t) => vec![clean(t)],
        HeaderValue::TextList(l) => l.iter().map(|t| clean(t)).collect(),
        _ => Vec::new(),
    }
}

/// Reads `raw`; a message with no sender or not a message at all is a 422 naming
/// `from` or `message`.
pub fn message(raw: &[u8]) -> Result<InboundEmail, Vec<FieldError>> {
    let bad = |field: &str, why: &str| vec![FieldError::new(field, "invalid_value", why)];
    let m = MessageParser::default()
        .parse(raw)
        .filter(|m| !m.headers().is_empty())
        .ok_or_else(|| bad("message", "the body is not an RFC 5322 message"))?;
    let from = m
        .from()
        .and_then(|a| a.first())
        .ok_or_else(|| bad("from", "the message has no From address"))?;
    let address = from
        .address()
        .map(|a| clean(a.trim()).to_lowercase())
        .filter(|a| a.contains('@'))
        .ok_or_else(|| bad("from", "the From header holds no email address"))?;
    // A message without an id (rare, but legal) is known by its content, so a relay's
    // retry of it is still recognised.
    let message_id = match m.message_id() {
        Some(id) if !id.trim().is_empty() => clean(id.trim()),
        _ => format!("sha256-{}@inbound", hex::encode(Sha256::digest(raw))),
    };
    let mut answers = ids(m.in_reply_to());
    let mut refs = ids(m.references());
    refs.reverse();
    for r in refs {
        if !answers.contains(&r) {
            answers.push(r);
        }
    }
    let body = m
        .body_text(0)
        .map(|t| clean(&t))
        .filter(|t| !t.trim().is_empty());
    let attachments = m
        .attachments()
        .map(|a| Attachment {
            filename: clean(a.attachment_name().unwrap_or("attachment")),
            content_type: a
                .content_type()
                .map(|c| match c.subtype() {
                    Some(s) => clean(&format!("{}/{s}", c.ctype())),
                    None => clean(c.ctype()),
                })
                .unwrap_or_else(|| "application/octet-stream".into()),
            content: a.contents().to_vec(),
        })
        .collect();
    Ok(InboundEmail {
        message_id,
        answers,
        from_address: address,
        from_name: from
            .name()
            .map(|n| clean(n.trim()))
            .filter(|n| !n.is_empty()),
        subject: m
            .subject()
            .map(|s| clean(s.trim()))
            .filter(|s| !s.is_empty()),
        body,
        sent_at: m
            .date()
            .and_then(|d| DateTime::<Utc>::from_timestamp(d.to_timestamp(), 0)),
        size: raw.len(),
        attachments,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const REPLY: &str = "From: \"Ada Lovelace\" <Ada@Example.com>\r\n\
        To: support@acme.test\r\n\
        Subject: Re: [CASE-000007] Invoice charged twice\r\n\
        Message-ID: <reply-2@example.com>\r\n\
        In-Reply-To: <staff-1@acme.test>\r\n\
        References: <first-1@example.com> <staff-1@acme.test>\r\n\
        Date: Mon, 7 Dec 2026 09:30:00 +0100\r\n\
        MIME-Version: 1.0\r\n\
        Content-Type: multipart/mixed; boundary=\"b1\"\r\n\
        \r\n\
        --b1\r\n\
        Content-Type: text/plain; charset=utf-8\r\n\
        \r\n\
        Still charged twice.\r\n\
        --b1\r\n\
        Content-Type: application/pdf; name=\"statement.pdf\"\r\n\
        Content-Disposition: attachment; filename=\"statement.pdf\"\r\n\
        Content-Transfer-Encoding: base64\r\n\
        \r\n\
        JVBERi0xLjQK\r\n\
        --b1--\r\n";

    #[test]
    fn a_reply_gives_its_sender_the_ids_it_answers_newest_first_its_text_and_files() {
        let m = message(REPLY.as_bytes()).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(m.message_id, "reply-2@example.com");
        assert_eq!(m.answers, ["staff-1@acme.test", "first-1@example.com"]);
        assert_eq!(
            (m.from_address.as_str(), m.from_name.as_deref()),
            ("ada@example.com", Some("Ada Lovelace"))
        );
        assert_eq!(m.case_number(), Some(7));
        assert_eq!(
            m.body.as_deref().map(str::trim),
            Some("Still charged twice.")
        );
        assert_eq!(
            m.sent_at.map(|d| d.to_rfc3339()).as_deref(),
            Some("2026-12-07T08:30:00+00:00")
        );
        assert_eq!(m.attachments.len(), 1);
        assert_eq!(
            (
                m.attachments[0].filename.as_str(),
                m.attachments[0].content_type.as_str()
            ),
            ("statement.pdf", "application/pdf")
        );
        assert_eq!(m.attachments[0].content, b"%PDF-1.4\n");
    }

    #[test]
    fn garbage_or_a_message_without_a_sender_is_refused_by_name() {
        let fields = |raw: &str| {
            message(raw.as_bytes())
                .err()
                .map(|e| e.into_iter().map(|f| f.field).collect::<Vec<_>>())
        };
        assert_eq!(fields(""), Some(vec!["message".to_string()]));
        assert_eq!(
            fields("Subject: hi\r\n\r\nbody"),
            Some(vec!["from".to_string()])
        );
        let anonymous = "From: someone\r\nSubject: x\r\n\r\nbody";
        assert_eq!(fields(anonymous), Some(vec!["from".to_string()]));
        let no_id = "From: a@b.test\r\n\r\nbody";
        let m = message(no_id.as_bytes()).ok();
        assert!(m.is_some_and(|m| m.message_id.starts_with("sha256-")));
    }

    #[test]
    fn a_nul_in_the_subject_body_or_file_name_is_kept_as_a_replacement_character() {
        let raw = "From: Ada <ada@example.com>\r\n\
            Subject: =?utf-8?q?Broken=00subject?=\r\n\
            Message-ID: <nul-1@example.com>\r\n\
            MIME-Version: 1.0\r\n\
            Content-Type: text/plain; charset=utf-8\r\n\
            Content-Transfer-Encoding: quoted-printable\r\n\
            \r\n\
            before=00after\r\n";
        let m = message(raw.as_bytes()).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(m.subject.as_deref(), Some("Broken\u{FFFD}subject"));
        let body = m.body.unwrap_or_default();
        assert!(body.contains("before\u{FFFD}after"), "{body:?}");
    }
}
