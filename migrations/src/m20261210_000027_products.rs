//! The product catalogue (issue 18 item 3): products by SKU, unique in the
//! organisation, with one unit price per currency (whole ten-thousandths, as every
//! money column) and their tags.

use crate::statements::{col, fk, index};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::Cascade;
        let t = "products";
        m.create_table(
            Table::create()
                .table(Alias::new(t))
                .if_not_exists()
                .col(col("id").uuid().not_null().primary_key())
                .col(col("org_id").uuid().not_null())
                .col(col("sku").string().not_null())
                .col(col("name").string().not_null())
                .col(col("description").text().null())
                .col(col("category").string().null())
                .col(col("tax_category").string().null())
                .col(col("active").boolean().not_null())
                .col(col("created_at").timestamp_with_time_zone().not_null())
                .col(col("updated_at").timestamp_with_time_zone().not_null())
                .col(col("version").big_integer().not_null())
                .col(col("deleted_at").timestamp_with_time_zone().null())
                .foreign_key(&mut fk(t, "org_id", "organisations", Cascade))
                .to_owned(),
        )
        .await?;
        for (name, cols, unique) in [
            ("ix_products_org_created", &["org_id", "created_at", "id"][..], false),
            ("ux_products_org_sku", &["org_id", "sku"][..], true),
            ("ix_products_org_name", &["org_id", "name", "id"][..], false),
        ] {
            m.create_index(index(t, name, cols, unique)).await?;
        }
        m.create_table(
            Table::create()
                .table(Alias::new("product_prices"))
                .if_not_exists()
                .col(col("product_id").uuid().not_null())
                .col(col("currency").string_len(3).not_null())
                .col(col("org_id").uuid().not_null())
                .col(col("amount_units").big_integer().not_null())
                .primary_key(
                    Index::create()
                        .col(Alias::new("product_id"))
                        .col(Alias::new("currency")),
                )
                .foreign_key(&mut fk("product_prices", "product_id", t, Cascade))
                .foreign_key(&mut fk("product_prices", "org_id", "organisations", Cascade))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Alias::new("product_tags"))
                .if_not_exists()
                .col(col("product_id").uuid().not_null())
                .col(col("tag_id").uuid().not_null())
                .col(col("org_id").uuid().not_null())
                .primary_key(
                    Index::create()
                        .col(Alias::new("product_id"))
                        .col(Alias::new("tag_id")),
                )
                .foreign_key(&mut fk("product_tags", "product_id", t, Cascade))
                .foreign_key(&mut fk("product_tags", "tag_id", "tags", Cascade))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "product_tags",
            "ix_product_tags_tag",
            &["tag_id", "product_id"],
            false,
        ))
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in ["product_tags", "product_prices", "products"] {
            m.drop_table(Table::drop().table(Alias::new(t)).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}
