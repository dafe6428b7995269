//! The SMTP mailer: lettre over tokio and rustls, from `CRM_SMTP_URL` (plain, STARTTLS
//! or TLS as the URL says). A message's `Message-ID` is its queue id, the same on every
//! attempt; a permanent (5xx) refusal fails it, anything else is tried again.

use crm_delivery::email::IN_FLIGHT;
use crm_delivery::email::{MailError, Mailer, Queued};
use lettre::message::Mailbox;
use lettre::message::header::ContentType;
use lettre::transport::smtp::PoolConfig;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::time::Duration;

/// Sends the server's email through one SMTP server.
pub struct SmtpMailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl SmtpMailer {
    /// A mailer for `url` sending as `from`; the error says which setting is wrong.
    pub fn new(url: &str, from: &str) -> Result<SmtpMailer, String> {
        let from = from
            .parse()
            .map_err(|e| format!("CRM_MAIL_FROM is not an address: {e}"))?;
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| format!("CRM_SMTP_URL: {e}"))?
            .timeout(Some(Duration::from_secs(30)))
            // A connection for each message the pump sends at once, kept between rounds.
            .pool_config(PoolConfig::new().max_size(IN_FLIGHT as u32))
            .build();
        Ok(SmtpMailer { transport, from })
    }
}

#[async_trait::async_trait]
impl Mailer for SmtpMailer {
    async fn send(&self, m: &Queued) -> Result<(), MailError> {
        let to: Mailbox =
            m.to.parse()
                .map_err(|e| MailError::Reject(format!("not an address: {e}")))?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(m.subject.clone())
            .message_id(Some(format!("<{}@crm.invalid>", m.id)))
            .header(ContentType::TEXT_PLAIN)
            .body(m.text.clone())
            .map_err(|e| MailError::Reject(e.to_string()))?;
        match self.transport.send(message).await {
            Ok(_) => Ok(()),
            Err(e) if e.is_permanent() => Err(MailError::Reject(e.to_string())),
            Err(e) => Err(MailError::Retry(e.to_string())),
        }
    }
}
