"""One OpenAPI document: the services' paths and components merged with the gateway's own."""

from __future__ import annotations

import json
import re

from services.catalog.app import create_app as catalog_app
from services.merchant.app import create_app as merchant_app
from services.voucher.app import create_app as voucher_app

CATALOG_SPEC = {
    "openapi": "3.0.3",
    "info": {"title": "catalog", "version": "v1"},
    "paths": {
        "/api/v1/products": {"get": {"summary": "Browse products", "responses": {
            "200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Page"}}}}
        }}},
        "/api/v1/products/{id}": {"get": {"summary": "Show a product", "responses": {}}},
        "/api/v1/merchant/products": {"post": {"summary": "Add a product", "responses": {}}},
        "/api/v1/ops/dead-letters": {"get": {"summary": "service's own", "responses": {}}},
    },
    "components": {"schemas": {"Page": {"type": "object", "properties": {"a": {"type": "string"}}}}},
}  # fmt: skip
VOUCHER_SPEC = {
    "openapi": "3.0.3",
    "info": {"title": "voucher", "version": "v1"},
    "paths": {
        "/api/v1/campaigns": {"get": {"summary": "List campaigns", "responses": {
            "200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Page"}}}}
        }}},
        "/internal/v1/secret": {"post": {"summary": "never public", "responses": {}}},
    },
    "components": {"schemas": {"Page": {"type": "object", "properties": {"b": {"type": "integer"}}}}},
}  # fmt: skip


def test_openapi_merges_every_service_and_keeps_clashing_schemas_apart(client, standins):
    standins["catalog"].spec = CATALOG_SPEC
    standins["voucher"].spec = VOUCHER_SPEC
    doc = client.get("/openapi.json").json
    paths = doc["paths"]
    assert paths["/api/v1/products"]["get"]["summary"] == "Browse products"
    assert "/api/v1/campaigns" in paths
    assert "/internal/v1/secret" not in paths
    # the gateway's own views: home, KPIs and the dead-letter fan-out (not a service's copy)
    assert "get" in paths["/api/v1/home"]
    assert "/api/v1/ops/kpis" in paths
    assert "service" in str(paths["/api/v1/ops/dead-letters"]["get"]["parameters"])
    # one product-detail path, the service's parameter name, the gateway's note
    assert "/api/v1/products/{id}" in paths
    assert "/api/v1/products/{product_id}" not in paths
    assert "campaigns" in paths["/api/v1/products/{id}"]["get"]["description"]
    # two different schemas named Page: both kept, each path pointing to its own
    schemas = doc["components"]["schemas"]
    voucher_ref = paths["/api/v1/campaigns"]["get"]["responses"]["200"]["content"][
        "application/json"]["schema"]["$ref"]  # fmt: skip
    catalog_ref = paths["/api/v1/products"]["get"]["responses"]["200"]["content"][
        "application/json"]["schema"]["$ref"]  # fmt: skip
    assert voucher_ref != catalog_ref
    assert schemas[voucher_ref.rsplit("/", 1)[1]]["properties"] == {"b": {"type": "integer"}}
    assert schemas[catalog_ref.rsplit("/", 1)[1]]["properties"] == {"a": {"type": "string"}}


def test_openapi_marks_which_credentials_each_path_needs(client, standins):
    standins["catalog"].spec = CATALOG_SPEC
    doc = client.get("/openapi.json").json
    schemes = doc["components"]["securitySchemes"]
    assert schemes["bearerAuth"]["scheme"] == "bearer"
    assert schemes["apiKey"] == {"type": "apiKey", "in": "header", "name": "X-Api-Key"}
    assert doc["paths"]["/api/v1/merchant/products"]["post"]["security"] == [{"apiKey": []}]
    assert doc["paths"]["/api/v1/products"]["get"]["security"] == []
    assert doc["paths"]["/api/v1/ops/kpis"]["get"]["security"] == [{"bearerAuth": []}]
    assert doc["paths"]["/api/v1/home"]["get"]["security"] == []


def test_openapi_is_cached_and_refreshed_on_request(client, standins):
    client.get("/openapi.json")
    client.get("/openapi.json")
    assert standins["catalog"].paths().count("/openapi.json") == 1
    standins["catalog"].spec = CATALOG_SPEC
    doc = client.get("/openapi.json?refresh=1").json
    assert "/api/v1/merchant/products" in doc["paths"]


def test_openapi_still_served_when_a_service_is_down(client, standins):
    standins["voucher"].stop()
    resp = client.get("/openapi.json")
    assert resp.status_code == 200
    assert resp.json["x-unavailable-services"] == ["voucher"]
    assert "/api/v1/home" in resp.json["paths"]


def test_docs_page_runs_swagger_ui_from_this_origin_only(client):
    page = client.get("/docs")
    assert page.status_code == 200 and page.mimetype == "text/html"
    html = page.get_data(as_text=True)
    assert "http://" not in html and "https://" not in html  # no CDN: works on an intranet
    assert re.search(r"<script>|<script [^>]*>[^<]", html) is None  # no inline script
    csp = page.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "default-src 'none'" in csp
    assert "frame-ancestors 'none'" in csp
    linked = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert "/docs/assets/swagger-ui-bundle.js" in linked
    bodies = {}
    for url in linked:
        resp = client.get(url)
        assert resp.status_code == 200, url
        assert resp.headers["Content-Security-Policy"] == csp, url
        bodies[url] = resp.get_data()
    assert b"SwaggerUIBundle" in bodies["/docs/assets/swagger-ui-bundle.js"]
    assert b"/openapi.json" in bodies["/docs/init.js"]
    assert client.get("/docs/assets/..%2Fsetup.py").status_code == 404
    assert client.get("/docs/assets/index.html").status_code == 404


def real_documents(service_config) -> dict[str, dict]:
    """The services' own documents, from their apps."""
    built = {"merchant": merchant_app, "catalog": catalog_app, "voucher": voucher_app}
    return {
        name: make(service_config).test_client().get("/openapi.json").json
        for name, make in built.items()
    }


def test_every_error_answer_is_documented_as_a_problem_with_a_code(
    client, standins, service_config
):
    for name, spec in real_documents(service_config).items():
        standins[name].spec = spec
    doc = client.get("/openapi.json").json
    responses = doc["components"]["responses"]
    assert "code" in doc["components"]["schemas"]["Problem"]["required"]
    operations = [(p, m, op) for p, item in doc["paths"].items() for m, op in item.items()
                  if m in ("get", "post", "put", "patch", "delete")]  # fmt: skip
    assert len(operations) > 50
    for path, method, op in operations:
        answers = op["responses"]
        assert {"400", "401", "403", "404", "422", "429", "503", "default"} <= set(answers), path
        for status, answer in answers.items():
            if status < "400" or status in ("414", "431"):
                continue
            if "$ref" in answer:
                answer = responses[answer["$ref"].rsplit("/", 1)[1]]
            content = answer["content"]
            assert list(content) == ["application/problem+json"], (method, path, status)
        if method != "get":
            assert "409" in answers, (method, path)


def test_creating_operations_link_to_the_ones_that_use_what_they_made(
    client, standins, service_config
):
    for name, spec in real_documents(service_config).items():
        standins[name].spec = spec
    doc = client.get("/openapi.json").json
    created = doc["paths"]["/api/v1/ops/campaigns"]["post"]["responses"]["201"]["links"]
    publish = created["PublishCampaign"]
    assert (
        publish["operationRef"] == "#/paths/~1api~1v1~1ops~1campaigns~1{campaign_id}~1publish/post"
    )
    assert publish["parameters"] == {"campaign_id": "$response.body#/id"}
    for link in created.values():
        target = link["operationRef"].removeprefix("#/paths/").replace("~1", "/").rsplit("/", 1)
        assert target[1] in doc["paths"][target[0]], link
    application = doc["paths"]["/api/v1/merchant-applications"]["post"]["responses"]["201"]
    assert "GetApplication" in application["links"]


def test_the_approval_answer_tells_ops_where_the_key_link_went_never_the_key(
    client, standins, service_config
):
    for name, spec in real_documents(service_config).items():
        standins[name].spec = spec
    doc = client.get("/openapi.json").json

    def resolve(schema: dict) -> dict:
        while "$ref" in schema or "allOf" in schema:  # a described reference is an allOf
            if "allOf" in schema:
                [schema] = schema["allOf"]
            else:
                schema = doc["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
        return schema

    approve = doc["paths"]["/api/v1/ops/merchant-applications/{application_id}/approve"]["post"]
    answer = resolve(approve["responses"]["201"]["content"]["application/json"]["schema"])
    assert set(answer["properties"]) == {"application", "merchant", "key_link"}
    link = resolve(answer["properties"]["key_link"])
    assert set(link["properties"]) == {"id", "merchant_id", "sent_to", "expires_at"}
    assert "api_key" not in json.dumps(answer) + json.dumps(link)
