"""Alignment beyond the catalogue's aliases: similarity, suggestions, possible figures,
a curator's layered data, the checks that catch mis-encoding, and the model's new forms."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from qualpolicy.analysis.compare import compare_metric
from qualpolicy.models import Change, Hedge, Level, Unit
from qualpolicy.workspace import Workspace

from .helpers import Run, cli_json, explain, ok, python, small_plan, target


def squash(text: str) -> str:
    """Text without white space, so wrapped table cells read as one string."""
    return "".join(text.split())


def plan_yaml(plan_id: str, *entries: dict[str, Any], **header: Any) -> dict[str, Any]:
    """A web-read style plan (no source text) with ``entries`` as targets."""
    data: dict[str, Any] = {
        "id": plan_id,
        "region": "测试省",
        "level": "province",
        "title": "测试省质量强省建设实施方案",
        "issuer": "测试省人民政府",
        "source": {"unavailable_reason": "made up by a test"},
        "script": "simplified",
        "horizon": [2025],
        "targets": list(entries),
    }
    return {**data, **header}


def entry(metric: str, value: float, quote: str | None = None, **more: Any) -> dict[str, Any]:
    return {
        "metric": metric,
        "value": value,
        "comparator": "ge",
        "unit": "percent",
        "year": 2025,
        "quote": quote or f"{metric}达到{value:g}%以上",
        **more,
    }


def write(root: Path, *plans: dict[str, Any], metrics: dict[str, Any] | None = None) -> Path:
    (root / "plans").mkdir(parents=True, exist_ok=True)
    for plan in plans:
        text = yaml.safe_dump(plan, allow_unicode=True, sort_keys=False)
        (root / "plans" / f"{plan['id']}.yaml").write_text(text, encoding="utf-8")
    if metrics is not None:
        text = yaml.safe_dump(metrics, allow_unicode=True, sort_keys=False)
        (root / "metrics.yaml").write_text(text, encoding="utf-8")
    return root


def findings(run: Run, *args: str) -> list[dict[str, Any]]:
    result = run("validate", "--format", "json", *args)
    assert "Traceback" not in result.stdout + result.stderr, explain(result)
    return list(json.loads(result.stdout))


# --- the similarity tier ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("wording", "metric", "differs"),
    [
        ("食品监督抽检合格率", "food_sampling_pass_rate", "监督"),
        ("主要农产品质量安全例行监测合格率", "agri_monitoring_pass_rate", "主要"),
        ("生活性服务业质量总体满意度", "consumer_service_satisfaction", "总体"),
        ("国家质检中心数量", "national_inspection_centres", "数量"),
    ],
)
def test_a_wording_differing_only_in_neutral_qualifiers_aligns_by_similarity(
    ws: Workspace, wording: str, metric: str, differs: str
) -> None:
    match = ws.aligner.match(wording)
    assert (match.metric_id, match.rule, match.confidence) == (metric, "similarity", 0.7)
    assert match.detail.endswith(f"differs only in {differs}")


@pytest.mark.parametrize(
    ("wording", "why"),
    [
        ("食品抽检问题处置率", None),  # another measure head
        ("食品药品抽检合格率", "two subjects joined (食品、药品)"),
        ("工程质量抽查符合率提升", "a change or growth in the wording (提升)"),
        ("新增首席质量官", "new ones only in the wording (新增)"),
        ("公众服务质量满意度", None),  # 公众 is no neutral qualifier
    ],
)
def test_blocking_signs_always_win(ws: Workspace, wording: str, why: str | None) -> None:
    match = ws.aligner.match(wording)
    assert match.metric_id is None and match.rule in ("unmatched", "deliberately-unmatched")
    if why:
        assert why in match.detail


def test_an_entry_whose_fields_record_the_basis_may_align(ws: Workspace) -> None:
    from qualpolicy.analysis.similarity import Flags

    assert ws.aligner.match("新增国家质检中心", Flags(new_only=True)).metric_id == (
        "national_inspection_centres"
    )
    assert ws.aligner.match("新增国家质检中心").metric_id is None


def test_a_not_this_label_keeps_its_look_alike_out(ws: Workspace) -> None:
    """公共服务质量满意度 is a not-this label of 服务质量满意度: 公共服务质量总体满意度
    must never land there, even though 服务质量满意度 is one word shorter."""
    assert ws.aligner.match("公共服务质量总体满意度").metric_id == "public_service_satisfaction"


# --- suggestions ------------------------------------------------------------------------------


def test_suggestions_rank_the_right_metric_first_with_a_reason(ws: Workspace) -> None:
    [best, *_] = ws.aligner.suggest("研发经费投入占生产总值比重")
    assert best.metric == "rd_intensity"
    assert "研发、投入" in best.why and "measure 比重 vs 比例" in best.why
    [best, *_] = ws.aligner.suggest("农产品质量安全例行抽检合格率")
    assert best.metric == "agri_monitoring_pass_rate"
    assert best.why.startswith("same subject 农产品 and measure 合格率")
    assert 0 < best.score <= 1


def unknown_plan() -> dict[str, Any]:
    return plan_yaml(
        "myprovince",
        entry("重点食品安全抽检合格率", 98.5),
        entry("食品监督抽检合格率", 99),
        region="我的省",
    )


def test_metrics_unmatched_lists_suggestions_and_alias_lines(run: Run, tmp_path: Path) -> None:
    data = write(tmp_path / "mine", unknown_plan())
    result = run("metrics", "--unmatched", "--data-dir", str(data), env={"COLUMNS": "250"})
    assert result.exit_code == 1, explain(result)  # an entry no rule maps
    out = squash(result.stdout)
    assert "重点食品安全抽检合格率" in out
    assert "1.食品抽检合格率food_sampling_pass_rate" in out
    assert "extend:[{id:food_sampling_pass_rate,aliases:[重点食品安全抽检合格率]}]" in out
    data_json = json.loads(run("metrics", "--unmatched", "--json", "--data-dir", str(data)).stdout)
    [row] = data_json["unmatched"]
    first = row["suggestions"][0]
    assert set(first) == {"metric", "name", "score", "why"}
    assert first["metric"] == "food_sampling_pass_rate"
    scores = [s["score"] for s in row["suggestions"]]
    assert scores == sorted(scores, reverse=True)
    [similar] = data_json["aligned_by_similarity"]
    assert similar["match"]["rule"] == "similarity" and similar["match"]["confidence"] == 0.7


def test_validate_warns_located_with_the_suggestions(run: Run, tmp_path: Path) -> None:
    data = write(tmp_path / "mine", unknown_plan())
    found = findings(run, "--data-dir", str(data), str(data / "plans" / "myprovince.yaml"))
    by_code = {f["code"]: f for f in found}
    warning = by_code["unmatched-metric"]
    assert (warning["severity"], warning["path"]) == ("warning", "targets[0].metric")
    assert warning["line"] > 1 and "food_sampling_pass_rate" in warning["hint"]
    assert "extend: [{id: food_sampling_pass_rate" in warning["hint"]
    assert by_code["aligned-by-similarity"]["severity"] == "info"
    strict = run("validate", "--strict", "--data-dir", str(data))
    assert strict.exit_code == 1, explain(strict)
    assert run("validate", "--data-dir", str(data)).exit_code == 0


def test_the_shipped_catalogue_gets_an_aliases_line(run: Run, tmp_path: Path) -> None:
    """Without a curator's layer the alias goes on the metric's own aliases line."""
    from qualpolicy.checks.curation import alias_edit

    edit = alias_edit(Workspace(), "food_sampling_pass_rate", "重点食品安全抽检合格率")
    assert edit.file.endswith("metrics.yaml") and edit.line
    assert (
        edit.text == "aliases: [食品抽查合格率, 食品安全评价性抽检合格率, 食品安全抽检合格率, "
        "食品安全评价性抽检总体合格率, 食品评价性抽检合格率, 食品安全抽检总体合格率, "
        "食品抽检总体合格率, 重点食品安全抽检合格率]"
    )
    line = (Path(edit.file).read_text(encoding="utf-8").splitlines())[edit.line - 1]
    assert line.strip().startswith("aliases: [食品抽查合格率")


# --- never a false "does not mention it" ------------------------------------------------------


def test_compare_lists_a_similar_figure_with_its_caveat(run: Run, tmp_path: Path) -> None:
    data = write(tmp_path / "mine", plan_yaml("testland", entry("食品监督抽检合格率", 98.5)))
    out = ok(run, "compare", "--metric", "食品抽检合格率", "--data-dir", str(data))
    assert squash("aligned by similarity to 食品抽检合格率 (0.7): confirm with an alias") in squash(
        out
    )
    rows = cli_json(run, "compare", "-m", "食品抽检合格率", "-f", "json", "--data-dir", str(data))
    [mine] = [r for r in rows["rows"] if r["plan"] == "testland"]
    assert mine["value"] == 98.5 and mine["match"]["rule"] == "similarity"
    assert mine["match"]["confidence"] == 0.7


def test_exact_leaves_similarity_out_but_never_says_not_mentioned(run: Run, tmp_path: Path) -> None:
    data = write(tmp_path / "mine", plan_yaml("testland", entry("食品监督抽检合格率", 98.5)))
    args = ("compare", "-m", "食品抽检合格率", "--exact", "--data-dir", str(data))
    out = ok(run, *args)
    assert "测试省 (testland): possibly:" in out
    assert squash(
        "possibly: 食品监督抽检合格率 ≥ 98.5% (2025) (not aligned; confirm with an alias)"
    ) in squash(out)
    rows = cli_json(run, *args, "-f", "json")["rows"]
    [mine] = [r for r in rows if r["plan"] == "testland"]
    assert mine["status"] == "possibly"


def test_an_unmatched_but_suggested_entry_is_possibly(ws: Workspace) -> None:
    plan = small_plan(target("重点食品安全抽检合格率", 98.5))
    result = compare_metric(ws.catalogue.by_id["food_sampling_pass_rate"], [plan], ws.aligner)
    [absent] = result.no_figure
    assert (
        absent.status == "possibly" and absent.possibly[0].metric_text == "重点食品安全抽检合格率"
    )


# --- a curator's data beside the shipped data -------------------------------------------------


def test_a_layered_plan_diffs_against_a_shipped_one(run: Run, tmp_path: Path) -> None:
    data = write(
        tmp_path / "mine",
        plan_yaml(
            "myprovince",
            entry("制造业产品质量合格率", 96),
            entry("重点食品安全抽检合格率", 98.5),
            region="我的省",
        ),
        metrics={
            "extend": [{"id": "food_sampling_pass_rate", "aliases": ["重点食品安全抽检合格率"]}]
        },
    )
    out = ok(run, "diff", "myprovince", "江苏", "--no-themes", "--data-dir", str(data))
    assert "制造业产品质量合格率" in out and "食品抽检合格率" in out
    # the alias the layer adds aligns the wording exactly
    rows = cli_json(run, "compare", "-m", "食品抽检合格率", "-f", "json", "--data-dir", str(data))
    [mine] = [r for r in rows["rows"] if r["plan"] == "myprovince"]
    assert mine["match"]["rule"] == "alias"
    assert run("validate", "--strict", "--data-dir", str(data)).exit_code == 0


def test_several_data_dirs_layer_in_order(run: Run, tmp_path: Path) -> None:
    one = write(tmp_path / "one", plan_yaml("alpha", entry("制造业产品质量合格率", 96)))
    two = write(tmp_path / "two", plan_yaml("beta", entry("制造业产品质量合格率", 97)))
    out = ok(
        run, "compare", "-m", "制造业产品质量合格率", "--data-dir", str(one), "--data-dir", str(two)
    )
    # two documents of one region shown together are told apart by their ids
    assert "测试 (alpha)" in out and "测试 (beta)" in out and "江苏" in out


def test_the_environment_holds_a_path_list(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    one = write(tmp_path / "one", plan_yaml("alpha", entry("制造业产品质量合格率", 96)))
    two = write(tmp_path / "two", plan_yaml("beta", entry("制造业产品质量合格率", 97)))
    monkeypatch.setenv("QUALPOLICY_DATA", f"{one}{os.pathsep}{two}")
    assert {"alpha", "beta", "jiangsu"} <= {p.id for p in Workspace().plans}


def test_the_same_plan_id_twice_names_both_files(run: Run, tmp_path: Path) -> None:
    data = write(tmp_path / "mine", plan_yaml("jiangsu", entry("制造业产品质量合格率", 96)))
    result = run("compare", "-m", "制造业产品质量合格率", "--data-dir", str(data))
    assert result.exit_code == 1, explain(result)
    assert "two plans with the id jiangsu" in result.stderr
    assert str(data / "plans" / "jiangsu.yaml") in result.stderr
    assert "data/plans/jiangsu.yaml" in result.stderr


def test_own_only_leaves_the_shipped_plans_out(run: Run, tmp_path: Path) -> None:
    data = write(tmp_path / "mine", plan_yaml("alpha", entry("制造业产品质量合格率", 96)))
    rows = cli_json(
        run,
        "--own-only",
        "compare",
        "-m",
        "制造业产品质量合格率",
        "-f",
        "json",
        "--data-dir",
        str(data),
    )["plans"]
    assert rows == ["alpha"]


def test_a_layer_extending_an_unknown_metric_is_located(run: Run, tmp_path: Path) -> None:
    data = write(
        tmp_path / "mine", metrics={"extend": [{"id": "no_such_metric", "aliases": ["x"]}]}
    )
    [finding] = [f for f in findings(run, "--data-dir", str(data)) if f["severity"] == "error"]
    assert finding["code"] == "unknown-metric" and finding["path"] == "extend[0].id"
    data = write(
        tmp_path / "two",
        metrics={"extend": [{"id": "rd_intensity", "aliases": ["食品抽查合格率"]}]},
    )
    [finding] = [f for f in findings(run, "--data-dir", str(data)) if f["severity"] == "error"]
    assert finding["code"] == "alias-claimed-twice"
    assert "food_sampling_pass_rate and rd_intensity" in finding["message"]


# --- checks that catch mis-encoding -----------------------------------------------------------


def test_change_words_without_change_fields_warn(run: Run, tmp_path: Path) -> None:
    bad = entry("工程质量抽查符合率提升", 2, quote="工程质量抽查符合率提升2个百分点")
    data = write(tmp_path / "mine", plan_yaml("testland", bad))
    codes = {f["code"] for f in findings(run, "--data-dir", str(data))}
    assert "basis-in-wording" in codes


def test_two_metrics_under_one_figure_warn_unless_combined(run: Run, tmp_path: Path) -> None:
    joined = entry("食品药品抽检合格率", 98)
    data = write(tmp_path / "mine", plan_yaml("testland", joined))
    assert "joined-metrics" in {f["code"] for f in findings(run, "--data-dir", str(data))}
    data = write(tmp_path / "two", plan_yaml("testland", {**joined, "combined": True}))
    assert "joined-metrics" not in {f["code"] for f in findings(run, "--data-dir", str(data))}


def test_a_value_missing_from_its_quote_is_an_error(run: Run, tmp_path: Path) -> None:
    wrong = entry("制造业产品质量合格率", 97, quote="制造业产品质量合格率达到96%以上")
    data = write(tmp_path / "mine", plan_yaml("testland", wrong))
    [error] = [f for f in findings(run, "--data-dir", str(data)) if f["severity"] == "error"]
    assert (error["code"], error["path"]) == ("value-not-in-quote", "targets[0].value")
    for value, quote in ((240000, "专利24万余件"), (3, "进入全国前三"), (2, "提高两个百分点")):
        fine = entry("x", value, quote=quote, unit="count")
        data = write(tmp_path / f"ok{value}", plan_yaml("testland", fine))
        assert "value-not-in-quote" not in {
            f["code"] for f in findings(run, "--data-dir", str(data))
        }


# --- the model's new forms --------------------------------------------------------------------


def test_new_units_levels_and_growth_forms_validate(run: Run, tmp_path: Path) -> None:
    province = plan_yaml(
        "testland",
        entry(
            "研发投入强度",
            2,
            unit="percentage_points",
            change="increase",
            quote="研发投入强度提高2个百分点",
        ),
        entry(
            "数字经济核心产业增加值",
            15,
            change="increase",
            per_year=True,
            quote="数字经济核心产业增加值年均增长15%",
        ),
        entry(
            "食品抽检量", 1.5, unit="other", unit_text="批次/千人", quote="食品抽检量1.5批次/千人"
        ),
    )
    city = plan_yaml(
        "testcity",
        entry(
            "制造业产品质量合格率", 96, hedge="力爭", quote="力爭制造業產品質量合格率達到96%以上"
        ),
        level="prefecture",
        parent="testland",
        region="测试市",
        script="traditional",
    )
    data = write(tmp_path / "mine", province, city)
    errors = [f for f in findings(run, "--data-dir", str(data)) if f["severity"] == "error"]
    assert [(f["code"], f["message"]) for f in errors] == []
    ws = Workspace(data)
    land, town = ws.plans.get("testland"), ws.plans.get("testcity")
    assert [t.unit for t in land.targets] == [Unit.percentage_points, Unit.percent, Unit.other]
    assert land.targets[1].change is Change.increase and land.targets[1].base_year is None
    assert (town.level, town.parent) == (Level.prefecture, "testland")
    assert town.targets[0].hedge is Hedge.lizheng  # read, and shown, as 力争
    shown = ok(run, "show", "testcity", "--data-dir", str(data))
    assert "力争" in shown and "力爭" not in shown
    rows = cli_json(run, "compare", "-m", "研发投入强度", "-f", "json", "--data-dir", str(data))
    [mine] = [r for r in rows["rows"] if r["plan"] == "testland"]
    assert "increase from a base the plan does not state, not a level" in mine["caveats"]


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"level": "prefecture"}, "parent-missing"),
        ({"parent": "jiangsu"}, "parent-above-province"),
        ({"targets": [entry("x", 2, unit="other")]}, "other-unit-needs-text"),
        ({"targets": [entry("x", 2, unit="percentage_points")]}, "points-need-change"),
        (
            {"targets": [entry("x", 2, change="increase", quote="x较2020年提高2%")]},
            "change-needs-base",
        ),
    ],
)
def test_the_new_forms_are_checked(
    run: Run, tmp_path: Path, change: dict[str, Any], code: str
) -> None:
    data = write(tmp_path / "mine", {**plan_yaml("testland", entry("x", 2)), **change})
    codes = {f["code"] for f in findings(run, "--data-dir", str(data)) if f["severity"] == "error"}
    assert code in codes


# --- speed: warm commands never start jieba ---------------------------------------------------

WARM = """
import sys
from qualpolicy.cli import main
sys.argv = ["qualpolicy", "compare", "-m", "食品抽检合格率", "--data-dir", sys.argv[1]]
try:
    main()
except SystemExit:
    pass
print("jieba" in sys.modules, file=sys.stderr)
"""


def test_a_warm_compare_does_not_load_jieba(tmp_path: Path) -> None:
    data = write(tmp_path / "mine", unknown_plan())
    cache = tmp_path / "cache"
    cold = python(WARM, cache, str(data))
    warm = python(WARM, cache, str(data))
    assert cold.stderr.strip().endswith("True")  # suggestions were computed once
    assert warm.stderr.strip().endswith("False"), warm.stderr
    assert "possibly: 重点食品安全抽检合格率" in warm.stdout
