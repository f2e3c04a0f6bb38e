"""`qualpolicy metrics`."""

from typing import Annotated

import typer

from qualpolicy.checks.curation import reviews
from qualpolicy.cli.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    DataDirOption,
    ForceOption,
    FormatOption,
    JsonOption,
    OutOption,
    PlansOption,
    TableFormat,
    emit,
    file_format,
    handle_errors,
    split_list,
    workspace,
)
from qualpolicy.render import metrics as render


@handle_errors
def metrics(
    unmatched: Annotated[
        bool,
        typer.Option(
            "--unmatched",
            help="List plan entries no catalogue rule maps, with suggestions and alias lines.",
        ),
    ] = False,
    plans: PlansOption = None,
    output: FormatOption = TableFormat.table,
    out: OutOption = None,
    force: ForceOption = False,
    data_dir: DataDirOption = None,
    as_json: JsonOption = False,
) -> None:
    """The metric catalogue, with how many plans address each metric.

    With --unmatched, exit 1 if an entry is neither matched nor deliberately left out.
    """

    fmt = TableFormat.json if as_json else output
    if out is not None:
        fmt = file_format(TableFormat, fmt, out)
    ws = workspace(data_dir)
    aligned = ws.aligner.align(ws.plans.select(split_list(plans)))
    if unmatched:
        found = reviews(aligned, ws)
        deliberate = [a for a in aligned if a.match.rule == "deliberately-unmatched"]
        emit(
            fmt,
            {
                TableFormat.json: lambda: render.unmatched_json(found, deliberate),
                TableFormat.csv: lambda: render.unmatched_csv(found, deliberate),
                TableFormat.markdown: lambda: render.unmatched_markdown(found, deliberate),
            },
            lambda console: render.print_unmatched(found, deliberate, console),
            out=out,
            force=force,
        )
        open_rows = any(r.row.match.rule == "unmatched" for r in found)
        raise typer.Exit(EXIT_FINDINGS if open_rows else EXIT_OK)
    emit(
        fmt,
        {
            TableFormat.json: lambda: render.catalogue_json(ws.catalogue, aligned),
            TableFormat.csv: lambda: render.catalogue_csv(ws.catalogue, aligned),
            TableFormat.markdown: lambda: render.catalogue_markdown(ws.catalogue, aligned),
        },
        lambda console: render.print_catalogue(ws.catalogue, aligned, console),
        out=out,
        force=force,
    )
