"""Writing a result to a file: atomically, and never over an existing file unless asked.

The content goes to a temporary file in the same folder first and is moved into
place only when complete, so a reader never sees half a file and a failed write
leaves nothing behind.  Without ``force`` the move itself refuses an existing
file (a hard link cannot replace one), so a file that appears meanwhile is not
clobbered either.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from pathlib import Path

from qualpolicy.errors import QualpolicyError
from qualpolicy.loading.datadir import display_path

BOM = "\ufeff"


class OutputError(QualpolicyError):
    """The output file cannot be written where asked, or exists already."""


def write_file(path: Path, write: Callable[[Path], object], *, force: bool = False) -> int:
    """Let ``write`` fill a temporary file, then move it to ``path``; its size in bytes.

    Raises :class:`OutputError` if ``path`` exists and ``force`` is false, is a
    folder, or its folder does not exist.
    """
    shown = display_path(path)
    if path.is_dir():
        raise OutputError(f"{shown} is a folder", "give a file name, e.g. --out plans.xlsx")
    folder = path.parent
    if not folder.is_dir():
        raise OutputError(f"the folder {display_path(folder)} does not exist", "create it first")
    if path.exists() and not force:
        raise _exists(shown)
    import tempfile  # with random and its seeding: only when a file is written

    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    os.close(handle)
    temporary = Path(name)
    try:
        write(temporary)
        os.chmod(temporary, _mode(path))
        size = temporary.stat().st_size
        _publish(temporary, path, force=force)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
    return size


def write_text(path: Path, text: str, *, force: bool = False, bom: bool = False) -> int:
    """``text`` as UTF-8 (with a byte-order mark if ``bom``, as Excel wants for CSV)."""
    data = ((BOM if bom else "") + text).encode("utf-8")
    return write_file(path, lambda tmp: tmp.write_bytes(data), force=force)


def _exists(shown: str) -> OutputError:
    return OutputError(f"{shown} exists already", "add --force to replace it")


def _mode(path: Path) -> int:
    """An existing file's permissions, else the usual ones for a new file (mkstemp's are 0600)."""
    if path.exists():
        return path.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _publish(temporary: Path, path: Path, *, force: bool) -> None:
    if force:
        os.replace(temporary, path)
        return
    try:
        os.link(temporary, path)  # fails if path exists, even if it appeared just now
    except FileExistsError:
        raise _exists(display_path(path)) from None
    except OSError:  # a file system without hard links
        if path.exists():
            raise _exists(display_path(path)) from None
        os.replace(temporary, path)
