//! Settings of `crm serve`: defaults in code so it runs with no configuration, each one
//! overridable by a flag and an environment variable. Secrets are redacted.

use clap::{ArgAction, Args};

/// A secret string whose `Debug` never shows it.
#[derive(Clone)]
pub struct Secret(pub String);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("<redacted>")
    }
}

impl std::str::FromStr for Secret {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        if s.len() < 32 {
            return Err("must be at least 32 bytes".into());
        }
        Ok(Secret(s.to_string()))
    }
}

/// Where the database is. `Debug` hides the URL's password.
#[derive(Clone, Args)]
pub struct DatabaseArgs {
    /// Database URL: `sqlite://FILE?mode=rwc` or `postgres://USER:PASS@HOST/DB`.
    #[arg(
        long,
        global = true,
        env = "CRM_DATABASE_URL",
        default_value = "sqlite://crm.db?mode=rwc",
        hide_env_values = true
    )]
    pub database_url: String,
    /// Most connections in the pool.
    #[arg(
        long,
        global = true,
        env = "CRM_DB_MAX_CONNECTIONS",
        default_value_t = 16
    )]
    pub db_max_connections: u32,
    /// How long a request waits for a connection before it answers 503, in milliseconds.
    #[arg(
        long,
        global = true,
        env = "CRM_DB_ACQUIRE_TIMEOUT_MS",
        default_value_t = 2000
    )]
    pub db_acquire_timeout_ms: u64,
}

impl std::fmt::Debug for DatabaseArgs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DatabaseArgs")
            .field(
                "database_url",
                &crm_persistence::db::redact_url(&self.database_url),
            )
            .field("db_max_connections", &self.db_max_connections)
            .field("db_acquire_timeout_ms", &self.db_acquire_timeout_ms)
            .finish()
    }
}

impl DatabaseArgs {
    pub fn db_config(&self) -> crm_persistence::DbConfig {
        crm_persistence::DbConfig {
            url: self.database_url.clone(),
            max_connections: self.db_max_connections.max(1),
            acquire_timeout: std::time::Duration::from_millis(self.db_acquire_timeout_ms.max(1)),
        }
    }
}

/// Everything `crm serve` can be told.
#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub db: DatabaseArgs,
    /// Address and port to listen on.
    #[arg(long, env = "CRM_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: String,
    /// HMAC secret for access tokens (32 bytes or more). Unset: one is generated once
    /// and kept in the database, shared by every replica.
    #[arg(long, env = "CRM_JWT_SECRET", hide_env_values = true)]
    pub jwt_secret: Option<Secret>,
    /// Secrets that signed tokens before the current one, comma-separated: their
    /// tokens stay valid until they expire. After a rotation keep the old secret here
    /// for one access-token lifetime, then remove it.
    #[arg(
        long,
        env = "CRM_JWT_PREVIOUS_SECRETS",
        value_delimiter = ',',
        hide_env_values = true
    )]
    pub jwt_previous_secrets: Vec<Secret>,
    /// Lifetime of an access token, in seconds.
    #[arg(long, env = "CRM_ACCESS_TOKEN_TTL", default_value_t = 900)]
    pub access_token_ttl: i64,
    /// How long this process trusts a user row it read to authenticate a token, in
    /// milliseconds (decision 0015); changes made through this process apply at once,
    /// those made through another replica within this time. 0 reads it every request.
    #[arg(long, env = "CRM_AUTH_CACHE_MS", default_value_t = 1000)]
    pub auth_cache_ms: u64,
    /// Whether `POST /v1/auth/signup` may create organisations.
    #[arg(long, env = "CRM_SIGNUP", default_value_t = true, action = ArgAction::Set)]
    pub signup: bool,
    /// Browser origins allowed by CORS, comma-separated (none by default).
    #[arg(long, env = "CRM_CORS_ORIGINS", value_delimiter = ',')]
    pub cors_origins: Vec<String>,
    /// Requests per minute for one user or API key.
    #[arg(long, env = "CRM_RATE_LIMIT", default_value_t = 1200)]
    pub rate_limit: u32,
    /// Requests per minute for one organisation, all callers together.
    #[arg(long, env = "CRM_ORG_RATE_LIMIT", default_value_t = 6000)]
    pub org_rate_limit: u32,
    /// Requests per minute from one address without credentials.
    #[arg(long, env = "CRM_ANON_RATE_LIMIT", default_value_t = 300)]
    pub anon_rate_limit: u32,
    /// Sign-in attempts per 15 minutes for one account (and 5 times that per address).
    #[arg(long, env = "CRM_LOGIN_RATE_LIMIT", default_value_t = 10)]
    pub login_rate_limit: u32,
    /// Once an account's sign-in attempts are used up, one more every this many seconds
    /// (so guessing cannot lock the owner out; a known client is not locked at all).
    #[arg(long, env = "CRM_LOGIN_RETRY_SECONDS", default_value_t = 30)]
    pub login_retry_seconds: u64,
    /// Apply pending migrations at start.
    #[arg(long, env = "CRM_MIGRATE", default_value_t = true, action = ArgAction::Set)]
    pub migrate: bool,
    /// HTTP worker threads (default: one per core).
    #[arg(long, env = "CRM_WORKERS")]
    pub workers: Option<usize>,
    /// Log format: `text` or `json`.
    #[arg(long, env = "CRM_LOG_FORMAT", default_value = "text")]
    pub log_format: String,
    /// Run background jobs (imports…) in this process too; `crm worker` runs them alone.
    #[arg(long, env = "CRM_RUN_JOBS", default_value_t = true, action = ArgAction::Set)]
    pub run_jobs: bool,
    #[command(flatten)]
    pub delivery: DeliveryArgs,
}

/// How webhooks are sent.
#[derive(Debug, Clone, Args)]
pub struct DeliveryArgs {
    /// Let webhooks reach loopback and private addresses (an intranet receiver, tests).
    /// Off by default: a webhook URL could otherwise probe the server's own network.
    #[arg(long, env = "CRM_WEBHOOK_ALLOW_PRIVATE", default_value_t = false, action = ArgAction::Set,
          value_parser = clap::builder::BoolishValueParser::new())]
    pub webhook_allow_private: bool,
    /// Days published events and finished webhook deliveries are kept (the delivery log
    /// and range replays reach this far back); pruned hourly by the worker.
    #[arg(long, env = "CRM_WEBHOOK_RETENTION_DAYS", default_value_t = 30,
          value_parser = clap::value_parser!(u32).range(1..=3650))]
    pub webhook_retention_days: u32,
    /// The SMTP server the server's email goes through: `smtp://host:25` (plain, for a
    /// relay on the same host), `smtp://user:pass@host:587?tls=required` (STARTTLS),
    /// `smtps://user:pass@host:465` (TLS). Unset: email waits in its queue, unsent.
    #[arg(long, env = "CRM_SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<SmtpUrl>,
    /// The sender of the server's email.
    #[arg(long, env = "CRM_MAIL_FROM", default_value = "CRM <crm@localhost>")]
    pub mail_from: String,
    /// Where the staff app is served: invitation and password-reset emails link to
    /// `<this>/accept-invitation?token=…` and `<this>/reset-password?token=…`.
    #[arg(long, env = "CRM_APP_URL", default_value = "http://127.0.0.1:8080",
          value_parser = app_url)]
    pub app_url: String,
}

/// An `http(s)://` URL without a query or fragment.
fn app_url(s: &str) -> Result<String, String> {
    let ok = (s.starts_with("http://") || s.starts_with("https://"))
        && !s.contains(['?', '#', ' '])
        && s.len() <= 500;
    if ok {
        Ok(s.trim_end_matches('/').to_string())
    } else {
        Err("must be an http:// or https:// URL without a query or fragment".into())
    }
}

/// An SMTP server's URL, its password never shown by `Debug`.
#[derive(Clone)]
pub struct SmtpUrl(pub String);

impl std::fmt::Debug for SmtpUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crm_persistence::db::redact_url(&self.0))
    }
}

impl std::str::FromStr for SmtpUrl {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        if s.starts_with("smtp://") || s.starts_with("smtps://") {
            Ok(SmtpUrl(s.to_string()))
        } else {
            Err("must start with smtp:// or smtps://".into())
        }
    }
}

impl Default for DeliveryArgs {
    fn default() -> Self {
        DeliveryArgs {
            webhook_allow_private: false,
            webhook_retention_days: 30,
            smtp_url: None,
            mail_from: "CRM <crm@localhost>".into(),
            app_url: "http://127.0.0.1:8080".into(),
        }
    }
}

impl DeliveryArgs {
    /// The SSRF guard these settings ask for.
    pub fn guard(&self) -> crm_delivery::address::Guard {
        crm_delivery::address::Guard {
            allow_private: self.webhook_allow_private,
        }
    }
}

impl ServeArgs {
    /// The defaults, as `crm serve` with no flags and no environment would have them.
    pub fn defaults_for(database_url: &str) -> ServeArgs {
        ServeArgs {
            db: DatabaseArgs {
                database_url: database_url.to_string(),
                db_max_connections: 16,
                db_acquire_timeout_ms: 2000,
            },
            listen: "127.0.0.1:8080".into(),
            jwt_secret: None,
            jwt_previous_secrets: Vec::new(),
            access_token_ttl: 900,
            auth_cache_ms: 1000,
            signup: true,
            cors_origins: Vec::new(),
            rate_limit: 1200,
            org_rate_limit: 6000,
            anon_rate_limit: 300,
            login_rate_limit: 10,
            login_retry_seconds: 30,
            migrate: true,
            workers: None,
            log_format: "text".into(),
            run_jobs: true,
            delivery: DeliveryArgs::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_hides_the_jwt_secret_and_the_database_and_smtp_passwords() {
        let mut args = ServeArgs::defaults_for("postgres://crm:hunter2hunter2@db:5432/crm");
        args.jwt_secret = Some(Secret("s".repeat(40)));
        args.delivery.smtp_url = Some(SmtpUrl(
            "smtps://mail:mailpass99@smtp.example.com:465".into(),
        ));
        let shown = format!("{args:?}");
        assert!(!shown.contains("mailpass99"), "{shown}");
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(!shown.contains(&"s".repeat(40)), "{shown}");
        assert!(shown.contains("postgres://crm:***@db:5432/crm"), "{shown}");
    }
}
