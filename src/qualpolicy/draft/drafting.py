"""From a plan document to a draft plan: every figure its text states, aligned to the
catalogue, under the header its text gives, for a curator to check.

The figures come from :func:`qualpolicy.draft.passages.draft_figures` (one clause reader,
:mod:`qualpolicy.text.clauses`, shared with validate); each is aligned by the workspace's
aligner as a plan entry would be, and carries where it sits in the document and the
reader's notes where it guessed.  What the text does not give — an issuer, a date, the
plan's id — is left empty and named (:attr:`PlanDraft.missing`), never invented.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from qualpolicy.analysis.align import Aligner, Match, Memo
from qualpolicy.analysis.similarity import Flags, Suggestion
from qualpolicy.documents.blocks import Document
from qualpolicy.draft.header import Header, read_header
from qualpolicy.draft.passages import DraftedFigure, Skipped, draft_figures
from qualpolicy.loading.rules import ID_PATTERN
from qualpolicy.models import TOP_LEVELS, Kind, Level, Script, Target
from qualpolicy.text.lexicon import Lexicon
from qualpolicy.text.segment import VocabularyCutter


@dataclass(frozen=True)
class Choices:
    """What the curator says of the plan up front (``draft --id --region --level --parent``);
    each overrides what the text gives."""

    plan_id: str | None = None
    region: str | None = None
    level: Level | None = None
    parent: str | None = None


@dataclass(frozen=True)
class DraftEntry:
    """One drafted entry: the plan model's target, how it aligns, where it is, what to check."""

    target: Target
    match: Match
    suggestions: tuple[Suggestion, ...]
    where: str
    """Where the curator finds it: "line 12", "page 3, paragraph 2", "table 1, row 4"."""
    review: tuple[str, ...]
    """What the reader guessed and the curator should check first."""


@dataclass(frozen=True)
class PlanDraft:
    """A draft plan file's content."""

    document: Document
    header: Header
    plan_id: str | None
    region: str | None
    level: Level | None
    parent: str | None
    horizon: list[int]
    entries: list[DraftEntry]
    skipped: list[Skipped]

    @property
    def missing(self) -> list[str]:
        """The fields the curator has to fill in: the text does not give them."""
        out = [name for name in self.header.missing if name not in ("region", "level")]
        out += [
            name
            for name, value in (
                ("id", self.plan_id),
                ("region", self.region),
                ("level", self.level),
            )
            if value is None
        ]
        if self.level is not None and self.level not in TOP_LEVELS and self.parent is None:
            out.append("parent")
        return out


def quick_aligner(aligner: Aligner, lexicon: Lexicon) -> Aligner:
    """``aligner``'s catalogue and what it has worked out already, with words cut by the
    catalogue's and the lexicon's vocabulary instead of jieba (a second to start)."""
    cutter = VocabularyCutter(lexicon, aligner.catalogue.similarity.vocabulary)
    known = aligner.memo
    memo = Memo(dict(known.tokens), dict(known.matches), dict(known.suggestions))
    return Aligner(aligner.catalogue, aligner.normalizer, cutter.words, memo)


def draft_plan(document: Document, aligner: Aligner, choices: Choices | None = None) -> PlanDraft:
    """The draft of ``document``'s plan, its figures aligned by ``aligner``."""
    choices = choices or Choices()
    header = read_header(document, aligner.normalizer)

    def simplify(text: str) -> str:
        return aligner.normalizer.normalize(text, header.script, header.vocabulary)

    drafted = draft_figures(
        document.blocks, simplify if header.script is Script.traditional else None
    )
    entries = [_entry(d, aligner, header) for d in drafted.figures]
    years = sorted({e.target.year for e in entries if e.target.year and _is_goal(e.target)})
    return PlanDraft(
        document=document,
        header=header,
        plan_id=choices.plan_id or _id_from(document.name),
        region=choices.region or header.region,
        level=choices.level or header.level,
        parent=choices.parent,
        horizon=years,
        entries=entries,
        skipped=drafted.skipped,
    )


def _is_goal(target: Target) -> bool:
    return target.kind is not Kind.baseline


def _entry(drafted: DraftedFigure, aligner: Aligner, header: Header) -> DraftEntry:
    f = drafted.figure
    target = Target(
        metric=f.metric,
        kind=drafted.kind,
        value=f.value,
        comparator=f.comparator,
        unit=f.unit,
        unit_text=f.unit_text,
        year=drafted.year,
        base_year=f.base_year,
        scope=f.scope,
        hedge=f.hedge,
        held=f.held,
        cumulative=f.cumulative,
        new_only=f.new_only,
        per_year=f.per_year,
        combined=f.combined,
        change=f.change,
        trend=f.trend,
        implied=f.implied,
        quote=f.quote,
    )
    if target.kind is Kind.direction:
        target = replace(target, value=None, comparator=None, unit=None, unit_text=None)
    if target.implied:  # the model asks an implied value to say what implies it
        target = replace(target, note=f"implied by the words: {f.quote}")
    flags = Flags.of(target)
    wording = aligner.wording(target.metric, header)
    match = aligner.match(wording, flags)
    suggestions = aligner.suggest(wording, flags) if not match.matched else ()
    return DraftEntry(target, match, suggestions, drafted.where, drafted.notes)


def _id_from(name: str) -> str | None:
    """A plan id from the file's name when it is one already (jiangsu.txt → jiangsu)."""
    stem = name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return stem if ID_PATTERN.match(stem) else None
