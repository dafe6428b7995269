//! The opportunity rules, without a database.

use super::*;
use crate::pipeline::PipelineInput;

fn codes<T: std::fmt::Debug>(r: DomainResult<T>) -> Vec<(String, String)> {
    match r {
        Err(DomainError::Validation(errors)) => {
            errors.into_iter().map(|f| (f.field, f.code)).collect()
        }
        other => panic!("expected a validation error, got {other:?}"),
    }
}

fn pipeline() -> Pipeline {
    let p = PipelineInput {
        name: Some(Some("Sales".into())),
        stages: None,
    }
    .validate(None)
    .unwrap_or_else(|e| panic!("{e:?}"));
    Pipeline {
        id: Uuid::now_v7(),
        name: p.name,
        stages: p.stages.into_iter().map(|s| s.stage).collect(),
        created_at: Utc::now(),
        updated_at: Utc::now(),
        version: 1,
    }
}

fn eur(amount: &str) -> Option<MoneyInput> {
    Some(MoneyInput {
        amount: amount.into(),
        currency: "EUR".into(),
    })
}

fn given() -> OpportunityInput {
    OpportunityInput {
        name: Some("Acme renewal".into()),
        company_id: Some(CompanyId(Uuid::now_v7())),
        amount: eur("12000.5"),
        ..OpportunityInput::default()
    }
}

fn stored(p: &Pipeline, stage: usize, at: DateTime<Utc>) -> Opportunity {
    let s = &p.stages[stage];
    Opportunity {
        id: OpportunityId(Uuid::now_v7()),
        org_id: OrgId(Uuid::now_v7()),
        name: "Acme renewal".into(),
        person_id: None,
        company_id: Some(CompanyId(Uuid::now_v7())),
        pipeline_id: p.id,
        stage_id: s.id,
        status: s.kind,
        amount: None,
        lines: vec![],
        expected_close_date: None,
        owner_id: None,
        source: None,
        next_step: None,
        close_reason: None,
        closed_at: (s.kind != StageKind::Open).then_some(at),
        stage_entered_at: at,
        external_id: None,
        created_by: None,
        tags: vec![],
        custom_fields: serde_json::Map::new(),
        created_at: at,
        updated_at: at,
        version: 1,
    }
}

#[test]
fn an_opportunity_needs_a_name_and_somebody_to_sell_to() {
    let none = OpportunityInput::default().validate(&[]);
    assert_eq!(
        codes(none),
        [
            ("name".into(), "required".into()),
            ("person_id".into(), "required".into())
        ]
    );
    let ok = given().validate(&[]).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(
        ok.amount.map(|m| m.amount_text()).as_deref(),
        Some("12000.50")
    );
}

#[test]
fn an_amount_is_exact_not_negative_and_within_the_currency_minor_unit() {
    for (amount, currency, field, code) in [
        ("12.345", "EUR", "amount.amount", "too_precise"),
        ("12.5", "JPY", "amount.amount", "too_precise"),
        ("-1", "EUR", "amount.amount", "out_of_range"),
        ("1e3", "EUR", "amount.amount", "invalid_format"),
        ("12", "euro", "amount.currency", "invalid_format"),
    ] {
        let input = OpportunityInput {
            amount: Some(MoneyInput {
                amount: amount.into(),
                currency: currency.into(),
            }),
            ..given()
        };
        assert_eq!(
            codes(input.validate(&[])),
            [(field.to_string(), code.to_string())],
            "{amount} {currency}"
        );
    }
    let kwd = OpportunityInput {
        amount: Some(MoneyInput {
            amount: "1.125".into(),
            currency: "KWD".into(),
        }),
        ..given()
    };
    assert!(kwd.validate(&[]).is_ok());
}

#[test]
fn a_new_opportunity_goes_to_the_first_live_stage_of_its_status() {
    let mut p = pipeline();
    assert_eq!(
        place(&p, None, None).map(|s| s.name).ok().as_deref(),
        Some("Qualification")
    );
    p.stages[0].retired = true;
    assert_eq!(
        place(&p, None, None).map(|s| s.name).ok().as_deref(),
        Some("Needs analysis")
    );
    let won = place(&p, None, Some(StageKind::Won)).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(won.kind, StageKind::Won);
}

#[test]
fn a_stage_of_another_pipeline_a_retired_stage_or_a_contradicting_status_is_refused() {
    let mut p = pipeline();
    let other = pipeline();
    assert_eq!(
        codes(place(&p, Some(other.stages[0].id), None)),
        [("stage_id".into(), "not_in_pipeline".into())]
    );
    p.stages[1].retired = true;
    assert_eq!(
        codes(place(&p, Some(p.stages[1].id), None)),
        [("stage_id".into(), "retired".into())]
    );
    assert_eq!(
        codes(place(&p, Some(p.stages[2].id), Some(StageKind::Won))),
        [("status".into(), "mismatch".into())]
    );
}

#[test]
fn a_move_records_the_time_spent_in_the_stage_left_and_closes_by_the_stage_kind() {
    let p = pipeline();
    let t0 = Utc::now();
    let o = stored(&p, 0, t0);
    let later = t0 + chrono::Duration::seconds(3_600);
    let patch = OpportunityPatch {
        close_reason: Some(Some("Best price".into())),
        ..OpportunityPatch::default()
    };
    let won = o
        .apply(&patch, &p, p.stages[4].clone(), later)
        .unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(won.moved_from, Some((p.stages[0].id, 3_600)));
    assert_eq!(won.closed_at, Some(later));
    assert_eq!(won.stage_entered_at, later);
    assert_eq!(won.close_reason.as_deref(), Some("Best price"));
}

#[test]
fn reopening_drops_the_close_reason_and_an_open_opportunity_takes_none() {
    let p = pipeline();
    let t0 = Utc::now();
    let mut lost = stored(&p, 5, t0);
    lost.close_reason = Some("Too expensive".into());
    let reopened = lost
        .apply(&OpportunityPatch::default(), &p, p.stages[2].clone(), t0)
        .unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!((reopened.closed_at, reopened.close_reason), (None, None));
    let with_reason = OpportunityPatch {
        close_reason: Some(Some("why".into())),
        ..OpportunityPatch::default()
    };
    let open = stored(&p, 1, t0);
    assert_eq!(
        codes(open.apply(&with_reason, &p, p.stages[1].clone(), t0)),
        [("close_reason".into(), "not_allowed".into())]
    );
}

#[test]
fn staying_in_a_stage_keeps_its_entry_time_and_clearing_both_parties_is_refused() {
    let p = pipeline();
    let t0 = Utc::now();
    let o = stored(&p, 2, t0);
    let later = t0 + chrono::Duration::days(2);
    let same = o
        .apply(&OpportunityPatch::default(), &p, p.stages[2].clone(), later)
        .unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!((same.stage_entered_at, same.moved_from), (t0, None));
    let nobody = OpportunityPatch {
        company_id: Some(None),
        ..OpportunityPatch::default()
    };
    assert_eq!(
        codes(o.apply(&nobody, &p, p.stages[2].clone(), later)),
        [("person_id".into(), "required".into())]
    );
}

fn line(qty: &str) -> crate::order::LineInput {
    crate::order::LineInput {
        description: Some("Seat".into()),
        quantity: qty.into(),
        unit_price: Some(MoneyInput {
            amount: "10".into(),
            currency: "EUR".into(),
        }),
        ..Default::default()
    }
}

#[test]
fn lines_come_with_their_currency_and_instead_of_an_amount() {
    let with = |amount: Option<MoneyInput>, currency: Option<&str>, lines| OpportunityInput {
        name: Some("Seats".into()),
        person_id: Some(PersonId(Uuid::now_v7())),
        amount,
        currency: currency.map(Into::into),
        lines,
        ..OpportunityInput::default()
    };
    let ok = with(None, Some("EUR"), Some(vec![line("2")]))
        .validate(&[])
        .unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(
        ok.lines
            .map(|p| (p.currency.as_str().to_string(), p.lines.len())),
        Some(("EUR".into(), 1))
    );
    let eur = MoneyInput {
        amount: "5".into(),
        currency: "EUR".into(),
    };
    assert_eq!(
        codes(with(Some(eur), None, Some(vec![line("0")])).validate(&[])),
        [
            ("amount".into(), "not_allowed".into()),
            ("currency".into(), "required".into()),
            ("lines[0].quantity".into(), "out_of_range".into()),
        ]
    );
    assert_eq!(
        codes(with(None, Some("EUR"), None).validate(&[])),
        [("currency".into(), "not_allowed".into())]
    );
}
