"""``qualpolicy diff``: two plans side by side.

Figures for the same metric are paired like for like where they can be (same
kind, same basis); each pair gets a verdict — A higher, B higher, equal, or
not comparable with the reason (another target year, scope, unit or basis, a
direction against a figure).  Across target years one figure still wins when
it is at least as bold *and* due no later; otherwise the years make the pair
not comparable, and the reasons say which figure is the bolder.  Then what
only one plan sets, then the task themes both or only one cover.
"""

from __future__ import annotations

from dataclasses import dataclass

from qualpolicy.align import Aligned, Aligner
from qualpolicy.catalogue import Metric
from qualpolicy.compare import ambition
from qualpolicy.models import Comparator, Kind, Plan
from qualpolicy.themes import ThemeDiff, ThemeIndex, ThemeSummary, compare_themes


@dataclass(frozen=True)
class Pair:
    """A figure of A and one of B for the same metric, with the verdict."""

    metric: Metric
    a: Aligned | None
    b: Aligned | None
    verdict: str  # a_higher | b_higher | equal | not_comparable
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class PlanDiff:
    a: Plan
    b: Plan
    pairs: list[Pair]
    only_a: list[Aligned]
    only_b: list[Aligned]
    themes: ThemeDiff | None


VERDICTS = {
    "a_higher": "A more ambitious",
    "b_higher": "B more ambitious",
    "equal": "equal",
    "not_comparable": "not comparable",
}


def judge(metric: Metric, a: Aligned, b: Aligned) -> tuple[str, tuple[str, ...]]:
    """The verdict on two figures for ``metric``, and why it is what it is."""
    ta, tb = a.target, b.target
    reasons: list[str] = []
    if ta.kind is Kind.direction or tb.kind is Kind.direction:
        if ta.kind is tb.kind:
            return "not_comparable", ("both name it without a number",)
        side = "A" if ta.kind is Kind.direction else "B"
        return "not_comparable", (f"{side} names it without a number",)
    if ta.kind is not tb.kind:
        reasons.append(f"{ta.kind.value} vs {tb.kind.value}")
    reasons += a.basis.differences(b.basis)
    higher = ambition(a, metric) - ambition(b, metric)
    if ta.year != tb.year:
        if not reasons and ta.year and tb.year:
            # A figure at least as bold and due no later is the bolder, whatever the years.
            earlier = "A" if ta.year < tb.year else "B"
            if higher == 0 or (higher > 0) == (earlier == "A"):
                verdict = "a_higher" if earlier == "A" else "b_higher"
                how = "the same figure" if higher == 0 else "a bolder figure"
                return verdict, (
                    f"{how}, {min(ta.year, tb.year)} rather than {max(ta.year, tb.year)}",
                )
        reasons.append(
            f"different target year ({ta.year or 'none stated'} vs {tb.year or 'none stated'})"
        )
    if reasons:
        if not a.basis.differences(b.basis) and ta.kind is tb.kind and higher:
            reasons.append(f"{'A' if higher > 0 else 'B'}'s figure is the bolder")
        return "not_comparable", tuple(reasons)
    if higher > 0:
        return "a_higher", ()
    if higher < 0:
        return "b_higher", ()
    # The same number: a floor (≥) binds the same as a point target for our purpose.
    if {ta.comparator, tb.comparator} <= {Comparator.ge, Comparator.eq, Comparator.gt}:
        return "equal", ()
    return "equal", (f"comparators differ ({ta.comparator} vs {tb.comparator})",)


def _pairs(metric: Metric, rows_a: list[Aligned], rows_b: list[Aligned]) -> list[Pair]:
    """Pair like with like first (same kind and basis), then whatever is left."""
    left_b = list(rows_b)
    out: list[Pair] = []
    unpaired_a: list[Aligned] = []
    for a in rows_a:
        same = next((b for b in left_b if b.kind is a.kind and b.basis == a.basis), None)
        if same is None:
            unpaired_a.append(a)
            continue
        left_b.remove(same)
        out.append(Pair(metric, a, same, *judge(metric, a, same)))
    for a in unpaired_a:
        other = next((b for b in left_b if b.kind is a.kind), left_b[0] if left_b else None)
        if other is None:
            out += _alone(metric, a, None, rows_a)
            continue
        left_b.remove(other)
        out.append(Pair(metric, a, other, *judge(metric, a, other)))
    for b in left_b:
        out += _alone(metric, None, b, rows_b)
    return out


def _alone(metric: Metric, a: Aligned | None, b: Aligned | None, own: list[Aligned]) -> list[Pair]:
    """A figure the other plan has no counterpart for (a direction beside the plan's
    own figure for the metric adds nothing, and is left out)."""
    row = a or b
    assert row is not None
    side, other = ("A", "B") if a is not None else ("B", "A")
    if row.kind is Kind.direction:
        if any(r.kind is not Kind.direction for r in own):
            return []
        return [Pair(metric, a, b, "not_comparable", (f"only {side} names it, without a number",))]
    if row.kind is Kind.baseline:
        reason = f"current status reported by {side}; {other} reports none"
    else:
        reason = f"{other} sets no figure on this basis"
    return [Pair(metric, a, b, "not_comparable", (reason,))]


def diff_plans(
    a: Plan, b: Plan, aligner: Aligner, themes: ThemeIndex | ThemeSummary | None = None
) -> PlanDiff:
    rows = aligner.align([a, b])
    rows_a = [r for r in rows if r.plan.id == a.id]
    rows_b = [r for r in rows if r.plan.id == b.id]
    metrics_a = {r.match.metric_id for r in rows_a if r.match.metric_id}
    metrics_b = {r.match.metric_id for r in rows_b if r.match.metric_id}
    pairs: list[Pair] = []
    for metric in aligner.catalogue.metrics:  # catalogue order: stable and grouped
        if metric.id in metrics_a and metric.id in metrics_b:
            pairs += _pairs(
                metric,
                [r for r in rows_a if r.match.metric_id == metric.id],
                [r for r in rows_b if r.match.metric_id == metric.id],
            )
    shared = metrics_a & metrics_b
    only_a = [r for r in rows_a if r.match.metric_id not in shared]
    only_b = [r for r in rows_b if r.match.metric_id not in shared]
    theme_diff = compare_themes(themes, a.id, b.id) if themes is not None else None
    return PlanDiff(a, b, pairs, only_a, only_b, theme_diff)
