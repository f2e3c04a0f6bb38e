"""Reading an annex table of indicators, one tab-separated row per block.

A header row names the columns: the indicator (指标, 指标名称), its unit (单位), and
value columns headed by a year or by 基期/现状 (the present) and 目标/预期 (the goal)::

    序号  指标名称                2022年(基期)  2025年目标  属性
    1     制造业质量竞争力指数    85.2          ≥88         预期性

Each value cell becomes a figure: a baseline for a 基期/现状 column (or the earliest
of several year columns), a target for the others.  ≥ > ≤ < ≈ and 以上/左右 give the
bound; a value in brackets (〔30〕, [30]) is a period total; 持续提高 is a direction.
A row without a header above it is read as text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from qualpolicy.documents.blocks import Block
from qualpolicy.models import Change, Comparator, Kind, Unit
from qualpolicy.text import quantities
from qualpolicy.text.clauses import Figure, Skip, read
from qualpolicy.text.trends import direction

_METRIC_HEADER = re.compile(r"指标|名称|项目")
_UNIT_HEADER = re.compile(r"单位")
_STATUS_HEADER = re.compile(r"基期|现状|基准|基数|实际|现值")
_GOAL_HEADER = re.compile(r"目标|预期值|规划")
_YEAR = re.compile(r"(?:19|20)\d{2}")
_SYMBOLS = {
    "≥": Comparator.ge,
    "≤": Comparator.le,
    ">": Comparator.gt,
    "<": Comparator.lt,
    "≈": Comparator.approx,
    "~": Comparator.approx,
}
_BRACKETS = re.compile(r"^[〔\[【(]\s*(?P<inner>.*?)\s*[〕\]】)]$")
_UNIT_IN_NAME = re.compile(r"\s*\((?P<unit>[^()]{1,8})\)\s*$")
_CHANGE_IN_NAME = re.compile(r"(?P<verb>降低|下降|减少|提高|增长|增加)(?:率|幅度)?$")
_CHANGES = {
    "降低": Change.decrease,
    "下降": Change.decrease,
    "减少": Change.decrease,
    "提高": Change.increase,
    "增长": Change.increase,
    "增加": Change.increase,
}
_EMPTY_CELL = re.compile(r"^[\s—\-/–]*$")


@dataclass(frozen=True)
class Column:
    index: int
    kind: Kind
    year: int | None


@dataclass(frozen=True)
class TableFigure:
    """A figure read from a table row, with the kind and year its column gives."""

    figure: Figure
    kind: Kind
    year: int | None


class TableReader:
    """Reads the rows of one table after another; :meth:`reset` between tables."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.metric_at: int | None = None
        self.unit_at: int | None = None
        self.values: list[Column] = []

    def read(
        self, block: Block, simplify: Callable[[str], str] | None
    ) -> tuple[list[TableFigure], list[Skip]]:
        original = block.text
        plain = quantities.fold(simplify(original) if simplify else original)
        cells = _cells(plain)
        if self._header(cells):
            return [], []
        if self.metric_at is None or self.metric_at >= len(cells):
            return self._as_text(original, plain)
        return self._row(original, plain, cells), []

    def _header(self, cells: list[tuple[int, int, str]]) -> bool:
        texts = [text for _, _, text in cells]
        metric = next((i for i, t in enumerate(texts) if _METRIC_HEADER.search(t)), None)
        columns = [i for i, t in enumerate(texts) if _is_value_header(t)]
        if metric is None or not columns:
            return False
        self.metric_at = metric
        self.unit_at = next((i for i, t in enumerate(texts) if _UNIT_HEADER.search(t)), None)
        self.values = _columns([(i, texts[i]) for i in columns])
        return True

    def _as_text(self, original: str, plain: str) -> tuple[list[TableFigure], list[Skip]]:
        reading = read(original, simplified=plain.replace("\t", " "))
        return [TableFigure(f, f.kind, f.year) for f in reading.figures], reading.skipped

    def _row(
        self, original: str, plain: str, cells: list[tuple[int, int, str]]
    ) -> list[TableFigure]:
        """The figures of one row: a cell per value column, for the row's metric and unit."""
        assert self.metric_at is not None
        written = _cells(original)  # the cells as written; simplifying keeps the tabs
        name, metric = cells[self.metric_at][2], written[self.metric_at][2]
        in_name = _UNIT_IN_NAME.search(name)
        if in_name:  # 研发投入强度(%): the unit written after the name
            metric = metric[: len(metric) - (len(name) - in_name.start())].strip()
            name = name[: in_name.start()]
        unit = (in_name.group("unit"), in_name.group("unit")) if in_name else ("", "")
        if self.unit_at is not None and self.unit_at < len(cells) and cells[self.unit_at][2]:
            unit = (cells[self.unit_at][2], written[self.unit_at][2])
        quote = original.strip()
        start = original.find(quote)
        found = []
        for column in (c for c in self.values if c.index < len(cells)):
            figure = _cell_figure(cells[column.index][2], name, unit)
            if figure is None:
                continue
            figure = replace(
                figure, metric=metric, quote=quote, start=start, end=start + len(quote)
            )
            kind = Kind.direction if figure.kind is Kind.direction else column.kind
            found.append(TableFigure(figure, kind, column.year))
        return found


def _cells(text: str) -> list[tuple[int, int, str]]:
    cells, start = [], 0
    for part in text.split("\t"):
        end = start + len(part)
        cells.append((start, end, part.strip()))
        start = end + 1
    return cells


def _is_value_header(text: str) -> bool:
    return bool(_YEAR.search(text) or _STATUS_HEADER.search(text) or _GOAL_HEADER.search(text))


def _columns(headers: list[tuple[int, str]]) -> list[Column]:
    """The kind and year of each value column: 基期/现状 columns, or the earliest of several
    year columns, report the present; the others set goals."""
    years = [int(m.group()) for _, t in headers if (m := _YEAR.search(t))]
    earliest = min(years) if len(set(years)) > 1 else None
    columns = []
    for index, text in headers:
        m = _YEAR.search(text)
        year = int(m.group()) if m else None
        status = bool(_STATUS_HEADER.search(text)) or (
            not _GOAL_HEADER.search(text) and year is not None and year == earliest
        )
        columns.append(Column(index, Kind.baseline if status else Kind.target, year))
    return columns


def _column_unit(unit: tuple[str, str], metric: str) -> tuple[Unit, str | None]:
    """The unit a 单位 cell (or a unit in brackets after the name) gives: read from its
    simplified form, kept as written."""
    plain, written = unit
    found, _ = quantities.find("1" + plain) if plain else ([], [])
    if found and found[0].unit is not None:
        return found[0].unit, written if found[0].unit_text else None
    return (Unit.index, None) if metric.endswith("指数") else (Unit.other, written or None)


def _cell_figure(cell: str, metric: str, column_unit: tuple[str, str]) -> Figure | None:
    """The figure one value cell states, for the row's metric (simplified) and the unit of
    its row (simplified, as written)."""
    if _EMPTY_CELL.match(cell):
        return None
    trend = direction(metric + cell)
    if trend is not None and not re.search(r"\d", cell):
        return Figure(
            metric="",
            value=None,
            comparator=None,
            unit=None,
            kind=Kind.direction,
            trend=trend.trend,
        )
    bracket = _BRACKETS.match(cell)
    inner = bracket.group("inner") if bracket else cell
    symbol = inner[:1] if inner[:1] in _SYMBOLS else ""
    found, _ = quantities.find(inner[len(symbol) :])
    if not found:
        return None
    q = found[0]
    unit, text = q.unit, q.unit_text
    if unit is None:
        unit, text = _column_unit(column_unit, metric)
    if unit is Unit.count and text == "件" and "每万人" in metric:
        unit = Unit.per_10k_people
    change = _CHANGE_IN_NAME.search(metric)
    return Figure(
        metric="",
        value=q.value,
        comparator=_SYMBOLS.get(symbol) or q.comparator or Comparator.eq,
        unit=unit,
        unit_text=text,
        change=_CHANGES[change.group("verb")] if change else None,
        cumulative=bool(bracket),
        review=("a bracketed value read as a period total",) if bracket else (),
    )
