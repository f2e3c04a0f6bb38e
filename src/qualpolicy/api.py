"""The library for notebooks: ``import qualpolicy as qp; ws = qp.load()``.

Every command's answer has a method of the same name (compare, progress, diff, search,
map, flags, history, plans, table, export, report) that takes the same choices as the
command's options and handles names and mistakes as the command does: a name several
metrics share gives each of them, a plan diffed with itself is refused.  Each result
keeps the typed objects it wraps (``.comparisons``, ``.headroom``, ``.diff``, ``.hits``,
``.tile_map``, ``.flags``, ``.history``) and gives ``.to_records()`` — plain dicts with
the fields of the matching ``--format json`` output — and ``.to_pandas()`` when pandas is
installed (``pip install 'qualpolicy[pandas]'``; nothing else here imports pandas):
nested fields become ``a.value``-style columns, whole numbers stay whole (years are 2025,
not 2025.0), and every missing value is ``pd.NA``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, overload

from qualpolicy import taskwords
from qualpolicy.analysis.cascade import choose
from qualpolicy.analysis.compare import Comparison, compare_metric
from qualpolicy.analysis.diff import PlanDiff, diff_plans
from qualpolicy.analysis.flags import Flag, flags_of_chosen
from qualpolicy.analysis.history import History, history, region_documents
from qualpolicy.analysis.naming import named
from qualpolicy.analysis.progress import Headroom
from qualpolicy.analysis.progress import progress as measure
from qualpolicy.analysis.tilemap import TileMap, tile_map
from qualpolicy.analysis.versions import Versions, as_of_day
from qualpolicy.errors import QualpolicyError
from qualpolicy.loading.tilegrid import layered_tilegrid
from qualpolicy.models import LevelFilter, Plan
from qualpolicy.render.compare import comparison_rows
from qualpolicy.render.dataset import Table, build_tables
from qualpolicy.render.diff import as_data
from qualpolicy.render.export import export_dataset
from qualpolicy.render.flags import flag_dict
from qualpolicy.render.history import history_dict
from qualpolicy.render.progress import progress_rows
from qualpolicy.render.report import write_report
from qualpolicy.render.search import hit_dict
from qualpolicy.render.tilemap import map_rows
from qualpolicy.text.search import Hit, Query, Searched, ranked, search
from qualpolicy.workspace import Workspace


class Records:
    """A result that reads as rows."""

    def to_records(self) -> list[dict[str, Any]]:
        raise NotImplementedError

    def columns(self) -> list[str] | None:
        """Column order for an empty frame; None to take the records' own."""
        return None

    def to_pandas(self) -> Any:
        """The records as a pandas DataFrame: nested fields become ``a.value``-style columns
        (a field that is empty in some rows and nested in others is not kept twice), with
        pandas' nullable types, so whole numbers stay whole and every gap is ``pd.NA``."""
        try:
            import pandas as pd
        except ImportError as exc:
            raise ImportError("to_pandas() needs pandas: pip install 'qualpolicy[pandas]'") from exc
        records = self.to_records()
        if not records:
            return pd.DataFrame(columns=self.columns())
        frame = pd.json_normalize(records)
        nested = {c.split(".")[0] for c in frame.columns if "." in c}
        empty = [c for c in frame.columns if c in nested and frame[c].isna().all()]
        frame = frame.drop(columns=empty).convert_dtypes()
        for column in frame.columns:  # lists, and columns with nothing in them
            if frame[column].dtype == object:
                frame[column] = frame[column].where(frame[column].notna(), pd.NA)
        return frame

    def __len__(self) -> int:
        return len(self.to_records())


class Compared(Records):
    """A metric across plans (``qualpolicy compare --metric``): one comparison, or one for
    each metric a shared name stands for (``note`` says so, as the command does)."""

    def __init__(self, comparisons: list[Comparison], note: str | None = None):
        self.comparisons = comparisons
        self.note = note

    @property
    def comparison(self) -> Comparison:
        """The comparison of the metric named (the closest, when a name several share)."""
        return self.comparisons[0]

    def to_records(self) -> list[dict[str, Any]]:
        """The ``rows`` of the JSON output — figures by ambition, then plans without one —
        each with the id of the metric it is about."""
        return [row for cmp in self.comparisons for row in comparison_rows(cmp)]

    def __repr__(self) -> str:
        names = ", ".join(f"{c.metric.name} ({c.metric.id})" for c in self.comparisons)
        return f"<Compared {names}: {len(self)} rows>"


class Progressed(Records):
    """Every target beside its region's latest actual (``qualpolicy progress``)."""

    def __init__(self, headroom: list[Headroom]):
        self.headroom = headroom

    def to_records(self) -> list[dict[str, Any]]:
        """The JSON output's rows: the stiffest pace first."""
        return progress_rows(self.headroom)

    def __repr__(self) -> str:
        return f"<Progressed {len(self.headroom)} targets>"


class Found(Records):
    """Tasks and targets that use the terms (``qualpolicy search``), and how much there was
    to search."""

    def __init__(self, hits: list[Hit], searched: Searched):
        self.hits = hits
        self.searched = searched

    def to_records(self) -> list[dict[str, Any]]:
        """The JSON output's ``hits``."""
        return [hit_dict(h) for h in self.hits]

    def __repr__(self) -> str:
        return f"<Found {len(self.hits)} hits; {self.searched.describe()}>"


class Diffed(Records):
    """Two plans side by side (``qualpolicy diff``)."""

    def __init__(self, diff: PlanDiff):
        self.diff = diff

    def data(self) -> dict[str, Any]:
        """The whole JSON output: pairs, one-sided entries, task themes."""

        return as_data(self.diff)

    def to_records(self) -> list[dict[str, Any]]:
        """The JSON output's ``pairs``: a metric both plans address, both figures, a verdict."""
        pairs: list[dict[str, Any]] = self.data()["pairs"]
        return pairs

    def __repr__(self) -> str:
        return f"<Diffed {self.diff.a.id} vs {self.diff.b.id}: {len(self.diff.pairs)} pairs>"


class Mapped(Records):
    """One metric's target in each province, on the tile grid (``qualpolicy map``)."""

    def __init__(self, tile_map: TileMap):
        self.tile_map = tile_map

    def to_records(self) -> list[dict[str, Any]]:
        """The JSON output: one object per province, in the grid file's order."""
        return map_rows(self.tile_map)

    def __repr__(self) -> str:
        shown = len(self.tile_map.shown)
        return f"<Mapped {self.tile_map.metric.id}: {shown} of {len(self.tile_map.tiles)} tiles>"


class Flagged(Records):
    """Every flagged target and the figure it is held against (``qualpolicy flags``)."""

    def __init__(self, flags: list[Flag]):
        self.flags = flags

    def to_records(self) -> list[dict[str, Any]]:
        """The JSON output: one object per flag, the nation first."""
        return [flag_dict(f) for f in self.flags]

    def __repr__(self) -> str:
        return f"<Flagged {len(self.flags)} flags>"


class Histories(Records):
    """A region's documents over time (``qualpolicy history``)."""

    def __init__(self, history: History):
        self.history = history

    def data(self) -> dict[str, Any]:
        """The whole JSON output: the documents and every metric's timeline."""
        return history_dict(self.history)

    def to_records(self) -> list[dict[str, Any]]:
        """The JSON output's ``metrics``: one timeline per metric and basis."""
        lines: list[dict[str, Any]] = self.data()["metrics"]
        return lines

    def __repr__(self) -> str:
        h = self.history
        return f"<Histories {h.region}: {len(h.documents)} documents, {len(h.lines)} lines>"


class TableRecords(Records):
    """One table of the dataset, as ``qualpolicy export`` writes it."""

    def __init__(self, table: Table):
        self.table = table

    def to_records(self) -> list[dict[str, Any]]:
        return self.table.rows

    def columns(self) -> list[str]:
        return [c.name for c in self.table.columns]

    def to_pandas(self) -> Any:
        frame = super().to_pandas()
        return frame[self.columns()] if len(frame) else frame

    def __repr__(self) -> str:
        return f"<TableRecords {self.table.name}: {len(self.table.rows)} rows>"


class Plans(Records, Sequence[Plan]):
    """Every plan (superseded versions too), as typed :class:`~qualpolicy.models.Plan`
    objects and as the plans table.

    ``plans[0]`` is the first by id; ``plans["江蘇"]`` finds one by any name the CLI takes.
    """

    def __init__(self, session: Session):
        self._session = session
        self._plans = session.workspace.plans.plans

    @overload
    def __getitem__(self, key: int | str) -> Plan: ...
    @overload
    def __getitem__(self, key: slice) -> Sequence[Plan]: ...
    def __getitem__(self, key: int | str | slice) -> Plan | Sequence[Plan]:
        if isinstance(key, str):
            return self._session.workspace.plans.get(key)
        return self._plans[key]

    def __len__(self) -> int:
        return len(self._plans)

    def __iter__(self) -> Iterator[Plan]:
        return iter(self._plans)

    def to_records(self) -> list[dict[str, Any]]:
        return self._session.table("plans", all_versions=True).to_records()

    def columns(self) -> list[str]:
        return self._session.table("plans", all_versions=True).columns()

    def __repr__(self) -> str:
        return f"<Plans {', '.join(p.id for p in self._plans)}>"


def _names(plans: Sequence[str] | str | None) -> list[str] | None:
    """The plans a call names: one name, several, or None for all."""
    names = [plans] if isinstance(plans, str) else list(plans or [])
    return names or None


class Session:
    """The shipped data (and any directories of your own layered over it), ready for
    questions.  Loading is lazy and cached like the CLI's."""

    def __init__(
        self,
        data_dir: str | Path | Sequence[str | Path] | None = None,
        *,
        use_cache: bool = True,
        own_only: bool = False,
    ):
        given = [data_dir] if isinstance(data_dir, str | Path) else list(data_dir or [])
        self.workspace = Workspace([Path(d) for d in given], use_cache=use_cache, own_only=own_only)

    @property
    def plans(self) -> Plans:
        return Plans(self)

    def _versions(self, as_of: str | dt.date | None, all_versions: bool) -> Versions | None:
        """The documents in force on the day, or None for every version."""
        return None if all_versions else Versions(self.workspace.plans.plans, as_of_day(as_of))

    def _in_force(
        self, as_of: str | dt.date | None, all_versions: bool
    ) -> Callable[[Plan], bool] | None:
        """The test of a document in force on the day, or None for every version."""
        documents = self._versions(as_of, all_versions)
        return documents.in_force if documents else None

    def _select(
        self,
        plans: Sequence[str] | None,
        as_of: str | dt.date | None = None,
        all_versions: bool = False,
    ) -> list[Plan]:
        """The plans named (a name or several), or all: the documents in force on the day
        unless ``all_versions``."""
        return self.workspace.plans.select(_names(plans), self._in_force(as_of, all_versions))

    def compare(
        self,
        metric: str,
        plans: Sequence[str] | None = None,
        *,
        within: str | None = None,
        level: str | None = None,
        exact: bool = False,
        as_of: str | dt.date | None = None,
        all_versions: bool = False,
    ) -> Compared:
        """A metric (id, Chinese name in either script, alias or English name, or a part of
        one: then each metric it is part of, as ``compare --metric``) across plans;
        ``within="浙江"`` takes a plan, the plans below it and the nation; ``level`` is
        national, province, city or county; ``exact`` leaves similarity matches out.  Each
        target carries its headroom against the latest actual of its region, as of
        ``as_of`` (a date, "2026-12-07", "2026-12" or "2026"; default today), and the
        plans are the documents in force that day unless ``all_versions``."""
        ws = self.workspace
        found = named(ws.catalogue, metric, ws.normalizer)
        chosen = choose(
            ws.plans,
            _names(plans),
            within=within,
            level=LevelFilter(level) if level else None,
            versions=self._versions(as_of, all_versions),
        )
        ids = {m.id for m in found.shown}
        evidence = ws.evidence(as_of, ids)
        return Compared(
            [
                compare_metric(m, chosen, ws.aligner, exact=exact, evidence=evidence)
                for m in found.shown
            ],
            found.note,
        )

    def progress(
        self,
        plans: Sequence[str] | None = None,
        *,
        metric: str | None = None,
        as_of: str | dt.date | None = None,
        all_versions: bool = False,
    ) -> Progressed:
        """Every target of ``plans`` (of ``metric`` only, if named) beside its region's
        latest actual, as of ``as_of`` (default today), the stiffest pace first."""
        ws = self.workspace
        found = ws.catalogue.find(metric, ws.normalizer) if metric else None
        evidence = ws.evidence(as_of)
        chosen = self._select(plans, as_of, all_versions)
        return Progressed(measure(chosen, ws.aligner, evidence, found))

    def search(
        self,
        *terms: str,
        plans: Sequence[str] | None = None,
        any_term: bool = False,
        substring: bool = False,
        rank: bool = False,
        as_of: str | dt.date | None = None,
        all_versions: bool = False,
    ) -> Found:
        """Tasks and targets that use every term (``any_term``: any of them) as words
        (``substring``: anywhere), in plan order (``rank``: the most relevant first)."""
        ws = self.workspace
        words = tuple(t.strip() for t in terms if t.strip())
        if not words:
            raise QualpolicyError("the search term is empty", "e.g. ws.search('首席质量官')")
        query = Query(words, any_term=any_term, substring=substring)
        chosen = self._select(plans, as_of, all_versions)
        bounds = None if substring else taskwords.word_boundaries(ws)
        hits = search(query, chosen, ws.normalizer, ws.lexicon, bounds)
        return Found(ranked(hits) if rank else hits, Searched.of(chosen))

    def diff(
        self,
        a: str,
        b: str,
        *,
        themes: bool = True,
        as_of: str | dt.date | None = None,
        all_versions: bool = False,
    ) -> Diffed:
        """Two plans side by side (a region names its document in force), targets for
        other years weighed by their paces as of ``as_of``; ``themes=False`` skips task
        themes (and jieba)."""
        ws = self.workspace
        among = self._in_force(as_of, all_versions)
        evidence = ws.evidence(as_of, ws.catalogue.ids)
        return Diffed(
            diff_plans(
                ws.plans.get(a, among),
                ws.plans.get(b, among),
                ws.aligner,
                taskwords.themes(ws) if themes else None,
                evidence,
            )
        )

    def map(
        self,
        metric: str,
        *,
        year: int | None = None,
        as_of: str | dt.date | None = None,
        all_versions: bool = False,
    ) -> Mapped:
        """``metric`` over the tile grid of the provinces: each one's target for the latest
        target year among its documents in force on ``as_of`` (or for ``year``)."""
        ws = self.workspace
        found = ws.catalogue.find(metric, ws.normalizer)
        versions = self._versions(as_of, all_versions)
        return Mapped(
            tile_map(
                found,
                ws.plans.plans,
                ws.aligner,
                layered_tilegrid(ws.layers),
                versions,
                year=year,
            )
        )

    def flags(
        self,
        plans: Sequence[str] | None = None,
        *,
        metric: str | None = None,
        within: str | None = None,
        level: str | LevelFilter | None = None,
        as_of: str | dt.date | None = None,
        all_versions: bool = False,
    ) -> Flagged:
        """Every target below its parent's or the nation's, not beyond its own level, or
        missed, worked out on every document and shown for the plans (``within``, ``level``,
        ``metric``) chosen, as of ``as_of``."""
        ws = self.workspace
        documents = self._versions(as_of, all_versions)
        chosen = choose(
            ws.plans,
            _names(plans),
            within=within,
            level=LevelFilter(level) if level else None,
            versions=documents,
        )
        metrics = (
            {m.id for m in named(ws.catalogue, metric, ws.normalizer).shown} if metric else None
        )
        evidence = ws.evidence(as_of, ws.catalogue.ids)  # only aligned targets are flagged
        every = choose(ws.plans, versions=documents)
        return Flagged(flags_of_chosen(chosen, every, ws.aligner, evidence, metrics))

    def history(
        self, region: str, *, metric: str | None = None, as_of: str | dt.date | None = None
    ) -> Histories:
        """``region`` (its name in either script, or any of its plans' ids) over its
        documents, as of ``as_of``; ``metric`` keeps that metric only."""
        ws = self.workspace
        metrics = named(ws.catalogue, metric, ws.normalizer).shown if metric else None
        evidence = ws.evidence(as_of, ws.catalogue.ids)  # a line is a metric's
        return Histories(history(region_documents(ws.plans, region), ws.aligner, evidence, metrics))

    def table(
        self,
        name: str,
        plans: Sequence[str] | None = None,
        *,
        as_of: str | dt.date | None = None,
        all_versions: bool = False,
    ) -> TableRecords:
        """One table of the export: targets, plans, actuals, tasks, metrics or columns (the
        targets' headroom as of ``as_of``, default today), of the documents in force then
        unless ``all_versions``."""
        ws = self.workspace
        evidence = ws.evidence(as_of)
        chosen = self._select(plans, as_of, all_versions)
        [table] = build_tables(chosen, ws.aligner, ws.actuals, evidence, [name])
        return TableRecords(table)

    def export(
        self,
        path: str | Path,
        fmt: str,
        *,
        tables: Sequence[str] | None = None,
        plans: Sequence[str] | None = None,
        as_of: str | dt.date | None = None,
        all_versions: bool = False,
        force: bool = False,
    ) -> int:
        """Write the dataset as ``qualpolicy export`` does (csv, xlsx, sqlite or json), the
        targets' headroom as of ``as_of`` (default today), of the documents in force then
        unless ``all_versions``; the file's size in bytes."""
        ws = self.workspace
        names = list(tables) if tables else None
        evidence = ws.evidence(as_of)
        chosen = self._select(plans, as_of, all_versions)
        _, size = export_dataset(
            chosen, ws.aligner, ws.actuals, evidence, fmt, Path(path), names=names, force=force
        )
        return size

    def report(
        self,
        path: str | Path,
        *,
        plans: Sequence[str] | None = None,
        as_of: str | dt.date | None = None,
        all_versions: bool = False,
        force: bool = False,
    ) -> int:
        """Write the HTML report as ``qualpolicy report`` does, its headroom as of ``as_of``
        (default today); the file's size in bytes."""
        ws = self.workspace
        evidence = ws.evidence(as_of)
        _, size = write_report(
            self._select(plans, as_of, all_versions),
            ws.aligner,
            Path(path),
            evidence=evidence,
            grid=layered_tilegrid(ws.layers),
            versions=self._versions(as_of, all_versions),
            force=force,
        )
        return size

    def __repr__(self) -> str:
        return f"<qualpolicy Session {self.workspace.data_dir}>"
