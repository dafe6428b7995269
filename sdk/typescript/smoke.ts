// A client generated from openapi/openapi.json (openapi-typescript + openapi-fetch),
// used as an integrator would, against a live server: no casts, no `any`. Run by
// scripts/sdk-smoke.sh, which generates ./schema.d.ts beside this file first.
import createClient from "openapi-fetch";
import type { components, paths } from "./schema.js";

type Problem = components["schemas"]["Problem"];
type PersonDto = components["schemas"]["PersonDto"];

const baseUrl = process.env.CRM_URL ?? "http://127.0.0.1:8080";

function check(ok: boolean, what: string): void {
  if (!ok) {
    throw new Error(`smoke: ${what}`);
  }
}

function must<T>(value: T | undefined, what: string, why?: unknown): T {
  if (value === undefined) {
    throw new Error(`smoke: ${what}: ${JSON.stringify(why)}`);
  }
  return value;
}

function problem(error: Problem | undefined, status: number, code: string): Problem {
  const p = must(error, `expected a ${status} ${code}`);
  check(p.status === status && p.code === code, `expected a ${status} ${code}, got ${JSON.stringify(p)}`);
  return p;
}

async function main(): Promise<void> {
  const anonymous = createClient<paths>({ baseUrl });
  const stamp = Date.now();
  const signup = await anonymous.POST("/v1/auth/signup", {
    body: {
      organisation_name: "Smoke Ltd",
      name: "Ada Lovelace",
      email: `ada-${stamp}@example.com`,
      password: "correct horse battery staple",
    },
  });
  const token = must(signup.data, "sign-up", signup.error).access_token;
  const api = createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${token}` } });

  const field = await api.POST("/v1/custom-fields", {
    body: { resource: "person", key: "tier", label: "Tier", type: "enum", options: ["gold", "silver"] },
  });
  check(field.response.status === 201, `custom field: ${JSON.stringify(field.error)}`);

  const company = await api.POST("/v1/companies", { body: { name: "Analytical Engines", domain: "engines.example" } });
  const companyId = must(company.data, "company", company.error).id;

  const created = await api.POST("/v1/people", {
    body: {
      first_name: "Grace",
      last_name: "Hopper",
      emails: [{ address: `grace-${stamp}@example.com`, label: "work" }],
      tags: ["vip"],
      custom_fields: { tier: "gold" },
    },
  });
  const person: PersonDto = must(created.data, "person", created.error);
  check(person.custom_fields["tier"] === "gold", "the custom field reads back");

  const link = await api.POST("/v1/people/{id}/companies", {
    params: { path: { id: person.id } },
    body: { company_id: companyId, title: "Rear Admiral" },
  });
  check(link.response.status === 201, `link: ${JSON.stringify(link.error)}`);

  await api.POST("/v1/people", { body: { first_name: "Edsger", tags: ["vip"] } });
  const found = await api.POST("/v1/people/search", {
    body: {
      filter: {
        all: [
          { field: "tags", op: "contains", value: "vip" },
          { not: { field: "custom_fields.tier", op: "eq", value: "silver" } },
          { any: [{ field: "last_name", op: "eq", value: "Hopper" }, { field: "first_name", op: "starts_with", value: "Eds" }] },
        ],
      },
      sort: "last_name,first_name",
    },
  });
  check(found.data?.data.length === 2, `search: ${JSON.stringify(found.data ?? found.error)}`);

  const first = must((await api.GET("/v1/people", { params: { query: { limit: 1 } } })).data, "first page");
  const cursor = must(first.next_cursor ?? undefined, "a first page of one has a next_cursor");
  const second = must((await api.GET("/v1/people", { params: { query: { limit: 1, cursor } } })).data, "second page");
  check(second.data.length === 1 && second.data[0].id !== first.data[0].id, "the second page moves on");

  const read = await api.GET("/v1/people/{id}", { params: { path: { id: person.id } } });
  const etag = must(read.response.headers.get("etag") ?? undefined, "a read has an ETag");
  const current = must(read.data, "read", read.error);
  const unchanged = await api.GET("/v1/people/{id}", {
    params: { path: { id: person.id }, header: { "If-None-Match": etag } },
  });
  check(unchanged.response.status === 304, `a conditional GET is a 304, got ${unchanged.response.status}`);

  // What the GET returned, sent back whole with one change.
  const body: PersonDto = { ...current, last_name: "Murray Hopper" };
  const patched = await api.PATCH("/v1/people/{id}", {
    params: { path: { id: person.id }, header: { "If-Match": etag } },
    body,
  });
  check(patched.data?.last_name === "Murray Hopper", `round trip: ${JSON.stringify(patched.error)}`);

  const stale = await api.PATCH("/v1/people/{id}", {
    params: { path: { id: person.id }, header: { "If-Match": etag } },
    body: { last_name: "Hopper" },
  });
  problem(stale.error, 412, "precondition_failed");

  const invalid = await api.POST("/v1/people", { body: { first_name: "X", emails: [{ address: "not-an-email" }] } });
  const p = problem(invalid.error, 422, "validation");
  check((p.errors ?? []).some((e) => e.field === "emails[0]"), `the 422 names the field: ${JSON.stringify(p)}`);

  const batch = await api.POST("/v1/people/batch", {
    body: {
      items: [
        { action: "create", person: { first_name: "Barbara", emails: [{ address: `barbara-${stamp}@example.com` }] } },
        { action: "update", id: person.id, person: { language: "en" } },
      ],
    },
  });
  check(batch.data?.results.map((r) => r.status).join(",") === "201,200", `batch: ${JSON.stringify(batch.data ?? batch.error)}`);
  console.log("typescript smoke: every step passed");
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
