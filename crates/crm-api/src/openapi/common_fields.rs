//! Descriptions by rule for the properties every resource shares (`id`, `version`,
//! timestamps, `owner_id`, paging…), given where a schema leaves one out, so each
//! means the same everywhere and no schema has to repeat it.

use utoipa::openapi::{OpenApi, RefOr, Schema};

/// A shared property and what it means wherever it appears.
const COMMON: &[(&str, &str)] = &[
    (
        "id",
        "The record's id: a UUID v7, so ids sort by creation time",
    ),
    (
        "version",
        "Incremented by every change; the `ETag` of the record, for `If-Match`",
    ),
    ("created_at", "When the record was created (RFC 3339, UTC)"),
    ("updated_at", "When the record last changed (RFC 3339, UTC)"),
    (
        "deleted_at",
        "When the record was moved to the bin; null while it is live",
    ),
    (
        "owner_id",
        "The staff user responsible for the record; null when nobody is",
    ),
    (
        "external_id",
        "The record's id in another system, unique within the organisation",
    ),
    (
        "tags",
        "Tag names from the organisation's catalogue; new names join it",
    ),
    (
        "addresses",
        "Postal addresses; the first is primary unless another says so",
    ),
    ("social_profiles", "Profiles on social networks"),
    (
        "source",
        "How the record arrived: a channel and a free-text detail",
    ),
    ("first_name", "Given name"),
    ("last_name", "Family name"),
    (
        "language",
        "Preferred language, as a BCP 47 tag such as `en-GB`",
    ),
    ("time_zone", "IANA time zone, such as `Europe/London`"),
    ("birthday", "Date of birth (YYYY-MM-DD)"),
    ("emails", "Email addresses; at most one is primary"),
    ("phones", "Phone numbers in E.164; at most one is primary"),
    ("website", "The web site's URL"),
    ("industry", "The industry, in the organisation's own words"),
    ("size", "Head-count band"),
    ("domain", "The web domain, stored bare (`engines.example`)"),
    (
        "lifecycle_stage",
        "Where the person stands in the customer lifecycle",
    ),
    ("company_id", "The company's id"),
    ("label", "What kind of address or number it is"),
    ("primary", "Whether this is the preferred entry of its list"),
    ("line1", "First address line"),
    ("line2", "Second address line"),
    ("city", "City or town"),
    ("region", "State, county or province"),
    ("postal_code", "Postal or ZIP code"),
    ("country", "ISO 3166-1 alpha-2 country code"),
    ("data", "The items of this page, in the list's order"),
    ("limit", "Items per page, 1 to 200 (50 when absent)"),
    ("cursor", "The `next_cursor` of the previous page (opaque)"),
    (
        "sort",
        "The field to sort by; `-` before it sorts descending",
    ),
    (
        "include",
        "`total` adds the count of all matching items (slower on large lists)",
    ),
    ("filter", "A filter tree (see `FilterNode`)"),
    (
        "items",
        "The batch's items, 1 to 100, each answered on its own",
    ),
    ("results", "One result per item, in the items' order"),
    ("index", "The item's position in the request, from 0"),
    ("error", "The item's problem, when it failed"),
    ("errors", "Each invalid field, named by its JSON path"),
    ("match_on", "The natural key an upsert matches on"),
    (
        "actor_id",
        "The user or API key that acted; null for the system",
    ),
    ("actor_kind", "Who acted: `user`, `api_key` or `system`"),
    ("created_by", "The staff user who created it"),
    ("email", "Email address, stored lower-cased"),
    ("name", "Display name"),
    ("title", "Job title"),
    ("detail", "Free text"),
    ("channel", "The channel"),
    ("status", "The current state"),
    (
        "password",
        "At least 10 characters; checked against a list of breached passwords",
    ),
    ("last_login_at", "When the user last signed in"),
    ("last_used_at", "When the key was last used"),
    ("expires_at", "When it stops working; null for never"),
    ("revoked_at", "When it was revoked; null while it works"),
    ("occurred_at", "When it happened"),
    ("merged_ids", "The records folded into this one"),
    ("reasons", "Why the records look alike"),
    (
        "required",
        "Whether every record of the resource must have a value",
    ),
];

/// Gives each property listed in [`COMMON`] its description where it has none.
pub(super) fn describe(doc: &mut OpenApi) {
    let Some(components) = doc.components.as_mut() else {
        return;
    };
    for schema in components.schemas.values_mut() {
        let RefOr::T(Schema::Object(o)) = schema else {
            continue;
        };
        for prop in o.properties.values_mut() {
            hoist(prop);
        }
        for (name, prop) in o.properties.iter_mut() {
            let Some((_, text)) = COMMON.iter().find(|(n, _)| n == name) else {
                continue;
            };
            match prop {
                RefOr::T(Schema::Object(p)) if p.description.is_none() => {
                    p.description = Some(text.to_string());
                }
                RefOr::T(Schema::Array(a)) if a.description.is_none() => {
                    a.description = Some(text.to_string());
                }
                RefOr::T(Schema::OneOf(x)) if x.description.is_none() => {
                    x.description = Some(text.to_string());
                }
                _ => {}
            }
        }
    }
}

/// An optional reference (`oneOf: [$ref, null]`) carries its field's text on the
/// reference; the property shows it too, where readers and generators look.
fn hoist(prop: &mut RefOr<Schema>) {
    let RefOr::T(Schema::OneOf(x)) = prop else {
        return;
    };
    if x.description.is_some() {
        return;
    }
    let text = x.items.iter().find_map(|i| match i {
        RefOr::Ref(r) if !r.description.is_empty() => Some(r.description.clone()),
        _ => None,
    });
    x.description = text;
}
