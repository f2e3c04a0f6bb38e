"""A per-user cache of validated data, so a command does not re-parse and re-validate.

Reading six YAML plans and validating them with pydantic costs more than the
rest of ``qualpolicy compare`` put together.  The validated objects are
pickled under the user's cache directory, keyed by the size and modification
time of every data file (and the qualpolicy and Python versions), so any edit
to the data is seen on the next run.  A cache that cannot be read or written
is simply not used.

``$QUALPOLICY_CACHE_DIR`` chooses the directory; ``QUALPOLICY_NO_CACHE=1``
turns the cache off.
"""

from __future__ import annotations

import os
import pickle
import sys
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from qualpolicy import __version__


def cache_dir() -> Path | None:
    if os.environ.get("QUALPOLICY_NO_CACHE"):
        return None
    explicit = os.environ.get("QUALPOLICY_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "qualpolicy"


def fingerprint(kind: str, files: Iterable[Path]) -> str:
    """A key that changes whenever any of ``files`` (or the program) changes."""
    parts = [kind, __version__, sys.version]
    for path in sorted(files):
        stat = path.stat()
        parts += [str(path.resolve()), str(stat.st_size), str(stat.st_mtime_ns)]
    text = "\0".join(parts).encode()
    # Two checksums of the same text: collisions would need both to collide.
    return f"{kind}-{zlib.crc32(text):08x}{zlib.adler32(text):08x}"


def load(key: str) -> Any | None:
    folder = cache_dir()
    if folder is None:
        return None
    try:
        with open(folder / f"{key}.pickle", "rb") as handle:
            return pickle.load(handle)
    except Exception:  # a missing, stale-format or corrupt entry is just a miss
        return None


def store(key: str, value: Any) -> None:
    folder = cache_dir()
    if folder is None:
        return
    import tempfile

    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=folder, delete=False) as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(handle.name, folder / f"{key}.pickle")
        kind = key.split("-", 1)[0]
        for old in folder.glob(f"{kind}-*.pickle"):  # entries for data that has changed since
            if old.stem != key:
                old.unlink(missing_ok=True)
    except OSError:
        pass
