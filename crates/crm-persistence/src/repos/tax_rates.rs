//! The organisation's tax rates: one row holding the table as JSON text and its
//! version, replaced whole in one transaction and journaled.

use crate::db::Db;
use crate::entities::tax_rates;
use crate::error::{Result, port};
use crate::journal;
use crate::record::{self, scoped};
use crate::time;
use async_trait::async_trait;
use crm_core::{Actor, DomainError, DomainResult};
use crm_opportunities::events;
use crm_opportunities::ports::TaxRateRepository;
use crm_opportunities::tax::{TaxRate, TaxRates};
use rust_decimal::Decimal;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait, QuerySelect};

pub(crate) struct TaxRateTable(pub Db);

fn rates_of(r: &tax_rates::Model) -> Result<TaxRates> {
    let bad = || DomainError::internal("stored tax rates are unreadable");
    let items: Vec<serde_json::Value> = serde_json::from_str(&r.rates).map_err(|_| bad())?;
    let rates = items
        .into_iter()
        .map(|v| {
            Ok(TaxRate {
                category: v["category"].as_str().ok_or_else(bad)?.to_string(),
                name: v["name"].as_str().map(str::to_string),
                rate: v["rate"]
                    .as_str()
                    .and_then(|s| s.parse::<Decimal>().ok())
                    .ok_or_else(bad)?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(TaxRates { rates })
}

fn text_of(t: &TaxRates) -> String {
    serde_json::Value::from(
        t.rates
            .iter()
            .map(|r| serde_json::json!({"category": r.category, "name": r.name, "rate": r.rate.to_string()}))
            .collect::<Vec<_>>(),
    )
    .to_string()
}

/// The organisation's rates and their version: none and 0 until first set.
pub(crate) async fn rates_in<C: ConnectionTrait>(c: &C, actor: &Actor) -> Result<(TaxRates, i64)> {
    match scoped::<tax_rates::Entity>(actor).one(c).await? {
        Some(r) => Ok((rates_of(&r)?, r.version)),
        None => Ok((TaxRates::default(), 0)),
    }
}

#[async_trait]
impl TaxRateRepository for TaxRateTable {
    async fn get(&self, actor: &Actor) -> DomainResult<(TaxRates, i64)> {
        port(rates_in(&self.0.conn, actor)).await
    }

    #[tracing::instrument(skip_all, fields(org = %actor.org_id))]
    async fn set(
        &self,
        actor: &Actor,
        rates: TaxRates,
        if_version: Option<i64>,
    ) -> DomainResult<(TaxRates, i64)> {
        record::store::write(&self.0, async |txn| {
            let stored = scoped::<tax_rates::Entity>(actor)
                .lock_exclusive()
                .one(txn)
                .await?;
            let current = stored.as_ref().map_or(0, |r| r.version);
            record::check_version(current, if_version)?;
            let before = stored.as_ref().map(rates_of).transpose()?;
            let row = tax_rates::ActiveModel {
                org_id: Set(actor.org_id.0),
                rates: Set(text_of(&rates)),
                updated_at: Set(time::now()),
                version: Set(current + 1),
            };
            if current == 0 {
                row.insert(txn).await?;
            } else {
                row.update(txn).await?;
            }
            journal::record_change(
                txn,
                actor,
                events::TAX_RATES_UPDATED,
                actor.org_id.0,
                before.as_ref(),
                Some(&rates),
            )
            .await?;
            Ok((rates, current + 1))
        })
        .await
    }
}
