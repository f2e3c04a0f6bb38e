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

A mark sits at its signed position: a change stated as a decrease (较2020年下降14%,
labelled ``= −14%``) left of 0.  Axes are never fitted to the values silently (see
:class:`Axis`): a level's axis starts at 0, or shows a break between 0 and the
values when they all lie far from it; a change's axis runs to 0.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from urllib.parse import unquote

from qualpolicy.analysis.actuals import Known
from qualpolicy.analysis.report import Mark, Panel
from qualpolicy.loading.actuals import Actual
from qualpolicy.models import Comparator, Target, Unit
from qualpolicy.render.progress import reading, year_text
from qualpolicy.render.text import figure, number, with_minus, year

WIDTH = 720
LEGEND_WIDTH = 470  # the legend's rows: as wide as their words, not the charts
REGION_RIGHT = 116  # region names end here
PLOT_LEFT, PLOT_RIGHT = 128, 452
LABEL_LEFT = 484
ROW = 26
TOP = 8
AXIS = 30
ARROW = 14
BREAK = 24  # the stretch a broken axis cuts out, between 0 and its first value
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


def arrow(comparator: Comparator | None, x: float, y: float, colour: str, sign: int = 1) -> str:
    """The comparator as a short arrow (≥ >, ≤ <) or whisker (≈) from the mark; none for =.
    ``sign`` −1: the figure is a decrease drawn negative, so "at least" points left."""
    if comparator not in POINTS:
        return ""
    way = POINTS[comparator] * sign
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


def shown_url(url: str) -> str:
    """``url`` as people read it: percent-escapes decoded (%E8%B4%A8 → 质); as written when
    they do not decode to UTF-8 text.  For display only: a link keeps the URL itself."""
    try:
        return unquote(url, errors="strict")
    except UnicodeDecodeError:
        return url


def reported_by(actual: Actual) -> str:
    """Who reported the figure, when and where, and the words it rests on."""
    s = actual.source
    place = (s.url and shown_url(s.url)) or (f"source text {s.file}" if s.file else None)
    where = [s.publisher, s.published.isoformat() if s.published else None, place]
    lines = ["source: " + " · ".join(w for w in where if w)]
    if s.quote:
        lines.append(f"“{s.quote}”")
    if actual.note:
        lines.append(actual.note)
    return "\n".join(lines)


def ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round values for the axis between ``low`` and ``high``."""
    step = _step(high - low, count)
    first, last = math.ceil(low / step - 1e-9), math.floor(high / step + 1e-9)
    return [round(n * step, 10) for n in range(first, last + 1)]


def _step(span: float, count: int = 4) -> float:
    """A round step (1, 2, 2.5 or 5 times a power of ten) cutting ``span`` in about
    ``count``."""
    raw = span / count
    magnitude = 10.0 ** math.floor(math.log10(raw))
    return next(m * magnitude for m in (1, 2, 2.5, 5, 10) if raw <= m * magnitude * (1 + 1e-9))


def _down(value: float, step: float) -> float:
    return round(math.floor(value / step + 1e-9) * step, 10)


def _up(value: float, step: float) -> float:
    return round(math.ceil(value / step - 1e-9) * step, 10)


@dataclass(frozen=True)
class Axis:
    """A panel's scale: from ``low`` to ``high`` in round steps, 0 always on it.

    A level's axis starts at 0.  When the values all lie far from 0 (their spread
    under a third of the largest), the stretch from 0 to the first round value
    below them is cut out: ``broken`` is −1 for a break between 0 (at the left end)
    and ``low``, +1 between ``high`` and 0 (at the right, for negative values), and
    the break is drawn.  A change since a base year is signed (a decrease negative),
    on an axis that runs to 0 and never breaks.
    """

    low: float
    high: float
    step: float
    broken: int = 0
    change: bool = False

    @property
    def left(self) -> float:
        return PLOT_LEFT + (BREAK if self.broken < 0 else 0)

    @property
    def right(self) -> float:
        return PLOT_RIGHT - (BREAK if self.broken > 0 else 0)

    def x(self, value: float) -> float:
        return self.left + (value - self.low) / (self.high - self.low) * (self.right - self.left)

    @property
    def zero(self) -> float:
        """Where 0 is drawn: an end beyond the break of a broken axis."""
        if self.broken:
            return PLOT_LEFT if self.broken < 0 else PLOT_RIGHT
        return self.x(0)

    @property
    def ticks(self) -> list[float]:
        count = round((self.high - self.low) / self.step)
        return [round(self.low + n * self.step, 10) for n in range(count + 1)]

    @property
    def signed(self) -> bool:
        """Tick labels carry a sign: a change, or values below 0."""
        return self.change or self.low < 0

    def tick_text(self, value: float) -> str:
        text = with_minus(value)
        return "+" + text if self.signed and value > 0 else text

    @property
    def note(self) -> str | None:
        """What the panel's caption says of the axis, when anything departs from a plain
        axis from 0."""
        if self.broken < 0:
            return f"axis broken between 0 and {self.tick_text(self.low)}"
        if self.broken > 0:
            return f"axis broken between {self.tick_text(self.high)} and 0"
        if self.change:
            return "changes since the base year, signed: a decrease is negative, left of 0"
        return None


def axis(values: list[float], *, share: bool = False, change: bool = False) -> Axis:
    """The axis for ``values``: levels from 0 (or broken, when all lie far from it), a share
    in % never past 100; changes about 0, both signs as needed."""
    low, high = min(values), max(values)
    if change or low < 0 < high:
        low, high = min(low, 0.0), max(high, 0.0)
        if low == high:  # nothing but zeros: an axis from 0 to 1
            high = 1.0
        step = _step(high - low, 5)
        return Axis(_down(low, step), _up(high, step), step, 0, change)
    if low < 0 and high <= 0:  # levels below zero: the mirror image of levels above it
        mirrored = axis([-v for v in values])
        return Axis(-mirrored.high, -mirrored.low + 0.0, mirrored.step, -mirrored.broken)
    spread = high - low
    cap = 100.0 if share and high <= 100 else math.inf
    if spread > 0 and spread < high / 3:
        pad = spread * 0.08
        step = _step(spread + 2 * pad)
        start, top = _down(low - pad, step), min(_up(high + pad, step), cap)
        if start > 0:
            return Axis(start, top, step, -1)
    high = high or 1.0  # all zero: an axis from 0 to 1
    step = _step(high, 5)
    return Axis(0.0, min(_up(high, step), cap), step)


def panel_axis(panel: Panel) -> Axis:
    """The axis of ``panel``'s marks, at their signed positions."""
    share = all(
        m.entry.basis.unit is Unit.percent and not m.entry.basis.change for m in panel.marks
    )
    positions = [float(m.position) for m in panel.marks] or [0.0]
    return axis(positions, share=share, change=panel.change)


def break_svg(scale: Axis, y: float) -> str:
    """The axis line of a broken axis: cut between 0 and the values, two slashes across
    the gap."""
    if scale.broken < 0:
        gap = (PLOT_LEFT + 8.0, PLOT_LEFT + BREAK - 6.0)
    else:
        gap = (PLOT_RIGHT - BREAK + 6.0, PLOT_RIGHT - 8.0)
    line = _attrs(stroke=FAINT, stroke_width=1)
    slash = _attrs(stroke=INK, stroke_width=1.5)
    pieces = "".join(
        f'<line x1="{a:.1f}" y1="{y:.1f}" x2="{b:.1f}" y2="{y:.1f}" {line}/>'
        for a, b in ((PLOT_LEFT, gap[0]), (gap[1], PLOT_RIGHT))
    ) + "".join(
        f'<line x1="{x - 3:.1f}" y1="{y + 6:.1f}" x2="{x + 3:.1f}" y2="{y - 6:.1f}" {slash}/>'
        for x in gap
    )
    data = _attrs(data_from=0, data_to=number(scale.low if scale.broken < 0 else scale.high))
    return f'<g class="axis-break" {data}>{pieces}</g>'


def panel_svg(panel: Panel, title: str, scale: Axis | None = None) -> str:
    """One panel: a row per mark, the axis below (``scale``, or the panel's own)."""
    scale = scale or panel_axis(panel)
    axis_y = TOP + len(panel.marks) * ROW + 4
    height = axis_y + AXIS
    label = title + (f" ({scale.note})" if scale.note else "")
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" role="img" aria-label="{escape(label)}" font-family="{FONT}" '
        f'font-size="13" fill="{INK}">'
    ]
    for value in scale.ticks:
        tx = scale.x(value)
        out.append(
            f'<line x1="{tx:.1f}" y1="{TOP}" x2="{tx:.1f}" y2="{axis_y}" stroke="{GRID}"/>'
            f'<text x="{tx:.1f}" y="{axis_y + 16}" text-anchor="middle" font-size="11" '
            f'fill="{FAINT}">{escape(scale.tick_text(value))}</text>'
        )
    zero = scale.zero
    top = axis_y - 5 if scale.broken else TOP  # beyond a break, 0 is a tick on the axis
    out.append(
        f'<line class="zero" data-value="0" x1="{zero:.1f}" y1="{top}" x2="{zero:.1f}" '
        f'y2="{axis_y + 5 if scale.broken else axis_y}" stroke="{FAINT}" '
        f'stroke-width="{1.5 if scale.change else 1}"/>'
    )
    if scale.broken:
        out.append(
            f'<text x="{zero:.1f}" y="{axis_y + 16}" text-anchor="middle" font-size="11" '
            f'fill="{FAINT}">0</text>' + break_svg(scale, axis_y)
        )
    else:
        out.append(
            f'<line x1="{PLOT_LEFT}" y1="{axis_y}" x2="{PLOT_RIGHT}" y2="{axis_y}" '
            f'stroke="{FAINT}"/>'
        )
    for i, mark in enumerate(panel.marks):
        out.append(mark_svg(mark, scale.x, TOP + i * ROW + ROW / 2))
    out.append("</svg>")
    return "".join(out)


def mark_svg(mark: Mark, x: Callable[[float], float], y: float) -> str:
    entry, region = mark.entry, mark.plan.region
    cx = x(float(mark.position))
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
        data_position=repr(mark.position),
        data_year="" if when is None else when,
    )
    return (
        f'<g class="mark" {data}><title>{escape(hover)}</title>'
        f'<line x1="{PLOT_LEFT}" y1="{y:.1f}" x2="{PLOT_RIGHT}" y2="{y:.1f}" stroke="{GRID}" '
        'stroke-dasharray="2 3"/>'
        f'<text x="{REGION_RIGHT}" y="{y + 4.5:.1f}" text-anchor="end" fill="{ink}">'
        f"{escape(region)}</text>"
        + arrow(mark.comparator, cx, y, colour, mark.sign)
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
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {LEGEND_WIDTH} {height}" '
        f'width="{LEGEND_WIDTH}" font-family="{FONT}" font-size="13" fill="{INK}">'
    ]
    for i, (drawn, words) in enumerate(rows):
        y = 14 + i * 22
        text = f'<text x="52" y="4.5">{escape(words)}</text>'
        out.append(f'<g transform="translate(0,{y})">{drawn}{text}</g>')
    out.append("</svg>")
    return "".join(out)
