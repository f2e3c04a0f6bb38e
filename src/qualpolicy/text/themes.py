"""Task themes: jieba keywords per task and per plan, matched across plans.

Task text is normalised, the lexicon's variants are rewritten to their terms
(首台(套) → 首台套), and jieba segments it with the lexicon's terms in its
dictionary so they stay whole.  A task's keywords are the lexicon terms it
uses plus its highest TF-IDF words, with document frequencies taken over
every task of every plan; a plan's themes are its tasks' keywords, each with
the task numbers behind it.  Two plans share a theme when both have the same
keyword.

Segmentation (:mod:`qualpolicy.text.segment`) is slow to start, so segmented tasks
are cached per data version.
"""

from __future__ import annotations

import math
import pickle
from collections import Counter
from dataclasses import dataclass

from qualpolicy.models import Plan
from qualpolicy.text.lexicon import Lexicon
from qualpolicy.text.normalize import Normalizer
from qualpolicy.text.segment import Segmenter, has_han

KEYWORDS_PER_TASK = 6


@dataclass(frozen=True)
class TaskKeywords:
    plan: str
    number: str
    keywords: dict[str, float]  # keyword → weight


@dataclass(frozen=True)
class Theme:
    """A keyword of a plan and the tasks behind it."""

    keyword: str
    weight: float
    tasks: list[str]
    domain: bool  # a lexicon term
    plans: int  # how many plans of the corpus have this theme (fewer = more distinctive)


@dataclass(frozen=True)
class ThemeDiff:
    shared: list[tuple[Theme, Theme]]
    only_a: list[Theme]
    only_b: list[Theme]
    plans: list[str]  # the corpus the themes were drawn from


def _task_text(plan: Plan, number: str, normalizer: Normalizer) -> str:
    return normalizer.normalize(plan.task(number).words, plan.script, plan.vocabulary)


class ThemeIndex:
    """Keywords of every task of a set of plans, with corpus-wide document frequencies."""

    def __init__(
        self, plans: list[Plan], words: dict[tuple[str, str], list[str]], lexicon: Lexicon
    ):
        """``words``: each task's words that can be themes (:func:`segment_plans`)."""
        self.plans = {p.id: p for p in plans}
        self.lexicon = lexicon
        self.terms = {t.term for t in lexicon.terms}
        self.candidates = words
        df: Counter[str] = Counter()
        for ws in self.candidates.values():
            df.update(set(ws))
        total = len(self.candidates)
        self.idf = {w: math.log((1 + total) / (1 + n)) + 1 for w, n in df.items()}

    def task_keywords(self, plan_id: str, number: str) -> TaskKeywords:
        counts = Counter(self.candidates[(plan_id, number)])
        scored = {w: n * self.idf[w] for w, n in counts.items()}
        domain = {w: s for w, s in scored.items() if w in self.terms}
        general = sorted(
            ((w, s) for w, s in scored.items() if w not in self.terms), key=lambda x: (-x[1], x[0])
        )
        keywords = {**domain, **dict(general[:KEYWORDS_PER_TASK])}
        return TaskKeywords(plan_id, number, keywords)

    def _keywords(self, plan_id: str) -> dict[str, tuple[float, list[str]]]:
        """Keyword → (summed weight, task numbers) over the plan's tasks."""
        out: dict[str, tuple[float, list[str]]] = {}
        for task in self.plans[plan_id].tasks:
            for word, score in self.task_keywords(plan_id, task.number).keywords.items():
                weight, tasks = out.get(word, (0.0, []))
                out[word] = (weight + score, [*tasks, task.number])
        return out

    @property
    def corpus(self) -> list[str]:
        """The plans the themes are drawn from: those with tasks."""
        return [p for p in self.plans if self.plans[p].tasks]

    def summary(self) -> ThemeSummary:
        """Every plan's themes worked out, to keep (see :class:`ThemeSummary`)."""

        keywords = {plan_id: self._keywords(plan_id) for plan_id in self.plans}
        coverage = Counter(w for found in keywords.values() for w in found)
        return ThemeSummary(
            self.lexicon,
            tuple(self.plans),
            tuple(self.corpus),
            coverage,
            {p: pickle.dumps(found, pickle.HIGHEST_PROTOCOL) for p, found in keywords.items()},
            frozenset(self.terms),
        )


@dataclass(frozen=True)
class ThemeSummary:
    """What a :class:`ThemeIndex` works out for every plan, as the cache keeps it: a warm
    ``diff`` reads the two plans it compares and the corpus-wide counts, not every
    plan's words."""

    lexicon: Lexicon
    plans: tuple[str, ...]
    corpus: tuple[str, ...]
    """The plans with tasks."""
    coverage: Counter[str]
    """Keyword → number of plans that have it as a theme."""
    keywords: dict[str, bytes]
    """Plan id → pickled {keyword: (summed weight, task numbers)}."""
    terms: frozenset[str]

    def themes(self, plan_id: str) -> dict[str, Theme]:

        found: dict[str, tuple[float, list[str]]] = pickle.loads(self.keywords[plan_id])
        return {
            word: Theme(word, weight, tasks, word in self.terms, self.coverage[word])
            for word, (weight, tasks) in found.items()
        }


def _is_candidate(word: str, stop: set[str]) -> bool:
    return len(word) >= 2 and word not in stop and has_han(word)


def _rank(theme: Theme) -> tuple[int, int, float, str]:
    """Domain terms first; among them the most distinctive (fewest plans), then weight."""
    return (0 if theme.domain else 1, theme.plans, -theme.weight, theme.keyword)


def compare_themes(index: ThemeSummary, a: str, b: str) -> ThemeDiff:
    themes_a, themes_b = index.themes(a), index.themes(b)
    shared = [(themes_a[k], themes_b[k]) for k in themes_a.keys() & themes_b.keys()]
    shared.sort(key=lambda pair: _rank(pair[0]))
    only_a = sorted((t for k, t in themes_a.items() if k not in themes_b), key=_rank)
    only_b = sorted((t for k, t in themes_b.items() if k not in themes_a), key=_rank)
    return ThemeDiff(shared, only_a, only_b, list(index.corpus))


def segment_plans(
    plans: list[Plan], normalizer: Normalizer, segmenter: Segmenter
) -> dict[tuple[str, str], list[str]]:
    """Every task of every plan segmented, kept to the words that can be themes (the
    lexicon's terms; other words of two characters or more, with a Chinese character,
    that are not stopwords): (plan id, task number) → words.  They depend on the task
    and the lexicon only, so they are kept per plan file."""
    terms = {t.term for t in segmenter.lexicon.terms}
    stop = set(segmenter.lexicon.stopwords)
    return {
        (plan.id, task.number): [
            word
            for word in segmenter.words(_task_text(plan, task.number, normalizer))
            if word in terms or _is_candidate(word, stop)
        ]
        for plan in plans
        for task in plan.tasks
    }
