"""A region over time: its documents in the order they were made, and for each metric
they set, on each basis, every document's targets, how each moved from one document to
the next, and the region's actuals between them, on one timeline.

A region is named as plans are: by region in either script (山东, 山東省) or by the id of
any of its documents.  How a target moved is :func:`qualpolicy.analysis.diff.judge` over
time: a later document's target beside the earlier document's for the same year, or,
when it sets none for that year, the earlier one's latest target due before it.  The
actuals are the evidence's (:func:`qualpolicy.analysis.progress.gather`): the reported
statistics and the documents' own baselines known on the as-of day; one measured more
than :data:`~qualpolicy.analysis.progress.STALE_YEARS` years before the region's latest
document was made is stale, as progress says of it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import pairwise

from qualpolicy.analysis.actuals import Known
from qualpolicy.analysis.align import Aligned, Aligner, Basis
from qualpolicy.analysis.cascade import held
from qualpolicy.analysis.catalogue import Metric
from qualpolicy.analysis.diff import judge
from qualpolicy.analysis.progress import STALE_YEARS, Evidence, recency
from qualpolicy.analysis.versions import Versions, made
from qualpolicy.errors import PlanNotFound
from qualpolicy.loading.plans import PlanSet
from qualpolicy.models import Kind, Plan


class Standing(StrEnum):
    in_force = "in_force"
    superseded = "superseded"  # a later document of the region that replaces it is out
    not_yet = "not_yet"  # not out by the as-of day


@dataclass(frozen=True)
class Document:
    """One of the region's documents, and where it stands on the as-of day."""

    plan: Plan
    made: dt.date | None
    """The day it was out, or the earliest it can have been (:func:`versions.made`)."""
    standing: Standing
    superseded_by: Plan | None = None
    ended: bool = False
    """The period it states for itself was over by the as-of day (it may still be in
    force: only a later document that replaces it takes it out)."""


@dataclass(frozen=True)
class Move:
    """How a target moved from the earlier document's to the later one's."""

    earlier: Aligned
    later: Aligned
    verdict: str
    """raised, lowered or kept (from one target year to another, or in the same year)."""
    reasons: tuple[str, ...] = ()


_SAME_YEAR = {"a_higher": "lowered", "b_higher": "raised", "equal": "kept"}


@dataclass(frozen=True)
class Reading:
    """An actual on the timeline."""

    known: Known
    stale: bool = False
    """Measured over STALE_YEARS years before the region's latest document was made: where
    the region stood then, not where it stands."""


@dataclass(frozen=True)
class Line:
    """One metric on one basis: the documents' targets, their moves, the actuals."""

    metric: Metric
    basis: Basis
    targets: list[Aligned]
    """In the documents' order, each document's by year."""
    moves: list[Move]
    actuals: list[Reading]
    """By year (undated ones last)."""

    def move_of(self, row: Aligned) -> Move | None:
        return next((m for m in self.moves if m.later is row), None)

    def timeline(self) -> list[Aligned | Reading]:
        """Targets and actuals by year: an actual before a target of its year; undated
        ones last."""

        def key(item: Aligned | Reading) -> tuple[int, int, int]:
            if isinstance(item, Reading):
                return (item.known.actual.year or 9999, 0, 0)
            return (item.target.year or 9999, 1, self.targets.index(item))

        return sorted([*self.actuals, *self.targets], key=key)


@dataclass(frozen=True)
class History:
    region: str
    documents: list[Document]
    lines: list[Line]
    as_of: dt.date
    metrics: list[Metric] = field(default_factory=list)
    """The metrics asked about (all when empty)."""

    @property
    def single(self) -> bool:
        return len(self.documents) == 1

    @property
    def later(self) -> list[Document]:
        """Documents not out by the as-of day: listed, but nothing of theirs is on a line."""
        return [d for d in self.documents if d.standing is Standing.not_yet]


def region_documents(plans: PlanSet, name: str) -> list[Plan]:
    """Every document of the region ``name`` names (a region in either script, or the id of
    any of its plans), in the order they were made; :class:`PlanNotFound` with suggestions
    when none is."""
    found = plans.select([name])  # every version; raises PlanNotFound for an unknown name
    regions = sorted({p.region for p in found})
    if len(regions) > 1:
        raise PlanNotFound(
            f"{name!r} names {len(regions)} regions: {', '.join(regions)}",
            "name one by the id of one of its plans",
        )
    return in_order(p for p in plans.plans if p.region == regions[0])


def in_order(documents: Iterable[Plan]) -> list[Plan]:
    """Documents in the order they were made (undated ones first), then by id."""
    return sorted(documents, key=lambda p: (made(p) or dt.date.min, p.id))


def history(
    documents: list[Plan],
    aligner: Aligner,
    evidence: Evidence,
    metrics: list[Metric] | None = None,
) -> History:
    """The region's documents (:func:`region_documents`) over time, as of the evidence's day;
    with ``metrics``, only those."""
    documents = in_order(documents)
    versions = evidence.versions
    wanted = {m.id for m in metrics} if metrics else None
    # A document not out by the day is listed as such, but sets nothing on its timeline yet.
    out_then = [p for p in documents if versions.issued_by_then(p)]
    rows = [
        a
        for a in aligner.align(out_then)
        if held(a) and a.match.metric_id and (wanted is None or a.match.metric_id in wanted)
    ]
    place = {p.id: i for i, p in enumerate(documents)}
    latest_made = max((d for d in map(made, out_then) if d is not None), default=None)
    lines = []
    for metric in aligner.catalogue.metrics:  # catalogue order
        mine = [a for a in rows if a.match.metric_id == metric.id]
        bases = list(dict.fromkeys(a.basis for a in mine))
        for basis in bases:
            targets = sorted(
                (a for a in mine if a.basis == basis),
                key=lambda a: (place[a.plan.id], a.target.year or 9999, a.index),
            )
            readings = [k for k in evidence.readings(documents[0], metric.id) if k.basis == basis]
            lines.append(
                Line(
                    metric,
                    basis,
                    targets,
                    _moves(metric, targets, place),
                    [_reading(k, latest_made) for k in sorted(readings, key=_by_year)],
                )
            )
    return History(
        documents[0].region,
        [document(p, versions) for p in documents],
        lines,
        evidence.as_of,
        list(metrics or []),
    )


def document(plan: Plan, versions: Versions) -> Document:
    """``plan`` as one of its region's documents, where it stands on the versions' day."""
    later = versions.superseded_by(plan)
    if not versions.issued_by_then(plan):
        standing = Standing.not_yet
    elif later is not None:
        standing = Standing.superseded
    else:
        standing = Standing.in_force
    return Document(plan, made(plan), standing, later, versions.ended(plan))


def _by_year(k: Known) -> tuple[int, tuple[bool, int, bool, dt.date]]:
    return (k.actual.year or 9999, recency(k))


def _reading(k: Known, latest_made: dt.date | None) -> Reading:
    year = k.actual.year
    stale = latest_made is not None and year is not None and year < latest_made.year - STALE_YEARS
    return Reading(k, stale)


def _moves(metric: Metric, targets: list[Aligned], place: dict[str, int]) -> list[Move]:
    """Each target of a document beside the previous document (that sets a figure on the
    basis): its target for the same year, else its latest due before."""
    by_document: dict[str, list[Aligned]] = {}
    for row in targets:
        by_document.setdefault(row.plan.id, []).append(row)
    order = sorted(by_document, key=place.__getitem__)
    out: list[Move] = []
    for before, after in pairwise(order):
        for later in by_document[after]:
            earlier = _counterpart(by_document[before], later)
            if earlier is None:
                continue
            verdict, reasons, _ = judge(metric, earlier, later, over_time=True)
            out.append(Move(earlier, later, _SAME_YEAR.get(verdict, verdict), reasons))
    return out


def _counterpart(earlier: list[Aligned], later: Aligned) -> Aligned | None:
    year = later.target.year
    if year is None:
        return None
    same = [e for e in earlier if e.target.year == year and e.kind is Kind.target]
    if same:
        return same[0]
    before = [e for e in earlier if e.target.year is not None and e.target.year < year]
    return max(before, key=lambda e: e.target.year or 0) if before else None
