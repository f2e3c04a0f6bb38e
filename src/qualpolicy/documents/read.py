"""Reading a plan document of any format qualpolicy knows into text blocks.

The format comes from the bytes (a PDF header, a zip archive, an old Office file, leading
HTML markup), not from the file's name, which is only a tie-breaker for an HTML fragment.
Each format's reader lives in its own module and imports its library (lxml, pypdf,
charset-normalizer) inside the function that needs it, so importing this module, and
reading a format that needs none of them, stays cheap.
"""

from __future__ import annotations

import codecs
import os
import re
import sys
from collections.abc import Callable

from qualpolicy.documents import docx, html, limits, pdf, plaintext
from qualpolicy.documents.blocks import Document
from qualpolicy.documents.errors import STDIN, DocumentError

__all__ = ["DocumentError", "read_document", "read_path"]

_SNIFF_BYTES = 1024  # a PDF header may follow up to 1 KB of junk; readers accept it there

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_IMAGES = (
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
)
_HTML_START = re.compile(
    r"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*"
    r"<(?:!doctype\s+html|html|head|body|meta|title|link|script|style|div|p|table|h[1-6])\b",
    re.I | re.S,
)
_HTML_NAMES = (".htm", ".html", ".shtml", ".xhtml")


def read_path(path: str) -> Document:
    """Read the document at ``path``, or standard input's bytes when ``path`` is "-"."""
    if path == STDIN:
        return read_document(limits.read_capped(sys.stdin.buffer, STDIN), STDIN)
    try:
        with open(path, "rb") as stream:
            size = os.fstat(stream.fileno()).st_size
            limits.check_size(size, path)  # a FIFO or device says 0: read_capped still stops
            data = limits.read_capped(stream, path)
    except FileNotFoundError:
        raise DocumentError(path, "no such file", "check the path") from None
    except IsADirectoryError:
        raise DocumentError(path, "a directory, not a file", "name one document") from None
    except PermissionError:
        raise DocumentError(
            path, "cannot be read (permission denied)", "check its permissions"
        ) from None
    except OSError as exc:
        raise DocumentError(path, f"cannot be read ({exc.strerror})", "check the path") from None
    return read_document(data, path)


def read_document(data: bytes, name: str) -> Document:
    """Read a document's bytes; ``name`` is how the user named the file ("-" for stdin)."""
    if len(data) > limits.MAX_BYTES:
        raise limits.too_large(name, len(data))
    if not data.strip():
        raise DocumentError(
            name, "the file is empty", "check the path, or that the download finished"
        )
    return _reader(data, name)(data, name)


def _reader(data: bytes, name: str) -> Callable[[bytes, str], Document]:
    """The reader of the format ``data`` is in; raises for formats known but not read."""
    head = data[:_SNIFF_BYTES]
    if b"%PDF-" in head:
        return pdf.read
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return docx.read  # it tells a Word document from other zip archives
    if data.startswith(_OLE2):
        raise _old_office(data, name)
    if data.startswith(b"{\\rtf"):
        raise DocumentError(
            name, "an RTF file, which qualpolicy does not read", "save it as .docx or as text"
        )
    for magic, kind in _IMAGES:
        if data.startswith(magic):
            raise DocumentError(
                name,
                f"a {kind} image, not a text document",
                "a scanned page needs OCR first (e.g. ocrmypdf or tesseract), "
                "or copy the text from the publisher's web page",
            )
    if _looks_like_html(head, name):
        return html.read
    return plaintext.read


def _old_office(data: bytes, name: str) -> DocumentError:
    # Password-protected .docx files are OLE2 containers too, holding an EncryptedPackage.
    if "EncryptedPackage".encode("utf-16-le") in data:
        return DocumentError(
            name,
            "a password-protected Office document",
            "open it with its password and save an unprotected copy as .docx or as text",
        )
    return DocumentError(
        name,
        "an old binary Word .doc file (Office 97-2003), which qualpolicy does not read",
        "save it as .docx or as text (Word, WPS or LibreOffice: Save As; or "
        "libreoffice --headless --convert-to docx FILE)",
    )


def _looks_like_html(head: bytes, name: str) -> bool:
    """Whether the file starts with HTML markup. The markup before any text is ASCII in every
    ASCII-compatible encoding, so only a UTF-16 or UTF-32 file needs its own decoding here."""
    for bom, codec in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if head.startswith(bom):
            start = head.decode(codec, errors="ignore")
            break
    else:
        start = head.removeprefix(codecs.BOM_UTF8).decode("latin-1")
    if _HTML_START.match(start):
        return True
    return name.lower().endswith(_HTML_NAMES) and start.lstrip().startswith("<")
