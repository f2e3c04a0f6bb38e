"""``qualpolicy audit``: numbers in a source text that the plan does not account for.

A number (a run of digits, decimals included, in the folded source) is
accounted for when

* it is part of a date, a time, a year (2025年, 2021—2025) or list numbering
  at the start of a line (``1.``, ``(3)``) — ignored outright;
* it lies inside an occurrence of a target's or baseline's quote and equals
  that entry's value, year or base year (a number followed by 万 may also
  equal the value times 10,000: 24万余项 is 240000);
* it lies inside an occurrence of one of the plan's ``exclusions``, each with
  the reason it is deliberately not encoded (a programme name such as 415X, a
  figure about another province).

Everything else is reported, so a figure the curators missed cannot hide.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from qualpolicy.models import Kind, Plan, Target
from qualpolicy.normalize import Normalizer, fold
from qualpolicy.numbers import NUMBER, readings
from qualpolicy.sources import SourceText

# Spans of the folded text whose digits are dates, times and years.
_IGNORED = [
    re.compile(r"\d{4}-\d{1,2}-\d{1,2}"),
    re.compile(r"\d{4}年\d{1,2}月(?:\d{1,2}日)?"),
    re.compile(r"\d{1,2}月\d{1,2}日"),
    re.compile(r"\d{1,2}:\d{2}(?::\d{2})?"),
    re.compile(r"(?<![\d.])(?:19|20)\d{2}(?=年|[-—–~～至到]\d{4})"),
]
_LIST_NUMBER = re.compile(r"(?:\d+[.、]|\(\d+\))")


@dataclass(frozen=True)
class Unaccounted:
    """A number no entry, rule or exclusion accounts for."""

    number: str
    line: int
    context: str


@dataclass(frozen=True)
class AuditResult:
    plan: str
    source: Path | None
    numbers: int  # digit runs seen in the source
    unaccounted: list[Unaccounted]

    @property
    def clean(self) -> bool:
        return not self.unaccounted


def _ignored_spans(source: SourceText) -> list[tuple[int, int]]:
    spans = [m.span() for pattern in _IGNORED for m in pattern.finditer(source.folded)]
    for start in source.line_starts:
        m = _LIST_NUMBER.match(source.folded, start)
        if m:
            spans.append(m.span())
    return spans


def _entry_numbers(entry: Target) -> set[float]:
    return {float(n) for n in (entry.value, entry.year, entry.base_year) if n is not None}


def _covered(
    source: SourceText, folded_quote: str, numbers: set[float]
) -> Iterator[tuple[int, int]]:
    """Spans of the numbers inside each occurrence of a quote that equal ``numbers``."""
    for at in source.find_all(folded_quote):
        for m in NUMBER.finditer(source.folded, at, at + len(folded_quote)):
            following = source.folded[m.end() : m.end() + 1]
            if readings(m.group(), following) & numbers:
                yield m.span()


def audit(plan: Plan, source: SourceText, normalizer: Normalizer) -> AuditResult:
    def folded(text: str) -> str:
        return fold(normalizer.normalize(text, plan.script, plan.vocabulary))

    accounted: list[tuple[int, int]] = _ignored_spans(source)
    for entry in plan.targets:
        if entry.kind is not Kind.direction:
            accounted.extend(_covered(source, folded(entry.quote), _entry_numbers(entry)))
    for exclusion in plan.exclusions:
        match = folded(exclusion.match)
        for at in source.find_all(match):
            accounted.append((at, at + len(match)))

    missing = []
    seen = 0
    for m in NUMBER.finditer(source.folded):
        seen += 1
        start, end = m.span()
        if any(a <= start and end <= b for a, b in accounted):
            continue
        context = source.folded[max(0, start - 12) : end + 12]
        missing.append(Unaccounted(m.group(), source.line_of(start), context))
    return AuditResult(plan.id, source.path, seen, missing)
