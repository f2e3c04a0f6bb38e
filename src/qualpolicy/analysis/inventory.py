"""What the data holds: one line per plan, for ``qualpolicy plans`` and the README."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from qualpolicy.models import Kind, Plan


@dataclass(frozen=True)
class PlanSummary:
    plan: Plan
    targets: int
    baselines: int
    directions: int
    tasks: int

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


def summarise(plans: list[Plan]) -> list[PlanSummary]:
    """Each plan with its counts, in cascade order: the nation, provinces, then the levels
    below, each group by id."""
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
            )
        )
    return out
