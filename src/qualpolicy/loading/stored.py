"""Plans as the cache keeps them: the header at once, the bulk on first use.

A command over thousands of plans mostly needs each plan's id, region and
script, and the entries of one metric (from the alignment index); unpickling
every plan's targets, tasks and exclusions would cost more than the rest of the
command.  A :class:`StoredPlan` is a :class:`~qualpolicy.models.Plan` whose
bulky fields stay pickled (and compressed) until something reads one of them.
"""

from __future__ import annotations

import dataclasses
import pickle
import zlib
from typing import Any

from qualpolicy.models import Plan

_BULK = ("targets", "tasks", "exclusions")
_HEADER = tuple(f.name for f in dataclasses.fields(Plan) if f.name not in _BULK)


class StoredPlan(Plan):
    """A plan from the cache; reading ``targets``, ``tasks`` or ``exclusions`` unpickles
    all three (keeping the pickled bulk, to be stored again as it is).  It equals the
    plan it was made from and pickles as one."""

    def __getattr__(self, name: str) -> Any:  # only for attributes not yet in __dict__
        state = self.__dict__
        if name in _BULK and "_bulk" in state:
            bulk = pickle.loads(zlib.decompress(state["_bulk"]))
            state.update(zip(_BULK, bulk, strict=True))
            return state[name]
        raise AttributeError(name)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Plan):
            return NotImplemented
        return all(getattr(self, f) == getattr(other, f) for f in (*_HEADER, *_BULK))

    __hash__ = None  # type: ignore[assignment]  # as Plan's: it holds lists

    def __reduce__(self) -> tuple[Any, ...]:
        if "_bulk" in self.__dict__:
            return (_restore, ({name: self.__dict__[name] for name in _HEADER}, self._bulk))
        return stored(self).__reduce__()


def stored(plan: Plan) -> StoredPlan:
    """``plan`` as the cache keeps it.  The bulk is compressed (quickly, to about 40%):
    thousands of plans are written and read back as a fraction of the bytes."""

    if isinstance(plan, StoredPlan) and "_bulk" in plan.__dict__:
        return plan  # as kept already
    bulk = pickle.dumps(tuple(getattr(plan, name) for name in _BULK), pickle.HIGHEST_PROTOCOL)
    return _restore({name: getattr(plan, name) for name in _HEADER}, zlib.compress(bulk, 1))


def _restore(header: dict[str, Any], bulk: bytes) -> StoredPlan:
    plan = object.__new__(StoredPlan)
    plan.__dict__.update(header, _bulk=bulk)
    return plan
