"""`qualpolicy compare` and `qualpolicy metrics`."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from qualpolicy.cli.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    DataDirOption,
    FormatOption,
    JsonOption,
    PlansOption,
    TableFormat,
    emit,
    handle_errors,
    split_plans,
)

if TYPE_CHECKING:
    from qualpolicy.catalogue import Metric

MAX_SHOWN = 3
"""A name that matches more metrics shows the closest this many, and names the rest."""


@handle_errors
def compare(
    metric: Annotated[
        str | None,
        typer.Option(
            "--metric",
            "-m",
            help="Canonical id, Chinese name (either script), alias or English name; "
            "a name several metrics share shows each. Without it: a matrix of every "
            "metric two or more plans address.",
            show_default=False,
        ),
    ] = None,
    quotes: Annotated[bool, typer.Option("--quotes", help="Show the source quotes.")] = False,
    plans: PlansOption = None,
    output: FormatOption = TableFormat.table,
    data_dir: DataDirOption = None,
) -> None:
    """Compare one metric across plans, like for like, with caveats."""
    from qualpolicy.compare import compare_all, compare_metric
    from qualpolicy.render import compare as render
    from qualpolicy.workspace import Workspace

    ws = Workspace(data_dir)
    chosen = ws.plans.select(split_plans(plans))
    if metric is None:
        matrix = compare_all(chosen, ws.aligner)
        emit(
            output,
            {
                TableFormat.json: lambda: render.matrix_json(matrix),
                TableFormat.csv: lambda: render.matrix_csv(matrix),
                TableFormat.markdown: lambda: render.matrix_markdown(matrix),
            },
            lambda console: render.print_matrix(matrix, console),
        )
        return
    found = ws.catalogue.matching(metric, ws.normalizer)
    if len(found) > 1:
        print(_several(metric, found), file=sys.stderr)
    results = [compare_metric(m, chosen, ws.aligner) for m in found[:MAX_SHOWN]]
    emit(
        output,
        {
            TableFormat.json: lambda: render.comparisons_json(results),
            TableFormat.csv: lambda: render.as_csv(results),
            TableFormat.markdown: lambda: render.as_markdown(results, quotes=quotes),
        },
        lambda console: render.print_tables(results, console, quotes=quotes),
    )


def _several(query: str, found: list[Metric]) -> str:
    """The note on a name that several metrics share."""
    names = [f"{m.name} ({m.id})" for m in found]
    if len(names) <= MAX_SHOWN:
        showing = "each: " + ", ".join(names)
    else:
        showing = f"the {MAX_SHOWN} closest: {', '.join(names[:MAX_SHOWN])}; not shown: "
        showing += ", ".join(names[MAX_SHOWN:])
    return f"“{query}” names {len(names)} metrics; showing {showing}. Name one to see only it."


@handle_errors
def metrics(
    unmatched: Annotated[
        bool,
        typer.Option("--unmatched", help="List plan entries no catalogue rule maps."),
    ] = False,
    plans: PlansOption = None,
    output: FormatOption = TableFormat.table,
    data_dir: DataDirOption = None,
    as_json: JsonOption = False,
) -> None:
    """The metric catalogue, with how many plans address each metric.

    With --unmatched, exit 1 if an entry is neither matched nor deliberately left out.
    """
    from qualpolicy.render import metrics as render
    from qualpolicy.workspace import Workspace

    ws = Workspace(data_dir)
    fmt = TableFormat.json if as_json else output
    aligned = ws.aligner.align(ws.plans.select(split_plans(plans)))
    if unmatched:
        rows = [a for a in aligned if not a.match.matched]
        emit(
            fmt,
            {
                TableFormat.json: lambda: render.unmatched_json(rows),
                TableFormat.csv: lambda: render.unmatched_csv(rows),
                TableFormat.markdown: lambda: render.unmatched_markdown(rows),
            },
            lambda console: render.print_unmatched(rows, console),
        )
        open_rows = any(a.match.rule == "unmatched" for a in rows)
        raise typer.Exit(EXIT_FINDINGS if open_rows else EXIT_OK)
    emit(
        fmt,
        {
            TableFormat.json: lambda: render.catalogue_json(ws.catalogue, aligned),
            TableFormat.csv: lambda: render.catalogue_csv(ws.catalogue, aligned),
            TableFormat.markdown: lambda: render.catalogue_markdown(ws.catalogue, aligned),
        },
        lambda console: render.print_catalogue(ws.catalogue, aligned, console),
    )
