"""A client generated from openapi/openapi.json (openapi-python-client), used as an
integrator would, against a live server: typed models throughout, no Dict[str, Any] for
a documented field. Run by scripts/sdk-smoke.sh after it generates `crm_client`."""

import os
import sys
import time

from crm_client import AuthenticatedClient, Client
from crm_client.api.auth import auth_signup
from crm_client.api.companies import companies_create
from crm_client.api.custom_fields import custom_fields_create
from crm_client.api.people import (
    people_batch,
    people_companies_link,
    people_create,
    people_list,
    people_read,
    people_search,
    people_update,
)
from crm_client.models import (
    BatchRequest,
    BatchResponse,
    CompanyDto,
    CreateCompanyRequest,
    CreateCustomFieldRequest,
    CreatePersonRequest,
    CreatePersonRequestCustomFields,
    EmailInput,
    FieldKindDto,
    FieldResourceDto,
    FilterAll,
    FilterAny,
    FilterCondition,
    FilterNot,
    FilterOp,
    LinkCompanyRequest,
    PatchPersonRequest,
    PersonBatchItemCreate,
    PersonBatchItemCreateAction,
    PersonBatchItemUpdate,
    PersonBatchItemUpdateAction,
    PersonDto,
    PersonPage,
    PersonSearchRequest,
    Problem,
    SignupRequest,
    SignupResponse,
    UpdatePersonRequest,
)

BASE = os.environ.get("CRM_URL", "http://127.0.0.1:8080")


def check(ok: bool, what: str) -> None:
    if not ok:
        raise SystemExit(f"smoke: {what}")


def main() -> None:
    stamp = int(time.time() * 1000)
    anonymous = Client(base_url=BASE)
    signup = auth_signup.sync(
        client=anonymous,
        body=SignupRequest(
            organisation_name="Smoke Ltd",
            name="Ada Lovelace",
            email=f"ada-{stamp}@example.com",
            password="correct horse battery staple",
        ),
    )
    check(isinstance(signup, SignupResponse), f"sign-up: {signup}")
    assert isinstance(signup, SignupResponse)
    api = AuthenticatedClient(base_url=BASE, token=signup.access_token)

    field = custom_fields_create.sync_detailed(
        client=api,
        body=CreateCustomFieldRequest(
            resource=FieldResourceDto.PERSON,
            key="tier",
            label="Tier",
            type_=FieldKindDto.ENUM,
            options=["gold", "silver"],
        ),
    )
    check(field.status_code == 201, f"custom field: {field.content!r}")

    company = companies_create.sync(client=api, body=CreateCompanyRequest(name="Analytical Engines"))
    check(isinstance(company, CompanyDto), f"company: {company}")
    assert isinstance(company, CompanyDto)

    custom = CreatePersonRequestCustomFields()
    custom["tier"] = "gold"
    person = people_create.sync(
        client=api,
        body=CreatePersonRequest(
            first_name="Grace",
            last_name="Hopper",
            emails=[EmailInput(address=f"grace-{stamp}@example.com")],
            tags=["vip"],
            custom_fields=custom,
        ),
    )
    check(isinstance(person, PersonDto), f"person: {person}")
    assert isinstance(person, PersonDto)
    check(person.custom_fields["tier"] == "gold", "the custom field reads back")

    link = people_companies_link.sync_detailed(
        person.id, client=api, body=LinkCompanyRequest(company_id=company.id, title="Rear Admiral")
    )
    check(link.status_code == 201, f"link: {link.content!r}")

    people_create.sync(client=api, body=CreatePersonRequest(first_name="Edsger", tags=["vip"]))
    found = people_search.sync(
        client=api,
        body=PersonSearchRequest(
            filter_=FilterAll(
                all_=[
                    FilterCondition(field="tags", op=FilterOp.CONTAINS, value="vip"),
                    FilterNot(not_=FilterCondition(field="custom_fields.tier", op=FilterOp.EQ, value="silver")),
                    FilterAny(
                        any_=[
                            FilterCondition(field="last_name", op=FilterOp.EQ, value="Hopper"),
                            FilterCondition(field="first_name", op=FilterOp.STARTS_WITH, value="Eds"),
                        ]
                    ),
                ]
            ),
            sort="last_name,first_name",
        ),
    )
    check(isinstance(found, PersonPage) and len(found.data) == 2, f"search: {found}")

    first = people_list.sync(client=api, limit=1)
    check(isinstance(first, PersonPage) and isinstance(first.next_cursor, str), f"first page: {first}")
    assert isinstance(first, PersonPage) and isinstance(first.next_cursor, str)
    second = people_list.sync(client=api, limit=1, cursor=first.next_cursor)
    check(isinstance(second, PersonPage) and second.data[0].id != first.data[0].id, "the second page moves on")

    read = people_read.sync_detailed(person.id, client=api)
    etag = read.headers.get("etag", "")
    check(isinstance(read.parsed, PersonDto) and etag != "", "a read has an ETag")
    assert isinstance(read.parsed, PersonDto)
    unchanged = people_read.sync_detailed(person.id, client=api, if_none_match=etag)
    check(unchanged.status_code == 304, f"a conditional GET is a 304, got {unchanged.status_code}")

    # What the GET returned, sent back whole with one change.
    body = PatchPersonRequest.from_dict(read.parsed.to_dict())
    body.last_name = "Murray Hopper"
    patched = people_update.sync(person.id, client=api, body=body, if_match=etag)
    check(isinstance(patched, PersonDto) and patched.last_name == "Murray Hopper", f"round trip: {patched}")

    stale = people_update.sync(person.id, client=api, body=PatchPersonRequest(last_name="Hopper"), if_match=etag)
    check(isinstance(stale, Problem) and stale.status == 412 and stale.code == "precondition_failed", f"412: {stale}")

    invalid = people_create.sync(
        client=api, body=CreatePersonRequest(first_name="X", emails=[EmailInput(address="not-an-email")])
    )
    check(isinstance(invalid, Problem) and invalid.status == 422, f"422: {invalid}")
    assert isinstance(invalid, Problem)
    fields = [e.field for e in invalid.errors] if isinstance(invalid.errors, list) else []
    check("emails[0]" in fields, f"the 422 names the field: {invalid}")

    batch = people_batch.sync(
        client=api,
        body=BatchRequest(
            items=[
                PersonBatchItemCreate(
                    action=PersonBatchItemCreateAction.CREATE,
                    person=CreatePersonRequest(first_name="Barbara", emails=[EmailInput(address=f"b-{stamp}@example.com")]),
                ),
                PersonBatchItemUpdate(
                    action=PersonBatchItemUpdateAction.UPDATE, id=person.id, person=UpdatePersonRequest(language="en")
                ),
            ]
        ),
    )
    statuses = [r.status for r in batch.results] if isinstance(batch, BatchResponse) else []
    check(statuses == [201, 200], f"batch: {batch}")
    print("python smoke: every step passed")


if __name__ == "__main__":
    sys.exit(main())
