"""The domain lexicon (``data/lexicon.yaml``): terms jieba keeps whole, their
other spellings, and stopwords.  Used by task themes and by search."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from qualpolicy.findings import Problem
from qualpolicy.models import STRICT


@dataclass(frozen=True, kw_only=True)
class Term:
    """A domain term jieba must keep whole."""

    __pydantic_config__ = STRICT

    term: str
    """The term, simplified."""
    variants: list[str] = field(default_factory=list)
    """Other spellings (simplified) rewritten to the term before segmentation."""


@dataclass(frozen=True, kw_only=True)
class Lexicon:
    """The lexicon file (data/lexicon.yaml)."""

    __pydantic_config__ = STRICT

    terms: list[Term]
    stopwords: list[str] = field(default_factory=list)
    """Words too general to be a theme."""

    @cached_property
    def _variants(self) -> list[tuple[str, str]]:
        pairs = ((v, t.term) for t in self.terms for v in t.variants if v != t.term)
        return sorted(pairs, key=lambda pair: -len(pair[0]))

    def rewrite(self, text: str) -> str:
        """Variants replaced by their terms, longest first (首台(套) → 首台套)."""
        for variant, term in self._variants:
            text = text.replace(variant, term)
        return text

    def spellings(self, text: str) -> list[str]:
        """Every spelling of the term ``text`` is or spells: 首台套 → 首台套, 首台(套) …"""
        for t in self.terms:
            if text == t.term or text in t.variants:
                return [t.term, *t.variants]
        return [text]


def merge_lexicon(below: Lexicon, layer: Lexicon) -> Lexicon:
    return Lexicon(terms=below.terms + layer.terms, stopwords=below.stopwords + layer.stopwords)


def lexicon_problems(lexicon: Lexicon, below: Lexicon | None = None) -> list[Any]:
    """Terms and stopwords are each listed once (in this layer and those below); no term is
    also a stopword."""

    problems = []
    below = below or Lexicon(terms=[])
    seen: set[str] = {w for t in below.terms for w in [t.term, *t.variants]}
    for i, t in enumerate(lexicon.terms):
        for j, word in enumerate([t.term, *t.variants]):
            where = ("terms", i, "term") if j == 0 else ("terms", i, "variants", j - 1)
            if word in seen:
                problems.append(Problem(where, "listed-twice", f"{word} is listed twice"))
            seen.add(word)
    stops: set[str] = set(below.stopwords)
    terms = {t.term for t in below.terms + lexicon.terms}
    for i, word in enumerate(lexicon.stopwords):
        if word in stops:
            problems.append(Problem(("stopwords", i), "listed-twice", f"{word} is listed twice"))
        elif word in terms:
            problems.append(
                Problem(("stopwords", i), "term-and-stopword", f"{word} is a term and a stopword")
            )
        stops.add(word)
    return problems
