"""Reading a plain-text file: one block per non-empty line, numbered as an editor numbers it."""

from __future__ import annotations

from qualpolicy.documents.blocks import Block, Document
from qualpolicy.documents.decoding import decode
from qualpolicy.documents.errors import DocumentError


def read(data: bytes, name: str) -> Document:
    text, encoding = decode(data, name)
    # Only CR LF, CR and LF end lines, as in an editor: str.splitlines would also break at
    # form feeds and U+2028 and put the line numbers out of step.
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    blocks = tuple(
        Block(stripped, f"line {number}")
        for number, line in enumerate(lines, 1)
        if (stripped := line.strip())
    )
    if not blocks:
        raise DocumentError(name, "the file holds no text", "check that it is the plan's text")
    return Document(name, "text", blocks, encoding=encoding)
