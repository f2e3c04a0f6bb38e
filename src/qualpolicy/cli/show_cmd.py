"""`qualpolicy show`."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from qualpolicy.cli.common import DataDirOption, console, handle_errors, workspace


class ShowFormat(StrEnum):
    table = "table"
    json = "json"


@handle_errors
def show(
    plan: Annotated[str, typer.Argument(help="Plan id, or region in either script (四川, 重慶).")],
    output: Annotated[ShowFormat, typer.Option("--format", "-f")] = ShowFormat.table,
    quotes: Annotated[bool, typer.Option("--quotes", help="Show the source quotes.")] = False,
    data_dir: DataDirOption = None,
) -> None:
    """Show one plan: header, targets, baselines, directions and its task outline."""
    from qualpolicy.render import plan as render

    ws = workspace(data_dir)
    found = ws.plans.get(plan)
    if output is ShowFormat.json:
        print(render.as_json(found, ws.normalizer))
    else:
        render.print_plan(found, ws.normalizer, console(), quotes=quotes)
