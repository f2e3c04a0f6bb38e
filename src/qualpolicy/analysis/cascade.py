"""The cascade from nation to province to city: who sits under whom, and whether each
level's targets at least match the level above.

A plan's ``parent`` names the plan of the region above; the nation is above
every province, and above any plan whose parent is not in the data (太原's
山西 is not encoded yet, so 太原 is held against the nation).  A target is
held against each plan above it that sets a figure for the same metric on the
same basis: for the same target year it either at least matches it or is
*below* it (flagged); for another year the comparison is only noted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from enum import StrEnum
from typing import NamedTuple

from qualpolicy.analysis.align import Aligned, by_plan
from qualpolicy.analysis.catalogue import Better, Metric
from qualpolicy.analysis.versions import Versions
from qualpolicy.loading.plans import PlanSet
from qualpolicy.models import Change, Comparator, Kind, Level, LevelFilter, Plan


class Verdict(StrEnum):
    below = "below"  # less than the level above: the same year, or a later one
    matches = "matches"  # the same figure, the same year
    above = "above"  # bolder than the level above: the same year, or sooner
    other_year = "other_year"  # bolder but later, or lower but sooner: the years decide


class Versus(NamedTuple):
    """One target held against a figure of a plan above it."""

    row: Aligned
    other: Aligned
    verdict: Verdict

    @property
    def flagged(self) -> bool:
        return self.verdict is Verdict.below


class Hierarchy:
    """Which plan sits under which, over a set of plans.  With ``versions``, a ``parent``
    names a region: the documents in force there are the level above (a 纲要 and an
    action plan alike), and so are the nation's."""

    def __init__(self, plans: Iterable[Plan], versions: Versions | None = None):
        self.plans = {p.id: p for p in plans}
        self.versions = versions
        nations = [p for p in self.plans.values() if p.level is Level.national]
        in_force = [p for p in nations if versions is None or versions.in_force(p)]
        self.nations = in_force if versions is not None else nations[:1]
        self.national = self.nations[0] if self.nations else None
        self._above: dict[str, tuple[Plan, ...]] = {}

    def above(self, plan: Plan) -> tuple[Plan, ...]:
        """The plans above ``plan``, nearest first, ending with the nation (worked out once
        a plan: each of its targets asks)."""
        found = self._above.get(plan.id)
        if found is None:
            found = self._above[plan.id] = tuple(self._walk_up(plan))
        return found

    def _walk_up(self, plan: Plan) -> list[Plan]:
        # by id: a plan's equality compares every field, and this runs for every plan
        out: dict[str, Plan] = {}
        walked = {plan.id}
        current = plan
        while current.parent in self.plans and current.parent not in walked:
            current = self.plans[current.parent]
            walked.add(current.id)
            out.update((p.id, p) for p in self._documents(current) if p.id != plan.id)
        out.update((p.id, p) for p in self.nations if p.id != plan.id and p.id not in out)
        return list(out.values())

    def _documents(self, parent: Plan) -> list[Plan]:
        """The documents a parent stands for: its region's in force, or itself."""
        if self.versions is None:
            return [parent]
        return self.versions.of_region(parent.region)

    def within(self, top: Plan) -> list[Plan]:
        """``top``, every plan below it, and the nation, in cascade order."""
        below = [p for p in self.plans.values() if top in self.above(p)]
        below.sort(key=lambda p: (len(self.above(p)), p.id))
        chosen = [top, *below]
        if self.national is not None and self.national not in chosen:
            chosen.insert(0, self.national)
        return chosen


def choose(
    plans: PlanSet,
    names: list[str] | None = None,
    *,
    within: str | None = None,
    level: LevelFilter | None = None,
    versions: Versions | None = None,
) -> list[Plan]:
    """The plans a comparison covers: those named (default all), or the plan named by
    ``within`` with every plan below it and the nation; then only those of ``level``.
    With ``versions``, only the documents in force (a plan named by its id is shown all
    the same)."""
    among = versions.in_force if versions is not None else None
    chosen = plans.select(names, among)
    if within is not None:
        top = plans.get(within, among)
        cascade = Hierarchy(plans.plans, versions).within(top)
        if among is not None:
            cascade = [p for p in cascade if among(p) or p is top]
        chosen = [p for p in cascade if p in chosen] if names else cascade
    if level is not None:
        chosen = [p for p in chosen if level.admits(p)]
    return chosen


def versus(rows: list[Aligned], metric: Metric, hierarchy: Hierarchy) -> list[Versus]:
    """Every target of ``rows`` held against the targets above it on the same basis."""
    targets = [r for r in rows if held(r)]
    filed = by_plan(targets)
    return [v for row in targets for v in held_against(row, filed, metric, hierarchy)]


def said(found: Sequence[Versus]) -> list[Versus]:
    """What a target's row says of the levels above it (``found``: its comparisons, nearest
    level first): for each plan above, every comparison the years allow (below, matches,
    above), or, where all its figures are for other years, the one nearest in year."""
    by_plan: dict[str, list[Versus]] = {}
    for v in found:
        by_plan.setdefault(v.other.plan.id, []).append(v)
    out: list[Versus] = []
    for mine in by_plan.values():
        decided = [v for v in mine if v.verdict is not Verdict.other_year]
        out.extend(decided or [min(mine, key=_years_apart)])
    return out


def _years_apart(v: Versus) -> int:
    mine, theirs = v.row.target.year, v.other.target.year
    return abs(mine - theirs) if mine is not None and theirs is not None else 9999


def held(row: Aligned) -> bool:
    """Whether ``row`` is a figure that can be held against others: a target with a value."""
    return row.kind is Kind.target and row.target.value is not None


def held_against(
    row: Aligned, filed: dict[str, list[Aligned]], metric: Metric, hierarchy: Hierarchy
) -> list[Versus]:
    """The target ``row`` held against the targets of ``metric`` above it on its basis
    (``filed`` by plan; those that cannot be held are passed over)."""
    out: list[Versus] = []
    for plan in hierarchy.above(row.plan):
        for other in filed.get(plan.id, ()):
            if other.basis == row.basis and held(other):
                gap = ambition(row, metric) - ambition(other, metric)
                out.append(Versus(row, other, _verdict(gap, row.target.year, other.target.year)))
    return out


def ambition(row: Aligned, metric: Metric) -> float:
    """How far the figure pushes the metric in its better direction (larger is bolder).

    A level counts as itself (negated when lower is better); a change relative to
    a base year counts by its size, positive when it moves the better way: for a
    lower-is-better metric an 18% cut is bolder than a 14% cut.
    """
    t = row.target
    value = float(t.value or 0)
    if t.change is not None:
        better_way = (t.change is Change.decrease) == (metric.better is Better.lower)
        return value if better_way else -value
    return value if metric.better is Better.higher else -value


_BINDING = {
    Comparator.gt: 0,
    Comparator.ge: 1,
    Comparator.eq: 2,
    Comparator.approx: 3,
    Comparator.le: 4,
    Comparator.lt: 5,
}


def ambition_key(metric: Metric) -> Callable[[Aligned], tuple[int, float, int, int, str]]:
    """Targets before baselines; then bolder first; then the more binding comparator
    (≥ before =, = before ≈); then the earlier year."""

    def key(row: Aligned) -> tuple[int, float, int, int, str]:
        t = row.target
        kind_rank = 0 if t.kind is Kind.target else 1
        binding = _BINDING.get(t.comparator, 9) if t.comparator else 9
        return (kind_rank, -ambition(row, metric), binding, t.year or 9999, row.plan.id)

    return key


def _verdict(gap: float, year: int | None, other_year: int | None) -> Verdict:
    """Lower and no sooner is below; at least as bold and no later is not."""
    if year is None or other_year is None:
        return Verdict.other_year
    if year == other_year:
        return Verdict.below if gap < 0 else Verdict.matches if gap == 0 else Verdict.above
    if gap < 0 and year > other_year:
        return Verdict.below
    if gap >= 0 and year < other_year:
        return Verdict.above
    return Verdict.other_year
