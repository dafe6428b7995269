//! Tests of the filter parser: examples for each rule and properties over random trees.

use super::*;
use proptest::prelude::*;

fn catalogue() -> FieldCatalogue {
    FieldCatalogue::new()
        .field("email", FieldType::Text, false)
        .field("owner_id", FieldType::Uuid, true)
        .field("score", FieldType::Integer, false)
        .field("total_spent", FieldType::Decimal, false)
        .field("created_at", FieldType::Timestamp, false)
        .field("birthday", FieldType::Date, true)
        .field("active", FieldType::Boolean, false)
        .field(
            "stage",
            FieldType::Enum(vec!["lead".into(), "customer".into()]),
            false,
        )
        .field("tags", FieldType::TextSet, false)
}

fn parse(v: Value) -> Result<Filter, Vec<FieldError>> {
    Filter::parse(&v, &catalogue(), "filter")
}

#[test]
fn the_conventions_example_parses() {
    let f = parse(
        json!({"all": [{"field": "stage", "op": "eq", "value": "customer"},
        {"any": [{"field": "tags", "op": "contains", "value": "vip"},
                 {"field": "total_spent", "op": "gte", "value": "1000"}]}]}),
    );
    assert!(matches!(f, Ok(Filter::All(ref v)) if v.len() == 2), "{f:?}");
}

#[test]
fn a_tree_mentions_a_field_at_any_depth() {
    let f = parse(
        json!({"all": [{"field": "stage", "op": "eq", "value": "customer"},
        {"not": {"any": [{"field": "score", "op": "gt", "value": 3}]}}]}),
    )
    .expect("a valid tree");
    assert!(f.mentions(&|name: &str| name == "score"));
    assert!(f.mentions(&|name: &str| name == "stage"));
    assert!(!f.mentions(&|name: &str| name.starts_with("custom_fields.")));
}

#[test]
fn errors_name_the_path_of_the_bad_node() {
    let e = parse(
        json!({"all": [{"field": "stage", "op": "eq", "value": "customer"},
        {"any": [{"field": "nope", "op": "eq", "value": 1}]}]}),
    )
    .err()
    .unwrap_or_default();
    assert_eq!(e[0].field, "filter.all[1].any[0].field");
    assert_eq!(e[0].code, "unknown_field");
}

#[test]
fn every_bad_condition_is_reported_at_once() {
    let e = parse(json!({"all": [{"field": "score", "op": "gt", "value": "x"},
        {"field": "stage", "op": "eq", "value": "vip"}]}))
    .err()
    .unwrap_or_default();
    assert_eq!(e.len(), 2);
}

#[test]
fn operators_that_do_not_fit_the_type_are_rejected() {
    let e = parse(json!({"field": "active", "op": "gt", "value": true}))
        .err()
        .unwrap_or_default();
    assert_eq!(e[0].code, "invalid_operator");
    let e = parse(json!({"field": "email", "op": "is_null", "value": true}))
        .err()
        .unwrap_or_default();
    assert_eq!(e[0].code, "invalid_operator", "email is not nullable");
}

#[test]
fn money_values_must_be_strings_not_numbers() {
    let e = parse(json!({"field": "total_spent", "op": "gte", "value": 1000.5}))
        .err()
        .unwrap_or_default();
    assert_eq!(e[0].field, "filter.value");
}

#[test]
fn trees_deeper_than_the_limit_are_rejected() {
    let mut v = json!({"field": "score", "op": "eq", "value": 1});
    for _ in 0..MAX_DEPTH {
        v = json!({"not": v});
    }
    let e = parse(v).err().unwrap_or_default();
    assert_eq!(e[0].code, "too_deep");
}

#[test]
fn trees_larger_than_the_limit_are_rejected() {
    let items: Vec<Value> = (0..MAX_NODES)
        .map(|i| json!({"field": "score", "op": "eq", "value": i}))
        .collect();
    let e = parse(json!({"any": items})).err().unwrap_or_default();
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].code, "too_many_nodes");
}

#[test]
fn unknown_keys_in_a_condition_are_rejected() {
    let e = parse(json!({"field": "score", "op": "eq", "value": 1, "vaule": 2}))
        .err()
        .unwrap_or_default();
    assert_eq!(e[0].field, "filter.vaule");
}

#[test]
fn empty_groups_and_lists_are_rejected() {
    assert!(parse(json!({"all": []})).is_err());
    assert!(parse(json!({"field": "score", "op": "in", "value": []})).is_err());
}

fn scalar_for(ty: &FieldType) -> BoxedStrategy<Scalar> {
    match ty {
        FieldType::Text | FieldType::TextSet => "[a-z@. ]{0,12}".prop_map(Scalar::Text).boxed(),
        FieldType::Enum(o) => proptest::sample::select(o.clone())
            .prop_map(Scalar::Text)
            .boxed(),
        FieldType::Uuid => any::<u128>()
            .prop_map(|n| Scalar::Uuid(Uuid::from_u128(n)))
            .boxed(),
        FieldType::Integer => any::<i64>().prop_map(Scalar::Integer).boxed(),
        FieldType::Decimal => (any::<i64>(), 0u32..5)
            .prop_map(|(m, s)| Scalar::Decimal(Decimal::new(m, s)))
            .boxed(),
        FieldType::Timestamp => (0i64..4_000_000_000)
            .prop_map(|s| Scalar::Timestamp(DateTime::from_timestamp(s, 0).unwrap_or_default()))
            .boxed(),
        FieldType::Date => (0i32..100_000)
            .prop_map(|d| {
                Scalar::Date(NaiveDate::from_num_days_from_ce_opt(700_000 + d).unwrap_or_default())
            })
            .boxed(),
        FieldType::Boolean => any::<bool>().prop_map(Scalar::Boolean).boxed(),
    }
}

fn condition() -> impl Strategy<Value = Filter> {
    let fields: Vec<FilterField> = catalogue().fields;
    proptest::sample::select(fields)
        .prop_flat_map(|f| {
            let ops: Vec<Op> = Op::ALL.into_iter().filter(|o| o.applies_to(&f)).collect();
            (Just(f), proptest::sample::select(ops))
        })
        .prop_flat_map(|(f, op)| {
            let ty = if op == Op::Contains {
                FieldType::Text
            } else {
                f.ty.clone()
            };
            let operand: BoxedStrategy<Operand> = match op {
                Op::IsNull => any::<bool>().prop_map(Operand::Flag).boxed(),
                Op::In | Op::NotIn => proptest::collection::vec(scalar_for(&ty), 1..5)
                    .prop_map(Operand::Many)
                    .boxed(),
                _ => scalar_for(&ty).prop_map(Operand::One).boxed(),
            };
            (Just(f), Just(op), operand)
        })
        .prop_map(|(f, op, operand)| {
            Filter::Condition(Condition {
                field: f.name,
                ty: f.ty,
                nullable: f.nullable,
                op,
                operand,
            })
        })
}

fn tree() -> impl Strategy<Value = Filter> {
    condition().prop_recursive(4, 30, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 1..4).prop_map(Filter::All),
            proptest::collection::vec(inner.clone(), 1..4).prop_map(Filter::Any),
            inner.prop_map(|f| Filter::Not(Box::new(f))),
        ]
    })
}

fn arbitrary_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|i| json!(i)),
        "(all|any|not|field|op|value|eq|score|stage|[a-z]{0,5})".prop_map(Value::String),
    ];
    leaf.prop_recursive(8, 64, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::btree_map("(all|any|not|field|op|value|x)", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #[test]
    fn every_valid_tree_round_trips_through_json(f in tree()) {
        prop_assert_eq!(parse(f.to_json()), Ok(f));
    }

    #[test]
    fn arbitrary_json_never_panics_and_errors_always_name_a_path(v in arbitrary_json()) {
        if let Err(errors) = parse(v) {
            prop_assert!(!errors.is_empty());
            prop_assert!(errors.iter().all(|e| e.field.starts_with("filter")));
        }
    }
}
