"""`qualpolicy progress`."""

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
    fail,
    file_format,
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
    out: OutOption = None,
    force: ForceOption = False,
    data_dir: DataDirOption = None,
) -> None:
    """Every target beside its region's latest actual: distance, pace a year, met or not."""
    from qualpolicy.progress import gather
    from qualpolicy.progress import progress as measure
    from qualpolicy.render import progress as render

    if out is not None:
        output = file_format(OutputFormat, output, out)
    ws = workspace(data_dir)
    chosen = ws.plans.select(split_plans(plans))
    found = ws.catalogue.find(metric, ws.normalizer) if metric else None
    rows = measure(chosen, ws.aligner, gather(ws.actuals, ws.plans.plans, ws.aligner), found)
    if not rows:
        what = f" for {found.name}" if found else ""
        raise fail(f"the plans chosen set no target{what}", "run without --plans or --metric")
    if output is OutputFormat.table:
        render.print_progress(rows, console())
        return
    text = {
        OutputFormat.json: render.progress_json,
        OutputFormat.csv: render.progress_csv,
        OutputFormat.markdown: render.progress_markdown,
    }[output](rows)
    emit(text, out, force=force, csv=output is OutputFormat.csv)
