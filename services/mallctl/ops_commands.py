"""Ops commands that repair and inspect the live mall through the gateway's ops API."""

from __future__ import annotations

import json
from collections.abc import Callable

import click

from services.mallctl.client import Gateway

UPSTREAMS = ("merchant", "catalog", "voucher", "gateway")


def show(data: object) -> None:
    """Print a response as readable JSON (Chinese kept as is)."""
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def register(main: click.Group, gateway_of: Callable[[click.Context], Gateway]) -> None:
    """Attach the ops commands to the mallctl group."""

    @main.group()
    def caches() -> None:
        """Cached reads (catalog)."""

    @caches.command("rebuild")
    @click.pass_context
    def caches_rebuild(ctx: click.Context) -> None:
        """Invalidate the catalog caches, so the next reads rebuild them from the database."""
        show(gateway_of(ctx).post("/api/v1/ops/catalog/cache/invalidate", {}))

    @main.group()
    def gate() -> None:
        """The voucher service's Redis claim gate (stock and per-member counts)."""

    @gate.command("reconcile")
    @click.pass_context
    def gate_reconcile(ctx: click.Context) -> None:
        """Rebuild the claim gate from the vouchers in the database (safe to repeat)."""
        show(gateway_of(ctx).post("/api/v1/ops/voucher-gate/rebuild", {}))

    @main.group("dead-letters")
    def dead_letters() -> None:
        """Events a consumer could not handle."""

    @dead_letters.command("list")
    @click.option(
        "--service", type=click.Choice(UPSTREAMS), default=None, help="One service (default: all)."
    )
    @click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 100))
    @click.pass_context
    def dead_letters_list(ctx: click.Context, service: str | None, limit: int) -> None:
        """List dead letters, newest first."""
        gw = gateway_of(ctx)
        found = {}
        for name in [service] if service else UPSTREAMS:
            found[name] = gw.get(
                "/api/v1/ops/dead-letters", params={"service": name, "limit": limit}
            )
        show(found)

    @dead_letters.command("replay")
    @click.argument("service", type=click.Choice(UPSTREAMS))
    @click.argument("dead_letter_id", type=click.IntRange(min=1))
    @click.pass_context
    def dead_letters_replay(ctx: click.Context, service: str, dead_letter_id: int) -> None:
        """Apply one dead-lettered event again (a replayed one is not applied twice)."""
        show(gateway_of(ctx).post(f"/api/v1/ops/dead-letters/{service}/{dead_letter_id}/replay"))

    @main.command()
    @click.pass_context
    def outbox(ctx: click.Context) -> None:
        """Show how many events wait in each service's outbox, and since when."""
        show(gateway_of(ctx).get("/api/v1/ops/outbox"))

    @main.command()
    @click.pass_context
    def kpis(ctx: click.Context) -> None:
        """Show the union's KPIs: partners against targets, services, subsidy, review times."""
        show(gateway_of(ctx).get("/api/v1/ops/kpis"))

    @main.group()
    def vouchers() -> None:
        """Vouchers across campaigns."""

    @vouchers.command("expire")
    @click.pass_context
    def vouchers_expire(ctx: click.Context) -> None:
        """Expire vouchers past their validity now, instead of waiting for the schedule."""
        show(gateway_of(ctx).post("/api/v1/ops/vouchers/expire", {}))
