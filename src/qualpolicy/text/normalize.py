"""Normalising Chinese text to simplified script and mainland vocabulary.

OpenCC's ``t2s`` converts characters; the project's own rules
(``data/vocabulary.yaml``) fix what it leaves and, for Taiwan-vocabulary text,
swap the words back (品質→质量, 軟體→软件 …).  Simplified text passes through
unchanged.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Protocol

from qualpolicy import cache
from qualpolicy.findings import Problem
from qualpolicy.models import STRICT, Script, Vocabulary


class Written(Protocol):
    """Anything whose text is in a known script and vocabulary: a plan, a report."""

    @property
    def script(self) -> Script: ...

    @property
    def vocabulary(self) -> Vocabulary: ...


@dataclass(frozen=True, kw_only=True)
class VocabularyRule:
    """Replace ``phrase`` (text after t2s, simplified) by ``to``."""

    __pydantic_config__ = STRICT

    phrase: str
    """Text as it reads after OpenCC's t2s."""
    to: str
    """What it becomes; equal to `phrase` to protect it from shorter rules."""
    why: str
    examples: list[tuple[str, str]]
    """[original text, expected normalised text] pairs; validate checks each."""


@dataclass(frozen=True, kw_only=True)
class VocabularyRules:
    """The vocabulary rules file (data/vocabulary.yaml)."""

    __pydantic_config__ = STRICT

    traditional: list[VocabularyRule] = field(default_factory=list)
    """Applied to all traditional-script text."""
    taiwan: list[VocabularyRule] = field(default_factory=list)
    """Applied also to Taiwan-vocabulary text."""


def merge_rules(below: VocabularyRules, layer: VocabularyRules) -> VocabularyRules:
    """``layer``'s rules after ``below``'s (longest phrase still wins)."""
    return VocabularyRules(
        traditional=below.traditional + layer.traditional, taiwan=below.taiwan + layer.taiwan
    )


def example_problems(rules: VocabularyRules, below: VocabularyRules | None = None) -> list[Problem]:
    """Every rule needs an example, and every example must come out as the rule says
    (with the rules of the layers below applied too)."""

    normalizer = Normalizer(merge_rules(below, rules) if below else rules)
    problems = []
    for group, vocabulary in (("traditional", Vocabulary.mainland), ("taiwan", Vocabulary.taiwan)):
        for i, rule in enumerate(getattr(rules, group)):
            if not rule.examples:
                problems.append(
                    Problem((group, i, "examples"), "no-example", "a rule needs an example")
                )
            for j, (text, expected) in enumerate(rule.examples):
                got = normalizer.normalize(text, Script.traditional, vocabulary)
                if got != expected:
                    problems.append(
                        Problem(
                            (group, i, "examples", j),
                            "example-fails",
                            f"{text} normalises to {got}, not {expected}",
                            "fix the rule, or the example if the rule is right",
                        )
                    )
    return problems


class _Rewriter:
    """Longest-match-first replacement of many phrases in one pass."""

    def __init__(self, rules: list[VocabularyRule]):
        self.table = {rule.phrase: rule.to for rule in rules}
        if self.table:
            alternatives = sorted(self.table, key=len, reverse=True)
            self.pattern: re.Pattern[str] | None = re.compile(
                "|".join(map(re.escape, alternatives))
            )
        else:
            self.pattern = None

    def __call__(self, text: str) -> str:
        if self.pattern is None:
            return text
        return self.pattern.sub(lambda m: self.table[m.group(0)], text)


@functools.cache
def _opencc_t2s() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


# The CJK blocks OpenCC's t2s maps: the unified ideographs, extension A and the
# compatibility ideographs.
_IDEOGRAPHS = (range(0x3400, 0x4DC0), range(0x4E00, 0xA000), range(0xF900, 0xFB00))
TRADITIONAL_SHARE = 0.02
"""A text is traditional when more than this share of its ideographs are traditional-only
(a simplified text has none; a traditional one, a tenth or more)."""


@functools.cache
def traditional_characters() -> frozenset[str]:
    """Every ideograph that t2s turns into another: what marks text as traditional.  Worked
    out once with OpenCC, then kept in the cache (keyed by OpenCC's version)."""
    slot, key = "traditional-characters", cache.key([])
    found = cache.load(slot, key)
    if isinstance(found, frozenset):
        return found
    chars = [chr(c) for block in _IDEOGRAPHS for c in block]
    # one character a line, so no phrase of t2s's dictionaries spans two of them
    converted = _opencc_t2s().convert("\n".join(chars)).split("\n")
    found = frozenset(a for a, b in zip(chars, converted, strict=True) if a != b)
    cache.store(slot, key, found)
    return found


def traditional_in(text: str) -> list[str]:
    """The traditional-only characters of ``text``, in order, each once."""
    marks = traditional_characters()
    return list(dict.fromkeys(ch for ch in text if ch in marks))


def script_of(text: str) -> Script:
    """The script ``text`` is written in, by its characters (not by what a file declares)."""
    ideographs = sum(1 for ch in text if "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff")
    if not ideographs:
        return Script.simplified
    marks = traditional_characters()
    share = sum(1 for ch in text if ch in marks) / ideographs
    return Script.traditional if share > TRADITIONAL_SHARE else Script.simplified


class Normalizer:
    """Turns plan text of any script and vocabulary into simplified mainland text."""

    def __init__(self, rules: VocabularyRules):
        self.rules = rules
        self._traditional = _Rewriter(rules.traditional)
        self._taiwan = _Rewriter(rules.traditional + rules.taiwan)
        self._memo: dict[tuple[str, Script, Vocabulary], str] = {}

    @property
    def memo(self) -> dict[tuple[str, Script, Vocabulary], str]:
        """Normalisations done so far; the cache keeps them so later runs skip OpenCC."""
        return self._memo

    def remember(self, memo: dict[tuple[str, Script, Vocabulary], str]) -> None:
        self._memo.update(memo)

    def normalize(
        self,
        text: str,
        script: Script = Script.traditional,
        vocabulary: Vocabulary = Vocabulary.mainland,
    ) -> str:
        """``text`` in simplified script and mainland vocabulary.  The script is read from
        the text itself: text declared simplified that holds traditional characters (a
        quote pasted from a mirror page) is converted all the same."""
        if script is Script.simplified and vocabulary is Vocabulary.mainland:
            if traditional_characters().isdisjoint(text):
                return text
            script = Script.traditional
        key = (text, script, vocabulary)
        if key not in self._memo:
            simplified = _opencc_t2s().convert(text)
            rewrite = self._taiwan if vocabulary is Vocabulary.taiwan else self._traditional
            self._memo[key] = rewrite(simplified)
        return self._memo[key]

    def readings(self, text: str) -> list[str]:
        """Normalisations of text of unknown origin (a user's query), most likely first.

        Simplified input is taken as it is.  Traditional input is read as mainland
        vocabulary and, where that differs, also as Taiwan vocabulary, so
        首席品質官 finds 首席质量官 while 智慧監管 still finds 智慧监管.
        """
        mainland = self.normalize(text, Script.traditional, Vocabulary.mainland)
        if mainland == text:
            return [text]
        taiwan = self.normalize(text, Script.traditional, Vocabulary.taiwan)
        return [mainland] if taiwan == mainland else [mainland, taiwan]


_SPACE = re.compile(r"\s+")


def _space_run(m: re.Match[str]) -> str:
    text, i, j = m.string, m.start(), m.end()
    between_digits = i > 0 and j < len(text) and text[i - 1].isdigit() and text[j].isdigit()
    return " " if between_digits else ""


# Punctuation that varies between copies of one document: curly and straight quotes,
# corner brackets; full-width brackets and the like become ASCII by NFKC already.
_MARKS = str.maketrans(
    {
        "“": '"',
        "”": '"',
        "„": '"',
        "‟": '"',
        "〝": '"',
        "〞": '"',
        "「": '"',
        "」": '"',
        "『": '"',
        "』": '"',
        "‘": "'",
        "’": "'",
        "‚": "'",
        "‛": "'",
    }
)


def marks(text: str) -> str:
    """``text`` with the punctuation copies of a document vary in made one: curly quotes
    and corner brackets as straight quotes, full-width brackets as ASCII (质量基础设施
    “一站式”服务平台 and 质量基础设施"一站式"服务平台 are one wording)."""
    return unicodedata.normalize("NFKC", text).translate(_MARKS) if not text.isascii() else text


def fold(text: str) -> str:
    """Text for matching: :func:`marks`, then without white space.

    White space between two digits becomes one space, so that folding never
    joins two numbers into one (``2023-07-31 10:59`` must not read ``3110``).
    """
    return _SPACE.sub(_space_run, marks(text))
