"""The matrix: every metric two or more plans address, by plan, and each metric's spread
in brief (for more plans than fit side by side).

Targets set for different years do not weigh against each other by their numbers
alone, so with the evidence each target of the matrix stands beside its region's
latest actual on its basis: the pace a year it asks from there, or that it is met.
"""

from __future__ import annotations

from collections import Counter
from typing import NamedTuple

from qualpolicy.analysis.align import Aligned, Aligner, Basis
from qualpolicy.analysis.cascade import ambition_key
from qualpolicy.analysis.catalogue import Metric
from qualpolicy.analysis.progress import Evidence, Headroom, headroom
from qualpolicy.models import Kind, Plan


class Matrix(NamedTuple):
    """Canonical metrics × plans, for metrics that two or more plans address."""

    metrics: list[Metric]
    plans: list[Plan]
    cells: dict[tuple[str, str], list[Aligned]]
    headroom: dict[tuple[str, int], Headroom] | None = None
    """Each target's headroom by plan id and entry index, when the evidence was given."""

    def cell(self, metric: Metric, plan: Plan) -> list[Aligned]:
        return self.cells.get((metric.id, plan.id), [])

    def headroom_of(self, row: Aligned) -> Headroom | None:
        return (self.headroom or {}).get((row.plan.id, row.index))


class Spread(NamedTuple):
    """What the plans of a matrix set for one metric, in brief: how many plans, and the
    least and most ambitious target on the basis most of them share."""

    metric: Metric
    plans: int
    targets: int
    basis: Basis | None
    least: Aligned | None
    most: Aligned | None


def spreads(matrix: Matrix) -> list[Spread]:
    by_metric: dict[str, list[Aligned]] = {}
    for (metric_id, _), cell in matrix.cells.items():
        by_metric.setdefault(metric_id, []).extend(cell)
    out = []
    for metric in matrix.metrics:
        rows = by_metric.get(metric.id, [])
        targets = [a for a in rows if a.kind is Kind.target and a.target.value is not None]
        bases = Counter(a.basis for a in targets)
        basis = bases.most_common(1)[0][0] if bases else None
        ranked = sorted((a for a in targets if a.basis == basis), key=ambition_key(metric))
        plans = len({a.plan.id for a in rows})
        least, most = (ranked[-1], ranked[0]) if ranked else (None, None)
        out.append(Spread(metric, plans, len(targets), basis, least, most))
    return out


def compare_all(
    plans: list[Plan], aligner: Aligner, minimum: int = 2, evidence: Evidence | None = None
) -> Matrix:
    """The matrix of ``plans``; with ``evidence``, each target with its headroom."""
    # Entries filed by metric (qualpolicy.analysis.index): only the matched ones are read.
    aligned = aligner.align_about(plans, aligner.catalogue.ids)
    matrix = matrix_of(aligned, plans, aligner.catalogue.metrics, minimum)
    if evidence is None:
        return matrix
    shown = {m.id for m in matrix.metrics}
    measured = {
        (a.plan.id, a.index): headroom(a, aligner.catalogue, evidence)
        for a in aligned
        if a.kind is Kind.target and a.match.metric_id in shown
    }
    return matrix._replace(headroom=measured)


def matrix_of(
    aligned: list[Aligned], plans: list[Plan], metrics: list[Metric], minimum: int = 2
) -> Matrix:
    """The matrix of ``aligned`` entries: metrics two (``minimum``) or more plans address."""
    cells: dict[tuple[str, str], list[Aligned]] = {}
    for a in aligned:
        if a.match.metric_id:
            cells.setdefault((a.match.metric_id, a.plan.id), []).append(a)
    counts = Counter(metric_id for metric_id, _ in cells)
    shared = [m for m in metrics if counts[m.id] >= minimum]
    shared.sort(key=lambda m: (-counts[m.id], m.category.value, m.id))
    return Matrix(shared, plans, cells)
