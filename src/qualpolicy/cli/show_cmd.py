"""`qualpolicy show` and `qualpolicy plans`."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from qualpolicy.cli.common import DataDirOption, OutputFormat, console, handle_errors, workspace
from qualpolicy.models import LevelFilter


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


@handle_errors
def plans(
    level: Annotated[
        LevelFilter | None,
        typer.Option("--level", help="Only plans of this level.", show_default=False),
    ] = None,
    output: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.table,
    data_dir: DataDirOption = None,
) -> None:
    """Every plan: region, level, parent, document, date, how complete its source is,
    and how many targets, baselines, directions and tasks it has."""
    from qualpolicy.cascade import choose
    from qualpolicy.inventory import summarise
    from qualpolicy.render import plans as render

    ws = workspace(data_dir)
    summaries = summarise(choose(ws.plans, level=level))
    if output is OutputFormat.table:
        render.print_plans(summaries, console())
        return
    text = {
        OutputFormat.json: render.as_json,
        OutputFormat.csv: render.as_csv,
        OutputFormat.markdown: render.as_markdown,
    }[output](summaries)
    print(text, end="" if text.endswith("\n") else "\n")
