use super::*;
use CaseStatus::*;

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s)
        .map(|d| d.with_timezone(&Utc))
        .unwrap_or_default()
}

/// Paris, 09:00–12:00 and 13:00–17:00 on weekdays, Christmas off.
fn paris() -> BusinessHours {
    let day = || {
        vec![
            ("09:00".to_string(), "12:00".to_string()),
            ("13:00".to_string(), "17:00".to_string()),
        ]
    };
    BusinessHoursInput {
        time_zone: Some("Europe/Paris".into()),
        weekly: [day(), day(), day(), day(), day(), vec![], vec![]],
        holidays: vec![NaiveDate::from_ymd_opt(2026, 12, 25).unwrap_or_default()],
    }
    .validate()
    .unwrap_or_default()
}

fn policy(first: u32, resolution: u32) -> SlaPolicy {
    SlaPolicy {
        id: Uuid::nil(),
        name: "Standard".into(),
        priority: None,
        category: None,
        first_response_minutes: first,
        resolution_minutes: resolution,
        follow_up_days: 3,
        created_at: at("2026-01-01T00:00:00Z"),
        updated_at: at("2026-01-01T00:00:00Z"),
        version: 1,
    }
}

#[test]
fn business_time_skips_nights_lunch_weekends_and_holidays_in_local_time() {
    let h = paris();
    // Thursday 24 December 16:30 in Paris (15:30 UTC): 30 minutes that day, Christmas
    // off, then Friday 09:00 local time is 08:00 UTC.
    let from = at("2026-12-24T15:30:00Z");
    assert_eq!(h.add(from, 30 * 60), Some(at("2026-12-24T16:00:00Z")));
    assert_eq!(h.add(from, 60 * 60), Some(at("2026-12-28T08:30:00Z")));
    // Three hours from Monday 11:00 local: 1 before lunch, 2 after it.
    assert_eq!(
        h.add(at("2026-12-28T10:00:00Z"), 3 * 3600),
        Some(at("2026-12-28T14:00:00Z"))
    );
    assert_eq!(
        h.between(at("2026-12-24T15:30:00Z"), at("2026-12-28T08:30:00Z")),
        3600
    );
    assert_eq!(
        h.between(at("2026-12-26T10:00:00Z"), at("2026-12-27T10:00:00Z")),
        0
    );
}

#[test]
fn business_hours_keep_local_time_across_daylight_saving() {
    let h = paris();
    // Friday 27 March 2026 16:00 CET (15:00 UTC); the clocks go forward on Sunday, so
    // Monday 09:00 is 07:00 UTC.
    assert_eq!(
        h.add(at("2026-03-27T15:00:00Z"), 2 * 3600),
        Some(at("2026-03-30T08:00:00Z"))
    );
}

#[test]
fn the_default_hours_count_every_minute() {
    let h = BusinessHours::default();
    let from = at("2026-12-25T23:50:00Z");
    assert_eq!(h.add(from, 20 * 60), Some(at("2026-12-26T00:10:00Z")));
    assert_eq!(h.between(from, at("2026-12-26T00:10:00Z")), 20 * 60);
}

#[test]
fn bad_hours_are_refused_day_by_day() {
    let input = BusinessHoursInput {
        time_zone: Some("Mars/Olympus".into()),
        weekly: [
            vec![("9:00".into(), "17:00".into())],
            vec![("17:00".into(), "09:00".into())],
            vec![
                ("09:00".into(), "13:00".into()),
                ("12:00".into(), "18:00".into()),
            ],
            vec![("08:00".into(), "24:00".into())],
            vec![],
            vec![],
            vec![],
        ],
        holidays: vec![],
    };
    let Err(crm_core::DomainError::Validation(errors)) = input.validate() else {
        panic!("bad hours were accepted");
    };
    let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(
        fields,
        [
            "time_zone",
            "weekly.monday[0].start",
            "weekly.tuesday[0].end",
            "weekly.wednesday[1].start"
        ]
    );
    let none = BusinessHoursInput::default().validate();
    assert!(none.is_err());
}

#[test]
fn the_most_specific_policy_wins_and_the_oldest_among_equals() {
    let mut any = policy(60, 480);
    any.name = "Any".into();
    let mut urgent = policy(15, 120);
    urgent.name = "Urgent".into();
    urgent.priority = Some(Priority::Urgent);
    let mut billing = policy(30, 240);
    billing.name = "Billing".into();
    billing.category = Some("billing".into());
    let mut urgent_billing = billing.clone();
    urgent_billing.name = "Urgent billing".into();
    urgent_billing.priority = Some(Priority::Urgent);
    let all = [any, urgent, billing, urgent_billing];
    let name = |p: Priority, c: Option<&str>| pick(&all, p, c).map(|p| p.name.as_str());
    assert_eq!(
        name(Priority::Urgent, Some("Billing")),
        Some("Urgent billing")
    );
    assert_eq!(name(Priority::Normal, Some("billing")), Some("Billing"));
    assert_eq!(name(Priority::Urgent, None), Some("Urgent"));
    assert_eq!(name(Priority::Low, Some("delivery")), Some("Any"));
    assert_eq!(pick(&all[1..2], Priority::Low, None), None);
}

#[test]
fn the_resolution_clock_stops_while_the_customer_is_awaited_and_its_deadline_moves_on() {
    let h = BusinessHours::default();
    let p = policy(60, 8 * 60);
    let s = Setting {
        policy: Some(&p),
        hours: &h,
        opened: at("2026-12-01T08:00:00Z"),
    };
    let c = Clock::start(&s);
    assert_eq!(c.first_response_due_at, Some(at("2026-12-01T09:00:00Z")));
    assert_eq!(c.resolution_due_at, Some(at("2026-12-01T16:00:00Z")));
    assert_eq!(c.due_at(None), Some(at("2026-12-01T09:00:00Z")));
    let answered = c.answered(at("2026-12-01T08:30:00Z"), Open);
    assert!(!answered.breached());
    let responded = Some(at("2026-12-01T08:30:00Z"));
    assert_eq!(answered.due_at(responded), Some(at("2026-12-01T16:00:00Z")));
    let waiting = answered.after(
        &s,
        Open,
        PendingCustomer,
        responded,
        at("2026-12-01T10:00:00Z"),
    );
    assert_eq!(
        (waiting.resolution_due_at, waiting.due_at(responded)),
        (None, None)
    );
    let back = waiting.after(
        &s,
        PendingCustomer,
        Open,
        responded,
        at("2026-12-01T13:00:00Z"),
    );
    assert_eq!(back.paused_seconds, 3 * 3600);
    assert_eq!(back.resolution_due_at, Some(at("2026-12-01T19:00:00Z")));
    assert_eq!(
        back.checks_since(&waiting, responded),
        [(Target::Resolution, at("2026-12-01T19:00:00Z"))]
    );
}

#[test]
fn a_deadline_passed_unmet_is_a_breach_once_and_a_check_for_a_moved_deadline_does_nothing() {
    let h = BusinessHours::default();
    let p = policy(60, 120);
    let s = Setting {
        policy: Some(&p),
        hours: &h,
        opened: at("2026-12-01T08:00:00Z"),
    };
    let c = Clock::start(&s);
    let due = at("2026-12-01T09:00:00Z");
    let breached = c.check(Target::FirstResponse, due, None, New, due);
    assert_eq!(breached, None, "not past the deadline yet");
    let late = at("2026-12-01T09:00:01Z");
    let breached = c.check(Target::FirstResponse, due, None, New, late);
    assert_eq!(
        breached.and_then(|c| c.first_response_breached_at),
        Some(due)
    );
    let again = breached.and_then(|b| b.check(Target::FirstResponse, due, None, New, late));
    assert_eq!(again, None);
    let moved = c.check(
        Target::Resolution,
        at("2026-12-01T09:30:00Z"),
        None,
        New,
        late,
    );
    assert_eq!(moved, None);
    let resolved_late = c.after(&s, Open, Resolved, Some(late), at("2026-12-01T11:00:00Z"));
    assert_eq!(
        resolved_late.resolution_breached_at,
        Some(at("2026-12-01T10:00:00Z"))
    );
    assert!(resolved_late.breached());
    assert_eq!(resolved_late.due_at(Some(late)), None);
}

#[test]
fn a_policy_needs_a_name_and_both_targets_in_range() {
    let bad = SlaPolicyInput {
        name: Some(Some(" ".into())),
        first_response_minutes: Some(Some(0)),
        resolution_minutes: None,
        follow_up_days: Some(Some(91)),
        ..SlaPolicyInput::default()
    };
    let Err(crm_core::DomainError::Validation(errors)) = bad.validate(None) else {
        panic!("a bad policy was accepted");
    };
    let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(
        fields,
        [
            "name",
            "resolution_minutes",
            "first_response_minutes",
            "follow_up_days"
        ]
    );
    let stored = policy(60, 480);
    let patched = SlaPolicyInput {
        resolution_minutes: Some(Some(240)),
        ..SlaPolicyInput::default()
    }
    .validate(Some(&stored))
    .ok();
    assert_eq!(
        patched.map(|p| (
            p.first_response_minutes,
            p.resolution_minutes,
            p.follow_up_days
        )),
        Some((60, 240, 3))
    );
}
