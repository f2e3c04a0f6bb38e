"""Drafting the figures of a plan from its text, for a curator to check.

:func:`draft_figures` walks a document's blocks in order.  Headings tell which part a
block belongs to (goals, the present, tasks; see :mod:`qualpolicy.draft.sections`);
each sentence is read by :func:`qualpolicy.text.clauses.read`, and each figure gets
its kind and year:

- a year clause before it in its sentence governs it (到2025年 → a target for 2025;
  2022年，全省… or 截至2023年底 → a baseline for that year);
- otherwise the last year clause of its paragraph, and in the goals also the year of an
  earlier paragraph of the same part (with a review note: the year is inherited);
- a figure in a status part (发展基础, 现状 …), or written with 已/目前/现有, is a baseline;
- a figure in a task, without a year of its own, is a target with no year;
- numbers in notes on data and method (有关说明, 注：) are passed over.

Rows of an annex table of indicators are read by :mod:`qualpolicy.draft.tables`.
Numbers passed over are listed in ``skipped`` with the reason, and so is a figure that
restates one drafted earlier.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from qualpolicy.documents.blocks import Block
from qualpolicy.draft.sections import (
    NOTE_LINE,
    Heading,
    Part,
    heading,
    reports_present,
    year_clauses,
)
from qualpolicy.draft.tables import TableReader
from qualpolicy.models import Kind
from qualpolicy.text.clauses import Figure, read
from qualpolicy.text.quantities import fold
from qualpolicy.text.years import YearClause

Simplify = Callable[[str], str]

VISION_YEAR = 2035
"""Goals from this year on are usually qualitative: a figure for them is worth a look."""


@dataclass(frozen=True)
class DraftedFigure:
    """A figure as drafted: what the clause says, plus what its place in the plan says."""

    figure: Figure
    kind: Kind
    year: int | None
    where: str
    """The block's ``where`` ("line 12", "table 1, row 4")."""
    review: tuple[str, ...] = ()
    """Notes from drafting (an inherited year …); the clause's own are in ``figure.review``."""

    @property
    def notes(self) -> tuple[str, ...]:
        return self.figure.review + self.review


@dataclass(frozen=True)
class Skipped:
    """A number seen but not drafted, and why."""

    text: str
    why: str
    where: str = ""


@dataclass
class Drafted:
    """What :func:`draft_figures` found, in document order."""

    figures: list[DraftedFigure] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def draft_figures(blocks: Sequence[Block], simplify: Simplify | None = None) -> Drafted:
    """The figures ``blocks`` state, each with its kind and year, and the numbers passed over."""
    return _Drafter(simplify).draft(blocks)


_SENTENCE = re.compile(r"[^。!?！？]+[。!?！？]?")


@dataclass
class _Frame:
    """A heading and what holds under it."""

    level: int
    part: Part | None
    year: int | None = None


class _Drafter:
    def __init__(self, simplify: Simplify | None):
        self.simplify = simplify
        self.stack: list[_Frame] = []
        self.out = Drafted()
        self.seen: set[tuple[object, ...]] = set()
        self.table = TableReader()

    def draft(self, blocks: Sequence[Block]) -> Drafted:
        for block in blocks:
            if block.text.strip():
                self._block(block)
        return self.out

    @property
    def part(self) -> Part | None:
        return next((f.part for f in reversed(self.stack) if f.part), None)

    def _open(self, found: Heading) -> None:
        while self.stack and self.stack[-1].level >= found.level:
            self.stack.pop()
        self.stack.append(_Frame(found.level, found.part))

    def _inherited_year(self) -> int | None:
        """The year a goals part set in an earlier paragraph."""
        if self.part is not Part.goals:
            return None
        return next((f.year for f in reversed(self.stack) if f.year), None)

    def _block(self, block: Block) -> None:
        if block.table or "\t" in block.text:
            rows, skipped = self.table.read(block, self.simplify)
            for row in rows:
                self._keep(DraftedFigure(row.figure, row.kind, row.year, block.where))
            self.out.skipped.extend(Skipped(s.text, s.why, block.where) for s in skipped)
            return
        self.table.reset()
        simplified = self.simplify(block.text) if self.simplify else block.text
        found = heading(fold(simplified))
        if found is not None:
            self._open(found)
        if self.part is Part.notes or NOTE_LINE.match(fold(simplified)):
            self._note(block, simplified)
            return
        self._sentences(block, simplified)

    def _note(self, block: Block, simplified: str) -> None:
        """Numbers in notes on data and method (有关说明, 注：) are passed over."""
        reading = read(block.text, self.simplify, simplified=simplified)
        self.out.skipped.extend(Skipped(s.text, s.why, block.where) for s in reading.skipped)
        self.out.skipped.extend(
            Skipped(f.quote, "in a note on data or method", block.where)
            for f in reading.figures
            if f.kind is not Kind.direction
        )

    def _sentences(self, block: Block, simplified: str) -> None:
        same_length = len(simplified) == len(block.text)
        paragraph_year: int | None = None
        for m in _SENTENCE.finditer(block.text):
            original = m.group()
            if not original.strip():
                continue
            if same_length:
                plain = simplified[m.start() : m.end()]
            else:
                plain = self.simplify(original) if self.simplify else original
            clauses = year_clauses(fold(plain), self.part)
            reading = read(original, self.simplify, simplified=plain)
            for figure in reading.figures:
                kind, year, review = self._place(figure, clauses, paragraph_year, plain)
                shifted = replace(
                    figure, start=figure.start + m.start(), end=figure.end + m.start()
                )
                self._keep(DraftedFigure(shifted, kind, year, block.where, review))
            self.out.skipped.extend(Skipped(s.text, s.why, block.where) for s in reading.skipped)
            targets = [c.year for c in clauses if not c.status]
            if targets:
                paragraph_year = targets[-1]
                if self.part is Part.goals and self.stack:
                    self.stack[-1].year = paragraph_year

    def _place(
        self, figure: Figure, clauses: list[YearClause], paragraph_year: int | None, sentence: str
    ) -> tuple[Kind, int | None, tuple[str, ...]]:
        """The kind and year of ``figure`` (offsets in ``sentence``), with review notes."""
        own = next((c for c in reversed(clauses) if c.start < figure.end), None)
        kind = self._kind(figure, own, sentence)
        if kind is Kind.baseline:
            status_year = own.year if own is not None and own.status else None
            return kind, figure.year or status_year, ()
        review: list[str] = []
        year: int | None = None
        if own is not None:
            year = own.year
        elif paragraph_year is not None:
            year = paragraph_year
            review.append("year from an earlier sentence of the paragraph")
        elif (inherited := self._inherited_year()) is not None:
            year = inherited
            review.append("year from an earlier paragraph")
        if year is not None and year >= VISION_YEAR:
            review.append(f"a figure for {year}: vision goals are usually qualitative")
        elif kind is Kind.target and year is None and self.part is Part.goals:
            review.append("no year found for a goal")
        return kind, year, tuple(review)

    def _kind(self, figure: Figure, own: YearClause | None, sentence: str) -> Kind:
        if figure.kind is not Kind.target:
            return figure.kind
        if own is not None:
            return Kind.baseline if own.status else Kind.target
        if self.part is Part.status:
            return Kind.baseline
        # 已建立…, 目前… just before or at the start of the figure's words
        before = fold(sentence)[max(0, figure.start - 6) : figure.start + 3]
        return Kind.baseline if reports_present(before) else Kind.target

    def _keep(self, drafted: DraftedFigure) -> None:
        """Keep a figure, unless it restates one drafted before (same kind, year, value and
        metric), as a status section that repeats its own figures does."""
        f = drafted.figure
        metric = self.simplify(f.metric) if self.simplify else f.metric
        key = (drafted.kind, drafted.year, f.value, metric, f.scope, f.unit, f.trend)
        if key in self.seen:
            self.out.skipped.append(
                Skipped(f.quote, "restates a figure drafted earlier", drafted.where)
            )
            return
        self.seen.add(key)
        self.out.figures.append(drafted)
