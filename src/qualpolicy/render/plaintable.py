"""A rich Table that draws cells of plain text fast, exactly as rich would.

rich spends about a third of a millisecond on every row of a table, most of it
wrapping each cell through its general machinery (a Padding around a Text,
segments split and cropped twice); a comparison over thousands of plans would
take seconds to draw.  :class:`PlainTable` is rich's Table, drawing cells that
are plain text (most of ours) with the same wrapping, justifying and cropping
rules done on strings, and every other cell as rich does.  The output is the
same, segment for segment (``tests/test_tables.py`` holds it against rich's
own Table).
"""

from __future__ import annotations

import re
from itertools import pairwise
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar, cast

from rich._loop import loop_first_last, loop_last
from rich._wrap import divide_line
from rich.cells import cell_len, set_cell_size
from rich.measure import Measurement
from rich.padding import Padding
from rich.segment import Segment
from rich.style import Style
from rich.table import Column, Table, _Cell

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderResult


# What rich's Text would change in a string (tabs, stripped control codes): such cells
# are drawn by rich itself, and so are cells with colons when the console replaces
# emoji codes (:name:).
_NOT_PLAIN = re.compile(r"[\t\r\x07\x08\x0b\x0c]")
_TRAILING_SPACE = re.compile(r"\s+$")


L = TypeVar("L")  # a line: a string, or a cell's segments


class PlainTable(Table):
    """rich's Table with a fast path for cells of plain text."""

    _drawing: dict[int, list[_PlainCell]] | None = None
    _drawn: dict[tuple[str, int, int, int, int, Style], _Lines] | None = None

    crop_to: int | None = None
    """Set by a console that prints the table with ``crop=False`` (cli.common.console):
    the table crops its lines to this width itself, and only when it is wider, which
    tables seldom are; rich would measure every line of thousands to find that out."""

    _width: int | None = None
    _texts: dict[tuple[str, int, int, int, int], list[str]] | None = None

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        # While the table is drawn: each column's cells, worked out once; and the lines of
        # each distinct plain cell (a level, a kind, a year, a caveat repeat row after row).
        self._drawing, self._drawn, self._texts, self._width = {}, {}, {}, None
        try:
            # rich's Table yields segments only (its annotations are rendered already)
            segments = cast(list[Segment], list(super().__rich_console__(console, options)))
        finally:
            self._drawing = self._drawn = self._texts = None
        # Title, rows and caption are drawn within the table's width (_render notes it).
        if self.crop_to is None or (self._width is not None and 1 < self._width <= self.crop_to):
            yield from segments
        else:
            for line in Segment.split_and_crop_lines(segments, self.crop_to, pad=False):
                yield from line

    def _cells(self, console: Console, column: Column) -> list[_PlainCell]:
        """rich's cells of the column (with their padding), each with its plain text."""
        found = self._drawing.get(column._index) if self._drawing is not None else None
        if found is None:
            found = self._plain_cells(console, column) or [
                _PlainCell(cell, self._plain(console, cell.renderable, column))
                for cell in self._get_cells(console, column._index, column)
            ]
            if self._drawing is not None:
                self._drawing[column._index] = found
        return found

    def _plain_cells(self, console: Console, column: Column) -> list[_PlainCell] | None:
        """The column's cells as rich's ``_get_cells`` makes them, when every one is plain
        text (most columns): made once per distinct text and padding, not once per cell
        (a Padding for every cell was a third of drawing a table of thousands of rows)."""
        contents = [*([column.header] if self.show_header else []), *column.cells]
        if self.show_footer or not any(self.padding) or not contents:
            return None
        first_column, last_column = column._index == 0, column._index == len(self.columns) - 1

        def padding(first_row: bool, last_row: bool) -> tuple[int, int, int, int]:
            """rich's Table._get_cells: padding collapsed between columns and rows, and left
            off the table's edges."""
            top, right, bottom, left = self.padding
            if self.collapse_padding:
                if not first_column:
                    left = max(0, left - right)
                if not last_row:
                    bottom = max(0, top - bottom)
            if not self.pad_edge:
                left, right = (0 if first_column else left), (0 if last_column else right)
                top, bottom = (0 if first_row else top), (0 if last_row else bottom)
            return (top, right, bottom, left)

        get_style = console.get_style
        header_style = get_style(self.header_style or "") + get_style(column.header_style)
        cell_style = get_style(column.style or "")
        ends = (True, False)
        pads = {(first, last): padding(first, last) for first in ends for last in ends}
        made: dict[tuple[str, tuple[int, int, int, int], bool], _PlainCell] = {}
        out = []
        end = len(contents) - 1
        for index, text in enumerate(contents):
            if not isinstance(text, str):
                return None
            pad = pads[index == 0, index == end]
            header = index == 0 and self.show_header
            key = (text, pad, header)
            cell = made.get(key)
            if cell is None:
                style = header_style if header else cell_style
                padded = Padding(text, pad)
                plain = self._plain(console, padded, column)
                if plain is None:
                    return None
                cell = made[key] = _PlainCell(_Cell(style, padded, column.vertical), plain)
            out.append(cell)
        return out

    def _plain(self, console: Console, cell: Any, column: Column) -> str | None:
        """The cell's text if the fast path draws it exactly as rich would."""
        if not isinstance(cell, Padding) or not isinstance(cell.renderable, str):
            return None
        text = cell.renderable
        if (
            console._markup  # a str would be parsed for markup
            or column.highlight
            or self.highlight
            or column.justify == "full"
            or column.overflow == "ignore"
            or cell.top
            or cell.bottom
            or _NOT_PLAIN.search(text)
            or (console._emoji and ":" in text)
        ):
            return None
        return text

    def _measure_column(
        self, console: Console, options: ConsoleOptions, column: Column
    ) -> Measurement:
        """rich's measurement of a column, with plain cells measured directly."""
        max_width = options.max_width
        if max_width < 1 or column.width is not None:
            return super()._measure_column(console, options, column)
        padding_width = self._get_padding_width(column._index)
        low = high = 0
        cells = self._cells(console, column)
        measured: dict[tuple[str, int], Measurement] = {}  # a text repeats row after row
        # each distinct cell once: the plain cells of a column are shared (_plain_cells)
        for cell, text in {id(cell): cell for cell in cells}.values():
            padded = cell.renderable
            if text is None or not isinstance(padded, Padding):
                found = Measurement.get(console, options, padded)
            else:
                key = (text, padded.left + padded.right)
                found = measured.get(key) or measured.setdefault(key, _measure(*key, max_width))
            low, high = max(low, found.minimum), max(high, found.maximum)
        measurement = Measurement(low if cells else 1, high if cells else max_width)
        return measurement.with_maximum(max_width).clamp(
            None if column.min_width is None else column.min_width + padding_width,
            None if column.max_width is None else column.max_width + padding_width,
        )

    def _render(self, console: Console, options: ConsoleOptions, widths: list[int]) -> RenderResult:
        """rich's Table._render for tables without footer or leading, cell by cell fast
        where the cell is plain text."""
        if self.show_footer or self.leading:
            yield from super()._render(console, options, widths)
            return
        self._width = options.max_width  # the table's width: rich renders rows within it
        get_style = console.get_style
        border_style = get_style(self.style or "") + get_style(self.border_style or "")
        columns = [self._cells(console, column) for column in self.columns]
        row_cells = list(zip(*columns, strict=True))
        safe = console.safe_box if self.safe_box is None else self.safe_box
        _box = self.box.substitute(options, safe=safe) if self.box else None
        _box = _box.get_plain_headed_box() if _box and not self.show_header else _box
        new_line = Segment.line()
        # Without colours (a file, a pipe) styles draw nothing: a line is one segment, and
        # the console handles one segment instead of a dozen.
        colourless = console.color_system is None and not console.record
        show_header, show_edge = self.show_header, self.show_edge
        if _box:
            box_segments = [
                (
                    Segment(_box.head_left, border_style),
                    Segment(_box.head_right, border_style),
                    Segment(_box.head_vertical, border_style),
                ),
                (
                    Segment(_box.mid_left, border_style),
                    Segment(_box.mid_right, border_style),
                    Segment(_box.mid_vertical, border_style),
                ),
                (
                    Segment(_box.foot_left, border_style),
                    Segment(_box.foot_right, border_style),
                    Segment(_box.foot_vertical, border_style),
                ),
            ]
            box_texts = [tuple(s.text for s in segments) for segments in box_segments]
            if show_edge:
                yield Segment(_box.get_top(widths), border_style)
                yield new_line
        for index, (first, last, row_cell) in enumerate(loop_first_last(row_cells)):
            header_row = first and show_header
            row = self.rows[index - show_header] if not header_row else None
            texts = self._text_row(row_cell, widths, header_row) if colourless else None
            if texts is not None:  # no styles to draw: a line is a string
                if _box:
                    outer_left, outer_right, between = box_texts[0 if first else (2 if last else 1)]
                    for parts in zip(*texts, strict=True):  # line by line
                        text = between.join(parts)
                        yield Segment(f"{outer_left}{text}{outer_right}" if show_edge else text)
                        yield new_line
                else:
                    for parts in zip(*texts, strict=True):
                        yield Segment("".join(parts))
                        yield new_line
            else:
                row_style = (
                    Style.null()
                    if header_row
                    else get_style(self.get_row_style(console, index - 1 if show_header else index))
                )
                styles = [get_style(cell.style) + row_style for cell, _ in row_cell]
                cells = [
                    self._cell_lines(console, options, plain, column, width, style)
                    for plain, column, width, style in zip(
                        row_cell, self.columns, widths, styles, strict=True
                    )
                ]
                height = max(len(cell) for cell in cells)  # as rich: aligned to this, then
                shape = max(1, height)  # shaped to at least one line
                cells = [
                    _align(
                        lines,
                        "bottom" if header_row else cell.vertical,
                        width,
                        height,
                        shape,
                        style,
                    )
                    for lines, (cell, _), width, style in zip(
                        cells, row_cell, widths, styles, strict=True
                    )
                ]
                if _box:
                    left, right, _divider = box_segments[0 if first else (2 if last else 1)]
                    divider = (
                        _divider
                        if _divider.text.strip()
                        else Segment(_divider.text, row_style.background_style + _divider.style)
                    )
                    for line_no in range(shape):
                        line = [left] if show_edge else []
                        for last_cell, rendered_cell in loop_last(cells):
                            line += rendered_cell[line_no]
                            if not last_cell:
                                line.append(divider)
                        if show_edge:
                            line.append(right)
                        yield from _drawn(line, colourless)
                        yield new_line
                else:
                    for line_no in range(shape):
                        yield from _drawn([s for cell in cells for s in cell[line_no]], colourless)
                        yield new_line
            if _box and first and show_header:
                yield Segment(_box.get_row(widths, "head", edge=show_edge), border_style)
                yield new_line
            end_section = row and row.end_section
            if (
                _box
                and (self.show_lines or end_section)
                and not last
                and not (show_header and header_row)
            ):
                yield Segment(_box.get_row(widths, "row", edge=show_edge), border_style)
                yield new_line
        if _box and show_edge:
            yield Segment(_box.get_bottom(widths), border_style)
            yield new_line

    def _text_row(
        self, row_cell: tuple[_PlainCell, ...], widths: list[int], header_row: bool
    ) -> list[list[str]] | None:
        """A row of plain cells as lines of text, each cell's lines exactly its width and
        all cells aligned to one height as rich aligns them; None if a cell is not plain
        text (rich draws that row)."""
        cells = []
        for (cell, text), column, width in zip(row_cell, self.columns, widths, strict=True):
            lines = None if text is None else self._padded(text, column, cell.renderable, width)
            if lines is None:
                return None
            cells.append(lines)
        height = max(len(lines) for lines in cells)
        if height < 1:
            return None
        return [
            _stack(lines, " " * width, height, "bottom" if header_row else cell.vertical)
            for lines, (cell, _), width in zip(cells, row_cell, widths, strict=True)
        ]

    def _padded(self, text: str, column: Column, padding: Padding, width: int) -> list[str] | None:
        """The lines of a plain cell, wrapped and padded to ``width``; None if its padding
        leaves no room (rich draws it).  A text repeats row after row: worked out once."""
        inner = width - padding.left - padding.right
        if inner < 1:
            return None
        key = (text, column._index, padding.left, padding.right, inner)
        found = self._texts.get(key) if self._texts is not None else None
        if found is None:
            left, right = " " * padding.left, " " * padding.right
            found = [
                left + set_cell_size(line, inner) + right for line in _wrap(text, inner, column)
            ]
            if self._texts is not None:
                self._texts[key] = found
        return found

    def _cell_lines(
        self,
        console: Console,
        options: ConsoleOptions,
        plain: _PlainCell,
        column: Column,
        width: int,
        style: Style,
    ) -> list[list[Segment]]:
        cell, text = plain
        lines = None if text is None else self._padded(text, column, cell.renderable, width)
        if text is None or lines is None:
            render_options = options.update(
                width=width,
                justify=column.justify,
                no_wrap=column.no_wrap,
                overflow=column.overflow,
                height=None,
                highlight=column.highlight,
            )
            return console.render_lines(cell.renderable, render_options, style=style)
        key = (text, column._index, cell.renderable.left, cell.renderable.right, width, style)
        found = self._drawn.get(key) if self._drawn is not None else None
        if found is None:
            drawn = style or None  # rich leaves unstyled text without a style
            found = _Lines([Segment(line, drawn)] for line in lines)
            if self._drawn is not None:
                self._drawn[key] = found
        return found


class _PlainCell(NamedTuple):
    cell: Any  # rich's _Cell: style, renderable (a Padding around the content), vertical
    text: str | None  # the content, if the fast path draws it


class _Lines(list[list[Segment]]):
    """A plain cell's lines: each one segment exactly the column's width."""


def _drawn(line: list[Segment], colourless: bool) -> list[Segment]:
    if colourless and not any(segment.control for segment in line):
        return [Segment("".join(segment.text for segment in line))]
    return line


def _align(
    lines: list[list[Segment]], vertical: str, width: int, height: int, shape: int, style: Style
) -> list[list[Segment]]:
    """rich's vertical alignment of a cell's lines to ``height``, then its shape
    (``width`` × ``shape``); a plain cell's lines already have their width."""
    if isinstance(lines, _Lines) and height == shape:
        return _stack(lines, [Segment(" " * width, style)], height, vertical)
    if vertical == "top":
        lines = Segment.align_top(lines, width, height, style)
    elif vertical == "middle":
        lines = Segment.align_middle(lines, width, height, style)
    else:
        lines = Segment.align_bottom(lines, width, height, style)
    return Segment.set_shape(lines, width, shape)


def _stack(lines: list[L], blank: L, height: int, vertical: str) -> list[L]:
    """``lines`` placed top, middle or bottom in ``height`` lines, the rest ``blank``."""
    if len(lines) == height:  # most cells of most rows
        return lines
    filler = [blank] * (height - len(lines))
    if vertical == "top":
        return lines + filler
    if vertical == "middle":
        top = len(filler) // 2
        return filler[:top] + lines + filler[top:]
    return filler + lines


def _measure(text: str, padding: int, max_width: int) -> Measurement:
    """Measurement.get of Padding(text) as rich works it out, for plain text: the widest
    word and the widest line, plus the padding, within ``max_width``."""
    if max_width - padding < 1:
        return Measurement(max_width, max_width)
    lines = text.splitlines()
    high = max(map(cell_len, lines)) if lines else 0
    words = text.split()
    low = min(max(map(cell_len, words)) if words else high, high)
    low, high = min(low, max_width), min(high, max_width)
    if high < 1:
        low = high = 0
    return Measurement(min(low + padding, max_width), min(high + padding, max_width))


def _wrap(text: str, width: int, column: Column) -> list[str]:
    """rich's Text.wrap of plain text for a column: split, divided at word boundaries
    (long words folded unless the column crops them), justified, truncated."""
    justify = column.justify or "default"
    overflow = column.overflow or "fold"
    out: list[str] = []
    for line in text.split("\n"):
        if column.no_wrap:
            pieces = [line]
        else:
            offsets = divide_line(line, width, fold=overflow == "fold")
            bounds = pairwise([0, *offsets, len(line)])
            pieces = [_rstrip_end(line[a:b], width) for a, b in bounds]
        for piece in pieces:
            out.append(_truncate(_justify(piece, width, justify, overflow), width, overflow))
    return out


def _rstrip_end(text: str, size: int) -> str:
    excess = len(text) - size
    if excess > 0:
        space = _TRAILING_SPACE.search(text)
        if space is not None:
            return text[: len(text) - min(len(space.group(0)), excess)]
    return text


def _truncate(text: str, width: int, overflow: str, *, pad: bool = False) -> str:
    length = cell_len(text)
    if length > width:
        text = (
            set_cell_size(text, width - 1) + "…"
            if overflow == "ellipsis"
            else set_cell_size(text, width)
        )
    if pad and length < width:
        text += " " * (width - length)
    return text


def _justify(text: str, width: int, justify: str, overflow: str) -> str:
    if justify == "left":
        return _truncate(text, width, overflow, pad=True)
    if justify == "right":
        text = _truncate(text.rstrip(), width, overflow)
        return " " * (width - cell_len(text)) + text
    if justify == "center":
        text = _truncate(text.rstrip(), width, overflow)
        text = " " * ((width - cell_len(text)) // 2) + text
        return text + " " * (width - cell_len(text))
    return text
