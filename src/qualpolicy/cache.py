"""A per-user cache of derived data, keyed by the content of what it was built from.

Reading and validating YAML costs more than the rest of a command, so
validated data, alignment indexes and per-file validation results are pickled
under the user's cache directory.  Each entry lives in a named slot (one file)
and carries a key: a hash of the bytes of every input file (and their paths),
the qualpolicy version and the Python version.  A slot is used only when its
key matches the key of the files as they are now, so an edit is seen however
it was made — even one that keeps a file's size and modification time
(``cp -p``, ``rsync -a``, ``tar``, ``touch -d``).  Size and mtime play no part
in it, except for qualpolicy's own modules: their digest is kept while they look
unchanged to Python's import, which runs a module's byte code on the same terms.

An entry that is missing, truncated, corrupt, of another format or another
program is a miss and is rebuilt; entries are written to a temporary file and
renamed into place, so processes filling the cache at once leave whole
entries (the last one written wins).  A cache that cannot be read or written
is simply not used.

``$QUALPOLICY_CACHE_DIR`` chooses the directory (default
``$XDG_CACHE_HOME/qualpolicy`` or ``~/.cache/qualpolicy``);
``QUALPOLICY_NO_CACHE=1`` turns the cache off; ``qualpolicy cache clear``
empties it.
"""

from __future__ import annotations

import functools
import gc
import os
import pickle
import re
import sys
from _thread import get_ident
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NamedTuple

from qualpolicy.about import __version__

# SHA-256 two ways, with the same digests.  CPython's own module loads in 0.1 ms and
# hashes about 0.4 GB/s here; OpenSSL's uses the processor's SHA instructions (2 GB/s) but
# takes 2.5–3 ms to load, more than hashing the shipped data (0.4 MB) costs CPython's.
# Keys and the first FAST_AFTER bytes of a job's files use CPython's, the rest OpenSSL's
# (hashlib itself would load both, and more).
try:
    from _sha256 import sha256 as _sha256  # type: ignore[import-not-found]  # no stub
except ImportError:  # pragma: no cover - Python 3.12 and later name it _sha2
    from hashlib import sha256 as _sha256


def hasher() -> Any:
    """A hash for content keys: SHA-256, quick to start."""
    return _sha256()


FAST_AFTER = 1 << 20
"""The bytes of files one job hashes with :func:`hasher` before it turns to
:func:`fast_hasher`: past it, OpenSSL's speed pays for its loading."""


def fast_hasher() -> Callable[[], Any]:
    """OpenSSL's SHA-256, for many bytes (the same digests as :func:`hasher`)."""
    try:
        from _hashlib import openssl_sha256
    except ImportError:  # pragma: no cover - a Python built without OpenSSL
        return hasher
    return openssl_sha256


MAGIC = b"qualpolicy-cache 2\n"
"""The first bytes of every entry; a file without them is not ours (or an old format)."""
_TEMP_PREFIX = ".tmp-"


def cache_dir() -> Path | None:
    """The cache directory, or None when the cache is turned off."""
    if os.environ.get("QUALPOLICY_NO_CACHE", "") not in ("", "0"):
        return None
    explicit = os.environ.get("QUALPOLICY_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "qualpolicy"


def file_digests(paths: Sequence[str | Path]) -> list[bytes | None]:
    """A hash of each file's bytes, in order; None for a file that cannot be read (a
    missing file).  3,000 plans, 36 MB: about 55–65 ms here, a fifth of it opening and
    closing the files and under half hashing their bytes; neither threads nor a second
    process made it faster end to end."""
    out: list[bytes | None] = []
    new, read = hasher, 0
    for path in paths:
        digest, size = _hash_file(path, new)
        out.append(digest)
        read += size
        if read > FAST_AFTER and new is hasher:
            new = fast_hasher()
    return out


def _hash_file(path: str | Path, new: Callable[[], Any]) -> tuple[bytes | None, int]:
    """The file's digest (None if it cannot be read) and how many bytes were read."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return None, 0
    read = 0
    try:
        found = new()
        while chunk := os.read(fd, 1 << 20):
            found.update(chunk)
            read += len(chunk)
        return bytes(found.digest()), read
    except OSError:
        return None, read
    finally:
        os.close(fd)


def key(files: Iterable[Path], *extra: str) -> str:
    """The key of something built from ``files`` (in the order given) and ``extra`` words:
    it changes when any file's bytes, path or existence changes, or the program does."""
    paths = list(files)
    return key_of(zip(paths, file_digests(paths), strict=True), *extra)


def key_of(digests: Iterable[tuple[str | Path, bytes | None]], *extra: str) -> str:
    """:func:`key` of files whose digests are known already."""
    found = hasher()
    found.update(program())
    for part in extra:
        found.update(part.encode() + b"\0")
    for path, digest in digests:
        found.update(str(path).encode("utf-8", "surrogateescape") + b"\0")
        found.update(digest or b"missing")
    return str(found.hexdigest())


LIBRARIES = ("pydantic", "pydantic-core", "pyyaml", "opencc", "jieba")
"""The libraries whose version changes what is cached: they parse, check, normalise and
segment."""

# Folders of the package whose code draws results, reads documents or drafts plans, but
# never computes what is cached; data/ is the shipped data inside an installed package.
_NOT_CACHED = frozenset({"cli", "render", "documents", "draft", "data", "__pycache__"})


PROGRAM_SLOT = "program"
"""The slot that keeps :func:`program`'s digest."""


@functools.cache
def program() -> bytes:
    """What every entry also depends on: qualpolicy (its version and the bytes of the code
    that computes what is cached), Python and the libraries' versions.  Worked out once
    a process, and kept in the cache: reading and hashing every module and listing the
    library folders would cost each command 2–3 ms.  The kept value holds while the
    modules' sizes and modification times (:func:`code_state`) and the folders the
    libraries were found in stay as they were."""
    code = code_files()
    state = code_state(code)
    kept = load(PROGRAM_SLOT, state)
    if isinstance(kept, tuple) and len(kept) == 2 and kept[0] == _stamps(kept[0]):
        return bytes(kept[1])
    libraries = installed_libraries(LIBRARIES)
    found = hasher()
    for part in (__version__, sys.version, *(f"{n} {v}" for n, (v, _) in libraries.items())):
        found.update(part.encode() + b"\0")
    for path, digest in zip(code, file_digests(code), strict=True):
        found.update(path.name.encode() + (digest or b"missing"))
    digest = bytes(found.digest())
    folders = {folder for _, folder in libraries.values() if folder is not None}
    store(PROGRAM_SLOT, state, (_stamps(folders), digest))
    return digest


def code_state(code: Sequence[Path]) -> str:
    """The code as Python's import sees it: each module's size and modification time, by
    which Python decides whether a module's byte code is current (a change it would not
    see does not change what runs either), and the folders it imports from."""
    found = hasher()
    for part in (__version__, sys.version, *sys.path):
        found.update(part.encode("utf-8", "surrogateescape") + b"\0")
    for path, stamp in _stamps(code).items():
        found.update(f"{path}\0{stamp}\0".encode(errors="surrogateescape"))
    return str(found.hexdigest())


def _stamps(paths: Iterable[str | Path]) -> dict[str, tuple[int, int] | None]:
    """Each path's size and modification time (a folder's changes when a library in it is
    installed, upgraded or removed), or None if it is gone."""
    out: dict[str, tuple[int, int] | None] = {}
    for path in paths:
        try:
            found = os.stat(path)
        except OSError:
            out[str(path)] = None
        else:
            out[str(path)] = (found.st_size, found.st_mtime_ns)
    return out


def code_files() -> list[Path]:
    """qualpolicy's modules that compute what is cached (not the CLI, not the renderers)."""
    out: list[Path] = []
    folders = [Path(__file__).parent]
    while folders:
        with os.scandir(folders.pop()) as entries:
            for entry in entries:
                if entry.is_dir() and entry.name not in _NOT_CACHED:
                    folders.append(Path(entry.path))
                elif entry.name.endswith(".py"):
                    out.append(Path(entry.path))
    return sorted(out)


def installed_libraries(names: Iterable[str]) -> dict[str, tuple[str, str | None]]:
    """Each library's version and the sys.path folder it is installed in (``missing``
    and None if it is not), from the names of the ``*.dist-info`` folders there:
    importlib.metadata would cost 60 ms of every validate to import."""
    found: dict[str, tuple[str, str]] = {}
    for folder in sys.path:
        try:
            entries = os.listdir(folder or ".")
        except OSError:
            continue
        for entry in entries:
            if entry.endswith(".dist-info"):
                name, _, version = entry.removesuffix(".dist-info").partition("-")
                found.setdefault(_project(name), (version, folder or "."))
    return {name: found.get(_project(name), ("missing", None)) for name in names}


def _project(name: str) -> str:
    """A distribution's name as packaging compares them (PyYAML, pyyaml; pydantic-core,
    pydantic_core)."""
    return re.sub(r"[-_.]+", "_", name).lower()


def slot_name(kind: str, *parts: str) -> str:
    """A slot for ``kind`` of entry built from what ``parts`` name (directories, a file):
    one slot per distinct set, so two data directories do not evict each other."""
    found = hasher()
    for part in parts:
        found.update(part.encode("utf-8", "surrogateescape") + b"\0")
    return f"{kind}-{found.hexdigest()[:16]}"


def _entry(folder: Path, slot: str) -> Path:
    return folder / f"{slot}.pickle"


def load(slot: str, entry_key: str) -> Any | None:
    """The value stored in ``slot`` under ``entry_key``, or None (a miss)."""
    return _read(slot, entry_key)


def previous(slot: str) -> Any | None:
    """The value in ``slot`` whatever its key: what was built from earlier files, for
    rebuilding only what changed.  The caller checks each piece against the files now."""
    return _read(slot, None)


def _read(slot: str, entry_key: str | None) -> Any | None:
    folder = cache_dir()
    if folder is None:
        return None
    # Unpickling creates many objects at once: the cyclic garbage collector would walk
    # the growing heap again and again (about half the load time), and afterwards
    # these long-lived objects need not be scanned at all.
    try:
        with no_collection(), open(_entry(folder, slot), "rb") as handle:
            if handle.read(len(MAGIC)) != MAGIC:
                return None
            found = handle.readline()
            if entry_key is not None and found != entry_key.encode() + b"\n":
                return None
            return pickle.load(handle)
    except Exception:  # missing, truncated, corrupt or foreign: a miss, rebuilt by the caller
        return None
    finally:
        gc.freeze()


@contextmanager
def no_collection() -> Iterator[None]:
    """No cyclic garbage collection meanwhile (restored after): for work that makes many
    objects and no cycles worth collecting, where the collector would walk them again
    and again (validate's checks, unpickling)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def store(slot: str, entry_key: str, value: Any) -> None:
    """Write ``value`` to ``slot`` under ``entry_key``, replacing what was there, atomically."""
    folder = cache_dir()
    if folder is None:
        return
    try:
        pickled = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # a value that does not pickle is not kept
        return
    target = _entry(folder, slot)
    # A temporary name of this process and thread beside the entry: writers never share
    # one, and the rename is atomic, so a reader sees the old entry or the new one.
    temp = target.with_name(f"{_TEMP_PREFIX}{os.getpid()}-{get_ident()}-{target.name}")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        # readable by the user only, as a per-user cache is
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(MAGIC + entry_key.encode() + b"\n")
            handle.write(pickled)
        os.replace(temp, target)
    except OSError:  # a full disk, a read-only folder
        temp.unlink(missing_ok=True)


class Packs:
    """Values kept per file, each folder's files in one entry (a *pack*: a file's absolute
    path → its key and its value, pickled) under ``context``, the key of what all of them
    also depend on.  Creating thousands of small files costs the file system more than
    most work done on them (a millisecond of system time each, on a virtual disk), and a
    warm run reads one entry per folder.  A pack is read on first use and written back
    once, if anything was put or a file it holds is gone; two runs writing one pack at
    once leave one of them whole (what the other put is worked out again next time)."""

    def __init__(self, kind: str, context: str):
        self.kind = kind
        self.context = context
        # Files and folders by absolute path, as strings (thousands are looked up a run)
        self._packs: dict[str, dict[str, tuple[str, bytes]]] = {}
        self._changed: set[str] = set()
        self._seen: set[str] = set()  # the files asked for: they exist

    def _slot(self, folder: str) -> str:
        return slot_name(self.kind, folder)

    def _pack(self, folder: str) -> dict[str, tuple[str, bytes]]:
        if folder not in self._packs:
            found = load(self._slot(folder), self.context)
            self._packs[folder] = found if isinstance(found, dict) else {}
        return self._packs[folder]

    def get(self, path: str | Path, file_key: str) -> bytes | None:
        """The value kept for ``path`` under ``file_key``, or None."""
        name = os.path.abspath(path)
        self._seen.add(name)
        kept = self._pack(os.path.dirname(name)).get(name)
        if not isinstance(kept, tuple) or len(kept) != 2 or kept[0] != file_key:
            return None
        return kept[1]

    def put(self, path: str | Path, file_key: str, value: bytes) -> None:
        name = os.path.abspath(path)
        folder = os.path.dirname(name)
        self._pack(folder)[name] = (file_key, value)
        self._changed.add(folder)

    def store(self) -> None:
        """Write back every pack that was put to or holds values of files now gone
        (without them)."""
        for folder, pack in self._packs.items():
            gone = [name for name in pack if name not in self._seen and not os.path.exists(name)]
            for name in gone:
                del pack[name]
            if gone or folder in self._changed:
                store(self._slot(folder), self.context, pack)


class CacheInfo(NamedTuple):  # not a dataclass: every command imports this module
    folder: Path | None
    entries: int
    size: int  # bytes


def _files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return [p for p in folder.rglob("*") if p.is_file() and _is_ours(p)]


def _is_ours(path: Path) -> bool:
    if path.name.startswith(_TEMP_PREFIX) or path.match("jieba*.cache"):
        return True  # an interrupted write; jieba's own cache, which earlier versions kept here
    if path.suffix != ".pickle":
        return False
    try:
        with open(path, "rb") as handle:
            return handle.read(len(MAGIC)) == MAGIC
    except OSError:
        return False


def info() -> CacheInfo:
    """Where the cache is, how many entries it holds and their size."""
    folder = cache_dir()
    if folder is None:
        return CacheInfo(None, 0, 0)
    files = _files(folder)
    return CacheInfo(folder, len(files), sum(p.stat().st_size for p in files))


def clear() -> CacheInfo:
    """Delete every cache entry (and nothing else in the folder); what was removed."""
    folder = cache_dir()
    if folder is None:
        return CacheInfo(None, 0, 0)
    files = _files(folder)
    size = 0
    for path in files:
        size += path.stat().st_size
        path.unlink(missing_ok=True)
    return CacheInfo(folder, len(files), size)
