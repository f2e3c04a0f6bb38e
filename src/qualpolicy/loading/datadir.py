"""Where the data lives: the shipped data, with a curator's directories layered over it.

The shipped data is ``data/`` at the repository root.  A wheel carries a copy
inside the package (``qualpolicy/data``, see pyproject.toml), so an installed
tool finds it from any working directory; a source checkout or editable install
finds the repository's own folder.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from qualpolicy.errors import DataDirError, QualpolicyError

ENV_VAR = "QUALPOLICY_DATA"
_PACKAGE = Path(__file__).resolve().parents[1]  # qualpolicy/, beside this loading/


def shipped_data_dir() -> Path:
    for candidate in (_PACKAGE / "data", _PACKAGE.parents[1] / "data"):
        if (candidate / "plans").is_dir():
            return candidate
    raise QualpolicyError(
        "the shipped data directory is missing from this installation",
        "reinstall qualpolicy, or point --data-dir / $QUALPOLICY_DATA at a data directory",
    )


DATA_FILES = ("metrics.yaml", "vocabulary.yaml", "lexicon.yaml", "actuals.yaml", "tilegrid.yaml")
OWN_ONLY_VAR = "QUALPOLICY_OWN_ONLY"


def _check(path: Path, origin: str) -> Path:
    if not path.is_dir():
        raise DataDirError(f"{origin}: {path} is not a directory")
    if not (path / "plans").is_dir() and not any((path / name).is_file() for name in DATA_FILES):
        raise DataDirError(
            f"{origin}: {path} has no plans/ folder and no {', '.join(DATA_FILES)}",
            "a data directory holds plans/*.yaml (and sources/*.txt), or catalogue, "
            "vocabulary or lexicon additions, like the shipped data/",
        )
    return path


def resolve_layers(explicit: Sequence[Path] | None = None, *, own_only: bool = False) -> list[Path]:
    """The data directories in the order they are layered, the shipped data first.

    ``explicit`` (``--data-dir``, given once or more) wins over $QUALPOLICY_DATA,
    which may hold several directories separated by ``os.pathsep``.  With
    ``own_only`` (or $QUALPOLICY_OWN_ONLY=1) the shipped data is left out; its
    catalogue, vocabulary and lexicon then still serve where no given directory
    has its own (see :func:`data_files`).
    """
    if explicit:
        chosen = [_check(path, "--data-dir") for path in explicit]
    else:
        listed = [part for part in os.environ.get(ENV_VAR, "").split(os.pathsep) if part]
        chosen = [_check(Path(part), f"${ENV_VAR}") for part in listed]
    own_only = own_only or bool(os.environ.get(OWN_ONLY_VAR))
    if own_only and not chosen:
        raise DataDirError(
            "--own-only needs a data directory of your own",
            "give --data-dir DIR (or set $QUALPOLICY_DATA)",
        )
    layers = [] if own_only else [shipped_data_dir()]
    for path in chosen:  # the same directory twice (or the shipped one again) counts once
        if path.resolve() not in {layer.resolve() for layer in layers}:
            layers.append(path)
    return layers


def data_files(layers: Sequence[Path], name: str) -> list[Path]:
    """Every layer's ``name`` (metrics.yaml …), bottom first; the shipped file when no
    layer has one (a directory of plans alone uses the shipped catalogue)."""
    found = [layer / name for layer in layers if (layer / name).is_file()]
    return found or [shipped_data_dir() / name]


PLAN_SUFFIXES = (".yaml", ".yml")


def plan_paths(folder: Path) -> list[str]:
    """The plan files of a folder, sorted (none if there is no such folder).  Paths as
    text: every command lists and hashes them, and a Path for each of 3,000 plans (made,
    turned to text, hashed) cost 40 ms of each run."""
    if not folder.is_dir():
        return []
    names = sorted(os.listdir(folder))
    plans = [n for n in names if n.endswith(PLAN_SUFFIXES) and n not in PLAN_SUFFIXES]
    return [os.path.join(folder, n) for n in plans]


def plan_id(path: str | Path) -> str:
    """The id a plan file is named for: its name without the suffix (as Path.stem)."""
    name = os.path.basename(path)
    dot = name.rfind(".")
    return name[:dot] if 0 < dot < len(name) - 1 else name


def display_path(path: str | Path) -> str:
    """``path`` as a user would type it from here: relative below the working
    directory, absolute elsewhere (never ``../../``)."""
    absolute, here = os.path.abspath(path), os.getcwd()
    if absolute == here:
        return os.curdir
    inside = here.rstrip(os.sep) + os.sep  # the root stays one separator
    # (a prefix test, not os.path.relpath: thousands of files are named per run)
    return absolute[len(inside) :] if absolute.startswith(inside) else absolute
