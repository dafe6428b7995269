//! The composition root: connects, migrates, resolves the signing secret, and builds
//! the one `AppState`; then serves it until SIGTERM or SIGINT.

use crate::app::build_app;
use crate::config::ServeArgs;
use crate::jwt::JwtKeys;
use crate::middleware::metrics::Metrics;
use crate::middleware::rate_limit::RateLimiter;
use crate::openapi;
use crate::routes::fallback::RouteTable;
use crate::state::AppState;
use crate::worker::Worker;
use crm_core::DomainError;
use crm_core::jobs::JobHandlers;
use crm_persistence::{
    CounterStore, Db, IdempotencyStore, accounts_service, customers_service, imports_service,
    interactions_service, job_queue, opportunities_service, timeline,
};
use std::sync::Arc;

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("{0}")]
    Config(String),
    #[error("database: {0}")]
    Database(#[from] DomainError),
    #[error("cannot listen on {addr}: {source}")]
    Listen {
        addr: String,
        source: std::io::Error,
    },
}

fn random_secret() -> String {
    use base64::Engine;
    use rand::RngCore;
    let mut bytes = [0u8; 48];
    rand::rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::STANDARD_NO_PAD.encode(bytes)
}

/// Builds the state for `args`: connects (and migrates, unless told not to).
pub async fn build_state(args: &ServeArgs) -> Result<AppState, StartupError> {
    if args.access_token_ttl < 60 || args.access_token_ttl > 86_400 {
        return Err(StartupError::Config(
            "CRM_ACCESS_TOKEN_TTL must be between 60 and 86400 seconds".into(),
        ));
    }
    if args.auth_cache_ms > 60_000 {
        return Err(StartupError::Config(
            "CRM_AUTH_CACHE_MS must be at most 60000 milliseconds".into(),
        ));
    }
    let db = Db::connect(&args.db.db_config()).await?;
    if args.migrate {
        db.migrate_up(None).await?;
    }
    let accounts = accounts_service(&db)
        .linking_to(&args.delivery.app_url)
        .remember_callers_for(std::time::Duration::from_millis(args.auth_cache_ms));
    let customers = customers_service(&db);
    let interactions = interactions_service(&db);
    let opportunities = opportunities_service(&db);
    let timeline = timeline(&db);
    let guard = args.delivery.guard();
    let doc = openapi::document();
    let (endpoints, _, _) = crm_persistence::webhooks(&db);
    let delivery = crm_delivery::DeliveryService::new(
        endpoints,
        crm_persistence::templates(&db),
        crate::events::catalogue(&doc),
        guard,
    );
    let secret = match &args.jwt_secret {
        Some(s) => s.0.clone(),
        None => {
            accounts
                .setting_or_init("jwt_secret", random_secret())
                .await?
        }
    };
    let limiter = Arc::new(RateLimiter::shared(CounterStore::new(db.clone())));
    Ok(AppState {
        idempotency: IdempotencyStore::new(db.clone(), crate::middleware::idempotency::TTL_HOURS),
        jobs: job_queue(&db),
        imports: imports_service(&db),
        job_handlers: job_handlers(&customers, &interactions, &opportunities),
        pumps: pumps(&db, &args.delivery)?,
        delivery,
        wake: Arc::new(tokio::sync::Notify::new()),
        db,
        accounts,
        customers,
        interactions,
        opportunities,
        timeline,
        limiter,
        jwt: JwtKeys::rotated(
            secret.as_bytes(),
            &args
                .jwt_previous_secrets
                .iter()
                .map(|s| s.0.as_bytes())
                .collect::<Vec<_>>(),
            args.access_token_ttl,
        ),
        cursor_key: crate::http::cursor::CursorKey::derive(secret.as_bytes()),
        metrics: Arc::new(Metrics::default()),
        routes: Arc::new(RouteTable::from_openapi(&doc)),
        openapi: Arc::new(doc),
        settings: Arc::new(args.clone()),
    })
}

/// What a worker runs in rounds: the outbox relay and the webhook deliverer.
pub fn pumps(
    db: &Db,
    delivery: &crate::config::DeliveryArgs,
) -> Result<Vec<Arc<dyn crm_core::jobs::Pump>>, StartupError> {
    let (_, relay, queue) = crm_persistence::webhooks(db);
    let sender = crate::webhooks::HttpSender::new(delivery.guard())
        .map_err(|e| StartupError::Config(format!("the webhook sender cannot start: {e}")))?;
    let keep = chrono::Duration::days(i64::from(delivery.webhook_retention_days));
    let mut email: Vec<Arc<dyn crm_core::jobs::Pump>> = Vec::new();
    if let Some(url) = &delivery.smtp_url {
        let mailer = crate::mailer::SmtpMailer::new(&url.0, &delivery.mail_from)
            .map_err(StartupError::Config)?;
        email.push(Arc::new(crm_delivery::email::EmailPump {
            queue: crm_persistence::email_queue(db),
            mailer: Arc::new(mailer),
        }));
    }
    Ok([
        Arc::new(crm_delivery::pumps::RelayPump(relay.clone())) as Arc<dyn crm_core::jobs::Pump>,
        Arc::new(crm_delivery::pumps::PrunePump::new(relay, keep)),
        Arc::new(crm_delivery::pumps::DeliveryPump {
            queue,
            sender: Arc::new(sender),
        }),
    ]
    .into_iter()
    .chain(email)
    .collect())
}

/// Every area's job handlers: the kinds a worker of this binary runs.
pub fn job_handlers(
    customers: &crm_customers::CustomersService,
    interactions: &crm_interactions::InteractionsService,
    opportunities: &crm_opportunities::OpportunitiesService,
) -> JobHandlers {
    JobHandlers::new()
        .with_all(crm_customers::jobs::handlers(customers))
        .with_all(crm_interactions::jobs::handlers(interactions))
        .with_all(crm_opportunities::jobs::handlers(opportunities))
}

/// Serves until SIGTERM or SIGINT; requests in flight finish first (up to 30 s).
pub async fn serve(args: ServeArgs) -> Result<(), StartupError> {
    let state = build_state(&args).await?;
    tracing::info!(
        listen = %args.listen,
        database = %crm_persistence::db::redact_url(&args.db.database_url),
        backend = state.db.backend(),
        "crm serving"
    );
    // One process per SQLite file: a job still `running` at start belongs to a process
    // that died (SIGKILL, power loss); it runs again now, not after its lease.
    if args.run_jobs && state.db.backend() == "sqlite" {
        match state.jobs.reclaim_abandoned().await {
            Ok(0) => {}
            Ok(n) => tracing::warn!(jobs = n, "resumed jobs a stopped process left running"),
            Err(e) => tracing::error!(error = %e, "abandoned jobs could not be reclaimed"),
        }
        let (_, _, deliveries) = crm_persistence::webhooks(&state.db);
        match deliveries.reclaim_abandoned().await {
            Ok(0) => {}
            Ok(n) => tracing::warn!(
                deliveries = n,
                "resending webhook deliveries a stopped process had claimed"
            ),
            Err(e) => {
                tracing::error!(error = %e, "abandoned webhook deliveries could not be reclaimed")
            }
        }
    }
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let worker = args.run_jobs.then(|| {
        let w = Worker::new(state.job_handlers.clone(), state.jobs.clone())
            .with_wake(state.wake.clone())
            .with_pumps(state.pumps.clone());
        tokio::spawn(w.clone().run_until_owned(stop.clone()))
    });
    let state_limiter = state.limiter.clone();
    let flusher = tokio::spawn(state.limiter.clone().run_flusher());
    let metrics = state.metrics.clone();
    let mut server = actix_web::HttpServer::new(move || build_app(state.clone()))
        .shutdown_timeout(30)
        .disable_signals();
    if let Some(w) = args.workers {
        server = server.workers(w.max(1));
    }
    let server = server
        .bind(&args.listen)
        .map_err(|source| StartupError::Listen {
            addr: args.listen.clone(),
            source,
        })?
        .run();
    let handle = server.handle();
    let mut running = actix_web::rt::spawn(server);
    tokio::select! {
        _ = wait_for_signal() => {}
        r = &mut running => {
            let r = r.map_err(|e| StartupError::Config(format!("the server stopped: {e}")))?;
            r.map_err(|source| StartupError::Listen { addr: args.listen.clone(), source })?;
        }
    }
    // Drain: stop accepting, let every request in flight finish, then stop the HTTP
    // workers together. (A worker thread that stopped first would take down the database
    // connections it opened while another thread's request still uses them.)
    handle.pause().await;
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(30);
    while metrics.in_flight() > 0 && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    handle.stop(true).await;
    let _ = running.await;
    flusher.abort();
    if let Err(e) = state_limiter.flush().await {
        tracing::warn!(error = %e, "the last rate-limit counts were not shared");
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    if let Some(w) = worker {
        // The job in flight stops after its batch and is given back to the queue.
        let _ = tokio::time::timeout(std::time::Duration::from_secs(30), w).await;
    }
    tracing::info!("crm stopped");
    Ok(())
}

/// Runs background jobs until SIGTERM or SIGINT; the job in flight is given back.
pub async fn work(db: Db, delivery: crate::config::DeliveryArgs) -> Result<(), StartupError> {
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let handlers = job_handlers(
        &customers_service(&db),
        &interactions_service(&db),
        &opportunities_service(&db),
    );
    let worker = Worker::new(handlers, job_queue(&db)).with_pumps(pumps(&db, &delivery)?);
    let run = tokio::spawn(worker.run_until_owned(stop.clone()));
    wait_for_signal().await;
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let _ = run.await;
    Ok(())
}

async fn wait_for_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = term.recv() => {}
                _ = tokio::signal::ctrl_c() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}
