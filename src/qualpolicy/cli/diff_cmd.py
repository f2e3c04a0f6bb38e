"""`qualpolicy diff`."""

from typing import Annotated

import typer

from qualpolicy import taskwords
from qualpolicy.analysis.diff import diff_plans
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
from qualpolicy.render import diff as render


@handle_errors
def diff(
    plan_a: Annotated[
        str, typer.Argument(help="First plan: id or region (江蘇, 江苏省, jiangsu).")
    ],
    plan_b: Annotated[str, typer.Argument(help="Second plan.")],
    themes: Annotated[
        bool, typer.Option("--themes/--no-themes", help="Compare task themes (uses jieba).")
    ] = True,
    output: FormatOption = TableFormat.table,
    out: OutOption = None,
    as_of: AsOfOption = None,
    all_versions: AllVersionsOption = False,
    force: ForceOption = False,
    data_dir: DataDirOption = None,
) -> None:
    """Two plans side by side: shared metrics with verdicts, one-sided figures, task themes.

    Targets for different years are weighed by the pace each asks a year from its
    region's latest actual on the same basis, where both regions have one.

    csv carries the figures (shared and one-sided); json carries the themes too.
    """

    if out is not None:
        output = file_format(TableFormat, output, out)
    ws = workspace(data_dir)
    among = in_force(ws, as_of, all_versions)
    a, b = ws.plans.get(plan_a, among), ws.plans.get(plan_b, among)
    themed = taskwords.themes(ws) if themes else None
    result = diff_plans(a, b, ws.aligner, themed, ws.evidence(as_of, ws.catalogue.ids))
    emit(
        output,
        {
            TableFormat.json: lambda: render.as_json(result),
            TableFormat.csv: lambda: render.as_csv(result),
            TableFormat.markdown: lambda: render.as_markdown(result),
        },
        lambda console: render.print_diff(result, console),
        out=out,
        force=force,
    )
