"""The metric catalogue (``data/metrics.yaml``): canonical metrics and how to recognise them.

Each metric has an id, names, a unit, which way is better, a category, the
aliases and patterns that recognise it in a plan's (normalised) wording, and
"not this" labels for look-alikes that are different metrics.  The catalogue
checks itself: ids unique, no alias claimed twice, no alias equal to a "not
this" label, every pattern compiles.
"""

from __future__ import annotations

import difflib
import re
from enum import Enum, StrEnum
from functools import cached_property
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, model_validator

from qualpolicy.errors import InvalidData, UnknownMetric
from qualpolicy.models import Unit
from qualpolicy.normalize import Normalizer
from qualpolicy.rules import DocPath as Path_
from qualpolicy.rules import Problem
from qualpolicy.yamlio import DocumentError
from qualpolicy.yamlio import load as load_yaml


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


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class NotThis(_Entry):
    label: str = Field(min_length=1, description="A look-alike wording, simplified.")
    reason: str = Field(min_length=1)


class Metric(_Entry):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str = Field(min_length=1, description="Chinese name, simplified.")
    name_en: str = Field(min_length=1)
    unit: Unit
    better: Better = Better.higher
    category: Category
    aliases: list[str] = Field(
        default_factory=list, description="Wordings (simplified) that mean this metric."
    )
    patterns: list[str] = Field(
        default_factory=list, description="Regular expressions over the simplified wording."
    )
    not_this: list[NotThis] = Field(default_factory=list)
    related: list[str] = Field(
        default_factory=list, description="Ids of metrics an analyst should see alongside."
    )
    keywords: list[str] = Field(
        default_factory=list,
        description="Words that show a task mentions the metric (default: its wordings).",
    )
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


class ScopeEntry(_Entry):
    """A population a figure may be limited to, with the wordings that name it."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str = Field(min_length=1)
    name_en: str = Field(min_length=1)
    aliases: list[str] = Field(default_factory=list)


class Unmatched(_Entry):
    """A wording deliberately left out of the catalogue, and why."""

    metric: str = Field(min_length=1, description="The normalised wording.")
    reason: str = Field(min_length=1)


class Catalogue(_Entry):
    strip_prefixes: list[str] = Field(
        default_factory=list,
        description="Region words dropped before matching (全省, 全市 …); they are not scopes.",
    )
    metrics: list[Metric]
    scopes: list[ScopeEntry] = Field(default_factory=list)
    unmatched: list[Unmatched] = Field(default_factory=list)

    @model_validator(mode="after")
    def _self_checks(self, info: ValidationInfo) -> Catalogue:
        from qualpolicy.rules import hand_over

        normalizer = info.context.get("normalizer") if isinstance(info.context, dict) else None
        hand_over(catalogue_problems(self, normalizer), info.context)
        return self

    @cached_property
    def by_id(self) -> dict[str, Metric]:
        return {m.id: m for m in self.metrics}

    @cached_property
    def unmatched_reasons(self) -> dict[str, str]:
        return {u.metric: u.reason for u in self.unmatched}

    def find(self, query: str, normalizer: Normalizer) -> Metric:
        """A metric by id, Chinese name or alias in either script, or English name."""
        text = query.strip()
        if text in self.by_id:
            return self.by_id[text]
        lowered = text.lower()
        for metric in self.metrics:
            if lowered in (metric.id, metric.name_en.lower()):
                return metric
        for reading in normalizer.readings(text):
            for metric in self.metrics:
                if reading in metric.wordings:
                    return metric
        choices = {w: m.id for m in self.metrics for w in (*m.wordings, m.id, m.name_en)}
        readings = normalizer.readings(text)
        close = difflib.get_close_matches(readings[-1], list(choices), n=4, cutoff=0.5)
        suggestions = list(dict.fromkeys(f"{c} ({choices[c]})" for c in close))
        hint = f"did you mean: {'; '.join(suggestions)}? " if suggestions else ""
        raise UnknownMetric(
            f"no metric called {query!r} in the catalogue",
            hint + "run `qualpolicy metrics` for the list",
        )


def catalogue_problems(catalogue: Catalogue, normalizer: Normalizer | None) -> list[Problem]:
    """The catalogue's own invariants, each located in the file.

    Ids are unique; patterns compile; related ids exist; no wording is claimed
    by two metrics once normalised (so 製造業品質競爭力指數 and
    制造业质量竞争力指数 count as one); no metric both claims and rejects a
    wording; a deliberately unmatched wording is claimed by no metric.
    """

    def norm(text: str) -> str:
        if normalizer is None:
            return text
        return normalizer.readings(text)[-1]

    problems: list[Problem] = []
    ids = [("metrics", i, m.id) for i, m in enumerate(catalogue.metrics)]
    ids += [("scopes", i, e.id) for i, e in enumerate(catalogue.scopes)]
    seen: set[str] = set()
    for group, i, ident in ids:
        if ident in seen:
            problems.append(Problem((group, i, "id"), "duplicate-id", f"id {ident} is used twice"))
        seen.add(ident)
    owner: dict[str, str] = {}
    for i, metric in enumerate(catalogue.metrics):
        for j, wording in enumerate(metric.wordings):
            key = norm(wording)
            where: Path_ = ("metrics", i, "name") if j == 0 else ("metrics", i, "aliases", j - 1)
            if owner.setdefault(key, metric.id) != metric.id:
                problems.append(
                    Problem(
                        where,
                        "alias-claimed-twice",
                        f"{wording} is claimed by {owner[key]} and {metric.id}",
                    )
                )
        rejected = {norm(n.label) for n in metric.not_this}
        for wording in metric.wordings:
            if norm(wording) in rejected:
                problems.append(
                    Problem(
                        ("metrics", i, "not_this"),
                        "alias-is-not-this",
                        f"{metric.id} both claims and rejects {wording}",
                    )
                )
        for j, pattern in enumerate(metric.patterns):
            try:
                re.compile(pattern)
            except re.error as exc:
                problems.append(
                    Problem(
                        ("metrics", i, "patterns", j),
                        "bad-pattern",
                        f"pattern {pattern!r} does not compile: {exc}",
                    )
                )
        for j, related in enumerate(metric.related):
            if related not in catalogue_ids(catalogue):
                problems.append(
                    Problem(
                        ("metrics", i, "related", j),
                        "unknown-related",
                        f"related {related} is not a metric id",
                    )
                )
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


def catalogue_ids(catalogue: Catalogue) -> set[str]:
    return {m.id for m in catalogue.metrics}


def load_catalogue(path: Path, normalizer: Normalizer | None = None) -> Catalogue:
    """The catalogue at ``path``; raises :class:`InvalidData` if it does not validate."""
    try:
        return Catalogue.model_validate(
            load_yaml(path).data, context={"normalizer": normalizer} if normalizer else None
        )
    except (DocumentError, ValidationError) as exc:
        raise InvalidData(
            f"the metric catalogue {path} is not valid",
            "run `qualpolicy validate` to see every problem",
        ) from exc
