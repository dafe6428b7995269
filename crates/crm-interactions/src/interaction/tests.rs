//! The rules of an interaction as given and as patched.

use super::*;
use chrono::TimeZone;

fn fields(r: DomainResult<impl std::fmt::Debug>) -> Vec<String> {
    match r {
        Err(crm_core::DomainError::Validation(e)) => e.into_iter().map(|e| e.field).collect(),
        other => vec![format!("{other:?}")],
    }
}

fn call() -> InteractionInput {
    InteractionInput {
        channel: Some(Channel::Call),
        occurred_at: Some(Utc.with_ymd_and_hms(2026, 12, 1, 9, 30, 0).unwrap()),
        person_ids: vec![PersonId::new()],
        ..Default::default()
    }
}

fn stored() -> Interaction {
    let new = call().validate(&[]).unwrap();
    Interaction {
        id: InteractionId::new(),
        org_id: OrgId(Uuid::nil()),
        channel: new.channel,
        direction: Some(Direction::Outbound),
        occurred_at: new.occurred_at,
        duration_seconds: None,
        subject: Some("Renewal".into()),
        body: None,
        outcome: None,
        social: None,
        person_ids: new.links.people,
        company_ids: Vec::new(),
        user_ids: Vec::new(),
        logged_by: None,
        external_id: None,
        tags: Vec::new(),
        custom_fields: Default::default(),
        created_at: new.occurred_at,
        updated_at: new.occurred_at,
        version: 1,
    }
}

#[test]
fn every_channel_round_trips_through_its_name() {
    for c in Channel::ALL {
        assert_eq!(Channel::parse(c.as_str()), Some(c));
        assert_eq!(serde_json::to_value(c).unwrap(), c.as_str());
    }
    assert_eq!(Channel::parse("fax"), None);
}

#[test]
fn a_call_with_a_person_and_a_time_is_valid() {
    let new = call().validate(&[]).unwrap();
    assert_eq!(new.channel, Channel::Call);
    assert_eq!(new.links.people.len(), 1);
}

#[test]
fn a_bare_interaction_names_every_missing_field_at_once() {
    let r = InteractionInput::default().validate(&[]);
    assert_eq!(fields(r), ["channel", "occurred_at", "person_ids"]);
}

#[test]
fn repeated_links_are_kept_once_and_too_many_are_refused() {
    let p = PersonId::new();
    let mut i = call();
    i.person_ids = vec![p, p, p];
    assert_eq!(i.validate(&[]).unwrap().links.people, [p]);
    let mut i = call();
    i.company_ids = (0..=MAX_LINKS).map(|_| CompanyId::new()).collect();
    assert_eq!(fields(i.validate(&[])), ["company_ids"]);
}

#[test]
fn durations_are_between_zero_and_thirty_one_days() {
    for (d, ok) in [
        (0, true),
        (3600, true),
        (-1, false),
        (31 * 86400 + 1, false),
        (i64::MAX, false),
    ] {
        let mut i = call();
        i.duration_seconds = Some(d);
        assert_eq!(i.validate(&[]).is_ok(), ok, "{d}");
    }
}

#[test]
fn a_social_interaction_needs_its_network_and_visibility_and_only_it_may_have_them() {
    let mut i = call();
    i.channel = Some(Channel::Social);
    assert_eq!(fields(i.clone().validate(&[])), ["social"]);
    i.social = Some(SocialInput {
        url: Some("ftp://x".into()),
        ..Default::default()
    });
    assert_eq!(
        fields(i.clone().validate(&[])),
        ["social.network", "social.visibility", "social.url"]
    );
    i.social = Some(SocialInput {
        network: Some("mastodon".into()),
        url: Some("https://social.example/@shop/1".into()),
        visibility: Some(Visibility::Public),
    });
    assert!(i.clone().validate(&[]).is_ok());
    i.channel = Some(Channel::Call);
    assert_eq!(fields(i.validate(&[])), ["social"]);
}

#[test]
fn a_follow_up_is_checked_with_the_interaction_and_takes_its_links() {
    let mut i = call();
    i.follow_up = Some(crate::task::TaskInput {
        time_zone: Some("Nowhere/Land".into()),
        ..Default::default()
    });
    assert_eq!(
        fields(i.clone().validate(&[])),
        ["follow_up.title", "follow_up.time_zone"]
    );
    i.follow_up = Some(crate::task::TaskInput {
        title: Some("Send the quote".into()),
        ..Default::default()
    });
    let new = i.validate(&[]).unwrap();
    let task = new.follow_up.unwrap();
    assert_eq!(task.person_ids, new.links.people);
}

#[test]
fn a_note_has_no_direction() {
    let mut i = call();
    i.channel = Some(Channel::Note);
    i.direction = Some(Direction::Inbound);
    assert_eq!(fields(i.validate(&[])), ["direction"]);
}

#[test]
fn texts_longer_than_their_limit_are_refused() {
    let mut i = call();
    i.subject = Some("s".repeat(MAX_SUBJECT + 1));
    i.outcome = Some("o".repeat(MAX_OUTCOME + 1));
    assert_eq!(fields(i.validate(&[])), ["subject", "outcome"]);
}

#[test]
fn a_patch_cannot_clear_the_channel_or_the_time() {
    let p = InteractionPatchInput {
        channel: Some(None),
        occurred_at: Some(None),
        ..Default::default()
    };
    assert_eq!(fields(p.validate(&[])), ["channel", "occurred_at"]);
}

#[test]
fn a_patch_that_removes_every_link_is_refused() {
    let s = stored();
    let p = InteractionPatchInput {
        person_ids: Some(None),
        ..Default::default()
    }
    .validate(&[])
    .unwrap();
    assert_eq!(fields(s.apply(&p)), ["person_ids"]);
    let p = InteractionPatch {
        person_ids: Some(Vec::new()),
        company_ids: Some(vec![CompanyId::new()]),
        ..Default::default()
    };
    assert!(s.apply(&p).is_ok());
}

#[test]
fn a_patch_to_the_note_channel_drops_the_stored_direction_but_refuses_a_given_one() {
    let s = stored();
    let p = InteractionPatch {
        channel: Some(Channel::Note),
        ..Default::default()
    };
    assert_eq!(s.apply(&p).unwrap().direction, None);
    let p = InteractionPatch {
        channel: Some(Channel::Note),
        direction: Some(Some(Direction::Inbound)),
        ..Default::default()
    };
    assert_eq!(fields(s.apply(&p)), ["direction"]);
}

#[test]
fn a_patch_to_the_social_channel_asks_for_its_details_and_away_from_it_drops_them() {
    let s = stored();
    let p = InteractionPatch {
        channel: Some(Channel::Social),
        ..Default::default()
    };
    assert_eq!(fields(s.apply(&p)), ["social"]);
    let p = InteractionPatch {
        channel: Some(Channel::Social),
        social: Some(Some(SocialInput {
            network: Some("linkedin".into()),
            url: None,
            visibility: Some(Visibility::Private),
        })),
        ..Default::default()
    };
    let social = s.apply(&p).unwrap().social.unwrap();
    assert_eq!(social.visibility, Visibility::Private);
    let mut on_social = s.clone();
    on_social.channel = Channel::Social;
    on_social.social = Some(social);
    let p = InteractionPatch {
        channel: Some(Channel::Email),
        ..Default::default()
    };
    assert_eq!(on_social.apply(&p).unwrap().social, None);
}

#[test]
fn a_patch_keeps_what_it_does_not_name_and_clears_what_it_nulls() {
    let s = stored();
    let p = InteractionPatch {
        subject: Some(None),
        outcome: Some(Some("Agreed".into())),
        ..Default::default()
    };
    let after = s.apply(&p).unwrap();
    assert_eq!(after.subject, None);
    assert_eq!(after.outcome.as_deref(), Some("Agreed"));
    assert_eq!(after.direction, Some(Direction::Outbound));
    assert_eq!(after.occurred_at, s.occurred_at);
}
