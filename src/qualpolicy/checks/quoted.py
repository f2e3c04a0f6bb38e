"""An entry against what its own quote says, read by the clause reader that drafts plans
(:mod:`qualpolicy.text.clauses`): a comparator, year, unit, hedge or held level the words
contradict is an error naming both; and the script the quotes are written in against the
script the plan declares.
"""

from __future__ import annotations

from collections.abc import Iterator

from qualpolicy.findings import DocPath, Problem, Severity
from qualpolicy.models import (
    COMPARATOR_SYMBOLS,
    UNIT_SYMBOLS,
    Comparator,
    Kind,
    Plan,
    Script,
    Target,
    Unit,
)
from qualpolicy.text.clauses import Figure, read_clause
from qualpolicy.text.normalize import Normalizer, script_of, traditional_in
from qualpolicy.text.years import stated_years

READS = frozenset(
    {"quote", "value", "kind", "comparator", "unit", "year", "hedge", "held", "metric"}
)
"""The entry fields these checks read: an entry with one of them broken is passed over."""

# The words that say each bound, as a quote writes them (simplified).
BOUND_WORDS: dict[Comparator, tuple[str, ...]] = {
    Comparator.ge: ("以上", "不低于", "不少于", "至少"),
    Comparator.gt: ("突破", "超过", "余"),
    Comparator.le: ("以内", "以下", "不超过", "不高于"),
    Comparator.lt: ("低于",),
    Comparator.approx: ("左右", "约", "近"),
    Comparator.eq: ("达到", "为"),
}
HELD_WORDS = ("稳定在", "保持在", "保持", "稳定")
SCRIPT_EXAMPLES = 5


def quote_problems(
    entries: list[tuple[int, Target]], plan: Plan, normalizer: Normalizer
) -> Iterator[Problem]:
    """What each entry's quote says that the entry contradicts."""

    def simplify(text: str) -> str:
        return normalizer.normalize(text, plan.script, plan.vocabulary)

    for i, target in entries:
        if target.kind is Kind.direction or target.value is None:
            continue
        found = _figure_of(target, read_clause(target.quote, simplify), simplify)
        if found is not None:
            yield from _contradictions(("targets", i), target, found, simplify(target.quote))


def _figure_of(target: Target, figures: list[Figure], simplify: object) -> Figure | None:
    """The figure of the quote the entry encodes: the one with its value (of several, the
    one whose wording shares most with the entry's metric)."""
    same = [
        f for f in figures if f.value is not None and float(f.value) == float(target.value or 0)
    ]
    if not same:
        return None  # value-not-in-quote says so
    return max(same, key=lambda f: len(set(f.metric) & set(target.metric)))


def _contradictions(path: DocPath, t: Target, f: Figure, quote: str) -> Iterator[Problem]:
    # Only what the words say: a bound whose word is in the quote, a unit it writes.
    bound = f.comparator
    word = next((w for w in BOUND_WORDS[bound] if w in quote), None) if bound else None
    if bound is not None and word and t.comparator is not None and bound is not t.comparator:
        said = f"{COMPARATOR_SYMBOLS[bound]} ({word})"
        yield _problem(
            path, "comparator", f"the quote says {said}, the entry says {t.comparator.value}"
        )
    clauses = [c for c in stated_years(quote) if not c.status]
    if t.kind is Kind.target and len({c.year for c in clauses}) == 1 and t.year != clauses[0].year:
        said = f"{clauses[0].year} ({quote[clauses[0].start : clauses[0].end]})"
        entry = str(t.year) if t.year is not None else "no year"
        yield _problem(path, "year", f"the quote says {said}, the entry says {entry}")
    if f.unit not in (None, Unit.other) and t.unit is not None and f.unit is not t.unit:
        symbol = UNIT_SYMBOLS[f.unit] or f.unit_text or ""
        said = f.unit.value + (f" ({symbol})" if symbol else "")
        yield _problem(path, "unit", f"the quote says {said}, the entry says {t.unit.value}")
    if f.hedge is not None and t.hedge is None:
        yield _problem(path, "hedge", f"the quote says {f.hedge.value}, the entry has no hedge")
    elif f.hedge is not None and t.hedge is not None and f.hedge is not t.hedge:
        yield _problem(
            path, "hedge", f"the quote says {f.hedge.value}, the entry says {t.hedge.value}"
        )
    if f.held and not t.held:
        word = next((w for w in HELD_WORDS if w in quote), "held")
        yield _problem(
            path, "held", f"the quote says the level is held ({word}), the entry does not"
        )
    elif t.held and not f.held and not any(w in quote for w in HELD_WORDS):
        yield _problem(path, "held", "the entry says held, the quote has no 稳定在 or 保持")


def _problem(path: DocPath, field: str, message: str) -> Problem:
    return Problem(
        (*path, field),
        f"{field}-contradicts-quote",
        message,
        f"set {field} to what the quote says, or quote the clause the figure comes from",
    )


def script_problems(plan: Plan, texts: list[str]) -> Iterator[Problem]:
    """A plan declared simplified whose quotes are traditional (pasted from a mirror page):
    it still aligns, but its files say otherwise."""
    written = "".join(texts)
    if plan.script is Script.simplified and script_of(written) is Script.traditional:
        examples = "".join(traditional_in(written)[:SCRIPT_EXAMPLES])
        yield Problem(
            ("script",),
            "script-mismatch",
            f"the plan says script: simplified, but its quotes are in traditional characters "
            f"({examples} …)",
            "set script: traditional (the quotes stay as the source writes them)",
            Severity.warning,
        )
