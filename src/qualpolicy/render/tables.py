"""The one table style every command uses: a left-aligned bold title, a rule under the header."""

from __future__ import annotations

from typing import Any

from rich import box
from rich.cells import cell_len

from qualpolicy.render.plaintable import PlainTable


def new_table(title: str | None = None, **options: Any) -> PlainTable:
    """A table: left-aligned bold title, a rule under the header, full width."""

    settings: dict[str, Any] = {
        "title": title,
        "title_justify": "left",
        "title_style": "bold",
        "box": box.SIMPLE_HEAD,
        "collapse_padding": True,
        "pad_edge": False,
        "expand": True,
    }
    return PlainTable(**(settings | options))


def print_lines(lines: list[str], console: Any) -> None:
    """Plain lines printed at once, wrapped as rich wraps them; when every line fits
    the console there is nothing to wrap, and rich's wrapping (most of the time a
    few thousand lines take) is skipped."""

    width = console.width  # asks the terminal each time
    fits = all(cell_len(line) <= width for line in lines)
    console.print("\n".join(lines), soft_wrap=fits)
