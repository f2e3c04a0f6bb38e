"""Nothing from a plan file becomes markup or runs in the report: a plan layer from
someone else, with ``<script>`` and ``&`` in every text it has, renders as text, in
the file and in Chromium's DOM."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from .browser import Element, Tree, browse
from .helpers import plan_dict, report_over

EVIL = "<script>alert(1)</script>"
REGION = f"测试{EVIL}&市"


def _walk(element: Element) -> list[Element]:
    return [element, *(e for c in element.children for e in _walk(c))]


def evil_plan() -> dict[str, Any]:
    """A city plan under 浙江 with markup and ampersands in every text it has."""
    plan = plan_dict(unavailable_reason=f"made up by a test {EVIL} & co")
    plan |= {
        "id": "evilton",
        "region": REGION,
        "level": "prefecture",
        "parent": "zhejiang",
        "title": f"质量强市方案{EVIL}&",
        "issuer": f"测试市人民政府{EVIL}",
        "notes": f"plan note {EVIL} & more",
    }
    plan["source"] |= {
        "note": f"source note {EVIL}",
        "urls": [
            f"http://www.example.gov.cn/%E8%B4%A8%E9%87%8F/a.html?q={EVIL}&x=1",
            "javascript:alert(1)",
        ],
    }
    [target] = plan["targets"]
    target |= {"quote": f"制造业产品质量合格率达到95%以上{EVIL}&", "note": f"entry note {EVIL}"}
    plan["tasks"][0] |= {"title": f"加强质量基础设施建设{EVIL}", "text": f"任务{EVIL}&"}
    return plan


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The report on the shipped plans with the evil plan layered over them."""
    return report_over(evil_plan(), tmp_path_factory.mktemp("evil"))


def check_dom(tree: Tree) -> None:
    """No script, no event handler, no javascript: link; every evil text shown as text."""
    elements = _walk(tree.root)
    assert not [e for e in elements if e.tag == "script"]
    assert not [e.attrs for e in elements if any(k.startswith("on") for k in e.attrs)]
    hrefs = [e.attrs["href"] for e in elements if "href" in e.attrs]
    assert not [h for h in hrefs if not h.startswith(("#", "http://", "https://"))]
    [section] = tree.root.find_all("section", data_plan="evilton")
    [heading] = section.find_all("h3")
    assert heading.all_text() == REGION
    text = section.all_text()
    for shown in (
        f"质量强市方案{EVIL}&",
        f"测试市人民政府{EVIL}",
        f"plan note {EVIL} & more",
        f"source note {EVIL}",
        f"made up by a test {EVIL} & co",
        f"加强质量基础设施建设{EVIL}",
    ):
        assert shown in text
    [link] = section.find_all("a", **{"class": "url"})
    assert link.attrs["href"] == f"http://www.example.gov.cn/%E8%B4%A8%E9%87%8F/a.html?q={EVIL}&x=1"
    assert link.all_text() == f"http://www.example.gov.cn/质量/a.html?q={EVIL}&x=1"  # decoded
    assert "javascript:alert(1)" in text  # shown, never a link
    [cell] = [td for td in section.find_all("td") if "title" in td.attrs]
    assert cell.attrs["title"] == f"制造业产品质量合格率达到95%以上{EVIL}&\nnote: entry note {EVIL}"
    # the plan's figure is charted with the rest, its region and quote as text
    [chart] = tree.root.find_all("figure", data_metric="mfg_product_pass_rate")
    [mark] = [
        m for m in chart.find_all("g", **{"class": "mark"}) if m.attrs["data-plan"] == "evilton"
    ]
    assert REGION in mark.all_text()
    assert f"达到95%以上{EVIL}&" in mark.all_text()  # the hover title
    [column] = [
        th
        for th in tree.root.find_all("th", **{"class": "plan"})
        if th.attrs["data-plan"] == "evilton"
    ]
    assert column.all_text() == REGION


def test_plan_text_is_escaped_in_the_file(page: Path) -> None:
    html = page.read_text("utf-8")
    assert "<script" not in html.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&amp;" in html
    assert 'href="javascript:' not in html
    check_dom(Tree(html))


def test_plan_text_never_runs_in_chromium(page: Path, tmp_path: Path) -> None:
    """Chromium's DOM of the page: the same text, and still no script element."""
    done = browse(page, tmp_path / "profile", "--dump-dom")
    check_dom(Tree(done.stdout))
