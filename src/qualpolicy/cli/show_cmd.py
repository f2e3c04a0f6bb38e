"""`qualpolicy show`."""

from typing import Annotated

import typer

from qualpolicy.cli.common import (
    AllVersionsOption,
    AsOfOption,
    DataDirOption,
    ForceOption,
    FormatOption,
    OutOption,
    TableFormat,
    emit,
    file_format,
    handle_errors,
    in_force,
    workspace,
)
from qualpolicy.render import plan as render


@handle_errors
def show(
    plan: Annotated[str, typer.Argument(help="Plan id, or region in either script (四川, 重慶).")],
    quotes: Annotated[bool, typer.Option("--quotes", help="Show the source quotes.")] = False,
    output: FormatOption = TableFormat.table,
    out: OutOption = None,
    as_of: AsOfOption = None,
    all_versions: AllVersionsOption = False,
    force: ForceOption = False,
    data_dir: DataDirOption = None,
) -> None:
    """Show one plan: header, targets, baselines, directions and its task outline.

    csv lists the plan's entries; json and markdown carry the tasks too.
    """

    if out is not None:
        output = file_format(TableFormat, output, out)
    ws = workspace(data_dir)
    found = ws.plans.get(plan, in_force(ws, as_of, all_versions))
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
