"""``qualpolicy search``: tasks and targets whose normalised text contains a term.

The term may be typed in either script (首席質量官, 首席品質官, 首席质量官 all
find the same tasks); matching ignores full-width/half-width differences.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from qualpolicy.lexicon import Lexicon
from qualpolicy.models import Plan
from qualpolicy.normalize import Normalizer

SNIPPET_RADIUS = 24


@dataclass(frozen=True)
class Hit:
    """One task or target that contains the term."""

    plan: Plan
    kind: str  # task | target
    ref: str  # task number, or the target's metric as normalised
    text: str  # the normalised text searched
    spans: tuple[tuple[int, int], ...]  # where the term occurs in ``text``

    def snippet(self, radius: int = SNIPPET_RADIUS) -> tuple[str, list[tuple[int, int]]]:
        """A window of ``text`` around the first match, and the matches inside it."""
        first = self.spans[0][0]
        start = max(0, first - radius)
        end = min(len(self.text), self.spans[0][1] + radius)
        prefix = "…" if start > 0 else ""
        suffix = "…" if end < len(self.text) else ""
        shift = len(prefix) - start
        inside = [(s + shift, e + shift) for s, e in self.spans if s >= start and e <= end]
        return prefix + self.text[start:end] + suffix, inside


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def _spans(text: str, needles: list[str]) -> tuple[tuple[int, int], ...]:
    spans: set[tuple[int, int]] = set()
    for needle in needles:
        at = text.find(needle)
        while at != -1:
            spans.add((at, at + len(needle)))
            at = text.find(needle, at + 1)
    return tuple(sorted(spans))


def search(
    term: str, plans: list[Plan], normalizer: Normalizer, lexicon: Lexicon | None = None
) -> list[Hit]:
    """Every task and target of ``plans`` whose normalised text contains ``term``
    (in either script, or in any spelling the lexicon knows: 首台套 finds 首台(套))."""
    readings = normalizer.readings(term.strip())
    if lexicon is not None:
        readings = [s for r in readings for s in lexicon.spellings(r)]
    needles = sorted({_nfkc(r) for r in readings if r}, key=len)
    if not needles:
        return []
    hits = []
    for plan in plans:

        def norm(text: str, plan: Plan = plan) -> str:
            return _nfkc(normalizer.normalize(text, plan.script, plan.vocabulary))

        for task in plan.tasks:
            text = norm(task.words)
            spans = _spans(text, needles)
            if spans:
                hits.append(Hit(plan, "task", task.number, text, spans))
        for target in plan.targets:
            metric = norm(target.metric)
            text = f"{metric}: {norm(target.quote)}"
            spans = _spans(text, needles)
            if spans:
                hits.append(Hit(plan, "target", metric, text, spans))
    return hits
