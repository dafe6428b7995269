//! The `crm` command line: serve, migrate, openapi.

use crate::config::{DatabaseArgs, ServeArgs};
use crate::{openapi, startup};
use clap::{Parser, Subcommand};
use crm_persistence::{Db, tools};

/// A self-hostable CRM API. With no configuration it serves on 127.0.0.1:8080 from the
/// SQLite file crm.db in the working directory.
#[derive(Debug, Parser)]
#[command(name = "crm", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the API (migrating the database first unless CRM_MIGRATE=false).
    Serve(Box<ServeArgs>),
    /// Apply, roll back or list the database migrations.
    Migrate {
        #[command(subcommand)]
        action: MigrateAction,
        #[command(flatten)]
        db: DatabaseArgs,
    },
    /// Run background jobs (imports…) without serving HTTP, until SIGTERM or SIGINT.
    Worker {
        #[command(flatten)]
        db: DatabaseArgs,
        #[command(flatten)]
        delivery: crate::config::DeliveryArgs,
    },
    /// Print the OpenAPI document.
    Openapi,
    /// Fill a database with an organisation and many staff users, for benchmarks.
    /// Prints a JSON report; the owner signs in with `correct horse battery staple`.
    Seed {
        /// How many users besides the owner.
        #[arg(long, default_value_t = 10_000)]
        users: u64,
        /// Seed this many people (with emails, a tag and a custom field) instead of users.
        #[arg(long)]
        people: Option<u64>,
        #[command(flatten)]
        db: DatabaseArgs,
    },
    /// Time a benchmark query straight on the database (the baseline of `make bench`).
    #[command(hide = true)]
    BenchSql {
        /// `user_by_id`, `users_first_page`, `users_deep_page`, `person_by_id`,
        /// `people_first_page`, `people_deep_page`, `people_filtered`, `person_insert`,
        /// `person_update` or `interaction_insert`.
        #[arg(long)]
        query: String,
        #[arg(long)]
        org_id: uuid::Uuid,
        /// A file with one id per line to query in turn.
        #[arg(long)]
        ids_file: std::path::PathBuf,
        #[arg(long, default_value_t = 32)]
        concurrency: usize,
        #[arg(long, default_value_t = 10)]
        seconds: u64,
        /// Read every column the API reads of a person, the card included (the same SQL
        /// as `GET /v1/people…`, less authentication); without it, the bare fields.
        #[arg(long)]
        as_api: bool,
        #[command(flatten)]
        db: DatabaseArgs,
    },
}

/// The password of every seeded user.
pub const SEED_PASSWORD: &str = "correct horse battery staple";

#[derive(Debug, Subcommand)]
pub enum MigrateAction {
    /// Apply pending migrations.
    Up,
    /// Roll back the last migrations.
    Down {
        #[arg(long, default_value_t = 1)]
        steps: u32,
    },
    /// List migrations and whether each is applied.
    Status,
}

fn init_tracing(json: bool) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("CRM_LOG").unwrap_or_else(|_| {
        tracing_subscriber::EnvFilter::new("info,sqlx=warn,sea_orm=warn,actix_server=warn")
    });
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if json {
        builder
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .init();
    } else {
        builder.init();
    }
}

/// Runs a parsed command; the error says what to fix.
pub async fn run(cli: Cli) -> Result<(), String> {
    match cli.command {
        Command::Serve(args) => {
            init_tracing(args.log_format == "json");
            startup::serve(*args).await.map_err(|e| e.to_string())
        }
        Command::Worker { db, delivery } => {
            init_tracing(false);
            let db = Db::connect(&db.db_config())
                .await
                .map_err(|e| e.to_string())?;
            startup::work(db, delivery)
                .await
                .map_err(|e| e.to_string())?;
            Ok(())
        }
        Command::Migrate { action, db } => {
            init_tracing(false);
            let db = Db::connect(&db.db_config())
                .await
                .map_err(|e| e.to_string())?;
            match action {
                MigrateAction::Up => db.migrate_up(None).await.map_err(|e| e.to_string())?,
                MigrateAction::Down { steps } => {
                    db.migrate_down(steps).await.map_err(|e| e.to_string())?
                }
                MigrateAction::Status => {
                    for (name, applied) in db.migration_status().await.map_err(|e| e.to_string())? {
                        println!("{} {name}", if applied { "applied" } else { "pending" });
                    }
                }
            }
            Ok(())
        }
        Command::Openapi => {
            print!("{}", openapi::document_json());
            Ok(())
        }
        Command::Seed { users, people, db } => {
            init_tracing(false);
            let db = Db::connect(&db.db_config())
                .await
                .map_err(|e| e.to_string())?;
            db.migrate_up(None).await.map_err(|e| e.to_string())?;
            let hash = crm_accounts::password::hash(crm_accounts::password::Password::unchecked(
                SEED_PASSWORD,
            ))
            .await
            .map_err(|e| e.to_string())?;
            let json = match people {
                Some(n) => serde_json::to_string(
                    &tools::seed_people(&db, n, &hash)
                        .await
                        .map_err(|e| e.to_string())?,
                ),
                None => serde_json::to_string(
                    &tools::seed_users(&db, users, &hash)
                        .await
                        .map_err(|e| e.to_string())?,
                ),
            };
            println!("{}", json.map_err(|e| e.to_string())?);
            Ok(())
        }
        Command::BenchSql {
            query,
            org_id,
            ids_file,
            concurrency,
            seconds,
            as_api,
            db,
        } => {
            let q =
                tools::RawQuery::parse(&query).ok_or_else(|| format!("unknown query {query}"))?;
            let ids: Vec<uuid::Uuid> = std::fs::read_to_string(&ids_file)
                .map_err(|e| format!("{}: {e}", ids_file.display()))?
                .lines()
                .filter_map(|l| uuid::Uuid::parse_str(l.trim()).ok())
                .collect();
            let mut cfg = db.db_config();
            cfg.max_connections = cfg.max_connections.max(concurrency as u32);
            let db = Db::connect(&cfg).await.map_err(|e| e.to_string())?;
            let stats = tools::time_raw(
                &db,
                q,
                org_id,
                std::sync::Arc::new(ids),
                concurrency,
                std::time::Duration::from_secs(seconds),
                as_api,
            )
            .await
            .map_err(|e| e.to_string())?;
            println!(
                "{}",
                serde_json::to_string(&stats).map_err(|e| e.to_string())?
            );
            Ok(())
        }
    }
}
