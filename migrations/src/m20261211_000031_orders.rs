//! Orders (issue 18 item 4): a person's or company's purchases in one currency, their
//! priced lines (every amount and rate in whole ten-thousandths, as every money column),
//! their refunds and their tags. An opportunity converts to at most one order.

use crate::statements::{col, fk, index};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// `(name, columns, unique)` of the indexes on `orders`.
const ORDER_INDEXES: &[(&str, &[&str], bool)] = &[
    ("ix_orders_org_created", &["org_id", "created_at", "id"], false),
    // A customer's purchase history, newest first.
    ("ix_orders_person_date", &["org_id", "person_id", "order_date"], false),
    ("ix_orders_company_date", &["org_id", "company_id", "order_date"], false),
    ("ix_orders_org_date", &["org_id", "order_date", "id"], false),
    ("ux_orders_org_external", &["org_id", "external_id"], true),
    ("ux_orders_org_opportunity", &["org_id", "opportunity_id"], true),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::Cascade;
        let t = "orders";
        let money = |name: &str| col(name).big_integer().not_null().to_owned();
        m.create_table(
            Table::create()
                .table(Alias::new(t))
                .if_not_exists()
                .col(col("id").uuid().not_null().primary_key())
                .col(col("org_id").uuid().not_null())
                .col(col("person_id").uuid().null())
                .col(col("company_id").uuid().null())
                .col(col("opportunity_id").uuid().null())
                .col(col("status").string_len(20).not_null())
                .col(col("currency").string_len(3).not_null())
                .col(col("order_date").date().not_null())
                .col(col("channel").string().null())
                .col(col("code").string().null())
                .col(col("price_list_id").uuid().null())
                .col(money("subtotal_units"))
                .col(money("discount_units"))
                .col(money("tax_units"))
                .col(money("total_units"))
                .col(money("refunded_units"))
                .col(col("notes").text().null())
                .col(col("external_id").string().null())
                .col(col("paid_at").timestamp_with_time_zone().null())
                .col(col("fulfilled_at").timestamp_with_time_zone().null())
                .col(col("cancelled_at").timestamp_with_time_zone().null())
                .col(col("created_by").uuid().null())
                .col(col("created_at").timestamp_with_time_zone().not_null())
                .col(col("updated_at").timestamp_with_time_zone().not_null())
                .col(col("version").big_integer().not_null())
                .col(col("deleted_at").timestamp_with_time_zone().null())
                .foreign_key(&mut fk(t, "org_id", "organisations", Cascade))
                .to_owned(),
        )
        .await?;
        for (name, cols, unique) in ORDER_INDEXES {
            m.create_index(index(t, name, cols, *unique)).await?;
        }
        let lines = "order_lines";
        m.create_table(
            Table::create()
                .table(Alias::new(lines))
                .if_not_exists()
                .col(col("id").uuid().not_null().primary_key())
                .col(col("org_id").uuid().not_null())
                .col(col("order_id").uuid().not_null())
                .col(col("position").integer().not_null())
                .col(col("product_id").uuid().null())
                .col(col("sku").string().null())
                .col(col("description").string().not_null())
                .col(money("quantity_units"))
                .col(money("unit_price_units"))
                .col(col("price_source").string_len(20).not_null())
                .col(col("price_list_id").uuid().null())
                .col(money("gross_units"))
                .col(col("discount_percent_units").big_integer().null())
                .col(money("discount_units"))
                .col(money("net_units"))
                .col(col("tax_category").string().null())
                .col(money("tax_rate_units"))
                .col(money("tax_units"))
                .col(money("total_units"))
                .foreign_key(&mut fk(lines, "order_id", t, Cascade))
                .foreign_key(&mut fk(lines, "org_id", "organisations", Cascade))
                .to_owned(),
        )
        .await?;
        m.create_index(index(lines, "ix_order_lines_order", &["order_id", "position"], true))
            .await?;
        // What a customer bought: orders by product.
        m.create_index(index(
            lines,
            "ix_order_lines_product",
            &["org_id", "product_id", "order_id"],
            false,
        ))
        .await?;
        let refunds = "order_refunds";
        m.create_table(
            Table::create()
                .table(Alias::new(refunds))
                .if_not_exists()
                .col(col("id").uuid().not_null().primary_key())
                .col(col("org_id").uuid().not_null())
                .col(col("order_id").uuid().not_null())
                .col(money("amount_units"))
                .col(col("reason").string().null())
                .col(col("refunded_at").timestamp_with_time_zone().not_null())
                .col(col("refunded_by").uuid().null())
                .foreign_key(&mut fk(refunds, "order_id", t, Cascade))
                .foreign_key(&mut fk(refunds, "org_id", "organisations", Cascade))
                .to_owned(),
        )
        .await?;
        m.create_index(index(refunds, "ix_order_refunds_order", &["order_id", "id"], false))
            .await?;
        let tags = "order_tags";
        m.create_table(
            Table::create()
                .table(Alias::new(tags))
                .if_not_exists()
                .col(col("order_id").uuid().not_null())
                .col(col("tag_id").uuid().not_null())
                .col(col("org_id").uuid().not_null())
                .primary_key(
                    Index::create()
                        .col(Alias::new("order_id"))
                        .col(Alias::new("tag_id")),
                )
                .foreign_key(&mut fk(tags, "order_id", t, Cascade))
                .foreign_key(&mut fk(tags, "tag_id", "tags", Cascade))
                .to_owned(),
        )
        .await?;
        m.create_index(index(tags, "ix_order_tags_tag", &["tag_id", "order_id"], false))
            .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in ["order_tags", "order_refunds", "order_lines", "orders"] {
            m.drop_table(Table::drop().table(Alias::new(t)).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}
