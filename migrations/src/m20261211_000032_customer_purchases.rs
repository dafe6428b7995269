//! Each customer's purchases in one line (issue 18 item 5): what people search filters
//! and sorts by (`spend.total`, `orders.last_at`…), rewritten from the orders in the
//! transaction of every order write, refund, delete, restore and merge.

use crate::statements::{col, fk, index};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::Cascade;
        let t = "customer_purchases";
        m.create_table(
            Table::create()
                .table(Alias::new(t))
                .if_not_exists()
                // A person's or a company's id (ids are unique across both).
                .col(col("party_id").uuid().not_null().primary_key())
                .col(col("org_id").uuid().not_null())
                .col(col("party_kind").string_len(10).not_null())
                // The currency of the latest purchase, and the spend in it.
                .col(col("currency").string_len(3).not_null())
                .col(col("spent_units").big_integer().not_null())
                .col(col("order_count").big_integer().not_null())
                .col(col("first_order_date").date().not_null())
                .col(col("last_order_date").date().not_null())
                .foreign_key(&mut fk(t, "org_id", "organisations", Cascade))
                .to_owned(),
        )
        .await?;
        m.create_index(index(t, "ix_customer_purchases_org_spent", &["org_id", "spent_units"], false))
            .await?;
        m.create_index(index(
            t,
            "ix_customer_purchases_org_last",
            &["org_id", "last_order_date"],
            false,
        ))
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(
            Table::drop()
                .table(Alias::new("customer_purchases"))
                .if_exists()
                .to_owned(),
        )
        .await
    }
}
