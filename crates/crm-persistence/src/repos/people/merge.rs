//! Merging people: the record layer's flow, with the person's own fold of fields, stage,
//! contact points, tags, consent ledgers, company links, custom values and cards.

use super::{card, refreshed, write};
use crate::entities::{consent, person};
use crate::error::ConflictAs;
use crate::error::Result;
use crate::record::{self, Mergeable, scoped_update};
use crate::repos::custom_fields::merge_values;
use crate::repos::employments::{End, move_links};
use crate::time;
use crm_core::{Actor, EventType};
use crm_customers::Person;
use crm_customers::address;
use crm_customers::contact::{EmailPoint, PhonePoint};
use crm_customers::merge::Merge;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, QueryFilter};
use uuid::Uuid;

impl Mergeable for person::Entity {
    const MERGED: EventType = crm_customers::events::PERSON_MERGED;
    const CLEARED: &'static [person::Column] = &[
        person::Column::ExternalId,
        person::Column::Addresses,
        person::Column::SocialProfiles,
    ];

    fn id_of(view: &Person) -> Uuid {
        view.id.0
    }

    async fn fold<C: ConnectionTrait>(
        c: &C,
        actor: &Actor,
        merge: &Merge,
        row: person::Model,
        survivor: &Person,
        sources: &[Person],
    ) -> Result<Person> {
        let pick = |field: &str, has: fn(&Person) -> bool| {
            merge.pick(field, survivor, sources, |p| p.id.0, has)
        };
        let mut am: person::ActiveModel = row.into();
        am.first_name = Set(pick("first_name", |p| p.first_name.is_some())
            .first_name
            .clone());
        am.last_name = Set(pick("last_name", |p| p.last_name.is_some())
            .last_name
            .clone());
        am.owner_id = Set(pick("owner_id", |p| p.owner_id.is_some())
            .owner_id
            .map(Into::into));
        let src = pick("source", |p| p.source.channel.is_some());
        am.source_channel = Set(src.source.channel.clone());
        am.source_detail = Set(src.source.detail.clone());
        am.external_id = Set(pick("external_id", |p| p.external_id.is_some())
            .external_id
            .clone());
        am.language = Set(pick("language", |p| p.language.is_some()).language.clone());
        am.time_zone = Set(pick("time_zone", |p| p.time_zone.is_some())
            .time_zone
            .clone());
        am.birthday = Set(pick("birthday", |p| p.birthday.is_some()).birthday);
        let stage = merge
            .choose
            .get("lifecycle_stage")
            .and_then(|id| sources.iter().find(|p| p.id.0 == *id))
            .map(|p| p.lifecycle_stage)
            .unwrap_or(survivor.lifecycle_stage);
        if stage != survivor.lifecycle_stage {
            write::record_stage(
                c,
                actor,
                survivor.id.0,
                Some(survivor.lifecycle_stage),
                stage,
            )
            .await?;
        }
        am.lifecycle_stage = Set(stage.as_str().to_string());
        let (mut addresses, mut profiles) =
            (survivor.addresses.clone(), survivor.social_profiles.clone());
        for s in sources {
            addresses = address::join_addresses(&addresses, &s.addresses);
            profiles = address::join_profiles(&profiles, &s.social_profiles);
        }
        am.addresses = Set(super::super::list_text(&addresses));
        am.social_profiles = Set(super::super::list_text(&profiles));
        am.updated_at = Set(time::now());
        am.version = Set(survivor.version + 1);
        let row = am
            .update(c)
            .await
            .conflict_as("another person already has this external_id")?;

        // Contact points and tags: the union, the survivor's first.
        let mut emails: Vec<EmailPoint> = survivor.emails.clone();
        let mut phones: Vec<PhonePoint> = survivor.phones.clone();
        let mut tags: Vec<String> = survivor.tags.clone();
        for s in sources {
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
            write::set_emails(c, actor, s.id.0, &[]).await?;
            write::set_phones(c, actor, s.id.0, &[]).await?;
            record::set_tags::<person::tags::Entity, _>(c, actor, s.id.0, &[]).await?;
        }
        write::set_emails(c, actor, survivor.id.0, &emails).await?;
        write::set_phones(c, actor, survivor.id.0, &phones).await?;
        record::set_tags::<person::tags::Entity, _>(c, actor, survivor.id.0, &tags).await?;

        // The consent ledgers join; company links move unless the survivor has them already.
        scoped_update::<consent::Entity>(actor)
            .col_expr(consent::Column::PersonId, Expr::val(survivor.id.0))
            .filter(consent::Column::PersonId.is_in(merge.sources.clone()))
            .exec(c)
            .await?;
        move_links(c, actor, End::Person, survivor.id.0, &merge.sources).await?;

        // Custom values: the survivor's, and for fields it lacks the first source's.
        let from: Vec<_> = sources.iter().map(|s| (s.id.0, &s.custom_fields)).collect();
        merge_values(
            c,
            actor,
            crm_customers::custom_field::PERSON,
            (survivor.id.0, &survivor.custom_fields),
            &from,
        )
        .await?;

        card::refresh_ids(c, actor.org_id.0, &merge.sources).await?;
        refreshed(c, row).await
    }
}
