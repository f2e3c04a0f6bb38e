"""`qualpolicy diff`: two plans side by side, verdicts per shared metric, and output widths."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from decimal import Decimal
from typing import Any

import pytest

from qualpolicy.analysis.align import Aligned
from qualpolicy.analysis.diff import Judgement, Pair, PlanDiff, asks, diff_plans, judge
from qualpolicy.analysis.progress import gather
from qualpolicy.loading.actuals import Actual, ActualsFile, Report
from qualpolicy.models import Change, Comparator, Kind, Target, Trend, Unit
from qualpolicy.render.diff import paces_text
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
    # 江苏's latest index is of 2006, 重庆 has none: the paces cannot weigh the years.
    assert (pair["verdict"], pair["reasons"], pair["bolder"]) == (
        "not_comparable",
        [
            "target years 2025 vs 2027",
            "paces not known: A has only an actual from 2006, too long before its plan; "
            "B has no actual on this basis",
        ],
        "b",
    )
    assert pair["verdict_text"] == (
        "not comparable (target years 2025 vs 2027; paces not known: 江苏省 has only an "
        "actual from 2006, too long before its plan; 重庆市 has no actual on this basis)"
    )
    assert [pair["paces"][side]["status"] for side in "ab"] == ["not_computed", "no_actual"]


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
        "plans": 5,  # of the plans with tasks, five use it
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


def test_markdown_has_the_verdict_table(run: Run, jiangsu_chongqing: dict[str, Any]) -> None:
    lines = ok(run, "diff", "jiangsu", "chongqing", "--format", "markdown").splitlines()
    assert lines[0] == "## 江苏省 (jiangsu) vs 重庆市 (chongqing)"
    start = lines.index("| Metric | 江苏省 | 重庆市 | Verdict | Bolder figure |")
    assert lines[start + 1] == "|---|---|---|---|---|"
    assert lines[start + 2] == (
        "| 制造业质量竞争力指数 | = 88 (2025) | ≥ 92 (2027) | "
        "not comparable (target years 2025 vs 2027; paces not known: 江苏省 has only an "
        "actual from 2006, too long before its plan; 重庆市 has no actual on this basis) "
        "| 重庆市 |"
    )
    assert lines[start + 3] == (
        "| 制造业产品质量合格率 | ≥ 95% (2025) | ≥ 95% (2027) | "
        "江苏省 more ambitious (same figure, due sooner) | same |"
    )
    assert "### Targets only 江苏省 sets: 14" in lines
    assert "### Named without a number only by 江苏省: 4" in lines
    assert "### Task themes" in lines
    corpus = len(jiangsu_chongqing["themes"]["plans"])  # the plans with tasks
    assert f"| 首席质量官 | 5 of {corpus} | 13 | 28 |" in lines


def test_csv_has_the_figures(run: Run) -> None:
    lines = ok(run, "diff", "jiangsu", "chongqing", "--format", "csv").splitlines()
    assert lines[0] == "section,metric_id,metric,jiangsu,chongqing,verdict,reasons,bolder"
    assert lines[1] == (
        "shared,mfg_quality_competitiveness_index,制造业质量竞争力指数,= 88 (2025),"
        '≥ 92 (2027),not_comparable,"target years 2025 vs 2027; paces not known: 江苏省 '
        "has only an actual from 2006, too long before its plan; 重庆市 has no actual on "
        'this basis",重庆市'
    )
    sections = [line.split(",")[0] for line in lines[1:]]
    assert sections == sorted(sections, key=["shared", "only_a", "only_b"].index)
    assert (sections.count("only_a"), sections.count("only_b")) == (18, 14)


def test_an_unknown_plan_is_a_usage_error_with_suggestions(run: Run) -> None:
    result = run("diff", "jiangsu", "chongking")
    assert result.exit_code == 2
    assert "no plan called 'chongking'" in result.stderr
    assert "chongqing" in result.stderr and "Traceback" not in result.stderr


# --- verdicts ------------------------------------------------------------------------------------


def aligned(ws: Workspace, entry: Target) -> Aligned:
    [row] = ws.aligner.align([small_plan(entry)])
    assert row.match.matched, row.match
    return row


def verdict(ws: Workspace, a: Target, b: Target) -> Judgement:
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
    "a higher": (index(90), index(88), ("a_higher", (), "a")),
    "b higher": (index(88), index(90), ("b_higher", (), "b")),
    "floor and point are equal": (
        index(88),
        index(88, comparator=Comparator.eq),
        ("equal", (), "same"),
    ),
    "about is equal with a caveat": (
        index(88, comparator=Comparator.approx),
        index(88),
        ("equal", ("comparators differ (≈ vs ≥)",), "same"),
    ),
    "lower is better inverts": (
        target("碳排放强度", 0.5, unit=Unit.index),
        target("碳排放强度", 0.6, unit=Unit.index),
        ("a_higher", (), "a"),
    ),
    "scope differs": (
        cqo(100, "规模以上企业"),
        cqo(80, "中小微企业"),
        ("not_comparable", ("scopes 规模以上企业 vs 中小微企业",), None),
    ),
    "scope against the whole region": (
        cqo(100, "规上工业企业"),
        target("首席质量官覆盖率", 100),
        ("not_comparable", ("scopes 规模以上工业企业 vs whole region",), None),
    ),
    "direction against a figure": (
        direction(INDEX),
        index(88),
        ("not_comparable", ("A names it without a number",), None),
    ),
    "figure against a direction": (
        index(88),
        direction(INDEX),
        ("not_comparable", ("B names it without a number",), None),
    ),
    "two directions": (
        direction(INDEX),
        direction(INDEX, Trend.maintain),
        ("not_comparable", ("both name it without a number",), None),
    ),
    "another target year": (
        index(88),
        index(92, year=2027),
        ("not_comparable", ("target years 2025 vs 2027",), "b"),
    ),
    "no target year against one": (
        index(92, year=None),
        index(88),
        ("not_comparable", ("target years not stated vs 2025",), "a"),
    ),
    "the same figure sooner": (
        index(92),
        index(92, year=2027),
        ("a_higher", ("same figure, due sooner",), "same"),
    ),
    "a bolder figure sooner": (
        index(90, year=2027),
        index(92),
        ("b_higher", ("bolder figure, due sooner",), "b"),
    ),
    "a target against a baseline": (
        index(93, year=2030),
        index(93.07, kind=Kind.baseline, year=None, comparator=Comparator.eq),
        ("not_comparable", ("a target vs current status",), None),
    ),
    "a change against a level": (
        energy(14, change=Change.decrease, base_year=2020),
        energy(14),
        ("not_comparable", ("a decrease since a base year vs a level",), None),
    ),
    "new ones against the stock": (
        index(5, new_only=True),
        index(5),
        ("not_comparable", ("new ones vs the stock",), None),
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
        None,
    )


def test_the_deeper_cut_is_the_more_ambitious(ws: Workspace) -> None:
    cut = {"change": Change.decrease, "base_year": 2020}
    assert verdict(ws, energy(14, **cut), energy(18, **cut)) == ("b_higher", (), "b")


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
    assert too_wide(out, 78)  # a table rule spans the width: COLUMNS was honoured


def test_a_plan_against_itself_is_a_usage_error(run: Run) -> None:
    result = run("diff", "江苏", "jiangsu")
    assert result.exit_code == 2, explain(result)
    assert "江苏省 (jiangsu) is named twice: a plan is not diffed with itself" in result.stderr


# --- wording a reader understands ----------------------------------------------------------------

PLAN_PAIRS = [
    ("chongqing", "hebei"),
    ("jiangsu", "chongqing"),
    ("zhejiang", "chongqing"),
    ("zhejiang", "sichuan"),
    ("national", "jiangsu"),
]


@pytest.mark.parametrize(("a", "b"), PLAN_PAIRS)
def test_verdicts_never_contradict_themselves(run: Run, a: str, b: str) -> None:
    data = cli_json(run, "diff", a, b, "--no-themes", "--format", "json")
    for pair in data["pairs"]:
        text = pair["verdict_text"]
        if pair["verdict"] in ("not_comparable", "one_sided"):
            assert "ambitious" not in text and "bolder" not in text, pair
        if pair["verdict"] == "not_comparable":
            assert text.startswith("not comparable ("), pair
        if pair["verdict"] in ("a_higher", "b_higher"):
            winner = data[pair["verdict"][0]]["region"]
            assert text.startswith(f"{winner} more ambitious"), pair
            assert pair["bolder"] in (pair["verdict"][0], "same"), pair


@pytest.mark.parametrize(("a", "b"), PLAN_PAIRS)
def test_no_internal_labels_and_right_plurals(run: Run, a: str, b: str) -> None:
    out = ok(run, "diff", a, b, "--no-themes", env={"COLUMNS": "200"})
    assert re.findall(r"\b[a-z]+_[a-z_]+\b", out) == []  # zero_growth, not_comparable …
    assert re.findall(r"\b1 \w+s\b", out) == []  # 1 figures


def test_one_sided_figures_keep_targets_apart_from_current_status(run: Run) -> None:
    out = ok(run, "diff", "zhejiang", "chongqing", "--no-themes", env={"COLUMNS": "200"})
    sections: dict[str, list[str]] = {}
    heading = ""
    for line in out.splitlines():
        if line.startswith("  ") and heading:
            sections[heading].append(line.strip())
        elif re.match(r"(Targets|Current status|Named without a number) ", line):
            heading = line.split(":")[0]
            sections[heading] = []
        else:
            heading = ""
    assert list(sections) == [
        "Targets only 浙江省 sets",
        "Current status only 浙江省 reports",
        "Named without a number only by 浙江省",
        "Targets only 重庆市 sets",
        "Named without a number only by 重庆市",
    ]
    for heading, lines in sections.items():
        now = [line for line in lines if ": now " in line]
        assert now == (lines if heading.startswith("Current") else []), heading
    assert "Only 重庆市: 1 named" not in out
    assert "Named without a number only by 重庆市: 1" in out


def test_theme_numbers_say_what_they_mean(run: Run, jiangsu_chongqing: dict[str, Any]) -> None:
    themes = jiangsu_chongqing["themes"]
    corpus, domain = len(themes["plans"]), sum(t["domain_term"] for t in themes["shared"])
    out = " ".join(ok(run, "diff", "jiangsu", "chongqing").split())
    assert f"Task themes both plans cover: {domain} domain terms" in out
    assert f"{domain} of the {len(themes['shared'])} keywords they share" in out
    assert "In plans" in out and f"首席质量官 5 of {corpus} 13 28" in out
    assert f"In plans: how many of the {corpus} plans with tasks use the term" in out
    assert "Plans 2/5" not in out and "(of " not in out


# --- targets for different years, weighed by their paces -------------------------------------

PACE_DAY = dt.date(2023, 12, 31)


def paced(ws: Workspace, a: Target, b: Target, *actuals: Actual, as_of: dt.date = PACE_DAY) -> Pair:
    """The one pair of two made-up plans of two regions, weighed with ``actuals``."""
    plan_a = small_plan(a, plan_id="testland")
    plan_b = dataclasses.replace(small_plan(b, plan_id="otherland"), region="样例省")
    evidence = gather(ActualsFile(actuals=list(actuals)), [plan_a, plan_b], ws.aligner, as_of=as_of)
    (pair,) = diff_plans(plan_a, plan_b, ws.aligner, evidence=evidence).pairs
    return pair


def index_actual(region: str, value: float, year: int) -> Actual:
    source = Report(publisher="测试统计局")
    return Actual(
        region=region, metric=MFG_INDEX, value=value, year=year, unit=Unit.index, source=source
    )


MFG_INDEX = "制造业质量竞争力指数"


def index(value: float, year: int, **more: Any) -> Target:
    return target(MFG_INDEX, value, unit=Unit.index, year=year, **more)


def test_targets_for_other_years_are_weighed_by_the_pace_each_asks(ws: Workspace) -> None:
    # A: 86 → 88 in two years is 1 a year; B: 92 → ≥ 93 in seven years is 1/7 a year.
    pair = paced(
        ws,
        index(88, 2025),
        index(93, 2030, comparator=Comparator.ge),
        index_actual("testland", 86, 2023),
        index_actual("otherland", 92, 2023),
    )
    assert (pair.verdict, pair.reasons, pair.bolder) == (
        "a_steeper",
        ("target years 2025 vs 2030", "by the pace a year from each region's latest actual"),
        "b",
    )
    assert pair.paces is not None
    assert [asks(h) for h in pair.paces] == [Decimal(1), Decimal(1) / 7]
    d = PlanDiff(pair.a.plan, pair.b.plan, [pair], [], [], None)  # type: ignore[union-attr]
    assert paces_text(pair, d) == [
        "测试省: now 86 (2023); +2 to go in 2 years (+1 a year)",
        "样例省: now 92 (2023); +1 to go in 7 years (≈+0.143 a year)",
    ]


def test_a_target_already_met_asks_nothing_more(ws: Workspace) -> None:
    pair = paced(
        ws,
        index(88, 2025),
        index(90, 2027),
        index_actual("testland", 87.5, 2023),
        index_actual("otherland", 91, 2023),
    )
    assert pair.verdict == "a_steeper"
    both_met = paced(
        ws,
        index(88, 2025),
        index(90, 2027),
        index_actual("testland", 88, 2023),
        index_actual("otherland", 91, 2023),
    )
    assert (both_met.verdict, both_met.reasons[1]) == (
        "not_comparable",
        "both already met by their regions' latest actuals",
    )


def test_a_missing_or_passed_actual_is_said_not_weighed(ws: Workspace) -> None:
    missing = paced(ws, index(88, 2025), index(93, 2030), index_actual("testland", 86, 2023))
    assert (missing.verdict, missing.reasons[1]) == (
        "not_comparable",
        "paces not known: B has no actual on this basis",
    )
    passed = paced(
        ws,
        index(88, 2025),
        index(93, 2030),
        index_actual("testland", 86, 2023),
        index_actual("otherland", 92, 2023),
        as_of=dt.date(2026, 1, 2),
    )
    assert passed.reasons[1] == (
        "paces not known: A is due in 2025, passed, with no actual for it yet"
    )


def test_without_evidence_the_years_alone_are_said(ws: Workspace) -> None:
    plan_a = small_plan(index(88, 2025), plan_id="testland")
    plan_b = dataclasses.replace(small_plan(index(93, 2030), plan_id="otherland"), region="样例省")
    (pair,) = diff_plans(plan_a, plan_b, ws.aligner).pairs
    assert (pair.verdict, pair.reasons, pair.paces) == (
        "not_comparable",
        ("target years 2025 vs 2030",),
        None,
    )


def test_the_shipped_data_weighs_the_nation_and_sichuan_by_pace(run: Run) -> None:
    # As of mid-2024 the nation stood at 97.8% (2023) of its ≥ 98% (2025), 四川 at 99.2%
    # (2019) of its ≥ 99% (2027): the nation's target asks more a year.
    data = cli_json(run, "diff", "national", "四川", "--as-of", "2024-06-01", "-f", "json")
    [pair] = [p for p in data["pairs"] if p["metric"]["id"] == "agri_monitoring_pass_rate"]
    assert pair["verdict"] == "a_steeper"
    a, b = pair["paces"]["a"], pair["paces"]["b"]
    assert (a["status"], a["actual"]["value"], a["actual"]["year"], a["pace"]) == (
        "to_go",
        97.8,
        2023,
        0.2,
    )
    assert (b["status"], b["actual"]["value"], b["actual"]["year"]) == ("met", 99.2, 2019)
    assert (
        "全国: now 97.8% (2023); +0.2 pp to go in 1 year (+0.2 pp a year)" in (pair["verdict_text"])
    )
