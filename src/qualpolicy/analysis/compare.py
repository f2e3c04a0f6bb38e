"""Comparing one metric across plans.

Figures on different bases (scope, unit, stock vs new, per year vs
cumulative, level vs change) go into separate groups: they are never merged.
Within a group, targets are sorted by ambition (the metric's better direction,
then the more binding comparator, then the earlier year), then baselines.
Plans without a figure are listed with what they do say: a direction, a
mention in a task, or nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

from qualpolicy.analysis.align import Aligned, Aligner, Basis, by_plan
from qualpolicy.analysis.cascade import Hierarchy, Versus, ambition_key, versus
from qualpolicy.analysis.catalogue import Metric
from qualpolicy.analysis.progress import Evidence, Headroom
from qualpolicy.analysis.progress import headroom as measure
from qualpolicy.models import TREND_NAMES, Extent, Kind, Plan

# Among equal values, a floor (≥) binds more than a point (=), more than "about".


@dataclass(frozen=True)
class Group:
    """Figures on one basis: like for like with each other."""

    basis: Basis
    rows: list[Aligned]

    @cached_property  # asked for once per row by the renderers
    def target_years(self) -> list[int]:
        years = {r.target.year for r in self.rows if r.kind is Kind.target and r.target.year}
        return sorted(years)

    @cached_property
    def notes(self) -> list[str]:
        years = self.target_years
        if len(years) > 1:
            return [
                "target years differ ("
                + ", ".join(map(str, years))
                + "): a later year gives more time"
            ]
        return []


class NoFigure(NamedTuple):
    """A plan without a figure for the metric, and what it says instead."""

    plan: Plan
    directions: Sequence[Aligned] = ()
    tasks: Sequence[str] = ()  # numbers of tasks that name the metric
    possibly: Sequence[Aligned] = ()
    """Entries no rule aligns that are suggested for (or similar to) the metric."""

    @property
    def status(self) -> str:
        if self.directions:
            return "named_without_figure"
        if self.possibly:
            return "possibly"
        if self.tasks:
            return "mentioned_in_tasks"
        return "not_in_part_read" if self.plan.source.extent is Extent.partial else "not_mentioned"

    @property
    def description(self) -> str:
        if self.possibly and not self.directions:
            wordings = "、".join(dict.fromkeys(row.metric_text for row in self.possibly))
            return f"possibly: {wordings} (not aligned; confirm with an alias)"
        if self.directions:
            trends = ", ".join(
                sorted({TREND_NAMES[d.target.trend] for d in self.directions if d.target.trend})
            )
            worded = sorted({c for d in self.directions for c in d.caveats if "worded" in c})
            return f"names it without a number ({trends})" + "".join(f", {w}" for w in worded)
        if self.tasks:
            tasks = "task" + "s" * (len(self.tasks) > 1)
            return f"mentions it in {tasks} {', '.join(self.tasks)} without a number"
        return not_in(self.plan)


@dataclass(frozen=True)
class Comparison:
    metric: Metric
    plans: list[Plan]
    groups: list[Group]
    no_figure: list[NoFigure]
    related: list[tuple[Metric, list[Aligned]]] = field(default_factory=list)
    possibly: list[Aligned] = field(default_factory=list)
    """Entries of plans that do have a figure, no rule aligns, but may be this metric too."""
    versus: list[Versus] = field(default_factory=list)
    """Targets held against the figures of the plans above them (the cascade)."""

    def versus_of(self, row: Aligned) -> list[Versus]:
        return self._versus_by_row.get(id(row), [])

    @cached_property
    def _versus_by_row(self) -> dict[int, list[Versus]]:
        out: dict[int, list[Versus]] = {}
        for v in self.versus:
            out.setdefault(id(v.row), []).append(v)
        return out

    @property
    def flagged(self) -> list[Versus]:
        return [v for v in self.versus if v.flagged]

    headroom: dict[tuple[str, int], Headroom] = field(default_factory=dict)
    """Each target row's headroom (by plan id and entry index), when actuals were given."""

    def headroom_of(self, row: Aligned) -> Headroom | None:
        return self.headroom.get((row.plan.id, row.index))

    as_of: dt.date | None = None
    """The day the headroom is worked out on, when actuals were given."""

    @cached_property
    def notes(self) -> list[str]:
        """What the comparison as a whole rests on: the as-of day of its headroom, and how
        much of the plans without a figure there was to read."""
        out = [f"headroom as of {self.as_of.isoformat()}"] if self.headroom and self.as_of else []
        silent = [n.plan for n in self.no_figure if n.status in SILENT]
        if silent:
            out.append(extent_note(silent))
        return out


def _possibly(row: Aligned, metric: Metric, exact: bool) -> bool:
    """An entry that may be ``metric`` though no rule (or, with ``exact``, no exact rule)
    aligns it: never report its plan as silent on the metric."""
    if row.match.rule == "similarity":
        return exact and row.match.metric_id == metric.id
    return row.match.rule == "unmatched" and any(s.metric == metric.id for s in row.suggestions)


def compare_metric(
    metric: Metric,
    plans: list[Plan],
    aligner: Aligner,
    entries: list[Aligned] | None = None,
    *,
    exact: bool = False,
    evidence: Evidence | None = None,
) -> Comparison:
    """``metric`` across ``plans``; with ``exact``, figures aligned only by similarity are
    left out of the comparison (and listed as possible); with ``evidence`` (actuals and
    every plan's targets, :func:`qualpolicy.analysis.progress.gather`), each target row carries its
    headroom."""
    about = {metric.id, *metric.related}
    aligned = entries if entries is not None else aligner.align_about(plans, about)
    mine = [
        a
        for a in aligned
        if a.match.metric_id == metric.id and not (exact and a.match.rule == "similarity")
    ]
    possible = [a for a in aligned if _possibly(a, metric, exact)]
    figures = [a for a in mine if a.kind is not Kind.direction]
    by_basis: dict[Basis, list[Aligned]] = {}
    for row in figures:
        by_basis.setdefault(row.basis, []).append(row)
    key = ambition_key(metric)
    groups = [Group(basis, sorted(rows, key=key)) for basis, rows in by_basis.items()]
    # The group most plans share comes first; then by how the basis reads.
    groups.sort(key=lambda g: (-len({r.plan.id for r in g.rows}), g.basis.describe()))
    with_figure = {a.plan.id for a in figures}
    mine_by_plan, possible_by_plan = by_plan(mine), by_plan(possible)
    no_figure = []
    for plan in plans:
        if plan.id in with_figure:
            continue
        directions = mine_by_plan.get(plan.id, [])
        tasks = [] if directions else aligner.tasks_naming(metric, plan)
        no_figure.append(NoFigure(plan, directions, tasks, possible_by_plan.get(plan.id, [])))
    related = [
        (other, [a for a in aligned if a.match.metric_id == other.id])
        for other in (aligner.catalogue.by_id[r] for r in metric.related)
    ]
    headroom = {}
    if evidence is not None:
        headroom = {
            (r.plan.id, r.index): measure(r, aligner.catalogue, evidence)
            for g in groups
            for r in g.rows
            if r.kind is Kind.target
        }
    return Comparison(
        metric,
        plans,
        groups,
        no_figure,
        [(m, rows) for m, rows in related if rows],
        [a for a in possible if a.plan.id in with_figure],
        _versus([r for g in groups for r in g.rows], metric, plans, evidence),
        headroom,
        evidence.as_of if evidence is not None else None,
    )


def _versus(
    rows: list[Aligned], metric: Metric, plans: list[Plan], evidence: Evidence | None
) -> list[Versus]:
    """Each target of ``rows`` held against the levels above it: in the whole data when
    the evidence (every plan's targets) is given, so that what a row says never depends on
    which plans are shown; else among ``plans``."""
    if evidence is None:
        return versus(rows, metric, Hierarchy(plans))
    return [v for row in rows for v in evidence.versus(row, metric)]


SILENT = ("not_mentioned", "not_in_part_read")
"""The statuses of a plan that says nothing of a metric in what was read of it."""


def not_in(plan: Plan) -> str:
    """What a plan silent on something says: nothing in it, or nothing in the part read."""
    if plan.source.extent is Extent.partial:
        read_to = f" (read to {plan.source.read_to})" if plan.source.read_to else ""
        return f"not in the part read{read_to}"
    return "does not mention it"


def extent_note(plans: list[Plan]) -> str:
    """How much of ``plans`` there was to read: those read only in part, and those with the
    text of their tasks (which mentions are searched in)."""
    partial = sum(p.source.extent is Extent.partial for p in plans)
    with_text = sum(any(task.text for task in p.tasks) for p in plans)
    silent = f"{len(plans)} plan{'s' * (len(plans) != 1)} without a figure"
    return (
        f"of the {silent}, {partial} {'was' if partial == 1 else 'were'} read only in part; "
        f"{with_text} {'has' if with_text == 1 else 'have'} task text to search for mentions"
    )
