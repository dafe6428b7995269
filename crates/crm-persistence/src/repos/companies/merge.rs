//! Merging companies: the record layer's flow, with the company's own fold of fields,
//! tags, people's links and custom values.

use super::one;
use crate::entities::company;
use crate::error::ConflictAs;
use crate::error::Result;
use crate::record::{self, Mergeable};
use crate::repos::custom_fields::merge_values;
use crate::repos::employments::{End, move_links};
use crate::time;
use crm_core::{Actor, EventType};
use crm_customers::address;
use crm_customers::company::Company;
use crm_customers::merge::Merge;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait};
use uuid::Uuid;

impl Mergeable for company::Entity {
    const MERGED: EventType = crm_customers::events::COMPANY_MERGED;
    const CLEARED: &'static [company::Column] =
        &[company::Column::ExternalId, company::Column::Addresses];

    fn id_of(view: &Company) -> Uuid {
        view.id.0
    }

    async fn fold<C: ConnectionTrait>(
        c: &C,
        actor: &Actor,
        merge: &Merge,
        row: company::Model,
        survivor: &Company,
        sources: &[Company],
    ) -> Result<Company> {
        let id = |x: &Company| x.id.0;
        let pick =
            |field: &str, has: fn(&Company) -> bool| merge.pick(field, survivor, sources, id, has);
        let mut am: company::ActiveModel = row.into();
        am.name = Set(pick("name", |_| true).name.clone());
        am.domain = Set(pick("domain", |x| x.domain.is_some()).domain.clone());
        am.website = Set(pick("website", |x| x.website.is_some()).website.clone());
        am.industry = Set(pick("industry", |x| x.industry.is_some()).industry.clone());
        am.size = Set(pick("size", |x| x.size.is_some())
            .size
            .map(|s| s.as_str().to_string()));
        am.owner_id = Set(pick("owner_id", |x| x.owner_id.is_some())
            .owner_id
            .map(Into::into));
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
        am.updated_at = Set(time::now());
        am.version = Set(survivor.version + 1);
        let row = am
            .update(c)
            .await
            .conflict_as("another company already has this external_id")?;

        // Tags: the union, the survivor's first; people's links move; custom values join.
        let mut tags: Vec<String> = survivor.tags.clone();
        for s in sources {
            for t in &s.tags {
                if !tags.contains(t) {
                    tags.push(t.clone());
                }
            }
            record::set_tags::<company::tags::Entity, _>(c, actor, s.id.0, &[]).await?;
        }
        record::set_tags::<company::tags::Entity, _>(c, actor, survivor.id.0, &tags).await?;
        move_links(c, actor, End::Company, survivor.id.0, &merge.sources).await?;
        let from: Vec<_> = sources.iter().map(|s| (s.id.0, &s.custom_fields)).collect();
        merge_values(
            c,
            actor,
            crm_customers::custom_field::COMPANY,
            (survivor.id.0, &survivor.custom_fields),
            &from,
        )
        .await?;
        one(c, row).await
    }
}
