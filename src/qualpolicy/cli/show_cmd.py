"""`qualpolicy show` and `qualpolicy plans`."""

from __future__ import annotations

from typing import Annotated

import typer

from qualpolicy.cli.common import (
    DataDirOption,
    ForceOption,
    FormatOption,
    LevelOption,
    OutOption,
    TableFormat,
    emit,
    file_format,
    handle_errors,
    workspace,
)


@handle_errors
def show(
    plan: Annotated[str, typer.Argument(help="Plan id, or region in either script (四川, 重慶).")],
    quotes: Annotated[bool, typer.Option("--quotes", help="Show the source quotes.")] = False,
    output: FormatOption = TableFormat.table,
    out: OutOption = None,
    force: ForceOption = False,
    data_dir: DataDirOption = None,
) -> None:
    """Show one plan: header, targets, baselines, directions and its task outline.

    csv lists the plan's entries; json and markdown carry the tasks too.
    """
    from qualpolicy.render import plan as render

    if out is not None:
        output = file_format(TableFormat, output, out)
    ws = workspace(data_dir)
    found = ws.plans.get(plan)
    emit(
        output,
        {
            TableFormat.json: lambda: render.as_json(found, ws.normalizer),
            TableFormat.csv: lambda: render.as_csv(found, ws.normalizer),
            TableFormat.markdown: lambda: render.as_markdown(found, ws.normalizer, quotes=quotes),
        },
        lambda console: render.print_plan(found, ws.normalizer, console, quotes=quotes),
        out=out,
        force=force,
    )


@handle_errors
def plans(
    level: LevelOption = None,
    output: FormatOption = TableFormat.table,
    out: OutOption = None,
    force: ForceOption = False,
    data_dir: DataDirOption = None,
) -> None:
    """Every plan: region, level, parent, document, date, how complete its source is,
    and how many targets, baselines, directions and tasks it has."""
    from qualpolicy.analysis.cascade import choose
    from qualpolicy.analysis.inventory import summarise
    from qualpolicy.render import plans as render

    if out is not None:
        output = file_format(TableFormat, output, out)
    ws = workspace(data_dir)
    summaries = summarise(choose(ws.plans, level=level))
    emit(
        output,
        {
            TableFormat.json: lambda: render.as_json(summaries),
            TableFormat.csv: lambda: render.as_csv(summaries),
            TableFormat.markdown: lambda: render.as_markdown(summaries),
        },
        lambda console: render.print_plans(summaries, console),
        out=out,
        force=force,
    )
