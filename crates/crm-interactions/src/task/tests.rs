//! The rules of a task: what it needs, how it recurs, how its status moves.

use super::*;
use chrono::TimeZone;

fn fields(r: DomainResult<impl std::fmt::Debug>) -> Vec<String> {
    match r {
        Err(crm_core::DomainError::Validation(e)) => e.into_iter().map(|e| e.field).collect(),
        other => vec![format!("{other:?}")],
    }
}

fn at(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap()
}

fn stored(recurrence: Option<Recurrence>) -> Task {
    Task {
        id: TaskId::new(),
        org_id: OrgId(Uuid::nil()),
        title: "Call back".into(),
        description: None,
        due_at: Some(at(2026, 3, 27, 8)),
        time_zone: "Europe/Paris".into(),
        assignee_id: None,
        priority: Priority::Normal,
        status: TaskStatus::Open,
        completed_at: None,
        recurrence,
        person_ids: Vec::new(),
        company_ids: Vec::new(),
        interaction_id: None,
        created_by: None,
        tags: Vec::new(),
        custom_fields: Default::default(),
        created_at: at(2026, 3, 1, 8),
        updated_at: at(2026, 3, 1, 8),
        version: 1,
    }
}

#[test]
fn a_daily_task_keeps_its_local_time_across_the_spring_clock_change() {
    let r = Recurrence {
        frequency: Frequency::Daily,
        interval: 1,
        until: None,
    };
    // 09:00 in Paris is 08:00 UTC before 29 March 2026 and 07:00 UTC after.
    let paris = tz("Europe/Paris");
    assert_eq!(r.next(at(2026, 3, 28, 8), paris), Some(at(2026, 3, 29, 7)));
    assert_eq!(
        r.next(at(2026, 3, 28, 8), Tz::UTC),
        Some(at(2026, 3, 29, 8))
    );
}

#[test]
fn a_monthly_task_from_the_31st_falls_on_the_last_day_and_stops_after_until() {
    let r = Recurrence {
        frequency: Frequency::Monthly,
        interval: 1,
        until: NaiveDate::from_ymd_opt(2026, 3, 31),
    };
    assert_eq!(
        r.next(at(2026, 1, 31, 9), Tz::UTC),
        Some(at(2026, 2, 28, 9))
    );
    assert_eq!(r.next(at(2026, 3, 31, 9), Tz::UTC), None);
    let weekly = Recurrence {
        frequency: Frequency::Weekly,
        interval: 2,
        until: None,
    };
    assert_eq!(
        weekly.next(at(2026, 1, 1, 9), Tz::UTC),
        Some(at(2026, 1, 15, 9))
    );
}

#[test]
fn a_task_needs_a_title_a_real_zone_a_sane_interval_and_a_due_time_to_recur_from() {
    let r = TaskInput {
        due_at: Some(at(2026, 12, 7, 9)),
        time_zone: Some("Mars/Olympus".into()),
        recurrence: Some(RecurrenceInput {
            frequency: Some(Frequency::Daily),
            interval: Some(0),
            until: None,
        }),
        ..Default::default()
    }
    .validate(&[]);
    assert_eq!(fields(r), ["title", "recurrence.interval", "time_zone"]);
    let ok = TaskInput {
        title: Some("Send the quote".into()),
        due_at: Some(at(2026, 12, 7, 9)),
        recurrence: Some(RecurrenceInput {
            frequency: Some(Frequency::Weekly),
            interval: None,
            until: None,
        }),
        ..Default::default()
    }
    .validate(&[])
    .unwrap();
    assert_eq!(
        (ok.priority, ok.time_zone.as_str()),
        (Priority::Normal, "UTC")
    );
    assert_eq!(ok.recurrence.map(|r| r.interval), Some(1));
    let r = TaskInput {
        title: Some("x".into()),
        recurrence: Some(RecurrenceInput {
            frequency: Some(Frequency::Daily),
            ..Default::default()
        }),
        ..Default::default()
    }
    .validate(&[]);
    assert_eq!(fields(r), ["due_at"]);
}

#[test]
fn done_records_when_and_reopening_clears_it() {
    let s = stored(None);
    let now = at(2026, 3, 27, 10);
    let done = TaskPatch {
        status: Some(TaskStatus::Done),
        ..Default::default()
    };
    let after = s.apply(&done, now).unwrap();
    assert_eq!(
        (after.status, after.completed_at, after.next_due),
        (TaskStatus::Done, Some(now), None)
    );
    let mut d = s.clone();
    d.status = TaskStatus::Done;
    d.completed_at = Some(now);
    let reopen = TaskPatch {
        status: Some(TaskStatus::Open),
        ..Default::default()
    };
    assert_eq!(d.apply(&reopen, now).unwrap().completed_at, None);
}

#[test]
fn finishing_a_recurring_task_asks_for_the_next_one_and_clearing_its_due_time_is_refused() {
    let s = stored(Some(Recurrence {
        frequency: Frequency::Daily,
        interval: 1,
        until: None,
    }));
    let done = TaskPatch {
        status: Some(TaskStatus::Done),
        ..Default::default()
    };
    assert_eq!(
        s.apply(&done, at(2026, 3, 27, 9)).unwrap().next_due,
        Some(at(2026, 3, 28, 8))
    );
    let undated = TaskPatch {
        due_at: Some(None),
        ..Default::default()
    };
    assert_eq!(fields(s.apply(&undated, at(2026, 3, 27, 9))), ["due_at"]);
}

#[test]
fn a_user_limited_to_their_own_work_sees_theirs_what_they_created_and_the_unassigned() {
    let (me, you) = (UserId::new(), UserId::new());
    assert!(in_reach(Some(me), Some(you), me));
    assert!(in_reach(Some(you), Some(me), me));
    assert!(in_reach(None, Some(you), me));
    assert!(!in_reach(Some(you), Some(you), me));
    assert!(!in_reach(Some(you), None, me));
}

#[test]
fn a_patch_cannot_null_the_title_status_or_priority() {
    let p = TaskPatchInput {
        title: Some(None),
        status: Some(None),
        priority: Some(None),
        ..Default::default()
    };
    assert_eq!(fields(p.validate(&[])), ["title", "priority", "status"]);
}
