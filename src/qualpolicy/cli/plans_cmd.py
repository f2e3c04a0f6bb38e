"""`qualpolicy plans`."""

from typing import Annotated

import typer

from qualpolicy.analysis.cascade import choose
from qualpolicy.analysis.inventory import summarise
from qualpolicy.analysis.versions import Versions, as_of_day
from qualpolicy.cli.common import (
    AllVersionsOption,
    AsOfOption,
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
from qualpolicy.models import DocumentType
from qualpolicy.render import plans as render


@handle_errors
def plans(
    level: LevelOption = None,
    kind: Annotated[
        DocumentType | None,
        typer.Option("--type", help="Only documents of this type.", show_default=False),
    ] = None,
    as_of: AsOfOption = None,
    all_versions: AllVersionsOption = False,
    output: FormatOption = TableFormat.table,
    out: OutOption = None,
    force: ForceOption = False,
    data_dir: DataDirOption = None,
) -> None:
    """Every plan in force: region, level, parent, document (type, period, in force or
    superseded), date, how complete its source is, and how many targets, baselines,
    directions and tasks it has."""

    if out is not None:
        output = file_format(TableFormat, output, out)
    ws = workspace(data_dir)
    day = Versions(ws.plans.plans, as_of_day(as_of))
    found = choose(ws.plans, level=level, versions=None if all_versions else day)
    listed = [p for p in found if kind is None or p.document_type is kind]
    summaries = summarise(listed, day)
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
