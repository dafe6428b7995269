//! Merging: sources folded into a survivor inside the caller's transaction.

use super::{card, one, refreshed, write};
use crate::entities::{consent, person};
use crate::error::ConflictAs;
use crate::error::{Result, StoreError};
use crate::record::{State, find, scoped_update};
use crate::repos::custom_fields::merge_values;
use crate::repos::employments::{End, move_links};
use crate::time;
use crm_core::{Actor, DomainError};
use crm_customers::Person;
use crm_customers::address;
use crm_customers::contact::{EmailPoint, PhonePoint};
use crm_customers::merge::Merge;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, QueryFilter};
use serde_json::json;
use uuid::Uuid;

pub(crate) async fn merge_in<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    survivor_id: Uuid,
    m: &Merge,
) -> Result<Person> {
    let row = find::<person::Entity, _>(c, actor, survivor_id, State::Live, true).await?;
    let survivor = one(c, row.clone()).await?;
    let mut sources = Vec::with_capacity(m.sources.len());
    for (i, id) in m.sources.iter().enumerate() {
        let r = find::<person::Entity, _>(c, actor, *id, State::Live, true)
            .await
            .map_err(|e| match e.0 {
                DomainError::NotFound { .. } | DomainError::Moved { .. } => DomainError::field(
                    format!("merge_ids[{i}]"),
                    "unknown",
                    "no live person of this organisation has this id",
                )
                .into(),
                other => StoreError(other),
            })?;
        sources.push(one(c, r).await?);
    }
    let now = time::now();
    let ids = m.sources.clone();

    // The sources go first, so the survivor may take an external id from them.
    for s in &sources {
        scoped_update::<person::Entity>(actor)
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
            .await?;
    }
    // Records merged into a source earlier now point at the survivor.
    scoped_update::<person::Entity>(actor)
        .col_expr(person::Column::MergedInto, Expr::val(Some(survivor_id)))
        .filter(person::Column::MergedInto.is_in(ids.clone()))
        .exec(c)
        .await?;

    let mut am: person::ActiveModel = row.into();
    am.first_name = Set(m
        .pick(
            "first_name",
            &survivor,
            &sources,
            |p| p.id,
            |p| p.first_name.is_some(),
        )
        .first_name
        .clone());
    am.last_name = Set(m
        .pick(
            "last_name",
            &survivor,
            &sources,
            |p| p.id,
            |p| p.last_name.is_some(),
        )
        .last_name
        .clone());
    am.owner_id = Set(m
        .pick(
            "owner_id",
            &survivor,
            &sources,
            |p| p.id,
            |p| p.owner_id.is_some(),
        )
        .owner_id);
    let src = m.pick(
        "source",
        &survivor,
        &sources,
        |p| p.id,
        |p| p.source.channel.is_some(),
    );
    am.source_channel = Set(src.source.channel.clone());
    am.source_detail = Set(src.source.detail.clone());
    am.external_id = Set(m
        .pick(
            "external_id",
            &survivor,
            &sources,
            |p| p.id,
            |p| p.external_id.is_some(),
        )
        .external_id
        .clone());
    am.language = Set(m
        .pick(
            "language",
            &survivor,
            &sources,
            |p| p.id,
            |p| p.language.is_some(),
        )
        .language
        .clone());
    am.time_zone = Set(m
        .pick(
            "time_zone",
            &survivor,
            &sources,
            |p| p.id,
            |p| p.time_zone.is_some(),
        )
        .time_zone
        .clone());
    am.birthday = Set(m
        .pick(
            "birthday",
            &survivor,
            &sources,
            |p| p.id,
            |p| p.birthday.is_some(),
        )
        .birthday);
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
        .conflict_as("another person already has this external_id")?;

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
    scoped_update::<consent::Entity>(actor)
        .col_expr(consent::Column::PersonId, Expr::val(survivor_id))
        .filter(consent::Column::PersonId.is_in(ids.clone()))
        .exec(c)
        .await?;
    move_links(c, actor, End::Person, survivor_id, &ids).await?;

    // Custom values: the survivor's, and for fields it lacks the first source's.
    let from: Vec<_> = sources.iter().map(|s| (s.id, &s.custom_fields)).collect();
    merge_values(
        c,
        actor,
        crm_customers::custom_field::PERSON,
        (survivor_id, &survivor.custom_fields),
        &from,
    )
    .await?;

    card::refresh_ids(c, actor.org_id.0, &ids).await?;
    let after = refreshed(c, row).await?;
    for s in &sources {
        crate::journal::record(
            c,
            actor,
            crate::journal::Change {
                event: crm_customers::events::PERSON_MERGED,
                resource_id: s.id,
                before: Some(super::json(s)),
                after: Some(json!({"merged_into": survivor_id})),
            },
        )
        .await?;
    }
    crate::journal::record_change(
        c,
        actor,
        crm_customers::events::PERSON_MERGED,
        survivor_id,
        Some(&survivor),
        Some(&after),
    )
    .await?;
    Ok(after)
}
