"""The SMS gateway's stand-in: `python -m services.merchant.entrypoints.sms_outbox [ID...]`.

Production hands the sealed `contact_messages` to the SMS gateway and nobody else opens them.
In development and tests nobody holds the contact's phone, so this opens them with the service's
own settings (database and pepper) and prints, as JSON, the latest key-link token waiting for
each merchant's contact: the demo seed (`mallctl seed`), the end-to-end tests and a developer
then open the link (`POST /api/v1/merchant-key-retrievals`) as the contact would. It refuses to
run with `MALL_ENV=production`.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict

from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from services.merchant.adapters.key_link_repo import KeyLinkRepository, message_cipher
from services.merchant.config import MerchantSettings
from shared.config import env


class ProductionRefused(RuntimeError):
    """The stand-in would read real merchants' messages: never in production."""


def link_token(body: str) -> str:
    """The one-time token of a key-link message: what follows `#` in the link."""
    return body.split("#", 1)[1].split(" ", 1)[0]


def messages(session: Session, pepper: str, merchant_ids: list[str] | None = None) -> list[dict]:
    """The opened messages still waiting for the SMS gateway, oldest first."""
    waiting = KeyLinkRepository(session).unsent_messages(
        message_cipher(pepper), limit=None, merchant_ids=merchant_ids
    )
    return [asdict(m) for m in waiting]


def latest_tokens(session: Session, pepper: str, merchant_ids: list[str] | None = None) -> dict:
    """merchant id -> the token of the latest link sent to its contact (the one that works)."""
    return {
        m["merchant_id"]: link_token(m["body"]) for m in messages(session, pepper, merchant_ids)
    }


def read_tokens(merchant_ids: list[str] | None = None, config: dict | None = None) -> dict:
    """`latest_tokens` from the database the settings (environment, then `config`) name."""
    if (config or {}).get("environment", env("MALL_ENV", "development")) == "production":
        raise ProductionRefused("the SMS stand-in never runs with MALL_ENV=production")
    settings = MerchantSettings.from_mapping("merchant", config)
    engine = create_engine(settings.database_url)
    try:
        with Session(engine) as session:
            return latest_tokens(session, settings.api_key_pepper, merchant_ids)
    finally:
        engine.dispose()


def main(argv: list[str] | None = None) -> int:
    try:
        found = read_tokens(list(argv) if argv else None)
    except ProductionRefused as err:
        print(err, file=sys.stderr)
        return 2
    print(json.dumps(found))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
