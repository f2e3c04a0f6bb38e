"""The national picture the report closes with: a tile map for each metric that five or
more provinces set, the flagged targets, the history of every region with more than one
document, and which documents the data hold for each region.

It is worked out on every document of the data, whichever plans the report shows: a
map of the provinces, or a list of who falls below whom, that left out the provinces
not asked for would say they have no plan.  The flags are shown for the report's
plans only (:func:`qualpolicy.analysis.flags.shown`), as ``qualpolicy flags -p``
would show them.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from qualpolicy.analysis.align import Aligner
from qualpolicy.analysis.cascade import held
from qualpolicy.analysis.catalogue import Metric
from qualpolicy.analysis.flags import Flag, flags, shown
from qualpolicy.analysis.history import Document, History, document, history, in_order
from qualpolicy.analysis.progress import Evidence
from qualpolicy.analysis.tilemap import PROVINCIAL, Status, TileMap, tile_map
from qualpolicy.analysis.versions import Versions
from qualpolicy.loading.tilegrid import TileGrid
from qualpolicy.models import LEVEL_RANKS, Plan

MAPPED = 5
"""A metric gets a map when at least this many provinces set a figure for it."""


@dataclass(frozen=True)
class Region:
    """One region's documents in the data, in the order they were made."""

    region: str
    plans: list[Document]

    @property
    def level(self) -> int:
        return LEVEL_RANKS[self.plans[0].plan.level]


@dataclass(frozen=True)
class National:
    maps: list[TileMap]
    """One per metric that MAPPED or more provinces set, the most widely set first."""
    flags: list[Flag]
    histories: list[History]
    """Every region of the report's plans with more than one document in the data."""
    regions: list[Region]
    """Every region with a document in the data, the nation first, then by level and id."""
    missing: list[str]
    """The provinces of the tile grid with no document in the data (short names)."""
    in_force_on: dt.date | None
    """The day the documents counted are in force on; None when every version counts."""


def national_picture(
    shown_plans: list[Plan],
    aligner: Aligner,
    evidence: Evidence,
    grid: TileGrid,
    versions: Versions | None,
) -> National:
    """The national picture of the data as of the evidence's day; ``versions`` (None: every
    version counts) holds which documents are in force, as the report's plans were chosen."""
    every = list(evidence.hierarchy.plans.values())
    counted = [p for p in every if versions is None or versions.in_force(p)]
    maps = [tile_map(m, every, aligner, grid, versions) for m in _mapped(counted, aligner)]
    maps = [m for m in maps if provinces(m) >= MAPPED]
    maps.sort(key=lambda m: -provinces(m))
    found = shown(flags(counted, aligner, evidence), shown_plans)
    by_region: dict[str, list[Plan]] = {}
    for plan in every:
        by_region.setdefault(plan.region, []).append(plan)
    regions = [
        Region(name, [document(p, evidence.versions) for p in in_order(plans)])
        for name, plans in by_region.items()
    ]
    regions.sort(key=lambda r: (r.level, min(d.plan.id for d in r.plans)))
    missing = [t.short for t in grid.tiles if t.region not in by_region]
    asked = {p.region for p in shown_plans}
    histories = [
        history(by_region[r.region], aligner, evidence)
        for r in regions
        if r.region in asked and len(r.plans) > 1
    ]
    return National(maps, found, histories, regions, missing, versions.day if versions else None)


def provinces(tm: TileMap) -> int:
    """How many provinces' tiles show a figure (兵团's is no province's)."""
    return sum(t.status is Status.figure and t.tile.province for t in tm.tiles)


def _mapped(plans: list[Plan], aligner: Aligner) -> list[Metric]:
    """The metrics that enough provincial-level documents set a figure for to be mapped,
    perhaps (a region with two documents counts once; the map then counts provinces)."""
    setters: Counter[str] = Counter()
    seen: set[tuple[str, str]] = set()
    provincial = [p for p in plans if p.level in PROVINCIAL]
    for row in aligner.align(provincial):
        metric = row.match.metric_id
        if metric and held(row) and (metric, row.plan.region) not in seen:
            seen.add((metric, row.plan.region))
            setters[metric] += 1
    return [m for m in aligner.catalogue.metrics if setters[m.id] >= MAPPED]
