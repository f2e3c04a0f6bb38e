"""What the HTML report shows, computed apart from how it is drawn (render/report.py).

For every metric two or more plans address, a chart: one panel per basis
(figures on different bases are never drawn on one axis), a mark per figure
in the comparison's order, each caveat a numbered footnote, and the plans
without a figure with what they say instead (a plan read only in part is never
said to be silent: what it says may lie in the part not read).  A mark sits at
its signed position: a change the plan states as a decrease (较2020年下降14%)
is a negative change.  Given the evidence (:func:`qualpolicy.analysis.progress
.gather`, over every plan of the data, not only those shown), each region's
reported actual statistics on the panel's basis follow its last figure, the
latest first, and every target of a panel stands with how it compares with
the levels above it and its headroom.  Then the coverage of every metric any
plan addresses, plan by plan from the nation down, each plan with its entries
and task outline, and, given the tile grid, the national picture
(:mod:`qualpolicy.analysis.national`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from qualpolicy.analysis.actuals import Known, Origin
from qualpolicy.analysis.align import Aligned, Aligner, Basis, by_plan
from qualpolicy.analysis.cascade import Versus, held, said
from qualpolicy.analysis.catalogue import Metric
from qualpolicy.analysis.compare import Comparison, NoFigure, compare_metric
from qualpolicy.analysis.matrix import matrix_of
from qualpolicy.analysis.national import National, national_picture
from qualpolicy.analysis.progress import Evidence, Headroom, recency
from qualpolicy.analysis.versions import Versions
from qualpolicy.loading.tilegrid import TileGrid
from qualpolicy.models import LEVEL_RANKS, Change, Comparator, Extent, Kind, Plan

OUTLINE_CHARS = 40  # a task without a title is shown by its opening words
SILENT = frozenset({"not_mentioned", "not_in_part_read"})  # what a plan says of nothing


@dataclass(frozen=True)
class Mark:
    """One figure on a chart: a plan's entry, or an actual statistic of a plan's region.

    ``kind`` is target or baseline (the entry's kind) or actual; the renderer draws
    each kind its own way.
    """

    kind: str
    plan: Plan
    """The plan whose region the figure is for."""
    entry: Aligned | Known
    notes: tuple[int, ...] = ()
    """Numbers of the chart's footnotes that hold this figure's caveats."""

    @property
    def value(self) -> int | float:
        """The figure exactly as recorded (a decrease of 14% is recorded as 14)."""
        if isinstance(self.entry, Known):
            return self.entry.actual.value
        return self.entry.target.value if self.entry.target.value is not None else 0

    @property
    def sign(self) -> int:
        """−1 for a change the plan states as a decrease, else +1."""
        if isinstance(self.entry, Aligned) and self.entry.target.change is Change.decrease:
            return -1
        return 1

    @property
    def position(self) -> int | float:
        """Where the figure sits on its panel's axis: the value, negative for a decrease."""
        return self.sign * self.value

    @property
    def comparator(self) -> Comparator | None:
        if isinstance(self.entry, Known):
            return self.entry.actual.comparator
        return self.entry.target.comparator


@dataclass(frozen=True)
class Standing:
    """A target of a panel: how it compares with the levels above it, and its headroom."""

    row: Aligned
    versus: list[Versus]
    """What it says of each level above (:func:`qualpolicy.analysis.cascade.said`)."""
    headroom: Headroom | None
    """Against the latest actual; None when the report was built without evidence."""


@dataclass(frozen=True)
class Panel:
    """Figures on one basis, drawn on one axis."""

    basis: str
    notes: list[str]
    marks: list[Mark]
    change: bool = False
    """The figures are changes since a base year (drawn signed, about zero), not levels."""
    standings: list[Standing] = field(default_factory=list)
    """Every target of the panel, in mark order."""


@dataclass(frozen=True)
class Absent:
    """A plan without a figure for a chart's metric, and whether it was read in full."""

    no_figure: NoFigure
    unread: bool
    """Nothing found, but the plan was read only in part: it may say more unread."""

    @property
    def plan(self) -> Plan:
        return self.no_figure.plan


@dataclass(frozen=True)
class Chart:
    comparison: Comparison
    panels: list[Panel]
    footnotes: list[str]
    """Caveats, numbered from 1 in the order the marks first need them."""
    absent: list[Absent]
    """The plans without a figure, in the comparison's order."""


class Says(StrEnum):
    """What a plan says of a metric, the most telling first."""

    figure = "figure"  # a target figure
    baseline = "baseline"  # a current-status figure only
    direction = "direction"  # named with a trend, without a number
    possibly = "possibly"  # an entry no rule aligns, suggested for the metric
    task = "task"  # named in a task's words, without a number
    unread = "unread"  # nothing in the part read of a plan read only in part
    nothing = "nothing"  # read in full, and nothing about the metric


_ENTRY_SAYS = {
    Kind.target: Says.figure,
    Kind.baseline: Says.baseline,
    Kind.direction: Says.direction,
}


@dataclass(frozen=True)
class Cell:
    """What one plan says of one metric."""

    says: Says
    entries: list[Aligned]
    """The plan's entries aligned to the metric."""
    absent: NoFigure | None = None
    """Without an aligned entry: what the plan says instead (entries suggested for the
    metric, the tasks that name it, or nothing)."""

    @property
    def addresses(self) -> bool:
        """The plan has an entry aligned to the metric: a figure or a direction."""
        return self.says in (Says.figure, Says.baseline, Says.direction)


@dataclass(frozen=True)
class Coverage:
    """Every metric at least one plan addresses, by plan; the plans from the nation down."""

    metrics: list[Metric]
    plans: list[Plan]
    cells: dict[tuple[str, str], Cell]

    def cell(self, metric: Metric, plan: Plan) -> Cell:
        return self.cells[metric.id, plan.id]


@dataclass(frozen=True)
class TaskLine:
    number: str
    section: str | None
    text: str
    """The title, or the opening words of a task without one (simplified)."""


@dataclass(frozen=True)
class PlanSection:
    plan: Plan
    title: str
    """The title in simplified mainland wording."""
    entries: list[Aligned]
    tasks: list[TaskLine]


@dataclass(frozen=True)
class Report:
    plans: list[Plan]
    charts: list[Chart]
    coverage: Coverage
    sections: list[PlanSection]
    as_of: dt.date | None = None
    """The day the headroom is worked out on (the evidence's), when there is evidence."""
    national: National | None = None
    """The national picture, when the report was built with the evidence and the grid."""


def cascade_order(plans: list[Plan]) -> list[Plan]:
    """``plans`` from the nation down: provinces, cities, then counties and districts; the
    plans under one parent together, by id."""
    return sorted(plans, key=lambda p: (LEVEL_RANKS[p.level], p.parent or "", p.id))


def read_in_part(plan: Plan) -> bool:
    return plan.source.extent is Extent.partial


def standing(comparison: Comparison, row: Aligned) -> Standing:
    """``row`` against the levels above it: the comparison's verdicts, and any target above
    that it falls below which only the evidence (over every plan) knows of."""
    found = list(comparison.versus_of(row))
    h = comparison.headroom_of(row)
    if h is not None:
        seen = {(v.other.plan.id, v.other.index) for v in found}
        found += [v for v in h.below if (v.other.plan.id, v.other.index) not in seen]
    return Standing(row, said(found), h)


def chart(comparison: Comparison, evidence: Evidence | None = None) -> Chart:
    footnotes: list[str] = []
    panels = []
    for group in comparison.groups:
        marks = []
        standings = []
        for row in group.rows:
            if row.target.value is None:
                continue
            for caveat in row.caveats:
                if caveat not in footnotes:
                    footnotes.append(caveat)
            notes = tuple(sorted(footnotes.index(c) + 1 for c in row.caveats))
            marks.append(Mark(row.kind.value, row.plan, row, notes))
            if held(row):
                standings.append(standing(comparison, row))
        if evidence is not None:
            marks = with_actuals(marks, group.basis, comparison.metric.id, evidence)
        change = group.basis.change is not None
        panels.append(Panel(group.basis.describe(), group.notes, marks, change, standings))
    absent = [Absent(a, a.status in SILENT and read_in_part(a.plan)) for a in comparison.no_figure]
    return Chart(comparison, panels, footnotes, absent)


def with_actuals(marks: list[Mark], basis: Basis, metric_id: str, evidence: Evidence) -> list[Mark]:
    """``marks`` with each region's reported actuals on ``basis`` after its last mark, the
    latest first (the plans' own baselines are among the marks already)."""
    last = {mark.plan.id: i for i, mark in enumerate(marks)}
    out = []
    for i, mark in enumerate(marks):
        out.append(mark)
        if last[mark.plan.id] != i:
            continue
        readings = [
            k
            for k in evidence.readings(mark.plan, metric_id)
            if k.origin is Origin.reported and k.basis == basis
        ]
        out += [Mark("actual", mark.plan, k) for k in sorted(readings, key=recency, reverse=True)]
    return out


def coverage_of(aligned: list[Aligned], plans: list[Plan], aligner: Aligner) -> Coverage:
    """What each plan says of every metric at least one plan addresses; a plan without an
    entry for a metric is looked for in its tasks' words, and a plan read only in part
    that says nothing in the part read is told apart from one read in full."""
    matrix = matrix_of(aligned, plans, aligner.catalogue.metrics, minimum=1)
    suggested: dict[tuple[str, str], list[Aligned]] = {}
    for a in aligned:
        if a.match.metric_id is None:
            for metric_id in dict.fromkeys(s.metric for s in a.suggestions):
                suggested.setdefault((metric_id, a.plan.id), []).append(a)
    ordered = cascade_order(plans)
    cells = {}
    for metric in matrix.metrics:
        for plan in ordered:
            entries = matrix.cell(metric, plan)
            if entries:
                says = min((_ENTRY_SAYS[e.kind] for e in entries), key=list(Says).index)
                cell = Cell(says, entries)
            elif possible := suggested.get((metric.id, plan.id)):
                cell = Cell(Says.possibly, [], NoFigure(plan, possibly=possible))
            elif tasks := aligner.tasks_naming(metric, plan):
                cell = Cell(Says.task, [], NoFigure(plan, tasks=tasks))
            else:
                says = Says.unread if read_in_part(plan) else Says.nothing
                cell = Cell(says, [], NoFigure(plan))
            cells[metric.id, plan.id] = cell
    return Coverage(matrix.metrics, ordered, cells)


def plan_section(plan: Plan, entries: list[Aligned], aligner: Aligner) -> PlanSection:
    lines = []
    for task in plan.tasks:
        if task.title:
            text = aligner.normalize(task.title, plan)
        else:
            words = aligner.normalize(task.words, plan)
            text = words[:OUTLINE_CHARS] + ("…" if len(words) > OUTLINE_CHARS else "")
        section = aligner.normalize(task.section, plan) if task.section else None
        lines.append(TaskLine(task.number, section, text))
    return PlanSection(plan, aligner.normalize(plan.title, plan), entries, lines)


def build_report(
    plans: list[Plan],
    aligner: Aligner,
    evidence: Evidence | None = None,
    *,
    grid: TileGrid | None = None,
    versions: Versions | None = None,
) -> Report:
    """The report on ``plans``; with ``evidence``, actual statistics and headroom too, and
    with the tile ``grid`` as well the national picture of the documents ``versions`` holds
    in force (every version when None).

    ``evidence`` is to be gathered over every plan of the data (``ws.plans.plans``), not
    only ``plans``: a target is held against the levels above it even when they are not
    shown.
    """
    aligned = aligner.align(plans)
    coverage = coverage_of(aligned, plans, aligner)
    shared = [m for m in coverage.metrics if sum(coverage.cell(m, p).addresses for p in plans) > 1]
    charts = [
        chart(compare_metric(m, plans, aligner, aligned, evidence=evidence), evidence)
        for m in shared
    ]
    filed = by_plan(aligned)
    sections = [plan_section(p, filed.get(p.id, []), aligner) for p in plans]
    if evidence is None:
        return Report(plans, charts, coverage, sections)
    national = national_picture(plans, aligner, evidence, grid, versions) if grid else None
    return Report(plans, charts, coverage, sections, evidence.as_of, national)
