"""`qualpolicy history`."""

import sys
from typing import Annotated

import typer

from qualpolicy.analysis.history import history as over_time
from qualpolicy.analysis.history import region_documents
from qualpolicy.analysis.naming import named
from qualpolicy.cli.common import (
    AsOfOption,
    DataDirOption,
    ForceOption,
    FormatOption,
    MetricsOption,
    OutOption,
    TableFormat,
    emit,
    file_format,
    handle_errors,
    workspace,
)
from qualpolicy.render import history as render


@handle_errors
def history(
    region: Annotated[
        str,
        typer.Argument(
            help="A region in either script (山东, 山東省), or any of its plans' ids.",
            show_default=False,
        ),
    ],
    metric: MetricsOption = None,
    as_of: AsOfOption = None,
    output: FormatOption = TableFormat.table,
    out: OutOption = None,
    force: ForceOption = False,
    data_dir: DataDirOption = None,
) -> None:
    """A region over time: each metric's targets across its documents, old and new, with
    the actuals between them."""

    if out is not None:
        output = file_format(TableFormat, output, out)
    ws = workspace(data_dir)
    documents = region_documents(ws.plans, region)
    metrics = None
    if metric is not None:
        found = named(ws.catalogue, metric, ws.normalizer)
        if found.note:
            print(found.note, file=sys.stderr)
        metrics = found.shown
    measured = ws.evidence(as_of, ws.catalogue.ids)  # a line is a metric's
    result = over_time(documents, ws.aligner, measured, metrics)
    emit(
        output,
        {
            TableFormat.json: lambda: render.history_json(result),
            TableFormat.csv: lambda: render.history_csv(result),
            TableFormat.markdown: lambda: render.history_markdown(result),
        },
        lambda console: render.print_history(result, console),
        out=out,
        force=force,
    )
