//! The webhook sender: one POST per attempt over reqwest (HTTP/1.1, rustls), no redirect
//! followed, 15 s to answer, and every address checked against the SSRF guard after the
//! name is resolved (our resolver hands the client only the addresses the guard allows,
//! so a name cannot be re-pointed between the check and the connection).

use crm_delivery::address::Guard;
use crm_delivery::delivery::Attempt;
use crm_delivery::ports::{Outgoing, Sender};
use crm_delivery::schedule;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How long an endpoint has to answer.
pub const TIMEOUT: Duration = Duration::from_secs(15);
/// The most of an answer's body read (then the answer is dropped).
const BODY_READ: usize = 64 * 1024;

/// A name whose every address the guard refuses.
#[derive(Debug, thiserror::Error)]
#[error("{0} resolves only to loopback, private, link-local or reserved addresses")]
struct Blocked(String);

/// Resolves names with the system's resolver and keeps the addresses the guard allows.
struct GuardedResolver(Guard);

impl reqwest::dns::Resolve for GuardedResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let guard = self.0;
        let host = name.as_str().to_string();
        Box::pin(async move {
            let found = tokio::net::lookup_host((host.as_str(), 0)).await?;
            let allowed: Vec<SocketAddr> = found.filter(|a| guard.allows(a.ip())).collect();
            if allowed.is_empty() {
                return Err(Box::new(Blocked(host)) as Box<dyn std::error::Error + Send + Sync>);
            }
            Ok(Box::new(allowed.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

/// Sends webhooks over HTTP.
pub struct HttpSender {
    client: reqwest::Client,
    guard: Guard,
}

impl HttpSender {
    pub fn new(guard: Guard) -> Result<HttpSender, reqwest::Error> {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(TIMEOUT)
            .connect_timeout(Duration::from_secs(10))
            .pool_idle_timeout(Duration::from_secs(30))
            .dns_resolver(Arc::new(GuardedResolver(guard)))
            .build()?;
        Ok(HttpSender { client, guard })
    }

    /// Why a URL written with an address may not be reached (no lookup is made for it).
    fn refused_literal(&self, url: &str) -> Option<String> {
        let parsed = reqwest::Url::parse(url).ok()?;
        let ip: IpAddr = match parsed.host()? {
            url::Host::Ipv4(v4) => v4.into(),
            url::Host::Ipv6(v6) => v6.into(),
            url::Host::Domain(_) => return None,
        };
        (!self.guard.allows(ip))
            .then(|| format!("{ip} is a loopback, private, link-local or reserved address"))
    }
}

/// What failed, for the delivery log: the error and its causes, without the URL.
fn describe(e: &reqwest::Error) -> String {
    if e.is_timeout() {
        return format!("no answer within {} s", TIMEOUT.as_secs());
    }
    let mut out = if e.is_connect() {
        "could not connect".to_string()
    } else {
        "the request failed".to_string()
    };
    let mut next = std::error::Error::source(e);
    while let Some(cause) = next {
        out.push_str(": ");
        out.push_str(&cause.to_string());
        next = cause.source();
    }
    out
}

#[async_trait::async_trait]
impl Sender for HttpSender {
    async fn send(&self, request: Outgoing) -> Attempt {
        let start = Instant::now();
        if let Some(why) = self.refused_literal(&request.url) {
            return Attempt {
                status: None,
                elapsed: start.elapsed(),
                error: Some(why),
                retry_after: None,
            };
        }
        let mut req = self.client.post(&request.url).body(request.body);
        for (name, value) in request.headers {
            req = req.header(name, value);
        }
        match req.send().await {
            Ok(mut res) => {
                let status = res.status().as_u16();
                let retry_after = res
                    .headers()
                    .get(reqwest::header::RETRY_AFTER)
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| schedule::retry_after(v, chrono::Utc::now()));
                // Read a little of the body so the connection can be used again.
                let mut read = 0;
                while read < BODY_READ {
                    match res.chunk().await {
                        Ok(Some(c)) => read += c.len(),
                        _ => break,
                    }
                }
                Attempt {
                    status: Some(status),
                    elapsed: start.elapsed(),
                    error: None,
                    retry_after,
                }
            }
            Err(e) => Attempt {
                status: None,
                elapsed: start.elapsed(),
                error: Some(describe(&e)),
                retry_after: None,
            },
        }
    }
}
