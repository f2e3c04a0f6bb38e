"""``qualpolicy diff``: two plans side by side.

Figures for the same metric are paired like for like where they can be (same
kind, same basis); each pair gets a verdict — A more ambitious, B more
ambitious, equal, or not comparable with the reason (another target year,
scope, unit or basis, a direction against a figure) — or is one-sided when
only one plan has a figure of that kind.  Across target years one figure still
wins when it is at least as bold *and* due no later; otherwise the years make
the pair not comparable, and ``bolder`` says separately whose number alone is
the bolder.  Then what only one plan sets, then the task themes both or only
one cover.
"""

from __future__ import annotations

from dataclasses import dataclass

from qualpolicy.analysis.align import Aligned, Aligner
from qualpolicy.analysis.cascade import ambition
from qualpolicy.analysis.catalogue import Metric
from qualpolicy.errors import SamePlan
from qualpolicy.models import COMPARATOR_SYMBOLS, UNIT_SYMBOLS, Comparator, Kind, Plan
from qualpolicy.text.themes import ThemeDiff, ThemeSummary, compare_themes


@dataclass(frozen=True)
class Pair:
    """A figure of A and one of B for the same metric, with the verdict.

    ``reasons`` say why the verdict is what it is, with "A" and "B" for the plans;
    ``bolder`` says whose number alone is the bolder ("a", "b" or "same") when the two
    are the same kind on the same basis, whatever their target years; else None.
    """

    metric: Metric
    a: Aligned | None
    b: Aligned | None
    verdict: str  # a_higher | b_higher | equal | not_comparable | one_sided | raised | …
    reasons: tuple[str, ...] = ()
    bolder: str | None = None


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
    "one_sided": "only one plan",
    "raised": "raised in the later document",
    "lowered": "lowered in the later document",
    "kept": "kept in the later document",
}

KIND_WORDS = {Kind.target: "a target", Kind.baseline: "current status", Kind.direction: "a trend"}

Judgement = tuple[str, tuple[str, ...], str | None]
"""(verdict, reasons, bolder) as in :class:`Pair`."""


def judge(metric: Metric, a: Aligned, b: Aligned, over_time: bool = False) -> Judgement:
    """The verdict on two figures for ``metric``, why, and whose number is the bolder.
    ``over_time``: two documents of one region, so targets for other years are how the
    region's target moved (≥ 89 (2020) → 90 (2025)), not figures to weigh."""
    ta, tb = a.target, b.target
    if ta.kind is Kind.direction or tb.kind is Kind.direction:
        if ta.kind is tb.kind:
            return "not_comparable", ("both name it without a number",), None
        side = "A" if ta.kind is Kind.direction else "B"
        return "not_comparable", (f"{side} names it without a number",), None
    reasons = a.basis.differences(b.basis)
    if ta.kind is not tb.kind:
        reasons.insert(0, f"{KIND_WORDS[ta.kind]} vs {KIND_WORDS[tb.kind]}")
    if reasons:
        return "not_comparable", tuple(reasons), None
    higher = ambition(a, metric) - ambition(b, metric)
    bolder = "a" if higher > 0 else "b" if higher < 0 else "same"
    if over_time and ta.year and tb.year and ta.year != tb.year:
        return _moved(a, b, higher), (_shown(a) + " → " + _shown(b),), bolder
    if ta.year != tb.year:
        if ta.year and tb.year:
            # A figure at least as bold and due no later is the more ambitious.
            earlier = "A" if ta.year < tb.year else "B"
            if higher == 0 or (higher > 0) == (earlier == "A"):
                how = "same figure" if higher == 0 else "bolder figure"
                return f"{earlier.lower()}_higher", (f"{how}, due sooner",), bolder
        years = (str(y) if y else "not stated" for y in (ta.year, tb.year))
        return "not_comparable", ("target years " + " vs ".join(years),), bolder
    if higher > 0:
        return "a_higher", (), bolder
    if higher < 0:
        return "b_higher", (), bolder
    # The same number: a floor (≥) binds the same as a point target for our purpose.
    if {ta.comparator, tb.comparator} <= {Comparator.ge, Comparator.eq, Comparator.gt}:
        return "equal", (), bolder
    signs = (COMPARATOR_SYMBOLS[c] if c else "none" for c in (ta.comparator, tb.comparator))
    return "equal", ("comparators differ (" + " vs ".join(signs) + ")",), bolder


def _moved(a: Aligned, b: Aligned, higher: float) -> str:
    """How the later of two targets of one region moved from the earlier."""
    later_bolder = -higher if (a.target.year or 0) < (b.target.year or 0) else higher
    return "raised" if later_bolder > 0 else "lowered" if later_bolder < 0 else "kept"


def _shown(row: Aligned) -> str:
    """``≥ 89 (2020)``: a figure as the reasons give it."""
    t = row.target
    sign = COMPARATOR_SYMBOLS[t.comparator] + " " if t.comparator else ""
    unit = UNIT_SYMBOLS[t.unit] if t.unit else ""
    return f"{sign}{t.value:g}{unit} ({t.year})"


def _pairs(
    metric: Metric, rows_a: list[Aligned], rows_b: list[Aligned], over_time: bool = False
) -> list[Pair]:
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
        out.append(Pair(metric, a, same, *judge(metric, a, same, over_time)))
    for a in unpaired_a:
        other = next((b for b in left_b if b.kind is a.kind), left_b[0] if left_b else None)
        if other is None:
            out += _alone(metric, a, None, rows_a)
            continue
        left_b.remove(other)
        out.append(Pair(metric, a, other, *judge(metric, a, other, over_time)))
    for b in left_b:
        out += _alone(metric, None, b, rows_b)
    return out


def _alone(metric: Metric, a: Aligned | None, b: Aligned | None, own: list[Aligned]) -> list[Pair]:
    """A figure the other plan has no counterpart for (a direction beside the plan's
    own figure for the metric adds nothing, and is left out)."""
    row = a or b
    assert row is not None
    side = "A" if a is not None else "B"
    if row.kind is Kind.direction:
        if any(r.kind is not Kind.direction for r in own):
            return []
        reason = f"only {side} names it, without a number"
    elif row.kind is Kind.baseline:
        reason = f"only {side} reports its current status"
    else:
        reason = f"only {side} sets a figure on this basis"
    return [Pair(metric, a, b, "one_sided", (reason,))]


def diff_plans(a: Plan, b: Plan, aligner: Aligner, themes: ThemeSummary | None = None) -> PlanDiff:
    """``a`` and ``b`` side by side; raises :class:`SamePlan` if they are one plan."""
    if a.id == b.id:
        raise SamePlan(
            f"{a.region} ({a.id}) is named twice: a plan is not diffed with itself",
            "name two plans",
        )
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
                over_time=a.region == b.region,
            )
    shared = metrics_a & metrics_b
    only_a = [r for r in rows_a if r.match.metric_id not in shared]
    only_b = [r for r in rows_b if r.match.metric_id not in shared]
    theme_diff = compare_themes(themes, a.id, b.id) if themes is not None else None
    return PlanDiff(a, b, pairs, only_a, only_b, theme_diff)
