//! Price lists (issue 18 item 3): special prices for products in one currency, valid
//! between two dates, each price whole ten-thousandths as every money column.

use crate::statements::{col, fk, index};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::{Cascade, Restrict};
        let t = "price_lists";
        m.create_table(
            Table::create()
                .table(Alias::new(t))
                .if_not_exists()
                .col(col("id").uuid().not_null().primary_key())
                .col(col("org_id").uuid().not_null())
                .col(col("name").string().not_null())
                .col(col("currency").string_len(3).not_null())
                .col(col("valid_from").date().null())
                .col(col("valid_until").date().null())
                .col(col("active").boolean().not_null())
                .col(col("created_at").timestamp_with_time_zone().not_null())
                .col(col("updated_at").timestamp_with_time_zone().not_null())
                .col(col("version").big_integer().not_null())
                .col(col("deleted_at").timestamp_with_time_zone().null())
                .foreign_key(&mut fk(t, "org_id", "organisations", Cascade))
                .to_owned(),
        )
        .await?;
        m.create_index(index(t, "ix_price_lists_org", &["org_id", "created_at", "id"], false))
            .await?;
        let items = "price_list_items";
        m.create_table(
            Table::create()
                .table(Alias::new(items))
                .if_not_exists()
                .col(col("price_list_id").uuid().not_null())
                .col(col("product_id").uuid().not_null())
                .col(col("org_id").uuid().not_null())
                .col(col("position").integer().not_null())
                .col(col("amount_units").big_integer().not_null())
                .primary_key(
                    Index::create()
                        .col(Alias::new("price_list_id"))
                        .col(Alias::new("product_id")),
                )
                .foreign_key(&mut fk(items, "price_list_id", t, Cascade))
                .foreign_key(&mut fk(items, "product_id", "products", Restrict))
                .foreign_key(&mut fk(items, "org_id", "organisations", Cascade))
                .to_owned(),
        )
        .await?;
        // An order's price: the lists pricing a product.
        m.create_index(index(
            items,
            "ix_price_list_items_product",
            &["org_id", "product_id"],
            false,
        ))
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in ["price_list_items", "price_lists"] {
            m.drop_table(Table::drop().table(Alias::new(t)).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}
