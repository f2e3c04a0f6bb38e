"""`qualpolicy export` and `qualpolicy report`: files to hand to analysts."""

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from qualpolicy.cli.common import (
    AllVersionsOption,
    AsOfOption,
    DataDirOption,
    ForceOption,
    PlansOption,
    file_format,
    handle_errors,
    in_force,
    split_list,
    versions,
    workspace,
    wrote,
)
from qualpolicy.loading.tilegrid import layered_tilegrid
from qualpolicy.render.export import export_dataset
from qualpolicy.render.report import write_report
from qualpolicy.render.text import plural

FileOption = Annotated[
    Path,
    typer.Option(
        "--out",
        "-o",
        help="File to write (refused if it exists, unless --force).",
        dir_okay=False,
        show_default=False,
    ),
]


class ExportFormat(StrEnum):  # render.export.FORMATS, not imported here to keep start-up fast
    csv = "csv"
    xlsx = "xlsx"
    sqlite = "sqlite"
    json = "json"


@handle_errors
def export(
    out: FileOption,
    output: Annotated[
        ExportFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="csv (one table), xlsx (a sheet per table), sqlite or json "
            "(default: from the file's suffix).",
            show_default=False,
        ),
    ] = None,
    table: Annotated[
        str | None,
        typer.Option(
            "--table",
            "-t",
            help="Comma-separated tables: targets, plans, flags, actuals, tasks, metrics, columns "
            "(default: all; CSV: targets).",
            show_default=False,
        ),
    ] = None,
    plans: PlansOption = None,
    as_of: AsOfOption = None,
    all_versions: AllVersionsOption = False,
    force: ForceOption = False,
    data_dir: DataDirOption = None,
) -> None:
    """Write the whole dataset as tidy tables: plans, targets, actual statistics, tasks and
    the metric catalogue."""

    fmt = file_format(ExportFormat, output, out)
    ws = workspace(data_dir)
    chosen = ws.plans.select(split_list(plans), in_force(ws, as_of, all_versions))
    evidence = ws.evidence(as_of)
    tables, size = export_dataset(
        chosen,
        ws.aligner,
        ws.actuals,
        evidence,
        fmt.value,
        out,
        names=split_list(table),
        force=force,
    )
    wrote(out, size, ": " + ", ".join(f"{t.name} {len(t.rows)} rows" for t in tables))


@handle_errors
def report(
    out: FileOption,
    plans: PlansOption = None,
    as_of: AsOfOption = None,
    all_versions: AllVersionsOption = False,
    force: ForceOption = False,
    data_dir: DataDirOption = None,
) -> None:
    """One self-contained HTML report: a chart per shared metric with the actual statistics,
    coverage, every plan, and the national picture (maps, flags, histories, documents)."""

    ws = workspace(data_dir)
    chosen = ws.plans.select(split_list(plans), in_force(ws, as_of, all_versions))
    evidence = ws.evidence(as_of)
    result, size = write_report(
        chosen,
        ws.aligner,
        out,
        evidence=evidence,
        grid=layered_tilegrid(ws.layers),
        versions=versions(ws, as_of, all_versions),
        force=force,
    )
    charts, shown = plural(len(result.charts), "chart"), plural(len(result.plans), "plan")
    wrote(out, size, f": {charts}, {shown}")
