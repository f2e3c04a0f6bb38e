"""Tabular results as CSV or Markdown, from a header and rows of cells."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """RFC 4180 CSV with ``\\n`` line ends; None is an empty cell."""
    import csv

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(["" if cell is None else cell for cell in row] for row in rows)
    return out.getvalue()


def json_text(data: object) -> str:
    """JSON as every command prints it: indented by two, Chinese as written (not
    \\u escapes)."""
    import json

    return json.dumps(data, ensure_ascii=False, indent=2)


def md_cell(value: object) -> str:
    """A Markdown table cell: pipes escaped, line breaks as <br>."""
    return "" if value is None else str(value).replace("|", "\\|").replace("\n", "<br>")


def markdown_table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> list[str]:
    """The lines of a Markdown table."""
    lines = ["| " + " | ".join(md_cell(h) for h in header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(md_cell(c) for c in row) + " |" for row in rows]
    return lines
