//! Wire types of price lists: as read, as created and as patched.

use crate::http::money::AmountDto;
use crate::http::patch::Patch;
use chrono::{DateTime, NaiveDate, Utc};
use crm_opportunities::price_list::{ItemInput, PriceList, PriceListInput, PriceListItem};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// A product's special price on a list.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PriceListItemDto {
    /// A live product of the organisation, listed once.
    pub product_id: Uuid,
    /// Its price on this list, in the list's currency.
    pub price: AmountDto,
}

impl From<PriceListItem> for PriceListItemDto {
    fn from(i: PriceListItem) -> Self {
        Self {
            product_id: i.product_id,
            price: i.price.into(),
        }
    }
}

impl From<PriceListItemDto> for ItemInput {
    fn from(i: PriceListItemDto) -> Self {
        ItemInput {
            product_id: i.product_id,
            price: i.price.into(),
        }
    }
}

/// Special prices for products in one currency, between two dates.
#[derive(Debug, Serialize, ToSchema)]
pub struct PriceListDto {
    pub id: Uuid,
    /// What the organisation calls it.
    #[schema(example = "Winter offer")]
    pub name: String,
    /// The ISO 4217 currency of every price on it.
    #[schema(example = "EUR", pattern = "^[A-Z]{3}$")]
    pub currency: String,
    /// The first day it applies; null for no start.
    pub valid_from: Option<NaiveDate>,
    /// The last day it applies (included); null for no end.
    pub valid_until: Option<NaiveDate>,
    /// Whether it applies at all (within its dates).
    pub active: bool,
    /// Its prices, in the order given.
    pub items: Vec<PriceListItemDto>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

impl From<PriceList> for PriceListDto {
    fn from(p: PriceList) -> Self {
        Self {
            id: p.id,
            name: p.name,
            currency: p.currency.as_str().to_string(),
            valid_from: p.valid_from,
            valid_until: p.valid_until,
            active: p.active,
            items: p.items.into_iter().map(Into::into).collect(),
            created_at: p.created_at,
            updated_at: p.updated_at,
            version: p.version,
        }
    }
}

crate::page_of!(PriceListPage, PriceListDto);

/// A price list to add.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "Winter offer", "currency": "EUR", "valid_from": "2026-12-01", "valid_until": "2027-02-28",
    "items": [{"product_id": "01938f4e-8a4b-7c3d-9e2f-0a1b2c3d4e5f", "price": {"amount": "89.00", "currency": "EUR"}}]}))]
pub struct CreatePriceListRequest {
    /// What the organisation calls it.
    #[schema(min_length = 1, max_length = 100, pattern = "\\S")]
    pub name: String,
    /// The ISO 4217 currency of every price on it.
    #[schema(pattern = "^[A-Z]{3}$")]
    pub currency: String,
    /// The first day it applies.
    pub valid_from: Option<NaiveDate>,
    /// The last day it applies (included), on or after `valid_from`.
    pub valid_until: Option<NaiveDate>,
    /// Whether it applies at all (true if absent).
    pub active: Option<bool>,
    /// Its prices: each product once, in the list's currency.
    #[serde(default)]
    #[schema(max_items = 1000)]
    pub items: Vec<PriceListItemDto>,
}

impl From<CreatePriceListRequest> for PriceListInput {
    fn from(r: CreatePriceListRequest) -> Self {
        PriceListInput {
            name: Some(Some(r.name)),
            currency: Some(Some(r.currency)),
            valid_from: r.valid_from.map(Some),
            valid_until: r.valid_until.map(Some),
            active: r.active.map(Some),
            items: Some(r.items.into_iter().map(Into::into).collect()),
        }
    }
}

/// A merge-patch of a price list: absent fields stay, `null` clears a date; `items`,
/// when sent, replaces every price.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"valid_until": "2027-03-15"}))]
pub struct UpdatePriceListRequest {
    /// What the organisation calls it.
    #[serde(default)]
    #[schema(value_type = String, required = false, min_length = 1, max_length = 100, pattern = "\\S")]
    pub name: Patch<String>,
    /// The ISO 4217 currency of every price on it (send `items` in it too).
    #[serde(default)]
    #[schema(value_type = String, required = false, pattern = "^[A-Z]{3}$")]
    pub currency: Patch<String>,
    /// The first day it applies; null for no start.
    #[serde(default)]
    #[schema(value_type = Option<NaiveDate>)]
    pub valid_from: Patch<NaiveDate>,
    /// The last day it applies (included); null for no end.
    #[serde(default)]
    #[schema(value_type = Option<NaiveDate>)]
    pub valid_until: Patch<NaiveDate>,
    /// Whether it applies at all.
    #[serde(default)]
    #[schema(value_type = bool, required = false)]
    pub active: Patch<bool>,
    /// Every price, replacing the stored ones.
    #[serde(default)]
    #[schema(max_items = 1000)]
    pub items: Option<Vec<PriceListItemDto>>,
}

impl From<UpdatePriceListRequest> for PriceListInput {
    fn from(r: UpdatePriceListRequest) -> Self {
        PriceListInput {
            name: r.name.map_field(|v| v),
            currency: r.currency.map_field(|v| v),
            valid_from: r.valid_from.map_field(|v| v),
            valid_until: r.valid_until.map_field(|v| v),
            active: r.active.map_field(|v| v),
            items: r.items.map(|i| i.into_iter().map(Into::into).collect()),
        }
    }
}
