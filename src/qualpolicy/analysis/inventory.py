"""What the data holds: one line per plan, for ``qualpolicy plans`` and the README."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from qualpolicy.analysis.versions import Versions
from qualpolicy.models import Kind, Plan


@dataclass(frozen=True)
class PlanSummary:
    plan: Plan
    targets: int
    baselines: int
    directions: int
    tasks: int
    superseded_by: str | None = None
    """The id of the document that replaced it, as of the day the listing is for."""
    in_force: bool = True
    ended: bool = False
    """The period the document states for itself was over by the listing's day."""

    @property
    def period(self) -> str | None:
        period = self.plan.period
        return f"{period[0]}–{period[-1]}" if period else None

    @property
    def source(self) -> str:
        """How complete the source is: a full text shipped, or how much of a page was read."""
        src = self.plan.source
        if src.file:
            return "full text"
        return f"{src.extent.value}, not shipped"

    @property
    def date(self) -> dt.date | None:
        return self.plan.issued


def summarise(plans: list[Plan], versions: Versions | None = None) -> list[PlanSummary]:
    """Each plan with its counts, in cascade order: the nation, provinces, then the levels
    below, each group by id; with ``versions``, whether it is in force on their day."""
    order = {"national": 0, "province": 1, "municipality": 1}
    out = []
    for plan in sorted(plans, key=lambda p: (order.get(p.level.value, 2), p.id)):
        kinds = Counter(t.kind for t in plan.targets)
        out.append(
            PlanSummary(
                plan,
                kinds[Kind.target],
                kinds[Kind.baseline],
                kinds[Kind.direction],
                len(plan.tasks),
                superseded.id if (superseded := _superseded(plan, versions)) else None,
                versions is None or versions.in_force(plan),
                versions is not None and versions.ended(plan),
            )
        )
    return out


def _superseded(plan: Plan, versions: Versions | None) -> Plan | None:
    return versions.superseded_by(plan) if versions is not None else None
