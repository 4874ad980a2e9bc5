"""The `mallctl` command group: tokens, migrations and the demo seed."""

from __future__ import annotations

import os

import click

from services.mallctl import ops_commands, seed_command
from services.mallctl.client import Gateway
from services.mallctl.migrate import SERVICES, migrate_service
from services.mallctl.rehearse import command as rehearse_command
from shared.dev_tokens import mint_token
from shared.reference.members import SEGMENTS
from shared.reference.regions import REGIONS


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--gateway",
    envvar="MALL_GATEWAY",
    default="http://127.0.0.1:8080",
    show_default=True,
    help="Gateway base URL (env MALL_GATEWAY).",
)
@click.option("--timeout", default=15.0, show_default=True, help="Seconds per HTTP request.")
@click.option(
    "--retry-for",
    envvar="MALL_RETRY_FOR",
    default=30.0,
    show_default=True,
    help="Seconds to retry a repeatable request while the mall answers 502/503/504.",
)
@click.pass_context
def main(ctx: click.Context, gateway: str, timeout: float, retry_for: float) -> None:
    """Run the union's mall: seed demo data, mint tokens, repair caches, replay dead letters."""
    ctx.obj = {"gateway_url": gateway, "timeout": timeout, "retry_for": retry_for}


def gateway_of(ctx: click.Context) -> Gateway:
    """Build the ops client for the gateway the group was pointed at."""
    return Gateway(
        ctx.obj["gateway_url"], timeout=ctx.obj["timeout"], retry_for=ctx.obj["retry_for"]
    )


@main.command()
@click.option("--role", type=click.Choice(["member", "ops"]), default="member", show_default=True)
@click.option("--sub", default=None, help="Member or staff id (default: m-1001 / ops-1).")
@click.option(
    "--segments",
    default="regular",
    show_default=True,
    help=f"Comma-separated: {', '.join(SEGMENTS)}.",
)
@click.option("--region", type=click.Choice(sorted(REGIONS)), default="460100", show_default=True)
@click.option("--ttl", default=3600, show_default=True, help="Seconds until it expires.")
def token(role: str, sub: str | None, segments: str, region: str, ttl: int) -> None:
    """Mint a development token signed with JWT_SECRET (or the dev secret)."""
    wanted = [s.strip() for s in segments.split(",") if s.strip()]
    unknown = sorted(set(wanted) - set(SEGMENTS))
    if unknown:
        raise click.BadParameter(f"unknown segments: {', '.join(unknown)}", param_hint="--segments")
    subject = sub or ("m-1001" if role == "member" else "ops-1")
    click.echo(
        mint_token(
            role,
            subject,
            segments=wanted if role == "member" else [],
            region=region if role == "member" else None,
            ttl_seconds=ttl,
        )
    )


@main.command()
@click.option(
    "--service",
    "services",
    multiple=True,
    type=click.Choice(SERVICES),
    help="Only these services (default: all that have migrations).",
)
def migrate(services: tuple[str, ...]) -> None:
    """Bring each service's database to its latest schema (safe to run again)."""
    for name in services or SERVICES:
        outcome = migrate_service(name)
        click.echo(f"{name}: {outcome}")


seed_command.register(main, gateway_of)
ops_commands.register(main, gateway_of)
rehearse_command.register(main, gateway_of)


def run() -> None:
    """Console-script entry point."""
    main(prog_name=os.environ.get("MALLCTL_PROG", "mallctl"))
