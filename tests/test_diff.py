"""`qualpolicy diff`: two plans side by side, verdicts per shared metric, and output widths."""

from __future__ import annotations

from typing import Any

import pytest

from qualpolicy.align import Aligned
from qualpolicy.diff import judge
from qualpolicy.models import Change, Comparator, Kind, Target, Trend, Unit
from qualpolicy.workspace import Workspace

from .helpers import Run, cli_json, direction, explain, ok, small_plan, target, too_wide


@pytest.fixture
def jiangsu_chongqing(run: Run) -> dict[str, Any]:
    return cli_json(run, "diff", "jiangsu", "chongqing", "--format", "json")


def test_plans_are_found_by_region_in_either_script(
    run: Run, jiangsu_chongqing: dict[str, Any]
) -> None:
    assert cli_json(run, "diff", "江蘇", "重慶", "--format", "json") == jiangsu_chongqing
    assert (jiangsu_chongqing["a"]["plan"], jiangsu_chongqing["b"]["plan"]) == (
        "jiangsu",
        "chongqing",
    )


def test_the_index_pair_is_not_comparable_across_target_years(
    jiangsu_chongqing: dict[str, Any],
) -> None:
    [pair] = [
        p
        for p in jiangsu_chongqing["pairs"]
        if p["metric"]["id"] == "mfg_quality_competitiveness_index"
    ]
    assert (pair["a"]["value"], pair["a"]["year"]) == (88, 2025)
    assert (pair["b"]["value"], pair["b"]["year"]) == (92, 2027)
    assert pair["verdict"] == "not_comparable"
    assert pair["reasons"] == [
        "different target year (2025 vs 2027)",
        "B's figure is the bolder",
    ]


def test_shared_metrics_and_one_sided_targets(jiangsu_chongqing: dict[str, Any]) -> None:
    assert [p["metric"]["id"] for p in jiangsu_chongqing["pairs"]] == [
        "mfg_quality_competitiveness_index",
        "mfg_product_pass_rate",
        "consumer_goods_pass_rate",
        "agri_monitoring_pass_rate",
        "food_sampling_pass_rate",
        "public_service_satisfaction",
    ]
    only_a = [r["metric_normalized"] for r in jiangsu_chongqing["only_a"]]
    only_b = [(r["metric_normalized"], r["scope"]) for r in jiangsu_chongqing["only_b"]]
    assert "研发投入强度" in only_a
    assert ("药品抽检合格率", "生产领域") in only_b
    assert ("药品抽检合格率", "流通领域") in only_b
    assert (len(only_a), len(only_b)) == (18, 14)
    shared = {p["metric"]["id"] for p in jiangsu_chongqing["pairs"]}
    one_sided = jiangsu_chongqing["only_a"] + jiangsu_chongqing["only_b"]
    assert not {r["match"]["metric"] for r in one_sided} & shared


def test_shared_themes_name_each_plans_tasks(jiangsu_chongqing: dict[str, Any]) -> None:
    themes = {t["keyword"]: t for t in jiangsu_chongqing["themes"]["shared"]}
    assert themes["首席质量官"] == {
        "keyword": "首席质量官",
        "domain_term": True,
        "a_tasks": ["13"],
        "b_tasks": ["28"],
    }
    assert themes["首台套"]["a_tasks"] == ["3"]
    assert themes["首台套"]["b_tasks"] == ["8", "29"]
    only_a = {t["keyword"] for t in jiangsu_chongqing["themes"]["only_a"]}
    assert "长三角一体化" in only_a and "长三角一体化" not in themes


def test_without_themes(run: Run) -> None:
    data = cli_json(run, "diff", "jiangsu", "chongqing", "--no-themes", "--format", "json")
    assert list(data) == ["a", "b", "pairs", "only_a", "only_b"]


def test_markdown_has_the_verdict_table(run: Run) -> None:
    lines = ok(run, "diff", "jiangsu", "chongqing", "--format", "markdown").splitlines()
    assert lines[0] == "## 江苏省 (jiangsu) vs 重庆市 (chongqing)"
    start = lines.index("| Metric | 江苏省 | 重庆市 | Verdict |")
    assert lines[start + 1] == "|---|---|---|---|"
    assert lines[start + 2] == (
        "| 制造业质量竞争力指数 | = 88 (2025) | ≥ 92 (2027) | not comparable: different target "
        "year (2025 vs 2027); 重庆市's figure is the bolder |"
    )
    assert "### Only 江苏省 sets" in lines and "### Task themes" in lines
    assert "| 首席质量官 | 13 | 28 |" in lines


def test_an_unknown_plan_exits_1_with_suggestions(run: Run) -> None:
    result = run("diff", "jiangsu", "chongking")
    assert result.exit_code == 1
    assert "no plan called 'chongking'" in result.stderr
    assert "chongqing" in result.stderr and "Traceback" not in result.stderr


# --- verdicts ------------------------------------------------------------------------------------


def aligned(ws: Workspace, entry: Target) -> Aligned:
    [row] = ws.aligner.align([small_plan(entry)])
    assert row.match.matched, row.match
    return row


def verdict(ws: Workspace, a: Target, b: Target) -> tuple[str, tuple[str, ...]]:
    row_a, row_b = aligned(ws, a), aligned(ws, b)
    assert row_a.match.metric_id == row_b.match.metric_id
    return judge(ws.catalogue.by_id[row_a.match.metric_id or ""], row_a, row_b)


INDEX = "制造业质量竞争力指数"


def index(value: float, **more: Any) -> Target:
    return target(INDEX, value, unit=Unit.index, **more)


def cqo(value: float, scope: str) -> Target:
    return target("首席质量官覆盖率", value, scope=scope)


def energy(value: float, **more: Any) -> Target:
    return target("单位地区生产总值能源消耗", value, **more)


VERDICTS = {
    "a higher": (index(90), index(88), ("a_higher", ())),
    "b higher": (index(88), index(90), ("b_higher", ())),
    "floor and point are equal": (
        index(88),
        index(88, comparator=Comparator.eq),
        ("equal", ()),
    ),
    "about is equal with a caveat": (
        index(88, comparator=Comparator.approx),
        index(88),
        ("equal", ("comparators differ (approx vs ge)",)),
    ),
    "lower is better inverts": (
        target("碳排放强度", 0.5, unit=Unit.index),
        target("碳排放强度", 0.6, unit=Unit.index),
        ("a_higher", ()),
    ),
    "scope differs": (
        cqo(100, "规模以上企业"),
        cqo(80, "中小微企业"),
        ("not_comparable", ("scope differs (规模以上企业 vs 中小微企业)",)),
    ),
    "scope against the whole region": (
        cqo(100, "规上工业企业"),
        target("首席质量官覆盖率", 100),
        ("not_comparable", ("scope differs (规模以上工业企业 vs whole region)",)),
    ),
    "direction against a figure": (
        direction(INDEX),
        index(88),
        ("not_comparable", ("A names it without a number",)),
    ),
    "figure against a direction": (
        index(88),
        direction(INDEX),
        ("not_comparable", ("B names it without a number",)),
    ),
    "two directions": (
        direction(INDEX),
        direction(INDEX, Trend.maintain),
        ("not_comparable", ("both name it without a number",)),
    ),
    "another target year": (
        index(88),
        index(92, year=2027),
        (
            "not_comparable",
            ("different target year (2025 vs 2027)", "B's figure is the bolder"),
        ),
    ),
    "the same figure sooner": (
        index(92),
        index(92, year=2027),
        ("a_higher", ("the same figure, 2025 rather than 2027",)),
    ),
    "a bolder figure sooner": (
        index(90, year=2027),
        index(92),
        ("b_higher", ("a bolder figure, 2025 rather than 2027",)),
    ),
    "a target against a baseline": (
        index(93, year=2030),
        index(93.07, kind=Kind.baseline, year=None, comparator=Comparator.eq),
        ("not_comparable", ("target vs baseline", "different target year (2030 vs none stated)")),
    ),
    "a change against a level": (
        energy(14, change=Change.decrease, base_year=2020),
        energy(14),
        ("not_comparable", ("change since a base year vs a level",)),
    ),
}


@pytest.mark.parametrize(("a", "b", "expected"), list(VERDICTS.values()), ids=list(VERDICTS))
def test_verdict(ws: Workspace, a: Target, b: Target, expected: tuple[str, Any]) -> None:
    assert verdict(ws, a, b) == expected


def test_a_real_direction_against_a_real_figure(ws: Workspace) -> None:
    """The national outline names 单位GDP资源能源消耗 without a number; Jiangsu cuts 14%."""
    rows = ws.aligner.align([ws.plans.get("jiangsu"), ws.plans.get("national")])
    jiangsu, national = (r for r in rows if r.match.metric_id == "energy_per_gdp")
    assert judge(ws.catalogue.by_id["energy_per_gdp"], jiangsu, national) == (
        "not_comparable",
        ("B names it without a number",),
    )


def test_the_deeper_cut_is_the_more_ambitious(ws: Workspace) -> None:
    cut = {"change": Change.decrease, "base_year": 2020}
    assert verdict(ws, energy(14, **cut), energy(18, **cut)) == ("b_higher", ())


# --- tables fit an 80-column terminal ------------------------------------------------------------

NARROW_COMMANDS = {
    "diff": ("diff", "jiangsu", "chongqing"),
    "diff with Zhejiang": ("diff", "zhejiang", "sichuan"),
    "compare": ("compare", "--metric", "首席质量官覆盖率"),
    "compare with quotes": ("compare", "--metric", INDEX, "--quotes"),
    "matrix": ("compare",),
    "search": ("search", "首席质量官"),
}


@pytest.mark.parametrize("args", list(NARROW_COMMANDS.values()), ids=list(NARROW_COMMANDS))
def test_tables_fit_80_columns(run: Run, args: tuple[str, ...]) -> None:
    out = ok(run, *args, env={"COLUMNS": "80"})
    assert too_wide(out) == []
    assert too_wide(out, 79)  # some line uses all 80 columns: COLUMNS was honoured


def test_a_plan_against_itself_is_a_usage_error(run: Run) -> None:
    result = run("diff", "江苏", "jiangsu")
    assert result.exit_code == 2, explain(result)
    assert "are the same plan (jiangsu)" in result.stderr
