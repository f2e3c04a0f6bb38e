"""The tile map: one metric's target in each provincial-level region, on a tile grid.

Each tile of the grid (:mod:`qualpolicy.loading.tilegrid`) gathers the documents of its
region in force (a 纲要 and an action plan alike; every version with ``versions`` None)
at the province level — cities and districts are no tiles — and shows one of their
targets for the metric: the one for the latest target year, or for the year asked.
A region whose documents set no figure for it says so; one that was read only in part
says that instead (the figure may sit in the part not read); a region without a
document says that.  A tile is never left blank.

Figures on different bases (unit, scope, level or change: :class:`Basis`) are never
coloured on one scale: the map takes the basis most regions use (the nation's on a tie),
and a tile whose only figures are on another basis is marked so.  Each figure shown is
held against the nation's targets on its basis, as the cascade holds every target
(:func:`qualpolicy.analysis.cascade.held_against`).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from enum import StrEnum

from qualpolicy.analysis.align import Aligned, Aligner, Basis
from qualpolicy.analysis.cascade import Hierarchy, Verdict, Versus, ambition, held, held_against
from qualpolicy.analysis.catalogue import Metric
from qualpolicy.analysis.versions import Versions, made
from qualpolicy.loading.tilegrid import Tile, TileGrid
from qualpolicy.models import Change, Extent, Level, Plan

PROVINCIAL = frozenset({Level.province, Level.municipality})
"""The levels a tile stands for (兵团's plans are province level too)."""


class Status(StrEnum):
    figure = "figure"  # a figure for the metric (for the year asked)
    no_figure = "no_figure"  # documents read in full set none (for the year asked)
    partial = "partial"  # none in the part read of a document read only in part
    no_document = "no_document"  # no document of the region (in force on the day)


@dataclass(frozen=True)
class MapTile:
    """One region's tile: what its documents set for the metric."""

    tile: Tile
    status: Status
    documents: tuple[Plan, ...]
    """The region's documents counted (in force on the day), the most recently issued first."""
    figures: tuple[Aligned, ...] = ()
    """Every target with a figure for the metric its documents set, any year and basis."""
    shown: Aligned | None = None
    """The figure the tile shows."""
    on_basis: bool = True
    """The figure shown is on the map's basis (only those are coloured on its scale)."""
    versus: Versus | None = None
    """The figure held against the nation's target on its basis (the same year when the
    nation has one; else the nearest year); None when the nation sets none on it."""

    @property
    def plan(self) -> Plan | None:
        """The document of the figure shown, else the most recently issued one."""
        if self.shown is not None:
            return self.shown.plan
        return self.documents[0] if self.documents else None

    @property
    def more(self) -> int:
        """How many more figures for the metric than the one shown (other years, other
        documents, other bases); with none shown, how many it has (for other years)."""
        return len(self.figures) - (self.shown is not None)

    @property
    def verdict(self) -> Verdict | None:
        return self.versus.verdict if self.versus is not None else None

    @property
    def value(self) -> float | None:
        """The figure shown, at its place on the map's scale: signed, so a decrease the plan
        states (较2020年下降14%) is −14, as the tile shows it (None off the scale)."""
        if self.shown is None or not self.on_basis or self.shown.target.value is None:
            return None
        value = float(self.shown.target.value)
        return -value if self.shown.target.change is Change.decrease else value


@dataclass(frozen=True)
class TileMap:
    """One metric over the tile grid."""

    metric: Metric
    grid: TileGrid
    tiles: list[MapTile]
    """One per tile of the grid, in the grid file's order."""
    basis: Basis | None
    """The basis the map colours figures on; None when no region sets a figure."""
    national: tuple[Aligned, ...]
    """The nation's figures for the metric on the map's basis, the latest year first."""
    year: int | None = None
    """The target year asked for (``--year``); None: each tile's latest."""
    as_of: dt.date | None = None
    """The day the documents in force are taken on; None when every version counts."""
    set_by: tuple[Plan, ...] = ()
    """Every document counted (any level) that sets a figure for the metric."""
    unplaced: tuple[Plan, ...] = ()
    """Province-level documents whose region has no tile on the grid."""

    @property
    def shown(self) -> list[MapTile]:
        return [t for t in self.tiles if t.status is Status.figure]

    @property
    def values(self) -> list[float]:
        """The figures on the map's scale."""
        return [v for t in self.tiles if (v := t.value) is not None]

    @property
    def scale(self) -> tuple[float, float] | None:
        """The lowest and highest figure shown on the map's basis: what the colours span."""
        found = self.values
        return (min(found), max(found)) if found else None

    @property
    def years(self) -> list[int]:
        """Every target year the regions' figures name, in order."""
        return sorted({r.target.year for t in self.tiles for r in t.figures if r.target.year})

    @property
    def documents(self) -> list[Plan]:
        """The documents whose figure a tile shows."""
        return [t.shown.plan for t in self.tiles if t.shown is not None]


def tile_map(
    metric: Metric,
    plans: list[Plan],
    aligner: Aligner,
    grid: TileGrid,
    versions: Versions | None,
    *,
    year: int | None = None,
) -> TileMap:
    """``metric`` over ``grid``: every plan of the data (``plans``) that ``versions`` holds
    in force (all of them when None) is counted — the provinces' on their tiles, the
    nation's to hold them against."""
    counted = [p for p in plans if versions is None or versions.in_force(p)]
    by_plan: dict[str, list[Aligned]] = {}
    for row in aligner.align_about(counted, {metric.id}):
        if row.match.metric_id == metric.id and held(row):
            by_plan.setdefault(row.plan.id, []).append(row)
    provincial = [p for p in counted if p.level in PROVINCIAL]
    documents = {
        tile.region: tuple(
            sorted(
                (p for p in provincial if p.region == tile.region),
                key=lambda p: (made(p) or dt.date.min, p.id),
                reverse=True,
            )
        )
        for tile in grid.tiles
    }
    figures = {
        region: tuple(row for plan in docs for row in by_plan.get(plan.id, []))
        for region, docs in documents.items()
    }
    nations = [p for p in counted if p.level is Level.national]
    national = [row for p in nations for row in by_plan.get(p.id, [])]
    basis = _basis(figures, national)
    above = _Above(
        metric, Hierarchy(plans, versions), {p.id: by_plan.get(p.id, []) for p in nations}
    )
    tiles = [
        _tile(tile, documents[tile.region], figures[tile.region], basis, year, metric, above)
        for tile in grid.tiles
    ]
    return TileMap(
        metric,
        grid,
        tiles,
        basis,
        tuple(sorted((r for r in national if r.basis == basis), key=_year, reverse=True)),
        year,
        versions.day if versions is not None else None,
        tuple(p for p in counted if p.id in by_plan),
        tuple(p for p in provincial if p.region not in grid.by_region),
    )


def _year(row: Aligned) -> int:
    return row.target.year or 0


def _basis(figures: dict[str, tuple[Aligned, ...]], national: list[Aligned]) -> Basis | None:
    """The basis most regions set a figure on; on a tie, the nation's; then the first
    described."""
    counts = Counter(basis for rows in figures.values() for basis in {r.basis for r in rows})
    if not counts:
        return None
    nation = Counter(r.basis for r in national)
    return max(counts, key=lambda b: (counts[b], nation[b], [-ord(c) for c in b.describe()]))


@dataclass(frozen=True)
class _Above:
    """Holds a figure against the nation's."""

    metric: Metric
    hierarchy: Hierarchy
    filed: dict[str, list[Aligned]]

    def versus(self, row: Aligned) -> Versus | None:
        found = held_against(row, self.filed, self.metric, self.hierarchy)
        decided = [v for v in found if v.verdict is not Verdict.other_year]
        pool = decided or found
        if not pool:
            return None
        return min(pool, key=lambda v: (abs(_year(v.other) - _year(row)), -_year(v.other)))


def _tile(
    tile: Tile,
    documents: tuple[Plan, ...],
    figures: tuple[Aligned, ...],
    basis: Basis | None,
    year: int | None,
    metric: Metric,
    above: _Above,
) -> MapTile:
    if not documents:
        return MapTile(tile, Status.no_document, documents)
    pool = [r for r in figures if year is None or r.target.year == year]
    if not pool:
        status = (
            Status.partial
            if any(p.source.extent is Extent.partial for p in documents)
            else Status.no_figure
        )
        return MapTile(tile, status, documents, figures)
    same = [r for r in pool if r.basis == basis]
    issued = {p.id: i for i, p in enumerate(documents)}  # the most recent first
    shown = max(
        same or pool,
        key=lambda r: (_year(r), -issued[r.plan.id], ambition(r, metric), -r.index),
    )
    return MapTile(tile, Status.figure, documents, figures, shown, bool(same), above.versus(shown))
