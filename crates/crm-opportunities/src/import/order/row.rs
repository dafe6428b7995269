//! Reading one row's cells into an order to write: its fields as given, the person,
//! company and products it names by a key (found when the row is written), and which
//! column fed which input path, so every error names the file's column.

use super::mapping::{Mapping, OrderTarget as T};
use crate::opportunity::MoneyInput;
use crate::order::{LineInput, OrderInput, OrderStatus};
use crm_core::FieldError;
use crm_core::ids::{CompanyId, PersonId};
use crm_records::custom_field::CustomField;
use crm_records::import::cells::{custom_value, date, list, text};
use crm_records::import::reference::Reference;
use serde_json::{Map, Value};
use uuid::Uuid;

/// What a reference of a row fills once found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    Person,
    Company,
    /// The product of line `i`.
    Line(usize),
}

/// A row read: the order as given, the records it names by a key, and which input
/// paths came from which column.
#[derive(Debug, Clone, Default)]
pub struct RowInput {
    pub input: OrderInput,
    /// Records named by a key, what each fills, and the column that named it.
    pub references: Vec<(Reference, Slot, String)>,
    /// Input paths (`currency`, `lines[0].quantity`) and the columns they came from.
    pub paths: Vec<(String, String)>,
}

/// A line's unit price as read, before the order's currency is known.
#[derive(Debug, Clone, Default)]
struct LineCells {
    input: LineInput,
    sku: Option<String>,
    price: Option<String>,
    /// A currency given with the price (`{"amount": "9.90", "currency": "EUR"}`).
    price_currency: Option<String>,
}

fn id(s: &str) -> Result<Uuid, String> {
    Uuid::parse_str(s.trim()).map_err(|_| format!("'{s}' is not an id (a UUID)"))
}

/// A line field of the `lines` array or of a `line.*` column, into `line`.
fn line_field(line: &mut LineCells, field: &str, v: &Value) -> Result<(), String> {
    if field == "unit_price"
        && let Value::Object(m) = v
    {
        let part = |k: &str| m.get(k).map(text).transpose().map(Option::flatten);
        line.price = part("amount")?;
        line.price_currency = part("currency")?;
        return Ok(());
    }
    let Some(t) = text(v)? else {
        return Ok(());
    };
    let l = &mut line.input;
    match field {
        "sku" => line.sku = Some(t),
        "product_id" => l.product_id = Some(id(&t)?),
        "description" => l.description = Some(t),
        "quantity" => l.quantity = t.trim().to_string(),
        "unit_price" => line.price = Some(t.trim().to_string()),
        "discount_percent" => l.discount_percent = Some(t.trim().to_string()),
        "tax_category" => l.tax_category = Some(t),
        other => {
            return Err(format!(
                "'{other}' is not a field of a line; product_id, sku, description, quantity, \
                 unit_price, discount_percent, tax_category"
            ));
        }
    }
    Ok(())
}

/// The lines of a `lines` cell: a JSON array (NDJSON), or its text (CSV).
fn lines_of(v: &Value) -> Result<Vec<Map<String, Value>>, String> {
    let parsed;
    let items = match v {
        Value::Array(items) => items,
        Value::String(s) => {
            parsed = serde_json::from_str::<Value>(s)
                .map_err(|e| format!("not a JSON array of lines: {e}"))?;
            match &parsed {
                Value::Array(items) => items,
                _ => return Err("must be a JSON array of lines".into()),
            }
        }
        Value::Null => return Ok(Vec::new()),
        _ => return Err("must be a JSON array of lines".into()),
    };
    items
        .iter()
        .map(|i| match i {
            Value::Object(m) => Ok(m.clone()),
            _ => Err("each line is a JSON object".to_string()),
        })
        .collect()
}

/// Reads one row's cells through the mapping; `defs` are the order custom fields.
pub fn to_input(
    mapping: &Mapping,
    cells: &Map<String, Value>,
    defs: &[CustomField],
) -> Result<RowInput, Vec<FieldError>> {
    let mut out = RowInput::default();
    let mut errors = Vec::new();
    let mut lines: Vec<LineCells> = Vec::new();
    let mut single = LineCells::default();
    let mut has_single = false;
    let maps = mapping.for_row(cells, defs, &mut errors);
    for m in maps.iter() {
        let Some(v) = cells.get(&m.column) else {
            continue;
        };
        let col = &m.column;
        let mut bad =
            |f: String, msg: String| errors.push(FieldError::new(f, "invalid_value", msg));
        let mut path = |p: &str| {
            if !out.paths.iter().any(|(x, _)| x == p) {
                out.paths.push((p.to_string(), col.clone()));
            }
        };
        match &m.target {
            T::Tags => {
                match list(v) {
                    Ok(tags) => out.input.tags.extend(tags),
                    Err(e) => bad(col.clone(), e),
                }
                path("tags");
                continue;
            }
            T::CustomField(key) => {
                if let Some(def) = defs.iter().find(|d| d.key == *key) {
                    match custom_value(def, v) {
                        Ok(Some(x)) => {
                            out.input.custom_fields.insert(key.clone(), x);
                        }
                        Ok(None) => {}
                        Err(e) => bad(col.clone(), e),
                    }
                }
                path(&format!("custom_fields.{key}"));
                continue;
            }
            T::Lines => {
                match lines_of(v) {
                    Ok(items) => {
                        for (i, item) in items.iter().enumerate() {
                            let mut line = LineCells::default();
                            for (k, x) in item {
                                if let Err(e) = line_field(&mut line, k, x) {
                                    bad(format!("{col}[{i}].{k}"), e);
                                }
                            }
                            lines.push(line);
                        }
                    }
                    Err(e) => bad(col.clone(), e),
                }
                path("lines");
                continue;
            }
            t if t.is_line() => {
                let field = t.line_field().unwrap_or_default();
                if let Err(e) = line_field(&mut single, field, v) {
                    bad(col.clone(), e);
                }
                has_single = true;
                path(&format!("lines[0].{field}"));
                continue;
            }
            _ => {}
        }
        let t = match text(v) {
            Ok(Some(t)) => t,
            Ok(None) => continue,
            Err(e) => {
                bad(col.clone(), e);
                continue;
            }
        };
        let input = &mut out.input;
        let p = match &m.target {
            T::PersonId | T::PersonEmail | T::PersonExternalId => "person_id",
            T::CompanyId | T::CompanyDomain | T::CompanyExternalId => "company_id",
            T::Status => "status",
            T::Currency => "currency",
            T::OrderDate => "order_date",
            T::Channel => "channel",
            T::Code => "code",
            T::PriceListId => "price_list_id",
            T::Notes => "notes",
            _ => "external_id",
        };
        match &m.target {
            T::PersonId => match id(&t) {
                Ok(u) => input.person_id = Some(PersonId(u)),
                Err(e) => bad(col.clone(), e),
            },
            T::CompanyId => match id(&t) {
                Ok(u) => input.company_id = Some(CompanyId(u)),
                Err(e) => bad(col.clone(), e),
            },
            T::PriceListId => match id(&t) {
                Ok(u) => input.price_list_id = Some(u),
                Err(e) => bad(col.clone(), e),
            },
            T::PersonEmail => {
                out.references
                    .push((Reference::PersonEmail(t), Slot::Person, col.clone()))
            }
            T::PersonExternalId => {
                out.references
                    .push((Reference::PersonExternalId(t), Slot::Person, col.clone()))
            }
            T::CompanyDomain => {
                out.references
                    .push((Reference::CompanyDomain(t), Slot::Company, col.clone()))
            }
            T::CompanyExternalId => {
                out.references
                    .push((Reference::CompanyExternalId(t), Slot::Company, col.clone()))
            }
            T::Status => match OrderStatus::parse(&t.trim().to_ascii_lowercase()) {
                Some(s) => input.status = Some(s),
                None => bad(
                    col.clone(),
                    format!("'{t}' is not a status; pending, paid, fulfilled or cancelled"),
                ),
            },
            T::Currency => input.currency = Some(t.trim().to_ascii_uppercase()),
            T::OrderDate => match date(&t) {
                Some(d) => input.order_date = Some(d),
                None => bad(
                    col.clone(),
                    format!("'{t}' is not a date; 2026-12-01, or an RFC 3339 time"),
                ),
            },
            T::Channel => input.channel = Some(t),
            T::Code => input.code = Some(t),
            T::Notes => input.notes = Some(t),
            _ => input.external_id = Some(t),
        }
        path(p);
    }
    if has_single {
        lines.insert(0, single);
    }
    let currency = out.input.currency.clone().unwrap_or_default();
    for (i, l) in lines.into_iter().enumerate() {
        let mut input = l.input;
        if input.quantity.is_empty() {
            input.quantity = "1".into();
        }
        input.unit_price = l.price.map(|amount| MoneyInput {
            amount,
            currency: l.price_currency.unwrap_or_else(|| currency.clone()),
        });
        if let Some(sku) = l.sku {
            let column = out
                .paths
                .iter()
                .find(|(p, _)| p == "lines" || p == "lines[0].sku")
                .map(|(_, c)| c.clone())
                .unwrap_or_default();
            let product = format!("lines[{i}].product_id");
            if !column.is_empty() && !out.paths.iter().any(|(p, _)| p.as_str() == "lines") {
                out.paths.push((product, column.clone()));
            }
            out.references
                .push((Reference::ProductSku(sku), Slot::Line(i), column));
        }
        out.input.lines.push(input);
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use serde_json::json;

    fn mapping(pairs: &[(&str, &str)]) -> Mapping {
        Mapping::given(pairs, &[]).unwrap_or_default()
    }

    #[test]
    fn a_one_line_shop_row_fills_the_order_and_names_its_product_by_sku() {
        let m = mapping(&[
            ("Order", "external_id"),
            ("Email", "person.email"),
            ("SKU", "line.sku"),
            ("Price", "line.unit_price"),
            ("Currency", "currency"),
            ("Date", "order_date"),
            ("Status", "status"),
        ]);
        let cells = json!({"Order": "#1001", "Email": "ada@example.com", "SKU": "MUG-1",
            "Price": "9.90", "Currency": "eur", "Date": "2025-03-01", "Status": "Paid"});
        let row = to_input(&m, cells.as_object().unwrap(), &[]).unwrap();
        let line = &row.input.lines[0];
        assert_eq!(line.quantity, "1", "a line without a quantity is of one");
        assert_eq!(
            line.unit_price
                .as_ref()
                .map(|p| (p.amount.as_str(), p.currency.as_str())),
            Some(("9.90", "EUR"))
        );
        assert_eq!(row.input.status, Some(OrderStatus::Paid));
        assert_eq!(row.input.order_date, NaiveDate::from_ymd_opt(2025, 3, 1));
        assert_eq!(
            row.references,
            [
                (
                    Reference::PersonEmail("ada@example.com".into()),
                    Slot::Person,
                    "Email".into()
                ),
                (
                    Reference::ProductSku("MUG-1".into()),
                    Slot::Line(0),
                    "SKU".into()
                ),
            ]
        );
        assert!(
            row.paths
                .contains(&("lines[0].unit_price".into(), "Price".into()))
        );
    }

    #[test]
    fn a_lines_array_gives_every_line_and_names_a_bad_one_by_its_place() {
        let m = mapping(&[("Items", "lines"), ("Currency", "currency")]);
        let cells = json!({"Currency": "EUR", "Items":
            r#"[{"sku": "A", "quantity": 2}, {"description": "Setup", "unit_price": {"amount": "50", "currency": "EUR"}}]"#});
        let row = to_input(&m, cells.as_object().unwrap(), &[]).unwrap();
        assert_eq!(row.input.lines.len(), 2);
        assert_eq!(row.input.lines[0].quantity, "2");
        assert_eq!(row.references[0].1, Slot::Line(0));
        let bad = json!({"Items": [{"sku": "A", "colour": "red"}], "Currency": "EUR"});
        let errors = to_input(&m, bad.as_object().unwrap(), &[]).unwrap_err();
        assert_eq!(errors[0].field, "Items[0].colour");
    }

    #[test]
    fn bad_cells_are_named_by_their_column() {
        let m = mapping(&[
            ("When", "order_date"),
            ("State", "status"),
            ("Who", "person_id"),
        ]);
        let cells = json!({"When": "yesterday", "State": "shipped", "Who": "nobody"});
        let errors = to_input(&m, cells.as_object().unwrap(), &[]).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["When", "State", "Who"]);
    }
}
