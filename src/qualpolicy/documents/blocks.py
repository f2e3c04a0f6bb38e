"""What a document reader hands on: the document's text as blocks, each with where it sits."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Block:
    """One paragraph, heading or table row of a document, verbatim in its own script."""

    text: str
    """The block's text; a table row's cells are joined by tabs."""
    where: str
    """Where a person finds it: "paragraph 12", "page 3, paragraph 2", "table 1, row 4"."""
    table: bool = False
    """A row of a table (its cells are separated by tabs)."""


@dataclass(frozen=True)
class Document:
    """A document as read: its blocks and what the reader learned about it."""

    name: str
    """The file as the user named it ("-" for standard input)."""
    format: str
    """"text", "html", "docx" or "pdf"."""
    blocks: tuple[Block, ...]
    encoding: str | None = None
    """The encoding a text or HTML file was decoded from."""
    title: str | None = None
    """A title the file itself declares (HTML <title>, Word core properties), if any."""
