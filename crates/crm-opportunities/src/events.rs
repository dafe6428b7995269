//! The event types of the opportunities area.

use crm_core::EventType;

pub const PIPELINE_CREATED: EventType =
    EventType::new("pipeline.created", "pipeline", "A sales pipeline was added");
pub const PIPELINE_UPDATED: EventType = EventType::new(
    "pipeline.updated",
    "pipeline",
    "A pipeline changed (its name, or stages added, reordered, renamed or retired)",
);
pub const PIPELINE_DELETED: EventType = EventType::new(
    "pipeline.deleted",
    "pipeline",
    "A pipeline was deleted (restorable)",
);
pub const PIPELINE_RESTORED: EventType = EventType::new(
    "pipeline.restored",
    "pipeline",
    "A deleted pipeline was restored",
);

pub const OPPORTUNITY_CREATED: EventType = EventType::new(
    "opportunity.created",
    "opportunity",
    "An opportunity was added",
);
pub const OPPORTUNITY_UPDATED: EventType = EventType::new(
    "opportunity.updated",
    "opportunity",
    "An opportunity changed (a stage move, a won or lost close among them)",
);
pub const OPPORTUNITY_DELETED: EventType = EventType::new(
    "opportunity.deleted",
    "opportunity",
    "An opportunity was deleted (restorable)",
);
pub const OPPORTUNITY_RESTORED: EventType = EventType::new(
    "opportunity.restored",
    "opportunity",
    "A deleted opportunity was restored",
);

pub const PRODUCT_CREATED: EventType = EventType::new(
    "product.created",
    "product",
    "A product was added to the catalogue",
);
pub const PRODUCT_UPDATED: EventType = EventType::new(
    "product.updated",
    "product",
    "A product changed (its prices, its active flag among them)",
);
pub const PRODUCT_DELETED: EventType = EventType::new(
    "product.deleted",
    "product",
    "A product was deleted (restorable)",
);
pub const PRODUCT_RESTORED: EventType = EventType::new(
    "product.restored",
    "product",
    "A deleted product was restored",
);

pub const PRICE_LIST_CREATED: EventType =
    EventType::new("price_list.created", "price_list", "A price list was added");
pub const PRICE_LIST_UPDATED: EventType = EventType::new(
    "price_list.updated",
    "price_list",
    "A price list changed (its dates, its prices among them)",
);
pub const PRICE_LIST_DELETED: EventType = EventType::new(
    "price_list.deleted",
    "price_list",
    "A price list was deleted (restorable)",
);
pub const PRICE_LIST_RESTORED: EventType = EventType::new(
    "price_list.restored",
    "price_list",
    "A deleted price list was restored",
);

pub const TAX_RATES_UPDATED: EventType = EventType::new(
    "tax_rates.updated",
    "tax_rates",
    "The organisation's tax rates were replaced",
);

pub const ORDER_CREATED: EventType = EventType::new(
    "order.created",
    "order",
    "An order was placed (or imported, or converted from a won opportunity)",
);
pub const ORDER_UPDATED: EventType = EventType::new(
    "order.updated",
    "order",
    "An order changed (paid, fulfilled or cancelled among them)",
);
pub const ORDER_REFUNDED: EventType = EventType::new(
    "order.refunded",
    "order",
    "Part or all of a paid order was refunded",
);
pub const ORDER_DELETED: EventType = EventType::new(
    "order.deleted",
    "order",
    "An order was deleted (restorable)",
);
pub const ORDER_RESTORED: EventType =
    EventType::new("order.restored", "order", "A deleted order was restored");

pub const SCORING_RULE_CREATED: EventType = EventType::new(
    "scoring_rule.created",
    "scoring_rule",
    "A lead scoring rule was added",
);
pub const SCORING_RULE_UPDATED: EventType = EventType::new(
    "scoring_rule.updated",
    "scoring_rule",
    "A lead scoring rule changed",
);
pub const SCORING_RULE_DELETED: EventType = EventType::new(
    "scoring_rule.deleted",
    "scoring_rule",
    "A lead scoring rule was deleted (restorable)",
);
pub const SCORING_RULE_RESTORED: EventType = EventType::new(
    "scoring_rule.restored",
    "scoring_rule",
    "A deleted lead scoring rule was restored",
);
pub const SCORE_THRESHOLDS_UPDATED: EventType = EventType::new(
    "score_thresholds.updated",
    "score_thresholds",
    "The organisation's score thresholds were replaced",
);
/// Journaled on the person, so that erasing them scrubs it with their other entries.
pub const PERSON_PAGE_VISITED: EventType = EventType::new(
    "person.page_visited",
    "person",
    "An integration reported a page the person visited",
);
/// Sent by the scoring jobs, not by a request: the person's score reached or fell
/// below one of the organisation's thresholds.
pub const PERSON_SCORE_CHANGED: EventType = EventType::new(
    "person.score_changed",
    "person",
    "A person's lead score crossed one of the organisation's thresholds",
);

/// Every event type of the area, for the catalogue.
pub const ALL: &[EventType] = &[
    PIPELINE_CREATED,
    PIPELINE_UPDATED,
    PIPELINE_DELETED,
    PIPELINE_RESTORED,
    OPPORTUNITY_CREATED,
    OPPORTUNITY_UPDATED,
    OPPORTUNITY_DELETED,
    OPPORTUNITY_RESTORED,
    PRODUCT_CREATED,
    PRODUCT_UPDATED,
    PRODUCT_DELETED,
    PRODUCT_RESTORED,
    PRICE_LIST_CREATED,
    PRICE_LIST_UPDATED,
    PRICE_LIST_DELETED,
    PRICE_LIST_RESTORED,
    TAX_RATES_UPDATED,
    ORDER_CREATED,
    ORDER_UPDATED,
    ORDER_REFUNDED,
    ORDER_DELETED,
    ORDER_RESTORED,
    SCORING_RULE_CREATED,
    SCORING_RULE_UPDATED,
    SCORING_RULE_DELETED,
    SCORING_RULE_RESTORED,
    SCORE_THRESHOLDS_UPDATED,
    PERSON_PAGE_VISITED,
    PERSON_SCORE_CHANGED,
];
