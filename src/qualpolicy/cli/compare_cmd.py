"""`qualpolicy compare` and `qualpolicy metrics`."""

from __future__ import annotations

from typing import Annotated

import typer

from qualpolicy.cli.common import (
    DataDirOption,
    ForceOption,
    OutOption,
    OutputFormat,
    PlansOption,
    console,
    emit,
    file_format,
    handle_errors,
    split_plans,
    workspace,
)
from qualpolicy.models import LevelFilter


@handle_errors
def compare(
    metric: Annotated[
        str | None,
        typer.Option(
            "--metric",
            "-m",
            help="Canonical id, Chinese name (either script), alias or English name. "
            "Without it: a matrix of every metric two or more plans address.",
            show_default=False,
        ),
    ] = None,
    plans: PlansOption = None,
    within: Annotated[
        str | None,
        typer.Option(
            "--within",
            help="A plan by id or region (浙江): it, every plan below it and the nation.",
            show_default=False,
        ),
    ] = None,
    level: Annotated[
        LevelFilter | None,
        typer.Option(
            "--level",
            help="Only plans of this level (municipalities are province level, "
            "districts county level).",
            show_default=False,
        ),
    ] = None,
    output: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.table,
    quotes: Annotated[bool, typer.Option("--quotes", help="Show the source quotes.")] = False,
    exact: Annotated[
        bool,
        typer.Option(
            "--exact",
            help="Leave out figures aligned only by similarity (they are listed as possible).",
        ),
    ] = False,
    out: OutOption = None,
    force: ForceOption = False,
    data_dir: DataDirOption = None,
) -> None:
    """Compare one metric across plans, like for like, with caveats."""
    from qualpolicy.cascade import choose
    from qualpolicy.compare import compare_all, compare_metric
    from qualpolicy.render import compare as render

    if out is not None:
        output = file_format(OutputFormat, output, out)
    ws = workspace(data_dir)
    chosen = choose(ws.plans, split_plans(plans), within=within, level=level)
    if metric is None:
        matrix = compare_all(chosen, ws.aligner)
        if output is OutputFormat.table:
            render.print_matrix(matrix, console())
            return
        text = {
            OutputFormat.json: render.matrix_json,
            OutputFormat.csv: render.matrix_csv,
            OutputFormat.markdown: render.matrix_markdown,
        }[output](matrix)
    else:
        from qualpolicy.progress import gather

        found = ws.catalogue.find(metric, ws.normalizer)
        evidence = gather(ws.actuals, ws.plans.plans, ws.aligner)
        result = compare_metric(found, chosen, ws.aligner, exact=exact, evidence=evidence)
        if output is OutputFormat.table:
            render.print_table(result, console(), quotes=quotes)
            return
        if output is OutputFormat.json:
            text = render.as_json(result)
        elif output is OutputFormat.csv:
            text = render.as_csv(result)
        else:
            text = render.as_markdown(result, quotes=quotes)
    emit(text, out, force=force, csv=output is OutputFormat.csv)


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
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    data_dir: DataDirOption = None,
) -> None:
    """The metric catalogue, with how many plans address each metric."""
    from qualpolicy.render import metrics as render

    ws = workspace(data_dir)
    aligned = ws.aligner.align(ws.plans.select(split_plans(plans)))
    if unmatched:
        from qualpolicy.curation import reviews

        found = reviews(aligned, ws)
        deliberate = [a for a in aligned if a.match.rule == "deliberately-unmatched"]
        if as_json:
            print(render.unmatched_json(found, deliberate))
        else:
            render.print_unmatched(found, deliberate, console())
        raise typer.Exit(1 if any(r.row.match.rule == "unmatched" for r in found) else 0)
    if as_json:
        print(render.catalogue_json(ws.catalogue, aligned))
    else:
        render.print_catalogue(ws.catalogue, aligned, console())
