"""`qualpolicy progress`."""

from __future__ import annotations

from typing import Annotated

import typer

from qualpolicy.cli.common import (
    DataDirOption,
    OutputFormat,
    PlansOption,
    emit,
    fail,
    handle_errors,
    split_plans,
    workspace,
)


@handle_errors
def progress(
    metric: Annotated[
        str | None,
        typer.Option(
            "--metric",
            "-m",
            help="Only this metric: id, Chinese name (either script), alias or English name.",
            show_default=False,
        ),
    ] = None,
    plans: PlansOption = None,
    output: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.table,
    data_dir: DataDirOption = None,
) -> None:
    """Every target beside its region's latest actual: distance, pace a year, met or not."""
    from qualpolicy.progress import gather
    from qualpolicy.progress import progress as measure
    from qualpolicy.render import progress as render

    ws = workspace(data_dir)
    chosen = ws.plans.select(split_plans(plans))
    found = ws.catalogue.find(metric, ws.normalizer) if metric else None
    rows = measure(chosen, ws.aligner, gather(ws.actuals, ws.plans.plans, ws.aligner), found)
    if not rows:
        what = f" for {found.name}" if found else ""
        raise fail(f"the plans chosen set no target{what}", "run without --plans or --metric")
    texts = {
        OutputFormat.json: render.progress_json,
        OutputFormat.csv: render.progress_csv,
        OutputFormat.markdown: render.progress_markdown,
    }
    emit(output, rows, render.print_progress, texts)
