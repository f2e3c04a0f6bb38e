"""`qualpolicy report`: one self-contained HTML file, checked in a real browser.

Headless Chromium (Debian's package, with fonts-noto-cjk for Chinese; `make
test` installs both) opens the file from disk; the DOM it renders must hold a
chart for every metric two or more plans address, with every figure the
comparison has and every actual statistic of its regions on the panel's basis,
and its screenshot must not be blank.  A missing browser fails
the test: it is never skipped.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest

from qualpolicy.analysis.actuals import Origin
from qualpolicy.analysis.compare import compare_metric
from qualpolicy.analysis.matrix import compare_all
from qualpolicy.analysis.progress import gather
from qualpolicy.analysis.report import SILENT, build_report, cascade_order
from qualpolicy.analysis.versions import Versions
from qualpolicy.models import Extent, Plan
from qualpolicy.render.compare import absent_text
from qualpolicy.render.progress import headroom_text
from qualpolicy.render.text import figure
from qualpolicy.workspace import Workspace

from .browser import Element, Tree, browse
from .conftest import AS_OF
from .helpers import Run, explain

ADDRESSED = {"figure", "baseline", "direction"}  # a coverage cell of an aligned entry


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from typer.testing import CliRunner

    from qualpolicy.cli import app

    path = tmp_path_factory.mktemp("report") / "report.html"
    result = CliRunner().invoke(app, ["report", "--out", str(path)], catch_exceptions=False)
    assert result.exit_code == 0, explain(result)
    return path


@pytest.fixture(scope="module")
def in_force(ws: Workspace) -> list[Plan]:
    """The documents in force on the tests' day: what the report shows by default."""
    versions = Versions(ws.plans.plans, AS_OF)
    return [p for p in ws.plans.plans if versions.in_force(p)]


@pytest.fixture(scope="module")
def rendered(page: Path, tmp_path_factory: pytest.TempPathFactory) -> Tree:
    """The DOM as Chromium renders the file."""
    done = browse(page, tmp_path_factory.mktemp("profile"), "--dump-dom")
    return Tree(done.stdout)


def test_report_says_what_it_wrote(
    in_force: list[Plan], run: Run, tmp_path: Path, ws: Workspace
) -> None:
    path = tmp_path / "r.html"
    result = run("report", "--out", str(path))
    assert result.exit_code == 0, explain(result)
    shared = compare_all(in_force, ws.aligner).metrics
    assert result.stderr.strip().endswith(f"{len(shared)} charts, {len(in_force)} plans")
    again = run("report", "--out", str(path))
    assert again.exit_code == 1, explain(again)
    assert "exists already" in again.stderr


def test_the_file_is_self_contained(page: Path) -> None:
    tree = Tree(page.read_text("utf-8"))

    def walk(element: Any) -> list[Any]:
        return [element, *(e for c in element.children for e in walk(c))]

    elements = walk(tree.root)
    tags = {e.tag for e in elements}
    assert not tags & {"script", "link", "img", "iframe", "object", "embed", "video", "audio"}
    assert not [e.attrs for e in elements if "src" in e.attrs]
    hrefs = [(e.tag, e.attrs["href"]) for e in elements if "href" in e.attrs]
    inside = {href[0] for _, href in hrefs if not href.startswith(("http://", "https://"))}
    assert inside == {"#"}  # besides in-page links, only the plans' source URLs, as links
    assert {tag for tag, _ in hrefs} == {"a"}
    assert not [e.attrs for e in elements if any(k.startswith("on") for k in e.attrs)]
    styles = "".join(e.all_text() for e in elements if e.tag == "style")
    assert "url(" not in styles
    assert "@import" not in styles
    assert "@font-face" not in styles


def marks_of(chart: Element, *, actual: bool = False) -> list[Element]:
    """The chart's marks of plans' entries, or with ``actual`` its actual statistics."""
    marks = chart.find_all("g", **{"class": "mark"})
    return [m for m in marks if (m.attrs["data-kind"] == "actual") == actual]


def test_every_shared_metric_is_charted_with_every_figure(
    in_force: list[Plan], rendered: Tree, ws: Workspace
) -> None:
    plans = in_force
    shared = compare_all(plans, ws.aligner).metrics
    charts = rendered.root.find_all("figure", **{"class": "chart"})
    assert [c.attrs["data-metric"] for c in charts] == [m.id for m in shared]
    for metric, chart in zip(shared, charts, strict=True):
        cmp = compare_metric(metric, plans, ws.aligner)
        wanted = [
            (row.plan.id, row.kind.value, repr(row.target.value))
            for group in cmp.groups
            for row in group.rows
        ]
        marks = marks_of(chart)
        drawn = [(m.attrs["data-plan"], m.attrs["data-kind"], m.attrs["data-value"]) for m in marks]
        assert drawn == wanted, metric.id
        rows = [row for group in cmp.groups for row in group.rows]
        for mark, row in zip(marks, rows, strict=True):
            text = mark.all_text()
            assert figure(row.target, unit_text=row.unit_text) in text
            assert row.plan.region in text
            assert row.target.quote in text  # the hover title
            if row.target.year:
                assert str(row.target.year) in text
        caption = chart.all_text()
        for absent in cmp.no_figure:
            if absent.status in SILENT and absent.plan.source.extent is Extent.partial:
                # never "does not mention it" of a plan read only in part
                # … how far it was read is said in the plan's section, linked
                words = "not in the part read (how far it was read)"
                [link] = chart.find_all("li", data_plan=absent.plan.id)[0].find_all("a")
                assert link.attrs["href"] == f"#plan-{absent.plan.id}"
            else:
                words = absent_text(absent)
            [line] = chart.find_all("li", data_plan=absent.plan.id)
            assert line.all_text() == f"{absent.plan.region} — {words}"
        for caveat in {c for row in rows for c in row.caveats}:
            assert caveat in caption


def test_every_actual_of_a_charted_region_is_drawn_on_its_basis(
    in_force: list[Plan], rendered: Tree, ws: Workspace
) -> None:
    plans = in_force
    evidence = gather(ws.actuals, ws.plans.plans, ws.aligner)
    reported = [k for k in evidence.known if k.origin is Origin.reported]
    region = {p.id: p.region for p in ws.plans.plans}
    drawn_anywhere = 0
    for chart in rendered.root.find_all("figure", **{"class": "chart"}):
        cmp = compare_metric(ws.catalogue.by_id[chart.attrs["data-metric"]], plans, ws.aligner)
        # an actual names a region's plan and stands beside every document of that region
        wanted = sorted(
            (plan_id, repr(k.actual.value), k.actual.year or 0)
            for group in cmp.groups
            for k in reported
            if k.match.metric_id == cmp.metric.id and k.basis == group.basis
            for plan_id in dict.fromkeys(
                row.plan.id for row in group.rows if row.plan.region == region[k.region]
            )
        )
        actuals = marks_of(chart, actual=True)
        drawn = sorted(
            (m.attrs["data-plan"], m.attrs["data-value"], int(m.attrs["data-year"] or 0))
            for m in actuals
        )
        assert drawn == wanted, chart.attrs["data-metric"]
        drawn_anywhere += len(drawn)
        for mark in actuals:  # right under a figure of its own region
            svg = mark.parent
            assert svg is not None
            before = svg.children[svg.children.index(mark) - 1]
            assert before.attrs["data-plan"] == mark.attrs["data-plan"]
    assert drawn_anywhere >= 8


def test_national_actuals_beside_the_national_index_target(
    in_force: list[Plan], rendered: Tree, ws: Workspace
) -> None:
    [index] = rendered.root.find_all("figure", data_metric="mfg_quality_competitiveness_index")
    national = [m for m in marks_of(index, actual=True) if m.attrs["data-plan"] == "national"]
    by_value = {m.attrs["data-value"]: m for m in national}
    # 84.9 and 84.78: the year is not stated; 2005–2009: the 公报 series
    assert set(by_value) == {
        "85.6",
        "85.21",
        "84.9",
        "84.78",
        "82.14",
        "81.18",
        "80.99",
        "79.98",
    } | {"78.98"}
    for value, when, reported in (("85.6", "2024", "人民日报"), ("85.21", "2023", "中国质量报")):
        mark = by_value[value]
        assert mark.attrs["data-kind"] == "actual"
        assert mark.attrs["data-year"] == when
        assert mark.find_all("rect", **{"class": "shape"})  # a square, not a dot or diamond
        [label] = mark.find_all("text", **{"class": "label"})
        assert label.all_text() == f"{value} · {when}"
        [hover] = mark.find_all("title")
        assert reported in hover.all_text()
        assert "全国" in hover.all_text()
    assert "year not stated" in by_value["84.9"].all_text()
    assert "制造业质量竞争力指数达84.9" in by_value["84.9"].all_text()  # the quote on hover
    [headroom] = index.find_all("li", data_plan="national")
    # the terminal's words for the same headroom (render/progress.py), as of the tests' day
    evidence = gather(ws.actuals, ws.plans.plans, ws.aligner, as_of=AS_OF)
    cmp = compare_metric(
        ws.catalogue.by_id["mfg_quality_competitiveness_index"],
        in_force,
        ws.aligner,
        evidence=evidence,
    )
    [row] = [r for g in cmp.groups for r in g.rows if r.plan.id == "national"]
    h = cmp.headroom_of(row)
    assert h is not None
    assert headroom.all_text() == f"全国 = 86 (2025): {headroom_text(h)}"
    assert "85.6 (2024)" in headroom.all_text()


def test_an_actual_is_drawn_only_on_its_own_basis(
    run: Run, data_copy: Path, tmp_path: Path
) -> None:
    """A percent figure never lands on a points axis, though both name the metric."""
    import yaml

    path = data_copy / "actuals.yaml"
    data = yaml.safe_load(path.read_text("utf-8"))
    for value, unit in ((71.5, "percent"), (84.25, "points")):
        source = {"publisher": "a test"}
        data["actuals"].append(
            {"region": "jiangsu", "metric": "公共服务质量满意度", "value": value, "unit": unit}
            | {"year": 2023, "source": source}
        )
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    page = tmp_path / "r.html"
    result = run("report", "--out", str(page), "--data-dir", str(data_copy))
    assert result.exit_code == 0, explain(result)
    [chart] = Tree(page.read_text("utf-8")).root.find_all(
        "figure", data_metric="public_service_satisfaction"
    )
    [panel] = chart.find_all("svg")  # one basis: points
    actuals = marks_of(panel, actual=True)
    # beside the shipped figures in points (江苏 2021, 太原's undated one), never the percent
    assert [(m.attrs["data-plan"], m.attrs["data-value"]) for m in actuals] == [
        *(("jiangsu", "84.25"), ("jiangsu", "82.77"), ("taiyuan", "80.51"))
    ]
    assert "71.5" not in chart.all_text()


def test_known_figures_are_in_the_page(rendered: Tree) -> None:
    [index] = rendered.root.find_all("figure", data_metric="mfg_quality_competitiveness_index")
    text = index.all_text()
    assert "≥ 93 · 2030" in text
    assert "= 93.07" in text  # Zhejiang's current status, as recorded
    [diamond] = [
        m for m in index.find_all("g", **{"class": "mark"}) if m.attrs["data-kind"] == "baseline"
    ]
    assert diamond.find_all("path", **{"class": "shape"})  # baselines are diamonds, not dots


def test_coverage_grid_and_plan_sections(
    in_force: list[Plan], rendered: Tree, ws: Workspace
) -> None:
    """Every cell says what its plan says of the metric: a figure, current status, a
    direction, a task's mention, nothing, or, for a plan read only in part, that it is not
    in the part read (never "does not mention")."""
    plans = in_force
    coverage = compare_all(plans, ws.aligner, minimum=1)
    [grid] = rendered.root.find_all("table", **{"class": "coverage"})
    head = [th.attrs["data-plan"] for th in grid.find_all("th", **{"class": "plan"})]
    assert head == [p.id for p in cascade_order(plans)]
    rows = [r for r in grid.find_all("tr") if "data-metric" in r.attrs]
    assert [r.attrs["data-metric"] for r in rows] == [m.id for m in coverage.metrics]
    by_id = {p.id: p for p in plans}
    for metric, row in zip(coverage.metrics, rows, strict=True):
        cells = {td.attrs["data-plan"]: td for td in row.find_all("td") if "data-plan" in td.attrs}
        assert list(cells) == head
        addressed = {pid for pid, td in cells.items() if td.attrs["data-says"] in ADDRESSED}
        assert addressed == {p.id for p in plans if coverage.cell(metric, p)}
        for pid, td in cells.items():
            plan, says = by_id[pid], td.attrs["data-says"]
            partial = plan.source.extent is Extent.partial
            assert says != ("nothing" if partial else "unread"), (metric.id, pid)
            if says == "unread":
                assert td.attrs["title"].endswith(
                    "not in the part read (how far it was read: its section below)"
                )
            if says == "nothing":
                assert td.attrs["title"] == f"{plan.region}: does not mention it"
            if says == "task":
                assert "mentions it in task" in td.attrs["title"]
    says = {td.attrs["data-says"] for td in grid.find_all("td") if "data-says" in td.attrs}
    assert {"figure", "baseline", "direction", "task", "nothing", "unread"} <= says
    for plan in plans:
        [section] = rendered.root.find_all("section", data_plan=plan.id)
        assert len(section.find_all("li")) == len(plan.tasks)
        assert len(section.find_all("tr")) == len(plan.targets) + bool(plan.targets)
        assert plan.region in section.all_text()


def test_hedged_and_implied_figures_are_drawn_differently(
    in_force: list[Plan], ws: Workspace
) -> None:
    from qualpolicy.render.svg import shape

    firm, hedged, implied = (
        shape("target", 0, 0),
        shape("target", 0, 0, hedged=True),
        shape("target", 0, 0, implied=True),
    )
    assert len({firm, hedged, implied}) == 3
    assert len({shape("baseline", 0, 0), shape("actual", 0, 0), firm}) == 3
    plans = in_force
    report = build_report(plans, ws.aligner, gather(ws.actuals, plans, ws.aligner))
    kinds = {m.kind for c in report.charts for p in c.panels for m in p.marks}
    assert kinds == {"target", "baseline", "actual"}
    without = build_report(plans, ws.aligner)
    assert {m.kind for c in without.charts for p in c.panels for m in p.marks} == kinds - {"actual"}


def test_the_screenshot_is_not_blank(page: Path, tmp_path: Path) -> None:
    from PIL import Image

    shot = tmp_path / "report.png"
    browse(page, tmp_path / "profile", f"--screenshot={shot}", "--window-size=1200,2400")
    with Image.open(shot) as image:
        pixels = image.convert("RGB")
        width, height = pixels.size
        colours = pixels.getcolors(maxcolors=width * height) or []
    assert (width, height) == (1200, 2400)
    assert len(colours) > 200, "a blank or nearly blank screenshot"
    white = sum(n for n, rgb in colours if rgb == (255, 255, 255))
    assert white < 0.97 * width * height
    target_blue = sum(n for n, rgb in colours if rgb == (0x1F, 0x5F, 0xA8))
    assert target_blue > 500, "no chart marks in view"
    actual_orange = sum(n for n, rgb in colours if rgb == (0xD5, 0x5E, 0x00))
    assert actual_orange > 100, "no actual statistics in view"


@pytest.mark.parametrize(("low", "high"), [(85.4, 93.6), (0.52, 0.61), (1, 240000), (-3, 3)])
def test_axis_ticks_are_round_evenly_spaced_and_inside(low: float, high: float) -> None:
    from qualpolicy.render.svg import ticks

    found = ticks(low, high)
    assert 3 <= len(found) <= 6
    assert all(low <= t <= high for t in found)
    steps = {round(b - a, 9) for a, b in itertools.pairwise(found)}
    assert len(steps) == 1
    [step] = steps
    assert f"{step:e}"[0] in "125"  # 1, 2, 2.5 or 5 times a power of ten


def test_a_city_plan_joins_the_charts_and_the_export(
    run: Run, data_copy: Path, tmp_path: Path
) -> None:
    """Any number of plans at any level: a prefecture's figure is charted with the rest."""
    import json

    import yaml

    from .helpers import plan_dict

    city = plan_dict(unavailable_reason="made up by a test")
    city |= {"id": "testcity", "region": "测试市", "level": "prefecture", "parent": "zhejiang"}
    (data_copy / "plans" / "testcity.yaml").write_text(
        yaml.safe_dump(city, allow_unicode=True), "utf-8"
    )
    page = tmp_path / "r.html"
    result = run("report", "--out", str(page), "--data-dir", str(data_copy))
    assert result.exit_code == 0, explain(result)
    [chart] = Tree(page.read_text("utf-8")).root.find_all(
        "figure", data_metric="mfg_product_pass_rate"
    )
    marks = chart.find_all("g", **{"class": "mark"})
    assert ("testcity", "95") in {(m.attrs["data-plan"], m.attrs["data-value"]) for m in marks}
    out = tmp_path / "all.json"
    result = run("export", "--out", str(out), "--data-dir", str(data_copy), "--all-versions")
    assert result.exit_code == 0, explain(result)
    plans = {p["id"]: p for p in json.loads(out.read_text("utf-8"))["plans"]}
    assert (plans["testcity"]["level"], plans["testcity"]["parent"]) == ("prefecture", "zhejiang")
    assert len(plans) == len(list((data_copy / "plans").glob("*.yaml")))
