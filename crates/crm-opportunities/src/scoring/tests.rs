//! The rules' checks, the decay arithmetic and threshold crossings.

#![allow(clippy::unwrap_used)]

use super::*;
use chrono::{Duration, TimeZone};
use crm_core::DomainError;
use crm_core::filter::FieldType;
use serde_json::json;

fn people() -> FieldCatalogue {
    FieldCatalogue::new()
        .field("lifecycle_stage", FieldType::Text, false)
        .field("spend.total", FieldType::Decimal, true)
}

fn fields_of(r: DomainResult<NewScoringRule>) -> Vec<String> {
    match r {
        Err(DomainError::Validation(v)) => v.into_iter().map(|f| f.field).collect(),
        other => panic!("expected a validation error, got {other:?}"),
    }
}

fn condition_rule() -> ScoringRuleInput {
    ScoringRuleInput {
        name: Some(Some("Customers".into())),
        condition: Some(Some(
            json!({"field": "lifecycle_stage", "op": "eq", "value": "customer"}),
        )),
        points: Some(Some(20)),
        ..Default::default()
    }
}

fn stored(r: NewScoringRule) -> ScoringRule {
    let at = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
    ScoringRule {
        id: Uuid::nil(),
        name: r.name,
        trigger: r.trigger,
        points: r.points,
        half_life_days: r.half_life_days,
        active: r.active,
        created_at: at,
        updated_at: at,
        version: 1,
    }
}

#[test]
fn a_condition_rule_is_stored_with_its_tree_normalised_and_active() {
    let r = condition_rule().validate(None, &people()).unwrap();
    assert_eq!(r.points, 20);
    assert!(r.active);
    assert_eq!(
        r.trigger,
        Trigger::Condition(json!({"field": "lifecycle_stage", "op": "eq", "value": "customer"}))
    );
}

#[test]
fn a_condition_naming_an_unknown_field_is_refused_at_that_node() {
    let mut input = condition_rule();
    input.condition = Some(Some(
        json!({"all": [{"field": "shoe_size", "op": "eq", "value": 9}]}),
    ));
    let fields = fields_of(input.validate(None, &people()));
    assert_eq!(fields.len(), 1);
    assert!(fields[0].starts_with("condition"), "{fields:?}");
}

#[test]
fn a_rule_with_both_a_condition_and_an_event_or_neither_is_refused() {
    let mut both = condition_rule();
    both.event = Some(Some(EventInput {
        kind: EventKind::Order,
        channel: None,
        url_contains: None,
    }));
    assert_eq!(fields_of(both.validate(None, &people())), ["condition"]);
    let mut neither = condition_rule();
    neither.condition = None;
    assert_eq!(fields_of(neither.validate(None, &people())), ["condition"]);
}

#[test]
fn points_must_be_non_zero_and_within_a_thousand_either_way() {
    for p in [0, 1001, -1001] {
        let mut input = condition_rule();
        input.points = Some(Some(p));
        assert_eq!(
            fields_of(input.validate(None, &people())),
            ["points"],
            "{p}"
        );
    }
    let mut input = condition_rule();
    input.points = Some(Some(-1000));
    assert_eq!(input.validate(None, &people()).unwrap().points, -1000);
}

#[test]
fn only_event_rules_decay_and_only_their_own_kind_takes_a_channel_or_url() {
    let mut decaying_condition = condition_rule();
    decaying_condition.half_life_days = Some(Some(30));
    assert_eq!(
        fields_of(decaying_condition.validate(None, &people())),
        ["half_life_days"]
    );
    let event = |kind, channel: Option<&str>, url: Option<&str>| ScoringRuleInput {
        name: Some(Some("Touches".into())),
        event: Some(Some(EventInput {
            kind,
            channel: channel.map(Into::into),
            url_contains: url.map(Into::into),
        })),
        points: Some(Some(5)),
        half_life_days: Some(Some(30)),
        ..Default::default()
    };
    let ok = event(EventKind::Interaction, Some("email"), None)
        .validate(None, &people())
        .unwrap();
    assert_eq!(ok.half_life_days, Some(30));
    assert_eq!(
        fields_of(event(EventKind::Order, Some("email"), None).validate(None, &people())),
        ["event.channel"]
    );
    assert_eq!(
        fields_of(event(EventKind::Interaction, None, Some("/pricing")).validate(None, &people())),
        ["event.url_contains"]
    );
    let mut long = event(EventKind::PageVisit, None, None);
    long.half_life_days = Some(Some(MAX_HALF_LIFE_DAYS + 1));
    assert_eq!(
        fields_of(long.validate(None, &people())),
        ["half_life_days"]
    );
}

#[test]
fn a_patch_keeps_the_stored_trigger_and_can_swap_it_for_an_event() {
    let rule = stored(condition_rule().validate(None, &people()).unwrap());
    let renamed = ScoringRuleInput {
        name: Some(Some("Paying customers".into())),
        ..Default::default()
    }
    .validate(Some(&rule), &people())
    .unwrap();
    assert_eq!(renamed.trigger, rule.trigger);
    assert_eq!(renamed.points, 20);
    let swapped = ScoringRuleInput {
        condition: Some(None),
        event: Some(Some(EventInput {
            kind: EventKind::Order,
            channel: None,
            url_contains: None,
        })),
        ..Default::default()
    }
    .validate(Some(&rule), &people())
    .unwrap();
    assert!(matches!(swapped.trigger, Trigger::Event(_)));
    let cleared = ScoringRuleInput {
        condition: Some(None),
        ..Default::default()
    };
    assert_eq!(
        fields_of(cleared.validate(Some(&rule), &people())),
        ["condition"]
    );
}

#[test]
fn an_event_weighs_half_after_one_half_life_and_fully_without_one() {
    assert_eq!(weight(30.0, Some(30)), 0.5);
    assert_eq!(weight(60.0, Some(30)), 0.25);
    assert_eq!(weight(400.0, None), 1.0);
    assert_eq!(
        weight(-2.0, Some(30)),
        1.0,
        "a future event is not worth more"
    );
}

#[test]
fn event_points_sum_the_weighed_events_then_round_half_away_from_zero() {
    let now = Utc.with_ymd_and_hms(2026, 6, 1, 0, 0, 0).unwrap();
    let days_ago = |d: i64| now - Duration::days(d);
    assert_eq!(
        event_points(10, None, now, [days_ago(1), days_ago(500)]),
        20
    );
    // 10 + 5 + 2.5 = 17.5 → 18; taken away, -18.
    let times = [days_ago(0), days_ago(7), days_ago(14)];
    assert_eq!(event_points(10, Some(7), now, times), 18);
    assert_eq!(event_points(-10, Some(7), now, times), -18);
    assert_eq!(event_points(10, Some(7), now, []), 0);
}

#[test]
fn thresholds_are_kept_ascending_and_each_given_once() {
    assert_eq!(Thresholds::check(vec![100, 50]).unwrap().0, vec![50, 100]);
    let dup = Thresholds::check(vec![50, 50]);
    assert!(matches!(dup, Err(DomainError::Validation(v)) if v[0].field == "thresholds[1]"));
    assert!(Thresholds::check(vec![MAX_THRESHOLD + 1]).is_err());
    assert!(Thresholds::check((0..=MAX_THRESHOLDS as i64).collect()).is_err());
}

#[test]
fn a_move_crosses_the_thresholds_one_end_reaches_and_the_other_is_below() {
    let t = Thresholds(vec![50, 100]);
    assert_eq!(t.crossed(40, 60), vec![50]);
    assert_eq!(t.crossed(40, 100), vec![50, 100]);
    assert_eq!(t.crossed(100, 99), vec![100]);
    assert_eq!(t.crossed(50, 99), Vec::<i64>::new());
    assert_eq!(t.crossed(0, 0), Vec::<i64>::new());
}

#[test]
fn a_page_visit_needs_a_web_url_and_cannot_be_in_the_future() {
    let now = Utc.with_ymd_and_hms(2026, 6, 1, 12, 0, 0).unwrap();
    let ok = NewPageVisit::check(
        Uuid::nil(),
        "https://shop.example/pricing".into(),
        None,
        None,
        now,
    )
    .unwrap();
    assert_eq!(ok.occurred_at, now);
    assert!(NewPageVisit::check(Uuid::nil(), "ftp://x".into(), None, None, now).is_err());
    let later = Some(now + Duration::hours(1));
    assert!(
        NewPageVisit::check(Uuid::nil(), "https://a.example".into(), None, later, now).is_err()
    );
}
