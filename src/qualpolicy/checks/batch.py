"""Checking many files: each file's result cached by content, the rest computed in parallel.

A file's result depends on its bytes, the name it is shown under, the plan's
source text (which only the plan names, so it is recorded with the result and
re-hashed on every use), and what every check depends on: the vocabulary
rules, qualpolicy's own code and the versions of the libraries that parse and
check.  Any change to one of these is a miss.  The results of one folder's
files are kept together in one cache entry (:class:`cache.Packs`).  Misses are
checked in worker processes when there are enough of them to repay
starting the workers.  Results come back in the order of the files, so
findings never depend on the parallelism; checks across files (duplicate ids …)
run afterwards on the whole list.

The workers are :mod:`qualpolicy.workers`.
"""

from __future__ import annotations

import functools
import pickle
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from qualpolicy import cache, workers
from qualpolicy.checks.results import FileResult
from qualpolicy.loading.datadir import display_path

Dependencies = tuple[tuple[str, bytes | None], ...]
"""Other files a result was computed from, each with its digest (None: was missing)."""


class Checker(Protocol):
    """What checks the files (the validator)."""

    def check(self, path: Path) -> FileResult:
        """One file's result."""

    def context(self) -> str:
        """A key of what every file's result depends on besides the file itself."""

    def prepare(self) -> None:
        """Build what every worker would otherwise build for itself, before they fork."""


@dataclass(frozen=True)
class Job:
    path: str
    key: str
    """The file's bytes and the name it is shown under."""


def check_files(checker: Checker, files: Sequence[str]) -> list[FileResult]:
    """``checker.check`` of every file, in order, from the cache where it is current."""
    packs = cache.Packs("validate", checker.context()) if cache.cache_dir() else None
    digests = cache.file_digests(files) if packs else [None] * len(files)
    jobs = [
        Job(path, _file_key(display_path(path), digest))
        for path, digest in zip(files, digests, strict=True)
    ]
    results: list[FileResult | None] = [_kept(packs, job) if packs else None for job in jobs]
    todo = [i for i, result in enumerate(results) if result is None]
    with cache.no_collection():
        for i, entry in zip(todo, _entries(checker, [jobs[i] for i in todo]), strict=True):
            results[i] = pickle.loads(entry)[1]
            if packs:
                packs.put(jobs[i].path, jobs[i].key, entry)
    if packs:
        packs.store()
    return [r for r in results if r is not None]


def _file_key(display: str, digest: bytes | None) -> str:
    found = cache.hasher()
    found.update(f"{display}\0".encode("utf-8", "surrogateescape"))
    found.update(digest or b"missing")
    return str(found.hexdigest())


def _kept(packs: cache.Packs, job: Job) -> FileResult | None:
    """``job``'s result from its folder's pack, if its key and dependencies are current."""

    kept = packs.get(job.path, job.key)
    if kept is None:
        return None
    try:
        dependencies, result = pickle.loads(kept)
    except Exception:  # damaged: a miss
        return None
    if not isinstance(result, FileResult) or not _current(dependencies):
        return None
    return result


def _current(dependencies: Dependencies) -> bool:
    paths = [name for name, _ in dependencies]
    return [digest for _, digest in dependencies] == cache.file_digests(paths)


def _dependencies(result: FileResult) -> Dependencies:
    """The other files ``result`` was worked out from, with their digests now."""
    looked_at = result.looked_at
    return tuple(zip(looked_at, cache.file_digests(looked_at), strict=True))


def _check(checker: Checker, job: Job) -> bytes:
    """``job``'s file checked, as the cache keeps it: its dependencies and its result,
    pickled (once: the same bytes go back to the parent and into the cache)."""
    result = checker.check(Path(job.path))
    return pickle.dumps((_dependencies(result), result), protocol=pickle.HIGHEST_PROTOCOL)


def _entries(checker: Checker, jobs: list[Job]) -> Iterator[bytes]:
    """Each job's entry, in order, as soon as it is ready (the caller keeps them while
    the workers go on)."""
    if workers.workers_for(len(jobs)) > 1:
        checker.prepare()
    yield from workers.in_workers(functools.partial(_check, checker), jobs)
