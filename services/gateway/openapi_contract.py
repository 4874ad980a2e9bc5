"""What the merged OpenAPI document promises beyond the services' own schemas.

- Errors: every answer of 400 and above is `application/problem+json` with a stable `code`
  (`shared/web/problems.py`); each operation lists the statuses it can give, and the codes its
  own rules give (`x-codes`, from the service's `@raises(...)`, `shared/web/problem_docs.py`).
- Links: from the operations that create something to the ones that use it, so that a client
  (or a stateful fuzzer) can follow an id from one answer into the next request.
"""

from __future__ import annotations

from services.gateway.key_checks import API_KEY_SHAPE

PROBLEM_MIME = "application/problem+json"
PROBLEM_SCHEMA = {
    "type": "object",
    "description": "RFC 9457 problem details with the mall's stable machine `code`.",
    "required": ["type", "title", "status", "code"],
    "properties": {
        "type": {"type": "string", "example": "urn:mall:problem:validation_failed"},
        "title": {"type": "string"},
        "status": {"type": "integer", "minimum": 400, "maximum": 599},
        "code": {"type": "string", "pattern": "^[a-z][a-z0-9_]*$"},
        "detail": {"type": "string"},
        "errors": {"type": "object", "description": "Field errors, by location and field."},
    },
}
# Every status an operation may answer, with the codes callers can expect (a service may add
# more specific ones of the same status; `code` is always present).
STATUSES: dict[str, str] = {
    "400": "Bad request: `bad_request`, `invalid_json`, `ambiguous_credentials`.",
    "401": "Not signed in, or bad credentials: `unauthenticated`, `invalid_token`, `invalid_api_key`.",
    "403": "Signed in, but not allowed: `forbidden`, `merchant_suspended`, `merchant_not_active`.",
    "404": "No such path or resource: `not_found`.",
    "409": "Conflicts with the current state: `conflict`, `idempotency_in_flight`, and the "
    "service's own (sold out, already redeemed, ...).",
    "413": "The body is larger than 1 MiB: `payload_too_large`.",
    "415": "The body is not JSON: `unsupported_media_type`.",
    "422": "Invalid fields (see `errors`): `validation_failed`, `idempotency_key_reused`.",
    "429": "Rate limit spent: `rate_limited`, with `Retry-After`.",
    "502": "A service gave an unusable answer: `bad_gateway`.",
    "503": "A service or dependency is away: `service_unavailable`, with `Retry-After`.",
    "504": "A service did not answer in time: `upstream_timeout`.",
}
# Answered by the HTTP server (granian) before the mall sees the request, so not problem+json.
SERVER_STATUSES = {
    "414": "The request line (path and query) is longer than the server accepts.",
    "431": "The request's headers are larger than the server accepts.",
}
EVERY_OPERATION = ("400", "401", "403", "404", "422", "429", "502", "503", "504")
WRITES_ALSO = ("409", "413", "415")
METHODS = ("get", "put", "post", "delete", "patch")
API_KEY_PARAMETER = {
    "in": "header",
    "name": "X-Api-Key",
    "required": True,
    "schema": {
        "type": "string",
        "pattern": f"^{API_KEY_SHAPE.pattern}$",
        "minLength": 51,
        "maxLength": 51,
    },
    "description": "The merchant's API key (`apiKey` scheme); of any other shape it is 401 "
    "`invalid_api_key` at the gateway.",
}


def document_errors(doc: dict) -> None:
    """Give every operation its problem+json answers, in place."""
    components = doc.setdefault("components", {})
    components.setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    responses = components.setdefault("responses", {})
    for status, description in STATUSES.items():
        responses[f"Problem{status}"] = _problem(description)
    responses["ProblemDefault"] = _problem("Any other error, as problem+json.")
    for status, description in SERVER_STATUSES.items():
        responses[f"Server{status}"] = {"description": description, "content": {"text/html": {}}}
    for item in doc.get("paths", {}).values():
        for method, op in item.items():
            if method not in METHODS or not isinstance(op, dict):
                continue
            given = op.get("responses", {})
            answers = {s: r for s, r in given.items() if s != "default" and s < "400"}
            # the service's `@raises(...)`: the codes this operation's own rules give
            own = {s: r["x-codes"] for s, r in given.items() if "x-codes" in r}
            statuses = EVERY_OPERATION + (WRITES_ALSO if method != "get" else ())
            for status in sorted({*statuses, *own}):
                answers[status] = {"$ref": f"#/components/responses/Problem{status}"}
                if status in own:
                    answers[status] = _problem(_with_own(status, own[status]))
                    answers[status]["x-codes"] = own[status]
            for status in SERVER_STATUSES:
                answers[status] = {"$ref": f"#/components/responses/Server{status}"}
            answers["default"] = {"$ref": "#/components/responses/ProblemDefault"}
            op["responses"] = answers
            if op.get("security") == [{"apiKey": []}]:
                op["parameters"] = [*op.get("parameters", []), API_KEY_PARAMETER]


def _with_own(status: str, codes: list[str]) -> str:
    mine = ", ".join(f"`{c}`" for c in codes)
    return f"{STATUSES.get(status, 'An error.')} This operation's own: {mine}."


def _problem(description: str) -> dict:
    return {
        "description": description,
        "content": {PROBLEM_MIME: {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }


# (creating path, method, status) -> {link name: (target path, method, {parameter: body field})}
APP = "/api/v1/merchant-applications"
OPS_APP = "/api/v1/ops/merchant-applications/{application_id}"
OPS_CAMPAIGN = "/api/v1/ops/campaigns/{campaign_id}"
OPS_MERCHANT = "/api/v1/ops/merchants/{merchant_id}"
AS_APPLICANT = {"application_id": "id", "X-Application-Secret": "secret"}
LINKS: dict[tuple[str, str, str], dict[str, tuple[str, str, dict[str, str]]]] = {
    (APP, "post", "201"): {
        "GetApplication": (f"{APP}/{{application_id}}", "get", AS_APPLICANT),
        "ResubmitApplication": (f"{APP}/{{application_id}}", "put", AS_APPLICANT),
        "ReviewApplication": (OPS_APP, "get", {"application_id": "id"}),
        "ApproveApplication": (f"{OPS_APP}/approve", "post", {"application_id": "id"}),
        "ReturnApplication": (f"{OPS_APP}/return", "post", {"application_id": "id"}),
        "RejectApplication": (f"{OPS_APP}/reject", "post", {"application_id": "id"}),
    },
    ("/api/v1/ops/campaigns", "post", "201"): {
        "GetCampaign": (OPS_CAMPAIGN, "get", {"campaign_id": "id"}),
        "EditCampaign": (OPS_CAMPAIGN, "patch", {"campaign_id": "id"}),
        "PublishCampaign": (f"{OPS_CAMPAIGN}/publish", "post", {"campaign_id": "id"}),
        "CloseCampaign": (f"{OPS_CAMPAIGN}/close", "post", {"campaign_id": "id"}),
        "ShowCampaign": ("/api/v1/campaigns/{campaign_id}", "get", {"campaign_id": "id"}),
        "ClaimVoucher": ("/api/v1/campaigns/{campaign_id}/claims", "post", {"campaign_id": "id"}),
    },
    ("/api/v1/merchant/products", "post", "201"): {
        "GetProduct": ("/api/v1/merchant/products/{product_id}", "get", {"product_id": "id"}),
        "EditProduct": ("/api/v1/merchant/products/{product_id}", "patch", {"product_id": "id"}),
        "RemoveProduct": (
            "/api/v1/merchant/products/{product_id}", "delete", {"product_id": "id"}
        ),
        "ShowProduct": ("/api/v1/products/{product_id}", "get", {"product_id": "id"}),
    },
    ("/api/v1/merchant/stores", "post", "201"): {
        "EditStore": ("/api/v1/merchant/stores/{store_id}", "patch", {"store_id": "id"}),
        "RemoveStore": ("/api/v1/merchant/stores/{store_id}", "delete", {"store_id": "id"}),
    },
    ("/api/v1/merchant/redemptions", "post", "201"): {
        "ReverseRedemption": (
            "/api/v1/merchant/redemptions/{redemption_id}/reversal", "post",
            {"redemption_id": "id"},
        ),
    },
    (f"{OPS_APP}/approve", "post", "201"): {
        "GetMerchant": (OPS_MERCHANT, "get", {"merchant_id": "merchant/id"}),
        "ShowMerchant": ("/api/v1/merchants/{merchant_id}", "get", {"merchant_id": "merchant/id"}),
        "SuspendMerchant": (f"{OPS_MERCHANT}/suspend", "post", {"merchant_id": "merchant/id"}),
        "ReinstateMerchant": (
            f"{OPS_MERCHANT}/reinstate", "post", {"merchant_id": "merchant/id"}
        ),
        "ReissueApiKey": (f"{OPS_MERCHANT}/api-keys", "post", {"merchant_id": "merchant/id"}),
        "MerchantAudit": (f"{OPS_MERCHANT}/audit", "get", {"merchant_id": "merchant/id"}),
    },
}  # fmt: skip


def add_links(doc: dict) -> None:
    """Attach `links` to creating operations whose targets are in the document, in place."""
    paths = doc.get("paths", {})
    for (path, method, status), links in LINKS.items():
        answer = paths.get(path, {}).get(method, {}).get("responses", {}).get(status)
        if not isinstance(answer, dict) or "$ref" in answer:
            continue
        found = {}
        for name, (target, target_method, parameters) in links.items():
            if target_method not in paths.get(target, {}):
                continue
            pointer = target.replace("~", "~0").replace("/", "~1")
            found[name] = {
                "operationRef": f"#/paths/{pointer}/{target_method}",
                "parameters": {p: f"$response.body#/{field}" for p, field in parameters.items()},
            }
        if found:
            answer["links"] = found


# Answers the gateway composes from two services: the first service's schema, plus its fields.
COMPOSED = {
    ("/api/v1/products/{product_id}", "get", "200"): {
        "campaigns": {
            "type": "array",
            "items": {"type": "object"},
            "description": "The open campaigns that apply to the product, as "
            "`GET /api/v1/campaigns` lists them.",
        },
        "degraded": {
            "type": "array",
            "items": {"type": "string"},
            "description": "Parts left out because their service was away.",
        },
    },
}


def add_compositions(doc: dict) -> None:
    """Widen a composed answer's schema by the fields the gateway adds to it."""
    schemas = doc.get("components", {}).get("schemas", {})
    for (path, method, status), extra in COMPOSED.items():
        answer = doc.get("paths", {}).get(path, {}).get(method, {}).get("responses", {}).get(status)
        media = (answer or {}).get("content", {}).get("application/json")
        if not media or "schema" not in media:
            continue
        schema = media["schema"]
        if "$ref" in schema:
            schema = schemas.get(schema["$ref"].rsplit("/", 1)[-1], {})
        widened = {**schema, "properties": {**schema.get("properties", {}), **extra}}
        media["schema"] = widened
