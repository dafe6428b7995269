//! Merging companies: sources folded into a survivor inside the caller's transaction.

use super::{one, set_tags};
use crate::entities::company;
use crate::error::ConflictAs;
use crate::error::{Result, StoreError};
use crate::journal;
use crate::record::scoped_update;
use crate::record::{State, find};
use crate::repos::custom_fields::merge_values;
use crate::repos::employments::{End, move_links};
use crate::time;
use crm_core::{Actor, DomainError};
use crm_customers::address;
use crm_customers::company::Company;
use crm_customers::merge::Merge;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, QueryFilter};
use serde_json::json;
use uuid::Uuid;

pub(super) async fn merge_in<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    survivor_id: Uuid,
    m: &Merge,
) -> Result<Company> {
    let row = find::<company::Entity, _>(c, actor, survivor_id, State::Live, true).await?;
    let survivor = one(c, row.clone()).await?;
    let mut sources = Vec::with_capacity(m.sources.len());
    for (i, id) in m.sources.iter().enumerate() {
        let r = find::<company::Entity, _>(c, actor, *id, State::Live, true)
            .await
            .map_err(|e| match e.0 {
                DomainError::NotFound { .. } | DomainError::Moved { .. } => DomainError::field(
                    format!("merge_ids[{i}]"),
                    "unknown",
                    "no live company of this organisation has this id",
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
        scoped_update::<company::Entity>(actor)
            .col_expr(company::Column::DeletedAt, Expr::val(Some(now)))
            .col_expr(company::Column::MergedInto, Expr::val(Some(survivor_id)))
            .col_expr(
                company::Column::ExternalId,
                Expr::val(Option::<String>::None),
            )
            .col_expr(
                company::Column::Addresses,
                Expr::val(Option::<String>::None),
            )
            .col_expr(company::Column::UpdatedAt, Expr::val(now))
            .col_expr(company::Column::Version, Expr::val(s.version + 1))
            .filter(company::Column::Id.eq(s.id))
            .exec(c)
            .await?;
    }
    // Companies merged into a source earlier now point at the survivor.
    scoped_update::<company::Entity>(actor)
        .col_expr(company::Column::MergedInto, Expr::val(Some(survivor_id)))
        .filter(company::Column::MergedInto.is_in(ids.clone()))
        .exec(c)
        .await?;

    let id = |x: &Company| x.id;
    let pick = |field: &str, has: fn(&Company) -> bool| m.pick(field, &survivor, &sources, id, has);
    let mut am: company::ActiveModel = row.into();
    am.name = Set(pick("name", |_| true).name.clone());
    am.domain = Set(pick("domain", |x| x.domain.is_some()).domain.clone());
    am.website = Set(pick("website", |x| x.website.is_some()).website.clone());
    am.industry = Set(pick("industry", |x| x.industry.is_some()).industry.clone());
    am.size = Set(pick("size", |x| x.size.is_some())
        .size
        .map(|s| s.as_str().to_string()));
    am.owner_id = Set(pick("owner_id", |x| x.owner_id.is_some()).owner_id);
    let src = pick("source", |x| x.source.channel.is_some());
    am.source_channel = Set(src.source.channel.clone());
    am.source_detail = Set(src.source.detail.clone());
    am.external_id = Set(pick("external_id", |x| x.external_id.is_some())
        .external_id
        .clone());
    let addresses = sources.iter().fold(survivor.addresses.clone(), |all, s| {
        address::join_addresses(&all, &s.addresses)
    });
    am.addresses = Set(super::super::list_text(&addresses));
    am.updated_at = Set(now);
    am.version = Set(survivor.version + 1);
    let row = am
        .update(c)
        .await
        .conflict_as("another company already has this external_id")?;

    // Tags: the union, the survivor's first; people's links move; custom values join.
    let mut tags: Vec<String> = survivor.tags.clone();
    for s in &sources {
        for t in &s.tags {
            if !tags.contains(t) {
                tags.push(t.clone());
            }
        }
        set_tags(c, actor, s.id, &[]).await?;
    }
    set_tags(c, actor, survivor_id, &tags).await?;
    move_links(c, actor, End::Company, survivor_id, &ids).await?;
    let from: Vec<_> = sources.iter().map(|s| (s.id, &s.custom_fields)).collect();
    merge_values(
        c,
        actor,
        crm_customers::custom_field::COMPANY,
        (survivor_id, &survivor.custom_fields),
        &from,
    )
    .await?;

    let after = one(c, row).await?;
    for s in &sources {
        crate::journal::record(
            c,
            actor,
            crate::journal::Change {
                event: crm_customers::events::COMPANY_MERGED,
                resource_id: s.id,
                before: Some(super::super::json(s)),
                after: Some(json!({"merged_into": survivor_id})),
            },
        )
        .await?;
    }
    journal::record_change(
        c,
        actor,
        crm_customers::events::COMPANY_MERGED,
        survivor_id,
        Some(&survivor),
        Some(&after),
    )
    .await?;
    Ok(after)
}
