//! What a page of people holds besides its own rows (emails, phones, tags, consent
//! entries and custom values), read in one `UNION ALL` query rather than one per kind:
//! what computes their cards.

use super::card::Card;
use crate::entities::{
    consent, custom_field, custom_field_value, person, person_email, person_phone, tag,
};
use crate::error::Result;
use crate::repos::custom_fields::{ValueRow, assemble};
use chrono::{DateTime, NaiveDate, Utc};
use crm_core::DomainError;
use crm_customers::consent::{Channel, ConsentState, ConsentStatus, Purpose};
use crm_customers::contact::{ContactLabel, EmailPoint, PhonePoint};
use crm_customers::custom_field::FieldKind;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query, SelectStatement, UnionType};
use sea_orm::{ConnectionTrait, QueryResult};
use std::collections::HashMap;
use uuid::Uuid;

/// The columns every branch yields, and the SQL type of their `NULL`s (PostgreSQL
/// resolves the types of a union pairwise, so an untyped `NULL` would become text).
const COLUMNS: [(&str, &str); 11] = [
    ("k", "text"),
    ("pid", "uuid"),
    ("n", "integer"),
    ("a", "text"),
    ("b", "text"),
    ("c", "text"),
    ("f", "boolean"),
    ("i", "bigint"),
    ("d", "date"),
    ("ts", "timestamptz"),
    ("u", "uuid"),
];

/// One branch of the union: `kind` in `k`, the `given` columns, typed `NULL`s elsewhere.
fn branch(kind: &str, given: Vec<(&str, Expr)>) -> SelectStatement {
    let mut q = Query::select();
    for (name, ty) in COLUMNS {
        let e = if name == "k" {
            Expr::val(kind)
        } else {
            given
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, e)| e.clone())
                .unwrap_or_else(|| Expr::cust(format!("CAST(NULL AS {ty})")))
        };
        q.expr_as(e, Alias::new(name));
    }
    q
}

/// The one query: every child of the people `ids` of organisation `org`.
fn statement(org: Uuid, ids: &[Uuid]) -> SelectStatement {
    let ids = || ids.iter().copied();
    let email = |c| Expr::col((person_email::Entity, c));
    let phone = |c| Expr::col((person_phone::Entity, c));
    let consent = |c| Expr::col((consent::Entity, c));
    let value = |c| Expr::col((custom_field_value::Entity, c));
    let field = |c| Expr::col((custom_field::Entity, c));
    use custom_field_value::Column as V;

    let mut q = branch(
        "e",
        vec![
            ("pid", email(person_email::Column::PersonId)),
            ("n", email(person_email::Column::Position)),
            ("a", email(person_email::Column::Address)),
            ("b", email(person_email::Column::Label)),
            ("f", email(person_email::Column::IsPrimary)),
        ],
    );
    q.from(person_email::Entity)
        .and_where(email(person_email::Column::PersonId).is_in(ids()));

    let mut phones = branch(
        "p",
        vec![
            ("pid", phone(person_phone::Column::PersonId)),
            ("n", phone(person_phone::Column::Position)),
            ("a", phone(person_phone::Column::Number)),
            ("b", phone(person_phone::Column::Label)),
            ("f", phone(person_phone::Column::IsPrimary)),
        ],
    );
    phones
        .from(person_phone::Entity)
        .and_where(phone(person_phone::Column::PersonId).is_in(ids()));

    let link = |c| Expr::col((person::tags::Entity, c));
    let mut tags = branch(
        "t",
        vec![
            ("pid", link(person::tags::Column::RecordId)),
            ("a", Expr::col((tag::Entity, tag::Column::Name))),
        ],
    );
    tags.from(person::tags::Entity)
        .inner_join(
            tag::Entity,
            Expr::col((tag::Entity, tag::Column::Id))
                .equals((person::tags::Entity, person::tags::Column::TagId)),
        )
        .and_where(link(person::tags::Column::RecordId).is_in(ids()));

    let mut consents = branch(
        "c",
        vec![
            ("pid", consent(consent::Column::PersonId)),
            ("a", consent(consent::Column::Channel)),
            ("b", consent(consent::Column::Purpose)),
            ("c", consent(consent::Column::Status)),
            ("ts", consent(consent::Column::RecordedAt)),
            ("u", consent(consent::Column::Id)),
        ],
    );
    consents
        .from(consent::Entity)
        .and_where(consent(consent::Column::PersonId).is_in(ids()));

    let mut values = branch(
        "v",
        vec![
            ("pid", value(V::RecordId)),
            ("n", value(V::Position)),
            ("a", field(custom_field::Column::FieldKey)),
            ("b", field(custom_field::Column::Kind)),
            ("c", value(V::ValueText)),
            ("f", value(V::ValueBool)),
            ("i", value(V::ValueInt)),
            ("d", value(V::ValueDate)),
        ],
    );
    values
        .from(custom_field_value::Entity)
        .inner_join(
            custom_field::Entity,
            field(custom_field::Column::Id).equals((custom_field_value::Entity, V::FieldId)),
        )
        .and_where(value(V::RecordId).is_in(ids()))
        // Scoped on the value's own org_id: filtering the definitions instead makes
        // SQLite scan them first, 50 us more per read of one person.
        .and_where(value(V::OrgId).eq(org));

    q.union(UnionType::All, phones)
        .union(UnionType::All, tags)
        .union(UnionType::All, consents)
        .union(UnionType::All, values);
    q
}

fn bad(what: &str, v: &str) -> DomainError {
    DomainError::internal(format!("stored {what} '{v}' is unknown"))
}

fn get<T: sea_orm::TryGetable>(r: &QueryResult, col: &str) -> Result<T> {
    Ok(r.try_get::<T>("", col)?)
}

fn label(s: &str) -> Result<ContactLabel> {
    Ok(ContactLabel::parse(s).ok_or_else(|| bad("label", s))?)
}

/// The cards of the people `ids` (all of organisation `org`) as their child tables hold
/// them; a person with no children has no entry.
pub(super) async fn load<C: ConnectionTrait>(
    c: &C,
    org: Uuid,
    ids: &[Uuid],
) -> Result<HashMap<Uuid, Card>> {
    let mut out: HashMap<Uuid, Card> = HashMap::new();
    if ids.is_empty() {
        return Ok(out);
    }
    let stmt = c.get_database_backend().build(&statement(org, ids));
    let rows = c.query_all_raw(stmt).await?;
    let mut emails: Vec<(Uuid, i32, EmailPoint)> = Vec::new();
    let mut phones: Vec<(Uuid, i32, PhonePoint)> = Vec::new();
    let mut consents: HashMap<Uuid, Vec<(Uuid, ConsentState)>> = HashMap::new();
    let mut values: Vec<(i32, ValueRow)> = Vec::new();
    for r in &rows {
        let pid: Uuid = get(r, "pid")?;
        let kind: String = get(r, "k")?;
        let a: String = get(r, "a")?;
        match kind.as_str() {
            "e" => emails.push((
                pid,
                get(r, "n")?,
                EmailPoint {
                    address: a,
                    label: label(&get::<String>(r, "b")?)?,
                    primary: get(r, "f")?,
                },
            )),
            "p" => phones.push((
                pid,
                get(r, "n")?,
                PhonePoint {
                    number: a,
                    label: label(&get::<String>(r, "b")?)?,
                    primary: get(r, "f")?,
                },
            )),
            "t" => out.entry(pid).or_default().tags.push(a),
            "c" => {
                let (purpose, status): (String, String) = (get(r, "b")?, get(r, "c")?);
                let state = ConsentState {
                    channel: Channel::parse(&a).ok_or_else(|| bad("channel", &a))?,
                    purpose: Purpose::parse(&purpose).ok_or_else(|| bad("purpose", &purpose))?,
                    status: ConsentStatus::parse(&status).ok_or_else(|| bad("status", &status))?,
                    recorded_at: get::<DateTime<Utc>>(r, "ts")?,
                };
                consents.entry(pid).or_default().push((get(r, "u")?, state));
            }
            _ => {
                let kind: String = get(r, "b")?;
                values.push((
                    get(r, "n")?,
                    ValueRow {
                        record_id: pid,
                        key: a,
                        kind: FieldKind::parse(&kind).ok_or_else(|| bad("field kind", &kind))?,
                        text: get(r, "c")?,
                        int: get(r, "i")?,
                        date: get::<Option<NaiveDate>>(r, "d")?,
                        flag: get(r, "f")?,
                    },
                ));
            }
        }
    }
    emails.sort_by_key(|e| e.1);
    for (pid, _, e) in emails {
        out.entry(pid).or_default().emails.push(e);
    }
    phones.sort_by_key(|p| p.1);
    for (pid, _, p) in phones {
        out.entry(pid).or_default().phones.push(p);
    }
    for card in out.values_mut() {
        card.tags.sort();
    }
    for (pid, entries) in consents {
        out.entry(pid).or_default().consents = crm_customers::consent::current_of(entries);
    }
    values.sort_by_key(|v| v.0);
    for (pid, custom) in assemble(values.into_iter().map(|v| v.1).collect()) {
        out.entry(pid).or_default().custom_fields = custom;
    }
    Ok(out)
}
