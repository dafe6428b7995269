//! Rules across fields that JSON Schema can state but the derive cannot, added to the
//! schemas they belong to, so a generated client refuses what the server would: a
//! person to add needs a name, an email or a phone.
//!
//! Stated as `not` of "none of them" rather than as an `anyOf` of "one of them":
//! openapi-python-client turns an object's `anyOf` into a union of four partial models
//! and drops every other property, while both generators leave `not` to validators
//! (decision 0025).

use serde_json::{Value, json};
use utoipa::openapi::{OpenApi, RefOr, Schema};

/// Adds the cross-field rules to their schemas.
pub(super) fn document(doc: &mut OpenApi) {
    let Some(components) = doc.components.as_mut() else {
        return;
    };
    if let Some(RefOr::T(Schema::Object(o))) = components.schemas.get_mut("CreatePersonRequest") {
        // utoipa's object has no `not`; its extensions are written flat beside the
        // other keywords, which is where JSON Schema wants it.
        o.extensions
            .get_or_insert_with(Default::default)
            .insert("not".into(), unidentified());
    }
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
