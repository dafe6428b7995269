//! Orders: priced by the server from price lists, products and tax rates with the
//! documented rounding, every bad line named with nothing written, statuses that move
//! forward only, refunds that never pass what was paid, lines replaced only while
//! pending, won opportunities converted once, a customer's purchase history, sums exact
//! in SQL, and another organisation seeing none.

use actix_web::http::Method;
use crm_tests::TestApp;
use serde_json::{Value, json};

async fn create(app: &TestApp, t: &str, path: &str, body: Value) -> Value {
    let r = app.post(path).bearer(t).json(body).send().await;
    assert_eq!(r.status, 201, "{path}: {}", r.text);
    r.body
}

fn id(v: &Value) -> String {
    v["id"].as_str().unwrap_or_default().to_string()
}

fn eur(amount: &str) -> Value {
    json!({"amount": amount, "currency": "EUR"})
}

/// Tax rates, a taxed product at 10.00 EUR and a person to sell to.
async fn catalogue(app: &TestApp, t: &str) -> (String, String) {
    let r = app
        .req(Method::PUT, "/v1/tax-rates")
        .bearer(t)
        .json(json!({"rates": [{"category": "standard", "rate": "20"}, {"category": "reduced", "rate": "5.5"}]}))
        .send()
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let seat = create(
        app,
        t,
        "/v1/products",
        json!({"sku": "SEAT-1M", "name": "Seat, monthly", "tax_category": "standard",
               "prices": [eur("10.00"), {"amount": "12", "currency": "USD"}]}),
    )
    .await;
    let ada = create(app, t, "/v1/people", json!({"first_name": "Ada"})).await;
    (id(&seat), id(&ada))
}

#[actix_web::test]
async fn an_order_is_priced_by_the_server_from_the_price_list_the_product_and_the_tax_rate() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let (seat, ada) = catalogue(&app, &t).await;
    let offer = create(
        &app,
        &t,
        "/v1/price-lists",
        json!({"name": "Winter", "currency": "EUR", "valid_from": "2027-01-01",
               "valid_until": "2027-02-28", "items": [{"product_id": seat, "price": eur("8.95")}]}),
    )
    .await;
    // In the offer's window the list's price applies; 3 × 8.95 = 26.85, 10% off is
    // 2.685 → 2.69 (halves away from zero), net 24.16, VAT 20% 4.832 → 4.83.
    let o = create(
        &app,
        &t,
        "/v1/orders",
        json!({"person_id": ada, "currency": "EUR", "order_date": "2027-01-15", "channel": "web",
               "lines": [
                   {"product_id": seat, "quantity": "3", "discount_percent": "10"},
                   {"description": "Setup", "quantity": "1", "unit_price": eur("0.05"), "tax_category": "reduced"}
               ]}),
    )
    .await;
    let line = &o["lines"][0];
    assert_eq!(line["unit_price"], eur("8.95"));
    assert_eq!(line["price_source"], "price_list");
    assert_eq!(line["price_list_id"], offer["id"]);
    assert_eq!(line["sku"], "SEAT-1M");
    assert_eq!(line["description"], "Seat, monthly");
    assert_eq!(
        [
            &line["gross"],
            &line["discount"],
            &line["net"],
            &line["tax"],
            &line["total"]
        ],
        [
            &eur("26.85"),
            &eur("2.69"),
            &eur("24.16"),
            &eur("4.83"),
            &eur("28.99")
        ]
    );
    assert_eq!(line["tax_rate"], "20");
    // 0.05 × 5.5% = 0.00275 → 0.00.
    assert_eq!(o["lines"][1]["tax"], eur("0.00"));
    assert_eq!(o["lines"][1]["price_source"], "given");
    assert_eq!(o["subtotal"], eur("26.90"));
    assert_eq!(o["discount_total"], eur("2.69"));
    assert_eq!(o["tax_total"], eur("4.83"));
    assert_eq!(o["total"], eur("29.04"));
    assert_eq!(o["status"], "pending");
    assert_eq!(o["refunded"], eur("0.00"));
    // Outside the window the product's own price applies.
    let later = create(
        &app,
        &t,
        "/v1/orders",
        json!({"person_id": ada, "currency": "EUR", "order_date": "2027-03-01",
               "lines": [{"product_id": seat, "quantity": "1"}]}),
    )
    .await;
    assert_eq!(later["lines"][0]["price_source"], "product");
    assert_eq!(later["total"], eur("12.00"));
    // A total from the client is not a field the server takes.
    let r = app
        .post("/v1/orders")
        .bearer(&t)
        .json(
            json!({"person_id": ada, "currency": "EUR", "total": eur("1.00"),
                     "lines": [{"product_id": seat, "quantity": "1"}]}),
        )
        .send()
        .await;
    assert!(r.status == 400 || r.status == 422, "{}", r.text);
    // The read is the order as created, and the person's history lists it newest first.
    let read = app
        .get(&format!("/v1/orders/{}", id(&o)))
        .bearer(&t)
        .send()
        .await;
    assert_eq!(read.body["lines"], o["lines"]);
    let history = app
        .get(&format!("/v1/people/{ada}/orders"))
        .bearer(&t)
        .send()
        .await;
    assert_eq!(history.status, 200, "{}", history.text);
    let ids: Vec<&str> = history.body["data"]
        .as_array()
        .map(|a| a.iter().filter_map(|x| x["id"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(ids, [id(&later), id(&o)]);
    // Orders with a line of the product, found by search.
    let r = app
        .post("/v1/orders/search")
        .bearer(&t)
        .json(json!({"filter": {"all": [
            {"field": "product_id", "op": "eq", "value": seat},
            {"field": "total", "op": "gte", "value": "20"}
        ]}}))
        .send()
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["data"].as_array().map(Vec::len), Some(1));
    assert_eq!(r.body["data"][0]["id"], o["id"]);
}

#[actix_web::test]
async fn every_bad_line_is_named_and_nothing_is_written() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let (seat, ada) = catalogue(&app, &t).await;
    let r = app
        .post("/v1/orders")
        .bearer(&t)
        .json(json!({"person_id": ada, "currency": "EUR", "lines": [
            {"product_id": seat, "quantity": "-1"},
            {"description": "Fee", "quantity": "1", "unit_price": eur("1.234")},
            {"description": "Fee", "quantity": "1", "unit_price": {"amount": "5", "currency": "USD"}},
            {"description": "Nothing"}
        ]}))
        .send()
        .await;
    assert!(r.status == 400 || r.status == 422, "{}", r.text);
    let r = app
        .post("/v1/orders")
        .bearer(&t)
        .json(json!({"person_id": ada, "currency": "EUR", "lines": [
            {"product_id": seat, "quantity": "-1"},
            {"description": "Fee", "quantity": "1", "unit_price": eur("1.234")},
            {"description": "Fee", "quantity": "1", "unit_price": {"amount": "5", "currency": "USD"}},
            {"description": "Discounted", "quantity": "1", "unit_price": eur("1"), "discount_percent": "120"}
        ]}))
        .send()
        .await;
    r.problem(422, "validation");
    assert_eq!(
        r.error_fields(),
        [
            "lines[0].quantity",
            "lines[1].unit_price.amount",
            "lines[2].unit_price.currency",
            "lines[3].discount_percent"
        ],
        "{}",
        r.text
    );
    // Lines the catalogue cannot price: an unknown product, a tax category without a
    // rate, a product without a price in the currency.
    let gbp = app
        .post("/v1/orders")
        .bearer(&t)
        .json(json!({"person_id": ada, "currency": "GBP", "lines": [
            {"product_id": "01938f4e-8a4b-7c3d-9e2f-0a1b2c3d4e5f", "quantity": "1"},
            {"description": "Luxury", "quantity": "1", "unit_price": {"amount": "5", "currency": "GBP"}, "tax_category": "luxury"},
            {"product_id": seat, "quantity": "1"}
        ]}))
        .send()
        .await;
    gbp.problem(422, "validation");
    assert_eq!(
        gbp.error_fields(),
        [
            "lines[0].product_id",
            "lines[1].tax_category",
            "lines[2].unit_price"
        ],
        "{}",
        gbp.text
    );
    let nobody = app
        .post("/v1/orders")
        .bearer(&t)
        .json(json!({"currency": "EUR", "lines": [{"product_id": seat, "quantity": "1"}]}))
        .send()
        .await;
    nobody.problem(422, "validation");
    assert_eq!(nobody.error_fields(), ["person_id"]);
    assert_eq!(app.count("orders").await, 0);
    assert_eq!(app.count("order_lines").await, 0);
}

#[actix_web::test]
async fn an_order_moves_forward_only_and_refunds_never_pass_what_was_paid() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let (seat, ada) = catalogue(&app, &t).await;
    let o = create(
        &app,
        &t,
        "/v1/orders",
        json!({"person_id": ada, "currency": "EUR", "lines": [{"product_id": seat, "quantity": "10"}]}),
    )
    .await;
    assert_eq!(o["total"], eur("120.00"));
    let path = format!("/v1/orders/{}", id(&o));
    let refunds = format!("{path}/refunds");
    let early = app
        .post(&refunds)
        .bearer(&t)
        .json(json!({"amount": eur("1")}))
        .send()
        .await;
    early.problem(422, "validation");
    assert_eq!(early.error_fields(), ["status"]);
    let paid = app
        .patch(&path)
        .bearer(&t)
        .header("If-Match", "\"1\"")
        .json(json!({"status": "paid"}))
        .send()
        .await;
    assert_eq!(paid.status, 200, "{}", paid.text);
    assert_eq!(paid.body["status"], "paid");
    assert!(paid.body["paid_at"].is_string());
    let back = app
        .patch(&path)
        .bearer(&t)
        .json(json!({"status": "pending"}))
        .send()
        .await;
    back.problem(422, "validation");
    assert_eq!(back.error_fields(), ["status"]);
    // A paid order's prices are settled.
    let relined = app
        .req(Method::PUT, &format!("{path}/lines"))
        .bearer(&t)
        .json(json!({"lines": [{"product_id": seat, "quantity": "1"}]}))
        .send()
        .await;
    relined.problem(422, "validation");
    assert_eq!(relined.error_fields(), ["lines"]);
    let r = app
        .post(&refunds)
        .bearer(&t)
        .header("If-Match", "\"2\"")
        .json(json!({"amount": eur("30.5"), "reason": "Three seats returned"}))
        .send()
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["refunded"], eur("30.50"));
    assert_eq!(r.body["status"], "paid");
    assert_eq!(r.body["refunds"][0]["reason"], "Three seats returned");
    // Her timeline has the order, with what was refunded.
    let timeline = app
        .get(&format!("/v1/people/{ada}/timeline?kind=order"))
        .bearer(&t)
        .send()
        .await;
    assert_eq!(timeline.status, 200, "{}", timeline.text);
    assert_eq!(
        timeline.body["data"][0]["title"],
        "Order of 120.00 EUR (paid, 30.50 refunded)"
    );
    assert_eq!(timeline.body["data"][0]["record_type"], "order");
    assert_eq!(timeline.body["data"][0]["record_id"], o["id"]);
    let stale = app
        .post(&refunds)
        .bearer(&t)
        .header("If-Match", "\"2\"")
        .json(json!({"amount": eur("1")}))
        .send()
        .await;
    assert_eq!(stale.status, 412, "{}", stale.text);
    let too_much = app
        .post(&refunds)
        .bearer(&t)
        .json(json!({"amount": eur("89.51")}))
        .send()
        .await;
    too_much.problem(422, "validation");
    assert_eq!(too_much.error_fields(), ["amount.amount"]);
    let rest = app
        .post(&refunds)
        .bearer(&t)
        .json(json!({"amount": eur("89.50")}))
        .send()
        .await;
    assert_eq!(rest.status, 200, "{}", rest.text);
    assert_eq!(rest.body["status"], "refunded");
    assert_eq!(rest.body["refunded"], eur("120.00"));
    assert_eq!(rest.body["refunds"].as_array().map(Vec::len), Some(2));
    // The read sent back whole is accepted, and another organisation sees nothing.
    let read = app.get(&path).bearer(&t).send().await;
    let echo = app
        .patch(&path)
        .bearer(&t)
        .json(read.body.clone())
        .send()
        .await;
    assert_eq!(echo.status, 200, "{}", echo.text);
    let other = app.owner_token("other@example.org").await;
    app.get(&path)
        .bearer(&other)
        .send()
        .await
        .problem(404, "not_found");
    let theirs = app.get("/v1/orders").bearer(&other).send().await;
    assert_eq!(theirs.body["data"], json!([]));
}

#[actix_web::test]
async fn a_pending_orders_lines_are_replaced_and_priced_again() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let (seat, ada) = catalogue(&app, &t).await;
    let o = create(
        &app,
        &t,
        "/v1/orders",
        json!({"person_id": ada, "currency": "EUR", "lines": [{"product_id": seat, "quantity": "1"}]}),
    )
    .await;
    let lines = format!("/v1/orders/{}/lines", id(&o));
    let r = app
        .req(Method::PUT, &lines)
        .bearer(&t)
        .header("If-Match", "\"1\"")
        .json(json!({"currency": "USD", "lines": [{"product_id": seat, "quantity": "2.5"}]}))
        .send()
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["currency"], "USD");
    assert_eq!(r.body["lines"][0]["quantity"], "2.5");
    // 2.5 × 12 = 30.00, VAT 6.00.
    assert_eq!(
        r.body["total"],
        json!({"amount": "36.00", "currency": "USD"})
    );
    assert_eq!(app.count("order_lines").await, 1);
    let stale = app
        .req(Method::PUT, &lines)
        .bearer(&t)
        .header("If-Match", "\"1\"")
        .json(json!({"lines": [{"product_id": seat, "quantity": "1"}]}))
        .send()
        .await;
    assert_eq!(stale.status, 412, "{}", stale.text);
}

#[actix_web::test]
async fn a_won_opportunity_converts_once_into_an_order_of_its_customer() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    create(&app, &t, "/v1/pipelines", json!({"name": "New business"})).await;
    let acme = create(&app, &t, "/v1/companies", json!({"name": "Acme"})).await;
    let o = create(
        &app,
        &t,
        "/v1/opportunities",
        json!({"name": "Acme: 40 seats", "company_id": id(&acme), "amount": eur("12000")}),
    )
    .await;
    let convert = format!("/v1/opportunities/{}/convert", id(&o));
    let open = app.post(&convert).bearer(&t).json(json!({})).send().await;
    open.problem(422, "validation");
    assert_eq!(open.error_fields(), ["status"]);
    let won = app
        .patch(&format!("/v1/opportunities/{}", id(&o)))
        .bearer(&t)
        .json(json!({"status": "won"}))
        .send()
        .await;
    assert_eq!(won.status, 200, "{}", won.text);
    let r = app
        .post(&convert)
        .bearer(&t)
        .json(json!({"status": "paid"}))
        .send()
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let order = r.body.clone();
    assert_eq!(
        r.header("location").map(str::to_string),
        Some(format!("/v1/orders/{}", id(&order)))
    );
    assert_eq!(order["opportunity_id"], o["id"]);
    assert_eq!(order["company_id"], acme["id"]);
    assert_eq!(order["status"], "paid");
    assert_eq!(order["lines"][0]["description"], "Acme: 40 seats");
    assert_eq!(order["total"], eur("12000.00"));
    let again = app.post(&convert).bearer(&t).json(json!({})).send().await;
    again.problem(409, "conflict");
    assert_eq!(app.count("orders").await, 1);
    let history = app
        .get(&format!("/v1/companies/{}/orders", id(&acme)))
        .bearer(&t)
        .send()
        .await;
    assert_eq!(history.status, 200, "{}", history.text);
    assert_eq!(history.body["data"][0]["id"], order["id"]);
    app.get("/v1/people/01938f4e-8a4b-7c3d-9e2f-0a1b2c3d4e5f/orders")
        .bearer(&t)
        .send()
        .await
        .problem(404, "not_found");
}

#[actix_web::test]
async fn order_totals_summed_in_sql_equal_the_totals_read_exactly() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let (seat, ada) = catalogue(&app, &t).await;
    // Amounts a float would not hold: tenths and hundredths, many times.
    let mut expected = rust_decimal::Decimal::ZERO;
    for (i, price) in ["0.10", "0.20", "0.30", "1234567.89", "0.01", "33.33"]
        .iter()
        .enumerate()
    {
        let o = create(
            &app,
            &t,
            "/v1/orders",
            json!({"person_id": ada, "currency": "EUR", "lines": [
                {"description": "Item", "quantity": format!("{}", i + 1), "unit_price": eur(price), "tax_category": "reduced"},
                {"product_id": seat, "quantity": "0.3333"}
            ]}),
        )
        .await;
        let total: rust_decimal::Decimal = o["total"]["amount"]
            .as_str()
            .unwrap_or_default()
            .parse()
            .unwrap_or_default();
        expected += total;
    }
    let r = app.get("/v1/orders?limit=100").bearer(&t).send().await;
    let read: rust_decimal::Decimal = r.body["data"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|o| {
                    o["total"]["amount"]
                        .as_str()?
                        .parse::<rust_decimal::Decimal>()
                        .ok()
                })
                .sum()
        })
        .unwrap_or_default();
    assert_eq!(read, expected);
    let units = app.sum("orders", "total_units").await;
    assert_eq!(rust_decimal::Decimal::new(units, 4), expected);
    let lines = app.sum("order_lines", "total_units").await;
    assert_eq!(lines, units, "an order is the sum of its lines");
}

#[actix_web::test]
async fn an_opportunitys_lines_make_its_amount_and_become_its_orders_lines_at_the_prices_quoted() {
    let app = TestApp::spawn().await;
    let t = app.owner_token("owner@example.com").await;
    let (seat, ada) = catalogue(&app, &t).await;
    create(&app, &t, "/v1/pipelines", json!({"name": "New business"})).await;
    // 40 seats at 10.00, 5% off: worth 380.00 before tax.
    let o = create(
        &app,
        &t,
        "/v1/opportunities",
        json!({"name": "Ada: 40 seats", "person_id": ada, "currency": "EUR",
               "lines": [{"product_id": seat, "quantity": "40", "discount_percent": "5"}]}),
    )
    .await;
    assert_eq!(o["amount"], eur("380.00"));
    assert_eq!(o["lines"][0]["net"], eur("380.00"));
    assert_eq!(o["lines"][0]["tax"], eur("76.00"));
    let path = format!("/v1/opportunities/{}", id(&o));
    let r = app
        .patch(&path)
        .bearer(&t)
        .json(json!({"amount": eur("1")}))
        .send()
        .await;
    r.problem(422, "validation");
    assert_eq!(r.error_fields(), ["amount"]);
    let both = app
        .post("/v1/opportunities")
        .bearer(&t)
        .json(json!({"name": "Both", "person_id": ada, "amount": eur("1"),
                     "lines": [{"product_id": seat, "quantity": "1"}]}))
        .send()
        .await;
    both.problem(422, "validation");
    assert_eq!(both.error_fields(), ["amount", "currency"]);
    // The read sent back whole is accepted.
    let read = app.get(&path).bearer(&t).send().await;
    let echo = app
        .patch(&path)
        .bearer(&t)
        .json(read.body.clone())
        .send()
        .await;
    assert_eq!(echo.status, 200, "{}", echo.text);
    // New lines, new amount; the catalogue price then changes, the quote does not.
    let r = app
        .req(Method::PUT, &format!("{path}/lines"))
        .bearer(&t)
        .json(json!({"currency": "EUR", "lines": [{"product_id": seat, "quantity": "50"}]}))
        .send()
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["amount"], eur("500.00"));
    let repriced = app
        .patch(&format!("/v1/products/{seat}"))
        .bearer(&t)
        .json(json!({"prices": [eur("12.00")]}))
        .send()
        .await;
    assert_eq!(repriced.status, 200, "{}", repriced.text);
    let won = app
        .patch(&path)
        .bearer(&t)
        .json(json!({"status": "won"}))
        .send()
        .await;
    assert_eq!(won.status, 200, "{}", won.text);
    let order = app
        .post(&format!("{path}/convert"))
        .bearer(&t)
        .json(json!({}))
        .send()
        .await;
    assert_eq!(order.status, 201, "{}", order.text);
    assert_eq!(order.body["lines"][0]["unit_price"], eur("10.00"));
    assert_eq!(order.body["lines"][0]["price_source"], "given");
    assert_eq!(
        order.body["lines"][0]["product_id"].as_str(),
        Some(seat.as_str())
    );
    assert_eq!(order.body["total"], eur("600.00"));
    // Dropping the lines keeps the amount.
    let dropped = app
        .req(Method::PUT, &format!("{path}/lines"))
        .bearer(&t)
        .json(json!({"lines": []}))
        .send()
        .await;
    assert_eq!(dropped.status, 200, "{}", dropped.text);
    assert_eq!(dropped.body["lines"], json!([]));
    assert_eq!(dropped.body["amount"], eur("500.00"));
}
