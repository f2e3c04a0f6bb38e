"""Dot charts as inline SVG: one row per figure, its value on the panel's axis.

A mark's shape says its kind (a circle for a target, a diamond for a
current-status baseline, an orange square for an actual statistic reported
later), its fill how firm it is (solid; hollow and dashed for an aspiration
such as 力争; pale and dotted for a value implied by words), and a short arrow
its comparator (→ at least, ← at most, ↔ about).  The label beside it gives the
figure exactly as recorded, the year, and footnote numbers; hovering shows the
source quote (for an actual: who reported it, when and where).  Every SVG
carries its own colours and fonts, so a chart copied out of the page looks the
same.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from html import escape

from qualpolicy.analysis.actuals import Known
from qualpolicy.analysis.report import Mark, Panel
from qualpolicy.loading.actuals import Actual
from qualpolicy.models import Comparator, Target, Unit
from qualpolicy.render.progress import reading, year_text
from qualpolicy.render.text import figure, number, year

WIDTH = 720
REGION_RIGHT = 116  # region names end here
PLOT_LEFT, PLOT_RIGHT = 128, 452
LABEL_LEFT = 484
ROW = 26
TOP = 8
AXIS = 30
ARROW = 14
FONT = "'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei',sans-serif"
INK, FAINT, GRID = "#222", "#666", "#e4e4e4"

# Colour and shape of each kind of mark.
COLOURS = {"target": "#1f5fa8", "baseline": "#7a7a7a", "actual": "#d55e00"}
SHAPES = {"target": "circle", "baseline": "diamond", "actual": "square"}
LEGEND = {
    "target": "target",
    "baseline": "current status the plan reports (baseline)",
    "actual": "actual statistic reported later, with the year it refers to",
}

# The way a comparator points: +1 towards higher values, -1 lower, 0 both ways.
POINTS = {
    Comparator.ge: 1,
    Comparator.gt: 1,
    Comparator.le: -1,
    Comparator.lt: -1,
    Comparator.approx: 0,
}


def _attrs(**values: object) -> str:
    """SVG attributes from keywords: stroke_width=2 → stroke-width="2"."""
    return " ".join(f'{k.replace("_", "-")}="{escape(str(v))}"' for k, v in values.items())


def shape(kind: str, x: float, y: float, *, hedged: bool = False, implied: bool = False) -> str:
    colour = COLOURS[kind]
    paint: dict[str, object] = {"fill": colour, "stroke": colour, "stroke_width": 1.5}
    if implied:
        paint |= {"fill_opacity": 0.3, "stroke_dasharray": "1.5 1.5", "stroke_width": 2}
    if hedged:
        paint |= {"fill": "#fff", "fill_opacity": 1, "stroke_dasharray": "3 2", "stroke_width": 2}
    if SHAPES[kind] == "diamond":
        d = f"M{x:.1f},{y - 7:.1f} L{x + 7:.1f},{y:.1f} L{x:.1f},{y + 7:.1f} L{x - 7:.1f},{y:.1f} Z"
        return f'<path class="shape" d="{d}" {_attrs(**paint)}/>'
    if SHAPES[kind] == "square":
        corner = _attrs(x=f"{x - 5:.1f}", y=f"{y - 5:.1f}", width=10, height=10)
        return f'<rect class="shape" {corner} {_attrs(**paint)}/>'
    return f'<circle class="shape" cx="{x:.1f}" cy="{y:.1f}" r="6" {_attrs(**paint)}/>'


def arrow(comparator: Comparator | None, x: float, y: float, colour: str) -> str:
    """The comparator as a short arrow (≥ >, ≤ <) or whisker (≈) from the mark; none for =."""
    if comparator not in POINTS:
        return ""
    way = POINTS[comparator]
    line = _attrs(stroke=colour, stroke_width=1.5)
    if way == 0:
        return f'<line x1="{x - ARROW:.1f}" y1="{y:.1f}" x2="{x + ARROW:.1f}" y2="{y:.1f}" {line}/>'
    tip = x + way * (ARROW + 8)
    head = f"{tip:.1f},{y:.1f} {tip - way * 6:.1f},{y - 4:.1f} {tip - way * 6:.1f},{y + 4:.1f}"
    return (
        f'<line x1="{x + way * 7:.1f}" y1="{y:.1f}" x2="{tip - way * 5:.1f}" y2="{y:.1f}" {line}/>'
        f'<polygon points="{head}" fill="{colour}"/>'
    )


def label(target: Target, unit_text: str | None) -> str:
    """``≥ 93 · 2030 · 力争``: the figure as recorded, its year, hedge and whether implied."""
    parts = [figure(target, unit_text=unit_text)]
    if target.year is not None:
        parts.append(year(target))
    if target.hedge:
        parts.append(target.hedge.value)
    if target.implied:
        parts.append("implied")
    return " · ".join(parts)


def actual_label(actual: Actual) -> str:
    """``85.6 · 2024``: the figure as reported and the year it refers to."""
    return f"{reading(actual)} · {year_text(actual)}"


def reported_by(actual: Actual) -> str:
    """Who reported the figure, when and where, and the words it rests on."""
    s = actual.source
    place = s.url or (f"source text {s.file}" if s.file else None)
    where = [s.publisher, s.published.isoformat() if s.published else None, place]
    lines = ["source: " + " · ".join(w for w in where if w)]
    if s.quote:
        lines.append(f"“{s.quote}”")
    if actual.note:
        lines.append(actual.note)
    return "\n".join(lines)


def ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round values for the axis between ``low`` and ``high``."""
    raw = (high - low) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if raw <= m * magnitude)
    first, last = math.ceil(low / step - 1e-9), math.floor(high / step + 1e-9)
    return [round(n * step, 10) for n in range(first, last + 1)]


def domain(values: list[float], *, share: bool = False) -> tuple[float, float]:
    """The axis range: the values with a margin; a share in % never runs past 100."""
    low, high = min(values), max(values)
    pad = (high - low) * 0.08 if high > low else max(abs(low) * 0.1, 1.0)
    top = high + pad
    if share and high <= 100:
        top = min(top, 100.0) if high < 100 else 100.0
    return low - pad, top


def panel_svg(panel: Panel, title: str) -> str:
    """One panel: a row per mark, the axis below."""
    values = [float(m.value) for m in panel.marks]
    share = all(
        m.entry.basis.unit is Unit.percent and not m.entry.basis.change for m in panel.marks
    )
    low, high = domain(values, share=share)

    def x(value: float) -> float:
        return PLOT_LEFT + (value - low) / (high - low) * (PLOT_RIGHT - PLOT_LEFT)

    axis_y = TOP + len(panel.marks) * ROW + 4
    height = axis_y + AXIS
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" role="img" aria-label="{escape(title)}" font-family="{FONT}" '
        f'font-size="13" fill="{INK}">'
    ]
    for value in ticks(low, high):
        tx = x(value)
        out.append(
            f'<line x1="{tx:.1f}" y1="{TOP}" x2="{tx:.1f}" y2="{axis_y}" stroke="{GRID}"/>'
            f'<text x="{tx:.1f}" y="{axis_y + 16}" text-anchor="middle" font-size="11" '
            f'fill="{FAINT}">{escape(number(value))}</text>'
        )
    out.append(
        f'<line x1="{PLOT_LEFT}" y1="{axis_y}" x2="{PLOT_RIGHT}" y2="{axis_y}" stroke="{FAINT}"/>'
    )
    for i, mark in enumerate(panel.marks):
        out.append(mark_svg(mark, x, TOP + i * ROW + ROW / 2))
    out.append("</svg>")
    return "".join(out)


def mark_svg(mark: Mark, x: Callable[[float], float], y: float) -> str:
    entry, region = mark.entry, mark.plan.region
    cx = x(float(mark.value))
    colour = COLOURS[mark.kind]
    if isinstance(entry, Known):  # the region named again, faintly, under its figures
        text, source, ink = actual_label(entry.actual), reported_by(entry.actual), FAINT
        when = entry.actual.year
        drawn = shape(mark.kind, cx, y)
    else:
        t = entry.target
        text, source, ink, when = label(t, entry.unit_text), f"“{t.quote}”", INK, t.year
        drawn = shape(mark.kind, cx, y, hedged=t.hedge is not None, implied=t.implied)
    hover = f"{region} · {mark.kind} · {text}\n{source}"
    notes = ",".join(map(str, mark.notes))
    data = _attrs(
        data_plan=mark.plan.id,
        data_kind=mark.kind,
        data_value=repr(mark.value),
        data_year="" if when is None else when,
    )
    return (
        f'<g class="mark" {data}><title>{escape(hover)}</title>'
        f'<line x1="{PLOT_LEFT}" y1="{y:.1f}" x2="{PLOT_RIGHT}" y2="{y:.1f}" stroke="{GRID}" '
        'stroke-dasharray="2 3"/>'
        f'<text x="{REGION_RIGHT}" y="{y + 4.5:.1f}" text-anchor="end" fill="{ink}">'
        f"{escape(region)}</text>"
        + arrow(mark.comparator, cx, y, colour)
        + drawn
        + f'<text class="label" x="{LABEL_LEFT}" y="{y + 4.5:.1f}" fill="{colour}">'
        f"{escape(text)}"
        + (f'<tspan dy="-5" font-size="9">{notes}</tspan>' if notes else "")
        + "</text></g>"
    )


def legend_svg() -> str:
    """What the marks mean, drawn with the same shapes."""
    rows: list[tuple[str, str]] = [
        *((shape(kind, 14, 0), words) for kind, words in LEGEND.items()),
        (shape("target", 14, 0, hedged=True), "aspiration: 力争, 争创, 争取, 努力"),
        (shape("target", 14, 0, implied=True), "value implied by words (全覆盖 = 100%)"),
        (
            shape("target", 14, 0) + arrow(Comparator.ge, 14, 0, COLOURS["target"]),
            "at least (≥, >); the arrow turns left for at most (≤, <)",
        ),
        (shape("target", 14, 0) + arrow(Comparator.approx, 14, 0, COLOURS["target"]), "about (≈)"),
    ]
    height = len(rows) * 22 + 6
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" font-family="{FONT}" font-size="13" fill="{INK}">'
    ]
    for i, (drawn, words) in enumerate(rows):
        y = 14 + i * 22
        text = f'<text x="52" y="4.5">{escape(words)}</text>'
        out.append(f'<g transform="translate(0,{y})">{drawn}{text}</g>')
    out.append("</svg>")
    return "".join(out)
