"""Actual statistics (``data/actuals.yaml``): what a region's metric stood at in a year.

An actual is a reported figure, not a target: the region (a plan id), the
metric as the source writes it, the value with the comparator its words give
(``held at ≥ 99%`` is ``ge``), the year it refers to and where it was
reported.  The plans' own baselines (``kind: baseline``) are actuals of their
region too; they are read from the plans, not repeated in the file.  Each
actual's metric wording is aligned by the same engine as the plans' entries
(:mod:`qualpolicy.analysis.align`), so an actual sits beside every target of the same
metric and basis.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from qualpolicy.findings import Problem
from qualpolicy.loading.checking import load_checked
from qualpolicy.loading.rules import (
    EARLIEST_YEAR,
    ID_PATTERN,
    LATEST_YEAR,
    quote_figure_problem,
    value_problems,
)
from qualpolicy.models import STRICT, Comparator, Kind, Plan, Script, Target, Unit, Vocabulary


@dataclass(frozen=True, kw_only=True)
class Report:
    """Where a figure was reported, as the reading gives it."""

    __pydantic_config__ = STRICT

    publisher: str | None = None
    """Who reported it (人民日报; 市场监管总局 monitoring, via local news)."""
    published: dt.date | None = None
    """The date the report carries."""
    title: str | None = None
    url: str | None = None
    """The address it was read at."""
    file: str | None = None
    """A source text in the data directory's sources/ folder holding the quote; validate
    checks the quote against it."""
    quote: str | None = None
    """Verbatim words the figure rests on, where the reading gives them."""
    script: Script = Script.simplified
    """Script of the metric wording and the quote."""
    vocabulary: Vocabulary = Vocabulary.mainland


@dataclass(frozen=True, kw_only=True)
class Actual:
    """A reported figure: what a region's metric stood at in a year."""

    __pydantic_config__ = STRICT

    region: str
    """Id of the region's plan (national, zhejiang), even if that plan is not in the data yet."""
    metric: str
    """The metric as the source writes it."""
    value: int | float
    """The figure as reported, never rounded."""
    comparator: Comparator = Comparator.eq
    """eq for a plain figure; ge for 以上 or "held at or above", as the words give it."""
    unit: Unit
    unit_text: str | None = None
    year: int | None
    """Year the figure refers to (not the year it was reported); null when not stated."""
    scope: str | None = None
    """Whom or what the figure covers, if narrower than the region."""
    cumulative: bool = False
    new_only: bool = False
    per_year: bool = False
    source: Report
    note: str | None = None


@dataclass(frozen=True, kw_only=True)
class ActualsFile:
    """The actual statistics file (data/actuals.yaml)."""

    __pydantic_config__ = STRICT

    notes: str | None = None
    actuals: list[Actual] = field(default_factory=list)


# --- rules ------------------------------------------------------------------------------------


def _entry_problems(i: int, a: Actual) -> Iterator[Problem]:

    path = ("actuals", i)
    if not ID_PATTERN.match(a.region):
        yield Problem(
            (*path, "region"),
            "bad-id",
            f"region `{a.region}` must be a plan id: lower-case letters, digits and _",
            "e.g. national, zhejiang",
        )
    yield from value_problems(path, a.value, a.unit, a.unit_text)
    if a.year is not None and not EARLIEST_YEAR <= a.year <= LATEST_YEAR:
        yield Problem((*path, "year"), "year-range", f"year {a.year} is not plausible")
    elif a.year is not None and a.source.published and a.year > a.source.published.year:
        yield Problem(
            (*path, "year"),
            "year-after-report",
            f"a figure for {a.year} cannot be reported on {a.source.published}",
            "year is the year the figure refers to, not a target year",
        )
    s = a.source
    if not (s.publisher or s.url or s.file):
        yield Problem(
            (*path, "source"),
            "unsourced",
            "say where the figure was reported",
            "give source.publisher, source.url or source.file",
        )
    if s.file and not s.quote:
        yield Problem(
            (*path, "source", "file"),
            "file-needs-quote",
            "a source file is there to check a quote; add source.quote",
        )
    if s.quote and a.value >= 0:
        problem = quote_figure_problem(path, a.value, s.quote)
        if problem is not None:
            yield problem


def actual_problems(actuals: ActualsFile) -> list[Problem]:
    """The file's own rules: ids, values for their units, years, sources, duplicates."""

    problems = [p for i, a in enumerate(actuals.actuals) for p in _entry_problems(i, a)]
    first: dict[Actual, int] = {}
    for i, a in enumerate(actuals.actuals):
        if a in first:
            problems.append(
                Problem(
                    ("actuals", i),
                    "duplicate-entry",
                    f"{a.metric}: the same figure as actuals[{first[a]}]",
                )
            )
        first.setdefault(a, i)
    return problems


def load_actuals(path: Path, below: ActualsFile | None = None) -> ActualsFile:
    """The actuals file at ``path``, after those of the layers ``below`` it; raises
    :class:`InvalidData` if it does not validate."""

    layer = load_checked(path, ActualsFile, actual_problems, "the actuals file")
    if below is None:
        return layer
    return ActualsFile(notes=layer.notes, actuals=below.actuals + layer.actuals)


def baseline_actual(plan: Plan, target: Target) -> Actual | None:
    """A plan's baseline as an actual of its region; None for a change, which is no level."""
    if target.kind is not Kind.baseline or target.change is not None:
        return None
    if target.value is None or target.unit is None:
        return None
    return Actual(
        region=plan.id,
        metric=target.metric,
        value=target.value,
        comparator=target.comparator or Comparator.eq,
        unit=target.unit,
        unit_text=target.unit_text,
        year=target.year,
        scope=target.scope,
        cumulative=target.cumulative,
        new_only=target.new_only,
        per_year=target.per_year,
        note=target.note,
        source=Report(
            publisher=plan.issuer,
            published=plan.issued,
            title=plan.title,
            url=plan.source.urls[0] if plan.source.urls else None,
            file=plan.source.file,
            quote=target.quote,
            script=plan.script,
            vocabulary=plan.vocabulary,
        ),
    )
