"""`mallctl seed`: the demo mall at the union's scale, through the gateway, safe to rerun."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

import click

from services.mallctl.client import Gateway
from services.mallctl.credentials import write_credentials
from services.mallctl.demo_data import plan_merchants
from services.mallctl.seeder import Seeder
from services.mallctl.state import SeedState
from shared.config import VAR_DIR


def register(main: click.Group, gateway_of: Callable[[click.Context], Gateway]) -> None:
    """Attach the seed command to the mallctl group."""

    @main.command()
    @click.option(
        "--scale",
        default=1.0,
        show_default=True,
        type=click.FloatRange(0.001, 10),
        help="Fraction of the union's 600 + 100 partner targets.",
    )
    @click.option(
        "--products-per-merchant", default=5, show_default=True, type=click.IntRange(1, 50)
    )
    @click.option("--concurrency", default=16, show_default=True, type=click.IntRange(1, 64))
    @click.option(
        "--state-file",
        type=click.Path(path_type=Path),
        default=lambda: VAR_DIR / "seed-state.json",
        show_default="var/seed-state.json",
    )
    @click.option(
        "--credentials-file",
        type=click.Path(path_type=Path),
        default=lambda: VAR_DIR / "demo-credentials.json",
        show_default="var/demo-credentials.json",
    )
    @click.pass_context
    def seed(
        ctx: click.Context,
        scale: float,
        products_per_merchant: int,
        concurrency: int,
        state_file: Path,
        credentials_file: Path,
    ) -> None:
        """Seed partners, products and open campaigns through the gateway; a rerun adds nothing."""
        gw = gateway_of(ctx)
        plans = plan_merchants(scale, products_per_merchant)
        seeder = Seeder(gw, SeedState(state_file))
        total = sum(1 + len(p.products) for p in plans)
        started = time.monotonic()
        with click.progressbar(
            length=total,
            label=f"Seeding {len(plans)} partners",
            show_pos=True,
            show_eta=True,
            file=click.get_text_stream("stderr"),
            item_show_func=lambda _x: None,
        ) as bar:
            errors = seeder.seed_merchants(plans, concurrency, bar.update)
        if errors:
            for line in errors[:10]:
                click.echo(f"  failed {line}", err=True)
            raise click.ClickException(f"{len(errors)} partners failed; run seed again to resume.")
        click.echo("Opening campaigns…", err=True)
        seeder.seed_campaigns()
        path = write_credentials(credentials_file, gw.base_url, seeder.state)
        counts = dict(seeder.counts)
        summary = {
            "partners_planned": len(plans),
            "merchants_created": counts.get("merchants_created", 0),
            "merchants_existing": counts.get("merchants_existing", 0),
            "products_created": counts.get("products_created", 0),
            "campaigns_created": counts.get("campaigns_created", 0),
            "seconds": round(time.monotonic() - started, 1),
            "credentials": str(path),
        }
        click.echo(json.dumps(summary, ensure_ascii=False))
