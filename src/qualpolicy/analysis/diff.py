"""``qualpolicy diff``: two plans side by side.

Figures for the same metric are paired like for like where they can be (same
kind, same basis); each pair gets a verdict — A more ambitious, B more
ambitious, equal, or not comparable with the reason (another target year,
scope, unit or basis, a direction against a figure) — or is one-sided when
only one plan has a figure of that kind.  Across target years one figure still
wins when it is at least as bold *and* due no later; otherwise the years make
the pair not comparable — unless both regions have an actual on the pair's
basis: then the paces decide, what each target asks a year from where its region
stands (江苏 = 88 (2025) vs 浙江 ≥ 93 (2030)), a target already met asking
nothing; where an actual is missing, too old or on another basis, the pair
says so.  ``bolder`` says separately whose number alone is the bolder.  Then
what only one plan sets, then the task themes both or only one cover.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import partial

from qualpolicy.analysis.align import Aligned, Aligner
from qualpolicy.analysis.cascade import ambition
from qualpolicy.analysis.catalogue import Metric
from qualpolicy.analysis.progress import Evidence, Headroom, Status, headroom
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
    paces: tuple[Headroom, Headroom] | None = None
    """Two targets for different years, each beside its region's latest actual on its
    basis: what each asks a year from where its region stands (when evidence was given)."""


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
    "a_steeper": "A asks more a year",
    "b_steeper": "B asks more a year",
    "same_pace": "the same pace a year",
    "raised": "raised in the later document",
    "lowered": "lowered in the later document",
    "kept": "kept in the later document",
}

KIND_WORDS = {Kind.target: "a target", Kind.baseline: "current status", Kind.direction: "a trend"}

Judgement = tuple[str, tuple[str, ...], str | None]
"""(verdict, reasons, bolder) as in :class:`Pair`."""

Measure = Callable[[Aligned], Headroom]
"""A target beside its region's latest actual (:func:`qualpolicy.analysis.progress.headroom`)."""


def judge(
    metric: Metric,
    a: Aligned,
    b: Aligned,
    over_time: bool = False,
    paces: tuple[Headroom, Headroom] | None = None,
) -> Judgement:
    """The verdict on two figures for ``metric``, why, and whose number is the bolder.
    ``over_time``: two documents of one region, so targets for other years are how the
    region's target moved (≥ 89 (2020) → 90 (2025)), not figures to weigh.  ``paces``:
    the two targets beside their regions' actuals, which weigh targets for other years."""
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
        years = "target years " + " vs ".join(
            str(y) if y else "not stated" for y in (ta.year, tb.year)
        )
        if paces is not None:
            return (*_by_pace(*paces, years), bolder)
        return "not_comparable", (years,), bolder
    if higher > 0:
        return "a_higher", (), bolder
    if higher < 0:
        return "b_higher", (), bolder
    # The same number: a floor (≥) binds the same as a point target for our purpose.
    if {ta.comparator, tb.comparator} <= {Comparator.ge, Comparator.eq, Comparator.gt}:
        return "equal", (), bolder
    signs = (COMPARATOR_SYMBOLS[c] if c else "none" for c in (ta.comparator, tb.comparator))
    return "equal", ("comparators differ (" + " vs ".join(signs) + ")",), bolder


def asks(h: Headroom) -> Decimal | None:
    """What a target asks a year from where its region stands, in the way it points: 0 when
    the latest actual already meets it; None when that cannot be said."""
    if h.status is Status.met:
        return Decimal(0)
    if h.status is Status.to_go and h.pace is not None:
        return h.direction * h.pace
    return None


def _by_pace(ha: Headroom, hb: Headroom, years: str) -> tuple[str, tuple[str, ...]]:
    """Two targets for different years, weighed by the pace each asks from its region's
    latest actual; not comparable where a pace cannot be said, with why."""
    pace_a, pace_b = asks(ha), asks(hb)
    if pace_a is None or pace_b is None:
        return "not_comparable", (years, "paces not known: " + _unpaced(ha, hb))
    if pace_a == pace_b == 0:
        return "not_comparable", (years, "both already met by their regions' latest actuals")
    verdict = "a_steeper" if pace_a > pace_b else "b_steeper" if pace_b > pace_a else "same_pace"
    return verdict, (years, "by the pace a year from each region's latest actual")


def _unpaced(ha: Headroom, hb: Headroom) -> str:
    """Why the paces of two targets cannot be weighed: what is missing on each side."""
    missing = [f"{side} {_why_unpaced(h)}" for side, h in (("A", ha), ("B", hb)) if asks(h) is None]
    return "; ".join(missing)


def _why_unpaced(h: Headroom) -> str:
    if h.status is Status.no_actual:
        return "has no actual on this basis"
    if h.status is Status.passed:
        return f"is due in {h.target.target.year}, passed, with no actual for it yet"
    if h.status is Status.missed:
        return "has missed it"
    if h.status is Status.uncertain:
        return "has only a bound for an actual"
    if h.stale and h.actual is not None:
        return f"has only an actual from {h.actual.actual.year}, too long before its plan"
    return f"has no pace ({h.reason})" if h.reason else "has no pace"


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
    metric: Metric,
    rows_a: list[Aligned],
    rows_b: list[Aligned],
    over_time: bool = False,
    measure: Measure | None = None,
) -> list[Pair]:
    """Pair like with like first (same kind and basis), then whatever is left."""

    def pair(a: Aligned, b: Aligned) -> Pair:
        paces = _paces(a, b, measure) if not over_time else None
        return Pair(metric, a, b, *judge(metric, a, b, over_time, paces), paces=paces)

    left_b = list(rows_b)
    out: list[Pair] = []
    unpaired_a: list[Aligned] = []
    for a in rows_a:
        same = next((b for b in left_b if b.kind is a.kind and b.basis == a.basis), None)
        if same is None:
            unpaired_a.append(a)
            continue
        left_b.remove(same)
        out.append(pair(a, same))
    for a in unpaired_a:
        other = next((b for b in left_b if b.kind is a.kind), left_b[0] if left_b else None)
        if other is None:
            out += _alone(metric, a, None, rows_a)
            continue
        left_b.remove(other)
        out.append(pair(a, other))
    for b in left_b:
        out += _alone(metric, None, b, rows_b)
    return out


def _paces(a: Aligned, b: Aligned, measure: Measure | None) -> tuple[Headroom, Headroom] | None:
    """Both targets beside their regions' actuals, where their years differ (like for like
    but for the year: the paces are asked only of such pairs)."""
    ta, tb = a.target, b.target
    like = ta.kind is tb.kind is Kind.target and a.basis == b.basis
    if measure is None or not like or not (ta.year and tb.year) or ta.year == tb.year:
        return None
    return measure(a), measure(b)


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


def diff_plans(
    a: Plan,
    b: Plan,
    aligner: Aligner,
    themes: ThemeSummary | None = None,
    evidence: Evidence | None = None,
) -> PlanDiff:
    """``a`` and ``b`` side by side; raises :class:`SamePlan` if they are one plan.  With
    ``evidence``, targets for different years are weighed by the paces they ask."""
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
    measure: Measure | None = None
    if evidence is not None:
        measure = partial(headroom, catalogue=aligner.catalogue, evidence=evidence)
    for metric in aligner.catalogue.metrics:  # catalogue order: stable and grouped
        if metric.id in metrics_a and metric.id in metrics_b:
            pairs += _pairs(
                metric,
                [r for r in rows_a if r.match.metric_id == metric.id],
                [r for r in rows_b if r.match.metric_id == metric.id],
                over_time=a.region == b.region,
                measure=measure,
            )
    shared = metrics_a & metrics_b
    only_a = [r for r in rows_a if r.match.metric_id not in shared]
    only_b = [r for r in rows_b if r.match.metric_id not in shared]
    theme_diff = compare_themes(themes, a.id, b.id) if themes is not None else None
    return PlanDiff(a, b, pairs, only_a, only_b, theme_diff)
