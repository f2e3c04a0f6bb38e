"""The tile map as SVG: a standalone picture to paste into a briefing, or the same drawing
inline in the HTML report.

Each tile shows the province's short name, its figure and the figure's target year (and
how many more it has), coloured as :mod:`qualpolicy.render.tilemap` colours it, with its
text in black or white, whichever contrasts more; a tile without a figure says why in
words.  Under the grid: the legend (the colour scale with its ends, or the verdicts; the
nation's figure; the basis) and the source line.  Hovering a tile shows the region, the
document and the quote.  Every colour and font is carried by the drawing itself.
"""

from __future__ import annotations

from html import escape

from qualpolicy.analysis.tilemap import MapTile, Status, TileMap
from qualpolicy.render.svg import FAINT, FONT, INK
from qualpolicy.render.text import with_minus
from qualpolicy.render.tilemap import (
    VERDICT_COLOURS,
    VERDICT_MARKS,
    VERDICT_WORDS,
    Colouring,
    basis_words,
    fill,
    ink,
    mark,
    national_words,
    other_basis_words,
    scale_words,
    source_words,
    status_words,
    tile_lines,
    title,
    value_colour,
)

TILE = 84  # a tile's side, in the drawing's units
GAP = 4
MARGIN = 16
TITLE_HEIGHT = 44
LINE = 17  # the legend's line height
TEXT_WIDTH = 104  # characters of Latin text a legend line holds before it wraps


def _wrap(text: str, width: int = TEXT_WIDTH) -> list[str]:
    """``text`` in lines of about ``width`` characters (CJK counts double), at spaces."""
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        candidate = f"{current} {word}" if current else word
        if _width(candidate) > width and current:
            lines.append(current)
            current = word
        else:
            current = candidate
    return [*lines, current] if current else lines


def _width(text: str) -> int:
    return sum(2 if ord(c) > 0x2E80 else 1 for c in text)


def _hover(t: MapTile) -> str:
    lines = [t.tile.region]
    if t.shown is not None:
        lines.append(f"{t.shown.plan.id}: “{t.shown.target.quote}”")
    elif t.documents:
        lines.append("documents: " + ", ".join(p.id for p in t.documents))
    if t.versus is not None:
        lines.append(VERDICT_WORDS[t.verdict] + f" (全国 {t.versus.other.target.value})")
    return "\n".join(lines)


def tile_svg(t: MapTile, tm: TileMap, colouring: Colouring) -> str:
    x = MARGIN + t.tile.column * (TILE + GAP)
    y = TITLE_HEIGHT + t.tile.row * (TILE + GAP)
    bg = fill(t, tm, colouring)
    text = ink(bg)
    dashed = not t.tile.province or t.status is Status.partial or not t.on_basis
    border = FAINT if t.status is not Status.figure or not t.on_basis else bg
    rect = (
        f'<rect x="{x}" y="{y}" width="{TILE}" height="{TILE}" rx="3" fill="{bg}" '
        f'stroke="{border}" stroke-width="1.5"'
        + (' stroke-dasharray="4 3"' if dashed else "")
        + "/>"
    )
    sign = mark(t, tm, colouring, plain=False)
    name = t.tile.short + ("" if t.tile.province else "*")
    lines = tile_lines(t, tm)
    figure_line = t.status is Status.figure
    parts = [
        f'<text x="{x + 6}" y="{y + 21}" font-size="17" font-weight="bold">{escape(name)}</text>'
    ]
    if sign:
        parts.append(
            f'<text class="sign" x="{x + TILE - 6}" y="{y + TILE - 7}" font-size="16" '
            'text-anchor="end">'
            f"{escape(sign)}</text>"
        )
    sizes = (19, 14, 12) if figure_line else (14, 13, 12)
    weights = ("bold", "normal", "normal") if figure_line else ("normal",) * 3
    for i, (line, size, weight) in enumerate(zip(lines, sizes, weights, strict=True)):
        if line:
            parts.append(
                f'<text x="{x + 6}" y="{y + 43 + i * 17}" font-size="{size}" '
                f'font-weight="{weight}">{escape(line)}</text>'
            )
    plan, shown = t.plan, t.shown
    when = "" if shown is None or shown.target.year is None else shown.target.year
    data = (
        f'data-province="{escape(t.tile.short)}" data-status="{t.status.value}" '
        f'data-plan="{escape(plan.id) if plan else ""}" '
        f'data-value="{"" if t.shown is None else escape(repr(t.shown.target.value))}" '
        f'data-year="{when}" '
        f'data-verdict="{t.verdict.value if t.verdict else ""}"'
    )
    return (
        f'<g class="tile" {data} fill="{text}"><title>{escape(_hover(t))}</title>{rect}'
        + "".join(parts)
        + "</g>"
    )


def _legend(tm: TileMap, colouring: Colouring, top: float, width: float) -> tuple[str, float]:
    """The legend from ``top``: its SVG and its height."""
    out: list[str] = []
    y = top
    if colouring is Colouring.value and tm.scale is not None:
        low, high = tm.scale
        steps = 40
        bar_width = 240.0
        left = MARGIN + 8.5 * len(with_minus(low)) + 8
        for i in range(steps):
            colour = value_colour(low + (high - low) * i / (steps - 1), low, high)
            out.append(
                f'<rect x="{left + i * bar_width / steps:.1f}" y="{y}" '
                f'width="{bar_width / steps + 0.5:.1f}" height="16" fill="{colour}"/>'
            )
        out.append(
            f'<text x="{MARGIN}" y="{y + 13}" font-size="15">{escape(with_minus(low))}</text>'
            f'<text x="{left + bar_width + 8:.1f}" y="{y + 13}" font-size="15">'
            f"{escape(with_minus(high))}</text>"
        )
        y += 22
        texts = [scale_words(tm)]
    elif colouring is Colouring.value:
        texts = [scale_words(tm)]
    else:
        texts = []
        for i, (verdict, words) in enumerate(VERDICT_WORDS.items()):
            colour = VERDICT_COLOURS[verdict]
            row_y = y + i * 23
            out.append(
                f'<rect x="{MARGIN}" y="{row_y}" width="24" height="18" rx="2" fill="{colour}"/>'
                f'<text x="{MARGIN + 12}" y="{row_y + 14}" text-anchor="middle" '
                f'font-size="14" fill="{ink(colour)}">{escape(VERDICT_MARKS[verdict])}</text>'
                f'<text x="{MARGIN + 32}" y="{row_y + 14}" font-size="15">{escape(words)}</text>'
            )
        y += len(VERDICT_WORDS) * 23 + 4
    texts.append(national_words(tm))
    if tm.basis is not None:
        texts.append(f"basis: {basis_words(tm)}; figures on another basis are not coloured")
    texts += other_basis_words(tm)
    for words in texts:
        for line in _wrap(words, int(width / 8.2)):
            y += LINE + 2
            out.append(f'<text x="{MARGIN}" y="{y - 4}" font-size="15">{escape(line)}</text>')
    y += 6
    for words in [*status_words(tm), source_words(tm)]:
        for line in _wrap(words, int(width / 7.6)):
            y += LINE
            out.append(
                f'<text x="{MARGIN}" y="{y - 4}" font-size="13.5" fill="{FAINT}">'
                f"{escape(line)}</text>"
            )
    return "".join(out), y - top


def map_svg(
    tm: TileMap, colouring: Colouring = Colouring.value, *, standalone: bool = False
) -> str:
    """The map as an SVG element (for the HTML report), or with ``standalone`` a whole
    SVG file (an XML declaration before it)."""
    width = 2 * MARGIN + tm.grid.columns * (TILE + GAP) - GAP
    grid_bottom = TITLE_HEIGHT + tm.grid.rows * (TILE + GAP)
    legend, legend_height = _legend(tm, colouring, grid_bottom + 10, width - 2 * MARGIN)
    height = grid_bottom + 10 + legend_height + MARGIN
    label = f"{title(tm)} (tile map)"
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="tilemap" '
        f'data-metric="{escape(tm.metric.id)}" viewBox="0 0 {width} {height:.0f}" '
        f'width="100%" style="max-width:{width * 1.25:.0f}px" role="img" '
        f'aria-label="{escape(label)}" font-family="{FONT}" font-size="13" fill="{INK}">'
    )
    heading = (
        f'<rect width="{width}" height="{height:.0f}" fill="#FFFFFF"/>'
        f'<text x="{MARGIN}" y="26" font-size="17" font-weight="bold">{escape(title(tm))}</text>'
    )
    tiles = "".join(tile_svg(t, tm, colouring) for t in tm.tiles)
    body = head + heading + tiles + legend + "</svg>"
    if standalone:
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"
    return body
