"""Sharing work among the cores: worker processes forked with the work they are to do.

validate checks files in them, and a cache rebuild over thousands of plans reads the
plans and segments texts with jieba in them.  Results come back in the order of the
items, so nothing depends on the parallelism.  concurrent.futures and multiprocessing
(about 10 ms) are imported only when workers start: most commands never start any.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

T = TypeVar("T")

PARALLEL_FROM = 96
"""Items below which one process is faster than starting workers."""
CHUNKS_PER_WORKER = 32  # small enough to balance the load, large enough to batch the transfer


def workers_for(count: int) -> int:
    """How many processes share ``count`` items of work: one below :data:`PARALLEL_FROM`,
    else every core this process may use (only on Linux: see :func:`_start_method`)."""
    cores = len(os.sched_getaffinity(0)) if sys.platform == "linux" else 1
    return 1 if count < PARALLEL_FROM else cores


def in_workers(work: Callable[[T], bytes], items: Sequence[T]) -> Iterator[bytes]:
    """``work`` of each item, in order, as soon as it is ready: in worker processes
    when there are enough items (:func:`workers_for`), else here.  ``work`` returns
    bytes (a pickle), which is what goes back from a worker anyway."""
    workers = workers_for(len(items))
    if workers < 2:
        yield from map(work, items)
        return
    from concurrent.futures import ProcessPoolExecutor

    size = max(1, -(-len(items) // (workers * CHUNKS_PER_WORKER)))
    chunks = [items[i : i + size] for i in range(0, len(items), size)]
    with ProcessPoolExecutor(
        workers, mp_context=_start_method(), initializer=_start, initargs=(work,)
    ) as pool:
        for done in pool.map(_run_chunk, chunks):
            yield from done


def _start_method() -> Any:
    """fork: workers start at once with ``work`` and everything it uses as they are (no
    thread is running at this point).  Elsewhere than Linux the work is done in one
    process: a spawned worker would rebuild the workspace first."""
    import multiprocessing

    return multiprocessing.get_context("fork")


_work: Callable[[Any], bytes] | None = None


def _start(work: Callable[[Any], bytes]) -> None:
    global _work
    _work = work
    gc.disable()  # as cache.no_collection, for the worker's life


def _run_chunk(items: Sequence[Any]) -> list[bytes]:
    assert _work is not None, "the pool's initializer sets the work"
    return [_work(item) for item in items]
