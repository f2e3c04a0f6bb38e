"""What the HTML report shows, computed apart from how it is drawn (render/report.py).

For every metric two or more plans address, a chart: one panel per basis
(figures on different bases are never drawn on one axis), a mark per figure
in the comparison's order, each caveat a numbered footnote, and the plans
without a figure with what they say instead.  Then the coverage of every
metric any plan addresses, and each plan with its entries and task outline.
"""

from __future__ import annotations

from dataclasses import dataclass

from qualpolicy.align import Aligned, Aligner
from qualpolicy.compare import Comparison, Matrix, compare_all, compare_metric
from qualpolicy.models import Plan

OUTLINE_CHARS = 40  # a task without a title is shown by its opening words


@dataclass(frozen=True)
class Mark:
    """One figure on a chart.

    ``kind`` is the entry's kind (target, baseline); the renderer draws each kind
    its own way, and actual statistics will come in as one more kind.
    """

    kind: str
    entry: Aligned
    notes: tuple[int, ...]
    """Numbers of the chart's footnotes that hold this figure's caveats."""


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


def chart(comparison: Comparison) -> Chart:
    footnotes: list[str] = []
    panels = []
    for group in comparison.groups:
        marks = []
        for row in group.rows:
            if row.target.value is None:
                continue
            for caveat in row.caveats:
                if caveat not in footnotes:
                    footnotes.append(caveat)
            notes = tuple(sorted(footnotes.index(c) + 1 for c in row.caveats))
            marks.append(Mark(row.kind.value, row, notes))
        panels.append(Panel(group.basis.describe(), group.notes, marks))
    return Chart(comparison, panels, footnotes)


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


def build_report(plans: list[Plan], aligner: Aligner) -> Report:
    aligned = aligner.align(plans)
    coverage = compare_all(plans, aligner, minimum=1)
    shared = [m for m in coverage.metrics if sum(bool(coverage.cell(m, p)) for p in plans) > 1]
    charts = [chart(compare_metric(m, plans, aligner, aligned)) for m in shared]
    sections = [plan_section(p, [a for a in aligned if a.plan.id == p.id], aligner) for p in plans]
    return Report(plans, charts, coverage, sections)
