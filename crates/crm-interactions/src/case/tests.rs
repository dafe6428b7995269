use super::*;
use CaseStatus::*;

fn case(status: CaseStatus) -> Case {
    let at = chrono::DateTime::UNIX_EPOCH;
    Case {
        id: CaseId(Uuid::nil()),
        org_id: OrgId(Uuid::nil()),
        number: 7,
        subject: "Invoice is wrong".into(),
        description: None,
        status,
        priority: Priority::Normal,
        category: Some("billing".into()),
        team: None,
        assignee_id: None,
        channel: Channel::Email,
        interaction_id: None,
        person_ids: Vec::new(),
        company_ids: Vec::new(),
        resolution: None,
        first_response_at: None,
        resolved_at: None,
        closed_at: None,
        sla: crate::sla::Clock::default(),
        follow_up: FollowUp::default(),
        created_by: None,
        tags: Vec::new(),
        custom_fields: serde_json::Map::new(),
        created_at: at,
        updated_at: at,
        version: 1,
    }
}

fn to(status: CaseStatus) -> CasePatch {
    CasePatch {
        status: Some(status),
        ..CasePatch::default()
    }
}

#[test]
fn a_case_is_worked_to_resolution_then_closed_or_reopened() {
    assert!(New.can_move_to(Open));
    assert!(Open.can_move_to(PendingCustomer));
    assert!(PendingCustomer.can_move_to(Open));
    assert!(PendingCustomer.can_move_to(Resolved));
    assert!(Resolved.can_move_to(Closed));
    assert!(Resolved.can_move_to(Reopened));
    assert!(Closed.can_move_to(Reopened));
    assert!(Reopened.can_move_to(Resolved));
}

#[test]
fn a_closed_case_cannot_go_straight_back_to_open_and_nothing_returns_to_new() {
    assert!(!Closed.can_move_to(Open));
    assert!(!Closed.can_move_to(Resolved));
    assert!(!Open.can_move_to(Closed));
    assert!(!New.can_move_to(Reopened));
    for s in CaseStatus::ALL.iter().filter(|s| **s != New) {
        assert!(!s.can_move_to(New), "{s:?}");
    }
    let refused = case(Closed).apply(&to(Open), chrono::Utc::now());
    assert!(
        matches!(refused, Err(DomainError::Conflict { ref what }) if what == "a closed case cannot move to open")
    );
}

#[test]
fn resolving_records_when_and_reopening_forgets_it() {
    let now = chrono::Utc::now();
    let resolved = case(Open).apply(&to(Resolved), now).ok();
    assert_eq!(resolved.as_ref().and_then(|p| p.resolved_at), Some(now));
    let history = resolved.map(|p| p.changes).unwrap_or_default();
    assert_eq!(
        history,
        vec![Change {
            kind: HistoryKind::Status,
            from: Some("open".into()),
            to: Some("resolved".into()),
        }]
    );
    let mut done = case(Resolved);
    done.resolved_at = Some(now);
    let closed = done.apply(&to(Closed), now).ok();
    assert_eq!(closed.as_ref().and_then(|p| p.resolved_at), Some(now));
    assert_eq!(closed.and_then(|p| p.closed_at), Some(now));
    let reopened = done.apply(&to(Reopened), now).ok();
    assert_eq!(reopened.and_then(|p| p.resolved_at), None);
}

#[test]
fn every_assignment_priority_team_and_category_change_is_noted_and_nothing_else() {
    let user = UserId(Uuid::now_v7());
    let p = CasePatch {
        assignee_id: Some(Some(user)),
        priority: Some(Priority::Urgent),
        category: Some(None),
        team: Some(Some("tier 2".into())),
        subject: Some("Still wrong".into()),
        ..CasePatch::default()
    };
    let kinds: Vec<_> = case(Open)
        .apply(&p, chrono::Utc::now())
        .map(|p| p.changes.into_iter().map(|c| c.kind).collect())
        .unwrap_or_default();
    assert_eq!(
        kinds,
        vec![
            HistoryKind::Assignee,
            HistoryKind::Team,
            HistoryKind::Priority,
            HistoryKind::Category
        ]
    );
}

#[test]
fn a_case_needs_a_subject_and_bounded_names() {
    let input = CaseInput {
        subject: Some("  ".into()),
        category: Some("x".repeat(101)),
        ..CaseInput::default()
    };
    let Err(DomainError::Validation(errors)) = input.validate(&[]) else {
        panic!("a blank subject was accepted");
    };
    let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["subject", "category"]);
}

#[test]
fn a_comment_needs_a_body_and_is_internal_unless_said() {
    assert!(NewComment::validate(Some(" ".into()), None).is_err());
    let c = NewComment::validate(Some("Called the customer".into()), None).ok();
    assert_eq!(c.map(|c| c.visibility), Some(CommentVisibility::Internal));
}

#[test]
fn a_case_reference_is_found_in_a_reply_subject() {
    assert_eq!(reference(123), "CASE-000123");
    assert_eq!(reference_in("Re: [CASE-000123] Broken invoice"), Some(123));
    assert_eq!(reference_in("re: case-42 follow up"), Some(42));
    assert_eq!(reference_in("SHOWCASE-12 launch"), None);
    assert_eq!(reference_in("CASE-12abc"), None);
    assert_eq!(reference_in("CASE-000000"), None);
    assert_eq!(reference_in("no token here"), None);
}

#[test]
fn the_customers_answer_closes_a_solved_case_and_reopens_an_unsolved_one() {
    let solved = Answer::validate(Some(true), Some(5), None).ok();
    let unsolved = Answer::validate(Some(false), None, Some("still broken".into())).ok();
    let (Some(solved), Some(unsolved)) = (solved, unsolved) else {
        panic!("good answers were refused");
    };
    assert_eq!(case(Resolved).answered(&solved).ok(), Some(Closed));
    assert_eq!(case(Closed).answered(&solved).ok(), Some(Closed));
    assert_eq!(case(Resolved).answered(&unsolved).ok(), Some(Reopened));
    assert!(case(Open).answered(&solved).is_err());
    let Err(DomainError::Validation(errors)) = Answer::validate(None, Some(6), None) else {
        panic!("a bad answer was accepted");
    };
    let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["solved", "rating"]);
}
