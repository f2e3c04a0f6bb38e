"""`qualpolicy map`: the tile grid file, each tile's status on the real data, the terminal
map (coloured and plain), its JSON, CSV and Markdown, and the SVG."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import pytest
from rich.console import Console

from qualpolicy.analysis.cascade import Verdict
from qualpolicy.analysis.tilemap import Status, TileMap, tile_map
from qualpolicy.analysis.versions import Versions
from qualpolicy.loading.tilegrid import GRID_FILE, Tile, TileGrid, grid_problems, load_tilegrid
from qualpolicy.models import Extent, Level
from qualpolicy.render import svgmap
from qualpolicy.render.tilemap import (
    FIELDS,
    VERDICT_COLOURS,
    Colouring,
    contrast,
    fill,
    ink,
    print_map,
)
from qualpolicy.workspace import Workspace

from .conftest import AS_OF, DATA
from .helpers import Run, cli_json, explain, ok, too_wide

INDEX = "制造业质量竞争力指数"
SNAPSHOTS = Path(__file__).parent / "snapshots"
UPDATE = bool(os.environ.get("QUALPOLICY_UPDATE_SNAPSHOTS"))
"""Set to write the snapshots anew (then read the diff before committing it)."""
OKABE_ITO = {"#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7"}
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def grid() -> TileGrid:
    return load_tilegrid(DATA / GRID_FILE)


def build(ws: Workspace, grid: TileGrid, metric: str, **options: object) -> TileMap:
    """The map of ``metric`` as of the tests' day (``all_versions``: every version)."""
    every = bool(options.pop("all_versions", False))
    versions = None if every else Versions(ws.plans.plans, AS_OF)
    found = ws.catalogue.find(metric, ws.normalizer)
    return tile_map(found, ws.plans.plans, ws.aligner, grid, versions, **options)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def mapped(ws: Workspace, grid: TileGrid) -> list[TileMap]:
    """The map of every metric five or more provinces set a figure for (兵团 not counted),
    worked out from the data."""
    maps = [build(ws, grid, m.id) for m in ws.catalogue.metrics]
    return [tm for tm in maps if sum(t.tile.province for t in tm.shown) >= 5]


def by_short(tm: TileMap) -> dict[str, object]:
    return {t.tile.short: t for t in tm.tiles}


# --- the grid file ------------------------------------------------------------------------------


def test_the_grid_has_the_31_provinces_and_bingtuan_beside_xinjiang(grid: TileGrid) -> None:
    provinces = [t for t in grid.tiles if t.province]
    assert len(provinces) == 31
    suffixes = ("省", "市", "自治区")
    assert all(t.region.endswith(suffixes) for t in provinces)
    assert sum(t.region.endswith("市") for t in provinces) == 4  # the municipalities
    assert sum(t.region.endswith("自治区") for t in provinces) == 5
    assert not {"香港特别行政区", "澳门特别行政区", "台湾省"} & {t.region for t in grid.tiles}
    [corps] = [t for t in grid.tiles if not t.province]
    assert (corps.region, corps.short, corps.beside) == (
        "新疆生产建设兵团",
        "兵团",
        "新疆维吾尔自治区",
    )
    xinjiang = grid.by_region["新疆维吾尔自治区"]
    assert max(abs(corps.row - xinjiang.row), abs(corps.column - xinjiang.column)) == 1
    assert len({(t.row, t.column) for t in grid.tiles}) == len(grid.tiles)
    assert len({t.short for t in grid.tiles}) == len(grid.tiles)
    assert all(t.short in t.region for t in provinces)
    assert grid_problems(grid) == []


def test_the_grid_is_roughly_geographic(grid: TileGrid) -> None:
    at = {t.short: (t.row, t.column) for t in grid.tiles}
    assert at["黑龙江"] == (0, grid.columns - 1)  # top right
    assert at["新疆"][1] == 0 and at["新疆"][0] <= 1  # top left
    assert at["海南"][0] == grid.rows - 1  # bottom
    assert at["上海"][1] == max(c for r, c in at.values() if r == at["上海"][0])  # east coast
    assert at["北京"][0] < at["河北"][0] <= at["河南"][0] < at["湖北"][0] < at["广东"][0]
    assert at["四川"][1] < at["重庆"][1] < at["湖北"][1]
    assert grid.columns * 9 + grid.columns - 1 <= 80  # the terminal grid fits 80 columns


def test_every_provincial_plan_has_a_tile(ws: Workspace, grid: TileGrid) -> None:
    regions = {p.region for p in ws.plans.plans if p.level in (Level.province, Level.municipality)}
    assert regions <= set(grid.by_region)


def test_grid_problems_are_found(grid: TileGrid) -> None:
    first, second = grid.tiles[0], grid.tiles[1]
    moved = replace(second, row=first.row, column=first.column)
    codes = {p.code for p in grid_problems(replace(grid, tiles=[first, moved]))}
    assert codes == {"same-place"}
    far = Tile(region="新疆生产建设兵团", short="兵团", row=9, column=9, province=False)
    problems = grid_problems(replace(grid, tiles=[*grid.tiles[:-1], far]))
    assert [p.code for p in problems] == ["beside"]
    twice = replace(grid, tiles=[*grid.tiles, replace(first, row=20)])
    assert {p.code for p in grid_problems(twice)} == {"duplicate"}


# --- the tiles on the real data --------------------------------------------------------------


def test_the_metrics_five_provinces_set(mapped: list[TileMap]) -> None:
    assert len(mapped) >= 4
    assert INDEX in {tm.metric.name for tm in mapped}


def test_every_tile_has_a_status_and_none_is_blank(ws: Workspace, mapped: list[TileMap]) -> None:
    for tm in mapped:
        assert len(tm.tiles) == 32
        for t in tm.tiles:
            if not t.documents:
                assert t.status is Status.no_document
            elif t.shown is None:
                partial = any(p.source.extent is Extent.partial for p in t.documents)
                assert t.status is (Status.partial if partial else Status.no_figure), t.tile
            else:
                assert t.status is Status.figure
                assert t.shown.plan in t.documents
                assert t.shown.match.metric_id == tm.metric.id
                # the latest target year among its figures
                assert t.shown.target.year == max(r.target.year or 0 for r in t.figures) or None


def test_statuses_of_known_provinces(ws: Workspace, grid: TileGrid) -> None:
    tm = build(ws, grid, INDEX)
    tiles = by_short(tm)
    assert tiles["黑龙江"].status is Status.no_document  # type: ignore[attr-defined]
    assert tiles["河北"].status is Status.no_figure  # read in full, no index figure
    assert tiles["天津"].status is Status.partial  # read in part, no figure in that part
    beijing = tiles["北京"]
    assert (beijing.status, beijing.plan.id, beijing.value) == (Status.figure, "beijing", 95.0)
    assert beijing.verdict is Verdict.above
    assert tiles["内蒙古"].verdict is Verdict.below  # 82.5 < 全国 86 (2025)
    assert tiles["新疆"].verdict is Verdict.matches
    assert tiles["浙江"].verdict is Verdict.other_year  # ≥ 93 for 2030
    assert [r.plan.id for r in tm.national] == ["national"]
    assert tm.scale == (82.5, 95.0)


def test_a_province_with_two_documents_in_force_counts_both(ws: Workspace, grid: TileGrid) -> None:
    shanghai = by_short(build(ws, grid, INDEX))["上海"]
    assert {p.id for p in shanghai.documents} == {"shanghai", "shanghai_action_2023"}
    assert shanghai.plan.id == "shanghai" and shanghai.value == 94.0
    assert shanghai.more == 0


def test_the_latest_year_unless_a_year_is_asked(ws: Workspace, grid: TileGrid) -> None:
    every = by_short(build(ws, grid, INDEX, all_versions=True))
    shanghai = every["上海"]
    assert {p.id for p in shanghai.documents} == {
        "shanghai",
        "shanghai_2018",
        "shanghai_action_2023",
    }
    assert (shanghai.shown.target.year, shanghai.value, shanghai.more) == (2025, 94.0, 1)
    shandong = every["山东"]  # 2025's 90; 2020's 89 and a change since a base year
    assert (shandong.value, shandong.more) == (90.0, 2)
    back = by_short(build(ws, grid, INDEX, all_versions=True, year=2020))
    assert (back["上海"].plan.id, back["上海"].value) == ("shanghai_2018", 90.0)
    assert (back["山东"].plan.id, back["山东"].value) == ("shandong_2018", 89.0)
    beijing = back["北京"]  # a figure for 2025 only, from a document read in part
    assert (beijing.status, beijing.more) == (Status.partial, 1)
    hebei = back["河北"]
    assert hebei.status is Status.no_figure and hebei.more == 0


def test_as_of_an_earlier_day_fewer_documents_are_in_force(ws: Workspace, grid: TileGrid) -> None:
    found = ws.catalogue.find(INDEX, ws.normalizer)
    then = tile_map(
        found, ws.plans.plans, ws.aligner, grid, Versions(ws.plans.plans, AS_OF.replace(year=2019))
    )
    now = build(ws, grid, INDEX)
    assert by_short(then)["上海"].documents[0].id == "shanghai_2018"
    assert sum(t.status is Status.no_document for t in then.tiles) > sum(
        t.status is Status.no_document for t in now.tiles
    )


def test_a_figure_on_another_basis_is_marked_and_not_coloured(
    ws: Workspace, grid: TileGrid
) -> None:
    """Figures on two bases never share a scale: the tile off the map's basis says so."""
    tm = build(ws, grid, "研发投入强度")
    off = [t for t in tm.shown if not t.on_basis]
    on = [t for t in tm.shown if t.on_basis]
    assert off and on
    assert all(t.value is None for t in off)
    assert all(t.shown.basis == tm.basis for t in on)
    from qualpolicy.render.tilemap import OTHER_BASIS, other_basis_words, tile_lines

    for t in off:
        assert fill(t, tm, Colouring.value) == OTHER_BASIS
        assert "≠basis" in tile_lines(t, tm)[2]
    words = other_basis_words(tm)
    assert len(words) == len(off) and all("scopes" in w or "units" in w for w in words)


# --- the command line -----------------------------------------------------------------------------


def test_json_and_csv_have_one_row_per_province(run: Run, mapped: list[TileMap]) -> None:
    for tm in mapped:
        rows = json.loads(ok(run, "map", "-m", tm.metric.id, "-f", "json"))
        assert [r["province"] for r in rows] == [t.short for t in tm.grid.tiles]
        for row, t in zip(rows, tm.tiles, strict=True):
            assert list(row)[:6] == ["province", "plan", "status", "value", "year", "verdict"]
            assert row["status"] in {"figure", "no_figure", "partial", "no_document"}
            assert row["status"] == t.status.value
            assert row["plan"] == (t.plan.id if t.plan else None)
            if t.shown is not None:
                assert (row["value"], row["year"]) == (t.shown.target.value, t.shown.target.year)
                assert row["verdict"] in {None, *(v.value for v in Verdict)}
            else:
                assert row["value"] is row["year"] is row["verdict"] is None
        table = list(csv.reader(io.StringIO(ok(run, "map", "-m", tm.metric.id, "-f", "csv"))))
        assert table[0] == FIELDS == list(rows[0])
        assert [r[0] for r in table[1:]] == [r["province"] for r in rows]
        assert all(len(r) == len(FIELDS) for r in table)
        markdown = ok(run, "map", "-m", tm.metric.id, "-f", "markdown")
        assert all(t.short in markdown for t in tm.grid.tiles)


def test_the_terminal_map_of_every_metric_fits_and_names_every_province(
    run: Run, mapped: list[TileMap]
) -> None:
    for tm in mapped:
        for colour in ("value", "verdict"):
            out = ok(run, "map", "-m", tm.metric.id, "--colour", colour, env={"COLUMNS": "80"})
            assert "\x1b" not in out  # not a terminal: plain text
            assert too_wide(out) == [], tm.metric.id
            assert all(t.short in out for t in tm.grid.tiles)
            words = " ".join(out.split())
            assert "not actuals" in words and "in force on 2026-12-07" in words
            if colour == "verdict":
                assert "▼ below" in out and "◇" in out


def test_errors_are_plain_and_exit_as_the_others(
    run: Run, tmp_path: Path, ws: Workspace, grid: TileGrid
) -> None:
    unknown = run("map", "-m", "量子纠缠率")
    assert unknown.exit_code == 2 and "Traceback" not in unknown.stderr, explain(unknown)
    # a metric only cities set: which plans set it is said
    only_cities = run("map", "-m", "关键工序数控化率")
    assert only_cities.exit_code == 1, explain(only_cities)
    assert "no province sets a figure for 关键工序数控化率" in only_cities.stderr
    assert "荆州市 (jingzhou)" in only_cities.stderr
    year = run("map", "-m", INDEX, "--year", "2040")
    assert year.exit_code == 1 and "2025, 2027, 2030" in year.stderr, explain(year)
    wrong = run("map", "-m", INDEX, "-o", str(tmp_path / "map.xml"))
    assert wrong.exit_code == 2 and "cannot tell the format" in wrong.stderr, explain(wrong)
    clash = run("map", "-m", INDEX, "-o", str(tmp_path / "map.svg"), "-f", "json")
    assert clash.exit_code == 2 and "SVG" in clash.stderr, explain(clash)
    assert not (tmp_path / "map.svg").exists()


def test_files_by_suffix(run: Run, tmp_path: Path) -> None:
    for name, starts in (("m.svg", "<?xml"), ("m.json", "["), ("m.csv", "\ufeffprovince,plan")):
        path = tmp_path / name
        result = run("map", "-m", INDEX, "-o", str(path))
        assert result.exit_code == 0 and result.stdout == "", explain(result)
        assert path.read_text("utf-8").startswith(starts)
        again = run("map", "-m", INDEX, "-o", str(path))
        assert again.exit_code == 1 and "exists already" in again.stderr


# --- terminal snapshots -------------------------------------------------------------------------


def terminal(tm: TileMap, colouring: Colouring, *, colour: bool) -> str:
    out = io.StringIO()
    console = Console(
        file=out,
        width=80,
        color_system="truecolor" if colour else None,
        force_terminal=colour,
        highlight=False,
        markup=False,
        emoji=False,
        legacy_windows=False,
    )
    print_map(tm, console, colouring)
    return "\n".join(line.rstrip(" ") for line in out.getvalue().splitlines()) + "\n"


VARIANTS = {
    "value-plain": (Colouring.value, False),
    "verdict-plain": (Colouring.verdict, False),
    "value-colour": (Colouring.value, True),
    "verdict-colour": (Colouring.verdict, True),
}


def test_terminal_snapshots_of_every_mapped_metric(mapped: list[TileMap]) -> None:
    """Each map as the terminal draws it, plain and in colour, kept in tests/snapshots/:
    one file per metric five or more provinces set, and no file for any other."""
    expected = set()
    for tm in mapped:
        for variant, (colouring, colour) in VARIANTS.items():
            text = terminal(tm, colouring, colour=colour)
            plain = re.sub(r"\x1b\[[0-9;]*m", "", text)
            assert too_wide(plain) == []
            assert ("\x1b[" in text) is colour
            path = SNAPSHOTS / f"map-{tm.metric.id}-{variant}.txt"
            expected.add(path.name)
            if UPDATE:
                path.parent.mkdir(exist_ok=True)
                path.write_text(text, "utf-8")
            assert path.is_file(), (
                f"no snapshot {path.name}: run with QUALPOLICY_UPDATE_SNAPSHOTS=1"
            )
            assert text == path.read_text("utf-8"), (
                f"{path.name} differs (QUALPOLICY_UPDATE_SNAPSHOTS=1)"
            )
    kept = {p.name for p in SNAPSHOTS.glob("map-*.txt")}
    assert kept == expected, "snapshots of metrics no longer mapped: delete them"


def test_the_plain_map_shows_bands_and_verdicts_in_characters(
    ws: Workspace, grid: TileGrid
) -> None:
    tm = build(ws, grid, INDEX)
    value = terminal(tm, Colouring.value, colour=False)
    assert "北京    █" in value and "内蒙古  ░" in value  # the highest and lowest band
    assert "shading: ░ 82.5–" in value
    verdict = terminal(tm, Colouring.verdict, colour=False)
    assert "北京    ▲" in verdict and "内蒙古  ▼" in verdict and "新疆    =" in verdict


def test_no_color_makes_the_map_plain(
    ws: Workspace, grid: TileGrid, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    out = io.StringIO()
    console = Console(file=out, width=80, force_terminal=True, color_system="truecolor")
    print_map(build(ws, grid, INDEX), console)
    text = out.getvalue()
    assert "48;2;" not in text  # no background colours
    assert "░" in text


def test_colours_are_colour_blind_safe_and_text_contrasts(mapped: list[TileMap]) -> None:
    assert {c for v, c in VERDICT_COLOURS.items() if v is not None} <= OKABE_ITO
    for tm in mapped:
        for colouring in Colouring:
            for t in tm.tiles:
                background = fill(t, tm, colouring)
                assert contrast(ink(background), background) >= 4.5, (t.tile.short, background)


# --- the SVG ---------------------------------------------------------------------------------


def test_the_svg_is_well_formed_with_one_tile_per_province(mapped: list[TileMap]) -> None:
    for tm in mapped:
        for colouring in Colouring:
            standalone = svgmap.map_svg(tm, colouring, standalone=True)
            assert standalone.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<svg ')
            inline = svgmap.map_svg(tm, colouring)
            assert inline.startswith("<svg ") and "<?xml" not in inline
            root = ET.fromstring(inline)
            assert root.tag == f"{SVG}svg"
            assert root.attrib["width"] == "100%" and root.attrib["viewBox"].startswith("0 0 ")
            assert "Noto Sans CJK SC" in root.attrib["font-family"]
            tiles = [g for g in root.iter(f"{SVG}g") if g.attrib.get("class") == "tile"]
            assert [g.attrib["data-province"] for g in tiles] == [t.short for t in tm.grid.tiles]
            for g, t in zip(tiles, tm.tiles, strict=True):
                assert g.attrib["data-status"] == t.status.value
                words = "".join(x.text or "" for x in g.iter(f"{SVG}text"))
                assert t.tile.short in words
                if t.shown is not None:
                    assert str(t.shown.target.year or "no year") in words
                [rect] = g.iter(f"{SVG}rect")
                assert contrast(g.attrib["fill"], rect.attrib["fill"]) >= 4.5
            text = " ".join(x.text or "" for x in root.iter(f"{SVG}text"))
            assert "not actuals" in text and tm.metric.name in text


def test_a_layer_with_a_broken_grid_is_refused_with_where_and_validated(
    run: Run, tmp_path: Path
) -> None:
    text = (DATA / GRID_FILE).read_text("utf-8").replace("column:", "colum:", 1)
    (tmp_path / GRID_FILE).write_text(text, "utf-8")
    mapped = run("map", "-m", INDEX, "--data-dir", str(tmp_path))
    assert mapped.exit_code == 1 and "Traceback" not in mapped.stderr, explain(mapped)
    assert f"{tmp_path / GRID_FILE}:" in mapped.stderr
    assert "missing required field `column`" in mapped.stderr
    checked = run("validate", str(tmp_path))
    assert checked.exit_code == 1, explain(checked)
    assert "unknown field `colum`" in checked.stdout and "did you mean `column`?" in checked.stdout


def test_a_decrease_is_placed_below_zero_and_one_figure_is_one_colour(run: Run) -> None:
    # 江苏 and 上海 both cut energy per unit of GDP by 14% (较2020年下降14%): −14 on the
    # scale, as the tiles write it, and a scale of one figure says so.
    energy = "单位地区生产总值能源消耗"
    rows = {r["province"]: r for r in cli_json(run, "map", "-m", energy, "-f", "json")}
    assert [(rows[p]["value"], rows[p]["basis"]) for p in ("江苏", "上海")] == [
        (14, "decrease since a base year"),
    ] * 2
    out = ok(run, "map", "-m", energy, "--no-colour")
    assert "−14%" in out
    assert "colour: every figure shown is −14 (%), so one colour" in " ".join(out.split())
    assert "shading: ▓ −14" in out
