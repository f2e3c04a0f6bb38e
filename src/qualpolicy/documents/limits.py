"""How much a reader takes in: the size cap on a document and reading up to it, no further."""

from __future__ import annotations

from typing import BinaryIO

from qualpolicy.documents.errors import DocumentError

_MB = 1024 * 1024
MAX_BYTES = 50 * _MB
"""No plan document comes near 50 MB; anything larger is refused before it is read whole."""

_CHUNK = _MB


def too_large(name: str, size: int | None = None) -> DocumentError:
    """The error for a file over MAX_BYTES (its size when known)."""
    limit = f"over the {_megabytes(MAX_BYTES)} limit"
    what = f"{_megabytes(size)}, {limit}" if size else limit
    return DocumentError(
        name,
        f"the file is too large to be a plan document ({what})",
        "give the plan's own text: save the pages that hold it as PDF or copy them into a .txt",
    )


def _megabytes(size: int) -> str:
    if size < _MB:
        return f"{size:,} bytes"
    return f"{size / _MB:,.1f} MB".replace(".0 MB", " MB")


def check_size(size: int, name: str) -> None:
    """Refuse a file whose known size is over the limit."""
    if size > MAX_BYTES:
        raise too_large(name, size)


def read_capped(stream: BinaryIO, name: str) -> bytes:
    """All of a stream's bytes, read in chunks and given up on as soon as they pass the limit
    (standard input and pipes have no size to check beforehand)."""
    chunks: list[bytes] = []
    total = 0
    while chunk := stream.read(_CHUNK):
        total += len(chunk)
        if total > MAX_BYTES:
            raise too_large(name)
        chunks.append(chunk)
    return b"".join(chunks)
