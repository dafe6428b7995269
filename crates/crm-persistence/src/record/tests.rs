//! The record layer against a migrated SQLite database.

use crate::db::{Db, DbConfig};
use crate::entities as tables;
use sea_orm::{ConnectionTrait, Statement};
use std::time::Duration;

async fn migrated() -> (Db, std::path::PathBuf) {
    let path = std::env::temp_dir().join(format!("crm-record-{}.db", uuid::Uuid::now_v7()));
    let db = Db::connect(&DbConfig {
        url: format!("sqlite://{}?mode=rwc", path.display()),
        max_connections: 1,
        acquire_timeout: Duration::from_secs(5),
    })
    .await
    .unwrap();
    db.migrate_up(None).await.unwrap();
    (db, path)
}

#[tokio::test]
async fn every_table_with_an_organisation_column_is_reached_only_through_the_scoped_layer() {
    let (db, path) = migrated().await;
    let rows = db
        .conn
        .query_all_raw(Statement::from_string(
            db.conn.get_database_backend(),
            "SELECT m.name AS t FROM sqlite_master m, pragma_table_info(m.name) c \
             WHERE m.type = 'table' AND c.name = 'org_id' ORDER BY m.name",
        ))
        .await
        .unwrap();
    let mut with_org: Vec<String> = rows
        .iter()
        .map(|r| r.try_get::<String>("", "t").unwrap())
        .collect();
    with_org.sort();
    let mut declared: Vec<String> = tables::names().into_iter().map(String::from).collect();
    declared.sort();
    assert!(!with_org.is_empty());
    assert_eq!(
        with_org, declared,
        "a table with org_id must be declared in tenant_tables! (entities/mod.rs)"
    );
    drop(db);
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
}
