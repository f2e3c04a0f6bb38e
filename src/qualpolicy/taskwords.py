"""The plans' task texts cut into words by jieba, cached: the themes diff compares and the
word boundaries search matches whole words by.

jieba runs only when the cache has nothing for the data, and then only on the tasks of
plans whose file changed (or texts it has not seen), shared among the cores when there
are many.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable, Iterator
from typing import NamedTuple

from qualpolicy import cache, workers
from qualpolicy.models import Plan
from qualpolicy.text import themes as theme_words
from qualpolicy.text.search import documents
from qualpolicy.text.themes import ThemeIndex, ThemeSummary
from qualpolicy.workspace import Workspace


class Boundaries(NamedTuple):
    """Word boundaries as the cache keeps them, with the key of the data files they were
    worked out under."""

    data_key: str
    bounds: dict[str, tuple[int, ...]]


def themes(ws: Workspace) -> ThemeSummary:
    """Every plan's task themes; jieba runs only when the cache has none, and then
    only on the tasks of plans whose file changed."""

    def build() -> ThemeSummary:
        plans = ws.plans.plans
        return ThemeIndex(plans, _task_words(ws, plans), ws.lexicon).summary()

    return ws.cached("themes", ThemeSummary, build)


def _task_words(ws: Workspace, plans: list[Plan]) -> dict[tuple[str, str], list[str]]:
    """Every task of ``plans`` segmented (:func:`~qualpolicy.text.themes.segment_plans`);
    a plan whose file has the same bytes as last time has its words from the cache
    (they depend on nothing else but the data files and the program, the context
    they are kept under), and the rest are shared among the cores when there are many."""
    packs = cache.Packs("task-words", ws.data_key) if ws.use_cache else None

    def file_key(plan: Plan) -> tuple[str, str | None]:
        path = ws.plans.files[plan.id]
        digest = ws.plan_digests.get(path)
        return path, digest.hex() if digest is not None else None

    kept: dict[str, bytes] = {}  # plan id → its words as kept: task number → words
    for plan in plans:
        path, key = file_key(plan)
        found = packs.get(path, key) if packs is not None and key else None
        if found is not None:
            kept[plan.id] = found
    changed = [plan for plan in plans if plan.id not in kept]
    fresh = _segmenting(ws, lambda i: _segmented(ws, changed[i]), len(changed))
    for plan, entry in zip(changed, fresh, strict=True):
        kept[plan.id] = entry
        path, key = file_key(plan)
        if packs is not None and key:
            packs.put(path, key, entry)
    if packs is not None:
        packs.store()
    words: dict[tuple[str, str], list[str]] = {}
    for plan in plans:  # in plan order, as segment_plans gives them
        mine = pickle.loads(kept[plan.id])
        words.update(((plan.id, number), split) for number, split in mine.items())
    return words


def _segmenting(ws: Workspace, work: Callable[[int], bytes], count: int) -> Iterator[bytes]:
    """``work`` (segmenting with jieba) of 0 … ``count`` - 1, in order, shared among the
    cores when there are many (:func:`~qualpolicy.workers.in_workers`); then
    jieba's dictionary is loaded first, once, for the workers to share."""
    if workers.workers_for(count) > 1:
        ws.segmenter.words("")
    return workers.in_workers(work, range(count))


def _segmented(ws: Workspace, plan: Plan) -> bytes:
    """A plan's tasks segmented, as the cache keeps them: task number → words, pickled."""
    words = theme_words.segment_plans([plan], ws.normalizer, ws.segmenter)
    mine = {number: split for (_, number), split in words.items()}
    return pickle.dumps(mine, pickle.HIGHEST_PROTOCOL)


def word_boundaries(ws: Workspace) -> dict[str, tuple[int, ...]]:
    """Searchable text → where its words start and end; jieba runs only when the
    cache has none for this data, and then only on texts it had none for (a text's
    words depend on nothing else but the data files and the program)."""

    def build() -> Boundaries:
        earlier = cache.previous(ws.slot("bounds")) if ws.use_cache else None
        known: dict[str, tuple[int, ...]] = {}
        if isinstance(earlier, Boundaries) and earlier.data_key == ws.data_key:
            known = earlier.bounds
        # each text once (plans below a province often repeat its words)
        texts = dict.fromkeys(d.text for d in documents(ws.plans.plans, ws.normalizer))
        todo = [text for text in texts if text not in known]
        found = _segmenting(ws, lambda i: pickle.dumps(ws.segmenter.boundaries(todo[i])), len(todo))
        fresh = dict(zip(todo, map(pickle.loads, found), strict=True))
        bounds = {text: known[text] if text in known else fresh[text] for text in texts}
        return Boundaries(ws.data_key, bounds)

    return ws.cached("bounds", Boundaries, build).bounds
