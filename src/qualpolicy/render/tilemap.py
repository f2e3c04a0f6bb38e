"""Rendering the tile map: tiles in the terminal (in colour, or plain), JSON, CSV and
Markdown from the same rows; the colours, tile words and legend the SVG map shares
(:mod:`qualpolicy.render.svgmap`).

A tile is coloured by its figure (``value``: viridis, a sequential scale that reads in
grey and to colour-blind eyes, fitted to the lowest and highest figure shown — it is
not a bar and need not start at 0) or by its verdict against the nation (``verdict``:
Okabe–Ito colours).  Colour is never the only sign: a verdict is a symbol on the tile
(▼ = ▲ ◇ ·), and a plain terminal shows the figure's band as shading (░ ▒ ▓ █).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text

from qualpolicy.analysis.align import Aligned, Basis
from qualpolicy.analysis.cascade import Verdict
from qualpolicy.analysis.tilemap import MapTile, Status, TileMap
from qualpolicy.models import COMPARATOR_SYMBOLS, UNIT_SYMBOLS, Comparator, Unit
from qualpolicy.render.rows import csv_text, json_text, markdown_table
from qualpolicy.render.text import figure, plural, with_minus, year


class Colouring(StrEnum):
    """What a tile's colour says."""

    value = "value"
    verdict = "verdict"


TILE_WIDTH = 9  # terminal cells: 8 columns of tiles and 7 gaps fit 80
TILE_LINES = 4

# viridis, in ten stops (matplotlib's, sampled evenly): dark purple for the lowest figure
# shown, yellow for the highest.
VIRIDIS = [
    "#440154",
    "#482878",
    "#3e4989",
    "#31688e",
    "#26828e",
    "#1f9e89",
    "#35b779",
    "#6ece58",
    "#b5de2b",
    "#fde725",
]
# Okabe–Ito: distinct to every common form of colour blindness.
VERDICT_COLOURS: dict[Verdict | None, str] = {
    Verdict.below: "#D55E00",  # vermillion
    Verdict.matches: "#56B4E9",  # sky blue
    Verdict.above: "#0072B2",  # blue
    Verdict.other_year: "#E69F00",  # orange
    None: "#999999",  # the nation sets no figure on the basis
}
VERDICT_MARKS: dict[Verdict | None, str] = {
    Verdict.below: "▼",
    Verdict.matches: "=",
    Verdict.above: "▲",
    Verdict.other_year: "◇",
    None: "·",
}
VERDICT_WORDS: dict[Verdict | None, str] = {
    Verdict.below: "below the nation's target",
    Verdict.matches: "matches it",
    Verdict.above: "above it",
    Verdict.other_year: "for another year than the nation's: the years decide",
    None: "the nation sets no figure on this basis",
}
STATUS_COLOURS = {
    Status.no_document: "#FFFFFF",
    Status.no_figure: "#E6E6E6",
    Status.partial: "#E6E6E6",
}
OTHER_BASIS = "#FFFFFF"
BANDS = "░▒▓█"  # the plain terminal's value bands, lowest first
NOT_PROVINCE = "*"


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def value_colour(value: float, low: float, high: float) -> str:
    """The viridis colour of ``value`` on the scale from ``low`` to ``high`` (the middle
    when they are one)."""
    share = 0.5 if high == low else (value - low) / (high - low)
    position = max(0.0, min(1.0, share)) * (len(VIRIDIS) - 1)
    i = min(int(position), len(VIRIDIS) - 2)
    a, b = _rgb(VIRIDIS[i]), _rgb(VIRIDIS[i + 1])
    part = position - i
    mixed = (round(x + (y - x) * part) for x, y in zip(a, b, strict=True))
    return "#{:02x}{:02x}{:02x}".format(*mixed)


def _luminance(colour: str) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """The WCAG contrast ratio of two colours (1 to 21)."""
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def ink(background: str) -> str:
    """Black or white text, whichever reads better on ``background``."""
    black, white = "#111111", "#FFFFFF"
    return white if contrast(white, background) > contrast(black, background) else black


def band(value: float, low: float, high: float) -> str:
    """The shading of ``value``'s quarter of the scale: ░ lowest … █ highest."""
    if high == low:
        return BANDS[len(BANDS) // 2]
    share = (value - low) / (high - low)
    return BANDS[min(int(share * len(BANDS)), len(BANDS) - 1)]


def band_ranges(low: float, high: float) -> list[tuple[str, float, float]]:
    step = (high - low) / len(BANDS)
    return [(c, low + i * step, low + (i + 1) * step) for i, c in enumerate(BANDS)]


def fill(t: MapTile, tm: TileMap, colouring: Colouring) -> str:
    """The colour of a tile."""
    if t.status is not Status.figure:
        return STATUS_COLOURS[t.status]
    if not t.on_basis:
        return OTHER_BASIS
    if colouring is Colouring.verdict:
        return VERDICT_COLOURS[t.verdict]
    scale, value = tm.scale, t.value
    assert scale is not None and value is not None  # a figure on the map's basis
    return value_colour(value, *scale)


# --- words ------------------------------------------------------------------------------------


def unit_words(basis: Basis | None) -> str:
    if basis is None or basis.unit is None:
        return "no unit"
    if basis.unit is Unit.percent:
        return "%"
    return UNIT_SYMBOLS[basis.unit] or basis.unit.value


def compact(row: Aligned) -> str:
    """The figure in a tile's width: ``≥98.3%``, ``86``, ``−14%`` (= is left out)."""
    t = row.target
    text = figure(t, unit_text=row.unit_text, with_comparator=False)
    if t.unit is not Unit.percent:  # the legend gives the map's unit
        text = text.split(" ")[0]
    if t.comparator and t.comparator is not Comparator.eq:
        text = COMPARATOR_SYMBOLS[t.comparator] + text
    return text


def year_words(row: Aligned) -> str:
    return year(row.target) if row.target.year is not None else "no year"


def province_name(t: MapTile) -> str:
    return t.tile.short + ("" if t.tile.province else NOT_PROVINCE)


def tile_lines(t: MapTile, tm: TileMap) -> list[str]:
    """What a tile says under its name, in up to three short lines."""
    asked = f"for {tm.year}" if tm.year is not None else ""
    other = f"+{t.more} other" if t.more and tm.year is not None else ""
    if t.status is Status.no_document:
        return ["not in", "data", ""]
    if t.status is Status.no_figure:
        return ["no figure", asked, other]
    if t.status is Status.partial:
        return ["partial", asked, other]
    assert t.shown is not None
    extras = []
    if not t.on_basis:
        extras.append("≠basis")
    if t.shown.target.hedge:
        extras.append(t.shown.target.hedge.value)
    if t.more:
        extras.append(f"+{t.more}" if extras else f"+{t.more} more")
    return [compact(t.shown), year_words(t.shown), " ".join(extras)]


def mark(t: MapTile, tm: TileMap, colouring: Colouring, *, plain: bool) -> str:
    """The sign beside a tile's name: its verdict, or in plain text its value's band."""
    if t.status is not Status.figure:
        return ""
    if colouring is Colouring.verdict:
        return VERDICT_MARKS[t.verdict]
    if plain and t.value is not None and tm.scale is not None:
        return band(t.value, *tm.scale)
    return ""


def national_words(tm: TileMap) -> str:
    """``全国 = 86 (2025)``: the nation's figures on the map's basis."""
    if not tm.national:
        return "全国: no national figure on this basis"
    shown = "; ".join(
        f"{figure(r.target, unit_text=r.unit_text)} ({year_words(r)})" for r in tm.national
    )
    return f"全国 {shown}"


def title(tm: TileMap) -> str:
    when = f" for {tm.year}" if tm.year is not None else ""
    return f"{tm.metric.name}: provincial targets{when}"


def basis_words(tm: TileMap) -> str:
    if tm.basis is None:
        return ""
    return f"{tm.basis.describe()} ({unit_words(tm.basis)})"


def other_basis_words(tm: TileMap) -> list[str]:
    """Each tile on another basis, and how its basis differs from the map's."""
    assert tm.basis is not None or not tm.shown
    return [
        f"{t.tile.short} ≠basis: " + "; ".join(t.shown.basis.differences(tm.basis))
        for t in tm.shown
        if not t.on_basis and t.shown is not None and tm.basis is not None
    ]


def status_words(tm: TileMap) -> list[str]:
    day = f" in force on {tm.as_of.isoformat()}" if tm.as_of else ""
    out = [
        f"not in data: the data hold no document of the region{day} (it may have one)",
        "no figure: its documents set no figure for the metric"
        + (f" for {tm.year}" if tm.year else ""),
        "partial: read only in part, and no figure in the part read",
    ]
    if tm.year is not None:
        out.append("+N other: figures for other years")
    else:
        out.append("+N more: more figures for the metric (another year, document or basis)")
    if any(not t.tile.province for t in tm.tiles):
        out.extend(
            f"{t.tile.short}{NOT_PROVINCE} {t.tile.region}: not a province; its tile sits beside "
            f"{tm.grid.by_region[t.tile.beside].short if t.tile.beside else '—'}"
            for t in tm.tiles
            if not t.tile.province
        )
    return out


def source_words(tm: TileMap) -> str:
    """Which documents the figures come from, as of which day; targets, not actuals."""
    day = f"in force on {tm.as_of.isoformat()}" if tm.as_of else "all versions"
    ids = sorted({p.id for p in tm.documents})
    counted = {p.id for t in tm.tiles for p in t.documents}
    text = (
        f"Source: the provinces' quality plans ({plural(len(counted), 'document')}, {day}); "
        "figures from "
        f"{', '.join(ids) or 'none'}. Figures are targets the plans set, not actuals."
    )
    if tm.unplaced:
        text += " Not on the grid: " + ", ".join(p.id for p in tm.unplaced) + "."
    return text


def scale_words(tm: TileMap) -> str:
    if tm.scale is None:
        return "no figure on the map's basis"
    low, high = tm.scale
    unit = unit_words(tm.basis)
    if low == high:
        return f"colour: every figure shown is {with_minus(low)} ({unit}), so one colour"
    return (
        f"colour: the figure, from {with_minus(low)} to {with_minus(high)} ({unit}), fitted to the "
        "figures shown (not from 0)"
    )


# --- rows ---------------------------------------------------------------------------------------

FIELDS = [
    "province",
    "plan",
    "status",
    "value",
    "year",
    "verdict",
    "region",
    "comparator",
    "unit",
    "hedge",
    "basis",
    "on_basis",
    "more",
    "national",
]


def map_rows(tm: TileMap) -> list[dict[str, Any]]:
    """One object per tile, in the grid file's order (the administrative codes')."""
    out = []
    for t in tm.tiles:
        row, plan = t.shown, t.plan
        target = row.target if row else None
        out.append(
            {
                "province": t.tile.short,
                "plan": plan.id if plan else None,
                "status": t.status.value,
                "value": target.value if target else None,
                "year": target.year if target else None,
                "verdict": t.verdict.value if t.verdict else None,
                "region": t.tile.region,
                "comparator": target.comparator.value if target and target.comparator else None,
                "unit": unit_words(row.basis) if row else None,
                "hedge": target.hedge.value if target and target.hedge else None,
                "basis": row.basis.describe() if row else None,
                "on_basis": t.on_basis if row else None,
                "more": t.more,
                "national": (
                    f"{figure(t.versus.other.target)} ({year_words(t.versus.other)})"
                    if t.versus
                    else None
                ),
            }
        )
    return out


def map_json(tm: TileMap) -> str:
    return json_text(map_rows(tm))


def map_csv(tm: TileMap) -> str:
    return csv_text(FIELDS, ([row[f] for f in FIELDS] for row in map_rows(tm)))


def map_markdown(tm: TileMap) -> str:
    head = ["Province", "Plan", "Status", "Target", "Year", "Versus 全国"]
    cells = []
    for t in tm.tiles:
        shown = t.shown
        cells.append(
            [
                province_name(t),
                t.plan.id if t.plan else "",
                t.status.value,
                figure(shown.target, unit_text=shown.unit_text) if shown else "",
                year_words(shown) if shown else "",
                VERDICT_MARKS[t.verdict] + " " + (t.verdict.value if t.verdict else "none")
                if shown
                else "",
            ]
        )
    lines = [f"## {title(tm)}", "", *markdown_table(head, cells), ""]
    lines += [f"- {w}" for w in (national_words(tm), *other_basis_words(tm), source_words(tm))]
    return "\n".join(lines) + "\n"


# --- the terminal -------------------------------------------------------------------------------


def _fit(text: str, width: int) -> str:
    """``text`` cut to ``width`` cells and padded to it."""
    while cell_len(text) > width:
        text = text[:-1]
    return text + " " * (width - cell_len(text))


def tile_cells(t: MapTile, tm: TileMap, colouring: Colouring, *, plain: bool) -> list[str]:
    """A tile's lines, each exactly :data:`TILE_WIDTH` cells: the name with its sign at the
    right, then what it says."""
    sign = mark(t, tm, colouring, plain=plain)
    name = province_name(t)
    head = _fit(name, TILE_WIDTH - cell_len(sign) - 1) + " " + sign if sign else name
    return [_fit(line, TILE_WIDTH) for line in (head, *tile_lines(t, tm))]


def grid_lines(tm: TileMap, colouring: Colouring, *, plain: bool) -> list[Text]:
    """The grid: each row of tiles as :data:`TILE_LINES` lines of text, a blank line between
    rows (plain) or none (coloured, the tiles' backgrounds part them)."""
    at = {(t.tile.row, t.tile.column): t for t in tm.tiles}
    out: list[Text] = []
    for r in range(tm.grid.rows):
        lines = [Text() for _ in range(TILE_LINES)]
        last = max((c for (row, c) in at if row == r), default=-1)
        for c in range(last + 1):
            t = at.get((r, c))
            cells = (
                tile_cells(t, tm, colouring, plain=plain) if t else [" " * TILE_WIDTH] * TILE_LINES
            )
            style = None
            if t is not None and not plain:
                bg = fill(t, tm, colouring)
                dim = t.status is not Status.figure
                style = Style(color=ink(bg), bgcolor=bg, bold=not dim, italic=dim)
            for line, cell in zip(lines, cells, strict=True):
                if c:
                    line.append(" ")
                line.append(cell, style=style)
        if plain:  # a line no tile of the row fills says nothing
            lines = lines[:1] + [line for line in lines[1:] if line.plain.strip()]
        out.extend(lines)
        if plain or r < tm.grid.rows - 1:
            out.append(Text(""))
    return out


def legend_lines(tm: TileMap, colouring: Colouring, *, plain: bool) -> list[Text]:
    out: list[Text] = []
    if colouring is Colouring.value:
        if tm.scale is not None:
            low, high = tm.scale
            if plain and low == high:
                out.append(Text(f"shading: {band(low, low, high)} {with_minus(low)}"))
            elif plain:
                shades = "  ".join(
                    f"{c} {with_minus(round(a, 2))}–{with_minus(round(b, 2))}"
                    for c, a, b in band_ranges(low, high)
                )
                out.append(Text(f"shading: {shades}"))
            else:
                bar = Text(f"{with_minus(low)} ")
                for i in range(len(VIRIDIS)):
                    colour = value_colour(low + (high - low) * i / (len(VIRIDIS) - 1), low, high)
                    bar.append("  ", style=Style(bgcolor=colour))
                bar.append(f" {with_minus(high)}")
                out.append(bar)
        out.append(Text(scale_words(tm)))
    else:
        for verdict, words in VERDICT_WORDS.items():
            swatch = Text()
            if not plain:
                swatch.append("  ", style=Style(bgcolor=VERDICT_COLOURS[verdict]))
                swatch.append(" ")
            swatch.append(f"{VERDICT_MARKS[verdict]} {words}")
            out.append(swatch)
    out.append(Text(national_words(tm)))
    if tm.basis is not None:
        out.append(Text(f"basis: {basis_words(tm)}; figures on another basis are not coloured"))
    out.extend(Text(w) for w in other_basis_words(tm))
    out.extend(Text(w, style="dim") for w in status_words(tm))
    out.append(Text(source_words(tm), style="dim"))
    return out


def is_plain(console: Any) -> bool:
    """Whether the console shows no colour: not a terminal, NO_COLOR, or a dumb one."""
    return console.color_system is None or bool(getattr(console, "no_color", False))


def print_map(
    tm: TileMap, console: Any, colouring: Colouring = Colouring.value, *, plain: bool | None = None
) -> None:
    """The map on ``console``: title, grid, legend and source.  ``plain`` (default: when the
    console has no colour) draws the tiles in text alone."""
    plain = is_plain(console) if plain is None else plain
    console.print(Text(title(tm), style="bold"))
    console.print(Text(""))
    for line in grid_lines(tm, colouring, plain=plain):
        console.print(line, no_wrap=True, crop=True, overflow="crop")
    for line in legend_lines(tm, colouring, plain=plain):
        console.print(line)
