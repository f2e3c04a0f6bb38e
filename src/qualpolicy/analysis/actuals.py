"""Actuals aligned: each reported statistic and each plan baseline with its metric and basis,
by the same engine as the plans' entries, so it sits beside every target of the same metric
and basis."""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple

from qualpolicy.analysis.align import Aligned, Aligner, Basis, Match
from qualpolicy.analysis.similarity import Flags
from qualpolicy.loading.actuals import Actual, ActualsFile, baseline_actual
from qualpolicy.models import Plan


class Origin(StrEnum):
    reported = "reported"  # a statistic in the actuals file
    baseline = "baseline"  # a plan's own current-status figure


class Known(NamedTuple):
    """An actual with its metric aligned: a reported statistic or a plan's baseline."""

    actual: Actual
    origin: Origin
    metric_text: str
    match: Match
    basis: Basis
    plan: Plan | None = None
    """The plan whose baseline it is."""

    @property
    def region(self) -> str:
        return self.actual.region


def align_actual(
    actual: Actual, aligner: Aligner, origin: Origin = Origin.reported, plan: Plan | None = None
) -> Known:

    written = actual.source
    flags = Flags(
        new_only=actual.new_only,
        cumulative=actual.cumulative,
        per_year=actual.per_year,
        unit=actual.unit.value,
    )
    return Known(
        actual=actual,
        origin=origin,
        metric_text=aligner.normalize(actual.metric, written),
        match=aligner.match(aligner.wording(actual.metric, written), flags),
        basis=Basis(
            unit=actual.unit,
            scope=aligner.scope_key(actual.scope, written),
            new_only=actual.new_only,
            cumulative=actual.cumulative,
            per_year=actual.per_year,
        ),
        plan=plan,
    )


def known_actuals(actuals: ActualsFile, aligned: list[Aligned], aligner: Aligner) -> list[Known]:
    """Every actual: the file's statistics, then the baselines among ``aligned`` plan entries
    (aligned already, so their wording is not matched twice)."""
    out = [align_actual(a, aligner) for a in actuals.actuals]
    for row in aligned:
        actual = baseline_actual(row.plan, row.target)
        if actual is not None:
            out.append(
                Known(actual, Origin.baseline, row.metric_text, row.match, row.basis, row.plan)
            )
    return out
