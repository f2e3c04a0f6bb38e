"""The metric catalogue (``data/metrics.yaml``): canonical metrics and how to recognise them.

Each metric has an id, names, a unit, which way is better, a category, the
aliases and patterns that recognise it in a plan's (normalised) wording, and
"not this" labels for look-alikes that are different metrics.  The catalogue
checks itself: ids unique, no alias claimed twice, no alias equal to a "not
this" label, every pattern compiles.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum, StrEnum
from functools import cached_property
from pathlib import Path

from qualpolicy.errors import UnknownMetric
from qualpolicy.findings import DocPath, Problem
from qualpolicy.loading.checking import load_checked
from qualpolicy.loading.rules import ID_PATTERN
from qualpolicy.models import STRICT, Unit
from qualpolicy.text.normalize import Normalizer


class Better(Enum):  # not StrEnum: `lower` would shadow str.lower
    higher = "higher"
    lower = "lower"


class Category(StrEnum):
    industry = "industry"
    products = "products"
    food_drugs = "food_drugs"
    agriculture = "agriculture"
    engineering = "engineering"
    services = "services"
    brands = "brands"
    enterprises = "enterprises"
    infrastructure = "infrastructure"
    standards = "standards"
    innovation = "innovation"
    environment = "environment"
    governance = "governance"


@dataclass(frozen=True, kw_only=True)
class NotThis:
    """A look-alike wording that is a different metric."""

    __pydantic_config__ = STRICT

    label: str
    """The look-alike wording, simplified."""
    reason: str


@dataclass(frozen=True, kw_only=True)
class Metric:
    """A canonical metric and the wordings that name it."""

    __pydantic_config__ = STRICT

    id: str
    """Lower-case id, e.g. mfg_quality_competitiveness_index."""
    name: str
    """Chinese name, simplified."""
    name_en: str
    unit: Unit
    better: Better = Better.higher
    category: Category
    aliases: list[str] = field(default_factory=list)
    """Other wordings (simplified) that mean this metric."""
    patterns: list[str] = field(default_factory=list)
    """Regular expressions over the simplified wording."""
    not_this: list[NotThis] = field(default_factory=list)
    related: list[str] = field(default_factory=list)
    """Ids of metrics an analyst should see alongside."""
    keywords: list[str] = field(default_factory=list)
    """Words that show a task mentions the metric (default: its wordings)."""
    note: str | None = None

    @cached_property
    def compiled(self) -> list[re.Pattern[str]]:
        return [re.compile(p) for p in self.patterns]

    @property
    def wordings(self) -> list[str]:
        return [self.name, *self.aliases]

    @property
    def mention_words(self) -> list[str]:
        return self.keywords or self.wordings


@dataclass(frozen=True, kw_only=True)
class ScopeEntry:
    """A population a figure may be limited to, with the wordings that name it."""

    __pydantic_config__ = STRICT

    id: str
    name: str
    name_en: str
    aliases: list[str] = field(default_factory=list)


@dataclass(frozen=True, kw_only=True)
class Unmatched:
    """A wording deliberately left out of the catalogue, and why."""

    __pydantic_config__ = STRICT

    metric: str
    """The normalised wording."""
    reason: str


@dataclass(frozen=True, kw_only=True)
class Similarity:
    """The words the similarity tier reads a wording's structure with."""

    __pydantic_config__ = STRICT

    heads: list[str] = field(default_factory=list)
    """Measure heads: the last word says what is measured (合格率, 满意度, 指数 …)."""
    head_families: list[list[str]] = field(default_factory=list)
    """Heads that measure the same kind of thing (占比, 比例, 比重): closer in suggestions only."""
    neutral: list[str] = field(default_factory=list)
    """Qualifiers that do not change the measure (质量安全, 评价性, 总体, 主要 …)."""
    equivalents: list[list[str]] = field(default_factory=list)
    """Words that mean the same here (抽检, 抽查); the first names the group."""
    subjects: list[str] = field(default_factory=list)
    """What is measured (食品, 药品 …): two in one wording join two metrics."""
    change_words: list[str] = field(default_factory=list)
    """A change or growth inside the wording (下降, 提高, 年均 …): blocks unless the entry
    records a change or a yearly rate."""
    new_words: list[str] = field(default_factory=list)
    """新增, 新建 …: block unless the entry is new_only."""
    cumulative_words: list[str] = field(default_factory=list)
    """累计: blocks unless the entry is cumulative."""
    yearly_words: list[str] = field(default_factory=list)
    """每年: blocks unless the entry is per_year."""
    keep_whole: list[str] = field(default_factory=list)
    """Words the segmenter must not split (安全生产 is not 安全 + 生产)."""
    fillers: list[str] = field(default_factory=list)
    """Words that carry no meaning of their own here (的, 占, 或 …): dropped."""

    @property
    def vocabulary(self) -> list[str]:
        """Every word the segmenter must know to read wordings this way."""
        groups = [self.heads, self.neutral, self.subjects, self.change_words, self.new_words]
        groups += [self.cumulative_words, self.yearly_words, self.keep_whole, *self.equivalents]
        return sorted({w for group in groups for w in group})


@dataclass(frozen=True, kw_only=True)
class MetricExtension:
    """Additions to a metric defined in a lower layer (a curator's data beside the shipped)."""

    __pydantic_config__ = STRICT

    id: str
    """The metric extended."""
    aliases: list[str] = field(default_factory=list)
    patterns: list[str] = field(default_factory=list)
    not_this: list[NotThis] = field(default_factory=list)
    related: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)


@dataclass(frozen=True, kw_only=True)
class Catalogue:
    """The metric catalogue file (data/metrics.yaml), or a layer over it."""

    __pydantic_config__ = STRICT

    strip_prefixes: list[str] = field(default_factory=list)
    """Region words dropped before matching (全省, 全市 …); they are not scopes."""
    metrics: list[Metric] = field(default_factory=list)
    extend: list[MetricExtension] = field(default_factory=list)
    """In a layer over the shipped catalogue: aliases and more for metrics defined below."""
    scopes: list[ScopeEntry] = field(default_factory=list)
    unmatched: list[Unmatched] = field(default_factory=list)
    similarity: Similarity = field(default_factory=Similarity)

    @cached_property
    def by_id(self) -> dict[str, Metric]:
        return {m.id: m for m in self.metrics}

    @cached_property
    def ids(self) -> frozenset[str]:
        """Every metric's id: what reading the entries filed by metric asks for."""
        return frozenset(self.by_id)

    @cached_property
    def unmatched_reasons(self) -> dict[str, str]:
        return {u.metric: u.reason for u in self.unmatched}

    def _exact(self, text: str, normalizer: Normalizer) -> Metric | None:
        if text in self.by_id:
            return self.by_id[text]
        lowered = text.lower()
        for metric in self.metrics:
            if lowered in (metric.id, metric.name_en.lower()) or text in metric.wordings:
                return metric
        for reading in normalizer.readings(text):
            for metric in self.metrics:
                if reading in metric.wordings:
                    return metric
        return None

    def find(self, query: str, normalizer: Normalizer) -> Metric:
        """A metric by id, Chinese name or alias in either script, or English name."""
        found = self._exact(query.strip(), normalizer)
        if found is None:
            raise self._unknown(query, normalizer)
        return found

    def matching(self, query: str, normalizer: Normalizer) -> list[Metric]:
        """The metrics ``query`` names: the one it names exactly, or else every metric
        with a wording, English name or id that contains it, closest first (the one
        whose shortest such wording is shortest). Raises :class:`UnknownMetric` if none."""
        text = query.strip()
        exact = self._exact(text, normalizer)
        if exact is not None:
            return [exact]
        readings = set(normalizer.readings(text)) if text else set()
        lowered = text.lower()
        closeness: dict[str, int] = {}
        for metric in self.metrics:
            lengths = [len(w) for w in metric.wordings if any(r in w for r in readings)]
            lengths += [len(w) for w in (metric.id, metric.name_en.lower()) if lowered in w]
            if lengths:
                closeness[metric.id] = min(lengths)
        if not closeness:
            raise self._unknown(query, normalizer)
        return sorted(
            (self.by_id[i] for i in closeness),
            key=lambda m: (closeness[m.id], self.metrics.index(m)),
        )

    def _unknown(self, query: str, normalizer: Normalizer) -> UnknownMetric:

        choices = {w: m.id for m in self.metrics for w in (*m.wordings, m.id, m.name_en)}
        readings = normalizer.readings(query.strip())
        close = difflib.get_close_matches(readings[-1], list(choices), n=4, cutoff=0.5)
        suggestions = list(dict.fromkeys(f"{c} ({choices[c]})" for c in close))
        hint = f"did you mean: {'; '.join(suggestions)}? " if suggestions else ""
        return UnknownMetric(
            f"no metric called {query!r} in the catalogue",
            hint + "run `qualpolicy metrics` for the list",
        )


def catalogue_problems(
    catalogue: Catalogue, normalizer: Normalizer | None, below: Catalogue | None = None
) -> list[Problem]:
    """The catalogue's own invariants, each located in the file.

    Ids are unique; patterns compile; related ids exist; no wording is claimed
    by two metrics once normalised (so 製造業品質競爭力指數 and
    制造业质量竞争力指数 count as one); no metric both claims and rejects a
    wording; a deliberately unmatched wording is claimed by no metric.  A layer
    over ``below`` (a curator's catalogue over the shipped one) is checked
    against it: new ids must be new, extended ids must exist, and an alias it
    adds must not belong to another metric already.
    """

    def norm(text: str) -> str:
        if normalizer is None:
            return text
        return normalizer.readings(text)[-1]

    problems: list[Problem] = []
    seen: set[str] = set()
    owner: dict[str, str] = {}
    if below is not None:
        seen = {m.id for m in below.metrics} | {e.id for e in below.scopes}
        owner = {norm(w): m.id for m in below.metrics for w in m.wordings}
    ids = [("metrics", i, m.id) for i, m in enumerate(catalogue.metrics)]
    ids += [("scopes", i, e.id) for i, e in enumerate(catalogue.scopes)]
    for group, i, ident in ids:
        if not ID_PATTERN.match(ident):
            problems.append(
                Problem(
                    (group, i, "id"), "bad-id", f"id {ident} must be lower-case words joined by _"
                )
            )
        if ident in seen:
            problems.append(Problem((group, i, "id"), "duplicate-id", f"id {ident} is used twice"))
        seen.add(ident)
    known = {m.id for m in catalogue.metrics} | ({m.id for m in below.metrics} if below else set())

    def claim(wording: str, metric_id: str, where: DocPath) -> None:
        key = norm(wording)
        if owner.setdefault(key, metric_id) != metric_id:
            problems.append(
                Problem(
                    where,
                    "alias-claimed-twice",
                    f"{wording} is claimed by {owner[key]} and {metric_id}",
                )
            )

    for i, metric in enumerate(catalogue.metrics):
        for j, wording in enumerate(metric.wordings):
            claim(
                wording,
                metric.id,
                ("metrics", i, "name") if j == 0 else ("metrics", i, "aliases", j - 1),
            )
        problems += _metric_problems(("metrics", i), metric, known, norm)
    for i, extension in enumerate(catalogue.extend):
        if extension.id not in known:
            problems.append(
                Problem(
                    ("extend", i, "id"),
                    "unknown-metric",
                    f"extend: {extension.id} is not a metric of this catalogue or the ones below",
                    "extend names a metric defined in a lower layer; define new ones under metrics",
                )
            )
            continue
        for j, alias in enumerate(extension.aliases):
            claim(alias, extension.id, ("extend", i, "aliases", j))
        problems += _metric_problems(("extend", i), extension, known, norm)
    for i, entry in enumerate(catalogue.unmatched):
        if norm(entry.metric) in owner:
            problems.append(
                Problem(
                    ("unmatched", i, "metric"),
                    "unmatched-but-claimed",
                    f"{entry.metric} is listed as unmatched but {owner[norm(entry.metric)]} "
                    "claims it",
                )
            )
    return problems


def _metric_problems(
    where: tuple[str, int],
    metric: Metric | MetricExtension,
    known: set[str],
    norm: Callable[[str], str],
) -> list[Problem]:
    """Patterns compile, related ids exist, no wording both claimed and rejected."""

    problems = []
    claimed = {
        norm(w)
        for w in ([metric.name, *metric.aliases] if isinstance(metric, Metric) else metric.aliases)
    }
    for j, n in enumerate(metric.not_this):
        if norm(n.label) in claimed:
            problems.append(
                Problem(
                    (*where, "not_this", j, "label"),
                    "alias-is-not-this",
                    f"{metric.id} both claims and rejects {n.label}",
                )
            )
    for j, pattern in enumerate(metric.patterns):
        try:
            re.compile(pattern)
        except re.error as exc:
            problems.append(
                Problem(
                    (*where, "patterns", j),
                    "bad-pattern",
                    f"pattern {pattern!r} does not compile: {exc}",
                )
            )
    for j, related in enumerate(metric.related):
        if related not in known:
            problems.append(
                Problem(
                    (*where, "related", j),
                    "unknown-related",
                    f"related {related} is not a metric id",
                )
            )
    return problems


def merge(below: Catalogue, layer: Catalogue) -> Catalogue:
    """``layer`` over ``below``: its metrics, scopes, unmatched wordings and similarity
    words added, its extensions folded into the metrics they extend."""
    additions: dict[str, list[MetricExtension]] = {}
    for extension in layer.extend:
        additions.setdefault(extension.id, []).append(extension)

    def extended(metric: Metric) -> Metric:
        more = additions.get(metric.id)
        if not more:
            return metric
        return dataclasses.replace(
            metric,
            **{
                name: getattr(metric, name) + [x for e in more for x in getattr(e, name)]
                for name in ("aliases", "patterns", "not_this", "related", "keywords")
            },
        )

    similarity = Similarity(
        **{
            f.name: getattr(below.similarity, f.name) + getattr(layer.similarity, f.name)
            for f in dataclasses.fields(Similarity)
        }
    )
    return Catalogue(
        strip_prefixes=list(dict.fromkeys(below.strip_prefixes + layer.strip_prefixes)),
        metrics=[extended(m) for m in below.metrics + layer.metrics],
        scopes=below.scopes + layer.scopes,
        unmatched=below.unmatched + layer.unmatched,
        similarity=similarity,
    )


def load_catalogue(
    path: Path, normalizer: Normalizer | None = None, below: Catalogue | None = None
) -> Catalogue:
    """The catalogue at ``path`` (a layer over ``below``, if given), merged with what is
    below; raises :class:`InvalidData` if it does not validate."""

    layer = load_checked(
        path, Catalogue, lambda c: catalogue_problems(c, normalizer, below), "the metric catalogue"
    )
    return merge(below or Catalogue(), layer)
