"""`qualpolicy map -o map.svg` in a real browser: the standalone SVG, and the same drawing
inline in a page, at a desktop's width and a phone's (1,280 and 390 px).

The DOM Chromium renders must name every province's tile with its figure, and each
screenshot must show the tiles' colours; the screenshots are kept for people to look at
(``$QUALPOLICY_SCREENSHOTS``, a folder: the tests copy them there).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from qualpolicy.analysis.national import MAPPED, provinces
from qualpolicy.analysis.tilemap import Status, tile_map
from qualpolicy.analysis.versions import Versions
from qualpolicy.cli import app
from qualpolicy.loading.tilegrid import GRID_FILE, load_tilegrid
from qualpolicy.render.tilemap import VIRIDIS
from qualpolicy.workspace import Workspace

from .browser import Tree, browse
from .conftest import AS_OF, DATA
from .helpers import Run, explain

INDEX = "制造业质量竞争力指数"
WIDTHS = (1280, 390)


def draw(metric: str, folder: Path) -> tuple[Path, Path]:
    """The standalone SVG the command writes for ``metric``, and a page with it inline."""
    svg = folder / f"{metric}.svg"
    result = CliRunner().invoke(app, ["map", "-m", metric, "-o", str(svg)], catch_exceptions=False)
    assert result.exit_code == 0, explain(result)
    inline = svg.read_text("utf-8").split("\n", 1)[1]
    page = folder / f"{metric}.html"
    page.write_text(
        '<!doctype html><html lang="zh"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<title>{metric}</title></head><body style="margin:8px">{inline}</body></html>',
        "utf-8",
    )
    return svg, page


@pytest.fixture(scope="module")
def drawn(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return draw(INDEX, tmp_path_factory.mktemp("map"))


@pytest.fixture(scope="module")
def every_map(ws: Workspace, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A page with the map of each metric five or more provinces set (worked out from the
    data), by metric id."""
    folder = tmp_path_factory.mktemp("maps")
    grid = load_tilegrid(DATA / GRID_FILE)
    versions = Versions(ws.plans.plans, AS_OF)
    mapped = [
        m.id
        for m in ws.catalogue.metrics
        if provinces(tile_map(m, ws.plans.plans, ws.aligner, grid, versions)) >= MAPPED
    ]
    assert len(mapped) >= 4
    return {metric: draw(metric, folder)[1] for metric in mapped}


def test_the_rendered_dom_has_every_tile(
    drawn: tuple[Path, Path], ws: Workspace, tmp_path: Path
) -> None:
    grid = load_tilegrid(DATA / GRID_FILE)
    found = ws.catalogue.find(INDEX, ws.normalizer)
    tm = tile_map(found, ws.plans.plans, ws.aligner, grid, Versions(ws.plans.plans, AS_OF))
    svg, page = drawn
    for opened in (svg, page):
        done = browse(opened, tmp_path / f"profile-{opened.suffix[1:]}", "--dump-dom")
        tree = Tree(done.stdout)
        tiles = tree.root.find_all("g", **{"class": "tile"})
        assert [g.attrs["data-province"] for g in tiles] == [t.short for t in grid.tiles]
        for g, t in zip(tiles, tm.tiles, strict=True):
            words = g.all_text()
            assert t.tile.short in words and g.attrs["data-status"] == t.status.value
            if t.status is Status.figure:
                assert t.shown is not None and str(t.shown.target.year) in words
            else:
                assert any(w in words for w in ("not in", "no figure", "partial"))
        assert "not actuals" in done.stdout


@pytest.mark.parametrize("width", WIDTHS)
def test_screenshots_show_the_tiles(every_map: dict[str, Path], tmp_path: Path, width: int) -> None:
    """Every metric's map at a desktop's width and a phone's: not blank, its tiles coloured
    from one end of the scale to the other, kept in $QUALPOLICY_SCREENSHOTS if set."""
    from PIL import Image

    height = 1150 if width > 600 else 800
    ends = {tuple(int(c[i : i + 2], 16) for i in (1, 3, 5)) for c in (VIRIDIS[0], VIRIDIS[-1])}
    for metric, page in every_map.items():
        shot = tmp_path / f"map-{metric}-{width}.png"
        browse(
            page, tmp_path / "profile", f"--screenshot={shot}", f"--window-size={width},{height}"
        )
        with Image.open(shot) as image:
            pixels = image.convert("RGB")
            size = pixels.size
            colours = pixels.getcolors(maxcolors=size[0] * size[1]) or []
        assert size == (width, height)
        assert len(colours) > 200, f"{metric}: a blank or nearly blank screenshot"
        white = sum(n for n, rgb in colours if rgb == (255, 255, 255))
        assert white < 0.95 * width * height, metric
        # the scale's ends are drawn: the lowest figure's tile dark purple, the highest yellow
        drawn_ends = sum(n for n, rgb in colours if rgb in ends)
        assert drawn_ends > (400 if width > 600 else 100), f"{metric}: no coloured tile in view"
        keep = os.environ.get("QUALPOLICY_SCREENSHOTS")
        if keep:
            Path(keep).mkdir(parents=True, exist_ok=True)
            shutil.copyfile(shot, Path(keep) / shot.name)


def test_the_standalone_file_opens_on_its_own(drawn: tuple[Path, Path], tmp_path: Path) -> None:
    from PIL import Image

    svg, _ = drawn
    shot = tmp_path / "standalone.png"
    browse(svg, tmp_path / "profile", f"--screenshot={shot}", "--window-size=1280,1000")
    with Image.open(shot) as image:
        colours = image.convert("RGB").getcolors(maxcolors=1280 * 1000) or []
    assert len(colours) > 200


def test_the_command_reports_the_file(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "m.svg"
    result = run("map", "-m", INDEX, "--colour", "verdict", "-o", str(path))
    assert result.exit_code == 0, explain(result)
    assert f"wrote {path}" in result.stderr
    assert 'class="tilemap"' in path.read_text("utf-8")
