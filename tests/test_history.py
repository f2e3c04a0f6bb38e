"""`qualpolicy history REGION`: a region's documents over time, each metric's targets
across them with the actuals between, for every region with more than one document."""

from __future__ import annotations

import csv
import io
from collections import Counter
from typing import Any

import pytest

from qualpolicy.analysis.cascade import held
from qualpolicy.analysis.history import History, Reading, Standing, history, region_documents
from qualpolicy.analysis.progress import gather
from qualpolicy.analysis.versions import made
from qualpolicy.loading.plans import short_region
from qualpolicy.models import Plan
from qualpolicy.render import history as render
from qualpolicy.workspace import Workspace

from .conftest import AS_OF
from .helpers import Run, cli_json, explain, ok, too_wide

INDEX = "mfg_quality_competitiveness_index"


@pytest.fixture(scope="module")
def regions(ws: Workspace) -> dict[str, list[Plan]]:
    """Every region with more than one document in the data, its documents by when made."""
    counts = Counter(p.region for p in ws.plans.plans)
    out = {
        region: sorted(
            (p for p in ws.plans.plans if p.region == region), key=lambda p: (made(p), p.id)
        )
        for region, n in counts.items()
        if n > 1
    }
    assert len(out) >= 6
    return out


def of(ws: Workspace, name: str, **more: Any) -> History:
    evidence = gather(ws.actuals, ws.plans.plans, ws.aligner, as_of=AS_OF)
    return history(region_documents(ws.plans, name), ws.aligner, evidence, **more)


def test_every_region_with_several_documents_shows_each_and_every_metric_they_set(
    run: Run, ws: Workspace, regions: dict[str, list[Plan]]
) -> None:
    for region, documents in regions.items():
        out = ok(run, "history", short_region(region), env={"COLUMNS": "100"})
        assert too_wide(out, 100) == [], region
        assert out.startswith(f"{region} over time, as of 2026-12-07: {len(documents)} documents")
        for plan in documents:
            assert plan.id in out, (region, plan.id)
        set_ = {
            ws.catalogue.by_id[a.match.metric_id].name
            for a in ws.aligner.align(documents)
            if held(a) and a.match.metric_id
        }
        assert set_, region
        for name in set_:
            assert name in out, (region, name)


def test_documents_in_the_order_they_were_made_with_their_standing(
    ws: Workspace, regions: dict[str, list[Plan]]
) -> None:
    for region, documents in regions.items():
        h = of(ws, region)
        assert [d.plan.id for d in h.documents] == [p.id for p in documents]
        assert not h.single
    shandong = of(ws, "山东")
    assert [(d.plan.id, d.standing) for d in shandong.documents] == [
        ("shandong_2018", Standing.superseded),
        ("shandong", Standing.in_force),
    ]
    assert render.standing_text(shandong.documents[0], shandong.as_of) == "superseded by shandong"
    action = next(d for d in of(ws, "上海").documents if d.plan.id == "shanghai_action_2023")
    assert (action.standing, action.ended) == (Standing.in_force, True)


def test_a_region_is_named_as_plans_are(run: Run) -> None:
    shown = ok(run, "history", "山東省")
    for name in ("山东", "shandong", "shandong_2018", "Shandong"):
        assert ok(run, "history", name) == shown, name


def test_shandongs_index_target_was_raised(ws: Workspace) -> None:
    h = of(ws, "山东")
    (line,) = [x for x in h.lines if x.metric.id == INDEX and x.basis.change is None]
    assert [(r.plan.id, r.target.value, r.target.year) for r in line.targets] == [
        ("shandong_2018", 89, 2020),
        ("shandong", 90, 2025),
    ]
    (move,) = line.moves
    assert (move.earlier.plan.id, move.later.plan.id, move.verdict) == (
        "shandong_2018",
        "shandong",
        "raised",
    )
    assert render.move_text(move) == "raised from ≥ 89 (2020) in shandong_2018"
    # the actuals on the same timeline: the 2006 reading is long before the latest document
    old = [r for r in line.actuals if r.known.actual.year == 2006]
    assert old and all(r.stale for r in old)
    timeline = line.timeline()
    years = [
        (i.known.actual.year if isinstance(i, Reading) else i.target.year) or 9999 for i in timeline
    ]
    assert years == sorted(years)


def test_a_target_kept_says_so(ws: Workspace) -> None:
    h = of(ws, "山东", metrics=[ws.catalogue.find("农产品质量安全例行监测合格率", ws.normalizer)])
    (line,) = h.lines
    assert [m.verdict for m in line.moves] == ["kept"]


def test_json_shape(run: Run, regions: dict[str, list[Plan]]) -> None:
    data = cli_json(run, "history", "上海", "-f", "json")
    assert set(data) == {"region", "as_of", "single", "documents", "metrics"}
    assert (data["region"], data["as_of"], data["single"]) == ("上海市", "2026-12-07", False)
    assert [d["plan"] for d in data["documents"]] == [p.id for p in regions["上海市"]]
    assert {d["standing"] for d in data["documents"]} == {"in_force", "superseded"}
    index = next(m for m in data["metrics"] if m["metric_id"] == INDEX)
    assert [(t["plan"], t["value"], t["year"]) for t in index["targets"]] == [
        ("shanghai_2018", 90, 2020),
        ("shanghai", 94, 2025),
    ]
    moved = index["targets"][1]["move"]
    assert moved["verdict"] == "raised" and moved["from"]["plan"] == "shanghai_2018"
    assert index["actuals"] and all("stale" in a for a in index["actuals"])
    shandong = cli_json(run, "history", "山东", "-f", "json")
    shandong_index = next(
        m for m in shandong["metrics"] if m["metric_id"] == INDEX and m["basis"] == index["basis"]
    )
    assert [t["move"] and t["move"]["verdict"] for t in shandong_index["targets"]] == [
        None,
        "raised",
    ]


def test_csv_markdown_and_a_file(run: Run, tmp_path: Any) -> None:
    rows = list(csv.DictReader(io.StringIO(ok(run, "history", "郑州", "-f", "csv"))))
    assert list(rows[0]) == render.CSV_FIELDS
    assert {r["plan"] for r in rows if r["kind"] == "target"} == {
        "zhengzhou_2017",
        "zhengzhou_2024",
    }
    markdown = ok(run, "history", "辽宁", "-f", "markdown")
    assert markdown.startswith("## 辽宁省 over time")
    assert "| Year | Figure | From | Note |" in markdown
    path = tmp_path / "anhui.md"
    result = run("history", "安徽", "-o", str(path))
    assert result.exit_code == 0 and result.stdout == "", explain(result)
    assert path.read_text("utf-8").startswith("## 安徽省 over time")


def test_only_one_metric(run: Run) -> None:
    data = cli_json(run, "history", "山东", "--metric", "制造业质量竞争力指数", "-f", "json")
    assert {m["metric_id"] for m in data["metrics"]} == {INDEX}


def test_a_region_with_one_document_says_so(run: Run, ws: Workspace) -> None:
    out = ok(run, "history", "河北", env={"COLUMNS": "100"})
    assert out.startswith("河北省 over time, as of 2026-12-07: one document")
    assert "has one document in the data" in " ".join(out.split())
    assert of(ws, "hebei").single


def test_an_unknown_region_is_a_usage_error_with_suggestions(run: Run) -> None:
    result = run("history", "山冬")
    assert result.exit_code == 2, explain(result)
    assert result.stderr.startswith("error: no plan called '山冬'")
    assert "did you mean" in result.stderr and "Traceback" not in result.stderr


def test_the_html_fragment_escapes_and_names_every_document(ws: Workspace) -> None:
    html = render.history_html(of(ws, "上海"))
    assert html.startswith('<section class="history" id="history-shanghai_2018"')
    for plan_id in ("shanghai_2018", "shanghai", "shanghai_action_2023"):
        assert f"<td>{plan_id}</td>" in html
    assert '<tr class="target">' in html and 'class="actual' in html
    assert html.count("<table") == 1 + len(of(ws, "上海").lines)
    assert "<script" not in html


def test_a_document_not_out_by_the_day_sets_nothing_yet(run: Run) -> None:
    # As of 2019 山东's 纲要 (2023) is not out: listed as such, none of its targets shown,
    # and an old actual is judged against the 2018 plan, the latest then.
    data = cli_json(run, "history", "山东", "--as-of", "2019", "-f", "json")
    assert [(d["plan"], d["standing"]) for d in data["documents"]] == [
        ("shandong_2018", "in_force"),
        ("shandong", "not_yet"),
    ]
    plans = {t["plan"] for m in data["metrics"] for t in m["targets"]}
    assert plans == {"shandong_2018"}
    text = " ".join(ok(run, "history", "山东", "--as-of", "2019").split())
    assert "2 documents (1 not out by then, so none of its targets is shown)" in text
    assert "stale: measured over 5 years before shandong_2018 was made" in text
