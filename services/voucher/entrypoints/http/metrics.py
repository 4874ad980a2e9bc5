"""Counters of claims and redemptions by outcome, for /metrics."""

from __future__ import annotations

from flask import Flask, Response, request
from prometheus_client import Counter

CLAIMS = Counter("voucher_claims_total", "Claim requests by outcome", ["outcome"])
REDEMPTIONS = Counter(
    "voucher_redemptions_total", "Redemptions and reversals by outcome", ["kind", "outcome"]
)
_KINDS = {
    "/api/v1/campaigns/<id:campaign_id>/claims": None,
    "/api/v1/merchant/redemptions": "redemption",
    "/api/v1/merchant/redemptions/<id:redemption_id>/reversal": "reversal",
}


def _outcome(response: Response) -> str:
    if response.status_code < 300:
        return "ok"
    body = response.get_json(silent=True) if response.is_json else None
    return body.get("code", "error") if isinstance(body, dict) else "error"


def install_counters(app: Flask) -> None:
    @app.after_request
    def _count(response: Response) -> Response:
        rule = request.url_rule.rule if request.url_rule else None
        if request.method != "POST" or rule not in _KINDS:
            return response
        kind = _KINDS[rule]
        if kind is None:
            CLAIMS.labels(_outcome(response)).inc()
        else:
            REDEMPTIONS.labels(kind, _outcome(response)).inc()
        return response
