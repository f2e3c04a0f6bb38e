"""Rewriting the generated part of a document: `make readme` and `make architecture` write
theirs into README.md and docs/ARCHITECTURE.md with it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path


def between(text: str, begin: str, end: str, body: str) -> str:
    """``text`` with what stands between the markers ``begin`` and ``end`` made ``body``."""
    start, stop = text.index(begin) + len(begin), text.index(end)
    return text[:start] + body + text[stop:]


def rewrite(path: Path, updated: Callable[[str], str], what: str) -> int:
    """Write ``updated``'s version of the file at ``path`` if it differs, and say so."""
    text = path.read_text(encoding="utf-8")
    new = updated(text)
    if new != text:
        path.write_text(new, encoding="utf-8")
        print(f"updated {what} in {path}")
    return 0
