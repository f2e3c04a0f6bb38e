"""Writing the dataset's tables to a file: CSV, JSON, an Excel workbook or a SQLite database.

Every format goes through :func:`qualpolicy.render.outfile.write_file`: written whole
or not at all, and never over an existing file without ``force``.  CSV carries
a UTF-8 byte-order mark so that Excel reads Chinese correctly.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from qualpolicy.analysis.align import Aligner
from qualpolicy.analysis.progress import Evidence
from qualpolicy.errors import QualpolicyError
from qualpolicy.loading.actuals import ActualsFile
from qualpolicy.models import Plan
from qualpolicy.render.dataset import ColumnType, Table, build_tables, flat_value
from qualpolicy.render.outfile import write_file, write_text
from qualpolicy.render.rows import csv_text, json_text
from qualpolicy.render.sqlite import write_database
from qualpolicy.render.xlsx import write_workbook


def table_csv(table: Table) -> str:
    """One table as CSV: lists joined with "; ", booleans true/false, empty for none."""

    def cell(value: Any, kind: ColumnType) -> Any:
        value = flat_value(value, kind)
        if isinstance(value, bool):
            return "true" if value else "false"
        return value

    header = [c.name for c in table.columns]
    return csv_text(
        header, ([cell(row[c.name], c.type) for c in table.columns] for row in table.rows)
    )


def tables_json(tables: list[Table]) -> str:
    return json_text({t.name: t.rows for t in tables}) + "\n"


def _csv(tables: list[Table], path: Path, force: bool) -> int:
    if len(tables) != 1:
        raise QualpolicyError(
            f"a CSV file holds one table, not {len(tables)}",
            "pick one with --table (targets is the default), or use --format xlsx or sqlite",
        )
    return write_text(path, table_csv(tables[0]), force=force, bom=True)


def _json(tables: list[Table], path: Path, force: bool) -> int:
    return write_text(path, tables_json(tables), force=force)


def _xlsx(tables: list[Table], path: Path, force: bool) -> int:
    return write_file(path, lambda tmp: write_workbook(tables, tmp), force=force)


def _sqlite(tables: list[Table], path: Path, force: bool) -> int:
    return write_file(path, lambda tmp: write_database(tables, tmp), force=force)


WRITERS: dict[str, Callable[[list[Table], Path, bool], int]] = {
    "csv": _csv,
    "xlsx": _xlsx,
    "sqlite": _sqlite,
    "json": _json,
}
FORMATS = tuple(WRITERS)


def export(tables: list[Table], fmt: str, path: Path, *, force: bool = False) -> int:
    """Write ``tables`` to ``path`` as ``fmt`` (one of :data:`FORMATS`); the size in bytes."""
    if fmt not in WRITERS:
        raise QualpolicyError(f"no export format {fmt!r}", f"use one of {', '.join(FORMATS)}")
    return WRITERS[fmt](tables, path, force)


def export_dataset(
    plans: list[Plan],
    aligner: Aligner,
    actuals: ActualsFile,
    evidence: Evidence,
    fmt: str,
    path: Path,
    *,
    names: list[str] | None = None,
    force: bool = False,
) -> tuple[list[Table], int]:
    """Build the tables named (all; for CSV, targets) and write them; the tables and the size."""
    chosen = names or (["targets"] if fmt == "csv" else None)
    tables = build_tables(plans, aligner, actuals, evidence, chosen)
    return tables, export(tables, fmt, path, force=force)
