"""``qualpolicy search``: tasks and targets that use a term, or several.

A term may be typed in either script (首席質量官, 首席品質官, 首席质量官 all
find the same tasks), in any spelling the lexicon knows (首台套 finds
首台(套)); matching ignores full-width/half-width differences.

By default a term matches only as whole words: where it starts and ends, the
text's words (jieba with the domain lexicon) start and end, so 品质 is found
in 品质提升 but not inside 消费品质量 (消费品 + 质量).  A compound jieba keeps
whole counts as the words it is made of: 质量 is found in 质量强县 and 食品质量.
``substring`` matching finds a term anywhere.  Several terms must all occur
(or any of them); hits can be ranked by how often they use the terms, rarer
terms weighing more (TF-IDF).
"""

from __future__ import annotations

import math
import unicodedata
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from qualpolicy.models import Extent, Plan
from qualpolicy.text.lexicon import Lexicon
from qualpolicy.text.normalize import Normalizer

SNIPPET_RADIUS = 24


@dataclass(frozen=True)
class Query:
    """What to look for: terms, all of them or any, as whole words or anywhere."""

    terms: tuple[str, ...]
    any_term: bool = False
    substring: bool = False

    def describe(self) -> str:
        """``contains “标准化” and “品牌” as words``."""
        quoted = (" or " if self.any_term else " and ").join(f"“{t}”" for t in self.terms)
        return f"contains {quoted}" + ("" if self.substring else " as words")


@dataclass(frozen=True)
class Document:
    """A searchable text: a task, or a target's metric with its quote."""

    plan: Plan
    kind: str  # task | target
    ref: str  # task number, or the target's metric as normalised
    text: str  # normalised and NFKC-folded


@dataclass(frozen=True)
class Match:
    term: str  # as typed
    start: int
    end: int


@dataclass(frozen=True)
class Hit(Document):
    """A document that uses the terms, where, and how strongly (TF-IDF)."""

    matches: tuple[Match, ...]  # in text order
    score: float

    def snippet(self, radius: int = SNIPPET_RADIUS) -> tuple[str, list[tuple[int, int]]]:
        """Windows of the text around the first match of each term, joined by …,
        and the matches inside them (offsets into the snippet)."""
        firsts: dict[str, Match] = {}
        for m in self.matches:
            firsts.setdefault(m.term, m)
        windows: list[list[int]] = []
        for m in sorted(firsts.values(), key=lambda m: m.start):
            start, end = max(0, m.start - radius), min(len(self.text), m.end + radius)
            if windows and start <= windows[-1][1]:
                windows[-1][1] = max(windows[-1][1], end)
            else:
                windows.append([start, end])
        out, spans = "", []
        for start, end in windows:
            if start > 0 or out:
                out += "…"
            shift = len(out) - start
            spans += [
                (m.start + shift, m.end + shift)
                for m in self.matches
                if start <= m.start and m.end <= end
            ]
            out += self.text[start:end]
        if windows and windows[-1][1] < len(self.text):
            out += "…"
        return out, spans


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


@dataclass(frozen=True)
class Searched:
    """How much there was to search in the plans searched: a search finds only what was
    read and encoded."""

    plans: int
    task_text: int
    """Plans with the text of their tasks (not only the headings)."""
    headings_only: int
    """Plans whose tasks are headings only (read from web pages: no copied paragraphs)."""
    partial: int
    """Plans read only in part."""

    @classmethod
    def of(cls, plans: Sequence[Plan]) -> Searched:
        with_text = sum(any(task.text for task in p.tasks) for p in plans)
        headings = sum(bool(p.tasks) and not any(task.text for task in p.tasks) for p in plans)
        partial = sum(p.source.extent is Extent.partial for p in plans)
        return cls(len(plans), with_text, headings, partial)

    def describe(self) -> str:
        """``searched 17 plans: 7 with task text, …``."""
        targets_only = self.plans - self.task_text - self.headings_only
        parts = [
            f"{self.task_text} with task text",
            f"{self.headings_only} with task headings only",
            f"{targets_only} with targets only",
        ]
        read = f"; {self.partial} read only in part" if self.partial else ""
        noun = "plan" if self.plans == 1 else "plans"
        return f"searched {self.plans} {noun}: {', '.join(parts)}{read}"


def documents(plans: Sequence[Plan], normalizer: Normalizer) -> list[Document]:
    """Every task and target of ``plans``, in plan order, normalised for searching."""
    out = []
    for plan in plans:

        def norm(text: str, plan: Plan = plan) -> str:
            return _nfkc(normalizer.normalize(text, plan.script, plan.vocabulary))

        out += [Document(plan, "task", t.number, norm(t.words)) for t in plan.tasks]
        for target in plan.targets:
            metric = norm(target.metric)
            out.append(Document(plan, "target", metric, f"{metric}: {norm(target.quote)}"))
    return out


def _occurrences(text: str, needles: Collection[str]) -> list[tuple[int, int]]:
    spans: set[tuple[int, int]] = set()
    for needle in needles:
        at = text.find(needle)
        while at != -1:
            spans.add((at, at + len(needle)))
            at = text.find(needle, at + 1)
    return sorted(spans)


def needles(term: str, normalizer: Normalizer, lexicon: Lexicon | None = None) -> list[str]:
    """The strings that spell ``term``: its readings in either script and, for a
    lexicon term, its other spellings; shortest first."""
    readings = normalizer.readings(term.strip())
    if lexicon is not None:
        readings = [s for r in readings for s in lexicon.spellings(r)]
    return sorted({_nfkc(r) for r in readings if r}, key=len)


def search(
    query: Query,
    plans: Sequence[Plan],
    normalizer: Normalizer,
    lexicon: Lexicon | None = None,
    boundaries: Mapping[str, Collection[int]] | None = None,
) -> list[Hit]:
    """The tasks and targets of ``plans`` that use all the query's terms (or any),
    in plan order.  Unless the query asks for substrings, a term matches only as
    whole words, as ``boundaries`` tells (text → where its words start and end:
    :func:`qualpolicy.taskwords.word_boundaries`)."""
    if not query.substring and boundaries is None:
        raise ValueError("a search by words needs the texts' word boundaries")
    spelled = {term: needles(term, normalizer, lexicon) for term in dict.fromkeys(query.terms)}
    spelled = {term: found for term, found in spelled.items() if found}
    if not spelled:
        return []
    docs = documents(plans, normalizer)
    matched: list[tuple[Document, list[Match]]] = []
    for doc in docs:
        cuts = None if boundaries is None or query.substring else set(boundaries[doc.text])
        matches = [
            Match(term, start, end)
            for term, spellings in spelled.items()
            for start, end in _occurrences(doc.text, spellings)
            if cuts is None or (start in cuts and end in cuts)
        ]
        if matches:
            matched.append((doc, sorted(matches, key=lambda m: (m.start, m.end))))
    # Rarer terms weigh more: the same inverse document frequency as task themes.
    frequency = Counter(t for _, ms in matched for t in {m.term for m in ms})
    idf = {t: math.log((1 + len(docs)) / (1 + frequency[t])) + 1 for t in spelled}
    return [
        Hit(doc.plan, doc.kind, doc.ref, doc.text, tuple(ms), sum(idf[m.term] for m in ms))
        for doc, ms in matched
        if query.any_term or len({m.term for m in ms}) == len(spelled)
    ]


def ranked(hits: Sequence[Hit]) -> list[Hit]:
    """The hits that use the terms most (weighted by rarity) first; ties in plan order."""
    return sorted(hits, key=lambda h: -h.score)
