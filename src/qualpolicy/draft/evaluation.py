"""Measuring the drafter against hand encodings: recall, field accuracy, precision.

An *expected* figure comes from a plan file (``targets:`` of kind target or baseline)
or from a gold file of the same shape.  A drafted figure *matches* an expected one when
their values and years agree and their quotes overlap in the source (or their metric
wordings agree once simplified); each is matched at most once.

- recall: expected figures matched;
- field accuracy: matched figures with every field right (:data:`FIELDS`);
- precision: drafted figures that matched.  A drafted figure the encoding lists under
  ``exclusions`` is an extra like any other, marked as such.

Directions (no value) are matched and counted separately, on their trend.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from qualpolicy.documents.blocks import Block
from qualpolicy.draft.passages import DraftedFigure, draft_figures
from qualpolicy.models import Hedge, Kind
from qualpolicy.text.quantities import fold

Simplify = Callable[[str], str]

FIELDS = (
    "kind",
    "comparator",
    "unit",
    "hedge",
    "held",
    "change",
    "base_year",
    "per_year",
    "new_only",
    "cumulative",
    "combined",
)
"""The fields a matched figure must have right; metric wording and scope are not scored."""


def blocks_of(text: str) -> list[Block]:
    """One block per line, where="line N" (1-based)."""
    return [Block(line, f"line {n}") for n, line in enumerate(text.splitlines(), 1)]


def simplifier(script: str, vocabulary: str, rules_file: Path | None) -> Simplify | None:
    """OpenCC t2s plus the project's vocabulary rules (data/vocabulary.yaml, read as
    plain YAML): None for simplified text."""
    if script == "simplified":
        return None
    converter = _t2s()
    rules: dict[str, str] = {}
    if rules_file is not None:
        groups = yaml.safe_load(rules_file.read_text(encoding="utf-8")) or {}
        for group in ("traditional", "taiwan") if vocabulary == "taiwan" else ("traditional",):
            rules.update({r["phrase"]: r["to"] for r in groups.get(group) or []})
    pattern = re.compile("|".join(map(re.escape, sorted(rules, key=len, reverse=True))))

    def simplify(text: str) -> str:
        converted: str = converter.convert(text)
        return pattern.sub(lambda m: rules[m.group()], converted) if rules else converted

    return simplify


@cache
def _t2s() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


@dataclass(frozen=True)
class Placed:
    """An entry of an encoding (an expected figure or an exclusion) and where its words
    stand in the source: (line, start, end) of each occurrence."""

    entry: dict[str, Any]
    places: tuple[tuple[int, int, int], ...]


@dataclass
class Score:
    name: str
    expected: int = 0
    drafted: int = 0
    matched: int = 0
    exact: int = 0
    directions_expected: int = 0
    directions_drafted: int = 0
    directions_matched: int = 0
    misses: list[str] = field(default_factory=list)
    unplaced: list[str] = field(default_factory=list)
    """Expected quotes not found verbatim in the source (matched on metric wording only)."""
    extras: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.matched / self.expected if self.expected else 1.0

    @property
    def accuracy(self) -> float:
        return self.exact / self.matched if self.matched else 1.0

    @property
    def precision(self) -> float:
        return self.matched / self.drafted if self.drafted else 1.0

    def add(self, other: Score) -> None:
        """Add ``other``'s counts to this score's."""
        for counter in fields(self):
            if counter.type == "int":
                setattr(
                    self, counter.name, getattr(self, counter.name) + getattr(other, counter.name)
                )


def evaluate(name: str, text: str, spec: dict[str, Any], rules_file: Path | None) -> Score:
    """Draft ``text`` and score it against ``spec`` (a plan or gold file, as loaded)."""
    simplify = simplifier(
        spec.get("script", "simplified"), spec.get("vocabulary", "mainland"), rules_file
    )
    lines = text.splitlines()
    drafted = draft_figures(blocks_of(text), simplify).figures

    def placed(entries: list[dict[str, Any]], words: str) -> list[Placed]:
        return [Placed(entry, _places(lines, entry[words])) for entry in entries]

    targets = spec.get("targets") or []
    exclusions = placed(spec.get("exclusions") or [], "match")
    score, trends = Score(name), Score(name)
    for part, directions in ((score, False), (trends, True)):
        expected = [e for e in targets if (e.get("kind") == "direction") is directions]
        found = [d for d in drafted if (d.kind is Kind.direction) is directions]
        _score(part, placed(expected, "quote"), found, simplify, exclusions)
    score.directions_expected, score.directions_drafted = trends.expected, trends.drafted
    score.directions_matched = trends.matched
    for notes in ("misses", "unplaced", "extras", "errors"):
        getattr(score, notes).extend(getattr(trends, notes))
    return score


def _places(lines: list[str], quote: str) -> tuple[tuple[int, int, int], ...]:
    found = []
    for n, line in enumerate(lines, 1):
        start = line.find(quote)
        while start >= 0:
            found.append((n, start, start + len(quote)))
            start = line.find(quote, start + 1)
    return tuple(found)


def _line_of(d: DraftedFigure) -> int:
    m = re.search(r"\d+", d.where)
    return int(m.group()) if m else 0


def _overlaps(places: Iterable[tuple[int, int, int]], d: DraftedFigure) -> bool:
    line, start, end = _line_of(d), d.figure.start, d.figure.end
    return any(n == line and a < end and start < b for n, a, b in places)


def _same_metric(entry: dict[str, Any], d: DraftedFigure, simplify: Simplify | None) -> bool:
    def plain(text: str) -> str:
        return fold(simplify(text) if simplify else text)

    return plain(entry["metric"]) == plain(d.figure.metric)


def _agrees(entry: dict[str, Any], d: DraftedFigure) -> bool:
    value = entry.get("value")
    if value is None:
        return d.figure.trend is not None and entry.get("year") == d.year
    return (
        d.figure.value is not None
        and abs(float(value) - float(d.figure.value)) < 1e-9
        and entry.get("year") == d.year
    )


def _score(
    score: Score,
    expected: list[Placed],
    drafted: list[DraftedFigure],
    simplify: Simplify | None,
    exclusions: list[Placed],
) -> None:
    score.expected, score.drafted = len(expected), len(drafted)
    free = list(drafted)
    for want in expected:
        if not want.places:
            score.unplaced.append(_describe_entry(want.entry))
        match = _find(want, free, simplify)
        if match is None:
            score.misses.append(_describe_entry(want.entry))
            continue
        free.remove(match)
        score.matched += 1
        wrong = _wrong_fields(want.entry, match)
        if wrong:
            score.errors.append(f"{_describe_entry(want.entry)}: {', '.join(wrong)}")
        else:
            score.exact += 1
    for extra in free:
        excluded = next((e for e in exclusions if _overlaps(e.places, extra)), None)
        note = f"  [excluded by the encoding: {excluded.entry['reason']}]" if excluded else ""
        score.extras.append(f"{extra.where}: {_describe(extra)}{note}")


def _find(
    want: Placed, free: list[DraftedFigure], simplify: Simplify | None
) -> DraftedFigure | None:
    candidates = [d for d in free if _agrees(want.entry, d)]
    tests: tuple[Callable[[DraftedFigure], bool], ...] = (
        lambda d: _overlaps(want.places, d) and _same_metric(want.entry, d, simplify),
        lambda d: _overlaps(want.places, d),
        lambda d: _same_metric(want.entry, d, simplify),
    )
    for test in tests:
        found = next((d for d in candidates if test(d)), None)
        if found is not None:
            return found
    return None


def _wrong_fields(entry: dict[str, Any], d: DraftedFigure) -> list[str]:
    f = d.figure
    hedge = entry.get("hedge")
    got: dict[str, Any] = {
        "kind": d.kind.value,
        "comparator": f.comparator.value if f.comparator else None,
        "unit": f.unit.value if f.unit else None,
        "hedge": f.hedge.value if f.hedge else None,
        "held": f.held,
        "change": f.change.value if f.change else None,
        "base_year": f.base_year,
        "per_year": f.per_year,
        "new_only": f.new_only,
        "cumulative": f.cumulative,
        "combined": f.combined,
    }
    want: dict[str, Any] = {
        "kind": entry.get("kind", "target"),
        "comparator": entry.get("comparator"),
        "unit": entry.get("unit"),
        "hedge": Hedge(hedge).value if hedge else None,
        "held": entry.get("held", False),
        "change": entry.get("change"),
        "base_year": entry.get("base_year"),
        "per_year": entry.get("per_year", False),
        "new_only": entry.get("new_only", False),
        "cumulative": entry.get("cumulative", False),
        "combined": entry.get("combined", False),
    }
    if want["kind"] == "direction":
        return [] if entry.get("trend") == (f.trend.value if f.trend else None) else ["trend"]
    return [
        f"{name} {got[name]!r} (want {want[name]!r})" for name in FIELDS if got[name] != want[name]
    ]


def _describe_entry(entry: dict[str, Any]) -> str:
    value = entry.get("value", entry.get("trend"))
    return (
        f"{entry.get('kind', 'target')} {entry['metric']} = {value} ({entry.get('year')})"
        f" «{entry['quote']}»"
    )


def _describe(d: DraftedFigure) -> str:
    f = d.figure
    value = f.value if f.value is not None else (f.trend.value if f.trend else None)
    return f"{d.kind.value} {f.metric} = {value} ({d.year}) «{f.quote}»"


def load(path: Path) -> dict[str, Any]:
    loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
    return loaded if isinstance(loaded, dict) else {}


def seed_scores(data_dir: Path, names: Iterable[str]) -> list[Score]:
    """Scores on the plans shipped with their sources (data/plans, data/sources)."""
    rules = data_dir / "vocabulary.yaml"
    return [
        evaluate(
            name,
            (data_dir / "sources" / f"{name}.txt").read_text(encoding="utf-8"),
            load(data_dir / "plans" / f"{name}.yaml"),
            rules,
        )
        for name in names
    ]


def text_scores(texts_dir: Path, rules_file: Path | None) -> list[Score]:
    """Scores on test texts: NAME.txt with its expected figures in NAME.gold.yaml."""
    return [
        evaluate(
            path.stem,
            path.read_text(encoding="utf-8"),
            load(path.with_suffix(".gold.yaml")),
            rules_file,
        )
        for path in sorted(texts_dir.glob("*.txt"))
    ]


def total(scores: Iterable[Score]) -> Score:
    summed = Score("total")
    for score in scores:
        summed.add(score)
    return summed
