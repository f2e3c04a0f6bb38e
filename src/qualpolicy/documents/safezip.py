"""Opening a zip archive (a .docx) without letting it expand past what a document can hold.

A zip bomb is a small archive whose members inflate to gigabytes. The archive's directory is
checked before any member is read (each member's declared size and compression ratio, and
their total), and reading a member stops once it passes its cap, whatever the directory said.
"""

from __future__ import annotations

import io
import zlib
from typing import TYPE_CHECKING

from qualpolicy.documents.errors import DocumentError

if TYPE_CHECKING:
    from zipfile import ZipFile

MAX_MEMBER_BYTES = 100 * 1024 * 1024
"""The most one member that is read (an XML part) may hold; a long plan's is about 1 MB."""
MAX_TOTAL_BYTES = 1024 * 1024 * 1024
"""The most all members together may declare."""
MAX_RATIO = 100
"""The most a large member may inflate: Word's XML compresses 5-20 times, images hardly."""
_RATIO_FROM_BYTES = 1024 * 1024  # a small member is harmless at any ratio


def damaged(name: str, why: object) -> DocumentError:
    return DocumentError(
        name,
        f"a damaged Word .docx file ({why})",
        "open it in Word, WPS or LibreOffice and save it again, or save it as text",
    )


def _bomb(name: str, why: str) -> DocumentError:
    return DocumentError(
        name,
        f"refused: its zip members would expand far beyond the file's size ({why})",
        "a genuine Word document does not do this; open it in Word, WPS or LibreOffice "
        "and save it again as .docx, or save it as text",
    )


def open_checked(data: bytes, name: str) -> ZipFile:
    """The archive, once its directory shows nothing that inflates beyond the limits."""
    import zipfile  # not needed before a zip archive is read

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, EOFError, ValueError) as exc:
        raise damaged(name, exc) from None
    total = 0
    for info in archive.infolist():
        total += info.file_size
        if info.file_size > _RATIO_FROM_BYTES and info.file_size > MAX_RATIO * max(
            info.compress_size, 1
        ):
            raise _bomb(name, f"{info.filename} inflates {info.file_size:,} bytes")
    if total > MAX_TOTAL_BYTES:
        raise _bomb(name, f"{total:,} bytes in all")
    return archive


def read_member(archive: ZipFile, member: str, name: str) -> bytes:
    """A member's bytes, refused past MAX_MEMBER_BYTES (declared or actually inflated)."""
    from zipfile import BadZipFile

    info = archive.getinfo(member)
    if info.file_size > MAX_MEMBER_BYTES:
        raise _bomb(name, f"{member} declares {info.file_size:,} bytes")
    try:
        with archive.open(info) as stream:
            data = stream.read(MAX_MEMBER_BYTES + 1)  # inflates no more than that, whatever
    except (BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as exc:
        # RuntimeError: a member encrypted with a zip password; NotImplementedError: a
        # compression method zipfile does not have.
        raise damaged(name, exc) from None
    if len(data) > MAX_MEMBER_BYTES:
        raise _bomb(name, f"{member} inflates past {MAX_MEMBER_BYTES:,} bytes")
    return data
