//! Reading people: rows to domain values (children loaded for a whole page at once),
//! keyset keys, and where each filterable field lives.

use super::card::Card;
use crate::entities::{consent, employment, person, person_email, person_phone};
use crate::error::Result;
use crate::filter_sql::{self, FieldSql};
use crate::fold::{self, Match};
use crate::paging::Keyed;
use crate::record::{self, in_org};
use crm_core::DomainError;
use crm_core::ids::{OrgId, PersonId, UserId};
use crm_core::page::CursorValue;
use crm_core::sort::SortField;
use crm_customers::person::Source;
use crm_customers::{LifecycleStage, Person};
use sea_orm::sea_query::{Condition, Expr, ExprTrait, Query, SelectStatement};
use sea_orm::{ColumnTrait, ConnectionTrait, DbBackend, QueryFilter, QuerySelect};
use uuid::Uuid;

impl Keyed for person::Model {
    fn id_column() -> Expr {
        Expr::col((person::Entity, person::Column::Id))
    }
    fn sort_column(f: &SortField) -> Expr {
        let c = match f.name.as_ref() {
            "updated_at" => person::Column::UpdatedAt,
            _ => person::Column::CreatedAt,
        };
        Expr::col((person::Entity, c))
    }
    fn sort_value(&self, f: &SortField) -> CursorValue {
        match f.name.as_ref() {
            "updated_at" => CursorValue::Timestamp(self.updated_at),
            _ => CursorValue::Timestamp(self.created_at),
        }
    }
    fn row_id(&self) -> Uuid {
        self.id
    }
}

/// The person's columns a page may sort by that may be empty (names): the pager sorts
/// them like custom fields, unset values last.
pub(crate) fn optional_sort_column(name: &str) -> Option<Expr> {
    let c = match name {
        "last_name" => person::Column::LastName,
        "first_name" => person::Column::FirstName,
        "score" => return Some(crate::repos::scores::score_of_person()),
        _ => return crate::repos::purchases::sort(name, crate::repos::purchases::Buyer::Person),
    };
    Some(Expr::col((person::Entity, c)))
}

fn children_of(
    table: impl sea_orm::Iden + Copy + 'static,
    person_id: impl sea_orm::Iden + Copy + 'static,
) -> SelectStatement {
    Query::select()
        .expr(Expr::cust("1"))
        .from(table)
        .and_where(Expr::col((table, person_id)).equals((person::Entity, person::Column::Id)))
        .to_owned()
}

/// The person's ledger entries that are the latest of their pair and grant consent.
fn granted_now() -> SelectStatement {
    let mut q = children_of(consent::Entity, consent::Column::PersonId);
    q.and_where(Expr::col((consent::Entity, consent::Column::Status)).eq("granted"));
    q.and_where(Expr::cust(
        "NOT EXISTS (SELECT 1 FROM consents later WHERE later.person_id = consents.person_id \
         AND later.channel = consents.channel AND later.purpose = consents.purpose \
         AND (later.recorded_at > consents.recorded_at \
              OR (later.recorded_at = consents.recorded_at AND later.id > consents.id)))",
    ));
    q
}

/// Where each field of the person catalogue lives.
pub(crate) fn field(name: &str) -> Option<FieldSql> {
    use person::Column as C;
    let col = |c: C| Some(FieldSql::Column(Expr::col((person::Entity, c))));
    match name {
        "first_name" => col(C::FirstName),
        "last_name" => col(C::LastName),
        "lifecycle_stage" => col(C::LifecycleStage),
        "owner_id" => col(C::OwnerId),
        "source_channel" => col(C::SourceChannel),
        "external_id" => col(C::ExternalId),
        "language" => col(C::Language),
        "birthday" => col(C::Birthday),
        "score" => Some(FieldSql::Column(crate::repos::scores::score_of_person())),
        "created_at" => col(C::CreatedAt),
        "updated_at" => col(C::UpdatedAt),
        "email" => Some(FieldSql::Set {
            from: Box::new(children_of(
                person_email::Entity,
                person_email::Column::PersonId,
            )),
            value: Expr::col((person_email::Entity, person_email::Column::Address)),
        }),
        "phone" => Some(FieldSql::Set {
            from: Box::new(children_of(
                person_phone::Entity,
                person_phone::Column::PersonId,
            )),
            value: Expr::col((person_phone::Entity, person_phone::Column::Number)),
        }),
        "tags" => Some(record::tags_field::<person::tags::Entity, _>((
            person::Entity,
            C::Id,
        ))),
        "company_id" => Some(FieldSql::Related {
            from: Box::new(children_of(
                employment::Entity,
                employment::Column::PersonId,
            )),
            value: Expr::col((employment::Entity, employment::Column::CompanyId)),
        }),
        "consent" => Some(FieldSql::Set {
            from: Box::new(granted_now()),
            value: Expr::cust("consents.channel || ':' || consents.purpose"),
        }),
        _ => crate::repos::purchases::field(name, crate::repos::purchases::Buyer::Person)
            .or_else(|| filter_sql::address_field(name, Expr::col((person::Entity, C::Addresses)))),
    }
}

/// `q=`: the text in a name, an email or a phone number.
pub(crate) fn text_condition(q: &str, backend: DbBackend) -> Condition {
    let names = filter_sql::text_match(
        q,
        vec![
            Expr::col((person::Entity, person::Column::FirstName)),
            Expr::col((person::Entity, person::Column::LastName)),
        ],
        backend,
    );
    let like = |col: Expr| fold::matches(col, q, Match::Contains, backend);
    let mut emails = children_of(person_email::Entity, person_email::Column::PersonId);
    emails.and_where(like(Expr::col((
        person_email::Entity,
        person_email::Column::Address,
    ))));
    let mut phones = children_of(person_phone::Entity, person_phone::Column::PersonId);
    phones.and_where(like(Expr::col((
        person_phone::Entity,
        person_phone::Column::Number,
    ))));
    names.add(Expr::exists(emails)).add(Expr::exists(phones))
}

/// The people of `rows` with their emails, phones, tags, consent state and custom
/// values, read from each row's card ([`super::card`]); rows without one yet (written
/// before cards existed) have theirs read from the child tables in one more query.
pub(crate) async fn load<C: ConnectionTrait>(
    c: &C,
    rows: Vec<person::Model>,
) -> Result<Vec<Person>> {
    let Some(org) = rows.first().map(|r| r.org_id) else {
        return Ok(Vec::new());
    };
    let missing: Vec<Uuid> = rows
        .iter()
        .filter(|r| r.card.is_none())
        .map(|r| r.id)
        .collect();
    let mut cards = if missing.is_empty() {
        Default::default()
    } else {
        super::children::load(c, org, &missing).await?
    };
    #[cfg(debug_assertions)]
    check_cards(c, org, &rows).await?;
    rows.into_iter()
        .map(|r| {
            let card = match &r.card {
                Some(text) => Card::parse(r.id, text)?,
                None => cards.remove(&r.id).unwrap_or_default(),
            };
            person(r, card)
        })
        .collect()
}

/// Debug builds (every test) check each stored card against the child tables, so a
/// write path that forgets to refresh a card fails loudly instead of serving stale data.
#[cfg(debug_assertions)]
async fn check_cards<C: ConnectionTrait>(c: &C, org: Uuid, rows: &[person::Model]) -> Result<()> {
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let mut cards = super::children::load(c, org, &ids).await?;
    for r in rows {
        let truth = cards.remove(&r.id).unwrap_or_default();
        if let Some(text) = &r.card
            && Card::parse(r.id, text)? != truth
        {
            return Err(DomainError::internal(format!(
                "the card of person {} is stale: {text} but the tables hold {}",
                r.id,
                truth.text()?
            ))
            .into());
        }
    }
    Ok(())
}

/// A row and its card as the domain's person.
pub(super) fn person(r: person::Model, card: Card) -> Result<Person> {
    Ok(Person {
        id: PersonId(r.id),
        org_id: OrgId(r.org_id),
        first_name: r.first_name,
        last_name: r.last_name,
        emails: card.emails,
        phones: card.phones,
        lifecycle_stage: LifecycleStage::parse(&r.lifecycle_stage).ok_or_else(|| {
            DomainError::internal(format!("stored stage '{}' is unknown", r.lifecycle_stage))
        })?,
        owner_id: r.owner_id.map(UserId),
        source: Source {
            channel: r.source_channel,
            detail: r.source_detail,
        },
        external_id: r.external_id,
        language: r.language,
        time_zone: r.time_zone,
        birthday: r.birthday,
        addresses: super::super::text_list(r.addresses.as_deref(), "addresses")?,
        social_profiles: super::super::text_list(r.social_profiles.as_deref(), "social profiles")?,
        tags: card.tags,
        custom_fields: card.custom_fields,
        consents: card.consents,
        created_at: r.created_at,
        updated_at: r.updated_at,
        version: r.version,
    })
}

/// The ids of people who share an email, a phone, or a first or last name with `target`
/// (at most 200 by name), excluding `target`.
pub(crate) async fn candidate_ids<C: ConnectionTrait>(
    c: &C,
    actor: &crm_core::Actor,
    target: &Person,
) -> Result<Vec<Uuid>> {
    let org = actor.org_id.0;
    let mut ids: Vec<Uuid> = Vec::new();
    let emails: Vec<String> = target.emails.iter().map(|e| e.address.clone()).collect();
    if !emails.is_empty() {
        ids.extend(
            in_org::<person_email::Entity>(OrgId(org))
                .filter(person_email::Column::Address.is_in(emails))
                .all(c)
                .await?
                .into_iter()
                .map(|e| e.person_id),
        );
    }
    let phones: Vec<String> = target.phones.iter().map(|p| p.number.clone()).collect();
    if !phones.is_empty() {
        ids.extend(
            in_org::<person_phone::Entity>(OrgId(org))
                .filter(person_phone::Column::Number.is_in(phones))
                .all(c)
                .await?
                .into_iter()
                .map(|p| p.person_id),
        );
    }
    let mut names = Condition::any();
    let backend = c.get_database_backend();
    let same = |col: person::Column, name: &str| {
        fold::matches(
            Expr::col((person::Entity, col)),
            name,
            Match::Equals,
            backend,
        )
    };
    if let Some(f) = &target.first_name {
        names = names.add(same(person::Column::FirstName, f));
    }
    if let Some(l) = &target.last_name {
        names = names.add(same(person::Column::LastName, l));
    }
    if !names.is_empty() {
        ids.extend(
            in_org::<person::Entity>(OrgId(org))
                .filter(person::Column::DeletedAt.is_null())
                .filter(names)
                .limit(200)
                .all(c)
                .await?
                .into_iter()
                .map(|p| p.id),
        );
    }
    ids.retain(|i| *i != target.id.0);
    ids.sort();
    ids.dedup();
    Ok(ids)
}
