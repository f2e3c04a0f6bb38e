"""Source texts: finding a plan's shipped text and checking quotes against it.

Matching happens on *folded* text: normalised to simplified mainland wording,
NFKC, white space removed — so a quote may be typed in the source's own script
and line breaks or half/full-width commas do not matter.  The folded text keeps
a map back to source lines for reporting.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from qualpolicy.errors import QualpolicyError
from qualpolicy.loading.yamlio import read_text
from qualpolicy.models import Plan
from qualpolicy.text.normalize import Normalizer, Written, fold

SOURCES_DIR = "sources"


def source_candidates(plan_file: Path, name: str) -> list[Path]:
    """Where a plan's ``source.file`` may live, in the order they are tried: the
    sources/ folder beside the plan's folder (a data directory's layout), then the
    plan's own folder.  Never another data directory's texts."""
    return [plan_file.parent.parent / SOURCES_DIR / name, plan_file.parent / name]


@dataclass
class SourceText:
    """A source text, folded for matching, with line starts for reporting."""

    path: Path
    lines: list[str]
    folded: str
    line_starts: list[int]

    @classmethod
    def read(
        cls, path: Path, plan: Written, normalizer: Normalizer, display: str | None = None
    ) -> SourceText:
        lines = read_text(path, display=display, max_bytes=8 * 1024 * 1024).splitlines()
        parts: list[str] = []
        starts: list[int] = []
        offset = 0
        for line in lines:
            starts.append(offset)
            part = fold(normalizer.normalize(line, plan.script, plan.vocabulary))
            parts.append(part)
            offset += len(part)
        return cls(path, lines, "".join(parts), starts)

    def line_of(self, offset: int) -> int:
        """1-based source line holding folded ``offset``."""
        return bisect_right(self.line_starts, offset)

    def find_all(self, folded_quote: str) -> Iterator[int]:
        start = self.folded.find(folded_quote)
        while start != -1 and folded_quote:
            yield start
            start = self.folded.find(folded_quote, start + 1)

    def mismatch_hint(self, folded_quote: str) -> str:
        """Say how much of a quote matches, to point the curator at the difference."""
        low, high = 0, len(folded_quote)
        while low < high:  # longest prefix that occurs somewhere
            mid = (low + high + 1) // 2
            if folded_quote[:mid] in self.folded:
                low = mid
            else:
                high = mid - 1
        if low == 0:
            return "no part of it occurs in the source; copy the quote from the source text"
        at = self.folded.find(folded_quote[:low])
        source_next = self.folded[at + low : at + low + 8]
        return (
            f"the first {low} characters match (source line {self.line_of(at)}); then the quote "
            f"has {folded_quote[low : low + 8]!r} where the source has {source_next!r}"
        )


def plan_source(plan: Plan, plan_file: Path, normalizer: Normalizer) -> SourceText | None:
    """The plan's shipped source text (beside ``plan_file``), or None if it names none."""
    if plan.source.file is None:
        return None
    for candidate in source_candidates(plan_file, plan.source.file):
        if candidate.is_file():
            return SourceText.read(candidate, plan, normalizer)
    raise QualpolicyError(
        f"source text {plan.source.file} of plan {plan.id} is missing",
        "run `qualpolicy validate` for details",
    )
