"""The day a command judges time on, and which documents of a region are in force then.

A region may have several documents in force at once (a 纲要 and an action plan) and
earlier ones before them.  A document is in force from its issue (:func:`made`: when
the issue date is not known, the earliest it can have been out) until a later document
of its region that lists it under ``supersedes`` is out; a passed horizon alone does not
take it out of force, nor does the end of the period it states for itself (a 规划 for
2016–2020): that is said beside it (:meth:`Versions.ended`), and the figures carry their
years.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from qualpolicy.errors import BadDate
from qualpolicy.models import Plan


def as_of_day(value: str | dt.date | None) -> dt.date:
    """The as-of day a user gives: a date, ``2026-12-07``, ``2026-12`` (its last day) or
    ``2026`` (its last day); None is today."""
    if value is None:
        return dt.date.today()
    if isinstance(value, dt.date):
        return value
    text = value.strip()
    try:
        if len(text) == 4 and text.isdigit():
            return dt.date(int(text), 12, 31)
        if len(text) == 7 and text[4] == "-":
            year, month = int(text[:4]), int(text[5:])
            following = dt.date(year + month // 12, month % 12 + 1, 1)
            return following - dt.timedelta(days=1)
        return dt.date.fromisoformat(text)
    except ValueError:
        raise BadDate(
            f"{value!r} is not a date", "write it as 2026-12-07, 2026-12 or 2026"
        ) from None


def made(plan: Plan) -> dt.date | None:
    """The day a document was out, or the earliest it can have been: its issue date; else
    the date of the copy read (a copy cannot predate the document); else the start of the
    period it states; else the start of the year five years before its nearest horizon (a
    plan looks one five-year period ahead or more); None when nothing dates it."""
    dated = plan.issued or plan.source.published
    if dated is not None:
        return dated
    if plan.period:
        return dt.date(plan.period[0], 1, 1)
    return dt.date(min(plan.horizon) - 5, 1, 1) if plan.horizon else None


class Versions:
    """The documents of ``plans`` as of ``day``."""

    def __init__(self, plans: Iterable[Plan], day: dt.date):
        self.day = day
        self.plans = list(plans)
        self._superseders: dict[str, list[Plan]] = {}
        self._regions: dict[str, list[Plan]] = {}
        for plan in self.plans:
            for earlier in plan.supersedes:
                self._superseders.setdefault(earlier, []).append(plan)

    def issued_by_then(self, plan: Plan) -> bool:
        """Out by the day (:func:`made`); a document nothing dates always is."""
        out = made(plan)
        return out is None or out <= self.day

    def superseded_by(self, plan: Plan) -> Plan | None:
        """The document that had replaced ``plan`` by the day, if any."""
        later = [p for p in self._superseders.get(plan.id, []) if self.issued_by_then(p)]
        return min(later, key=lambda p: (p.issued or dt.date.min, p.id)) if later else None

    def ended(self, plan: Plan) -> bool:
        """The period the document states for itself was over by the day."""
        return plan.period is not None and plan.period[-1] < self.day.year

    def in_force(self, plan: Plan) -> bool:
        return self.issued_by_then(plan) and self.superseded_by(plan) is None

    def of_region(self, region: str) -> list[Plan]:
        """The region's documents in force, the most recently issued first (worked out once
        a region: each plan below it asks)."""
        if region not in self._regions:
            found = [p for p in self.plans if p.region == region and self.in_force(p)]
            found.sort(key=lambda p: (p.issued or dt.date.min, p.id), reverse=True)
            self._regions[region] = found
        return self._regions[region]
