"""Reading a PDF's text layer with pypdf, as paragraphs located by page.

pypdf (BSD) was measured against pdfminer.six (MIT) on a 40-50 page Chinese plan printed by
Chromium and by ReportLab (an embedded TrueType subset; a non-embedded Adobe-GB1 font): both
extract the same text, pypdf 1.6 and 3.6 times faster on ReportLab's and within 10% on
Chromium's, where both spend ~40 ms a page re-reading fonts. A PDF without a text layer (a
scan) is refused with a hint to run OCR; so is one that needs a password. One that is only
restricted (an owner password, opened with an empty user password) is read: that needs the
cryptography package for AES, which qualpolicy depends on.
"""

from __future__ import annotations

import io
import re
import struct
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from qualpolicy.documents import reflow
from qualpolicy.documents.blocks import Block, Document
from qualpolicy.documents.errors import DocumentError
from qualpolicy.documents.radicals import fix_radicals

if TYPE_CHECKING:
    from pypdf import PdfReader

# Fewer printed characters than this per page on average means there is no text layer: a
# scan carries at most a stamped page number or file name.
_MIN_CHARS_PER_PAGE = 20

# A damaged PDF makes pypdf raise its own errors and, from deep in its parsers, these.
_DAMAGED: tuple[type[Exception], ...] = (
    ValueError,
    TypeError,
    KeyError,
    IndexError,
    AttributeError,
    AssertionError,
    RecursionError,
    OverflowError,
    ZeroDivisionError,
    NotImplementedError,
    zlib.error,
    struct.error,
)

# Titles that PDF writers fill in by themselves, which say nothing about the document.
_GENERATED_TITLE = re.compile(r"(?i)^(?:microsoft word|untitled|无标题)|\.(?:docx?|wps|pdf)$")


def read(data: bytes, name: str) -> Document:
    from pypdf import PasswordType, PdfReader  # the format's library: imported when a PDF is read
    from pypdf.errors import PyPdfError

    damaged: tuple[type[Exception], ...] = (PyPdfError, *_DAMAGED)
    with _quiet():
        try:
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
                raise _encrypted(name)
            pages = [_lines(page.extract_text()) for page in reader.pages]
            title = _title(reader)
        except DocumentError:
            raise
        except damaged as exc:
            raise DocumentError(
                name,
                f"a damaged PDF ({exc or type(exc).__name__})",
                "download it again, or copy the text from the publisher's web page",
            ) from None
    found = reflow.paragraphs(reflow.drop_furniture(pages))
    printed = sum(len(re.sub(r"\s+", "", text)) for _, text in found)
    if printed < _MIN_CHARS_PER_PAGE * max(len(pages), 1):
        raise DocumentError(
            name,
            "the PDF has no text layer (a scanned document?)",
            "no text layer: run OCR first, e.g. ocrmypdf, "
            "or copy the text from the publisher's web page",
        )
    blocks = []
    counts: dict[int, int] = {}
    for page, text in found:
        counts[page] = counts.get(page, 0) + 1
        blocks.append(Block(text, f"page {page}, paragraph {counts[page]}"))
    return Document(name, "pdf", tuple(blocks), title=title)


def _encrypted(name: str) -> DocumentError:
    return DocumentError(
        name,
        "the PDF is encrypted and needs a password to open",
        "open it with its password and save an unprotected copy (e.g. qpdf --decrypt "
        "--password=PASSWORD in.pdf out.pdf), or copy the text from the publisher's web page",
    )


def _lines(text: str) -> list[str]:
    """A page's non-blank lines, keeping the indentation that may start a paragraph."""
    return [line.rstrip() for line in fix_radicals(text).splitlines() if line.strip()]


def _title(reader: PdfReader) -> str | None:
    metadata = reader.metadata
    title = (metadata.title or "").strip() if metadata else ""
    if not title or _GENERATED_TITLE.search(title):
        return None
    return title


@contextmanager
def _quiet() -> Iterator[None]:
    """pypdf logs and warns about every flaw it reads past; a reader that copes says nothing
    (and the CLI configures no logging, so each would print on stderr)."""
    import logging  # neither is needed before a PDF is read
    import warnings

    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)
