//! The test harness: a fresh database per test (a SQLite file, or a PostgreSQL database
//! cloned from a migrated template), the app built by the same builder `crm serve` uses,
//! and a small fluent client for in-process requests.
//!
//! `CRM_TEST_BACKEND=sqlite|postgres` picks the database; for PostgreSQL,
//! `CRM_TEST_PG_URL` is the server's maintenance URL and `crm_template` a migrated
//! database on it (`scripts/test.sh` sets both up).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

pub mod receiver;
pub mod smtp;

use actix_http::Request;
use actix_web::http::{Method, StatusCode, header::HeaderMap};
use actix_web::{test, web};
use crm_api::{AppState, ServeArgs, build_app, build_state};
use sea_orm::{ConnectionTrait, Database};
use serde_json::Value;

/// Which database the suite runs on.
pub fn backend() -> String {
    std::env::var("CRM_TEST_BACKEND").unwrap_or_else(|_| "sqlite".into())
}

/// A fresh, migrated database URL for one test.
pub async fn fresh_database() -> String {
    let name = format!("t{}", uuid::Uuid::now_v7().simple());
    match backend().as_str() {
        "postgres" => {
            let admin = std::env::var("CRM_TEST_PG_URL").expect(
                "CRM_TEST_PG_URL is not set: run the suite with `make test`, which starts a private PostgreSQL",
            );
            let conn = Database::connect(&admin)
                .await
                .expect("connect to the PostgreSQL test server");
            conn.execute_unprepared(&format!("CREATE DATABASE {name} TEMPLATE crm_template"))
                .await
                .expect("clone the template database");
            let base = admin
                .rsplit_once('/')
                .map(|(b, _)| b.to_string())
                .unwrap_or(admin);
            format!("{base}/{name}")
        }
        _ => {
            let dir = std::env::temp_dir().join("crm-tests");
            std::fs::create_dir_all(&dir).expect("temp dir");
            format!(
                "sqlite://{}?mode=rwc",
                dir.join(format!("{name}.db")).display()
            )
        }
    }
}

/// One test's application.
pub struct TestApp {
    pub state: AppState,
    pub url: String,
    /// Whether this app made its database (a replica shares its origin's).
    owns_database: bool,
}

/// A test's database goes with it: its SQLite files (a run of the suite left 300 MB
/// behind in the temp directory each time), or its PostgreSQL database (10 MB each: a run
/// of the suite filled a CI machine's disk before its end).
impl Drop for TestApp {
    fn drop(&mut self) {
        if !self.owns_database {
            return;
        }
        if let Some(path) = self
            .url
            .strip_prefix("sqlite://")
            .and_then(|u| u.split('?').next())
        {
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{path}{suffix}"));
            }
        } else if let Some((_, name)) = self.url.rsplit_once('/') {
            drop_pg_database(name.to_string());
        }
    }
}

/// Drops a test's PostgreSQL database, closing what still holds it. A thread of its own
/// with its own runtime: `Drop` cannot wait on the test's.
fn drop_pg_database(name: String) {
    let Ok(admin) = std::env::var("CRM_TEST_PG_URL") else {
        return;
    };
    let dropped = std::thread::spawn(move || {
        let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
        else {
            return;
        };
        runtime.block_on(async move {
            if let Ok(conn) = Database::connect(&admin).await {
                let _ = conn
                    .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .await;
                let _ = conn.close().await;
            }
        });
    });
    let _ = dropped.join();
}

impl TestApp {
    /// A new app with default settings on a fresh database.
    pub async fn spawn() -> TestApp {
        Self::spawn_with(|_| {}).await
    }

    /// A new app whose settings `tweak` adjusts first.
    pub async fn spawn_with(tweak: impl FnOnce(&mut ServeArgs)) -> TestApp {
        let url = fresh_database().await;
        let mut args = ServeArgs::defaults_for(&url);
        args.db.db_max_connections = 4;
        tweak(&mut args);
        let state = build_state(&args).await.expect("build the app state");
        TestApp {
            state,
            url,
            owns_database: true,
        }
    }

    /// Another replica of this app, on the same database, with settings `tweak` adjusts
    /// (a rolling restart with new settings, or a second process).
    pub async fn replica(&self, tweak: impl FnOnce(&mut ServeArgs)) -> TestApp {
        let mut args = ServeArgs::defaults_for(&self.url);
        args.db.db_max_connections = 4;
        tweak(&mut args);
        let state = build_state(&args).await.expect("build the replica's state");
        TestApp {
            state,
            url: self.url.clone(),
            owns_database: false,
        }
    }

    /// Rows in `table` (all organisations): for checking that nothing was half-written.
    pub async fn count(&self, table: &str) -> i64 {
        let db = Database::connect(&self.url).await.expect("connect");
        let sql = format!("SELECT COUNT(*) AS n FROM {table}");
        let row = db
            .query_one_raw(sea_orm::Statement::from_string(
                db.get_database_backend(),
                sql,
            ))
            .await
            .expect("count")
            .expect("a row");
        row.try_get::<i64>("", "n").expect("n")
    }

    /// The sum of integer `column` over `table` (all organisations), as the database
    /// computes it: for checking stored money against what the API answered.
    pub async fn sum(&self, table: &str, column: &str) -> i64 {
        self.sum_where(table, column, "1 = 1").await
    }

    /// The sum of the integer expression `expr` over the rows of `table` matching the
    /// SQL condition `condition`, as the database computes it.
    pub async fn sum_where(&self, table: &str, expr: &str, condition: &str) -> i64 {
        let db = Database::connect(&self.url).await.expect("connect");
        let sql = format!(
            "SELECT CAST(COALESCE(SUM({expr}), 0) AS BIGINT) AS n FROM {table} WHERE {condition}"
        );
        let row = db
            .query_one_raw(sea_orm::Statement::from_string(
                db.get_database_backend(),
                sql,
            ))
            .await
            .expect("sum")
            .expect("a row");
        row.try_get::<i64>("", "n").expect("n")
    }

    /// Runs `sql` straight on the database, as another replica or an operator would.
    pub async fn execute(&self, sql: &str) {
        let db = Database::connect(&self.url).await.expect("connect");
        db.execute_unprepared(sql).await.expect("execute");
    }

    /// Runs `sql` straight on the database and says what the database answered, for
    /// checking what the schema itself refuses.
    pub async fn try_execute(&self, sql: &str) -> Result<u64, String> {
        let db = Database::connect(&self.url).await.expect("connect");
        db.execute_unprepared(sql)
            .await
            .map(|r| r.rows_affected())
            .map_err(|e| e.to_string())
    }

    /// Creates a user with `role` as the owner `token`; returns the user body.
    pub async fn create_user(&self, token: &str, email: &str, role: &str) -> Value {
        let r = self
            .post("/v1/users")
            .bearer(token)
            .json(serde_json::json!({"email": email, "name": email, "role": role, "password": "correct horse battery"}))
            .send()
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "create user: {}", r.text);
        r.body
    }

    /// Signs in and returns the access token.
    pub async fn login(&self, email: &str) -> String {
        let r = self
            .post("/v1/auth/login")
            .json(serde_json::json!({"email": email, "password": "correct horse battery"}))
            .send()
            .await;
        assert_eq!(r.status, StatusCode::OK, "login: {}", r.text);
        r.body["access_token"].as_str().expect("token").to_string()
    }

    /// Starts a request.
    pub fn req(&self, method: Method, path: &str) -> Call<'_> {
        Call {
            app: self,
            req: test::TestRequest::default()
                .method(method)
                .uri(path)
                .peer_addr("127.0.0.1:40000".parse().expect("addr")),
        }
    }

    pub fn get(&self, path: &str) -> Call<'_> {
        self.req(Method::GET, path)
    }

    pub fn post(&self, path: &str) -> Call<'_> {
        self.req(Method::POST, path)
    }

    pub fn patch(&self, path: &str) -> Call<'_> {
        self.req(Method::PATCH, path)
    }

    pub fn delete(&self, path: &str) -> Call<'_> {
        self.req(Method::DELETE, path)
    }

    /// Signs up a new organisation; returns its owner's session body.
    pub async fn signup(&self, email: &str) -> Value {
        let r = self
            .post("/v1/auth/signup")
            .json(serde_json::json!({
                "organisation_name": format!("Org of {email}"),
                "name": "Owner",
                "email": email,
                "password": "correct horse battery",
            }))
            .send()
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "signup: {}", r.body);
        r.body
    }

    /// Signs up and returns the owner's access token.
    pub async fn owner_token(&self, email: &str) -> String {
        self.signup(email).await["access_token"]
            .as_str()
            .unwrap()
            .to_string()
    }

    /// Runs every due background job to its end, as a worker would; returns how many ran.
    pub async fn work(&self) -> usize {
        let worker =
            crm_api::worker::Worker::new(self.state.job_handlers.clone(), self.state.jobs.clone());
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let mut n = 0;
        while worker.run_one(&stop).await.expect("claim a job") {
            n += 1;
        }
        n
    }

    /// Runs the outbox relay and the webhook deliverer until neither finds work, as a
    /// worker's pumps would; returns how many items they handled.
    pub async fn deliver(&self) -> usize {
        let mut total = 0;
        loop {
            let mut n = 0;
            for pump in &self.state.pumps {
                n += pump.pump("test-worker").await.expect("a pump round");
            }
            if n == 0 {
                return total;
            }
            total += n;
        }
    }

    /// Runs a request through the full app (all middleware included).
    pub async fn call(&self, req: Request) -> Reply {
        let app = test::init_service(build_app(self.state.clone())).await;
        let res = test::call_service(&app, req).await;
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = test::read_body(res).await;
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        Reply {
            status,
            headers,
            body,
            text,
        }
    }
}

/// A request being built.
pub struct Call<'a> {
    app: &'a TestApp,
    req: test::TestRequest,
}

impl Call<'_> {
    pub fn bearer(mut self, token: &str) -> Self {
        self.req = self
            .req
            .insert_header(("Authorization", format!("Bearer {token}")));
        self
    }

    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.req = self
            .req
            .insert_header((name.to_string(), value.to_string()));
        self
    }

    pub fn json(mut self, body: Value) -> Self {
        self.req = self.req.set_json(body);
        self
    }

    /// A raw body with a content type.
    pub fn raw(mut self, content_type: &str, body: impl Into<web::Bytes>) -> Self {
        self.req = self
            .req
            .insert_header(("Content-Type", content_type.to_string()))
            .set_payload(body.into());
        self
    }

    /// A multipart form: an optional `options` JSON part, then a `file` part.
    pub fn form(
        self,
        options: Option<Value>,
        file_name: &str,
        file_type: &str,
        file: &[u8],
    ) -> Self {
        let boundary = "crm-test-boundary-7d1f";
        let mut body: Vec<u8> = Vec::new();
        if let Some(o) = options {
            body.extend_from_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"options\"\r\nContent-Type: application/json\r\n\r\n{o}\r\n"
                )
                .as_bytes(),
            );
        }
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\nContent-Type: {file_type}\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(file);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        self.raw(&format!("multipart/form-data; boundary={boundary}"), body)
    }

    pub async fn send(self) -> Reply {
        self.app.call(self.req.to_request()).await
    }
}

/// A response, read whole.
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Value,
    pub text: String,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// Asserts this is a problem+json with `status` and `code`, and returns it.
    pub fn problem(&self, status: u16, code: &str) -> &Value {
        assert_eq!(self.status.as_u16(), status, "{}", self.text);
        assert_eq!(
            self.header("content-type"),
            Some("application/problem+json"),
            "{}",
            self.text
        );
        assert_eq!(self.body["code"], code, "{}", self.text);
        assert_eq!(self.body["status"], status);
        assert!(
            self.body["request_id"]
                .as_str()
                .is_some_and(|s| !s.is_empty()),
            "request_id: {}",
            self.text
        );
        assert_eq!(
            self.header("x-request-id"),
            self.body["request_id"].as_str()
        );
        &self.body
    }

    /// The `status` of each of a batch answer's `results`, in order.
    pub fn statuses(&self) -> Vec<u64> {
        self.body["results"]
            .as_array()
            .map(|a| a.iter().filter_map(|x| x["status"].as_u64()).collect())
            .unwrap_or_default()
    }

    /// The field names of a problem's `errors`.
    pub fn error_fields(&self) -> Vec<String> {
        self.body["errors"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|e| e["field"].as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The field names of the problem answering item `index` of a batch.
    pub fn error_fields_of(&self, index: usize) -> Vec<String> {
        self.body["results"][index]["error"]["errors"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|e| e["field"].as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    }
}
