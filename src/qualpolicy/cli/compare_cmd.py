"""`qualpolicy compare` and `qualpolicy metrics`."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated, Any

import typer

from qualpolicy.cli.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    DataDirOption,
    ForceOption,
    FormatOption,
    JsonOption,
    LevelOption,
    OutOption,
    PlansOption,
    TableFormat,
    emit,
    file_format,
    handle_errors,
    split_list,
    workspace,
)

if TYPE_CHECKING:
    from qualpolicy.analysis.catalogue import Metric

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
    exact: Annotated[
        bool,
        typer.Option(
            "--exact",
            help="Leave out figures aligned only by similarity (they are listed as possible).",
        ),
    ] = False,
    plans: PlansOption = None,
    within: Annotated[
        str | None,
        typer.Option(
            "--within",
            help="A plan by id or region (浙江): it, every plan below it and the nation.",
            show_default=False,
        ),
    ] = None,
    level: LevelOption = None,
    output: FormatOption = TableFormat.table,
    out: OutOption = None,
    force: ForceOption = False,
    data_dir: DataDirOption = None,
) -> None:
    """Compare one metric across plans, like for like, with caveats."""
    from qualpolicy.analysis.cascade import choose
    from qualpolicy.analysis.compare import compare_metric
    from qualpolicy.analysis.index import overview
    from qualpolicy.analysis.matrix import compare_all
    from qualpolicy.render import compare as render

    if out is not None:
        output = file_format(TableFormat, output, out)
    ws = workspace(data_dir)
    chosen = choose(ws.plans, split_list(plans), within=within, level=level)
    if metric is None:

        def table(console: Any) -> None:
            if len(chosen) > render.SIDE_BY_SIDE:  # in brief, from the cache if it can
                render.print_spreads(overview(chosen, ws.aligner), len(chosen), console)
            else:
                render.print_matrix(compare_all(chosen, ws.aligner), console)

        emit(
            output,
            {
                TableFormat.json: lambda: render.matrix_json(compare_all(chosen, ws.aligner)),
                TableFormat.csv: lambda: render.matrix_csv(compare_all(chosen, ws.aligner)),
                TableFormat.markdown: lambda: render.matrix_markdown(
                    compare_all(chosen, ws.aligner)
                ),
            },
            table,
            out=out,
            force=force,
        )
        return
    found = ws.catalogue.matching(metric, ws.normalizer)
    if len(found) > 1:
        print(_several(metric, found), file=sys.stderr)
    from qualpolicy.analysis.progress import gather

    shown = {m.id for m in found[:MAX_SHOWN]}
    evidence = gather(ws.actuals, ws.plans.plans, ws.aligner, shown)
    results = [
        compare_metric(m, chosen, ws.aligner, exact=exact, evidence=evidence)
        for m in found[:MAX_SHOWN]
    ]
    emit(
        output,
        {
            TableFormat.json: lambda: render.comparisons_json(results),
            TableFormat.csv: lambda: render.as_csv(results),
            TableFormat.markdown: lambda: render.as_markdown(results, quotes=quotes),
        },
        lambda console: render.print_tables(results, console, quotes=quotes),
        out=out,
        force=force,
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
    from qualpolicy.render import metrics as render

    fmt = TableFormat.json if as_json else output
    if out is not None:
        fmt = file_format(TableFormat, fmt, out)
    ws = workspace(data_dir)
    aligned = ws.aligner.align(ws.plans.select(split_list(plans)))
    if unmatched:
        from qualpolicy.checks.curation import reviews

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
