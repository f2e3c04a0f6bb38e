"""`qualpolicy plans`."""

from __future__ import annotations

from qualpolicy.analysis.cascade import choose
from qualpolicy.analysis.inventory import summarise
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
from qualpolicy.render import plans as render


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
