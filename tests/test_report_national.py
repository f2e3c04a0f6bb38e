"""The report's national picture: a tile map for every metric five or more provinces set,
the flags (the same as `qualpolicy flags`), the history of every region with more than
one document, and every document the data hold with its standing — checked in the HTML,
then in Chromium at a desktop's width and a phone's (1,280 and 390 px), screenshots kept.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from qualpolicy.analysis.history import Standing
from qualpolicy.analysis.national import MAPPED, provinces
from qualpolicy.analysis.tilemap import tile_map
from qualpolicy.analysis.versions import Versions
from qualpolicy.cli import app
from qualpolicy.loading.tilegrid import GRID_FILE, load_tilegrid
from qualpolicy.workspace import Workspace

from .browser import Element, Tree, browse, frame
from .conftest import AS_OF
from .helpers import Run, cli_json, explain

WIDTHS = (1280, 390)


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The report on every plan in force, as `qualpolicy report` writes it."""
    out = tmp_path_factory.mktemp("national") / "report.html"
    result = CliRunner().invoke(app, ["report", "--out", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, explain(result)
    return out


@pytest.fixture(scope="module")
def national(report: Path) -> Element:
    [section] = [
        s
        for s in Tree(report.read_text("utf-8")).root.find_all("section")
        if s.attrs.get("id") == "national"
    ]
    return section


def test_a_map_for_every_metric_five_provinces_set(national: Element, ws: Workspace) -> None:
    versions = Versions(ws.plans.plans, AS_OF)
    maps = {
        m.id: tm
        for m in ws.catalogue.metrics
        if provinces(
            tm := tile_map(
                m, ws.plans.plans, ws.aligner, load_tilegrid(ws.files(GRID_FILE)[-1]), versions
            )
        )
        >= MAPPED
    }
    assert len(maps) >= 4  # the index and three pass rates, as of the tests' day
    figures = national.find_all("figure", **{"class": "map"})
    assert {f.attrs["id"] for f in figures} == {f"map-{m}" for m in maps}
    for figure in figures:
        tm = maps[figure.attrs["id"].removeprefix("map-")]
        tiles = figure.find_all("g", **{"class": "tile"})
        assert [(g.attrs["data-province"], g.attrs["data-status"]) for g in tiles] == [
            (t.tile.short, t.status.value) for t in tm.tiles
        ]
        said = "".join(figure.all_text().split())  # the source line, wrapped into lines
        assert "Figuresaretargetstheplansset,notactuals." in said


def test_the_flags_are_what_the_flags_command_lists(national: Element, run: Run) -> None:
    rows = [r for r in national.find_all("tr") if "data-why" in r.attrs]
    listed = cli_json(run, "flags", "-f", "json")
    assert listed, "the shipped data flag some targets"
    assert [(r.attrs["data-plan"], r.attrs["data-metric"], r.attrs["data-why"]) for r in rows] == [
        (f["plan"], f["metric_id"], f["why"]) for f in listed
    ]
    for row, flag in zip(rows, listed, strict=True):
        against = flag["against"]
        if against and against["origin"] == "target":
            assert f"{against['value']:g}" in row.all_text()  # both figures, with years
            assert str(against["year"]) in row.all_text()


def test_every_region_with_more_than_one_document_has_its_history(
    national: Element, ws: Workspace
) -> None:
    regions: dict[str, int] = {}
    for plan in ws.plans.plans:
        regions[plan.region] = regions.get(plan.region, 0) + 1
    several = {region for region, count in regions.items() if count > 1}
    assert len(several) >= 6
    histories = national.find_all("section", **{"class": "history"})
    assert {h.attrs["data-region"] for h in histories} == several
    for h in histories:
        documents = h.find_all("table", **{"class": "documents"})[0]
        ids = [
            row.find_all("td")[0].all_text()
            for row in documents.find_all("tr")
            if row.find_all("td")
        ]
        assert len(ids) == regions[h.attrs["data-region"]]


def test_every_document_held_with_its_standing(national: Element, ws: Workspace) -> None:
    versions = Versions(ws.plans.plans, AS_OF)
    [table] = national.find_all("table", **{"class": "documents-held"})
    rows = {
        r.attrs["data-plan"]: r.attrs["data-standing"]
        for r in table.find_all("tr")
        if "data-plan" in r.attrs
    }
    assert set(rows) == {p.id for p in ws.plans.plans}
    for plan in ws.plans.plans:
        expected = Standing.in_force if versions.in_force(plan) else Standing.superseded
        assert rows[plan.id] == expected.value, plan.id
    assert rows["shandong_2018"] == "superseded"
    # the provinces without a document are named, not left out
    grid = load_tilegrid(ws.files(GRID_FILE)[-1])
    regions = {p.region for p in ws.plans.plans}
    missing = [t.short for t in grid.tiles if t.region not in regions]
    assert "江西" in missing and "湖北" in missing
    assert f"(a region may have one the data do not hold): {'、'.join(missing)}." in (
        national.all_text()
    )


# What the national section looks like in a browser: measured by a script in a copy.
PROBE = """<script>
(function () {
  const width = window.innerWidth;
  const box = (e) => e.getBoundingClientRect();
  const wide = [...document.body.querySelectorAll("*")]
    .filter((e) => !e.parentElement.closest(".scroll") && box(e).right > width + 0.5)
    .slice(0, 12).map((e) => `${e.tagName}.${e.className} right=${Math.round(box(e).right)}`);
  const maps = [...document.querySelectorAll("figure.map svg")];
  parent.postMessage(JSON.stringify({
    width: width,
    scrollWidth: document.documentElement.scrollWidth,
    wide: wide,
    maps: maps.map((svg) => ({width: box(svg).width,
      tiles: svg.querySelectorAll("g.tile").length})),
    flags: document.querySelectorAll("table.flags tbody tr").length,
    histories: document.querySelectorAll("section.history").length,
  }), "*");
})();
</script>"""


def section_page(report: Path, folder: Path, *, probe: bool) -> Path:
    """The report's head and its national section alone: what a reader scrolls to."""
    html = report.read_text("utf-8")
    head = html[: html.index("<body>") + len("<body>")]
    section = html[html.index('<section id="national">') : html.index("</body>")]
    page = folder / ("probed.html" if probe else "national.html")
    page.write_text(head + section + (PROBE if probe else "") + "</body></html>", "utf-8")
    return page


@pytest.mark.parametrize("width", WIDTHS)
def test_the_national_section_fits_the_window(report: Path, tmp_path: Path, width: int) -> None:
    outer = frame(section_page(report, tmp_path, probe=True), width, 900, listen=True)
    done = browse(
        outer,
        tmp_path / "profile",
        "--dump-dom",
        "--virtual-time-budget=10000",
        f"--window-size={max(width, 500) + 20},1000",
    )
    [body] = Tree(done.stdout).root.find_all("body")
    found: dict[str, Any] = json.loads(body.attrs["data-probe"])
    assert found["width"] == width
    assert found["scrollWidth"] <= width, found["wide"]
    assert found["maps"] and all(m["tiles"] == 32 for m in found["maps"])
    # On a phone a map keeps a legible size and scrolls sideways inside its figure.
    assert all(min(width, 500) <= m["width"] <= max(width, 920) for m in found["maps"])
    assert found["flags"] > 0 and found["histories"] >= 6


@pytest.mark.parametrize("width", WIDTHS)
def test_the_national_section_screenshot(report: Path, tmp_path: Path, width: int) -> None:
    from PIL import Image

    outer = frame(section_page(report, tmp_path, probe=False), width, 2400, listen=False)
    shot = tmp_path / f"national-{width}.png"
    browse(
        outer,
        tmp_path / "profile",
        f"--screenshot={shot}",
        f"--window-size={max(width, 500) + 20},2400",
    )
    with Image.open(shot) as image:
        strip = image.convert("RGB").crop((0, 0, width, 2400))
        colours = strip.getcolors(maxcolors=1 << 20) or []
    assert len(colours) > 200, "a blank or nearly blank screenshot"
    viridis = sum(count for count, rgb in colours if rgb[2] > rgb[1] > rgb[0] + 40)
    assert viridis > 1000, "the maps' tiles are not coloured"
