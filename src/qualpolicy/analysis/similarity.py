"""Reading a metric wording's structure: the cautious similarity tier and suggestions.

A wording such as 主要农产品例行监测合格率 is read as words (jieba with the domain
lexicon and the catalogue's similarity vocabulary): a *measure head* at the end
(合格率), *subjects* (农产品), and qualifiers.  Against each catalogue wording
the engine lines the words up in order and looks at what differs:

* **similar** — the same head, at least one shared word besides it, and every
  other difference a qualifier the catalogue declares neutral (质量安全, 主要 …)
  or a word of the same equivalence group (抽检 = 抽查).  Such a wording aligns
  with a lower confidence, never when two metrics qualify equally.
* **blocked** — another head (问题处置率 is not 合格率), two subjects in one
  wording (食品药品…), or a change, new-only, cumulative or yearly word the
  entry's own fields do not record.  Blocked wordings never align by
  similarity; they still get suggestions, with the reason.
* **ruled out** — a wording that is one of a metric's "not this" labels, or differs
  from one only as a similar wording may, is never that metric: neither aligned to
  it by similarity nor suggested for it.

Suggestions rank catalogue metrics for any wording no rule maps, by a score
mixing the head (same, same family, or missing) and the words shared, and say
why in plain words.  Everything here works on token tuples, so the results can
be cached and warm commands never load jieba.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from difflib import SequenceMatcher
from functools import cached_property
from typing import TYPE_CHECKING, NamedTuple

from qualpolicy.analysis.catalogue import Catalogue, Metric, Similarity

if TYPE_CHECKING:
    from qualpolicy.models import Target

CONFIDENCE = 0.7
MIN_SCORE = 0.25
SUGGESTIONS = 3
NEUTRAL_WEIGHT = 0.25
# Two wordings about different subjects (产品 vs 药品) are unlikely one measure;
# a count is unlikely to be a share.
OTHER_SUBJECT_FACTOR = 0.5
OTHER_UNIT_FACTOR = 0.5
_PUNCTUATION = frozenset("“”\"'()（）《》〈〉<>‹›、,，;；:：·")

Tokens = tuple[str, ...]
Tokenize = Callable[[str], Iterable[str]]


class Flags(NamedTuple):
    """What an entry's own fields say about its basis, which lets matching words pass."""

    change: bool = False
    new_only: bool = False
    cumulative: bool = False
    per_year: bool = False
    combined: bool = False
    unit: str | None = None
    """The entry's unit: a metric measured in another unit is a less likely match."""

    @classmethod
    def of(cls, target: Target) -> Flags:
        return cls(
            change=target.change is not None or target.per_year,
            new_only=target.new_only,
            cumulative=target.cumulative,
            per_year=target.per_year,
            combined=target.combined,
            unit=target.unit.value if target.unit else None,
        )


class Suggestion(NamedTuple):
    """A catalogue metric a wording may be, with a score in 0–1 and why."""

    metric: str
    name: str
    score: float
    why: str
    wording: str  # the catalogue wording it came closest to


class Verdict(NamedTuple):
    """The similarity tier's answer for one wording."""

    metric: str | None
    wording: str | None  # the catalogue wording it is similar to
    differs: tuple[str, ...]  # the neutral words that differ
    blocked: tuple[str, ...]  # why it may not align by similarity, in words
    candidates: tuple[str, ...] = ()  # metric ids when several qualify equally


class Reader:
    """Reads wordings with the catalogue's similarity vocabulary."""

    def __init__(self, catalogue: Catalogue, tokenize: Tokenize):
        self.catalogue = catalogue
        self.rules: Similarity = catalogue.similarity
        self.tokenize = tokenize
        self._canon = {w: group[0] for group in self.rules.equivalents for w in group}
        self._family = {h: i for i, fam in enumerate(self.rules.head_families) for h in fam}
        self._fillers = frozenset(self.rules.fillers)

    # --- the structure of a wording -------------------------------------------------------

    def words(self, wording: str) -> Tokens:
        """The wording's words, equivalents folded, punctuation and fillers (的) dropped."""
        out = []
        for token in self.tokenize(wording):
            token = token.strip()
            if token and token not in self._fillers and not all(c in _PUNCTUATION for c in token):
                out.append(self._canon.get(token, token))
        return tuple(out)

    def head(self, words: Tokens) -> str | None:
        return words[-1] if words and words[-1] in self.rules.heads else None

    def blockers(self, words: Tokens, flags: Flags) -> list[str]:
        """Why a wording may not align by similarity at all, whatever it resembles."""
        rules = self.rules
        out = []
        checks = (
            (rules.change_words, flags.change, "a change or growth in the wording ({})"),
            (rules.new_words, flags.new_only, "new ones only in the wording ({})"),
            (rules.cumulative_words, flags.cumulative, "a cumulative total in the wording ({})"),
            (rules.yearly_words, flags.per_year, "a yearly figure in the wording ({})"),
        )
        for vocabulary, recorded, words_say in checks:
            found = [w for w in words if w in vocabulary]
            if found and not recorded:
                out.append(words_say.format("、".join(dict.fromkeys(found))))
        subjects = list(dict.fromkeys(w for w in words if w in rules.subjects))
        if len(subjects) > 1 and not flags.combined:
            out.append(f"two subjects joined ({'、'.join(subjects)})")
        return out

    def _passing(self, flags: Flags) -> frozenset[str]:
        """Words that differ harmlessly for an entry with these flags."""
        rules = self.rules
        words = set(rules.neutral)
        for vocabulary, recorded in (
            (rules.change_words, flags.change),
            (rules.new_words, flags.new_only),
            (rules.cumulative_words, flags.cumulative),
            (rules.yearly_words, flags.per_year),
        ):
            if recorded:
                words.update(vocabulary)
        return frozenset(words)

    # --- the similarity tier --------------------------------------------------------------

    @cached_property
    def _wordings(self) -> list[tuple[Metric, str, Tokens]]:
        return [(m, w, self.words(w)) for m in self.catalogue.metrics for w in m.wordings]

    @cached_property
    def _not_this(self) -> list[tuple[Metric, Tokens]]:
        return [(m, self.words(n.label)) for m in self.catalogue.metrics for n in m.not_this]

    def differences(self, a: Tokens, b: Tokens) -> tuple[list[str], list[str], list[str]]:
        """Words only in ``a``, words only in ``b``, and words both share, in order."""
        only_a: list[str] = []
        only_b: list[str] = []
        shared: list[str] = []
        for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
            if op == "equal":
                shared += a[i1:i2]
            else:
                only_a += a[i1:i2]
                only_b += b[j1:j2]
        return only_a, only_b, shared

    def _similar(self, words: Tokens, other: Tokens, passing: frozenset[str]) -> list[str] | None:
        """The harmless words that differ, if ``words`` is similar to ``other``; else None."""
        head = self.head(words)
        if head != self.head(other):
            return None
        only_a, only_b, shared = self.differences(words, other)
        if not only_a and not only_b:
            return []
        content = [w for w in shared if w != head and w not in passing]
        if not content:
            return None
        differing = only_a + only_b
        return differing if all(w in passing for w in differing) else None

    def ruled_out(self, words: Tokens, passing: frozenset[str]) -> set[str]:
        """The metrics ``words`` is not: each with a "not this" label that the words are,
        or are similar to."""
        return {
            m.id for m, label in self._not_this if self._similar(words, label, passing) is not None
        }

    def verdict(self, wording: str, flags: Flags) -> Verdict:
        words = self.words(wording)
        blocked = tuple(self.blockers(words, flags))
        if blocked:
            return Verdict(None, None, (), blocked)
        passing = self._passing(flags)
        excluded = self.ruled_out(words, passing)
        found: dict[str, tuple[str, list[str]]] = {}
        for metric, text, other in self._wordings:
            if metric.id in excluded:
                continue
            differing = self._similar(words, other, passing)
            if differing is not None:
                best = found.get(metric.id)
                if best is None or len(differing) < len(best[1]):
                    found[metric.id] = (text, differing)
        if len(found) == 1:
            [(metric_id, (text, differing))] = found.items()
            return Verdict(metric_id, text, tuple(dict.fromkeys(differing)) or ("punctuation",), ())
        return Verdict(None, None, (), (), tuple(sorted(found)))

    # --- suggestions ----------------------------------------------------------------------

    def _weight(self, word: str) -> float:
        return NEUTRAL_WEIGHT if word in self.rules.neutral else 1.0

    def _head_score(self, a: str | None, b: str | None) -> float:
        if a == b:
            return 1.0 if a else 0.25
        if a is None or b is None:
            return 0.25
        family = self._family.get(a)
        return 0.5 if family is not None and family == self._family.get(b) else 0.0

    def score(
        self, words: Tokens, other: Tokens, passing: frozenset[str] = frozenset()
    ) -> tuple[float, list[str], list[str], list[str]]:
        """How likely two wordings are one measure, and the words behind the score
        (``passing`` words, such as 新增 on a new-only entry, count for nothing)."""
        head_a, head_b = self.head(words), self.head(other)
        only_a, only_b, shared = self.differences(
            tuple(w for w in words if w != head_a and w not in passing - self.neutral),
            tuple(w for w in other if w != head_b),
        )
        union = sum(self._weight(w) for w in [*only_a, *only_b, *shared])
        overlap = sum(self._weight(w) for w in shared)
        if not overlap or not union:
            return 0.0, only_a, only_b, shared
        score = 0.4 * self._head_score(head_a, head_b) + 0.6 * overlap / union
        if self.other_subjects(words, other):
            score *= OTHER_SUBJECT_FACTOR
        return score, only_a, only_b, shared

    def other_subjects(self, words: Tokens, other: Tokens) -> tuple[list[str], list[str]] | None:
        """The subjects of each wording when both name subjects and share none."""
        mine = [w for w in words if w in self.rules.subjects]
        theirs = [w for w in other if w in self.rules.subjects]
        if mine and theirs and not set(mine) & set(theirs):
            return mine, theirs
        return None

    @cached_property
    def neutral(self) -> frozenset[str]:
        return frozenset(self.rules.neutral)

    def suggest(self, wording: str, flags: Flags | None = None) -> list[Suggestion]:
        """Catalogue metrics ``wording`` may be, best first (at most three)."""
        flags = flags or Flags()
        words = self.words(wording)
        blocked = self.blockers(words, flags)
        passing = self._passing(flags)
        excluded = self.ruled_out(words, passing)
        best: dict[str, Suggestion] = {}
        for metric, text, other in self._wordings:
            if metric.id in excluded:
                continue
            score, only_a, only_b, shared = self.score(words, other, passing)
            if flags.unit and flags.unit != metric.unit.value:
                score *= OTHER_UNIT_FACTOR
            if score < MIN_SCORE:
                continue
            previous = best.get(metric.id)
            if previous is not None and previous.score >= score:
                continue
            why = self._why(words, other, only_a, only_b, shared, blocked)
            best[metric.id] = Suggestion(metric.id, metric.name, round(score, 2), why, text)
        ranked = sorted(best.values(), key=lambda s: (-s.score, s.metric))
        return ranked[:SUGGESTIONS]

    def _why(
        self,
        words: Tokens,
        other: Tokens,
        only_a: list[str],
        only_b: list[str],
        shared: list[str],
        blocked: Iterable[str],
    ) -> str:
        head_a, head_b = self.head(words), self.head(other)
        subjects = [w for w in shared if w in self.rules.subjects]
        rest = [w for w in shared if w not in subjects]
        parts = []
        if head_a and head_a == head_b:
            subject = f"subject {'、'.join(subjects)} and " if subjects else ""
            parts.append(f"same {subject}measure {head_a}")
        elif subjects:
            parts.append(f"same subject {'、'.join(subjects)}")
        if rest:
            parts.append(f"shares {'、'.join(rest)}")
        if head_a != head_b and (head_a or head_b):
            parts.append(f"measure {head_a or 'not named'} vs {head_b or 'not named'}")
        clash = self.other_subjects(words, other)
        if clash:
            parts.append(f"other subject ({'、'.join(clash[0])} vs {'、'.join(clash[1])})")
        differing = [
            w for w in dict.fromkeys(only_a + only_b) if not clash or w not in clash[0] + clash[1]
        ]
        if differing:
            only = not clash and all(w in self.rules.neutral for w in differing)
            parts.append(f"differs {'only ' if only else ''}in {'、'.join(differing)}")
        parts += list(blocked)
        return "; ".join(parts)
