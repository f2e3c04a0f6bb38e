"""The objects a command works with, built lazily from the layered data directories.

Validated plans, the catalogue and the vocabulary rules come from the
per-user cache when the data files have not changed (see :mod:`qualpolicy.cache`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from collections.abc import Set as AbstractSet
from functools import cached_property
from pathlib import Path
from typing import Any, NamedTuple, TypeVar, cast

from qualpolicy import cache
from qualpolicy.analysis.actuals import align_actual
from qualpolicy.analysis.align import Aligned, Aligner, Memo
from qualpolicy.analysis.catalogue import Catalogue, load_catalogue
from qualpolicy.analysis.index import EntryIndex, IndexedAligner
from qualpolicy.analysis.progress import Evidence, gather
from qualpolicy.analysis.versions import as_of_day
from qualpolicy.errors import QualpolicyError
from qualpolicy.loading.actuals import ActualsFile, load_actuals
from qualpolicy.loading.datadir import DATA_FILES, data_files, plan_paths, resolve_layers
from qualpolicy.loading.plans import PlanSet
from qualpolicy.loading.stored import stored
from qualpolicy.loading.vocabulary import load_lexicon, load_rules
from qualpolicy.models import Plan, Script, Vocabulary
from qualpolicy.text.lexicon import Lexicon
from qualpolicy.text.normalize import Normalizer, VocabularyRules
from qualpolicy.text.segment import Segmenter

T = TypeVar("T")


class Snapshot(NamedTuple):
    """Everything validated from the data directories, as cached."""

    rules: VocabularyRules
    catalogue: Catalogue
    lexicon: Lexicon
    plans: list[Plan]
    normalized: dict[tuple[str, Script, Vocabulary], str]
    """Every plan text already normalised, so cached runs need not start OpenCC."""
    alignment: Memo
    """Every entry's words, match and suggestions, so cached runs need not start jieba."""
    actuals: ActualsFile
    entry_index: EntryIndex
    """Every entry filed by metric, so a comparison unpickles only what it is about."""
    program: bytes
    """The program that built it (:func:`cache.program`)."""
    plan_digests: dict[str, bytes | None]
    """Each plan file it read → the digest of its bytes."""
    data_key: str
    """The key of the catalogue, vocabulary, lexicon and actuals files it read."""


def _unchanged(
    earlier: Snapshot, digests: dict[str, bytes | None], files: dict[str, str]
) -> list[Plan]:
    """The plans of ``earlier`` whose file (``files``: plan id → file now) has the same
    bytes as when it was read."""
    return [
        plan
        for plan in earlier.plans
        if (path := files.get(plan.id)) is not None
        and (digest := digests.get(path)) is not None
        and earlier.plan_digests.get(path) == digest
    ]


class Workspace:
    """The data directories, layered over the shipped data, and what is loaded from them,
    each piece on first use."""

    def __init__(
        self,
        data_dirs: Path | Sequence[Path] | None = None,
        *,
        use_cache: bool = True,
        own_only: bool = False,
    ):
        explicit = [data_dirs] if isinstance(data_dirs, Path) else list(data_dirs or [])
        self.layers = resolve_layers(explicit, own_only=own_only)
        self.use_cache = use_cache

    @property
    def data_dir(self) -> Path:
        """The top layer: where new files (schemas) go."""
        return self.layers[-1]

    def files(self, name: str) -> list[Path]:
        """Every layer's catalogue, vocabulary, lexicon or actuals file, bottom first."""
        return data_files(self.layers, name)

    @cached_property
    def plan_paths(self) -> list[str]:
        """Every layer's plan files, bottom layer first."""
        return [path for layer in self.layers for path in plan_paths(layer / "plans")]

    @cached_property
    def snapshot(self) -> Snapshot | None:
        """All data validated at once (from the cache when unchanged), or None if
        the cache is off or some file does not validate — then each piece loads on
        its own and reports its own error."""
        if not self.use_cache:
            return None
        slot, key = self.slot("data"), self._key
        cached = cache.load(slot, key)
        if isinstance(cached, Snapshot):
            return cached
        # What the snapshot these files replace can lend: after editing one plan of
        # thousands, only that one is read again.
        earlier = cache.previous(slot)
        if getattr(earlier, "program", None) != cache.program():  # or not a snapshot
            earlier = None
        digests = self.plan_digests
        try:
            rules = self._load(load_rules, "vocabulary.yaml")
            normalizer = Normalizer(rules)
            catalogue = self._load(load_catalogue, "metrics.yaml", normalizer)
            lexicon = self._load(load_lexicon, "lexicon.yaml")
            plan_set = self._plan_set(normalizer)
            same = _unchanged(earlier, digests, plan_set.files) if earlier is not None else []
            plan_set.preload(same)
            plan_set.read_all()  # the rest, shared among the cores when there are many
            plans = plan_set.plans
            actuals = self._load(load_actuals, "actuals.yaml")
        except QualpolicyError:
            return None
        # Built from the same data files: its normalised texts and alignment memo hold, and
        # so do the entries of the plans whose file did not change, and what they mention.
        alike = earlier if earlier is not None and earlier.data_key == self.data_key else None
        kept: set[str] = set()
        lent: dict[str, list[Aligned]] = {}
        if alike is not None:
            normalizer.remember(alike.normalized)
            kept = {plan.id for plan in same}
            lent = alike.entry_index.entries_of({plan.id: plan for plan in alike.plans}, kept)
        for plan in plans:
            if plan.id not in kept:
                for text in plan_texts(plan):
                    normalizer.normalize(text, plan.script, plan.vocabulary)

        aligner = Aligner(
            catalogue,
            normalizer,
            Segmenter(lexicon, catalogue.similarity.vocabulary).words,
            alike.alignment if alike is not None else None,
        )
        entries = [  # aligning fills the memo
            entry
            for plan in plans
            for entry in (lent.get(plan.id, []) if plan.id in kept else aligner.align([plan]))
        ]
        for actual in actuals.actuals:
            align_actual(actual, aligner)
        normalized = dict(normalizer.memo)
        index = EntryIndex.build(
            entries, plans, aligner, alike.entry_index if alike else None, kept
        )
        stored_plans: list[Plan] = [stored(plan) for plan in plans]
        snapshot = Snapshot(
            rules,
            catalogue,
            lexicon,
            stored_plans,
            normalized,
            aligner.memo,
            actuals,
            index,
            cache.program(),
            digests,
            self.data_key,
        )
        cache.store(slot, key, snapshot)
        return snapshot

    def _load(self, load: Callable[..., T], name: str, *args: Any) -> T:
        """A data file of every layer, each over the ones below."""
        merged = self._merged(load, self.files(name), *args)
        assert merged is not None  # files() always names at least the shipped file
        return merged

    @staticmethod
    def _merged(load: Callable[..., T], paths: list[Path], *args: Any) -> T | None:
        merged: T | None = None
        for path in paths:
            merged = load(path, *args, below=merged) if merged is not None else load(path, *args)
        return merged

    def below(self, path: Path) -> Any | None:
        """What the layers under ``path`` (one layer's metrics.yaml, vocabulary.yaml or
        lexicon.yaml) hold, merged; None for the bottom layer or a file of no layer."""
        loaders: dict[str, tuple[Callable[..., Any], tuple[Any, ...]]] = {
            "metrics.yaml": (load_catalogue, (self.normalizer,)),
            "vocabulary.yaml": (load_rules, ()),
            "lexicon.yaml": (load_lexicon, ()),
        }
        files = self.files(path.name)
        resolved = [f.resolve() for f in files]
        if path.name not in loaders or path.resolve() not in resolved:
            return None
        load, args = loaders[path.name]
        return self._merged(load, files[: resolved.index(path.resolve())], *args)

    @cached_property
    def normalizer(self) -> Normalizer:
        snapshot = self.snapshot
        if snapshot is None:
            return Normalizer(self._load(load_rules, "vocabulary.yaml"))
        normalizer = Normalizer(snapshot.rules)
        normalizer.remember(snapshot.normalized)
        return normalizer

    @cached_property
    def catalogue(self) -> Catalogue:
        if self.snapshot:
            return self.snapshot.catalogue
        return self._load(load_catalogue, "metrics.yaml", self.normalizer)

    @cached_property
    def segmenter(self) -> Segmenter:
        """jieba with the lexicon and the catalogue's similarity words (started on first use)."""

        return Segmenter(self.lexicon, self.catalogue.similarity.vocabulary)

    def cached(self, kind: str, found_as: type[Any], build: Callable[[], T]) -> T:
        """``kind`` of data from the cache (if it is on and holds it for this data), else
        built and stored."""
        if not self.use_cache:
            return build()
        slot = self.slot(kind)
        found = cache.load(slot, self._key)
        if not isinstance(found, found_as):
            found = build()
            cache.store(slot, self._key, found)
        return cast(T, found)

    @cached_property
    def lexicon(self) -> Lexicon:
        if self.snapshot:
            return self.snapshot.lexicon
        return self._load(load_lexicon, "lexicon.yaml")

    def evidence(
        self, as_of: str | dt.date | None = None, metric_ids: AbstractSet[str] | None = None
    ) -> Evidence:
        """What targets are measured against as of the day (default today): the actuals, and
        the entries of every plan (of ``metric_ids`` only, read from the index by metric)."""
        return gather(
            self.actuals, self.plans.plans, self.aligner, metric_ids, as_of=as_of_day(as_of)
        )

    @cached_property
    def actuals(self) -> ActualsFile:
        """Every layer's actual statistics, the shipped ones first."""
        if self.snapshot:
            return self.snapshot.actuals
        return self._load(load_actuals, "actuals.yaml")

    def slot(self, kind: str) -> str:
        """The cache slot for ``kind`` of data built from these layers."""
        return cache.slot_name(kind, *(str(layer.resolve()) for layer in self.layers))

    @cached_property
    def _key(self) -> str:
        """The cache key of what is built from the data: every layer's plans and data
        files (and the program, :func:`cache.key`).  Worked out once a workspace, so what
        it builds (a snapshot, then themes for diff) agrees on the files' state and
        thousands of plans are read once."""
        return cache.key_of([*self.plan_digests.items(), *self._data_digests])

    @cached_property
    def plan_digests(self) -> dict[str, bytes | None]:
        files = self.plan_paths
        return dict(zip(files, cache.file_digests(files), strict=True))

    @cached_property
    def _data_digests(self) -> list[tuple[Path, bytes | None]]:
        data = [path for name in DATA_FILES for path in self.files(name)]
        return list(zip(data, cache.file_digests(data), strict=True))

    @cached_property
    def data_key(self) -> str:
        return cache.key_of(self._data_digests)

    @cached_property
    def aligner(self) -> Aligner:
        def tokenize(wording: str) -> list[str]:
            return self.segmenter.words(wording)

        if self.snapshot is None:
            return Aligner(self.catalogue, self.normalizer, tokenize)
        snapshot = self.snapshot
        return IndexedAligner(
            self.catalogue,
            self.normalizer,
            tokenize,
            snapshot.alignment,
            snapshot.entry_index,
            snapshot.plans,
        )

    def _plan_set(self, normalizer: Normalizer) -> PlanSet:
        return PlanSet(self.plan_paths, normalizer)

    @cached_property
    def plans(self) -> PlanSet:
        plans = self._plan_set(self.normalizer)
        if self.snapshot:
            plans.preload(self.snapshot.plans)
        return plans


def plan_texts(plan: Plan) -> list[str]:
    """The texts of a plan that commands normalise."""
    texts = [plan.title]
    for t in plan.targets:
        texts += [t.metric, t.quote] + [x for x in (t.scope, t.unit_text) if x]
    for task in plan.tasks:
        texts += [x for x in (task.text, task.title, task.section, task.words) if x]
    return texts
