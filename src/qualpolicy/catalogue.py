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
from enum import StrEnum
from functools import cached_property
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, model_validator

from qualpolicy.errors import UnknownMetric
from qualpolicy.models import Unit
from qualpolicy.normalize import Normalizer
from qualpolicy.yamlio import load as load_yaml


class Better(StrEnum):
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
    note: str | None = None

    @cached_property
    def compiled(self) -> list[re.Pattern[str]]:
        return [re.compile(p) for p in self.patterns]

    @property
    def wordings(self) -> list[str]:
        return [self.name, *self.aliases]


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
    def _self_checks(self) -> Catalogue:
        problems: list[str] = []
        ids = [m.id for m in self.metrics] + [s.id for s in self.scopes]
        problems += [f"id {i} is used twice" for i in sorted({i for i in ids if ids.count(i) > 1})]
        owner: dict[str, str] = {}
        for metric in self.metrics:
            for wording in metric.wordings:
                if owner.setdefault(wording, metric.id) != metric.id:
                    problems.append(f"{wording} is claimed by {owner[wording]} and {metric.id}")
            for pattern in metric.patterns:
                try:
                    re.compile(pattern)
                except re.error as exc:
                    problems.append(f"{metric.id}: pattern {pattern!r} does not compile: {exc}")
        labels = {n.label: m.id for m in self.metrics for n in m.not_this}
        for wording, metric_id in owner.items():
            if wording in labels:
                problems.append(
                    f"{wording} is an alias of {metric_id} and a 'not this' label of "
                    f"{labels[wording]}"
                )
        for entry in self.unmatched:
            if entry.metric in owner:
                problems.append(
                    f"{entry.metric} is both unmatched and an alias of {owner[entry.metric]}"
                )
        if problems:
            raise ValueError("; ".join(problems))
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


def load_catalogue(path: Path) -> Catalogue:
    return Catalogue.model_validate(load_yaml(path).data)
