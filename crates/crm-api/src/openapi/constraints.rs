//! Rules JSON Schema can state but the derive cannot, added to the schemas they belong
//! to, so a generated client refuses what the server would: a person to add needs a
//! name, an email or a phone; a custom field has options if and only if it is an enum,
//! each option not blank and at most 100 characters; an import's form has no other
//! parts than `options` and `file`; an interaction is with a person or company, has
//! social details on the `social` channel only and no direction as a `note`; a recurring
//! task has a due time.
//!
//! Stated as `not` of "none of them" rather than as an `anyOf` of "one of them":
//! openapi-python-client turns an object's `anyOf` into a union of four partial models
//! and drops every other property, while both generators leave `not` to validators
//! (decision 0025).

use serde_json::{Value, json};
use utoipa::openapi::schema::{AdditionalProperties, ArrayItems};
use utoipa::openapi::{ObjectBuilder, OpenApi, RefOr, Schema, Type};

/// Adds the cross-field rules to their schemas.
pub(super) fn document(doc: &mut OpenApi) {
    let Some(components) = doc.components.as_mut() else {
        return;
    };
    let mut not = |schema: &str, rule: Value| {
        if let Some(RefOr::T(Schema::Object(o))) = components.schemas.get_mut(schema) {
            // utoipa's object has no `not`; its extensions are written flat beside the
            // other keywords, which is where JSON Schema wants it.
            o.extensions
                .get_or_insert_with(Default::default)
                .insert("not".into(), rule);
        }
    };
    not("CreatePersonRequest", unidentified());
    not("CreateInteractionRequest", interaction_out_of_shape(true));
    not("UpdateInteractionRequest", interaction_out_of_shape(false));
    not("CreateTaskRequest", recurring_without_a_due_time());
    not("CreateCustomFieldRequest", options_out_of_place());
    for (schema, list) in [
        ("CreateCustomFieldRequest", "options"),
        ("UpdateCustomFieldRequest", "add_options"),
    ] {
        if let Some(RefOr::T(Schema::Object(o))) = components.schemas.get_mut(schema)
            && let Some(RefOr::T(Schema::Array(a))) = o.properties.get_mut(list)
        {
            a.items = ArrayItems::RefOrSchema(Box::new(RefOr::T(Schema::Object(
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .pattern(Some("\\S"))
                    .max_length(Some(100))
                    .build(),
            ))));
        }
    }
    if let Some(RefOr::T(Schema::Object(o))) = components.schemas.get_mut("ImportForm") {
        // The server answers any other part with a 400 `unknown_part`.
        o.additional_properties = Some(Box::new(AdditionalProperties::FreeForm(false)));
    }
}

/// A custom field whose options do not fit its type: an enum or multi_enum without
/// options, or another type with some.
fn options_out_of_place() -> Value {
    let kinds = json!(["enum", "multi_enum"]);
    json!({
        "description": "Options where the type takes none, or none where it needs them",
        "anyOf": [
            {"required": ["type"], "properties": {"type": {"enum": kinds}, "options": {"maxItems": 0}}},
            {"required": ["type", "options"], "properties": {"type": {"not": {"enum": kinds}}, "options": {"minItems": 1}}}
        ]
    })
}

/// An interaction the server refuses whatever is stored: with nobody (on create, no
/// person and no company; on update, both lists emptied), `social` without its details
/// or another channel with them, or a note with a direction.
fn interaction_out_of_shape(creating: bool) -> Value {
    let mut nobody = json!({
        "properties": {"person_ids": {"maxItems": 0}, "company_ids": {"maxItems": 0}}
    });
    // A patch that leaves `social` out keeps the stored details.
    let mut bare_social = json!({
        "required": ["channel"],
        "properties": {"channel": {"const": "social"}, "social": {"type": "null"}}
    });
    if !creating {
        nobody["required"] = json!(["person_ids", "company_ids"]);
        bare_social["required"] = json!(["channel", "social"]);
    }
    json!({
        "description": "An interaction with nobody, social details on the wrong channel, or a note with a direction, which the server refuses",
        "anyOf": [
            nobody,
            bare_social,
            {"required": ["channel", "social"], "properties": {"channel": {"not": {"const": "social"}}, "social": {"not": {"type": "null"}}}},
            {"required": ["channel", "direction"], "properties": {"channel": {"const": "note"}, "direction": {"type": "string"}}}
        ]
    })
}

/// A recurring task with no due time to recur from.
fn recurring_without_a_due_time() -> Value {
    json!({
        "description": "A recurring task without a due time, which the server refuses",
        "required": ["recurrence"],
        "properties": {"recurrence": {"not": {"type": "null"}}, "due_at": {"type": "null"}}
    })
}

/// A person with no name (the server trims names, so a blank one is none), no email and
/// no phone.
fn unidentified() -> Value {
    let named = json!({"type": "string", "pattern": "\\S"});
    json!({
        "description": "A person with no name, no email and no phone, which the server refuses",
        "properties": {
            "first_name": {"not": named},
            "last_name": {"not": named},
            "emails": {"maxItems": 0},
            "phones": {"maxItems": 0}
        }
    })
}
