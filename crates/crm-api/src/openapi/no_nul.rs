//! Every free text of the document refuses U+0000, as the server does (it is the one
//! character neither database stores as text): a string with no format, enum or
//! pattern gets `^[^\u0000]*$`, and "not blank" (`\S`) becomes "not blank, no NUL".

use serde_json::Value;
use utoipa::openapi::path::Parameter;
use utoipa::openapi::schema::{AdditionalProperties, ArrayItems, SchemaType};
use utoipa::openapi::{Content, OpenApi, RefOr, Schema, Type};

/// Free text: no NUL.
pub const TEXT: &str = "^[^\\u0000]*$";
/// Not blank and no NUL: what `\S` said, without the NUL it let through.
pub const NOT_BLANK: &str = "^[^\\u0000]*[^\\s\\u0000][^\\u0000]*$";

fn is_string(schema: &serde_json::Map<String, Value>) -> bool {
    match schema.get("type") {
        Some(Value::String(t)) => t == "string",
        Some(Value::Array(ts)) => ts.iter().any(|t| t == "string"),
        _ => false,
    }
}

fn walk(v: &mut Value) {
    match v {
        Value::Object(o) => {
            if is_string(o) && !o.contains_key("format") && !o.contains_key("enum") {
                match o.get("pattern").and_then(Value::as_str) {
                    None if !o.contains_key("const") => {
                        o.insert("pattern".into(), TEXT.into());
                    }
                    Some("\\S") => {
                        o.insert("pattern".into(), NOT_BLANK.into());
                    }
                    _ => {}
                }
            }
            for (k, child) in o.iter_mut() {
                // Values, not schemas.
                if !matches!(
                    k.as_str(),
                    "example" | "examples" | "default" | "const" | "enum"
                ) {
                    walk(child);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(walk),
        _ => {}
    }
}

/// Adds the patterns to the schemas of components and of operations' parameters,
/// bodies and answers (examples are values and are left alone).
pub(super) fn document(doc: &mut OpenApi) {
    if let Some(c) = doc.components.as_mut() {
        c.schemas.values_mut().for_each(ref_or);
        c.responses.values_mut().for_each(|r| {
            if let RefOr::T(r) = r {
                r.content.values_mut().for_each(content);
            }
        });
    }
    for item in doc.paths.paths.values_mut() {
        item.parameters.iter_mut().flatten().for_each(parameter);
        for op in super::operations(item) {
            op.parameters.iter_mut().flatten().for_each(parameter);
            if let Some(RefOr::T(b)) = op.request_body.as_mut() {
                b.content.values_mut().for_each(content);
            }
            for r in op.responses.responses.values_mut() {
                if let RefOr::T(r) = r {
                    r.content.values_mut().for_each(content);
                }
            }
        }
    }
}

fn parameter(p: &mut RefOr<Parameter>) {
    if let RefOr::T(p) = p
        && let Some(s) = p.schema.as_mut()
    {
        ref_or(s);
    }
}

fn content(c: &mut RefOr<Content>) {
    if let RefOr::T(c) = c
        && let Some(s) = c.schema.as_mut()
    {
        ref_or(s);
    }
}

fn ref_or(s: &mut RefOr<Schema>) {
    if let RefOr::T(s) = s {
        schema(s);
    }
}

fn schema(s: &mut Schema) {
    match s {
        Schema::Object(o) => {
            let text = match &o.schema_type {
                SchemaType::Type(Type::String) => true,
                SchemaType::Array(ts) => ts.contains(&Type::String),
                _ => false,
            };
            if text && o.format.is_none() && o.enum_values.is_none() {
                match o.pattern.as_deref() {
                    None => o.pattern = Some(TEXT.into()),
                    Some("\\S") => o.pattern = Some(NOT_BLANK.into()),
                    Some(_) => {}
                }
            }
            o.properties.values_mut().for_each(ref_or);
            if let Some(names) = o.property_names.as_deref_mut() {
                schema(names);
            }
            if let Some(AdditionalProperties::RefOr(a)) = o.additional_properties.as_deref_mut() {
                ref_or(a);
            }
            // The cross-field rules of `constraints` (`not`) are extensions: JSON.
            if let Some(ext) = o.extensions.as_mut() {
                ext.values_mut().for_each(walk);
            }
        }
        Schema::Array(a) => {
            if let ArrayItems::RefOrSchema(items) = &mut a.items {
                ref_or(items);
            }
            a.prefix_items.iter_mut().for_each(schema);
        }
        Schema::OneOf(o) => o.items.iter_mut().for_each(ref_or),
        Schema::AllOf(o) => o.items.iter_mut().for_each(ref_or),
        Schema::AnyOf(o) => o.items.iter_mut().for_each(ref_or),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex::Regex;

    #[test]
    fn the_patterns_refuse_nul_and_blank_and_nothing_else() -> Result<(), regex::Error> {
        let text = Regex::new(&TEXT.replace("\\u0000", "\\x00"))?;
        let not_blank = Regex::new(&NOT_BLANK.replace("\\u0000", "\\x00"))?;
        for ok in ["", "Ada", "é ñ 😀", "\\u0000"] {
            assert!(text.is_match(ok), "{ok:?}");
        }
        assert!(!text.is_match("a\0b"));
        for ok in ["Ada", " a ", "\\S"] {
            assert!(not_blank.is_match(ok), "{ok:?}");
        }
        for bad in ["", "  ", "\0", " a\0"] {
            assert!(!not_blank.is_match(bad), "{bad:?}");
        }
        Ok(())
    }
}
