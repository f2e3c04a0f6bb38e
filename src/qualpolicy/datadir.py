"""Where the data lives: an explicit directory, $QUALPOLICY_DATA, or the shipped data.

The shipped data is ``data/`` at the repository root.  A wheel carries a copy
inside the package (``qualpolicy/data``, see pyproject.toml), so an installed
tool finds it from any working directory; a source checkout or editable install
finds the repository's own folder.
"""

from __future__ import annotations

import os
from pathlib import Path

from qualpolicy.errors import DataDirError, QualpolicyError

ENV_VAR = "QUALPOLICY_DATA"
_PACKAGE = Path(__file__).resolve().parent


def shipped_data_dir() -> Path:
    for candidate in (_PACKAGE / "data", _PACKAGE.parents[1] / "data"):
        if (candidate / "plans").is_dir():
            return candidate
    raise QualpolicyError(
        "the shipped data directory is missing from this installation",
        "reinstall qualpolicy, or point --data-dir / $QUALPOLICY_DATA at a data directory",
    )


def resolve_data_dir(explicit: Path | None = None) -> Path:
    """The data directory to use: ``explicit``, then $QUALPOLICY_DATA, then the shipped one."""
    chosen = explicit or (Path(os.environ[ENV_VAR]) if os.environ.get(ENV_VAR) else None)
    if chosen is None:
        return shipped_data_dir()
    origin = "--data-dir" if explicit else f"${ENV_VAR}"
    if not chosen.is_dir():
        raise DataDirError(f"{origin}: {chosen} is not a directory")
    if not (chosen / "plans").is_dir():
        raise DataDirError(
            f"{origin}: {chosen} has no plans/ folder",
            "a data directory holds plans/*.yaml and sources/*.txt, like the shipped data/",
        )
    return chosen


def data_file(data_dir: Path, name: str) -> Path:
    """``name`` from ``data_dir`` if it has one, else the shipped file of that name.

    A user's data directory may hold only plans; the metric catalogue and the
    vocabulary rules then come from the shipped data.
    """
    own = data_dir / name
    return own if own.exists() else shipped_data_dir() / name


PLAN_SUFFIXES = (".yaml", ".yml")


def plan_files(folder: Path) -> list[Path]:
    """The plan files of a folder, sorted."""
    return sorted(p for p in folder.iterdir() if p.suffix in PLAN_SUFFIXES)


def display_path(path: Path) -> str:
    """``path`` as a user would type it from here: relative below the working
    directory, absolute elsewhere (never ``../../``)."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path.absolute()) if relative.startswith(os.pardir) else relative
