"""The alignment engine: every entry of every plan mapped to a catalogue metric, or not.

Matching runs on the normalised wording (simplified, mainland vocabulary,
region words such as 全省 dropped) through an ordered chain of rules:

1. ``not-this`` — a metric whose "not this" labels include the wording is
   ruled out (公共服务质量满意度 is never 服务质量满意度), by every rule below, even
   when a layer also gives it the wording as an alias: "not this" wins;
2. ``alias`` — the wording is the metric's name or one of its aliases
   (confidence 1.0);
3. ``pattern`` — one of the metric's patterns matches (confidence 0.8);
4. ``deliberately-unmatched`` — the catalogue lists the wording as left out, with why;
5. ``similarity`` — the wording differs from exactly one metric's wording only in
   qualifiers the catalogue declares neutral (confidence 0.7; see
   :mod:`qualpolicy.analysis.similarity`, which also rules out every metric with a "not
   this" label the wording is, or is similar to), and nothing blocks it.

A wording no rule maps stays unmatched, with suggestions of what it may be.
Matching says *what* a figure measures; :class:`Basis` says *how* (unit,
scope, stock or new, per year or cumulative, level or change), and two
figures are like for like only when both agree.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

from qualpolicy.analysis.catalogue import Catalogue, Metric
from qualpolicy.analysis.similarity import Flags, Reader, Suggestion, Tokenize
from qualpolicy.models import UNIT_SYMBOLS, Kind, Plan, Target, Unit
from qualpolicy.text.normalize import Normalizer, Written, marks

CONFIDENCE = {"alias": 1.0, "pattern": 0.8, "similarity": 0.7}


class Match(NamedTuple):
    """Which metric an entry measures, by which rule, and how sure the engine is."""

    metric_id: str | None
    rule: str  # alias | pattern | similarity | unmatched | deliberately-unmatched
    detail: str
    confidence: float
    ruled_out: tuple[str, ...] = ()  # "not this" verdicts met on the way

    @property
    def matched(self) -> bool:
        return self.metric_id is not None


class Basis(NamedTuple):
    """How a figure is measured; two figures compare like for like only if equal."""

    unit: Unit | None
    scope: str | None  # a catalogue scope id, or the normalised wording
    new_only: bool = False
    cumulative: bool = False
    per_year: bool = False
    change: str | None = None

    def differences(self, other: Basis) -> list[str]:
        """Plain-words reasons why figures on these two bases are not like for like."""
        out = []
        if self.unit != other.unit:
            out.append(f"units {_unit_name(self.unit)} vs {_unit_name(other.unit)}")
        if self.scope != other.scope:
            out.append(f"scopes {self.scope or 'whole region'} vs {other.scope or 'whole region'}")
        # (this side's flag, the other's, the words when set, when not), in A vs B order
        for mine, theirs, on, off in (
            (self.new_only, other.new_only, "new ones", "the stock"),
            (self.cumulative, other.cumulative, "a cumulative total", "a level"),
            (self.per_year, other.per_year, "a per-year quota", "a total"),
        ):
            if mine != theirs:
                out.append(f"{on if mine else off} vs {on if theirs else off}")
        if self.change != other.change:
            out.append(f"{_change_words(self.change)} vs {_change_words(other.change)}")
        return out

    def describe(self) -> str:
        parts = []
        if self.scope:
            parts.append(f"scope: {self.scope}")
        for flag, words in (
            (self.new_only, "new only"),
            (self.cumulative, "cumulative"),
            (self.per_year, "per year"),
        ):
            if flag:
                parts.append(words)
        if self.change:
            parts.append(f"{self.change} since a base year")
        return ", ".join(parts) or "whole region, level"


def _change_words(change: str | None) -> str:
    return f"a {change} since a base year" if change else "a level"


def _unit_name(unit: Unit | None) -> str:
    if unit is None:
        return "none"
    return {Unit.percent: "share %", Unit.count: "count"}.get(unit, unit.value)


@dataclass(frozen=True)
class Aligned:
    """One plan entry with its normalised wording, its metric and its basis."""

    plan: Plan
    index: int
    target: Target
    metric_text: str
    scope_text: str | None
    unit_text: str | None  # the counter as written, normalised (個 → 个)
    match: Match
    basis: Basis
    caveats: tuple[str, ...] = field(default=())
    suggestions: tuple[Suggestion, ...] = field(default=())
    """For an entry no rule maps: what it may be, best first."""

    @property
    def kind(self) -> Kind:
        return self.target.kind

    @property
    def about(self) -> set[str]:
        """The metrics this entry is or may be: its own, else those suggested for it."""
        if self.match.metric_id is not None:
            return {self.match.metric_id}
        return {s.metric for s in self.suggestions}


def by_plan(rows: list[Aligned]) -> dict[str, list[Aligned]]:
    """Plan id → its rows, in the order given."""
    out: dict[str, list[Aligned]] = {}
    for row in rows:
        out.setdefault(row.plan.id, []).append(row)
    return out


@dataclass
class Memo:
    """What alignment worked out, kept with the cached data so warm runs skip it."""

    tokens: dict[str, tuple[str, ...]] = field(default_factory=dict)
    matches: dict[tuple[str, Flags], Match] = field(default_factory=dict)
    suggestions: dict[tuple[str, Flags], tuple[Suggestion, ...]] = field(default_factory=dict)


class Aligner:
    """Applies the catalogue's rules to plan entries.

    ``tokenize`` splits a wording into words (jieba); it is called only for
    wordings whose words the memo does not hold yet.
    """

    def __init__(
        self,
        catalogue: Catalogue,
        normalizer: Normalizer,
        tokenize: Tokenize,
        memo: Memo | None = None,
    ):
        self.catalogue = catalogue
        self.normalizer = normalizer
        self._tokenize = tokenize
        self.memo = memo or Memo()
        self._scopes = {
            marks(wording): entry.name
            for entry in catalogue.scopes
            for wording in (entry.name, *entry.aliases)
        }
        # Wordings are looked up with their punctuation made one (text.normalize.marks).
        self._owners = {marks(w): m for m in catalogue.metrics for w in m.wordings}
        self._unmatched = {marks(w): r for w, r in catalogue.unmatched_reasons.items()}
        self._rejections: dict[str, list[tuple[Metric, str]]] = {}
        for metric in catalogue.metrics:
            for n in metric.not_this:
                self._rejections.setdefault(marks(n.label), []).append((metric, n.reason))

    def normalize(self, text: str, plan: Written) -> str:
        return self.normalizer.normalize(text, plan.script, plan.vocabulary)

    def wording(self, text: str, plan: Written) -> str:
        """The normalised metric wording with region words (全省 …) dropped and its
        punctuation made one (curly or straight quotes alike)."""
        out = marks(self.normalize(text, plan))
        for prefix in self.catalogue.strip_prefixes:
            if out.startswith(prefix) and len(out) > len(prefix):
                return out[len(prefix) :]
        return out

    def tokens(self, wording: str) -> tuple[str, ...]:
        found = self.memo.tokens.get(wording)
        if found is None:
            found = self.memo.tokens[wording] = tuple(self._tokenize(wording))
        return found

    @cached_property
    def reader(self) -> Reader:
        return Reader(self.catalogue, self.tokens)

    def match(self, wording: str, flags: Flags | None = None) -> Match:
        key = (wording, flags or Flags())
        if key not in self.memo.matches:
            self.memo.matches[key] = self._match(*key)
        return self.memo.matches[key]

    def suggest(self, wording: str, flags: Flags | None = None) -> tuple[Suggestion, ...]:
        key = (wording, flags or Flags())
        if key not in self.memo.suggestions:
            self.memo.suggestions[key] = tuple(self.reader.suggest(*key))
        return self.memo.suggestions[key]

    def _match(self, wording: str, flags: Flags) -> Match:
        rejected = self._rejections.get(wording, [])
        ruled_out = tuple(f"not {metric.id}: {reason}" for metric, reason in rejected)
        excluded = {metric.id for metric, _ in rejected}
        owner = self._owners.get(wording)
        if owner is not None and owner.id not in excluded:
            rule = "name" if wording == owner.name else "alias"
            return Match(owner.id, "alias", f"{rule} {wording}", CONFIDENCE["alias"], ruled_out)
        for metric in self.catalogue.metrics:
            if metric.id in excluded:
                continue
            for pattern in metric.compiled:
                if pattern.search(wording):
                    return Match(
                        metric.id,
                        "pattern",
                        f"pattern /{pattern.pattern}/",
                        CONFIDENCE["pattern"],
                        ruled_out,
                    )
        reason = self._unmatched.get(wording)
        if reason:
            return Match(None, "deliberately-unmatched", reason, 0.0, ruled_out)
        verdict = self.reader.verdict(wording, flags)  # never a metric ruled out
        if verdict.metric is not None:
            differs = "、".join(verdict.differs)
            return Match(
                verdict.metric,
                "similarity",
                f"similar to {verdict.wording}: differs only in {differs}",
                CONFIDENCE["similarity"],
                ruled_out,
            )
        if verdict.blocked:
            detail = "no alias or pattern; not aligned by similarity: " + "; ".join(verdict.blocked)
        elif verdict.candidates:
            detail = "no alias or pattern; similar to several metrics: " + ", ".join(
                verdict.candidates
            )
        else:
            detail = "no alias or pattern"
        return Match(None, "unmatched", detail, 0.0, ruled_out)

    def scope_key(self, scope: str | None, plan: Written) -> str | None:
        if scope is None:
            return None
        text = self.normalize(scope, plan)
        return self._scopes.get(marks(text), text)

    def align_entry(self, plan: Plan, index: int) -> Aligned:
        target = plan.targets[index]
        wording = self.wording(target.metric, plan)
        flags = Flags.of(target)
        match = self.match(wording, flags)
        scope = self.scope_key(target.scope, plan)
        basis = Basis(
            unit=target.unit if target.kind is not Kind.direction else None,
            scope=scope,
            new_only=target.new_only,
            cumulative=target.cumulative,
            per_year=target.per_year,
            change=target.change.value if target.change else None,
        )
        metric = self.catalogue.by_id.get(match.metric_id or "")
        return Aligned(
            plan=plan,
            index=index,
            target=target,
            metric_text=self.normalize(target.metric, plan),
            scope_text=self.normalize(target.scope, plan) if target.scope else None,
            unit_text=self.normalize(target.unit_text, plan) if target.unit_text else None,
            match=match,
            basis=basis,
            caveats=tuple(entry_caveats(target, basis, metric, wording, match)),
            suggestions=self.suggest(wording, flags) if match.rule == "unmatched" else (),
        )

    def align(self, plans: list[Plan]) -> list[Aligned]:
        return [self.align_entry(plan, i) for plan in plans for i in range(len(plan.targets))]

    def align_about(self, plans: list[Plan], metric_ids: AbstractSet[str]) -> list[Aligned]:
        """The entries of ``plans`` that are or may be one of ``metric_ids``, in order
        (what comparing those metrics needs; see :mod:`qualpolicy.analysis.index`)."""
        return [row for row in self.align(plans) if row.about & metric_ids]

    def tasks_naming(self, metric: Metric, plan: Plan) -> list[str]:
        """Numbers of the plan's tasks whose text names one of the metric's wordings."""
        words = metric.mention_words
        return [
            task.number
            for task in plan.tasks
            if any(w in self.normalize(task.words, plan) for w in words)
        ]


def entry_caveats(
    target: Target, basis: Basis, metric: Metric | None, wording: str, match: Match
) -> list[str]:
    """What an analyst must know about one figure before comparing it."""
    out = []
    if metric is not None and match.rule == "similarity":
        out.append(
            f"aligned by similarity to {metric.name} ({match.confidence:g}): confirm with an alias"
        )
    if metric is not None and wording != metric.name:
        out.append(f"worded {wording}")
    if target.kind is Kind.baseline:
        out.append("current status, not a target")
    if target.kind is not Kind.baseline and target.year is None:
        out.append("no target year stated")
    if target.hedge:
        out.append(f"aspiration ({target.hedge.value})")
    if target.held:
        out.append("to be held at this level")
    if target.implied:
        out.append("value implied by the words, not written as a number")
    if basis.new_only:
        out.append("counts new ones only, not the stock")
    if basis.cumulative:
        out.append("cumulative total")
    if target.change and target.per_year:
        out.append(f"yearly rate of {target.change.value}, not a level")
    elif basis.per_year:
        out.append("per year")
    if target.change and target.base_year:
        out.append(f"{target.change.value} relative to {target.base_year}, not a level")
    elif target.change and not target.per_year:
        out.append(f"{target.change.value} from a base the plan does not state, not a level")
    if target.combined:
        out.append("one figure for two measures the wording joins")
    if metric and target.kind is not Kind.direction and target.unit != metric.unit:
        out.append(
            f"measured in {UNIT_SYMBOLS.get(target.unit, '') or target.unit}"
            f" not {UNIT_SYMBOLS.get(metric.unit, '') or metric.unit.value}"
            if target.unit
            else "no unit"
        )
    return out
