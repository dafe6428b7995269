//! List parameters (`limit`, `cursor`, `sort`, `include`) and the page body.

use crate::http::cursor::Seal;
use crm_core::FieldError;
use crm_core::page::PageRequest;
use crm_core::sort::SortField;
use serde::Deserialize;

/// The paging parameters every list takes (declared on each list by `list_params!`).
#[derive(Debug, Default, Clone, Deserialize)]
pub struct PageParams {
    pub limit: Option<i64>,
    pub cursor: Option<String>,
    pub sort: Option<String>,
    pub include: Option<String>,
}

impl PageParams {
    /// Validates the parameters against the sortable fields, with a default sort.
    /// Errors name the parameter; the caller decides whether they are query (400) or
    /// body (422) errors.
    pub fn to_request(
        &self,
        sortable: &[SortField],
        default_sort: Option<&str>,
        seal: &Seal,
    ) -> Result<PageRequest, Vec<FieldError>> {
        let cursor = match self.cursor.as_deref().map(|c| seal.open(c)).transpose() {
            Ok(c) => c,
            Err(e) => return Err(vec![e]),
        };
        let include_total = match self.include.as_deref() {
            None => false,
            Some("total") => true,
            Some(other) => {
                return Err(vec![FieldError::new(
                    "include",
                    "invalid_value",
                    format!("'{other}' cannot be included; use 'total'"),
                )]);
            }
        };
        let sort = self.sort.as_deref().or(default_sort);
        PageRequest::parse(self.limit, cursor, sort, include_total, sortable)
    }
}

/// Reads a search body: its paging (errors are 422, as body fields) and its filter tree,
/// checked against `catalogue`.
pub fn parse_search(
    filter: Option<&serde_json::Value>,
    page: PageParams,
    catalogue: &crm_core::filter::FieldCatalogue,
    sortable: &[SortField],
    seal: &Seal,
) -> Result<(PageRequest, Option<crm_core::filter::Filter>), crate::http::error::ApiError> {
    use crate::http::error::ApiError;
    let page = page
        .to_request(sortable, None, seal)
        .map_err(ApiError::validation)?;
    let filter = filter
        .map(|v| crm_core::filter::Filter::parse(v, catalogue, "filter"))
        .transpose()
        .map_err(ApiError::validation)?;
    Ok((page, filter))
}

/// Declares a page body type for one resource: `{data, next_cursor, total}`.
#[macro_export]
macro_rules! page_of {
    ($name:ident, $item:ty) => {
        #[doc = concat!("A page of ", stringify!($item), ".")]
        #[derive(Debug, serde::Serialize, utoipa::ToSchema)]
        #[schema(description = concat!("One page of a list of `", stringify!($item), "`: the items in the list's order, and the cursor of the next page."))]
        pub struct $name {
            /// This page's items, in the list's order.
            pub data: Vec<$item>,
            /// Pass as `cursor` to get the next page; null on the last page.
            pub next_cursor: Option<String>,
            /// The number of matching items, when `include=total` asked for it.
            #[serde(skip_serializing_if = "Option::is_none")]
            pub total: Option<u64>,
        }

        impl $name {
            /// The page as answered, its next cursor sealed to this request.
            pub fn from_page<T>(
                page: crm_core::page::Page<T>,
                seal: &$crate::http::cursor::Seal,
                f: impl FnMut(T) -> $item,
            ) -> Self {
                let page = seal.page(page).map(f);
                Self {
                    data: page.items,
                    next_cursor: page.next_cursor,
                    total: page.total,
                }
            }
        }
    };
}

/// Declares the query parameters of a list: the resource's own typed filters plus
/// `limit`, `cursor`, `sort` and `include`. Unknown parameters are refused.
#[macro_export]
macro_rules! list_params {
    ($(#[$meta:meta])* $name:ident, sort = $sort:literal { $($(#[$fmeta:meta])* $field:ident : $ty:ty),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
        #[serde(deny_unknown_fields)]
        #[into_params(parameter_in = Query)]
        pub struct $name {
            $($(#[$fmeta])* pub $field: $ty,)*
            /// Items per page, 1 to 200.
            #[param(minimum = 1, maximum = 200, default = 50)]
            pub limit: Option<i64>,
            /// The `next_cursor` of the previous page (opaque; a tampered cursor is a 400).
            #[param(pattern = "^[A-Za-z0-9_-]{1,2000}$")]
            pub cursor: Option<String>,
            /// The field to sort by; `-` before it sorts descending. Several fields in
            /// one direction may be joined with commas.
            #[param(pattern = $sort)]
            pub sort: Option<String>,
            /// `total` adds the count of all matching items (slower on large lists).
            #[param(pattern = "^total$")]
            pub include: Option<String>,
        }

        impl $name {
            /// The paging part of the parameters.
            pub fn page(&self) -> $crate::http::page::PageParams {
                $crate::http::page::PageParams {
                    limit: self.limit,
                    cursor: self.cursor.clone(),
                    sort: self.sort.clone(),
                    include: self.include.clone(),
                }
            }
        }
    };
}

/// Declares the body of a resource's `POST …/search`: a filter tree, documented by the
/// resource (its fields and an example), and the page wanted, sortable as `sort` says.
/// `into_parts` hands both to `record_routes!`'s search.
#[macro_export]
macro_rules! search_request {
    ($(#[$meta:meta])* $name:ident, example = $example:tt, sort = $sort:literal) => {
        /// A search: a filter tree and the page wanted.
        #[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
        #[serde(deny_unknown_fields)]
        #[schema(example = json!({"filter": $example, "limit": 50}))]
        pub struct $name {
            $(#[$meta])*
            #[schema(value_type = Option<$crate::http::filter::FilterNode>, example = json!($example))]
            pub filter: Option<serde_json::Value>,
            #[schema(minimum = 1, maximum = 200)]
            pub limit: Option<i64>,
            #[schema(pattern = "^[A-Za-z0-9_-]{1,2000}$")]
            pub cursor: Option<String>,
            #[schema(pattern = $sort)]
            pub sort: Option<String>,
            #[schema(pattern = "^total$")]
            pub include: Option<String>,
        }

        impl $name {
            /// The filter tree as sent, and the paging part.
            pub fn into_parts(self) -> (Option<serde_json::Value>, $crate::http::page::PageParams) {
                let page = $crate::http::page::PageParams {
                    limit: self.limit,
                    cursor: self.cursor,
                    sort: self.sort,
                    include: self.include,
                };
                (self.filter, page)
            }
        }
    };
}

/// The `tag` parameter's condition: the record carries the tag (trimmed).
pub fn tagged(tag: Option<&crate::http::text::Bounded<50>>) -> Option<crm_core::filter::Filter> {
    use crm_core::filter::{FieldType, Filter, Op, Scalar};
    tag.map(|t| {
        let tag = Scalar::Text(t.as_str().trim().into());
        Filter::one("tags", FieldType::TextSet, true, Op::Contains, tag)
    })
}

/// What a resource's list parameters (declared with `list_params!`) give the list that
/// `record_routes!` declares: the typed filters as one filter tree, and the free text.
pub trait Listing {
    /// The filters set, all of which must hold; an invalid combination is a 400 naming
    /// the parameter. `actor` is the caller, for filters such as `assignee=me`.
    fn filter(
        &self,
        actor: &crm_core::Actor,
    ) -> Result<Option<crm_core::filter::Filter>, crate::http::error::ApiError>;
    /// The free text (`q`), if not blank.
    fn text(&self) -> Option<&str> {
        None
    }
}
