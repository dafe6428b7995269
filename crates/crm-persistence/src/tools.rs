//! Operator tools that bypass the domain rules on purpose: bulk seeding for benchmarks,
//! and timing raw SQL, the baseline the API's figures are compared against.

use crate::db::Db;
use crate::entities::{
    custom_field, custom_field_value, organisation, person, person_email, tag, user,
};
use crate::error::{StoreError, port};
use crate::repos::PersonCard;
use crate::time;
use crm_core::{DomainError, DomainResult};
use crm_customers::contact::{ContactLabel, EmailPoint};
use sea_orm::{ActiveValue::Set, ConnectionTrait, DbBackend, EntityTrait, Statement, Value};
use std::sync::Arc;
use std::time::{Duration, Instant};
use uuid::Uuid;

/// What `seed_users` made.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SeedReport {
    pub org_id: Uuid,
    pub owner_email: String,
    pub users: u64,
    /// Up to 1,000 user ids spread over the whole set.
    pub sample_ids: Vec<Uuid>,
    /// The id at the middle of the set in id order (a deep page starts after it).
    pub middle_id: Option<Uuid>,
}

const ROLES: [&str; 5] = ["sales", "support", "marketing", "manager", "viewer"];

/// Creates an organisation with an owner and `users` more staff users, in batches.
/// Every user gets `password_hash`, so seeding costs no hashing.
pub async fn seed_users(db: &Db, users: u64, password_hash: &str) -> DomainResult<SeedReport> {
    port(async {
        let org_id = Uuid::now_v7();
        let tag = org_id.simple().to_string()[..12].to_string();
        let now = time::now();
        organisation::Entity::insert(organisation::ActiveModel {
            id: Set(org_id),
            name: Set(format!("Seeded {tag}")),
            created_at: Set(now),
            updated_at: Set(now),
            version: Set(1),
            default_region: Set(None),
        })
        .exec_without_returning(&db.conn)
        .await?;
        let owner_email = format!("owner-{tag}@seed.example");
        let stride = (users / 1000).max(1);
        let mut sample_ids = Vec::new();
        let mut middle_id = None;
        let total = users + 1;
        let mut n: u64 = 0;
        while n < total {
            let batch_end = (n + 500).min(total);
            let mut rows = Vec::with_capacity((batch_end - n) as usize);
            for i in n..batch_end {
                let id = Uuid::now_v7();
                if i > 0 && i % stride == 0 && sample_ids.len() < 1000 {
                    sample_ids.push(id);
                }
                if i == total / 2 {
                    middle_id = Some(id);
                }
                let (email, role) = if i == 0 {
                    (owner_email.clone(), "owner")
                } else {
                    (
                        format!("user{i}-{tag}@seed.example"),
                        ROLES[(i % 5) as usize],
                    )
                };
                rows.push(user::ActiveModel {
                    id: Set(id),
                    org_id: Set(org_id),
                    email: Set(email),
                    name: Set(format!("User {i}")),
                    role: Set(role.to_string()),
                    status: Set("active".into()),
                    password_hash: Set(password_hash.to_string()),
                    last_login_at: Set(None),
                    created_at: Set(now),
                    updated_at: Set(now),
                    version: Set(1),
                    deleted_at: Set(None),
                });
            }
            let txn = db.begin_write().await?;
            user::Entity::insert_many(rows)
                .exec_without_returning(&txn)
                .await?;
            txn.commit().await?;
            n = batch_end;
        }
        // Fresh statistics, as after any bulk load: without them the planner guesses, and
        // prepared statements keep the guess.
        db.conn.execute_unprepared("ANALYZE").await?;
        Ok(SeedReport {
            org_id,
            owner_email,
            users,
            sample_ids,
            middle_id,
        })
    })
    .await
}

/// What `seed_people` made.
#[derive(Debug, Clone, serde::Serialize)]
pub struct PeopleSeedReport {
    pub org_id: Uuid,
    pub owner_email: String,
    pub people: u64,
    /// Up to 1,000 person ids spread over the whole set.
    pub sample_ids: Vec<Uuid>,
    /// The id at the middle of the set in id order.
    pub middle_id: Option<Uuid>,
    /// The `tier` custom field (an enum; every fifth person is `gold`).
    pub tier_field_id: Uuid,
}

const STAGES: [&str; 4] = ["lead", "marketing_qualified", "customer", "churned"];

/// An organisation with an owner and `people` people: every person has an email and a
/// stage (cycling lead, marketing_qualified, customer, churned), every tenth the tag
/// `vip`, every fifth the custom field `tier` = `gold`. Then `ANALYZE`.
pub async fn seed_people(
    db: &Db,
    people: u64,
    password_hash: &str,
) -> DomainResult<PeopleSeedReport> {
    port(async {
        let owner = seed_users(db, 0, password_hash).await?;
        let org = owner.org_id;
        let now = time::now();
        let vip = Uuid::now_v7();
        let tier = Uuid::now_v7();
        tag::Entity::insert(tag::ActiveModel {
            id: Set(vip),
            org_id: Set(org),
            name: Set("vip".into()),
            created_at: Set(now),
            updated_at: Set(now),
            version: Set(1),
        })
        .exec_without_returning(&db.conn)
        .await?;
        custom_field::Entity::insert(custom_field::ActiveModel {
            id: Set(tier),
            org_id: Set(org),
            resource: Set("person".into()),
            field_key: Set("tier".into()),
            label: Set("Tier".into()),
            kind: Set("enum".into()),
            options: Set(r#"["gold","silver"]"#.into()),
            required: Set(false),
            created_at: Set(now),
            updated_at: Set(now),
            version: Set(1),
        })
        .exec_without_returning(&db.conn)
        .await?;
        let stride = (people / 1000).max(1);
        let (mut sample_ids, mut middle_id) = (Vec::new(), None);
        let mut n: u64 = 0;
        while n < people {
            let end = (n + 1000).min(people);
            let (mut rows, mut emails, mut tags, mut values) =
                (Vec::new(), Vec::new(), Vec::new(), Vec::new());
            for i in n..end {
                let id = Uuid::now_v7();
                if i % stride == 0 && sample_ids.len() < 1000 {
                    sample_ids.push(id);
                }
                if i == people / 2 {
                    middle_id = Some(id);
                }
                let email = format!("person{i}@seed.example");
                let card = PersonCard {
                    emails: vec![EmailPoint {
                        address: email.clone(),
                        label: ContactLabel::Work,
                        primary: true,
                    }],
                    tags: if i % 10 == 0 {
                        vec!["vip".into()]
                    } else {
                        Vec::new()
                    },
                    custom_fields: if i % 5 == 0 {
                        [("tier".to_string(), serde_json::Value::from("gold"))]
                            .into_iter()
                            .collect()
                    } else {
                        serde_json::Map::new()
                    },
                    ..PersonCard::default()
                };
                rows.push(person::ActiveModel {
                    id: Set(id),
                    org_id: Set(org),
                    first_name: Set(Some(format!("Person{i}"))),
                    last_name: Set(Some(format!("Seed{}", i % 997))),
                    lifecycle_stage: Set(STAGES[(i % 4) as usize].into()),
                    owner_id: Set(None),
                    source_channel: Set(Some("import".into())),
                    source_detail: Set(None),
                    external_id: Set(Some(format!("seed-{i}"))),
                    language: Set(None),
                    time_zone: Set(None),
                    birthday: Set(None),
                    created_at: Set(now),
                    updated_at: Set(now),
                    version: Set(1),
                    deleted_at: Set(None),
                    erased_at: Set(None),
                    merged_into: Set(None),
                    addresses: Set(None),
                    social_profiles: Set(None),
                    card: Set(Some(card.text()?)),
                });
                emails.push(person_email::ActiveModel {
                    id: Set(Uuid::now_v7()),
                    org_id: Set(org),
                    person_id: Set(id),
                    address: Set(email),
                    label: Set("work".into()),
                    is_primary: Set(true),
                    position: Set(0),
                });
                if i % 10 == 0 {
                    tags.push(person::tags::ActiveModel {
                        record_id: Set(id),
                        tag_id: Set(vip),
                        org_id: Set(org),
                    });
                }
                if i % 5 == 0 {
                    values.push(custom_field_value::ActiveModel {
                        id: Set(Uuid::now_v7()),
                        org_id: Set(org),
                        field_id: Set(tier),
                        record_id: Set(id),
                        value_text: Set(Some("gold".into())),
                        value_int: Set(None),
                        value_date: Set(None),
                        value_bool: Set(None),
                        position: Set(0),
                    });
                }
            }
            let txn = db.begin_write().await?;
            person::Entity::insert_many(rows)
                .exec_without_returning(&txn)
                .await?;
            person_email::Entity::insert_many(emails)
                .exec_without_returning(&txn)
                .await?;
            if !tags.is_empty() {
                person::tags::Entity::insert_many(tags)
                    .exec_without_returning(&txn)
                    .await?;
            }
            if !values.is_empty() {
                custom_field_value::Entity::insert_many(values)
                    .exec_without_returning(&txn)
                    .await?;
            }
            txn.commit().await?;
            n = end;
        }
        db.conn.execute_unprepared("ANALYZE").await?;
        Ok(PeopleSeedReport {
            org_id: org,
            owner_email: owner.owner_email,
            people,
            sample_ids,
            middle_id,
            tier_field_id: tier,
        })
    })
    .await
}

/// A query of the benchmark, as SQL with `$n` placeholders.
#[derive(Debug, Clone, Copy)]
pub enum RawQuery {
    /// One user by organisation and id.
    UserById,
    /// The first page of 50 users in id order.
    UsersFirstPage,
    /// A page of 50 users after the middle of the set.
    UsersDeepPage,
    /// One person by organisation and id.
    PersonById,
    /// The first page of 50 people in id order.
    PeopleFirstPage,
    /// A page of 50 people after the middle of the set.
    PeopleDeepPage,
    /// The first 50 customers tagged vip whose tier is gold (`$2` is the tier field).
    PeopleFiltered,
    /// A single-row INSERT of a person (the baseline of `POST /v1/people`).
    PersonInsert,
    /// A single-row UPDATE of a person's last name (the baseline of a PATCH).
    PersonUpdate,
    /// A single-row INSERT of a logged call (the baseline of `POST /v1/interactions`).
    InteractionInsert,
}

const PERSON_COLUMNS: &str = "id, org_id, first_name, last_name, lifecycle_stage, owner_id, source_channel, source_detail, external_id, language, time_zone, birthday, created_at, updated_at, version";
const USER_COLUMNS: &str =
    "id, org_id, email, name, role, status, last_login_at, created_at, updated_at, version";

impl RawQuery {
    pub fn parse(s: &str) -> Option<RawQuery> {
        match s {
            "user_by_id" => Some(RawQuery::UserById),
            "users_first_page" => Some(RawQuery::UsersFirstPage),
            "users_deep_page" => Some(RawQuery::UsersDeepPage),
            "person_by_id" => Some(RawQuery::PersonById),
            "people_first_page" => Some(RawQuery::PeopleFirstPage),
            "people_deep_page" => Some(RawQuery::PeopleDeepPage),
            "people_filtered" => Some(RawQuery::PeopleFiltered),
            "person_insert" => Some(RawQuery::PersonInsert),
            "person_update" => Some(RawQuery::PersonUpdate),
            "interaction_insert" => Some(RawQuery::InteractionInsert),
            _ => None,
        }
    }

    fn sql(self, as_api: bool) -> String {
        // What the API reads of a person besides the bare fields: addresses, profiles
        // and the card with their emails, phones, tags, consent and custom values.
        let person_columns = if as_api {
            format!(
                "{PERSON_COLUMNS}, deleted_at, erased_at, merged_into, addresses, social_profiles, card"
            )
        } else {
            PERSON_COLUMNS.to_string()
        };

        match self {
            RawQuery::UserById => {
                format!(
                    "SELECT {USER_COLUMNS} FROM users WHERE org_id = $1 AND id = $2 AND deleted_at IS NULL"
                )
            }
            RawQuery::UsersFirstPage => format!(
                "SELECT {USER_COLUMNS} FROM users WHERE org_id = $1 AND deleted_at IS NULL ORDER BY id LIMIT 51"
            ),
            RawQuery::UsersDeepPage => format!(
                "SELECT {USER_COLUMNS} FROM users WHERE org_id = $1 AND deleted_at IS NULL AND id > $2 ORDER BY id LIMIT 51"
            ),
            RawQuery::PersonById => format!(
                "SELECT {person_columns} FROM people WHERE org_id = $1 AND id = $2 AND deleted_at IS NULL"
            ),
            RawQuery::PeopleFirstPage => format!(
                "SELECT {person_columns} FROM people WHERE org_id = $1 AND deleted_at IS NULL ORDER BY id LIMIT 51"
            ),
            RawQuery::PeopleDeepPage => format!(
                "SELECT {person_columns} FROM people WHERE org_id = $1 AND deleted_at IS NULL AND id > $2 ORDER BY id LIMIT 51"
            ),
            RawQuery::PeopleFiltered => format!(
                "SELECT {person_columns} FROM people WHERE org_id = $1 AND deleted_at IS NULL AND lifecycle_stage = 'customer' \
                 AND EXISTS (SELECT 1 FROM person_tags JOIN tags ON tags.id = person_tags.tag_id \
                             WHERE person_tags.person_id = people.id AND tags.name = 'vip' LIMIT 1) \
                 AND EXISTS (SELECT 1 FROM custom_field_values WHERE custom_field_values.record_id = people.id \
                             AND custom_field_values.field_id = $2 AND custom_field_values.value_text = 'gold' LIMIT 1) \
                 ORDER BY id LIMIT 51"
            ),
            RawQuery::PersonInsert => "INSERT INTO people (id, org_id, first_name, last_name, \
                 lifecycle_stage, created_at, updated_at, version) \
                 VALUES ($1, $2, $3, $4, 'lead', $5, $6, 1)"
                .to_string(),
            RawQuery::PersonUpdate => "UPDATE people SET last_name = $1, updated_at = $2, \
                 version = version + 1 WHERE org_id = $3 AND id = $4"
                .to_string(),
            RawQuery::InteractionInsert => "INSERT INTO interactions (id, org_id, channel, \
                 direction, occurred_at, subject, created_at, updated_at, version) \
                 VALUES ($1, $2, 'call', 'outbound', $3, $4, $5, $6, 1)"
                .to_string(),
        }
    }

    /// Whether the query writes (on SQLite it then takes the writer's turn, as the API's
    /// writes do).
    fn writes(self) -> bool {
        matches!(
            self,
            RawQuery::PersonInsert | RawQuery::PersonUpdate | RawQuery::InteractionInsert
        )
    }

    /// The values of one run of the query for `id`.
    fn values(self, org_id: Uuid, id: Uuid, n: usize) -> Vec<Value> {
        let now = chrono::Utc::now();
        match self {
            RawQuery::UsersFirstPage | RawQuery::PeopleFirstPage => vec![org_id.into()],
            RawQuery::PersonInsert => vec![
                Uuid::now_v7().into(),
                org_id.into(),
                "Bench".into(),
                format!("Raw {n}").into(),
                now.into(),
                now.into(),
            ],
            RawQuery::PersonUpdate => vec![
                format!("Raw {n}").into(),
                now.into(),
                org_id.into(),
                id.into(),
            ],
            RawQuery::InteractionInsert => vec![
                Uuid::now_v7().into(),
                org_id.into(),
                now.into(),
                format!("Raw {n}").into(),
                now.into(),
                now.into(),
            ],
            _ => vec![org_id.into(), id.into()],
        }
    }
}

/// Throughput and latency of a timed run.
#[derive(Debug, Clone, serde::Serialize)]
pub struct RawStats {
    pub requests: u64,
    pub per_second: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
}

/// Runs `query` from `concurrency` tasks for `duration`, the ids drawn in turn from
/// `ids` (the middle id for the deep page), and reports the rate and latencies. With
/// `as_api`, people queries read every column the API reads (the card included): the
/// same SQL as the API sends, less authentication.
pub async fn time_raw(
    db: &Db,
    query: RawQuery,
    org_id: Uuid,
    ids: Arc<Vec<Uuid>>,
    concurrency: usize,
    duration: Duration,
    as_api: bool,
) -> DomainResult<RawStats> {
    port(async {
        if ids.is_empty() {
            return Err(DomainError::internal("no ids to query").into());
        }
        let backend = db.conn.get_database_backend();
        let mut sql = query.sql(as_api);
        if backend == DbBackend::Sqlite {
            for n in 1..=6 {
                sql = sql.replace(&format!("${n}"), "?");
            }
        }
        let started = Instant::now();
        let mut tasks = Vec::new();
        for t in 0..concurrency {
            let (db, sql, ids) = (db.clone(), sql.clone(), ids.clone());
            tasks.push(tokio::spawn(async move {
                let mut latencies = Vec::new();
                let mut i = t;
                while started.elapsed() < duration {
                    let id = ids[i % ids.len()];
                    let values = query.values(org_id, id, i);
                    i += concurrency;
                    let t0 = Instant::now();
                    let turn = if query.writes() {
                        Some(db.turn().await)
                    } else {
                        None
                    };
                    let stmt = Statement::from_sql_and_values(backend, sql.clone(), values);
                    if query.writes() {
                        db.conn.execute_raw(stmt).await?;
                    } else {
                        db.conn.query_all_raw(stmt).await?;
                    }
                    drop(turn);
                    latencies.push(t0.elapsed());
                }
                Ok::<_, StoreError>(latencies)
            }));
        }
        let mut all = Vec::new();
        for t in tasks {
            all.extend(
                t.await
                    .map_err(|e| DomainError::internal(e.to_string()))??,
            );
        }
        let secs = started.elapsed().as_secs_f64();
        all.sort();
        let pct = |p: f64| {
            all.get(((all.len() as f64 * p) as usize).min(all.len().saturating_sub(1)))
                .map(|d| d.as_secs_f64() * 1000.0)
                .unwrap_or(0.0)
        };
        Ok(RawStats {
            requests: all.len() as u64,
            per_second: all.len() as f64 / secs,
            p50_ms: pct(0.50),
            p99_ms: pct(0.99),
        })
    })
    .await
}
