"""The report's charts say what their labels say: a decrease is drawn below zero, and no
axis is fitted to its values silently (levels from 0, or a break that is drawn and
named; changes about 0)."""

from __future__ import annotations

import re

import pytest

from qualpolicy.analysis.progress import gather
from qualpolicy.analysis.report import Report, build_report
from qualpolicy.models import Comparator
from qualpolicy.render.report import as_html
from qualpolicy.render.svg import Axis, arrow, axis, panel_axis
from qualpolicy.workspace import Workspace

from .browser import Element, Tree
from .conftest import AS_OF


@pytest.fixture(scope="module")
def report(ws: Workspace) -> Report:
    evidence = gather(ws.actuals, ws.plans.plans, ws.aligner, as_of=AS_OF)
    return build_report(ws.plans.plans, ws.aligner, evidence)


@pytest.fixture(scope="module")
def tree(report: Report) -> Tree:
    return Tree(as_html(report))


def _svg_number(element: Element, name: str) -> float:
    return float(element.attrs[name])


def test_a_decrease_is_drawn_left_of_zero_as_labelled(report: Report, tree: Tree) -> None:
    """江苏 单位地区生产总值能源消耗 较2020年下降14%: labelled = −14%, drawn at −14."""
    [chart] = [c for c in report.charts if c.comparison.metric.id == "energy_per_gdp"]
    [panel] = [p for p in chart.panels if p.change]
    [mark] = [m for m in panel.marks if m.plan.id == "jiangsu"]
    assert (mark.value, mark.sign, mark.position) == (14, -1, -14)
    scale = panel_axis(panel)
    assert scale.low <= -14 and scale.high == 0 and not scale.broken
    assert scale.tick_text(-10) == "−10"  # the axis shows the sign
    [figure] = tree.root.find_all("figure", data_metric="energy_per_gdp")
    [svg] = figure.find_all("svg")
    [g] = [m for m in svg.find_all("g", **{"class": "mark"}) if m.attrs["data-plan"] == "jiangsu"]
    [label] = g.find_all("text", **{"class": "label"})
    assert label.all_text().startswith("= −14% · 2020→2025")
    assert g.attrs["data-position"] == "-14"
    [dot] = g.find_all("circle", **{"class": "shape"})
    [zero] = svg.find_all("line", **{"class": "zero"})
    assert _svg_number(dot, "cx") < _svg_number(zero, "x1") == _svg_number(zero, "x2")
    ticks = [t.all_text() for t in svg.find_all("text") if re.fullmatch(r"[−+]?\d+", t.all_text())]
    assert "0" in ticks and any(t.startswith("−") for t in ticks)
    captions = [p.all_text() for p in figure.find_all("p", **{"class": "axis"})]
    assert captions == ["changes since the base year, signed: a decrease is negative, left of 0"]


def test_at_least_a_decrease_points_further_below_zero() -> None:
    """下降14%以上 (≥ 14, a decrease) asks for −14 or lower: its arrow points left."""
    up = arrow(Comparator.ge, 100, 10, "#000")
    down = arrow(Comparator.ge, 100, 10, "#000", sign=-1)
    tip = re.compile(r'points="([\d.]+),')
    assert float(tip.findall(up)[0]) > 100 > float(tip.findall(down)[0])


@pytest.mark.parametrize(
    ("values", "share", "change", "low", "high", "broken", "note"),
    [
        ([17, 21.47, 50], False, False, 0, 50, 0, None),  # counts per 10k people: from 0
        ([1, 240000], False, False, 0, 250000, 0, None),
        ([80, 86, 95], False, False, 75, 100, -1, "axis broken between 0 and 75"),
        ([98, 98.3, 99], True, False, 97.5, 99.5, -1, "axis broken between 0 and 97.5"),
        ([99.5, 100], True, False, 99.4, 100, -1, "axis broken between 0 and 99.4"),
        ([100], True, False, 0, 100, 0, None),  # one value: nothing to tell apart, from 0
        ([58, 100], True, False, 0, 100, 0, None),  # spread over a third: from 0
        ([-14], False, True, -15, 0, 0, "a decrease is negative"),
        ([-18, -14, -13.5], False, True, -20, 0, 0, "a decrease is negative"),
        ([5, 12], False, True, 0, 12.5, 0, "changes since the base year"),
        ([-3, 5], False, False, -4, 6, 0, None),  # both signs: 0 inside
        ([-95, -80], False, False, -100, -75, 1, "axis broken between −75 and 0"),
        ([-3], False, False, -3, 0, 0, None),
        ([0], True, False, 0, 1, 0, None),  # nothing but zeros: still an axis
        ([0], False, True, 0, 1, 0, "changes since the base year"),
    ],
)
def test_axes_start_at_zero_or_say_where_they_break(
    values: list[float],
    share: bool,
    change: bool,
    low: float,
    high: float,
    broken: int,
    note: str | None,
) -> None:
    scale = axis([float(v) for v in values], share=share, change=change)
    assert (scale.low, scale.high, scale.broken) == (low, high, broken)
    assert scale.low <= min(values) and max(values) <= scale.high
    assert scale.ticks[0] == scale.low and scale.ticks[-1] == scale.high
    if not scale.broken:
        assert scale.low <= 0 <= scale.high  # 0 is on the axis
    if note is None:
        assert scale.note is None
    else:
        assert scale.note is not None and note in scale.note


def test_every_panel_is_drawn_from_zero_or_with_a_marked_break(report: Report, tree: Tree) -> None:
    """No panel of the report has a silently fitted axis."""
    broken = 0
    charts = tree.root.find_all("figure", **{"class": "chart"})
    figures = {f.attrs["data-metric"]: f for f in charts}
    for chart in report.charts:
        figure = figures[chart.comparison.metric.id]
        panels = figure.find_all("div", **{"class": "panel"})
        for panel, drawn in zip(chart.panels, panels, strict=True):
            scale: Axis = panel_axis(panel)
            captions = [p.all_text() for p in drawn.find_all("p", **{"class": "axis"})]
            marks = drawn.find_all("g", **{"class": "axis-break"})
            [zero] = drawn.find_all("line", **{"class": "zero"})
            if scale.broken:
                broken += 1
                assert scale.low > 0 and captions == [f"axis broken between 0 and {scale.low:g}"]
                [mark] = marks
                assert float(mark.attrs["data-to"]) == scale.low
                assert float(zero.attrs["x1"]) < scale.left  # 0 sits before the break
            else:
                assert scale.low <= 0 <= scale.high and not marks
                assert float(zero.attrs["x1"]) == pytest.approx(scale.x(0), abs=0.05)
                assert captions == ([scale.note] if panel.change else [])
    assert broken >= 3  # the pass rates and the index, all far from 0
