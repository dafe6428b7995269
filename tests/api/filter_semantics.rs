//! Property: a filter tree selects, through the real repository and SQL, exactly the rows
//! an in-memory evaluation of the same tree selects, on SQLite and on PostgreSQL.

use chrono::{DateTime, Duration, Utc};
use crm_accounts::catalogue::{USER_SORT, user_filters};
use crm_accounts::model::{NewUser, UserPatch, UserStatus};
use crm_accounts::{Email, Role, User};
use crm_core::filter::{Condition, FieldType, Filter, Op, Operand, Scalar};
use crm_core::page::PageRequest;
use crm_core::{Actor, Principal};
use crm_tests::TestApp;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use std::collections::BTreeSet;

/// Names of users; the last two ask case-insensitive matches to fold non-ASCII letters
/// (`ÑANDÚ` contains `ñandú`) the same way on both databases.
const WORDS: [&str; 8] = [
    "ada", "grace", "alan", "edsger", "barbara", "ken", "émile", "ñandú",
];

fn field_value(u: &User, field: &str) -> Option<Scalar> {
    Some(match field {
        "email" => Scalar::Text(u.email.clone()),
        "name" => Scalar::Text(u.name.clone()),
        "role" => Scalar::Text(u.role.as_str().into()),
        "status" => Scalar::Text(u.status.as_str().into()),
        "created_at" => Scalar::Timestamp(u.created_at),
        "updated_at" => Scalar::Timestamp(u.updated_at),
        "last_login_at" => Scalar::Timestamp(u.last_login_at?),
        _ => return None,
    })
}

fn cmp(a: &Scalar, b: &Scalar) -> Option<std::cmp::Ordering> {
    match (a, b) {
        (Scalar::Text(x), Scalar::Text(y)) => Some(x.cmp(y)),
        (Scalar::Timestamp(x), Scalar::Timestamp(y)) => Some(x.cmp(y)),
        _ => None,
    }
}

/// Lower-cased letter by letter, as PostgreSQL's `LOWER()` does.
fn text(s: &Scalar) -> String {
    match s {
        Scalar::Text(t) => t
            .chars()
            .map(|c| c.to_lowercase().next().unwrap_or(c))
            .collect(),
        _ => String::new(),
    }
}

/// Two-valued logic: a comparison with a missing value is false, and `not` negates it.
fn eval(f: &Filter, u: &User) -> bool {
    match f {
        Filter::All(v) => v.iter().all(|f| eval(f, u)),
        Filter::Any(v) => v.iter().any(|f| eval(f, u)),
        Filter::Not(f) => !eval(f, u),
        Filter::Condition(c) => {
            let v = field_value(u, &c.field);
            match (&c.operand, c.op) {
                (Operand::Flag(want_null), Op::IsNull) => v.is_none() == *want_null,
                (Operand::Many(list), Op::In) => v.is_some_and(|v| list.contains(&v)),
                (Operand::Many(list), Op::NotIn) => v.is_none_or(|v| !list.contains(&v)),
                (Operand::One(x), op) => match op {
                    Op::Neq => v.is_none_or(|v| &v != x),
                    Op::Contains => v.is_some_and(|v| text(&v).contains(&text(x))),
                    Op::StartsWith => v.is_some_and(|v| text(&v).starts_with(&text(x))),
                    _ => v.and_then(|v| cmp(&v, x)).is_some_and(|o| match op {
                        Op::Eq => o.is_eq(),
                        Op::Lt => o.is_lt(),
                        Op::Lte => o.is_le(),
                        Op::Gt => o.is_gt(),
                        Op::Gte => o.is_ge(),
                        _ => false,
                    }),
                },
                _ => false,
            }
        }
    }
}

fn leaf(users: &[User], times: &[DateTime<Utc>]) -> BoxedStrategy<Filter> {
    let catalogue = user_filters();
    let names: Vec<String> = [
        "email",
        "name",
        "role",
        "status",
        "created_at",
        "last_login_at",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let texts: Vec<String> = users
        .iter()
        .flat_map(|u| {
            [
                u.email.clone(),
                u.name.clone(),
                u.name.chars().take(2).collect(),
                "ZZ".into(),
            ]
        })
        .chain(WORDS.iter().map(|w| w.to_uppercase()))
        .collect();
    let times = times.to_vec();
    proptest::sample::select(names)
        .prop_flat_map(move |name| {
            let field = catalogue.get(&name).cloned().expect("field");
            let ops: Vec<Op> = Op::ALL
                .into_iter()
                .filter(|o| o.applies_to(&field))
                .collect();
            let scalar: BoxedStrategy<Scalar> = match &field.ty {
                FieldType::Enum(options) => proptest::sample::select(options.clone())
                    .prop_map(Scalar::Text)
                    .boxed(),
                FieldType::Timestamp => proptest::sample::select(times.clone())
                    .prop_map(Scalar::Timestamp)
                    .boxed(),
                _ => proptest::sample::select(texts.clone())
                    .prop_map(Scalar::Text)
                    .boxed(),
            };
            (
                Just(field),
                proptest::sample::select(ops),
                scalar.clone(),
                proptest::collection::vec(scalar, 1..4),
                any::<bool>(),
            )
        })
        .prop_map(|(field, op, one, many, flag)| {
            let operand = match op {
                Op::IsNull => Operand::Flag(flag),
                Op::In | Op::NotIn => Operand::Many(many),
                _ => Operand::One(one),
            };
            Filter::Condition(Condition {
                field: field.name,
                ty: field.ty,
                nullable: field.nullable,
                op,
                operand,
            })
        })
        .boxed()
}

fn tree(users: &[User], times: &[DateTime<Utc>]) -> impl Strategy<Value = Filter> {
    leaf(users, times).prop_recursive(3, 16, 3, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 1..3).prop_map(Filter::All),
            proptest::collection::vec(inner.clone(), 1..3).prop_map(Filter::Any),
            inner.prop_map(|f| Filter::Not(Box::new(f))),
        ]
    })
}

#[test]
fn a_filter_tree_selects_in_sql_exactly_what_it_selects_in_memory() {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let (app, actor) = rt.block_on(async {
        let app = TestApp::spawn().await;
        let s = app.signup("owner@example.com").await;
        let org = crm_core::ids::OrgId(
            uuid::Uuid::parse_str(s["organisation"]["id"].as_str().unwrap()).unwrap(),
        );
        let owner = uuid::Uuid::parse_str(s["user"]["id"].as_str().unwrap()).unwrap();
        (app, Actor::new(org, Principal::User(owner.into()), None))
    });
    let users = rt.block_on(async {
        let repo = crm_persistence::user_repository(&app.state.db);
        for (i, w) in WORDS.iter().enumerate() {
            let role = [Role::Sales, Role::Support, Role::Viewer][i % 3];
            let local: String = w.chars().filter(char::is_ascii).collect();
            let email = Email::parse(&format!("{local}.{i}@example.com"), "email").unwrap();
            let name = if i % 2 == 0 {
                w.to_uppercase()
            } else {
                format!("{w} Lovelace")
            };
            let u = repo
                .create(
                    &actor,
                    NewUser {
                        email,
                        name,
                        role,
                        password_hash: "x".into(),
                    },
                )
                .await
                .unwrap();
            if i % 3 == 0 {
                repo.record_login(actor.org_id, u.id, None).await.unwrap();
            }
            if i == 4 {
                let patch = UserPatch {
                    status: Some(UserStatus::Deactivated),
                    ..Default::default()
                };
                repo.update(&actor, u.id, patch, None).await.unwrap();
            }
        }
        let page = PageRequest::parse(Some(200), None, None, false, USER_SORT).unwrap();
        repo.list(&actor, None, &page).await.unwrap().items
    });
    assert_eq!(users.len(), WORDS.len() + 1);
    let mut times: Vec<DateTime<Utc>> = users
        .iter()
        .flat_map(|u| [Some(u.created_at), u.last_login_at])
        .flatten()
        .collect();
    let first = times.iter().min().copied().unwrap();
    times.extend([first - Duration::days(1), first + Duration::days(1)]);

    let mut runner = TestRunner::new(Config {
        cases: 200,
        ..Config::default()
    });
    let result = runner.run(&tree(&users, &times), |filter| {
        let page = PageRequest::parse(Some(200), None, None, false, USER_SORT).unwrap();
        let got: BTreeSet<uuid::Uuid> = rt
            .block_on(app.state.accounts.users(&actor, Some(&filter), &page))
            .map_err(|e| TestCaseError::fail(format!("query failed: {e}")))?
            .items
            .iter()
            .map(|u| u.id.0)
            .collect();
        let want: BTreeSet<uuid::Uuid> = users
            .iter()
            .filter(|u| eval(&filter, u))
            .map(|u| u.id.0)
            .collect();
        prop_assert_eq!(got, want, "filter: {}", filter.to_json());
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}
