"""`qualpolicy progress`."""

from typing import Annotated

import typer

from qualpolicy.analysis.progress import progress as measure
from qualpolicy.cli.common import (
    AllVersionsOption,
    AsOfOption,
    DataDirOption,
    ForceOption,
    FormatOption,
    OutOption,
    PlansOption,
    TableFormat,
    emit,
    fail,
    file_format,
    handle_errors,
    in_force,
    split_list,
    workspace,
)
from qualpolicy.render import progress as render


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
    as_of: AsOfOption = None,
    all_versions: AllVersionsOption = False,
    output: FormatOption = TableFormat.table,
    out: OutOption = None,
    force: ForceOption = False,
    data_dir: DataDirOption = None,
) -> None:
    """Every target beside its region's latest actual: distance, pace a year, met or not.

    The stiffest pace first; exit 1 if the plans chosen set no target.
    """

    if out is not None:
        output = file_format(TableFormat, output, out)
    ws = workspace(data_dir)
    chosen = ws.plans.select(split_list(plans), in_force(ws, as_of, all_versions))
    found = ws.catalogue.find(metric, ws.normalizer) if metric else None
    evidence = ws.evidence(as_of)
    rows = measure(chosen, ws.aligner, evidence, found)
    if not rows:
        what = f" for {found.name}" if found else ""
        raise fail(f"the plans chosen set no target{what}", "run without --plans or --metric")
    emit(
        output,
        {
            TableFormat.json: lambda: render.progress_json(rows),
            TableFormat.csv: lambda: render.progress_csv(rows),
            TableFormat.markdown: lambda: render.progress_markdown(rows),
        },
        lambda console: render.print_progress(rows, console),
        out=out,
        force=force,
    )
