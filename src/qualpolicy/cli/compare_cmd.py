"""`qualpolicy compare`."""

import sys
from typing import Annotated, Any

import typer

from qualpolicy.analysis.cascade import choose
from qualpolicy.analysis.compare import compare_metric
from qualpolicy.analysis.index import overview
from qualpolicy.analysis.matrix import Matrix, compare_all
from qualpolicy.analysis.naming import named
from qualpolicy.cli.common import (
    AllVersionsOption,
    AsOfOption,
    DataDirOption,
    ForceOption,
    FormatOption,
    LevelOption,
    OutOption,
    PlansOption,
    TableFormat,
    WithinOption,
    emit,
    file_format,
    handle_errors,
    split_list,
    versions,
    workspace,
)
from qualpolicy.render import compare as render


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
    within: WithinOption = None,
    level: LevelOption = None,
    as_of: AsOfOption = None,
    all_versions: AllVersionsOption = False,
    output: FormatOption = TableFormat.table,
    out: OutOption = None,
    force: ForceOption = False,
    data_dir: DataDirOption = None,
) -> None:
    """Compare one metric across plans, like for like, with caveats."""

    if out is not None:
        output = file_format(TableFormat, output, out)
    ws = workspace(data_dir)
    documents = versions(ws, as_of, all_versions)
    chosen = choose(ws.plans, split_list(plans), within=within, level=level, versions=documents)
    if metric is None:

        def matrix() -> Matrix:  # each target's pace from its region's latest actual
            return compare_all(chosen, ws.aligner, evidence=ws.evidence(as_of, ws.catalogue.ids))

        def table(console: Any) -> None:
            if len(chosen) > render.SIDE_BY_SIDE:  # in brief, from the cache if it can
                render.print_spreads(overview(chosen, ws.aligner), len(chosen), console)
            else:
                render.print_matrix(matrix(), console)

        emit(
            output,
            {
                TableFormat.json: lambda: render.matrix_json(matrix()),
                TableFormat.csv: lambda: render.matrix_csv(matrix()),
                TableFormat.markdown: lambda: render.matrix_markdown(matrix()),
            },
            table,
            out=out,
            force=force,
        )
        return
    found = named(ws.catalogue, metric, ws.normalizer)
    if found.note:
        print(found.note, file=sys.stderr)
    shown = {m.id for m in found.shown}
    measured = ws.evidence(as_of, shown)
    results = [
        compare_metric(m, chosen, ws.aligner, exact=exact, evidence=measured) for m in found.shown
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
