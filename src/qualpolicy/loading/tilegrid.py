"""The tile grid (``data/tilegrid.yaml``): where each provincial-level region sits on the
map ``qualpolicy map`` draws.

One tile per region, named as the plans name it (a plan's ``region``), with the short
name the tile shows and its row and column on a schematic grid.  A tile that stands for
no province (新疆生产建设兵团) says so and names the tile it sits beside.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from qualpolicy.findings import Problem
from qualpolicy.loading.checking import load_checked
from qualpolicy.loading.datadir import data_files
from qualpolicy.models import STRICT

GRID_FILE = "tilegrid.yaml"


@dataclass(frozen=True, kw_only=True)
class Tile:
    """One region's place on the grid."""

    __pydantic_config__ = STRICT

    region: str
    """The region as the plans write it (a plan's ``region``): 四川省, 内蒙古自治区, 北京市."""
    short: str
    """The name the tile shows: 四川, 内蒙古, 北京."""
    row: int
    """0 at the top."""
    column: int
    """0 at the left."""
    province: bool = True
    """False for a tile that stands for no provincial-level region (新疆生产建设兵团)."""
    beside: str | None = None
    """For a tile that is no province: the region whose tile it sits beside."""
    note: str | None = None


@dataclass(frozen=True, kw_only=True)
class TileGrid:
    """The tile grid file (data/tilegrid.yaml)."""

    __pydantic_config__ = STRICT

    notes: str | None = None
    tiles: list[Tile] = field(default_factory=list)

    @cached_property
    def by_region(self) -> dict[str, Tile]:
        return {t.region: t for t in self.tiles}

    @property
    def rows(self) -> int:
        return max((t.row for t in self.tiles), default=-1) + 1

    @property
    def columns(self) -> int:
        return max((t.column for t in self.tiles), default=-1) + 1


def grid_problems(grid: TileGrid) -> list[Problem]:
    """Each region and short name once, each place once, on the grid; a tile that is no
    province beside the tile it names."""
    out: list[Problem] = []
    for key in ("region", "short"):
        counts = Counter(getattr(t, key) for t in grid.tiles)
        for i, tile in enumerate(grid.tiles):
            if counts[getattr(tile, key)] > 1:
                out.append(
                    Problem(("tiles", i, key), "duplicate", f"{getattr(tile, key)} is listed twice")
                )
    places = Counter((t.row, t.column) for t in grid.tiles)
    for i, tile in enumerate(grid.tiles):
        if tile.row < 0 or tile.column < 0:
            out.append(Problem(("tiles", i), "off-grid", "row and column count from 0"))
        if places[tile.row, tile.column] > 1:
            out.append(
                Problem(
                    ("tiles", i),
                    "same-place",
                    f"{tile.short} shares row {tile.row}, column {tile.column} with another tile",
                )
            )
        if tile.province:
            if tile.beside is not None:
                out.append(
                    Problem(
                        ("tiles", i, "beside"),
                        "beside",
                        "only a tile that is no province names the tile it sits beside",
                    )
                )
            continue
        other = grid.by_region.get(tile.beside or "")
        if other is None:
            out.append(
                Problem(
                    ("tiles", i, "beside"),
                    "beside",
                    "a tile that is no province names the region whose tile it sits beside",
                )
            )
        elif max(abs(other.row - tile.row), abs(other.column - tile.column)) != 1:
            out.append(
                Problem(("tiles", i), "beside", f"{tile.short} does not touch {other.short}")
            )
    return out


def load_tilegrid(path: Path) -> TileGrid:
    """The tile grid at ``path``; raises :class:`InvalidData` if it does not validate."""
    return load_checked(path, TileGrid, grid_problems, "the tile grid")


def layered_tilegrid(layers: Sequence[Path]) -> TileGrid:
    """The grid maps are drawn on: the top layer's tilegrid.yaml, else the shipped one (a
    grid replaces the one below, whole)."""
    return load_tilegrid(data_files(layers, GRID_FILE)[-1])
