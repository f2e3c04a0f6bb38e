"""What the HTML report shows, computed apart from how it is drawn (render/report.py).

For every metric two or more plans address, a chart: one panel per basis
(figures on different bases are never drawn on one axis), a mark per figure
in the comparison's order, each caveat a numbered footnote, and the plans
without a figure with what they say instead.  Given the evidence
(:func:`qualpolicy.analysis.progress.gather`), each region's reported actual
statistics on the panel's basis follow its last figure, the latest first, and
every target with an actual carries its headroom.  Then the coverage of every
metric any plan addresses, and each plan with its entries and task outline.
"""

from __future__ import annotations

from dataclasses import dataclass

from qualpolicy.analysis.actuals import Known, Origin
from qualpolicy.analysis.align import Aligned, Aligner, Basis, by_plan
from qualpolicy.analysis.compare import Comparison, compare_metric
from qualpolicy.analysis.matrix import Matrix, matrix_of
from qualpolicy.analysis.progress import Evidence, Headroom, recency
from qualpolicy.models import Comparator, Plan

OUTLINE_CHARS = 40  # a task without a title is shown by its opening words


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
        """The figure exactly as recorded."""
        if isinstance(self.entry, Known):
            return self.entry.actual.value
        return self.entry.target.value if self.entry.target.value is not None else 0

    @property
    def comparator(self) -> Comparator | None:
        if isinstance(self.entry, Known):
            return self.entry.actual.comparator
        return self.entry.target.comparator


@dataclass(frozen=True)
class Panel:
    """Figures on one basis, drawn on one axis."""

    basis: str
    notes: list[str]
    marks: list[Mark]


@dataclass(frozen=True)
class Chart:
    comparison: Comparison
    panels: list[Panel]
    footnotes: list[str]
    """Caveats, numbered from 1 in the order the marks first need them."""
    headroom: list[Headroom]
    """The targets drawn that an actual is known for, with their headroom, in mark order."""


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
    coverage: Matrix
    """Every metric at least one plan addresses, by plan."""
    sections: list[PlanSection]


def chart(comparison: Comparison, evidence: Evidence | None = None) -> Chart:
    footnotes: list[str] = []
    panels = []
    headroom = []
    for group in comparison.groups:
        marks = []
        for row in group.rows:
            if row.target.value is None:
                continue
            for caveat in row.caveats:
                if caveat not in footnotes:
                    footnotes.append(caveat)
            notes = tuple(sorted(footnotes.index(c) + 1 for c in row.caveats))
            marks.append(Mark(row.kind.value, row.plan, row, notes))
            h = comparison.headroom_of(row)
            if h is not None and h.actual is not None:
                headroom.append(h)
        if evidence is not None:
            marks = with_actuals(marks, group.basis, comparison.metric.id, evidence)
        panels.append(Panel(group.basis.describe(), group.notes, marks))
    return Chart(comparison, panels, footnotes, headroom)


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
            for k in evidence.readings(mark.plan.id, metric_id)
            if k.origin is Origin.reported and k.basis == basis
        ]
        out += [Mark("actual", mark.plan, k) for k in sorted(readings, key=recency, reverse=True)]
    return out


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


def build_report(plans: list[Plan], aligner: Aligner, evidence: Evidence | None = None) -> Report:
    """The report on ``plans``; with ``evidence``, actual statistics and headroom too."""
    aligned = aligner.align(plans)
    coverage = matrix_of(aligned, plans, aligner.catalogue.metrics, minimum=1)
    shared = [m for m in coverage.metrics if sum(bool(coverage.cell(m, p)) for p in plans) > 1]
    charts = [
        chart(compare_metric(m, plans, aligner, aligned, evidence=evidence), evidence)
        for m in shared
    ]
    filed = by_plan(aligned)
    sections = [plan_section(p, filed.get(p.id, []), aligner) for p in plans]
    return Report(plans, charts, coverage, sections)
