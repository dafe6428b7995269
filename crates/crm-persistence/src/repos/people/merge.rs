//! Merging: sources folded into a survivor inside the caller's transaction.

use super::{find, journal_change, one, write};
use crate::entities::{consent, custom_field_value, employment, person};
use crate::error;
use crate::repos::custom_fields::definitions_of;
use crate::time;
use crm_core::{Actor, DomainError, DomainResult};
use crm_customers::Person;
use crm_customers::address;
use crm_customers::contact::{EmailPoint, PhonePoint};
use crm_customers::custom_field::FieldResource;
use crm_customers::merge::Merge;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
};
use serde_json::json;
use uuid::Uuid;

/// The record a field's value is taken from: the chosen one, else the survivor if it has
/// a value, else the first source that has one.
fn pick<'a>(
    m: &Merge,
    field: &str,
    survivor: &'a Person,
    sources: &'a [Person],
    has: impl Fn(&Person) -> bool,
) -> &'a Person {
    let chosen = m.choose.get(field).and_then(|id| {
        std::iter::once(survivor)
            .chain(sources)
            .find(|p| p.id == *id)
    });
    if let Some(p) = chosen {
        return p;
    }
    if has(survivor) {
        return survivor;
    }
    sources.iter().find(|p| has(p)).unwrap_or(survivor)
}

pub(crate) async fn merge_in<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    survivor_id: Uuid,
    m: &Merge,
) -> DomainResult<Person> {
    let row = find(c, actor, survivor_id, false, true).await?;
    let survivor = one(c, row.clone()).await?;
    let mut sources = Vec::with_capacity(m.sources.len());
    for (i, id) in m.sources.iter().enumerate() {
        let r = find(c, actor, *id, false, true)
            .await
            .map_err(|e| match e {
                DomainError::NotFound { .. } => DomainError::field(
                    format!("merge_ids[{i}]"),
                    "unknown",
                    "no live person of this organisation has this id",
                ),
                other => other,
            })?;
        sources.push(one(c, r).await?);
    }
    let now = time::now();
    let ids = m.sources.clone();

    // The sources go first, so the survivor may take an external id from them.
    for s in &sources {
        person::Entity::update_many()
            .col_expr(person::Column::DeletedAt, Expr::val(Some(now)))
            .col_expr(person::Column::MergedInto, Expr::val(Some(survivor_id)))
            .col_expr(
                person::Column::ExternalId,
                Expr::val(Option::<String>::None),
            )
            .col_expr(person::Column::Addresses, Expr::val(Option::<String>::None))
            .col_expr(
                person::Column::SocialProfiles,
                Expr::val(Option::<String>::None),
            )
            .col_expr(person::Column::UpdatedAt, Expr::val(now))
            .col_expr(person::Column::Version, Expr::val(s.version + 1))
            .filter(person::Column::Id.eq(s.id))
            .exec(c)
            .await
            .map_err(error::db)?;
    }
    // Records merged into a source earlier now point at the survivor.
    person::Entity::update_many()
        .col_expr(person::Column::MergedInto, Expr::val(Some(survivor_id)))
        .filter(person::Column::MergedInto.is_in(ids.clone()))
        .exec(c)
        .await
        .map_err(error::db)?;

    let mut am: person::ActiveModel = row.into();
    am.first_name = Set(pick(m, "first_name", &survivor, &sources, |p| {
        p.first_name.is_some()
    })
    .first_name
    .clone());
    am.last_name = Set(pick(m, "last_name", &survivor, &sources, |p| {
        p.last_name.is_some()
    })
    .last_name
    .clone());
    am.owner_id = Set(pick(m, "owner_id", &survivor, &sources, |p| p.owner_id.is_some()).owner_id);
    let src = pick(m, "source", &survivor, &sources, |p| {
        p.source.channel.is_some()
    });
    am.source_channel = Set(src.source.channel.clone());
    am.source_detail = Set(src.source.detail.clone());
    am.external_id = Set(pick(m, "external_id", &survivor, &sources, |p| {
        p.external_id.is_some()
    })
    .external_id
    .clone());
    am.language = Set(
        pick(m, "language", &survivor, &sources, |p| p.language.is_some())
            .language
            .clone(),
    );
    am.time_zone = Set(pick(m, "time_zone", &survivor, &sources, |p| {
        p.time_zone.is_some()
    })
    .time_zone
    .clone());
    am.birthday = Set(pick(m, "birthday", &survivor, &sources, |p| p.birthday.is_some()).birthday);
    let stage = m
        .choose
        .get("lifecycle_stage")
        .and_then(|id| sources.iter().find(|p| p.id == *id))
        .map(|p| p.lifecycle_stage)
        .unwrap_or(survivor.lifecycle_stage);
    if stage != survivor.lifecycle_stage {
        write::record_stage(c, actor, survivor_id, Some(survivor.lifecycle_stage), stage).await?;
    }
    am.lifecycle_stage = Set(stage.as_str().to_string());
    let (mut addresses, mut profiles) =
        (survivor.addresses.clone(), survivor.social_profiles.clone());
    for s in &sources {
        addresses = address::join_addresses(&addresses, &s.addresses);
        profiles = address::join_profiles(&profiles, &s.social_profiles);
    }
    am.addresses = Set(super::super::list_text(&addresses));
    am.social_profiles = Set(super::super::list_text(&profiles));
    am.updated_at = Set(now);
    am.version = Set(survivor.version + 1);
    let row = am
        .update(c)
        .await
        .map_err(|e| error::map_err(e, "another person already has this external_id"))?;

    // Contact points and tags: the union, the survivor's first.
    let mut emails: Vec<EmailPoint> = survivor.emails.clone();
    let mut phones: Vec<PhonePoint> = survivor.phones.clone();
    let mut tags: Vec<String> = survivor.tags.clone();
    for s in &sources {
        for e in &s.emails {
            if !emails.iter().any(|x| x.address == e.address) {
                emails.push(EmailPoint {
                    primary: emails.is_empty(),
                    ..e.clone()
                });
            }
        }
        for p in &s.phones {
            if !phones.iter().any(|x| x.number == p.number) {
                phones.push(PhonePoint {
                    primary: phones.is_empty(),
                    ..p.clone()
                });
            }
        }
        for t in &s.tags {
            if !tags.contains(t) {
                tags.push(t.clone());
            }
        }
        write::set_emails(c, actor, s.id, &[]).await?;
        write::set_phones(c, actor, s.id, &[]).await?;
        write::set_tags(c, actor, s.id, &[]).await?;
    }
    write::set_emails(c, actor, survivor_id, &emails).await?;
    write::set_phones(c, actor, survivor_id, &phones).await?;
    write::set_tags(c, actor, survivor_id, &tags).await?;

    // The consent ledgers join; company links move unless the survivor has them already.
    consent::Entity::update_many()
        .col_expr(consent::Column::PersonId, Expr::val(survivor_id))
        .filter(consent::Column::PersonId.is_in(ids.clone()))
        .exec(c)
        .await
        .map_err(error::db)?;
    let mut held: Vec<Uuid> = employment::Entity::find()
        .filter(employment::Column::PersonId.eq(survivor_id))
        .all(c)
        .await
        .map_err(error::db)?
        .into_iter()
        .map(|e| e.company_id)
        .collect();
    for e in employment::Entity::find()
        .filter(employment::Column::PersonId.is_in(ids.clone()))
        .all(c)
        .await
        .map_err(error::db)?
    {
        if held.contains(&e.company_id) {
            employment::Entity::delete_by_id(e.id)
                .exec(c)
                .await
                .map_err(error::db)?;
            continue;
        }
        held.push(e.company_id);
        employment::Entity::update_many()
            .col_expr(employment::Column::PersonId, Expr::val(survivor_id))
            .filter(employment::Column::Id.eq(e.id))
            .exec(c)
            .await
            .map_err(error::db)?;
    }

    // Custom values: the survivor's, and for fields it lacks the first source's.
    for def in definitions_of(c, actor.org_id.0, FieldResource::Person).await? {
        if survivor.custom_fields.contains_key(&def.key) {
            continue;
        }
        if let Some(s) = sources
            .iter()
            .find(|s| s.custom_fields.contains_key(&def.key))
        {
            custom_field_value::Entity::update_many()
                .col_expr(custom_field_value::Column::RecordId, Expr::val(survivor_id))
                .filter(custom_field_value::Column::RecordId.eq(s.id))
                .filter(custom_field_value::Column::FieldId.eq(def.id))
                .exec(c)
                .await
                .map_err(error::db)?;
        }
    }
    custom_field_value::Entity::delete_many()
        .filter(custom_field_value::Column::OrgId.eq(actor.org_id.0))
        .filter(custom_field_value::Column::RecordId.is_in(ids))
        .exec(c)
        .await
        .map_err(error::db)?;

    let after = one(c, row).await?;
    for s in &sources {
        crate::journal::record(
            c,
            actor,
            crate::journal::Change {
                verb: "merged",
                resource_type: "person",
                resource_id: s.id,
                before: Some(super::json(s)),
                after: Some(json!({"merged_into": survivor_id})),
            },
        )
        .await
        .map_err(error::db)?;
    }
    journal_change(
        c,
        actor,
        "merged",
        survivor_id,
        Some(&survivor),
        Some(&after),
    )
    .await?;
    Ok(after)
}
