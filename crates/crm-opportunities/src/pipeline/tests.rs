//! The pipeline rules, without a database.

use super::*;
use crm_core::DomainError;

fn codes(r: DomainResult<NewPipeline>) -> Vec<(String, String)> {
    match r {
        Err(DomainError::Validation(errors)) => {
            errors.into_iter().map(|f| (f.field, f.code)).collect()
        }
        other => panic!("expected a validation error, got {other:?}"),
    }
}

fn stage(name: &str, probability: i64, kind: StageKind) -> StageInput {
    StageInput {
        id: None,
        name: name.into(),
        probability,
        kind,
        retired: false,
    }
}

fn named(name: &str) -> PipelineInput {
    PipelineInput {
        name: Some(Some(name.into())),
        stages: None,
    }
}

fn stored() -> Pipeline {
    let p = named("Sales")
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

fn as_given(p: &Pipeline) -> Vec<StageInput> {
    p.stages
        .iter()
        .map(|s| StageInput {
            id: Some(s.id),
            name: s.name.clone(),
            probability: i64::from(s.probability),
            kind: s.kind,
            retired: s.retired,
        })
        .collect()
}

#[test]
fn a_pipeline_created_without_stages_gets_the_six_default_ones_in_order() {
    let p = named("Sales")
        .validate(None)
        .unwrap_or_else(|e| panic!("{e:?}"));
    let names: Vec<&str> = p.stages.iter().map(|s| s.stage.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Qualification",
            "Needs analysis",
            "Proposal",
            "Negotiation",
            "Won",
            "Lost"
        ]
    );
    assert!(p.stages.iter().all(|s| s.new));
}

#[test]
fn every_field_error_of_the_stages_is_named_at_once() {
    let input = PipelineInput {
        name: Some(Some("  ".into())),
        stages: Some(vec![
            stage("Talk", 101, StageKind::Open),
            stage("talk", 20, StageKind::Open),
            stage("Won", 90, StageKind::Won),
            stage("Lost", 5, StageKind::Lost),
            StageInput {
                id: Some(Uuid::now_v7()),
                ..stage("Elsewhere", 10, StageKind::Open)
            },
        ]),
    };
    let got = codes(input.validate(None));
    for want in [
        ("stages[0].probability", "out_of_range"),
        ("stages[1].name", "duplicate"),
        ("stages[2].probability", "invalid_value"),
        ("stages[3].probability", "invalid_value"),
        ("stages[4].id", "invalid_reference"),
    ] {
        assert!(
            got.contains(&(want.0.to_string(), want.1.to_string())),
            "{want:?} not in {got:?}"
        );
    }
}

#[test]
fn a_pipeline_needs_a_live_open_won_and_lost_stage() {
    let input = PipelineInput {
        name: Some(Some("Renewals".into())),
        stages: Some(vec![stage("Talk", 10, StageKind::Open)]),
    };
    let got = codes(input.validate(None));
    assert_eq!(
        got.iter()
            .filter(|(f, c)| f == "stages" && c == "required")
            .count(),
        2
    );
    let empty = PipelineInput {
        name: Some(Some("Renewals".into())),
        stages: Some(vec![]),
    };
    assert_eq!(
        codes(empty.validate(None)),
        [("stages".into(), "required".into())]
    );
}

#[test]
fn reordering_keeps_each_stages_id_and_a_new_one_is_added() {
    let p = stored();
    let mut given = as_given(&p);
    given.reverse();
    given.insert(0, stage("Discovery", 5, StageKind::Open));
    let input = PipelineInput {
        name: None,
        stages: Some(given),
    };
    let out = input.validate(Some(&p)).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(out.name, "Sales");
    assert!(out.stages[0].new);
    assert_eq!(out.stages[1].stage.id, p.stages[5].id);
    assert_eq!(out.stages[6].stage.id, p.stages[0].id);
    assert!(out.stages[1..].iter().all(|s| !s.new));
}

#[test]
fn a_stored_stage_is_retired_not_left_out() {
    let p = stored();
    let mut given = as_given(&p);
    given.remove(1);
    let input = PipelineInput {
        name: None,
        stages: Some(given),
    };
    assert_eq!(
        codes(input.validate(Some(&p))),
        [("stages".into(), "incomplete".into())]
    );
    let mut retiring = as_given(&p);
    retiring[1].retired = true;
    // A retired stage's name may be used again by a live one.
    retiring.push(stage(&p.stages[1].name, 30, StageKind::Open));
    let input = PipelineInput {
        name: None,
        stages: Some(retiring),
    };
    let out = input.validate(Some(&p)).unwrap_or_else(|e| panic!("{e:?}"));
    assert!(out.stages[1].stage.retired);
    assert_eq!(out.stages.len(), 7);
}

#[test]
fn a_new_stage_cannot_start_retired_nor_be_listed_twice() {
    let p = stored();
    let mut given = as_given(&p);
    given.push(given[0].clone());
    given.push(StageInput {
        retired: true,
        ..stage("Old", 10, StageKind::Open)
    });
    let input = PipelineInput {
        name: None,
        stages: Some(given),
    };
    let got = codes(input.validate(Some(&p)));
    assert!(got.contains(&("stages[6].id".into(), "duplicate".into())));
    assert!(got.contains(&("stages[7].retired".into(), "invalid_value".into())));
}

#[test]
fn a_patch_without_stages_keeps_them_and_a_null_name_is_refused() {
    let p = stored();
    let out = named("Enterprise")
        .validate(Some(&p))
        .unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(out.name, "Enterprise");
    assert!(out.stages.iter().all(|s| !s.new));
    let nulled = PipelineInput {
        name: Some(None),
        stages: None,
    };
    assert_eq!(
        codes(nulled.validate(Some(&p))),
        [("name".into(), "not_nullable".into())]
    );
}
