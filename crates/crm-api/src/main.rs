//! The `crm` binary.

use clap::Parser;

#[actix_web::main]
async fn main() -> std::process::ExitCode {
    let cli = crm_api::cli::Cli::parse();
    match crm_api::cli::run(cli).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("crm: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
