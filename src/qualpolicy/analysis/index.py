"""Aligned entries filed by metric, so a comparison reads only the entries it is about.

``compare --metric`` over thousands of plans needs the entries of one metric
(and of its related metrics, and the unmatched entries suggested for it), not
all of them: aligning or unpickling every entry of every plan would cost
seconds.  The snapshot keeps each metric's entries pickled on their own, with
plans referred to by id, and the numbers of the tasks that name each metric
in each plan; an :class:`IndexedAligner` answers from them for the snapshot's
own plans and aligns anything else as usual.
"""

from __future__ import annotations

import copyreg
import io
import pickle
from collections.abc import Collection
from collections.abc import Set as AbstractSet
from types import MappingProxyType
from typing import Any, NamedTuple

from qualpolicy.analysis.align import Aligned, Aligner, Memo
from qualpolicy.analysis.catalogue import Catalogue, Metric
from qualpolicy.analysis.matrix import Spread, compare_all, matrix_of, spreads
from qualpolicy.analysis.similarity import Tokenize
from qualpolicy.loading.stored import StoredPlan
from qualpolicy.models import Plan
from qualpolicy.text.normalize import Normalizer


class EntryIndex(NamedTuple):  # not a dataclass: cheaper to define when a command starts
    entries: dict[str, bytes]
    """Metric id → its entries, pickled with plans by id."""
    mentions: dict[str, dict[str, list[str]]]
    """Metric id → plan id → numbers of the plan's tasks that name the metric."""
    overview: bytes
    """The matrix of every plan in brief (matrix.spreads), for a terminal with too many
    plans to set side by side."""

    @classmethod
    def build(
        cls,
        entries: list[Aligned],
        plans: list[Plan],
        aligner: Aligner,
        earlier: EntryIndex | None = None,
        kept: Collection[str] = (),
    ) -> EntryIndex:
        """The index of ``entries``, every entry of ``plans``; the tasks naming each metric
        of the plans ``kept`` (ids) are taken from the ``earlier`` index."""
        filed: dict[str, list[Aligned]] = {}
        for entry in entries:
            for metric_id in entry.about:
                filed.setdefault(metric_id, []).append(entry)
        metrics = aligner.catalogue.metrics
        mentions = _mentions([p for p in plans if p.id not in kept], metrics, aligner)
        if earlier is not None and kept:
            for metric_id, found in earlier.mentions.items():
                lent = {plan_id: found[plan_id] for plan_id in kept if plan_id in found}
                if lent:
                    mentions.setdefault(metric_id, {}).update(lent)
        return cls(
            {metric_id: _dump(rows) for metric_id, rows in filed.items()},
            mentions,
            _dump(spreads(matrix_of(entries, plans, metrics))),
        )

    def entries_of(
        self, plans: dict[str, Plan], wanted: Collection[str]
    ) -> dict[str, list[Aligned]]:
        """The entries of the plans ``wanted`` (ids), by plan, in entry order: what an
        index lends a rebuild for plans that did not change.  ``plans`` are the plans it
        was built from, by id."""
        found: dict[tuple[str, int], Aligned] = {}
        for blob in self.entries.values():  # an entry is filed under each metric it may be
            for row in _load(blob, plans):
                if row.plan.id in wanted:
                    found.setdefault((row.plan.id, row.index), row)
        out: dict[str, list[Aligned]] = {}
        for (plan_id, _), row in sorted(found.items()):
            out.setdefault(plan_id, []).append(row)
        return out

    def load_overview(self, plans: dict[str, Plan]) -> list[Spread]:
        spreads: list[Spread] = _load(self.overview, plans)
        return spreads

    def load(self, metric_id: str, plans: dict[str, Plan]) -> list[Aligned]:
        blob = self.entries.get(metric_id)
        rows: list[Aligned] = [] if blob is None else _load(blob, plans)
        return rows


def _mentions(
    plans: list[Plan], metrics: list[Metric], aligner: Aligner
) -> dict[str, dict[str, list[str]]]:
    """What :meth:`Aligner.tasks_naming` says for every metric and plan, worked out
    plan by plan: one search of each word in all of a plan's tasks first."""
    words = {w for metric in metrics for w in metric.mention_words}
    out: dict[str, dict[str, list[str]]] = {}
    for plan in plans:
        texts = [aligner.normalize(task.words, plan) for task in plan.tasks]
        everything = "\n".join(texts)
        present = {w for w in words if w in everything}
        if not present:
            continue
        for metric in metrics:
            named = present.intersection(metric.mention_words)
            if named:
                numbers = [
                    task.number
                    for task, text in zip(plan.tasks, texts, strict=True)
                    if any(w in text for w in named)
                ]
                out.setdefault(metric.id, {})[plan.id] = numbers
    return out


def _dump(rows: list[Any]) -> bytes:
    out = io.BytesIO()
    _PlanPickler(out, pickle.HIGHEST_PROTOCOL).dump(rows)
    return out.getvalue()


def _load(blob: bytes, plans: dict[str, Plan]) -> Any:
    return _PlanUnpickler(io.BytesIO(blob), plans).load()


def _plan(plan_id: str) -> Plan:
    """Stands for a plan in pickled entries (:class:`_PlanUnpickler` puts the snapshot's
    plan of that id in its place)."""
    raise RuntimeError(f"entries referring to plan {plan_id} are read with _PlanUnpickler")


def _by_id(plan: Plan) -> tuple[Any, tuple[str]]:
    return _plan, (plan.id,)


class _PlanPickler(pickle.Pickler):
    """Pickles plans by id.  By type, not with ``persistent_id``: that would be asked of
    every object pickled (millions over thousands of plans), this only of plans."""

    dispatch_table = MappingProxyType({**copyreg.dispatch_table, Plan: _by_id, StoredPlan: _by_id})


class _PlanUnpickler(pickle.Unpickler):
    def __init__(self, file: io.BytesIO, plans: dict[str, Plan]):
        super().__init__(file)
        self.plans = plans

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) == (__name__, "_plan"):
            return self.plans.__getitem__
        return super().find_class(module, name)


FEW = 20
"""Fewer plans than one in this many of the snapshot's are aligned, not looked up."""


class IndexedAligner(Aligner):
    """An aligner that answers for the snapshot's plans from the index."""

    def __init__(
        self,
        catalogue: Catalogue,
        normalizer: Normalizer,
        tokenize: Tokenize,
        memo: Memo | None,
        index: EntryIndex,
        plans: list[Plan],
    ):
        super().__init__(catalogue, normalizer, tokenize, memo)
        self.index = index
        self.plans = {plan.id: plan for plan in plans}
        self._filed: dict[str, list[Aligned]] = {}

    def filed(self, metric_id: str) -> list[Aligned]:
        """The entries filed under ``metric_id``, unpickled once."""
        if metric_id not in self._filed:
            self._filed[metric_id] = self.index.load(metric_id, self.plans)
        return self._filed[metric_id]

    def _indexed(self, plans: list[Plan]) -> bool:
        return all(self.plans.get(plan.id) is plan for plan in plans)

    def align_about(self, plans: list[Plan], metric_ids: AbstractSet[str]) -> list[Aligned]:
        # A few plans are aligned faster than every plan's filed entries are unpickled
        # (the memo knows their wordings, so no jieba either).
        if len(plans) * FEW < len(self.plans) or not self._indexed(plans):
            return super().align_about(plans, metric_ids)
        order = {plan.id: i for i, plan in enumerate(plans)}
        found = {
            (row.plan.id, row.index): row
            for metric_id in metric_ids
            for row in self.filed(metric_id)
            if row.plan.id in order
        }
        return sorted(found.values(), key=lambda row: (order[row.plan.id], row.index))

    def overview(self, plans: list[Plan]) -> list[Spread] | None:
        """The matrix of ``plans`` in brief, when they are exactly the snapshot's plans."""
        if len(plans) != len(self.plans) or not self._indexed(plans):
            return None
        return self.index.load_overview(self.plans)

    def tasks_naming(self, metric: Metric, plan: Plan) -> list[str]:
        if not self._indexed([plan]):
            return super().tasks_naming(metric, plan)
        return list(self.index.mentions.get(metric.id, {}).get(plan.id, []))


def overview(plans: list[Plan], aligner: Aligner) -> list[Spread]:
    """The matrix of ``plans`` in brief: from the index when it holds exactly these plans."""
    kept = aligner.overview(plans) if isinstance(aligner, IndexedAligner) else None
    return kept if kept is not None else spreads(compare_all(plans, aligner))
