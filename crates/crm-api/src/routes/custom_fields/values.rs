//! The wire schema of a custom field's value: its definition's kind decides the shape,
//! and the server checks it against that kind (a 422 names `custom_fields.<key>`).

use crate::http::money::MoneyDto;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa::openapi::schema::OneOfBuilder;
use utoipa::openapi::{ObjectBuilder, Ref, RefOr, Schema, Type};

/// One custom field's value. `text`, `url`, `email`, `enum`, `date` (`YYYY-MM-DD`) and
/// `decimal` (an exact decimal string such as `"0.25"`) are strings; `number` a whole
/// number; `boolean` true or false; `multi_enum` an array of its options; `money` an
/// amount and a currency.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum CustomFieldValue {
    /// text, url, email, enum, date or decimal.
    Text(String),
    /// number.
    Number(i64),
    /// boolean.
    Boolean(bool),
    /// multi_enum.
    Options(Vec<String>),
    /// money.
    Money(MoneyDto),
}

/// A custom field's value in a write: a value sets it, `null` clears it. Only a schema:
/// writes carry the values as JSON, checked against their definitions.
pub struct CustomFieldInput;

impl utoipa::PartialSchema for CustomFieldInput {
    fn schema() -> RefOr<Schema> {
        OneOfBuilder::new()
            .item(Ref::from_schema_name("CustomFieldValue"))
            .item(ObjectBuilder::new().schema_type(Type::Null))
            .description(Some(
                "A custom field's value in a write: a value sets it, `null` clears it.",
            ))
            .into()
    }
}

impl ToSchema for CustomFieldInput {
    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        schemas.push((
            CustomFieldValue::name().into_owned(),
            <CustomFieldValue as utoipa::PartialSchema>::schema(),
        ));
        <CustomFieldValue as ToSchema>::schemas(schemas);
    }
}
