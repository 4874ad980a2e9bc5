"""The merged document states the rules the services enforce, so generated requests get past them.

Walks the document the gateway serves (built from the services' real documents) and checks that
every parameter is as narrow as its validation, and that what one operation creates can be
followed into the operations that use it.
"""

from __future__ import annotations

import re
import uuid

from services.merchant.domain.credentials import new_api_key, new_application_secret
from shared.pagination import encode_cursor
from tests.gateway.test_openapi import real_documents

WRITES = ("post", "put", "patch", "delete")
# The writes that honour an Idempotency-Key (shared.web.idempotency, and the claim).
IDEMPOTENT = {
    ("post", "/api/v1/merchant-applications"),
    ("post", "/api/v1/merchant/products"),
    ("post", "/api/v1/merchant/redemptions"),
    ("post", "/api/v1/merchant/redemptions/{redemption_id}/reversal"),
    ("post", "/api/v1/ops/campaigns"),
    ("post", "/api/v1/campaigns/{campaign_id}/claims"),
}
# Creating operations whose answer nothing else takes an id from.
CREATES_NOTHING_TO_FOLLOW = {
    "/api/v1/merchant/api-keys",  # the key is used as a credential, not as a path
    "/api/v1/merchant-key-retrievals",  # the key, once
    "/api/v1/merchant/redemptions/{redemption_id}/reversal",
    "/api/v1/campaigns/{campaign_id}/claims",  # a voucher's code is redeemed by its merchant
}


def merged(client, standins, service_config) -> dict:
    for name, spec in real_documents(service_config).items():
        standins[name].spec = spec
    return client.get("/openapi.json?refresh=1").json


def operations(doc: dict):
    for path, item in doc["paths"].items():
        for method, op in item.items():
            if method in ("get", *WRITES):
                yield path, method, op, [*item.get("parameters", []), *op.get("parameters", [])]


def narrow(schema: dict) -> bool:
    """A pattern, a list of values, or a bounded range: never "any string"."""
    if "enum" in schema or "pattern" in schema:
        return True
    if schema.get("type") == "integer":
        return "minimum" in schema and ("maximum" in schema or schema.get("format") == "int64")
    if schema.get("type") == "string":
        return "maxLength" in schema or "format" in schema
    return schema.get("type") == "boolean"


def test_every_parameter_is_as_narrow_as_its_validation(client, standins, service_config):
    doc = merged(client, standins, service_config)
    seen = set()
    for path, method, _, parameters in operations(doc):
        for p in parameters:
            schema = p["schema"]
            where = (method, path, p["in"], p["name"])
            seen.add((p["in"], p["name"]))
            if p["in"] == "path" and p["name"].endswith("_id") and schema.get("type") == "string":
                assert schema["format"] == "uuid" and schema["pattern"], where
                assert re.fullmatch(schema["pattern"].strip("^$"), str(uuid.uuid4())), where
            elif p["in"] == "path":
                assert "enum" in schema or schema.get("type") == "integer", where
            if p["in"] == "header":
                assert schema.get("pattern") and schema.get("maxLength"), where
            if p["name"] == "cursor":
                made = encode_cursor({"t": "2026-11-30T00:00:00+00:00", "id": "x"})
                assert re.fullmatch(schema["pattern"].strip("^$"), made), where
                assert not re.fullmatch(schema["pattern"].strip("^$"), "bm90LWpzb24"), where
            assert narrow(schema) or p["name"] == "dead_letter_id", where
    assert {("header", "Idempotency-Key"), ("header", "X-Api-Key")} <= seen
    assert ("header", "X-Application-Secret") in seen


def test_credentials_and_keys_are_documented_with_their_real_shapes(
    client, standins, service_config
):
    doc = merged(client, standins, service_config)
    found = set()
    for path, method, op, parameters in operations(doc):
        headers = {p["name"]: p for p in parameters if p["in"] == "header"}
        if op["security"] == [{"apiKey": []}]:
            key = headers["X-Api-Key"]
            assert key["required"], (method, path)
            assert re.fullmatch(key["schema"]["pattern"].strip("^$"), new_api_key())
        else:
            assert "X-Api-Key" not in headers, (method, path)
        if "Idempotency-Key" in headers:
            found.add((method, path))
            assert re.fullmatch(headers["Idempotency-Key"]["schema"]["pattern"], "seed-app-1")
            assert not re.fullmatch(headers["Idempotency-Key"]["schema"]["pattern"], "a b")
        if path == "/api/v1/merchant-applications/{application_id}":
            secret = headers["X-Application-Secret"]["schema"]
            assert re.fullmatch(secret["pattern"], new_application_secret()), method
    assert found == IDEMPOTENT


def test_campaign_rules_are_in_the_document(client, standins, service_config):
    doc = merged(client, standins, service_config)
    campaign = doc["components"]["schemas"]["CampaignIn"]["properties"]
    shapes = {s["properties"]["type"]["enum"][0]: s for s in campaign["benefit"]["oneOf"]}
    assert shapes["amount_off"]["required"] == ["type", "amount_off"]
    assert shapes["percent_off"]["properties"]["cap"] == {"minimum": 1}
    assert campaign["quantity"]["minimum"] == 1 and campaign["budget"]["minimum"] == 1
    assert "claim_starts_at" in campaign["claim_ends_at"]["description"]
    assert "budget_exceeded" in campaign["budget"]["description"]
    schemas = doc["components"]["schemas"]
    assert len(schemas["CampaignIn"]["oneOf"]) == 2  # valid_days, or valid_from and valid_until
    assert "oneOf" not in schemas["CampaignPatch"]  # a patch may change one date alone
    assert schemas["RedemptionIn"]["anyOf"]  # offline needs a store
    for patch in ("StorePatch", "ProfilePatch", "ProductPatch"):
        assert schemas[patch]["minProperties"] == 1, patch


def test_every_creating_operation_links_to_the_ones_that_use_its_ids(
    client, standins, service_config
):
    doc = merged(client, standins, service_config)
    for path, method, op, _ in operations(doc):
        created = op["responses"].get("201")
        if method != "post" or created is None or path in CREATES_NOTHING_TO_FOLLOW:
            continue
        assert created.get("links"), path
        for name, link in created["links"].items():
            target, target_method = (
                link["operationRef"].removeprefix("#/paths/").replace("~1", "/").rsplit("/", 1)
            )
            item = doc["paths"][target]
            names = {
                p["name"] for p in [*item.get("parameters", []), *item[target_method].get(
                    "parameters", [])]
            }  # fmt: skip
            assert set(link["parameters"]) <= names, (path, name)


def test_operations_name_the_codes_their_own_rules_give(client, standins, service_config):
    doc = merged(client, standins, service_config)
    claim = doc["paths"]["/api/v1/campaigns/{campaign_id}/claims"]["post"]["responses"]
    assert {"sold_out", "limit_reached"} <= set(claim["409"]["x-codes"])
    assert "not_open" in claim["422"]["x-codes"] and "not_eligible" in claim["403"]["x-codes"]
    redeem = doc["paths"]["/api/v1/merchant/redemptions"]["post"]["responses"]
    assert "already_redeemed" in redeem["409"]["x-codes"]
    assert "category_not_approved" in redeem["422"]["x-codes"]
    secret = doc["paths"]["/api/v1/merchant-applications/{application_id}"]["get"]["responses"]
    assert secret["401"]["x-codes"] == ["application_secret_required"]
    assert "`application_secret_required`" in secret["401"]["description"]
    for path, method, op, parameters in operations(doc):
        answers = op["responses"]
        for status, answer in answers.items():
            if "x-codes" in answer:
                assert answer["content"]["application/problem+json"], (method, path, status)
        if any(p["in"] == "path" and p["name"].endswith("_id") for p in parameters):
            assert "404" in answers, (method, path)  # an id that names nothing


def test_a_composed_product_detail_documents_what_the_gateway_adds(
    client, standins, service_config
):
    doc = merged(client, standins, service_config)
    answer = doc["paths"]["/api/v1/products/{product_id}"]["get"]["responses"]["200"]
    schema = answer["content"]["application/json"]["schema"]
    # the catalog's own schema refuses fields it does not know: the gateway's must be listed
    assert schema.get("additionalProperties") is False
    assert {"campaigns", "degraded", "merchant_id"} <= set(schema["properties"])
