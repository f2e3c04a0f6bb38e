"""`qualpolicy compare` and `qualpolicy metrics`: the normalisation and alignment engine.

One metric is found by any of its spellings; figures on different bases are
never merged; every target of every plan is matched or deliberately left out;
and a plan rewritten in traditional script with Taiwan vocabulary compares
exactly as the original.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import opencc
import pytest
import yaml

from qualpolicy.analysis.cascade import _BINDING
from qualpolicy.analysis.catalogue import Catalogue, Category, Metric, NotThis, catalogue_problems
from qualpolicy.analysis.compare import Comparison, compare_metric
from qualpolicy.analysis.progress import gather
from qualpolicy.loading.plans import short_region
from qualpolicy.loading.vocabulary import load_rules
from qualpolicy.models import Change, Comparator, Kind, Plan, Script, Unit, Vocabulary
from qualpolicy.render import compare as render
from qualpolicy.text.normalize import marks
from qualpolicy.workspace import Workspace

from .conftest import DATA
from .helpers import RD_ALIASES, Run, cli_json, explain, ok, small_plan, target

MFG_INDEX = "mfg_quality_competitiveness_index"
MFG_INDEX_SPELLINGS = [
    "制造业质量竞争力指数",  # simplified
    "製造業品質競爭力指數",  # traditional, Taiwan vocabulary
    "製造業質量競爭力指數",  # traditional, mainland vocabulary
    MFG_INDEX,
    "Manufacturing quality competitiveness index",
]


# The six plans encoded from the seed documents: the figures pinned below are theirs, and
# must not change as plans are added (tests over every plan are in test_plans_data.py
# and test_cascade.py).
SEEDS = "chongqing,hebei,jiangsu,national,sichuan,zhejiang"


def compare_json(run: Run, metric: str, *more: str) -> dict[str, Any]:
    return cli_json(run, "compare", "--metric", metric, "--format", "json", "--plans", SEEDS, *more)


def seed_plans(ws: Workspace) -> list[Plan]:
    return ws.plans.select(SEEDS.split(","))


def compared(ws: Workspace, metric_id: str) -> Comparison:
    """As ``compare`` shows it: with the actuals beside the targets."""
    evidence = gather(ws.actuals, ws.plans.plans, ws.aligner)
    return compare_metric(
        ws.catalogue.by_id[metric_id], seed_plans(ws), ws.aligner, evidence=evidence
    )


def figures(cmp: Comparison) -> list[list[tuple[str, str, float | None, int | None]]]:
    """Each group's rows as (plan, kind, value, year)."""
    return [
        [(r.plan.id, r.kind.value, r.target.value, r.target.year) for r in g.rows]
        for g in cmp.groups
    ]


def row_summary(row: dict[str, Any]) -> tuple[Any, ...]:
    return (row["plan"], row["status"], row["kind"], row["comparator"], row["value"], row["year"])


# --- one metric, any spelling --------------------------------------------------------------------


@pytest.fixture(scope="module")
def mfg_json(ws: Workspace) -> dict[str, Any]:
    return json.loads(render.as_json(compared(ws, MFG_INDEX)))


@pytest.mark.parametrize("spelling", MFG_INDEX_SPELLINGS)
def test_every_spelling_gives_the_same_comparison(
    run: Run, spelling: str, mfg_json: dict[str, Any]
) -> None:
    assert compare_json(run, spelling) == mfg_json
    assert mfg_json["metric"]["id"] == MFG_INDEX


def test_rows_are_sorted_by_ambition_then_baselines_then_plans_without_a_figure(
    mfg_json: dict[str, Any],
) -> None:
    assert [row_summary(r) for r in mfg_json["rows"]] == [
        ("zhejiang", "figure", "target", "ge", 93, 2030),
        ("chongqing", "figure", "target", "ge", 92, 2027),
        # Equal values: the floor (≥) binds more than the point (=), before the year.
        ("sichuan", "figure", "target", "ge", 88, 2027),
        ("jiangsu", "figure", "target", "eq", 88, 2025),
        ("national", "figure", "target", "eq", 86, 2025),
        ("zhejiang", "figure", "baseline", "eq", 93.07, None),
        ("hebei", "not_mentioned", None, None, None, None),
    ]
    assert _BINDING[Comparator.ge] < _BINDING[Comparator.eq] < _BINDING[Comparator.approx]
    assert mfg_json["groups"] == [
        {
            "basis": "whole region, level",
            "notes": ["target years differ (2025, 2027, 2030): a later year gives more time"],
        }
    ]
    baseline = mfg_json["rows"][5]
    assert baseline["caveats"][0] == "current status, not a target"


def test_table_shows_every_region_with_a_bar(run: Run) -> None:
    out = ok(run, "compare", "--metric", "製造業品質競爭力指數", "--plans", SEEDS)
    for region in ("浙江", "重庆", "四川", "江苏", "全国", "河北省"):  # short names in the table
        assert region in out
    assert sum("█" in line for line in out.splitlines()) == 6  # one bar per figure
    assert "bars from 0 to 93.07" in " ".join(out.split())  # the caption may wrap
    assert "河北省 (hebei): does not mention it" in out


# --- honest bars: lengths in proportion to the values --------------------------------------------

_PARTS = " ▏▎▍▌▋▊▉"


def eighths(bar: str) -> int:
    """A bar's length in eighths of a cell."""
    return 8 * bar.count("█") + sum(_PARTS.index(c) for c in bar if c in _PARTS)


def table_bars(out: str) -> list[tuple[str, float, int]]:
    """(region, value, bar length) of every row with a bar: value, year, bar."""
    found = []
    for words in (line.split() for line in out.splitlines() if "█" in line):
        at = next(i for i, w in enumerate(words) if "█" in w)
        found.append((words[0], float(words[at - 2].rstrip("%")), eighths(words[at])))
    return found


@pytest.mark.parametrize(
    ("metric", "top"), [("制造业质量竞争力指数", 93.07), ("制造业产品质量合格率", 100)]
)
def test_bar_lengths_are_in_proportion_to_the_values(run: Run, metric: str, top: float) -> None:
    out = ok(run, "compare", "--metric", metric, "-p", SEEDS)
    caption = f"bars from 0 to {top:g}{'%' if top == 100 else ''}"
    assert caption in " ".join(out.split())
    bars = table_bars(out)
    assert len(bars) >= 5
    for region, value, length in bars:
        assert abs(length / 80 - value / top) <= 1 / 160, (region, value, length)  # ½ an eighth


def test_a_five_point_difference_looks_like_one(run: Run) -> None:
    """88 against 93 was one block against ten when the bars began at the smallest value."""
    bars = {
        (r, v): n for r, v, n in table_bars(ok(run, "compare", "--metric", "製造業質量競爭力指數"))
    }
    assert bars[("浙江", 93)] / bars[("江苏", 88)] == pytest.approx(93 / 88, abs=0.02)


def test_markdown_keeps_the_bars(run: Run) -> None:
    table = {r: n for r, _, n in table_bars(ok(run, "compare", "-m", MFG_INDEX, "-p", SEEDS))}
    lines = ok(run, "compare", "-m", MFG_INDEX, "-f", "markdown", "-p", SEEDS).splitlines()
    marked = {}
    for line in lines:
        if "`█" in line:
            cells = [c.strip() for c in line.strip("|").split("|")]
            marked.setdefault(short_region(cells[0]), eighths(cells[-1].strip("`")))
    assert marked == table


@pytest.mark.parametrize("top", [3, 93.07, 100, 9500])
def test_bar_scale_is_linear_from_zero(top: float) -> None:
    scale = render.Scale(top, percent=False)
    for step in range(0, 81):
        value = top * step / 80
        assert eighths(scale.bar(value)) == max(step, 1 if value > 0 else 0)
    assert scale.bar(0) == ""


def test_an_unknown_metric_is_a_usage_error_with_close_names(run: Run) -> None:
    result = run("compare", "--metric", "制造业质量竞争指数")
    assert result.exit_code == 2, explain(result)
    assert result.stdout == ""
    assert "no metric called '制造业质量竞争指数'" in result.stderr
    assert "did you mean: 制造业质量竞争力指数 (mfg_quality_competitiveness_index)" in result.stderr
    assert "Traceback" not in result.stderr


# --- scopes, bases and look-alikes are kept apart -----------------------------------------------


def test_chief_quality_officer_coverage_keeps_scopes_apart(run: Run) -> None:
    data = compare_json(run, "首席质量官覆盖率")
    assert data["groups"] == [
        {"basis": "scope: 中小微企业", "notes": []},
        {"basis": "scope: 规模以上企业", "notes": []},
        {"basis": "scope: 规模以上工业企业", "notes": []},
    ]
    found = [
        (r["plan"], r["scope"], r["comparator"], r["value"], r["hedge"])
        for r in data["rows"]
        if r["status"] == "figure"
    ]
    assert found == [
        ("jiangsu", "中小微企业", "ge", 80, "力争"),
        ("jiangsu", "规模以上企业", "eq", 100, "力争"),
        ("hebei", "规模以上工业企业", "eq", 100, None),
    ]
    others = {r["plan"]: (r["status"], r["tasks"]) for r in data["rows"] if r["status"] != "figure"}
    assert others == {
        "chongqing": ("mentioned_in_tasks", ["28"]),
        "national": ("not_in_part_read", []),
        "sichuan": ("mentioned_in_tasks", ["1.2"]),
        "zhejiang": ("mentioned_in_tasks", ["4.6.3", "5.1.4", "5.3.2"]),
    }
    # Zhejiang's 9500 officers are a count: related, never a row.
    assert 9500 not in [r["value"] for r in data["rows"]]
    [related] = data["related"]
    assert related["metric"]["id"] == "cqo_count"
    assert [(r["plan"], r["kind"], r["value"], r["unit"]) for r in related["rows"]] == [
        ("zhejiang", "baseline", 9500, "count")
    ]


def test_service_satisfaction_and_public_service_satisfaction_stay_apart(ws: Workspace) -> None:
    match = ws.aligner.match("公共服务质量满意度")
    assert match.metric_id == "public_service_satisfaction"
    assert match.ruled_out == (
        "not service_quality_satisfaction: public services only, a separate survey",
    )
    assert figures(compared(ws, "service_quality_satisfaction")) == [
        [("zhejiang", "target", 91, 2030)]
    ]
    assert figures(compared(ws, "public_service_satisfaction")) == [
        [("jiangsu", "target", 82, 2025), ("chongqing", "target", 82, 2027)]
    ]


def test_led_international_standards_are_not_led_or_joined(ws: Workspace) -> None:
    led = compared(ws, "intl_standards_led")
    assert [
        (r.plan.id, r.target.value) for g in led.groups for r in g.rows if r.kind is Kind.target
    ] == [("sichuan", 5)]
    assert "chongqing" not in {r.plan.id for g in led.groups for r in g.rows}
    related = {m.id: [(r.plan.id, r.target.value) for r in rows] for m, rows in led.related}
    assert related == {"intl_standards_led_or_joined": [("chongqing", 10), ("zhejiang", 63)]}
    assert (
        ws.aligner.match("主导或参与制定(修订)国际标准").metric_id == "intl_standards_led_or_joined"
    )


def test_food_sampling_wordings_merge(ws: Workspace) -> None:
    cmp = compared(ws, "food_sampling_pass_rate")
    [group] = cmp.groups
    wordings = {(r.plan.id, r.kind.value): r.metric_text for r in group.rows}
    assert wordings == {
        ("zhejiang", "target"): "食品安全评价性抽检合格率",
        ("chongqing", "target"): "食品抽检合格率",
        ("jiangsu", "target"): "食品抽查合格率",
        ("national", "target"): "食品抽检合格率",
        ("sichuan", "target"): "食品安全评价性抽检合格率",
        ("zhejiang", "baseline"): "食品安全评价性抽检合格率",
    }
    assert [r.plan.id for r in group.rows] == [
        "zhejiang",
        "chongqing",
        "jiangsu",
        "national",
        "sichuan",
        "zhejiang",
    ]
    assert [a.plan.id for a in cmp.no_figure] == ["hebei"]


def test_new_centres_and_the_stock_of_centres_are_separate_groups(ws: Workspace) -> None:
    cmp = compared(ws, "national_inspection_centres")
    assert [g.basis.describe() for g in cmp.groups] == ["new only", "whole region, level"]
    assert figures(cmp) == [
        [("zhejiang", "target", 5, 2030), ("sichuan", "target", 3, 2027)],
        [("zhejiang", "baseline", 58, None)],
    ]


def test_drug_pass_rates_stay_apart_by_scope(ws: Workspace) -> None:
    cmp = compared(ws, "drug_sampling_pass_rate")
    assert [(g.basis.scope, [(r.plan.id, r.target.value) for r in g.rows]) for g in cmp.groups] == [
        ("基本药物", [("zhejiang", 99.5)]),
        ("流通领域", [("chongqing", 99.5)]),
        ("生产领域", [("chongqing", 99.8)]),
        ("集采品种", [("zhejiang", 99.5)]),
    ]


def test_a_change_since_a_base_year_is_not_a_level(ws: Workspace) -> None:
    cmp = compared(ws, "energy_per_gdp")
    [group] = cmp.groups
    assert group.basis.describe() == "decrease since a base year"
    [row] = group.rows
    assert (row.plan.id, row.target.value, row.target.base_year, row.target.year) == (
        "jiangsu",
        14,
        2020,
        2025,
    )
    assert "decrease relative to 2020, not a level" in row.caveats
    national = next(a for a in cmp.no_figure if a.plan.id == "national")
    assert (national.status, national.description) == (
        "named_without_figure",
        "names it without a number (decrease), worded 单位GDP资源能源消耗",
    )
    # The same number as a level (same unit, same year) is a separate group.
    level = target("单位GDP能源消耗", 14, comparator=Comparator.eq)
    both = [ws.plans.get("jiangsu"), small_plan(level)]
    assert [g.basis.describe() for g in compare_metric(cmp.metric, both, ws.aligner).groups] == [
        "decrease since a base year",
        "whole region, level",
    ]


def test_a_yearly_quota_is_not_a_total(ws: Workspace) -> None:
    per_year = target("国家质检中心", 2, unit=Unit.count, per_year=True, year=2030)
    total = target("国家质检中心", 10, unit=Unit.count, year=2030)
    plans = [small_plan(per_year, plan_id="alpha"), small_plan(total, plan_id="beta")]
    cmp = compare_metric(ws.catalogue.by_id["national_inspection_centres"], plans, ws.aligner)
    assert [(g.basis.describe(), [r.plan.id for r in g.rows]) for g in cmp.groups] == [
        ("per year", ["alpha"]),
        ("whole region, level", ["beta"]),
    ]


def test_the_national_figure_quoted_by_sichuan_is_nowhere_in_its_rows(
    ws: Workspace, run: Run
) -> None:
    sichuan = ws.plans.get("sichuan")
    values = {
        r.target.value
        for metric in ws.catalogue.metrics
        for g in compare_metric(metric, [sichuan], ws.aligner).groups
        for r in g.rows
    }
    assert 88 in values and 84.9 not in values
    for fmt in ("json", "csv", "markdown"):
        out = ok(run, "compare", "--plans", "四川,national", "--format", fmt)
        assert "≥ 88 (2027)" in out or '"value": 88' in out
        assert "84.9" not in out


# --- coverage of the catalogue -----------------------------------------------------------------


def test_every_entry_is_matched_or_deliberately_unmatched(ws: Workspace, run: Run) -> None:
    aligned = ws.aligner.align(ws.plans.plans)
    rules = {a.match.rule for a in aligned}
    assert rules == {"alias", "pattern", "deliberately-unmatched"}
    deliberate = sum(a.match.rule == "deliberately-unmatched" for a in aligned)
    assert deliberate == 133
    out = ok(run, "metrics", "--unmatched")
    assert out.strip() == "Every entry is matched or deliberately unmatched (133 deliberately)."
    patterns = {
        (a.plan.id, a.match.metric_id, a.match.confidence)
        for a in aligned
        if a.match.rule == "pattern"
    }
    # 单位GDP资源能源消耗: the national outline's wording, restated by provinces
    assert patterns == {
        *((p, "energy_per_gdp", 0.8) for p in ("national", "beijing", "neimenggu", "anhui")),
        ("fujian", "energy_per_gdp", 0.8),
        # 首席质量官 alone names people, so a count (首席质量官覆盖率 is the other metric)
        *((p, "cqo_count", 0.8) for p in ("anhui_action_2024", "zhengzhou_2024")),
    }


def test_every_catalogue_entry_is_used(ws: Workspace) -> None:
    aligned = ws.aligner.align(ws.plans.plans)
    used = {a.match.metric_id for a in aligned}
    assert [m.id for m in ws.catalogue.metrics if m.id not in used] == []
    left_out = {ws.aligner.wording(a.target.metric, a.plan) for a in aligned if not a.match.matched}
    assert [u.metric for u in ws.catalogue.unmatched if marks(u.metric) not in left_out] == []


def _plans_per_metric(ws: Workspace, plans: list[Plan] | None = None) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {m.id: set() for m in ws.catalogue.metrics}
    for a in ws.aligner.align(plans or ws.plans.plans):
        if a.match.metric_id:
            out[a.match.metric_id].add(a.plan.id)
    return out


def test_no_wording_two_plans_share_is_left_unmatched(ws: Workspace) -> None:
    """The catalogue must cover every metric two or more plans address (it may hold
    more); a deliberately unmatched wording belongs to one plan only."""
    plans: dict[str, set[str]] = {}
    for row in ws.aligner.align(ws.plans.plans):
        if not row.match.matched:
            plans.setdefault(row.metric_text, set()).add(row.plan.id)
    assert {w: p for w, p in plans.items() if len(p) > 1} == {}


def test_every_catalogue_metric_is_used(ws: Workspace) -> None:
    unused = {m.id for m in ws.catalogue.metrics} - set(_plans_per_metric(ws))
    assert unused == set()


def test_metrics_lists_the_catalogue_with_its_plans(ws: Workspace, run: Run) -> None:
    data = cli_json(run, "metrics", "--json")
    assert [m["id"] for m in data] == [m.id for m in ws.catalogue.metrics]
    plans = {m["id"]: m["plans"] for m in data}
    assert plans[MFG_INDEX] == [
        *("beijing", "chongqing", "guangdong", "henan", "jiangsu", "jingmen", "jingzhou"),
        *("jinhua", "liaoning_2019", "meizhou", "national", "neimenggu", "qingdao", "shandong"),
        *("shandong_2018", "shanghai", "shanghai_2018", "sichuan", "taiyuan", "wuhan"),
        *("xiamen", "xian", "xinjiang", "zaozhuang", "zhejiang", "zhengzhou_2017"),
    ]
    assert plans["cqo_coverage"] == ["hebei", "jiangsu"]
    assert plans["cqo_count"] == ["anhui_action_2024", "zhejiang", "zhengzhou_2024"]
    assert {k: set(v) for k, v in plans.items()} == _plans_per_metric(ws)


# --- the catalogue checks itself ---------------------------------------------------------------


def metric(ident: str, name: str, **more: Any) -> Metric:
    return Metric(
        id=ident, name=name, name_en=ident, unit=Unit.percent, category=Category.industry, **more
    )


INDEX = metric(MFG_INDEX, "制造业质量竞争力指数")


@pytest.mark.parametrize(
    "claimed_again",
    ["制造业质量竞争力指数", "製造業質量競爭力指數", "製造業品質競爭力指數"],
    ids=["simplified", "mainland-traditional", "taiwan"],
)
def test_an_alias_claimed_twice_is_reported(ws: Workspace, claimed_again: str) -> None:
    other = metric("rd_intensity", "研发投入强度", aliases=["研发强度", claimed_again])
    problems = catalogue_problems(Catalogue(metrics=[INDEX, other]), ws.normalizer)
    assert [(p.code, p.path) for p in problems] == [
        ("alias-claimed-twice", ("metrics", 1, "aliases", 1))
    ]
    assert problems[0].message == f"{claimed_again} is claimed by {MFG_INDEX} and rd_intensity"


@pytest.mark.parametrize("label", ["食品抽查合格率", "食品安全評價性抽檢合格率"])
def test_an_alias_that_is_also_not_this_is_reported(ws: Workspace, label: str) -> None:
    food = metric(
        "food_sampling_pass_rate",
        "食品抽检合格率",
        aliases=["食品抽查合格率", "食品安全评价性抽检合格率"],
        not_this=[
            NotThis(label="药品抽检合格率", reason="drugs"),
            NotThis(label=label, reason="x"),
        ],
    )
    problems = catalogue_problems(Catalogue(metrics=[INDEX, food]), ws.normalizer)
    assert [(p.code, p.path) for p in problems] == [
        ("alias-is-not-this", ("metrics", 1, "not_this", 1, "label"))
    ]


def test_a_sound_catalogue_has_no_problems(ws: Workspace) -> None:
    assert catalogue_problems(ws.catalogue, ws.normalizer) == []


BROKEN_CATALOGUES = {
    "alias-claimed-twice": (
        f"    aliases: [{RD_ALIASES}]\n",
        f"    aliases: [{RD_ALIASES}, 製造業品質競爭力指數]\n",
        ("比例, 製造業品質競爭力指數]", "製造業品質競爭力指數"),
    ),
    "alias-is-not-this": (
        "      - label: 药品抽检合格率\n        reason: drugs, not food\n",
        "      - label: 药品抽检合格率\n        reason: drugs, not food\n"
        "      - label: 食品抽查合格率\n        reason: test\n",
        ("- label: 食品抽查合格率", "食品抽查合格率"),
    ),
}


@pytest.mark.parametrize("code", sorted(BROKEN_CATALOGUES))
def test_validate_locates_a_catalogue_problem(data_copy: Path, run: Run, code: str) -> None:
    anchor, replacement, (on_line, value) = BROKEN_CATALOGUES[code]
    path = data_copy / "metrics.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count(anchor) == 1
    text = text.replace(anchor, replacement)
    path.write_text(text, encoding="utf-8")
    result = run("validate", "--data-dir", str(data_copy), "--format", "json")
    assert result.exit_code == 1, explain(result)
    [finding] = [f for f in json.loads(result.stdout) if f["severity"] == "error"]
    assert (finding["file"], finding["code"]) == (str(path), code)
    # located at the offending wording itself
    lines = text.splitlines()
    line = next(i for i, t in enumerate(lines, 1) if on_line in t)
    assert (finding["line"], finding["column"]) == (line, lines[line - 1].index(value) + 1)


# --- the matrix and the other formats ----------------------------------------------------------

MATRIX_HEAD = [
    "agri_monitoring_pass_rate",
    "food_sampling_pass_rate",
    "mfg_quality_competitiveness_index",
    "mfg_product_pass_rate",
    "consumer_goods_pass_rate",
]


def test_the_matrix_lists_metrics_two_or_more_plans_address(ws: Workspace, run: Run) -> None:
    data = cli_json(run, "compare", "--format", "json", "--plans", SEEDS)
    plan_ids = ["chongqing", "hebei", "jiangsu", "national", "sichuan", "zhejiang"]
    assert data["plans"] == plan_ids
    ids = [m["metric"]["id"] for m in data["metrics"]]
    assert ids[:5] == MATRIX_HEAD
    per_metric = _plans_per_metric(ws, seed_plans(ws))
    assert set(ids) == {m for m, plans in per_metric.items() if len(plans) >= 2}
    assert len(ids) == 19
    for row in data["metrics"]:
        assert list(row["plans"]) == plan_ids
        assert sum(bool(cells) for cells in row["plans"].values()) >= 2
    index = next(m for m in data["metrics"] if m["metric"]["id"] == MFG_INDEX)
    assert [(c["kind"], c["value"]) for c in index["plans"]["zhejiang"]] == [
        ("baseline", 93.07),
        ("target", 93),
    ]
    assert index["plans"]["hebei"] == []


def test_the_matrix_for_two_plans(run: Run) -> None:
    data = cli_json(run, "compare", "--plans", "jiangsu,重慶", "--format", "json")
    assert data["plans"] == ["jiangsu", "chongqing"]
    assert [m["metric"]["id"] for m in data["metrics"]] == [
        *MATRIX_HEAD[:3],
        "consumer_goods_pass_rate",
        "mfg_product_pass_rate",
        "public_service_satisfaction",
    ]
    markdown = ok(run, "compare", "--plans", "jiangsu,重慶", "--format", "markdown")
    assert markdown.splitlines()[:3] == [
        "| Metric | 江苏省 (province) | 重庆市 (province) |",
        "|---|---|---|",
        "| 农产品质量安全例行监测合格率 | ≥ 98% (2025) (met) | ≥ 98.3% (2027) |",
    ]
    assert "| 公共服务质量满意度 | ≥ 82 分 (2025) (met) | = 82 分 (2027) |" in markdown.splitlines()
    assert len(markdown.splitlines()) == 2 + 6


def test_the_matrix_as_csv(run: Run) -> None:
    lines = ok(run, "compare", "--format", "csv", "--plans", SEEDS).splitlines()
    assert lines[0] == "metric,name,chongqing,hebei,jiangsu,national,sichuan,zhejiang"
    assert (
        "mfg_quality_competitiveness_index,制造业质量竞争力指数,≥ 92 (2027),,= 88 (2025),"
        "= 86 (2025),≥ 88 (2027),now 93.07; ≥ 93 (2030) (met)"
    ) in lines
    assert len(lines) == 1 + 19


def test_the_matrix_weighs_targets_for_other_years_by_their_paces(run: Run) -> None:
    # As of mid-2024: the nation stood at 84.42 (2023) of its 86 (2025), 97.8% (2023) of
    # its ≥ 98% (2025); 四川's ≥ 99% (2027) was met by its 99.2% (2019); 重庆 has no actual.
    args = ("compare", "-p", "national,四川,重庆", "--as-of", "2024-06-01")
    data = cli_json(run, *args, "-f", "json")
    cells = {m["metric"]["id"]: m["plans"] for m in data["metrics"]}
    [national_agri] = cells["agri_monitoring_pass_rate"]["national"]
    assert (national_agri["headroom"]["status"], national_agri["headroom"]["pace"]) == (
        "to_go",
        0.2,
    )
    [sichuan_agri] = cells["agri_monitoring_pass_rate"]["sichuan"]
    assert sichuan_agri["headroom"]["status"] == "met"
    [chongqing_agri] = cells["agri_monitoring_pass_rate"]["chongqing"]
    assert chongqing_agri["headroom"]["status"] == "no_actual"
    table = ok(run, *args)
    assert "+0.2 pp/yr" in table and "+0.79/yr" in table
    assert "/yr = the pace a year a target asks" in " ".join(table.split())
    markdown = ok(run, *args, "-f", "markdown").splitlines()
    assert (
        "| 农产品质量安全例行监测合格率 | ≥ 98% (2025) (+0.2 pp/yr) | ≥ 99% (2027) (met) "
        "| ≥ 98.3% (2027) |"
    ) in markdown


def test_one_metric_as_csv_and_markdown(run: Run) -> None:
    csv_lines = ok(run, "compare", "-m", MFG_INDEX, "-f", "csv", "-p", SEEDS).splitlines()
    assert csv_lines[0] == (
        "metric_id,plan,region,level,status,kind,comparator,value,unit,unit_text,year,"
        "base_year,scope,hedge,basis,caveats,cascade,flagged,headroom,metric,quote"
    )
    index = "mfg_quality_competitiveness_index"
    assert csv_lines[1].startswith(
        f"{index},zhejiang,浙江省,province,figure,target,ge,93,index,,2030,,,,"
    )
    assert csv_lines[-1] == f"{index},hebei,河北省,province,not_mentioned,,,,,,,,,,,,,,,,"
    markdown = ok(run, "compare", "-m", MFG_INDEX, "-f", "markdown", "-p", SEEDS).splitlines()
    assert markdown[0] == "## 制造业质量竞争力指数 (Manufacturing quality competitiveness index)"
    sichuan = (
        "| 四川省 | province | target | ≥ 88 | 2027 |  |  | 全国 = 86 for 2025 "
        "| latest actual 80.86 (2006); measured in 2006, over 5 years before the plan: it says "
        "where the region stood then, not how far it has come | `█████████▌` |"
    )
    assert sichuan in markdown
    assert "- 河北省 (hebei): does not mention it" in markdown


def test_markdown_notes_are_not_table_rows(run: Run) -> None:
    lines = ok(run, "compare", "-m", MFG_INDEX, "-f", "markdown", "-p", SEEDS).splitlines()
    note = lines.index(
        "_target years differ (2025, 2027, 2030): a later year gives more time; "
        "bars from 0 to 93.07_"
    )
    assert lines[note - 1] == ""


# --- normalisation ---------------------------------------------------------------------------

RULES = load_rules(DATA / "vocabulary.yaml")
VOCABULARY_RULES = [
    pytest.param(rule, vocabulary, id=f"{group}-{rule.phrase}")
    for group, vocabulary in (("traditional", Vocabulary.mainland), ("taiwan", Vocabulary.taiwan))
    for rule in getattr(RULES, group)
]


@pytest.mark.parametrize(("rule", "vocabulary"), VOCABULARY_RULES)
def test_every_vocabulary_rule_has_examples_that_hold(
    ws: Workspace, rule: Any, vocabulary: Vocabulary
) -> None:
    assert rule.examples
    for text, expected in rule.examples:
        assert ws.normalizer.normalize(text, Script.traditional, vocabulary) == expected


def test_there_are_rules_of_both_kinds() -> None:
    assert RULES.traditional and RULES.taiwan


@pytest.mark.parametrize(
    ("text", "script", "vocabulary", "expected"),
    [
        ("首席质量官制度覆盖率", Script.simplified, Vocabulary.mainland, "首席质量官制度覆盖率"),
        ("智慧監管", Script.traditional, Vocabulary.mainland, "智慧监管"),
        ("智慧監管", Script.traditional, Vocabulary.taiwan, "智慧监管"),
        ("智慧製造", Script.traditional, Vocabulary.mainland, "智慧制造"),
        ("智慧製造", Script.traditional, Vocabulary.taiwan, "智能制造"),
        ("農産品品質安全", Script.traditional, Vocabulary.taiwan, "农产品质量安全"),
        (
            "全國優勢農業特色産業集群",
            Script.traditional,
            Vocabulary.mainland,
            "全国优势农业特色产业集群",
        ),
        ("首席品質官", Script.traditional, Vocabulary.mainland, "首席品质官"),
    ],
)
def test_normalize(
    ws: Workspace, text: str, script: Script, vocabulary: Vocabulary, expected: str
) -> None:
    assert ws.normalizer.normalize(text, script, vocabulary) == expected


def test_simplified_text_passes_through_unchanged(ws: Workspace) -> None:
    for plan in (ws.plans.get("sichuan"), ws.plans.get("zhejiang")):
        for task in plan.tasks:
            assert ws.normalizer.normalize(task.text, plan.script, plan.vocabulary) is task.text


@pytest.mark.parametrize(
    ("query", "readings"),
    [
        ("首席品質官", ["首席品质官", "首席质量官"]),
        ("智慧監管", ["智慧监管"]),
        ("首席质量官", ["首席质量官"]),
        ("製造業質量競爭力指數", ["制造业质量竞争力指数"]),
    ],
)
def test_readings_of_a_query(ws: Workspace, query: str, readings: list[str]) -> None:
    assert ws.normalizer.readings(query) == readings


# --- a plan rewritten in traditional script with Taiwan vocabulary ------------------------------

ROUND_TRIP_METRICS = [
    "制造业质量竞争力指数",
    "首席质量官覆盖率",
    "食品抽检合格率",
    "公共服务质量满意度",
    "农产品质量安全例行监测合格率",
]
ROUND_TRIP_PLANS = ["hebei", "jiangsu", "national", "sichuan", "zhejiang"]
AS_WRITTEN = {"metric", "quote", "unit_text"}  # the source's own characters, shown unconverted


def to_taiwan(ws: Workspace, data_dir: Path, plan_id: str) -> None:
    """Rewrite a plan file as a Taiwan-vocabulary source would read (Chongqing's style)."""
    plan = ws.plans.get(plan_id)
    to_tw = opencc.OpenCC("s2twp")

    def convert(text: str) -> str:
        simplified = ws.normalizer.normalize(text, plan.script, plan.vocabulary)
        return str(to_tw.convert(simplified)).replace("質量", "品質")

    path = data_dir / "plans" / f"{plan_id}.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc["title"] = convert(doc["title"])
    fields = {
        "targets": ("metric", "scope", "quote", "unit_text"),
        "tasks": ("section", "title", "text"),
        "exclusions": ("match",),
    }
    for key, names in fields.items():
        for item in doc.get(key, []):
            for name in names:
                if item.get(name):
                    item[name] = convert(item[name])
    doc["script"], doc["vocabulary"] = "traditional", "taiwan"
    doc["source"].pop("file", None)
    doc["source"]["unavailable_reason"] = "converted to Taiwan vocabulary by a test"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")


def without_as_written(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: without_as_written(v) for k, v in data.items() if k not in AS_WRITTEN}
    if isinstance(data, list):
        return [without_as_written(v) for v in data]
    return data


@pytest.fixture(scope="module")
def taiwan_copy(ws: Workspace, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("taiwan") / "data"
    shutil.copytree(DATA, target)
    for plan_id in ROUND_TRIP_PLANS:
        to_taiwan(ws, target, plan_id)
    return target


@pytest.fixture
def own_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """The converted copy is used instead of the shipped data, not layered over it."""
    monkeypatch.setenv("QUALPOLICY_OWN_ONLY", "1")


def test_the_converted_copy_is_taiwan_text_and_validates(
    taiwan_copy: Path, run: Run, own_only: None
) -> None:
    jiangsu = Workspace(taiwan_copy).plans.get("jiangsu")
    assert (jiangsu.script, jiangsu.vocabulary) == (Script.traditional, Vocabulary.taiwan)
    assert jiangsu.targets[8].metric == "製造業品質競爭力指數"
    result = run("validate", "--data-dir", str(taiwan_copy), "--quiet")
    assert result.exit_code == 0, explain(result)


@pytest.mark.parametrize("metric_name", ROUND_TRIP_METRICS)
def test_a_taiwan_rewrite_compares_as_the_original(
    run: Run, taiwan_copy: Path, metric_name: str
) -> None:
    shipped = compare_json(run, metric_name)
    converted = compare_json(run, metric_name, "--own-only", "--data-dir", str(taiwan_copy))
    assert without_as_written(converted) == without_as_written(shipped)
    assert [r.get("metric") for r in converted["rows"]] != [
        r.get("metric") for r in shipped["rows"]
    ]
    # Markdown without --quotes shows no as-written field: identical.
    markdown = ("compare", "--metric", metric_name, "--format", "markdown")
    assert ok(run, "--own-only", *markdown, "--data-dir", str(taiwan_copy)) == ok(run, *markdown)


def test_every_metric_survives_the_taiwan_rewrite(ws: Workspace, taiwan_copy: Path) -> None:
    converted = Workspace(taiwan_copy, own_only=True)

    def outcome(w: Workspace, metric_id: str) -> Any:
        cmp = compare_metric(w.catalogue.by_id[metric_id], w.plans.plans, w.aligner)
        return without_as_written(json.loads(render.as_json(cmp)))

    broken = [m.id for m in ws.catalogue.metrics if outcome(ws, m.id) != outcome(converted, m.id)]
    assert broken == []


# --- ambition when lower is better ------------------------------------------------------------


def energy_cut(plan_id: str, percent: float) -> Plan:
    cut = target("单位地区生产总值能源消耗", percent, change=Change.decrease, base_year=2020)
    return small_plan(cut, plan_id=plan_id)


def test_a_lower_is_better_level_sorts_lowest_first(ws: Workspace) -> None:
    plans = [
        small_plan(target("碳排放强度", 0.6, unit=Unit.index), plan_id="alpha"),
        small_plan(target("碳排放强度", 0.5, unit=Unit.index), plan_id="beta"),
    ]
    cmp = compare_metric(ws.catalogue.by_id["carbon_intensity"], plans, ws.aligner)
    assert [r.plan.id for g in cmp.groups for r in g.rows] == ["beta", "alpha"]


def test_the_deeper_cut_of_a_lower_is_better_metric_sorts_first(ws: Workspace) -> None:
    plans = [energy_cut("alpha", 14), energy_cut("beta", 18)]
    cmp = compare_metric(ws.catalogue.by_id["energy_per_gdp"], plans, ws.aligner)
    assert [r.plan.id for g in cmp.groups for r in g.rows] == ["beta", "alpha"]


def test_trends_are_worded_for_people(run: Run) -> None:
    out = ok(run, "compare", "--metric", "fertiliser_use")
    assert "河北省 (hebei): names it without a number (zero growth)" in out
    assert "zero_growth" not in out
