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
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from qualpolicy.findings import Finding, Severity
from qualpolicy.loading.sources import SourceText
from qualpolicy.models import Kind, Plan, Target
from qualpolicy.text.normalize import Normalizer, fold
from qualpolicy.text.numbers import NUMBER, readings

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
    column: int
    context: str


@dataclass(frozen=True)
class AuditResult:
    plan: str
    source: Path
    numbers: int  # digit runs seen in the source
    unaccounted: list[Unaccounted]

    def findings(self, file: str) -> list[Finding]:
        """Each unaccounted number as a finding in the source text ``file``."""
        return [
            Finding(
                file,
                u.line,
                u.column,
                Severity.warning,
                "unaccounted-number",
                f"{u.number} is in the source but no entry accounts for it: …{u.context}…",
                f"encode it as a target or baseline of plan {self.plan}, or add an "
                "exclusion that says why it is left out",
            )
            for u in self.unaccounted
        ]


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


def _column(source: SourceText, line: int, offset: int) -> int:
    """The 1-based column in the source line of the number at folded ``offset``: folding
    drops white space, so count the numbers before it on its line instead."""
    before = len(NUMBER.findall(source.folded, source.line_starts[line - 1], offset))
    in_line = list(NUMBER.finditer(unicodedata.normalize("NFKC", source.lines[line - 1])))
    return in_line[before].start() + 1 if before < len(in_line) else 1


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
        line = source.line_of(start)
        missing.append(Unaccounted(m.group(), line, _column(source, line, start), context))
    return AuditResult(plan.id, source.path, seen, missing)
