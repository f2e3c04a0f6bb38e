"""The objects a command works with, built lazily from one data directory.

Validated plans, the catalogue and the vocabulary rules come from the
per-user cache when the data files have not changed (see :mod:`qualpolicy.cache`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from qualpolicy import cache
from qualpolicy.align import Aligner
from qualpolicy.catalogue import Catalogue, load_catalogue
from qualpolicy.datadir import data_file, plan_files, resolve_data_dir
from qualpolicy.errors import QualpolicyError
from qualpolicy.lexicon import Lexicon, load_lexicon
from qualpolicy.models import Plan, Script, Vocabulary
from qualpolicy.normalize import Normalizer, VocabularyRules, load_rules
from qualpolicy.plans import PlanSet, load_plan

if TYPE_CHECKING:
    from qualpolicy.sources import SourceText
    from qualpolicy.themes import ThemeIndex


@dataclass(frozen=True)
class Snapshot:
    """Everything validated from a data directory, as cached."""

    rules: VocabularyRules
    catalogue: Catalogue
    lexicon: Lexicon
    plans: list[Plan]
    normalized: dict[tuple[str, Script, Vocabulary], str]
    """Every plan text already normalised, so cached runs need not start OpenCC."""


class Workspace:
    """A data directory and what is loaded from it, each piece on first use."""

    def __init__(self, data_dir: Path | None = None, *, use_cache: bool = True):
        self.data_dir = resolve_data_dir(data_dir)
        self.use_cache = use_cache

    @property
    def plans_dir(self) -> Path:
        return self.data_dir / "plans"

    @property
    def vocabulary_file(self) -> Path:
        return data_file(self.data_dir, "vocabulary.yaml")

    @property
    def catalogue_file(self) -> Path:
        return data_file(self.data_dir, "metrics.yaml")

    @property
    def lexicon_file(self) -> Path:
        return data_file(self.data_dir, "lexicon.yaml")

    @cached_property
    def snapshot(self) -> Snapshot | None:
        """All data validated at once (from the cache when unchanged), or None if
        the cache is off or some file does not validate — then each piece loads on
        its own and reports its own error."""
        if not self.use_cache:
            return None
        key = cache.fingerprint("data", self._inputs("models", "catalogue", "normalize", "lexicon"))
        cached = cache.load(key)
        if isinstance(cached, Snapshot):
            return cached
        try:
            rules = load_rules(self.vocabulary_file)
            normalizer = Normalizer(rules)
            catalogue = load_catalogue(self.catalogue_file, normalizer)
            lexicon = load_lexicon(self.lexicon_file)
            plans = [load_plan(path) for path in plan_files(self.plans_dir)]
        except QualpolicyError:
            return None
        for plan in plans:
            for text in plan_texts(plan):
                normalizer.normalize(text, plan.script, plan.vocabulary)
        snapshot = Snapshot(rules, catalogue, lexicon, plans, dict(normalizer.memo))
        cache.store(key, snapshot)
        return snapshot

    @cached_property
    def normalizer(self) -> Normalizer:
        snapshot = self.snapshot
        if snapshot is None:
            return Normalizer(load_rules(self.vocabulary_file))
        normalizer = Normalizer(snapshot.rules)
        normalizer.remember(snapshot.normalized)
        return normalizer

    @cached_property
    def catalogue(self) -> Catalogue:
        if self.snapshot:
            return self.snapshot.catalogue
        return load_catalogue(self.catalogue_file, self.normalizer)

    @cached_property
    def themes(self) -> ThemeIndex:
        """Task keywords of every plan; jieba runs only when the cache has no segmentation."""
        from qualpolicy.themes import Segmenter, ThemeIndex, segment_plans

        plans = self.plans.plans
        key = cache.fingerprint("words", self._inputs("themes", "normalize", "lexicon"))
        words = cache.load(key)
        if not isinstance(words, dict):
            words = segment_plans(plans, self.normalizer, Segmenter(self.lexicon))
            cache.store(key, words)
        return ThemeIndex(plans, words, self.lexicon)

    @cached_property
    def word_boundaries(self) -> dict[str, tuple[int, ...]]:
        """Searchable text → where its words start and end; jieba runs only when the
        cache has none for this data."""
        from qualpolicy.search import documents
        from qualpolicy.themes import Segmenter

        key = cache.fingerprint("bounds", self._inputs("search", "themes", "normalize", "lexicon"))
        bounds = cache.load(key)
        if not isinstance(bounds, dict):
            segmenter = Segmenter(self.lexicon)
            texts = (d.text for d in documents(self.plans.plans, self.normalizer))
            bounds = {text: segmenter.boundaries(text) for text in texts}
            cache.store(key, bounds)
        return bounds

    @cached_property
    def lexicon(self) -> Lexicon:
        return self.snapshot.lexicon if self.snapshot else load_lexicon(self.lexicon_file)

    def _inputs(self, *modules: str) -> list[Path]:
        """The data files, and the modules whose results are cached from them: a change
        to either invalidates the cache."""
        package = Path(__file__).parent
        return [
            *plan_files(self.plans_dir),
            self.vocabulary_file,
            self.catalogue_file,
            self.lexicon_file,
            *(package / f"{name}.py" for name in (*modules, "workspace")),
        ]

    @cached_property
    def aligner(self) -> Aligner:
        return Aligner(self.catalogue, self.normalizer)

    @cached_property
    def plans(self) -> PlanSet:
        plans = PlanSet(plan_files(self.plans_dir), self.normalizer)
        if self.snapshot:
            plans.preload(self.snapshot.plans)
        return plans

    def source_text(self, plan: Plan) -> SourceText | None:
        """The plan's shipped source text, or None if it has none."""
        from qualpolicy.sources import SourceText, source_candidates

        if plan.source.file is None:
            return None
        for candidate in source_candidates(self.plans_dir / f"{plan.id}.yaml", plan.source.file):
            if candidate.is_file():
                return SourceText.read(candidate, plan, self.normalizer)
        raise QualpolicyError(
            f"source text {plan.source.file} of plan {plan.id} is missing",
            "run `qualpolicy validate` for details",
        )


def plan_texts(plan: Plan) -> list[str]:
    """The texts of a plan that commands normalise."""
    texts = [plan.title]
    for t in plan.targets:
        texts += [t.metric, t.quote] + ([t.scope] if t.scope else [])
    for task in plan.tasks:
        texts += [x for x in (task.text, task.title, task.section) if x]
    return texts
