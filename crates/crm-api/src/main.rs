//! The `crm` binary.

use clap::Parser;

/// mimalloc: the request and import paths allocate heavily (JSON, SQL values), and
/// glibc's allocator showed as a third of the import's CPU profile. Its `override`
/// feature serves SQLite's C allocations too (decision 0013).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
