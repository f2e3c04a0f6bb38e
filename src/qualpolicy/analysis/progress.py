"""Headroom: how far each target lies from where its region stands today.

A target is set beside the latest actual of its region, metric and basis
(:mod:`qualpolicy.loading.actuals`): the distance still to go, the pace a year that
distance needs from the actual's year to the target year, and flags — already
met, missed, not beyond the level the region had when its plan was issued,
below a target of the levels above (the nation, a parent province) for the
same metric and basis, as :mod:`qualpolicy.analysis.cascade` judges it.

The way a target points comes from its words: a floor (≥, >) asks for more, a
ceiling (≤, <) for less, a plain figure (达到 N) for the metric's better
direction; a change (较2020年下降14%) for its own direction, from the level of
its base year.  A held level (稳定在) is met when the actual is at or beyond it.
Arithmetic is decimal, so 86 − 85.6 is 0.4, not 0.40000000000000568.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from functools import cached_property
from typing import NamedTuple

from qualpolicy.analysis.actuals import Known, Origin, known_actuals
from qualpolicy.analysis.align import Aligned, Aligner
from qualpolicy.analysis.cascade import Hierarchy, Versus, held, held_against
from qualpolicy.analysis.catalogue import Better, Catalogue, Metric
from qualpolicy.analysis.versions import Versions, made
from qualpolicy.loading.actuals import ActualsFile
from qualpolicy.models import Change, Comparator, Kind, Plan, Unit

_UP = {Comparator.ge, Comparator.gt}
_DOWN = {Comparator.le, Comparator.lt}
_STRICT = {Comparator.gt, Comparator.lt}
STALE_YEARS = 5
"""An actual measured more than one five-year plan period before a plan was made says where
the region stood then, not how far it has come under the plan: no distance is worked out."""


class Status(StrEnum):
    to_go = "to_go"  # not met yet; the distance (and the pace) is known
    met = "met"  # the latest actual already satisfies the target
    missed = "missed"  # the actual is for the target year or later and falls short
    passed = "passed"  # the target year has passed; no actual for it is known yet
    uncertain = "uncertain"  # the actual is a bound (≥ 93) that cannot say
    not_computed = "not_computed"  # an actual is known, but no headroom follows (see reason)
    no_actual = "no_actual"  # nothing known for the region and metric


@dataclass(frozen=True)
class Evidence:
    """What targets are measured against: every actual, and every plan's targets."""

    known: list[Known]
    targets: list[Aligned]
    """The targets of every plan, for "below the level above"."""
    hierarchy: Hierarchy
    as_of: dt.date
    """The day the evidence is taken on: what is said about time (a target year passed,
    the years left) is said as of it, and only figures published by then are known."""

    @property
    def versions(self) -> Versions:
        """Which documents were out, and which in force, on the evidence's day."""
        assert self.hierarchy.versions is not None  # gather() always gives them
        return self.hierarchy.versions

    @cached_property  # looked up once per target shown: indexed, not searched
    def _known_by(self) -> dict[tuple[str, str | None], list[Known]]:
        """Readings by region and metric: an actual names a plan's id, and stands for every
        document of that plan's region (shandong's figures measure shandong_2018's too)."""
        regions = {p.id: p.region for p in self.hierarchy.plans.values()}
        out: dict[tuple[str, str | None], list[Known]] = {}
        for k in self.known:
            out.setdefault((regions.get(k.region, k.region), k.match.metric_id), []).append(k)
        return out

    @cached_property  # a parent's targets are looked up for each plan below it
    def _targets_by(self) -> dict[tuple[str, str | None], list[Aligned]]:
        out: dict[tuple[str, str | None], list[Aligned]] = {}
        for t in self.targets:
            out.setdefault((t.plan.id, t.match.metric_id), []).append(t)
        return out

    def readings(self, plan: Plan, metric_id: str) -> list[Known]:
        """The readings of ``plan``'s region for the metric."""
        return self._known_by.get((plan.region, metric_id), [])

    def versus(self, row: Aligned, metric: Metric) -> tuple[Versus, ...]:
        """``row`` held against every target of ``metric`` of the plans above its plan, in
        the whole data (not only the plans a command shows), on its basis."""
        if row.match.metric_id != metric.id or not held(row):
            return ()
        above = self.hierarchy.above(row.plan)
        filed = {p.id: self._targets_by.get((p.id, metric.id), []) for p in above}
        return tuple(held_against(row, filed, metric, self.hierarchy))

    def below(self, row: Aligned, metric: Metric) -> tuple[Versus, ...]:
        """The targets of the plans above ``row``'s that it falls below."""
        return tuple(v for v in self.versus(row, metric) if v.flagged)


def gather(
    actuals: ActualsFile,
    plans: list[Plan],
    aligner: Aligner,
    metric_ids: AbstractSet[str] | None = None,
    *,
    as_of: dt.date | None = None,
) -> Evidence:
    """The evidence from the actuals file and every plan of the data directory (not only
    the plans a command shows: the nation's targets count even when it is not shown);
    with ``metric_ids``, the plans' entries about those metrics only (what comparing them
    needs, read from the index over thousands of plans).  ``as_of`` (default today): the
    day it is taken on; a figure published after it is not known then."""
    day = as_of or dt.date.today()
    aligned = aligner.align(plans) if metric_ids is None else aligner.align_about(plans, metric_ids)
    targets = [a for a in aligned if a.kind is Kind.target]
    known = [k for k in known_actuals(actuals, aligned, aligner) if _known_on(k, day)]
    return Evidence(known, targets, Hierarchy(plans, Versions(plans, day)), day)


def _known_on(k: Known, day: dt.date) -> bool:
    """Whether a reading was known on ``day``: published by then (or of unknown date), and
    about a year that had begun."""
    published = k.actual.source.published
    began = k.actual.year is None or k.actual.year <= day.year
    return began and (published is None or published <= day)


class Headroom(NamedTuple):
    """One target beside the latest actual of its region, metric and basis."""

    target: Aligned
    metric: Metric | None
    status: Status
    actual: Known | None = None
    """The latest actual on the target's basis (on another basis when not_computed)."""
    base: Known | None = None
    """For a change target: the level of its base year."""
    level: Decimal | None = None
    """The level the target asks for (for a change, worked out from the base-year level)."""
    direction: int = 1
    """+1 when the target asks for more, −1 when it asks for less."""
    distance: Decimal | None = None
    """Level minus the actual, in the actual's unit: what is still to go (or beyond, if met)."""
    years: int | None = None
    """The years left: from the actual's year or the as-of year, whichever is later, to the
    target year."""
    pace: Decimal | None = None
    """Distance a year, to be covered in the years left."""
    relative_pace: Decimal | None = None
    """The pace in the better direction, in percent of the actual a year: how hard it is."""
    not_beyond_known: bool = False
    """The target asks no more than the level the region had when the plan was issued (its
    own baseline, or a figure reported by then). Not flagged for a held level."""
    below: tuple[Versus, ...] = ()
    """Targets of the levels above (the nation, a parent) this one falls below."""
    reason: str | None = None
    """Why there is no distance or no pace, in plain words."""
    passed: bool = False
    """The target year lies before the as-of date's year."""
    as_of: dt.date | None = None
    """The day it is worked out on (the evidence's)."""
    stale: bool = False
    """The actual was measured long before the plan was made (:data:`STALE_YEARS`)."""


def headroom(row: Aligned, catalogue: Catalogue, evidence: Evidence) -> Headroom:
    """Where one target stands against the latest actual of its region, as of the
    evidence's day."""
    found = _headroom(row, catalogue, evidence)
    year = row.target.year
    passed = year is not None and year < evidence.as_of.year
    return found._replace(passed=passed, as_of=evidence.as_of)


def _headroom(row: Aligned, catalogue: Catalogue, evidence: Evidence) -> Headroom:
    metric = catalogue.by_id.get(row.match.metric_id or "")
    if metric is None:
        return Headroom(row, None, Status.no_actual, reason="metric not in the catalogue")
    below = evidence.below(row, metric)
    readings = evidence.readings(row.plan, metric.id)
    if not readings:
        return Headroom(row, metric, Status.no_actual, below=below)
    if row.target.change is not None:
        return _change_headroom(row, metric, readings, below, evidence.as_of)
    same = [k for k in readings if k.basis == row.basis]
    if not same:
        other = latest(readings)
        reason = "the actual is on another basis: " + "; ".join(other.basis.differences(row.basis))
        return _unmeasured(row, metric, other, below, reason)
    actual = latest(same)
    out = made(row.plan)
    if out and actual.actual.year and actual.actual.year < out.year - STALE_YEARS:
        reason = (
            f"measured in {actual.actual.year}, over {STALE_YEARS} years before the plan: it "
            "says where the region stood then, not how far it has come"
        )
        return _unmeasured(row, metric, actual, below, reason)._replace(stale=True)
    level = Decimal(str(row.target.value))
    return _measure(row, metric, actual, level, _direction(row, metric), below, evidence.as_of)


def recency(k: Known) -> tuple[bool, int, bool, dt.date]:
    """How recent a reading is: a dated figure before an undated one, then the later year,
    then a reported statistic before a plan's baseline, then the later report."""
    return (
        k.actual.year is not None,
        k.actual.year or 0,
        k.origin is Origin.reported,
        k.actual.source.published or dt.date.min,
    )


def latest(readings: Iterable[Known]) -> Known:
    """The most recent reading (:func:`recency`)."""
    return max(readings, key=recency)


def _direction(row: Aligned, metric: Metric) -> int:
    t = row.target
    if t.change is not None:
        return 1 if t.change is Change.increase else -1
    if t.comparator in _UP:
        return 1
    if t.comparator in _DOWN:
        return -1
    return 1 if metric.better is Better.higher else -1


def _unmeasured(
    row: Aligned, metric: Metric, actual: Known, below: tuple[Versus, ...], reason: str
) -> Headroom:
    """An actual is known, but no distance follows from it; ``reason`` says why."""
    return Headroom(row, metric, Status.not_computed, actual, below=below, reason=reason)


def _change_headroom(
    row: Aligned, metric: Metric, readings: list[Known], below: tuple[Versus, ...], as_of: dt.date
) -> Headroom:
    """A change since a base year: the level it asks for comes from the base-year level."""
    t = row.target
    if t.per_year:
        reason = "a yearly rate, not a level: the rate so far is not known"
        return _unmeasured(row, metric, latest(readings), below, reason)
    if t.base_year is None:
        reason = "a change from a base the plan does not state"
        return _unmeasured(row, metric, latest(readings), below, reason)
    # Like for like but for the unit: a cut in percent of a level in its own unit.
    same = [
        k
        for k in readings
        if k.basis._replace(unit=row.basis.unit, change=row.basis.change) == row.basis
    ]
    bases = [k for k in same if k.actual.year == t.base_year]
    if not bases:
        reason = f"needs the {t.base_year} level, which is not known"
        return _unmeasured(row, metric, latest(same or readings), below, reason)
    base = latest(bases)
    start = Decimal(str(base.actual.value))
    unit = base.actual.unit
    actual = latest(
        k for k in same if k.actual.unit is unit and (k.actual.year or 0) >= t.base_year
    )
    size = Decimal(str(t.value))
    sign = 1 if t.change is Change.increase else -1
    if t.unit is Unit.percent:
        level = start * (1 + sign * size / 100)
    elif t.unit is unit or (t.unit is Unit.percentage_points and unit is Unit.percent):
        level = start + sign * size
    else:
        changed = t.unit.value if t.unit else "no unit"
        reason = f"the change is in {changed}, the level in {unit.value}"
        return _unmeasured(row, metric, actual, below, reason)
    return _measure(row, metric, actual, level, sign, below, as_of, base)


def _measure(
    row: Aligned,
    metric: Metric,
    actual: Known,
    level: Decimal,
    direction: int,
    below: tuple[Versus, ...],
    as_of: dt.date,
    base: Known | None = None,
) -> Headroom:
    t, a = row.target, actual.actual
    now = Decimal(str(a.value))
    distance = level - now
    gap = direction * distance  # > 0: still to go
    reached = gap < 0 or (gap == 0 and t.comparator not in _STRICT)
    # An actual that is only a bound (≥ 93) says for sure only one way.
    favourable = a.comparator in (_UP if direction > 0 else _DOWN)
    unfavourable = a.comparator in (_DOWN if direction > 0 else _UP)
    met: bool | None = (
        (None if unfavourable else True) if reached else (None if favourable else False)
    )
    passed = t.year is not None and t.year < as_of.year
    # The years left run from the actual's year or today's, whichever is later.
    start = max(a.year, as_of.year) if a.year is not None else None
    years = t.year - start if t.year is not None and start is not None else None
    status = {True: Status.met, None: Status.uncertain, False: Status.to_go}[met]
    if status is Status.to_go and t.year is not None and a.year is not None:
        if a.year >= t.year:
            status = Status.missed
        elif passed:
            status = Status.passed  # the outcome is not known yet
    pace = relative = None
    reason = None
    if status is Status.to_go:
        if years is None:
            reason = "no target year" if t.year is None else "the actual's year is not stated"
        elif years <= 0:
            reason = f"due in {t.year}"
        else:
            pace = distance / years
            relative = direction * pace / abs(now) * 100 if now else None
    own = actual.plan is not None and actual.plan.id == row.plan.id
    known_then = own or _reported_by(actual, row.plan.issued)
    return Headroom(
        row,
        metric,
        status,
        actual,
        base,
        level,
        direction,
        distance,
        years if status is Status.to_go else None,
        pace,
        relative,
        not_beyond_known=known_then and gap <= 0 and not unfavourable and not t.held,
        below=below,
        reason=reason,
    )


def _reported_by(actual: Known, issued: dt.date | None) -> bool:
    published = actual.actual.source.published
    return issued is not None and published is not None and published <= issued


# --- every target ------------------------------------------------------------------------------

_ORDER = {
    Status.missed: 0,
    Status.to_go: 1,
    Status.passed: 2,
    Status.uncertain: 3,
    Status.met: 4,
    Status.not_computed: 5,
    Status.no_actual: 6,
}


def _sort_key(h: Headroom) -> tuple[int, int, Decimal, str, int]:
    """Missed first; then the stiffest pace; a distance without a pace after the paces."""
    unpaced = 0 if h.relative_pace is not None else 1
    stiffness = -(h.relative_pace or Decimal(0))
    return (_ORDER[h.status], unpaced, stiffness, h.target.plan.id, h.target.index)


def progress(
    plans: list[Plan],
    aligner: Aligner,
    evidence: Evidence,
    metric: Metric | None = None,
) -> list[Headroom]:
    """Every target of ``plans`` (of ``metric`` only, if given) with its headroom, the
    stiffest first and the targets with nothing to measure them by last."""
    rows = [
        a
        for a in aligner.align(plans)
        if a.kind is Kind.target and (metric is None or a.match.metric_id == metric.id)
    ]
    return sorted((headroom(a, aligner.catalogue, evidence) for a in rows), key=_sort_key)
