"""The cascade from nation to province to city, levels, and the plans listing."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from qualpolicy.analysis.cascade import Hierarchy, Verdict, choose
from qualpolicy.analysis.compare import compare_metric
from qualpolicy.models import Change, Level, LevelFilter, Plan
from qualpolicy.workspace import Workspace

from .helpers import Run, cli_json, explain, ok, small_plan, target, too_wide

MFG_INDEX = "mfg_quality_competitiveness_index"


def rows(run: Run, *args: str) -> list[dict[str, Any]]:
    return list(cli_json(run, "compare", "--format", "json", *args)["rows"])


def test_the_index_has_figures_for_at_least_eleven_regions(run: Run) -> None:
    figures = [r for r in rows(run, "-m", "制造业质量竞争力指数") if r["status"] == "figure"]
    regions = {r["region"] for r in figures if r["kind"] == "target"}
    assert len(regions) >= 11
    assert {"北京市", "内蒙古自治区", "新疆维吾尔自治区", "金华市", "厦门市", "太原市"} <= regions


def test_hierarchy_puts_each_plan_under_its_parent_and_the_nation(ws: Workspace) -> None:
    h = Hierarchy(ws.plans.plans)
    assert [p.id for p in h.above(ws.plans.get("jinhua"))] == ["zhejiang", "national"]
    assert [p.id for p in h.above(ws.plans.get("beijing_dongcheng"))] == ["beijing", "national"]
    # 太原's province (山西) is not in the data: the nation is still above it
    assert [p.id for p in h.above(ws.plans.get("taiyuan"))] == ["national"]
    assert [p.id for p in h.above(ws.plans.get("national"))] == []
    within = [p.id for p in h.within(ws.plans.get("江苏"))]
    assert within == ["national", "jiangsu", "nanjing", "yancheng", "yangzhou"]


def test_within_a_province_shows_it_its_cities_and_the_nation(run: Run) -> None:
    found = rows(run, "-m", "制造业质量竞争力指数", "--within", "浙江")
    assert {r["plan"] for r in found} == {"national", "zhejiang", "jinhua"}
    jinhua = [r for r in found if r["plan"] == "jinhua"]
    assert [(r["value"], r["year"], r["level"]) for r in jinhua] == [
        (92.5, 2027, "prefecture"),
        (92, 2025, "prefecture"),
    ]
    # 92 by 2025 is held against the nation's 86 for 2025; 浙江省 sets 93 only for 2030
    [by_2025] = [r for r in jinhua if r["year"] == 2025]
    verdicts = {(v["plan"], v["verdict"]) for v in by_2025["versus"]}
    assert verdicts == {("national", "above"), ("zhejiang", "other_year")}
    out = ok(run, "compare", "-m", "制造业质量竞争力指数", "--within", "浙江")
    assert "金华" in out and "city" in out and "above 全国 = 86 (2025)" in out
    assert too_wide(out) == []


def test_a_level_below_the_one_above_is_flagged(ws: Workspace, run: Run) -> None:
    cmp = compare_metric(ws.catalogue.by_id[MFG_INDEX], ws.plans.plans, ws.aligner)
    flagged = {(v.row.plan.id, v.other.plan.id) for v in cmp.flagged}
    # provinces below the national target, a city below its province and the nation, and a
    # city whose province (山西, 2018) sets no such figure
    assert flagged == {
        *(("neimenggu", "national"), ("henan", "national"), ("taiyuan", "national")),
        *(("meizhou", "national"), ("meizhou", "guangdong")),
    }
    out = " ".join(ok(run, "compare", "-m", MFG_INDEX).split())
    assert "⚑ below 全国 = 86 (2025)" in out


def test_a_city_below_its_province_same_year_is_flagged(tmp_path: Path) -> None:
    """A made-up city under 江苏 setting 96% against the province's 98% for 2025."""
    city = {
        "id": "testcity",
        "region": "测试市",
        "level": "prefecture",
        "parent": "jiangsu",
        "title": "测试市质量强市实施方案",
        "issuer": "测试市人民政府",
        "source": {"unavailable_reason": "made up by a test"},
        "script": "simplified",
        "horizon": [2025],
        "targets": [
            {
                "metric": "食品抽检合格率",
                "value": 96,
                "comparator": "ge",
                "unit": "percent",
                "year": 2025,
                "quote": "食品抽检合格率达到96%以上",
            }
        ],
    }
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "testcity.yaml").write_text(
        yaml.safe_dump(city, allow_unicode=True), encoding="utf-8"
    )
    ws = Workspace(tmp_path)
    cmp = compare_metric(
        ws.catalogue.by_id["food_sampling_pass_rate"], choose(ws.plans, within="江苏"), ws.aligner
    )
    verdicts = {(v.row.plan.id, v.other.plan.id): v.verdict for v in cmp.versus}
    assert verdicts[("testcity", "jiangsu")] is Verdict.below
    assert verdicts[("testcity", "national")] is Verdict.below
    assert verdicts[("yangzhou", "jiangsu")] is Verdict.matches


@pytest.mark.parametrize(
    ("gap", "year", "other_year", "verdict"),
    [
        (-1, 2025, 2025, Verdict.below),
        (0, 2025, 2025, Verdict.matches),
        (1, 2025, 2025, Verdict.above),
        (-1, 2027, 2025, Verdict.below),  # lower and later
        (0, 2025, 2027, Verdict.above),  # as bold and sooner
        (1, 2027, 2025, Verdict.other_year),  # bolder but later: the years decide
        (-1, 2025, 2027, Verdict.other_year),
        (1, None, 2025, Verdict.other_year),
    ],
)
def test_years_decide_only_when_they_must(
    gap: float, year: int | None, other_year: int | None, verdict: Verdict
) -> None:
    from qualpolicy.analysis.cascade import _verdict

    assert _verdict(gap, year, other_year) is verdict


def test_lower_is_better_metrics_are_held_the_right_way(ws: Workspace) -> None:
    """An 18% energy cut is bolder than a 14% one, whoever sets it."""

    def cut(plan_id: str, percent: float) -> Plan:
        entry = target("单位地区生产总值能源消耗", percent, change=Change.decrease, base_year=2020)
        return small_plan(entry, plan_id=plan_id)

    top = cut("top", 14)
    city = dataclasses.replace(cut("city", 18), level=Level.prefecture, parent="top")
    cmp = compare_metric(ws.catalogue.by_id["energy_per_gdp"], [top, city], ws.aligner)
    [v] = cmp.versus
    assert (v.row.plan.id, v.verdict) == ("city", Verdict.above)


@pytest.mark.parametrize(
    ("level", "expected"),
    [
        (
            "city",
            {
                *("jingmen", "jingzhou", "jinhua", "meizhou", "qingdao", "taiyuan"),
                *("wuhan", "xiamen", "xian", "zaozhuang", "zhengzhou_2017"),
            },
        ),
        (
            "province",
            {
                *("beijing", "chongqing", "guangdong", "henan", "jiangsu", "neimenggu"),
                *("shandong", "shanghai", "sichuan", "xinjiang", "zhejiang"),
            },
        ),
        ("national", {"national"}),
    ],
)
def test_the_level_filter(run: Run, level: str, expected: set[str]) -> None:
    found = rows(run, "-m", "制造业质量竞争力指数", "--level", level)
    assert {r["plan"] for r in found if r["status"] == "figure"} == expected


def test_the_matrix_carries_levels(run: Run) -> None:
    data = cli_json(run, "compare", "--format", "json", "--within", "江苏")
    assert data["plans"] == ["national", "jiangsu", "nanjing", "yancheng", "yangzhou"]
    assert data["levels"]["yangzhou"] == "prefecture" and data["parents"]["yangzhou"] == "jiangsu"
    out = ok(run, "compare", "--within", "江苏")
    assert "city" in out and too_wide(out) == []


def test_an_unknown_within_is_a_clear_error(run: Run) -> None:
    result = run("compare", "-m", "制造业质量竞争力指数", "--within", "西藏")
    assert result.exit_code != 0 and "no plan called '西藏'" in result.stderr, explain(result)


# --- the plans listing ------------------------------------------------------------------------


def test_plans_lists_every_plan_in_every_format(run: Run, ws: Workspace) -> None:
    data = cli_json(run, "plans", "--format", "json", "--all-versions")
    assert len(data) == len(ws.plans)
    by_id = {p["id"]: p for p in data}
    assert by_id["jinhua"] == {
        **by_id["jinhua"],
        "region": "金华市",
        "level": "prefecture",
        "parent": "zhejiang",
        "issued": "2023-11-13",
        "source": "partial, not shipped",
        "targets": 18,
        "tasks": 1,
    }
    assert by_id["jiangsu"]["source"] == "full text"
    assert [p["id"] for p in data][:2] == ["national", "anhui"]  # the nation first
    csv_lines = ok(run, "plans", "--format", "csv", "--all-versions").splitlines()
    assert csv_lines[0].startswith(
        "id,region,level,parent,document,document_type,period,in_force,period_ended,issued,"
        "source,targets"
    )
    assert len(csv_lines) == 1 + len(ws.plans)
    table = ok(run, "plans", "--all-versions")
    in_force = sum(p["in_force"] for p in data)
    assert f"{len(ws.plans)} plans at 5 levels, {in_force} in force" in table
    assert too_wide(table) == []
    assert f"{in_force} plans at 5 levels, all in force" in ok(run, "plans")
    cities = cli_json(run, "plans", "--format", "json", "--level", "city")
    assert {p["level"] for p in cities} == {"prefecture"} and len(cities) == 17


def test_the_readme_table_of_plans_is_current() -> None:
    from scripts.readme_plans import README, updated

    text = README.read_text(encoding="utf-8")
    assert updated(text) == text, "run `make readme` to regenerate the table of plans"
    rows_in_readme = [line for line in text.splitlines() if line.startswith("| ") and " | " in line]
    assert any(
        line.startswith("| jinhua | 金华市 | prefecture | zhejiang |") for line in rows_in_readme
    )


def test_the_levels_and_plans_are_exported_in_json(run: Run) -> None:
    found = json.loads(ok(run, "plans", "-f", "json"))
    assert all(p["urls"] or p["source"] == "full text" for p in found)
    filters = {f.value for f in LevelFilter}
    assert filters == {"national", "province", "city", "county"}


def test_the_notebook_api_takes_the_cascade_options() -> None:
    import qualpolicy as qp

    ws = qp.load()
    within = ws.compare("制造业质量竞争力指数", within="浙江").to_records()
    assert {r["plan"] for r in within} == {"national", "zhejiang", "jinhua"}
    cities = ws.compare("制造业质量竞争力指数", level="city").to_records()
    assert {r["level"] for r in cities} == {"prefecture"}
