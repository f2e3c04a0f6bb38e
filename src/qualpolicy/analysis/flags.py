"""Flags: every target that asks too little, across all metrics, with the figure it is held
against.

A target is flagged when it falls below a target of its parent's documents (or of a level
further up that is not the nation) or of the nation's on the same basis — the cascade's
:attr:`~qualpolicy.analysis.cascade.Verdict.below`: lower and due no sooner — when it
asks no more than the level its region had when the plan was issued, or when an actual for
its target year (or later) shows it missed.  A target below two figures gets a flag for
each.  Every flag is worked out by :mod:`qualpolicy.analysis.progress` on the evidence of
the whole data, so which plans a command shows changes only which flags it shows, never
what is flagged.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from qualpolicy.analysis.actuals import Known
from qualpolicy.analysis.align import Aligned, Aligner
from qualpolicy.analysis.cascade import Versus
from qualpolicy.analysis.catalogue import Catalogue, Metric
from qualpolicy.analysis.progress import Evidence, Headroom, Status, headroom
from qualpolicy.models import LEVEL_RANKS, Kind, Level, Plan


class Why(StrEnum):
    below_parent = "below_parent"  # below a target of a level above that is not the nation
    below_nation = "below_nation"  # below a target of the nation
    not_beyond_current = "not_beyond_current"  # asks no more than its region's level then
    missed = "missed"  # an actual for the target year or later falls short of it


_WHY_ORDER = {why: i for i, why in enumerate(Why)}


@dataclass(frozen=True)
class Flag:
    """One reason a target is flagged, with the figure it is held against."""

    headroom: Headroom
    """The target with where it stands: its metric, its latest actual, its status."""
    metric: Metric
    why: Why
    versus: Versus | None = None
    """For a target below a level above: the target of that level it falls below."""

    @property
    def target(self) -> Aligned:
        return self.headroom.target

    @property
    def plan(self) -> Plan:
        return self.headroom.target.plan

    @property
    def actual(self) -> Known | None:
        """For ``not_beyond_current`` the level it does not go beyond (a reported figure or
        the plan's own baseline); for ``missed`` the actual that shows it; else None."""
        if self.why in (Why.not_beyond_current, Why.missed):
            return self.headroom.actual
        return None


def flags_of(rows: Iterable[Headroom]) -> list[Flag]:
    """The flags of targets with their headroom worked out, in the order given."""
    out: list[Flag] = []
    for h in rows:
        if h.metric is None:
            continue
        for v in h.below:
            national = v.other.plan.level is Level.national
            out.append(Flag(h, h.metric, Why.below_nation if national else Why.below_parent, v))
        if h.not_beyond_known and h.actual is not None:
            out.append(Flag(h, h.metric, Why.not_beyond_current))
        if h.status is Status.missed and h.actual is not None:
            out.append(Flag(h, h.metric, Why.missed))
    return out


def flags(plans: list[Plan], aligner: Aligner, evidence: Evidence) -> list[Flag]:
    """Every flag of every target of ``plans``, against the evidence of the whole data
    (:func:`qualpolicy.analysis.progress.gather`), in :func:`ordered` order.  Only a target
    aligned to a metric can be flagged: the entries are read from the index by metric."""
    catalogue = aligner.catalogue
    rows = aligner.align_about(plans, catalogue.ids)
    targets = (a for a in rows if a.kind is Kind.target and a.match.metric_id)
    return ordered(flags_of(headroom(a, catalogue, evidence) for a in targets), catalogue)


def ordered(found: Iterable[Flag], catalogue: Catalogue) -> list[Flag]:
    """By the level of the region (the nation first), then region, metric (catalogue
    order), target year, and why."""
    place = {m.id: i for i, m in enumerate(catalogue.metrics)}

    def key(f: Flag) -> tuple[int, str, int, int, str, int, int, str, int]:
        other = f.versus.other if f.versus else None
        return (
            LEVEL_RANKS[f.plan.level],
            f.plan.region,
            place.get(f.metric.id, len(place)),
            f.target.target.year or 9999,
            f.plan.id,
            f.target.index,
            _WHY_ORDER[f.why],
            other.plan.id if other else "",
            other.index if other else -1,
        )

    return sorted(found, key=key)


def shown(
    found: Iterable[Flag], plans: Iterable[Plan] | None = None, metrics: set[str] | None = None
) -> list[Flag]:
    """The flags of ``plans`` (all when None) about ``metrics`` (all when None), in the order
    given: a filter of what was flagged, never a change to it."""
    ids = None if plans is None else {p.id for p in plans}
    return [
        f
        for f in found
        if (ids is None or f.plan.id in ids) and (metrics is None or f.metric.id in metrics)
    ]


def flags_of_chosen(
    chosen: list[Plan],
    counted: list[Plan],
    aligner: Aligner,
    evidence: Evidence,
    metrics: set[str] | None = None,
) -> list[Flag]:
    """The flags of ``chosen`` (about ``metrics``), worked out on every document ``counted``
    (in force, or every version) and on any chosen beyond them (a superseded one named by
    its id): the choice filters what was flagged, never changes it."""
    ids = {p.id for p in counted}
    every = [*counted, *(p for p in chosen if p.id not in ids)]
    return shown(flags(every, aligner, evidence), chosen, metrics)
