"""`mallctl rehearse`: the click command around a rehearsal and its consistency check."""

from __future__ import annotations

import json
from collections.abc import Callable

import click

from services.mallctl.client import Gateway
from services.mallctl.rehearse import consistency
from services.mallctl.rehearse.rush import run_rehearsal

UNION_MEMBERS = 38_077


def register(main: click.Group, gateway_of: Callable[[click.Context], Gateway]) -> None:
    @main.command()
    @click.option("--members", default=UNION_MEMBERS, show_default=True)
    @click.option("--quantity", type=int, default=None, help="Vouchers (default: one each).")
    @click.option("--connections", default=64, show_default=True)
    @click.option(
        "--database-url",
        envvar="VOUCHER_DATABASE_URL",
        default="postgresql+psycopg://mall:mall@127.0.0.1:5433/mall_voucher",
        show_default=True,
        help="The voucher database, for the check (env VOUCHER_DATABASE_URL).",
    )
    @click.option("--redis-url", envvar="REDIS_URL", default="redis://127.0.0.1:6390/0")
    @click.option("--kafka", envvar="KAFKA_BOOTSTRAP", default="127.0.0.1:9092")
    @click.option("--topic-prefix", envvar="KAFKA_TOPIC_PREFIX", default="")
    @click.option("--json-out", type=click.Path(dir_okay=False), help="Write the summary as JSON.")
    @click.option("--quiet", is_flag=True, help="No progress line.")
    @click.pass_context
    def rehearse(
        ctx: click.Context, members: int, quantity: int | None, connections: int,
        database_url: str, redis_url: str, kafka: str, topic_prefix: str,
        json_out: str | None, quiet: bool,
    ) -> None:  # fmt: skip
        """Rush a new campaign with N synthetic members through the gateway, then check that
        Redis, PostgreSQL and Kafka agree. The gateway must trust one proxy hop
        (TRUSTED_PROXY_HOPS=1): each member claims from its own X-Forwarded-For address."""
        gateway = gateway_of(ctx)
        click.echo(f"rehearsing {members} members against {gateway.base_url} ...", err=True)
        done = run_rehearsal(
            gateway, members=members, quantity=quantity, connections=connections,
            progress=not quiet,
        )  # fmt: skip
        agreement = consistency.check(
            database_url=database_url, redis_url=redis_url, bootstrap=kafka, prefix=topic_prefix,
            campaign_id=done.campaign_id, answered_201=done.issued,
        )  # fmt: skip
        for line in done.summary(agreement):
            click.echo(line)
        if done.outcome.statuses.get(429):
            click.echo(
                "429s: is the gateway told it sits behind one proxy (TRUSTED_PROXY_HOPS=1)? "
                "Without it every member shares this machine's address and its budget.",
                err=True,
            )
        if json_out:
            o = done.outcome
            summary = {
                "campaign_id": done.campaign_id,
                "members": members,
                "issued": done.issued,
                "seconds": round(o.seconds, 3),
                "claims_per_s": round(done.claims_per_s, 1),
                "p50_ms": o.percentile(50),
                "p95_ms": o.percentile(95),
                "p99_ms": o.percentile(99),
                "statuses": {str(s): n for s, n in o.statuses.items()},
                "connection_errors": dict(o.errors),
                "consistent": agreement.ok,
                "agreement": vars(agreement),
                "oversell": max(0, agreement.rows - done.quantity)
                + agreement.over_limit_db
                + agreement.over_limit_gate,
            }
            with open(json_out, "w") as f:
                json.dump(summary, f, indent=2)
        if not agreement.ok or done.server_errors:
            raise SystemExit(1)
