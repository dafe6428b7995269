//! Custom field definitions, and reading and writing their values for any record.

use crate::db::Db;
use crate::entities::{custom_field, custom_field_value};
use crate::error::{ConflictAs, Result, port};
use crate::filter_sql::{DECIMAL_SCALE, FieldSql};
use crate::journal;
use crate::record::{delete_in, in_org, scoped, scoped_update};
use crate::time;
use async_trait::async_trait;
use crm_core::ids::OrgId;
use crm_core::{Actor, DomainError, DomainResult};
use crm_customers::custom_field::{
    CustomField, CustomFieldPatch, FieldKind, FieldResource, FieldValue, NewCustomField,
};
use crm_customers::ports::CustomFieldRepository;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use serde_json::{Map, Value};
use std::collections::HashMap;
use uuid::Uuid;

pub(crate) struct CustomFields(pub Db);

fn to_domain(m: custom_field::Model) -> Result<CustomField> {
    let bad = |what: &str| DomainError::internal(format!("stored custom field {what} is unknown"));
    Ok(CustomField {
        id: m.id,
        resource: FieldResource::parse(&m.resource, crm_customers::custom_field::RESOURCES)
            .or_else(|| {
                FieldResource::parse(&m.resource, crm_interactions::custom_field::RESOURCES)
            })
            .or_else(|| {
                FieldResource::parse(&m.resource, crm_opportunities::custom_field::RESOURCES)
            })
            .ok_or_else(|| bad("resource"))?,
        key: m.field_key,
        label: m.label,
        kind: FieldKind::parse(&m.kind).ok_or_else(|| bad("kind"))?,
        options: serde_json::from_str(&m.options).unwrap_or_default(),
        required: m.required,
        created_at: m.created_at,
        updated_at: m.updated_at,
        version: m.version,
    })
}

/// The definitions of `resource` in the actor's organisation.
pub(crate) async fn definitions<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    resource: FieldResource,
) -> Result<Vec<CustomField>> {
    definitions_of(c, actor.org_id.0, resource).await
}

/// The definitions of `resource` when the filter or the page's sort names one of them;
/// no query otherwise (most searches name none).
pub(crate) async fn definitions_if_named<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    resource: FieldResource,
    filter: Option<&crm_core::filter::Filter>,
    page: &crm_core::page::PageRequest,
) -> Result<Vec<CustomField>> {
    let custom = |name: &str| name.starts_with("custom_fields.");
    let sorted = page.sort.fields.iter().any(|f| custom(&f.name));
    if sorted || filter.is_some_and(|f| f.mentions(&custom)) {
        definitions(c, actor, resource).await
    } else {
        Ok(Vec::new())
    }
}

/// The definitions of `resource` in organisation `org`.
pub(crate) async fn definitions_of<C: ConnectionTrait>(
    c: &C,
    org: Uuid,
    resource: FieldResource,
) -> Result<Vec<CustomField>> {
    in_org::<custom_field::Entity>(OrgId(org))
        .filter(custom_field::Column::Resource.eq(resource.as_str()))
        .order_by_asc(custom_field::Column::Id)
        .all(c)
        .await?
        .into_iter()
        .map(to_domain)
        .collect()
}

fn scaled(d: Decimal) -> Result<i64> {
    (d * Decimal::from(10_i64.pow(DECIMAL_SCALE)))
        .trunc()
        .to_i64()
        .ok_or_else(|| DomainError::internal("decimal out of range").into())
}

fn unscaled(i: i64) -> Decimal {
    Decimal::new(i, DECIMAL_SCALE).normalize()
}

/// Replaces the given fields' values of a record (`None` clears the field).
pub(crate) async fn write_values<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    record: Uuid,
    changes: &[(CustomField, Option<FieldValue>)],
) -> Result<()> {
    for (def, value) in changes {
        delete_in::<custom_field_value::Entity>(actor.org_id)
            .filter(custom_field_value::Column::RecordId.eq(record))
            .filter(custom_field_value::Column::FieldId.eq(def.id))
            .exec(c)
            .await?;
        let Some(value) = value else { continue };
        let rows = value_rows(actor, def, record, value)?;
        if !rows.is_empty() {
            custom_field_value::Entity::insert_many(rows)
                .exec_without_returning(c)
                .await?;
        }
    }
    Ok(())
}

/// The stored rows of one value of `def` on `record` (several for multiple options).
pub(crate) fn value_rows(
    actor: &Actor,
    def: &CustomField,
    record: Uuid,
    value: &FieldValue,
) -> Result<Vec<custom_field_value::ActiveModel>> {
    let row = |pos: i32, text: Option<String>, int: Option<i64>, date, b| {
        custom_field_value::ActiveModel {
            id: Set(Uuid::now_v7()),
            org_id: Set(actor.org_id.0),
            field_id: Set(def.id),
            record_id: Set(record),
            value_text: Set(text),
            value_int: Set(int),
            value_date: Set(date),
            value_bool: Set(b),
            position: Set(pos),
        }
    };
    Ok(match value {
        FieldValue::Text(t) => vec![row(0, Some(t.clone()), None, None, None)],
        FieldValue::Number(n) => vec![row(0, None, Some(*n), None, None)],
        FieldValue::Decimal(d) => vec![row(0, None, Some(scaled(*d)?), None, None)],
        FieldValue::Money { amount, currency } => vec![row(
            0,
            Some(currency.clone()),
            Some(scaled(*amount)?),
            None,
            None,
        )],
        FieldValue::Date(d) => vec![row(0, None, None, Some(*d), None)],
        FieldValue::Boolean(b) => vec![row(0, None, None, None, Some(*b))],
        FieldValue::Options(o) => o
            .iter()
            .enumerate()
            .map(|(i, v)| row(i as i32, Some(v.clone()), None, None, None))
            .collect(),
    })
}

/// Merging: the survivor keeps its values; for each field it lacks, the value of the
/// first source that has one moves over; the sources' other values are deleted.
pub(crate) async fn merge_values<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    resource: FieldResource,
    survivor: (Uuid, &Map<String, Value>),
    sources: &[(Uuid, &Map<String, Value>)],
) -> Result<()> {
    for def in definitions(c, actor, resource).await? {
        if survivor.1.contains_key(&def.key) {
            continue;
        }
        if let Some((from, _)) = sources.iter().find(|s| s.1.contains_key(&def.key)) {
            scoped_update::<custom_field_value::Entity>(actor)
                .col_expr(custom_field_value::Column::RecordId, Expr::val(survivor.0))
                .filter(custom_field_value::Column::RecordId.eq(*from))
                .filter(custom_field_value::Column::FieldId.eq(def.id))
                .exec(c)
                .await?;
        }
    }
    delete_in::<custom_field_value::Entity>(actor.org_id)
        .filter(custom_field_value::Column::RecordId.is_in(sources.iter().map(|s| s.0)))
        .exec(c)
        .await?;
    Ok(())
}

/// One stored value with what it takes to show it.
pub(crate) struct ValueRow {
    pub record_id: Uuid,
    pub key: String,
    pub kind: FieldKind,
    pub text: Option<String>,
    pub int: Option<i64>,
    pub date: Option<chrono::NaiveDate>,
    pub flag: Option<bool>,
}

/// The custom fields of each record, as the JSON objects the API shows, from its stored
/// values in position order.
pub(crate) fn assemble(rows: Vec<ValueRow>) -> HashMap<Uuid, Map<String, Value>> {
    let mut out: HashMap<Uuid, Map<String, Value>> = HashMap::new();
    let mut options: HashMap<(Uuid, String), Vec<String>> = HashMap::new();
    for r in rows {
        let value = match r.kind {
            FieldKind::MultiEnum => {
                options
                    .entry((r.record_id, r.key))
                    .or_default()
                    .extend(r.text);
                continue;
            }
            FieldKind::Text | FieldKind::Url | FieldKind::Email | FieldKind::Enum => {
                r.text.map(FieldValue::Text)
            }
            FieldKind::Number => r.int.map(FieldValue::Number),
            FieldKind::Decimal => r.int.map(|i| FieldValue::Decimal(unscaled(i))),
            FieldKind::Money => r.int.zip(r.text).map(|(i, cur)| FieldValue::Money {
                amount: unscaled(i),
                currency: cur,
            }),
            FieldKind::Date => r.date.map(FieldValue::Date),
            FieldKind::Boolean => r.flag.map(FieldValue::Boolean),
        };
        if let Some(v) = value {
            out.entry(r.record_id)
                .or_default()
                .insert(r.key, v.to_json());
        }
    }
    for ((record, key), list) in options {
        out.entry(record)
            .or_default()
            .insert(key, FieldValue::Options(list).to_json());
    }
    out
}

/// The custom fields of each record, as the JSON objects the API shows.
pub(crate) async fn read_values<C: ConnectionTrait>(
    c: &C,
    org: OrgId,
    defs: &[CustomField],
    records: &[Uuid],
) -> Result<HashMap<Uuid, Map<String, Value>>> {
    if defs.is_empty() || records.is_empty() {
        return Ok(HashMap::new());
    }
    let rows = in_org::<custom_field_value::Entity>(org)
        .filter(custom_field_value::Column::RecordId.is_in(records.to_vec()))
        .filter(custom_field_value::Column::FieldId.is_in(defs.iter().map(|d| d.id)))
        .order_by_asc(custom_field_value::Column::Position)
        .all(c)
        .await?;
    Ok(assemble(
        rows.into_iter()
            .filter_map(|r| {
                let def = defs.iter().find(|d| d.id == r.field_id)?;
                Some(ValueRow {
                    record_id: r.record_id,
                    key: def.key.clone(),
                    kind: def.kind,
                    text: r.value_text,
                    int: r.value_int,
                    date: r.value_date,
                    flag: r.value_bool,
                })
            })
            .collect(),
    ))
}

/// Where `custom_fields.<key>` sorts: the record's value of that field as a scalar
/// subquery (the scaled amount for decimal and money; multi_enum fields do not sort).
pub(crate) fn sort_sql(defs: &[CustomField], name: &str, record_id: Expr) -> Option<Expr> {
    use custom_field_value::Column as C;
    let key = name.strip_prefix("custom_fields.")?;
    let def = defs.iter().find(|d| d.key == key)?;
    let column = match def.kind {
        FieldKind::MultiEnum => return None,
        FieldKind::Number | FieldKind::Decimal | FieldKind::Money => C::ValueInt,
        FieldKind::Date => C::ValueDate,
        FieldKind::Boolean => C::ValueBool,
        FieldKind::Text | FieldKind::Url | FieldKind::Email | FieldKind::Enum => C::ValueText,
    };
    let q = Query::select()
        .column((custom_field_value::Entity, column))
        .from(custom_field_value::Entity)
        .and_where(Expr::col((custom_field_value::Entity, C::RecordId)).eq(record_id))
        .and_where(Expr::col((custom_field_value::Entity, C::FieldId)).eq(def.id))
        .limit(1)
        .to_owned();
    Some(Expr::SubQuery(
        None,
        Box::new(sea_orm::sea_query::SubQueryStatement::SelectStatement(q)),
    ))
}

/// Where `custom_fields.<key>` lives, for filters: the record's values of that field.
pub(crate) fn field_sql(defs: &[CustomField], name: &str, record_id: Expr) -> Option<FieldSql> {
    let key = name.strip_prefix("custom_fields.")?;
    let def = defs.iter().find(|d| d.key == key)?;
    let from = Query::select()
        .expr(Expr::cust("1"))
        .from(custom_field_value::Entity)
        .and_where(
            Expr::col((
                custom_field_value::Entity,
                custom_field_value::Column::RecordId,
            ))
            .eq(record_id),
        )
        .and_where(
            Expr::col((
                custom_field_value::Entity,
                custom_field_value::Column::FieldId,
            ))
            .eq(def.id),
        )
        .to_owned();
    let col = |c: custom_field_value::Column| Expr::col((custom_field_value::Entity, c));
    use custom_field_value::Column as C;
    Some(match def.kind {
        FieldKind::MultiEnum => FieldSql::Set {
            from: Box::new(from),
            value: col(C::ValueText),
        },
        FieldKind::Number | FieldKind::Decimal | FieldKind::Money => FieldSql::Related {
            from: Box::new(from),
            value: col(C::ValueInt),
        },
        FieldKind::Date => FieldSql::Related {
            from: Box::new(from),
            value: col(C::ValueDate),
        },
        FieldKind::Boolean => FieldSql::Related {
            from: Box::new(from),
            value: col(C::ValueBool),
        },
        _ => FieldSql::Related {
            from: Box::new(from),
            value: col(C::ValueText),
        },
    })
}

async fn find<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    id: Uuid,
    lock: bool,
) -> Result<custom_field::Model> {
    let mut q = scoped::<custom_field::Entity>(actor).filter(custom_field::Column::Id.eq(id));
    if lock {
        q = q.lock_exclusive();
    }
    q.one(c)
        .await?
        .ok_or(DomainError::not_found("custom field").into())
}

#[async_trait]
impl CustomFieldRepository for CustomFields {
    async fn list(&self, actor: &Actor, resource: FieldResource) -> DomainResult<Vec<CustomField>> {
        port(async { definitions(&self.0.conn, actor, resource).await }).await
    }

    async fn get(&self, actor: &Actor, id: Uuid) -> DomainResult<CustomField> {
        port(async { to_domain(find(&self.0.conn, actor, id, false).await?) }).await
    }

    #[tracing::instrument(skip_all, fields(org = %actor.org_id))]
    async fn create(&self, actor: &Actor, f: NewCustomField) -> DomainResult<CustomField> {
        port(async {
            let txn = self.0.begin_write().await?;
            let now = time::now();
            let created = to_domain(
                custom_field::ActiveModel {
                    id: Set(Uuid::now_v7()),
                    org_id: Set(actor.org_id.0),
                    resource: Set(f.resource.as_str().into()),
                    field_key: Set(f.key),
                    label: Set(f.label),
                    kind: Set(f.kind.as_str().into()),
                    options: Set(serde_json::to_string(&f.options).unwrap_or_else(|_| "[]".into())),
                    required: Set(f.required),
                    created_at: Set(now),
                    updated_at: Set(now),
                    version: Set(1),
                }
                .insert(&txn)
                .await
                .conflict_as("a custom field with this key already exists for this resource")?,
            )?;
            journal::record_change(
                &txn,
                actor,
                crm_customers::events::CUSTOM_FIELD_CREATED,
                created.id,
                None,
                Some(&created),
            )
            .await?;
            txn.commit().await?;
            Ok(created)
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(org = %actor.org_id, %id))]
    async fn update(
        &self,
        actor: &Actor,
        id: Uuid,
        p: CustomFieldPatch,
        if_version: Option<i64>,
    ) -> DomainResult<CustomField> {
        port(async {
            let txn = self.0.begin_write().await?;
            let m = find(&txn, actor, id, true).await?;
            crate::record::check_version(m.version, if_version)?;
            let before = to_domain(m.clone())?;
            let mut options = before.options.clone();
            for o in p.add_options {
                if !options.contains(&o) {
                    options.push(o);
                }
            }
            let mut am: custom_field::ActiveModel = m.into();
            if let Some(l) = p.label {
                am.label = Set(l);
            }
            if let Some(r) = p.required {
                am.required = Set(r);
            }
            am.options = Set(serde_json::to_string(&options).unwrap_or_else(|_| "[]".into()));
            am.updated_at = Set(time::now());
            am.version = Set(before.version + 1);
            let after = to_domain(am.update(&txn).await?)?;
            journal::record_change(
                &txn,
                actor,
                crm_customers::events::CUSTOM_FIELD_UPDATED,
                id,
                Some(&before),
                Some(&after),
            )
            .await?;
            txn.commit().await?;
            Ok(after)
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(org = %actor.org_id, %id))]
    async fn delete(&self, actor: &Actor, id: Uuid, if_version: Option<i64>) -> DomainResult<()> {
        port(async {
            let txn = self.0.begin_write().await?;
            let before = to_domain(find(&txn, actor, id, true).await?)?;
            crate::record::check_version(before.version, if_version)?;
            let holders: Vec<Uuid> = if before.resource == crm_customers::custom_field::PERSON {
                scoped::<custom_field_value::Entity>(actor)
                    .select_only()
                    .column(custom_field_value::Column::RecordId)
                    .filter(custom_field_value::Column::FieldId.eq(id))
                    .into_tuple()
                    .all(&txn)
                    .await?
            } else {
                Vec::new()
            };
            // The values go with it (ON DELETE CASCADE); the people's cards follow.
            delete_in::<custom_field::Entity>(actor.org_id)
                .filter(custom_field::Column::Id.eq(id))
                .exec(&txn)
                .await?;
            super::refresh_person_cards(&txn, actor.org_id.0, &holders).await?;
            journal::record_change(
                &txn,
                actor,
                crm_customers::events::CUSTOM_FIELD_DELETED,
                id,
                Some(&before),
                None,
            )
            .await?;
            Ok(txn.commit().await?)
        })
        .await
    }
}
