"""Semantic rules over a structurally valid plan, or over what could be built of one.

Each rule is a small generator yielding :class:`Problem`s located by their path
in the document (``("targets", 3, "base_year")``); the validator turns paths
into line and column.  Rules never print or exit.  ``RULES`` is the registry,
in the order problems are reported, and ``READS`` says which of the plan's own
fields each rule reads; the checks of one entry or task say which of its fields they
read where they are listed.  Of a file that fails the models, the validator builds
what it can (:func:`qualpolicy.loading.checking.salvage`) and the rules run on that,
each skipping what reads a broken field: nothing is reported that only follows from
it, and nothing else is held back for a second run.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

from qualpolicy.findings import DocPath, Problem
from qualpolicy.loading.checking import Partial
from qualpolicy.models import TOP_LEVELS, Kind, Plan, Target, Task, Unit
from qualpolicy.text.numbers import NUMBER, figures

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
EARLIEST_YEAR = 1949
LATEST_YEAR = 2100
# How far before its issue (or its first horizon year) a target year may lie.
TARGET_YEAR_SLACK = 10


def value_problems(
    path: DocPath,
    value: float | None,
    unit: Unit | None,
    unit_text: str | None,
    *,
    change: object = None,
) -> Iterator[Problem]:
    """What is wrong with a figure's value for its unit (a plan entry's or an actual's)."""

    if value is not None and unit is Unit.percent and value > 100:
        yield Problem(
            (*path, "value"),
            "percent-range",
            f"a percentage cannot exceed 100, found {value}",
        )
    if value is not None and unit is Unit.count and not float(value).is_integer():
        yield Problem((*path, "value"), "count-whole", f"a count is a whole number, found {value}")
    if unit is Unit.other and not unit_text:
        yield Problem(
            (*path, "unit"),
            "other-unit-needs-text",
            "unit: other needs the unit as written in unit_text",
            "e.g. unit_text: 批次/千人",
        )
    if unit is Unit.percentage_points and change is None:
        yield Problem(
            (*path, "unit"),
            "points-need-change",
            "percentage points measure a change of a share",
            "add change: increase (提高2个百分点) or change: decrease",
        )
    if value is not None and value < 0:
        yield Problem(
            (*path, "value"),
            "negative-value",
            f"values are written as magnitudes, found {value}",
            "for 下降 N% write value: N with change: decrease",
        )


def quote_figure_problem(
    path: DocPath, value: float, quote: str, hint: str = "quote the clause that carries the figure"
) -> Problem | None:
    """A figure written in digits or numerals must be in its quote: 92 in 达92以上."""

    if float(value) in figures(quote):
        return None
    written = NUMBER.findall(unicodedata.normalize("NFKC", quote))
    has = f"the quote has {', '.join(dict.fromkeys(written))}" if written else "it has no number"
    return Problem(
        (*path, "value"),
        "value-not-in-quote",
        f"the value {value:g} is not written in the quote ({has})",
        hint,
    )


def _reads(*names: str) -> frozenset[str]:
    return frozenset(names)


def _sound(partial: Partial[Plan], name: str, reads: frozenset[str]) -> Iterator[tuple[int, Any]]:
    """The items of the plan's list ``name`` (kept, or mended: see
    :class:`~qualpolicy.loading.checking.Partial`) whose fields in ``reads`` are sound,
    each with its index in the file."""
    for i, item, broken in partial.items(name):
        if reads.isdisjoint(broken):
            yield i, item


# --- one entry ----------------------------------------------------------------------------


def _direction_checks(path: DocPath, t: Target) -> Iterator[Problem]:
    if t.kind is not Kind.direction:
        return
    for name in ("value", "comparator", "unit_text", "change"):
        if getattr(t, name) is not None:
            yield Problem(
                (*path, name),
                "direction-has-value",
                f"a direction entry has no {name}",
                "use kind: target (or baseline) for an entry with a figure",
            )
    if t.trend is None:
        yield Problem(
            (*path, "kind"),
            "direction-needs-trend",
            "a direction entry needs a trend",
            "add trend: increase | decrease | maintain | zero_growth | none",
        )


def _figure_checks(path: DocPath, t: Target) -> Iterator[Problem]:
    if t.kind is Kind.direction:
        return
    for name in ("value", "comparator", "unit"):
        if getattr(t, name) is None:
            yield Problem(
                path,
                "missing-figure",
                f"a {t.kind.value} entry needs a {name}",
                "an entry without a figure is kind: direction",
            )
    if t.trend is not None:
        yield Problem(
            (*path, "trend"),
            "trend-on-figure",
            "trend is for direction entries only",
            "the comparator says how the figure binds; drop trend",
        )


def _value_checks(path: DocPath, t: Target) -> Iterator[Problem]:
    if t.kind is not Kind.direction:
        yield from value_problems(path, t.value, t.unit, t.unit_text, change=t.change)


def _base_checks(path: DocPath, t: Target) -> Iterator[Problem]:
    # 提高2个百分点 may leave its base unstated; 较2020年下降14% names it, and so must the entry.
    named = sorted({int(y) for y in _YEAR.findall(t.quote)} - {t.year})
    if t.change is not None and t.base_year is None and not t.per_year and named:
        yield Problem(
            (*path, "change"),
            "change-needs-base",
            f"the quote measures the change from {named[0]}: set base_year",
            "e.g. 较2020年下降14% is change: decrease, base_year: 2020; "
            "年均增长15% is change: increase, per_year: true",
        )


def _base_year_checks(path: DocPath, t: Target) -> Iterator[Problem]:
    if t.base_year is not None and t.change is None and t.kind is not Kind.direction:
        yield Problem(
            (*path, "base_year"),
            "base-year-needs-change",
            f"base_year {t.base_year} says the value is a change from that year, "
            "but the entry sets no change",
            "add change: increase or change: decrease (较2020年下降14%), or drop base_year",
        )


def _base_order_checks(path: DocPath, t: Target) -> Iterator[Problem]:
    if t.year is not None and t.base_year is not None and t.base_year >= t.year:
        yield Problem(
            (*path, "base_year"),
            "base-after-year",
            f"base_year {t.base_year} must come before year {t.year}",
        )


def _quota_checks(path: DocPath, t: Target) -> Iterator[Problem]:
    if t.per_year and t.cumulative and t.change is None:
        yield Problem(
            (*path, "per_year"),
            "per-year-and-cumulative",
            "an entry is either a yearly quota or a cumulative total, not both",
        )


def _implied_checks(path: DocPath, t: Target) -> Iterator[Problem]:
    if t.implied and t.note is None:
        yield Problem(
            (*path, "implied"),
            "implied-needs-note",
            "an implied value needs a note saying which words imply it",
            "e.g. note: 全覆盖 read as 100%",
        )


ENTRY_CHECKS: tuple[tuple[frozenset[str], Callable[[DocPath, Target], Iterator[Problem]]], ...] = (
    (_reads("kind", "value", "comparator", "unit_text", "change", "trend"), _direction_checks),
    (_reads("kind", "value", "comparator", "unit", "trend"), _figure_checks),
    (_reads("kind", "value", "unit", "unit_text", "change"), _value_checks),
    (_reads("change", "base_year", "per_year", "year", "quote"), _base_checks),
    (_reads("kind", "change", "base_year"), _base_year_checks),
    (_reads("year", "base_year"), _base_order_checks),
    (_reads("per_year", "cumulative", "change"), _quota_checks),
    (_reads("implied", "note"), _implied_checks),
)
"""The checks of one entry on its own, each with the entry's fields it reads."""


# --- the plan -----------------------------------------------------------------------------


def _target_rules(partial: Partial[Plan]) -> Iterator[Problem]:
    for i, t, broken in partial.items("targets"):
        for reads, entry_check in ENTRY_CHECKS:
            if reads.isdisjoint(broken):
                yield from entry_check(("targets", i), t)


def _year_range_rules(partial: Partial[Plan]) -> Iterator[Problem]:
    for i, t, broken in partial.items("targets"):
        for name in ("year", "base_year"):
            year = getattr(t, name)
            if name in broken or year is None or EARLIEST_YEAR <= year <= LATEST_YEAR:
                continue
            yield Problem(("targets", i, name), "year-range", f"{name} {year} is not plausible")


def _year_rules(partial: Partial[Plan]) -> Iterator[Problem]:
    plan = partial.value
    # A plan that states no year (horizon: []) bounds nothing but plausibility.
    latest = max(plan.horizon, default=LATEST_YEAR)
    start = plan.issued.year if plan.issued else min(plan.horizon, default=EARLIEST_YEAR)
    for i, t in _sound(partial, "targets", _reads("kind", "year")):
        if t.year is None or not EARLIEST_YEAR <= t.year <= LATEST_YEAR:
            continue
        if t.kind is Kind.baseline and t.year > start:
            yield Problem(
                ("targets", i, "year"),
                "baseline-in-future",
                f"a baseline reports the present; year {t.year} is after the plan's {start}",
                "a figure for a future year is kind: target",
            )
        elif t.kind is not Kind.baseline and t.year > latest:
            yield Problem(
                ("targets", i, "year"),
                "year-outside-horizon",
                f"year {t.year} is after the plan's last horizon year {latest}",
                f"add {t.year} to `horizon`, or check the year",
            )
        elif t.kind is not Kind.baseline and t.year < start - TARGET_YEAR_SLACK:
            yield Problem(
                ("targets", i, "year"),
                "year-outside-horizon",
                f"year {t.year} is more than {TARGET_YEAR_SLACK} years before the plan ({start})",
                "a figure for a past year is kind: baseline",
            )


def _horizon_rules(partial: Partial[Plan]) -> Iterator[Problem]:
    years = partial.value.horizon
    if years != sorted(set(years)):
        yield Problem(("horizon",), "horizon-order", "horizon years must be increasing and unique")
    for i, year in enumerate(years):
        if not EARLIEST_YEAR <= year <= LATEST_YEAR:
            yield Problem(("horizon", i), "year-range", f"horizon year {year} is not plausible")


def _task_rules(partial: Partial[Plan]) -> Iterator[Problem]:
    task: Task
    for i, task in _sound(partial, "tasks", _reads("title", "text")):
        if task.title is None and task.text is None:
            yield Problem(
                ("tasks", i),
                "task-needs-words",
                "a task needs its title or its text",
                "a plan read from a web page keeps the task's heading as title",
            )
    seen: dict[str, int] = {}
    for i, task in _sound(partial, "tasks", _reads("number")):
        if task.number in seen:
            yield Problem(
                ("tasks", i, "number"),
                "duplicate-task-number",
                f"task number {task.number} is used twice (first at tasks[{seen[task.number]}])",
            )
        else:
            seen[task.number] = i


def _form_rules(partial: Partial[Plan]) -> Iterator[Problem]:
    plan = partial.value
    if not ID_PATTERN.match(plan.id):
        yield Problem(
            ("id",),
            "bad-id",
            f"plan id `{plan.id}` must be lower-case letters, digits and _",
            "e.g. jiangsu, inner_mongolia",
        )


def _version_rules(partial: Partial[Plan]) -> Iterator[Problem]:
    """A period is two years, the first not after the last; a document supersedes others by
    their ids, never itself."""
    plan = partial.value
    period = plan.period
    if period is not None and (len(period) != 2 or period[0] > period[1]):
        yield Problem(
            ("period",),
            "bad-period",
            f"a period is the first and the last year it covers, found {period}",
            "e.g. period: [2023, 2025] for a 2023—2025 plan",
        )
    for i, other in enumerate(plan.supersedes):
        if other == plan.id or not ID_PATTERN.match(other):
            yield Problem(
                ("supersedes", i),
                "bad-supersedes",
                f"`{other}` is not the id of another document",
                "name the earlier document's plan id, e.g. shandong_2018",
            )


def _task_form_rules(partial: Partial[Plan]) -> Iterator[Problem]:
    task: Task
    for i, task in _sound(partial, "tasks", _reads("number")):
        if not task.number.strip() or any(c.isspace() for c in task.number):
            yield Problem(
                ("tasks", i, "number"),
                "bad-task-number",
                f"task number {task.number!r} must be one word without spaces",
                'e.g. "13", "1.2", "保障1"',
            )


def _duplicate_rules(partial: Partial[Plan]) -> Iterator[Problem]:
    # only whole entries are alike: one with a broken field is like none
    kept = [(i, t) for i, t, broken in partial.items("targets") if not broken]
    targets = Counter(t for _, t in kept)  # targets are frozen: equal ones hash alike
    for i, t in kept:
        if targets[t] > 1:
            yield Problem(("targets", i), "duplicate-entry", f"{t.metric}: the same entry twice")
            targets[t] = 0  # reported once, at its first place


def _duplicate_exclusion_rules(partial: Partial[Plan]) -> Iterator[Problem]:
    exclusions = list(_sound(partial, "exclusions", _reads("match")))
    matches = Counter(e.match for _, e in exclusions)
    for i, e in exclusions:
        if matches[e.match] > 1:
            yield Problem(("exclusions", i, "match"), "duplicate-exclusion", "excluded twice")
            matches[e.match] = 0


def _level_rules(partial: Partial[Plan]) -> Iterator[Problem]:
    plan = partial.value
    if plan.level in TOP_LEVELS and plan.parent is not None:
        yield Problem(
            ("parent",),
            "parent-above-province",
            f"a {plan.level.value}-level plan has no parent",
            "remove `parent`, or check `level`",
        )
    elif plan.level not in TOP_LEVELS and plan.parent is None:
        yield Problem(
            ("level",),
            "parent-missing",
            f"a {plan.level.value}-level plan names the plan of the region above",
            "add e.g. `parent: zhejiang` (the id, even if that plan is not in the data yet)",
        )


def _parent_rules(partial: Partial[Plan]) -> Iterator[Problem]:
    parent = partial.value.parent
    if parent is not None and not ID_PATTERN.match(parent):
        yield Problem(("parent",), "bad-id", f"parent `{parent}` is not a plan id")


def _parent_self_rules(partial: Partial[Plan]) -> Iterator[Problem]:
    plan = partial.value
    if plan.parent is not None and plan.parent == plan.id:
        yield Problem(("parent",), "parent-is-self", "a plan cannot be its own parent")


def _figure_rules(partial: Partial[Plan]) -> Iterator[Problem]:
    for i, t in _sound(partial, "targets", _reads("kind", "value", "implied", "quote")):
        if t.kind is Kind.direction or t.value is None or t.value < 0 or t.implied:
            continue
        problem = quote_figure_problem(
            ("targets", i),
            t.value,
            t.quote,
            "quote the clause that carries the figure, or mark a value the words "
            "only imply (全覆盖 → 100) as implied: true",
        )
        if problem is not None:
            yield problem


Rule = Callable[[Partial[Plan]], Iterator[Problem]]

RULES: dict[str, Rule] = {
    "form": _form_rules,
    "task-form": _task_form_rules,
    "level": _level_rules,
    "parent": _parent_rules,
    "parent-self": _parent_self_rules,
    "figures": _figure_rules,
    "targets": _target_rules,
    "year-range": _year_range_rules,
    "years": _year_rules,
    "horizon": _horizon_rules,
    "tasks": _task_rules,
    "duplicates": _duplicate_rules,
    "duplicate-exclusions": _duplicate_exclusion_rules,
    "versions": _version_rules,
}

READS: dict[str, frozenset[str]] = {
    "form": _reads("id"),
    "task-form": _reads("tasks"),
    "level": _reads("level", "parent"),
    "parent": _reads("parent"),
    "parent-self": _reads("parent", "id"),
    "figures": _reads("targets"),
    "targets": _reads("targets"),
    "year-range": _reads("targets"),
    "years": _reads("targets", "horizon", "issued"),
    "horizon": _reads("horizon"),
    "tasks": _reads("tasks"),
    "duplicates": _reads("targets"),
    "duplicate-exclusions": _reads("exclusions"),
    "versions": _reads("id", "period", "supersedes"),
}
"""The plan's own fields each rule reads (a list's name stands for the list as a whole;
its items' fields are checked item by item)."""


def plan_problems(plan: Plan | Partial[Plan]) -> list[Problem]:
    """Every semantic problem of ``plan``, in registry order.

    Of what could be built of a plan that failed the models (a :class:`Partial`), every
    problem found without reading a broken field: a rule that reads a broken field of the
    plan is skipped, and so is each check of an entry or task that reads one of its."""
    partial = plan if isinstance(plan, Partial) else Partial(plan)
    return [
        problem
        for name, rule in RULES.items()
        if READS[name].isdisjoint(partial.broken)
        for problem in rule(partial)
    ]
