//! The `crm` command line: serve, migrate, openapi.

use crate::config::{DatabaseArgs, ServeArgs};
use crate::{openapi, startup};
use clap::{Parser, Subcommand};
use crm_persistence::Db;

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
    /// Print the OpenAPI document.
    Openapi,
}

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
    }
}
