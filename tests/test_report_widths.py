"""The report in Chromium at a desktop's width (1,280 px) and a phone's (390 px): never
wider than the window, a long percent-encoded URL shown decoded and wrapped, every
panel's flags and headroom beside its chart, the coverage grid from the nation down,
and a decrease's dot left of the zero line.  A screenshot at each width is kept in the
test's tmp dir.

Chromium's headless window is at least 500 px wide, so each width is a frame of that
width in a small page around it (a phone's layout viewport is a frame of its width
too).  The measuring is done by a script added to a copy of the report (the report has
none), which posts what it found to the page around the frame.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from qualpolicy.analysis.report import cascade_order
from qualpolicy.analysis.versions import Versions
from qualpolicy.models import LEVEL_RANKS
from qualpolicy.workspace import Workspace

from .browser import Tree, browse, frame
from .conftest import AS_OF
from .helpers import plan_dict, report_over

WIDTHS = (1280, 390)
HEIGHT = 3200  # of a screenshot
PATH = "%E8%B4%A8%E9%87%8F%E5%BC%BA%E7%9C%81/" * 6  # 质量强省/ six times
LONG_URL = f"http://www.example.gov.cn/{PATH}t20230310_1234567890123456789.html?id=%E6%B5%8B"
SHOWN_URL = (
    "http://www.example.gov.cn/" + "质量强省/" * 6 + "t20230310_1234567890123456789.html?id=测"
)

# Measures the page in its frame and posts the findings to the page around it.
PROBE = """<script>
(function () {
  const width = window.innerWidth;
  const box = (e) => e.getBoundingClientRect();
  const centre = (e) => { const r = box(e); return r.left + r.width / 2; };
  const wide = [...document.body.querySelectorAll("*")]
    .filter((e) => !e.parentElement.closest(".scroll") && box(e).right > width + 0.5)
    .slice(0, 12)
    .map((e) => `${e.tagName}.${e.className} right=${Math.round(box(e).right)}`);
  const change = [...document.querySelectorAll('figure[data-metric="energy_per_gdp"] svg')]
    .flatMap((svg) => [...svg.querySelectorAll("g.mark")].map((g) => ({
      plan: g.dataset.plan,
      position: g.dataset.position,
      dot: centre(g.querySelector(".shape")),
      zero: centre(svg.querySelector("line.zero")),
    })));
  const url = [...document.querySelectorAll("a.url")].find((a) => a.href.includes("example.gov"));
  parent.postMessage(JSON.stringify({
    width: width,
    scrollWidth: document.documentElement.scrollWidth,
    wide: wide,
    standing: [...document.querySelectorAll("ul.standing li")].map((li) => li.textContent),
    coverage: [...document.querySelectorAll("table.coverage th.plan")].map((th) => th.dataset.plan),
    change: change,
    url: url && {text: url.textContent, href: url.getAttribute("href"),
                 right: box(url).right, height: box(url).height},
    scripts: document.querySelectorAll("script").length,
  }), "*");
})();
</script>"""


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The report on the shipped plans and a county read in part, with a long
    percent-encoded URL."""
    county = plan_dict(unavailable_reason="made up by a test")
    county |= {"id": "testcounty", "region": "测试县", "level": "county", "parent": "jinhua"}
    county["source"] |= {"urls": [LONG_URL], "extent": "partial", "read_to": "the goals"}
    return report_over(county, tmp_path_factory.mktemp("widths"))


def measure(page: Path, width: int, profile: Path) -> dict[str, Any]:
    html = page.read_text("utf-8")
    assert "<script" not in html
    probed = page.with_name(f"probed-{width}.html")
    probed.write_text(html.replace("</body>", PROBE + "</body>"), "utf-8")
    outer = frame(probed, width, 900, listen=True)
    done = browse(
        outer,
        profile,
        "--dump-dom",
        "--virtual-time-budget=10000",
        f"--window-size={max(width, 500) + 20},1000",
    )
    [body] = Tree(done.stdout).root.find_all("body")
    assert "data-probe" in body.attrs, "the probe posted nothing"
    found: dict[str, Any] = json.loads(body.attrs["data-probe"])
    return found


@pytest.mark.parametrize("width", WIDTHS)
def test_the_page_fits_the_window_and_says_what_it_should(
    page: Path, width: int, tmp_path: Path, ws: Workspace
) -> None:
    found = measure(page, width, tmp_path / "profile")
    assert found["width"] == width
    assert found["scrollWidth"] <= width, found["wide"]
    assert not found["wide"]
    assert found["scripts"] == 1  # the probe's own: the report has none
    # the long URL: decoded for reading, the link as written, wrapped inside the window
    url = found["url"]
    assert (url["text"], url["href"]) == (SHOWN_URL, LONG_URL)
    assert url["right"] <= width
    if width == 390:
        assert url["height"] > 30  # on more than one line
    # flags and headroom under the charts, in the terminal's words
    standing = found["standing"]
    assert any("⚑ below 全国 = 86 (2025)" in line for line in standing)
    assert any("matches 全国" in line for line in standing)
    assert any("above 全国" in line for line in standing)
    assert any("for 2030" in line for line in standing)  # a level above, another year
    assert any("no actual known" in line for line in standing)
    assert any("met" in line.split("; ") for line in standing)
    # the coverage grid from the nation down, the county last
    order = found["coverage"]
    plans = {p.id: p for p in ws.plans.plans}
    assert order[0] == "national" and order[-1] == "testcounty"
    ranks = [LEVEL_RANKS[plans[pid].level] for pid in order[:-1]]
    assert ranks == sorted(ranks)
    versions = Versions(ws.plans.plans, AS_OF)  # the documents in force, as the report shows
    assert order[:-1] == [p.id for p in cascade_order(ws.plans.plans) if versions.in_force(p)]
    # 江苏's energy target, −14% since 2020: the dot left of the zero line
    [jiangsu] = [m for m in found["change"] if m["plan"] == "jiangsu"]
    assert jiangsu["position"] == "-14"
    assert jiangsu["dot"] < jiangsu["zero"] - 5


@pytest.mark.parametrize("width", WIDTHS)
def test_a_screenshot_at_each_width(page: Path, width: int, tmp_path: Path) -> None:
    from PIL import Image

    shot = tmp_path / f"window-{width}.png"
    outer = frame(page, width, HEIGHT, listen=False)
    window = max(width, 500)
    browse(outer, tmp_path / "profile", f"--screenshot={shot}", f"--window-size={window},{HEIGHT}")
    kept = tmp_path / f"report-{width}px.png"
    with Image.open(shot) as image:
        cropped = image.convert("RGB").crop((0, 0, width, HEIGHT))
    cropped.save(kept)
    colours = cropped.getcolors(maxcolors=width * HEIGHT) or []
    assert len(colours) > 200, "a blank or nearly blank screenshot"
    target_blue = sum(n for n, rgb in colours if rgb == (0x1F, 0x5F, 0xA8))
    assert target_blue > 300, "no chart marks in view"
    # nothing drawn in the strip beyond the frame (the page stays inside its width)
    print(f"screenshot: {kept}")
