"""The dataset as an Excel workbook: one sheet per table, a frozen bold header with
filters, columns as wide as their content (up to a limit), values typed."""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path
from typing import Any

from qualpolicy.render.dataset import ColumnType, Table, flat_value

MIN_WIDTH = 6
MAX_WIDTH = 60


def display_width(text: str) -> int:
    """Width in Excel character units: wide (CJK) characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _cell(value: Any, kind: ColumnType) -> Any:
    if kind is ColumnType.date and value is not None:
        return dt.date.fromisoformat(value)
    return flat_value(value, kind)


def write_workbook(tables: list[Table], path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]  # a new workbook always has one
    bold = Font(bold=True)
    for table in tables:
        sheet = book.create_sheet(table.name)
        sheet.append([c.name for c in table.columns])
        for row in table.rows:
            sheet.append([_cell(row[c.name], c.type) for c in table.columns])
        for cell in sheet[1]:
            cell.font = bold
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = sheet.dimensions
        for i, column in enumerate(table.columns, start=1):
            values = (_cell(row[column.name], column.type) for row in table.rows)
            texts = [column.name, *(str(v) for v in values if v is not None)]
            widest = max(display_width(t) for t in texts)
            width = min(max(widest + 2, MIN_WIDTH), MAX_WIDTH)
            sheet.column_dimensions[get_column_letter(i)].width = width
    book.save(path)
