"""Data-driven tests over every shipped plan: counts, provenance, exact figures.

The counts are pinned so that a lost (or duplicated) entry is noticed; when a
curator adds one on purpose, the count here changes in the same commit.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from qualpolicy.checks.validate import Validator
from qualpolicy.loading.audit import audit
from qualpolicy.loading.datadir import plan_id, plan_paths
from qualpolicy.loading.sources import plan_source
from qualpolicy.models import Comparator, Kind, Plan, Script, Unit, Vocabulary
from qualpolicy.workspace import Workspace

from .conftest import DATA

# plan id: (targets, baselines, directions, tasks, exclusions)
COUNTS = {
    "anhui": (0, 0, 3, 0, 1),
    "anhui_action_2024": (12, 0, 0, 0, 1),
    "beijing": (3, 0, 1, 0, 0),
    "beijing_dongcheng": (2, 0, 0, 0, 0),
    "bingtuan": (3, 0, 2, 0, 0),
    "chongqing": (19, 0, 1, 34, 1),
    "fujian": (0, 0, 1, 0, 1),
    "gansu_action_2023": (4, 0, 1, 0, 0),
    "guangdong": (4, 0, 2, 0, 0),
    "hainan_2018": (0, 0, 0, 0, 0),
    "hebei": (2, 0, 4, 35, 1),
    "henan": (1, 0, 1, 0, 0),
    "hunan": (3, 0, 4, 0, 0),
    "jiangsu": (20, 0, 4, 32, 2),
    "jilin_2018": (0, 0, 0, 0, 0),
    "jingmen": (5, 0, 0, 0, 4),
    "jingzhou": (9, 0, 1, 0, 0),
    "jinhua": (18, 0, 0, 1, 2),
    "lanzhou_2016": (10, 0, 1, 0, 0),
    "liaoning": (0, 0, 1, 0, 0),
    "liaoning_2019": (13, 0, 0, 4, 0),
    "meizhou": (4, 0, 2, 0, 0),
    "nanjing": (6, 0, 0, 0, 0),
    "national": (4, 0, 5, 0, 0),
    "neimenggu": (1, 0, 1, 0, 0),
    "ningxia_2018": (4, 0, 0, 0, 0),
    "qingdao": (3, 0, 2, 0, 1),
    "quanzhou": (6, 0, 0, 0, 0),
    "shaanxi": (0, 0, 0, 1, 3),
    "shaanxi_action_2023": (4, 0, 1, 0, 0),
    "shandong": (4, 0, 0, 0, 0),
    "shandong_2018": (16, 0, 0, 0, 3),
    "shanghai": (9, 0, 2, 0, 0),
    "shanghai_2018": (1, 0, 0, 0, 0),
    "shanghai_action_2023": (4, 0, 1, 0, 0),
    "shanxi_2018": (0, 0, 0, 0, 0),
    "sichuan": (9, 0, 3, 31, 3),
    "taiyuan": (6, 0, 0, 0, 0),
    "tianjin": (0, 0, 0, 0, 1),
    "wuhan": (5, 0, 2, 0, 0),
    "xiamen": (10, 0, 0, 2, 0),
    "xian": (6, 0, 0, 0, 0),
    "xinjiang": (4, 0, 4, 0, 0),
    "yancheng": (5, 0, 0, 0, 0),
    "yangzhou": (5, 0, 1, 0, 0),
    "yunnan_2016": (4, 7, 1, 0, 0),
    "zaozhuang": (1, 0, 0, 0, 1),
    "zhejiang": (33, 44, 3, 46, 17),
    "zhengzhou_2017": (2, 0, 0, 0, 0),
    "zhengzhou_2024": (6, 3, 0, 0, 2),
}
PLAN_IDS = sorted(COUNTS)
# Plans whose source text ships (the five seed documents); the others were read from
# public web pages and keep only short quoted clauses.
SOURCED = ["chongqing", "hebei", "jiangsu", "sichuan", "zhejiang"]
WEB_READ = [p for p in PLAN_IDS if p not in SOURCED and p != "national"]


def test_every_plan_file_is_counted() -> None:
    assert sorted(plan_id(p) for p in plan_paths(DATA / "plans")) == PLAN_IDS


@pytest.mark.parametrize("plan_id", PLAN_IDS)
def test_counts(ws: Workspace, plan_id: str) -> None:
    plan = ws.plans.get(plan_id)
    kinds = Counter(t.kind for t in plan.targets)
    found = (
        kinds[Kind.target],
        kinds[Kind.baseline],
        kinds[Kind.direction],
        len(plan.tasks),
        len(plan.exclusions),
    )
    assert found == COUNTS[plan_id]


def test_shipped_data_validates_without_findings(ws: Workspace) -> None:
    report = Validator(ws).validate(ws.layers)
    problems = [f for f in report.findings if f.severity.value != "info"]
    assert problems == []
    # The only notes: plans without a source text (the national outline, and the plans
    # read from web pages) say so, and why.
    notes = sorted((f.file.rsplit("/", 1)[-1], f.code) for f in report.findings)
    assert notes == sorted((f"{p}.yaml", "no-source-text") for p in [*WEB_READ, "national"])


@pytest.mark.parametrize("plan_id", SOURCED)
def test_every_quote_is_in_the_source(ws: Workspace, plan_id: str) -> None:
    plan = ws.plans.get(plan_id)
    source = plan_source(plan, ws.plans.path(plan.id), ws.normalizer)
    assert source is not None

    def present(text: str) -> bool:
        from qualpolicy.text.normalize import fold

        return fold(ws.normalizer.normalize(text, plan.script, plan.vocabulary)) in source.folded

    missing = [t.quote for t in plan.targets if not present(t.quote)]
    missing += [t.text for t in plan.tasks if t.text and not present(t.text)]
    missing += [t.title for t in plan.tasks if t.title and not present(t.title)]
    assert missing == []


@pytest.mark.parametrize("plan_id", SOURCED)
def test_audit_accounts_for_every_number(ws: Workspace, plan_id: str) -> None:
    plan = ws.plans.get(plan_id)
    source = plan_source(plan, ws.plans.path(plan.id), ws.normalizer)
    assert source is not None
    result = audit(plan, source, ws.normalizer)
    assert result.numbers > 20
    assert result.unaccounted == []


def test_audit_notices_a_missing_target(data_copy: Any, run: Any) -> None:
    path = data_copy / "plans" / "sichuan.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  - metric: 主导制定国际标准")
    end = text.index("\ntasks:")
    path.write_text(text[:start] + text[end + 1 :], encoding="utf-8")
    result = run("audit", "--plans", "sichuan", "--data-dir", str(data_copy))
    assert result.exit_code == 1
    source = data_copy / "sources" / "sichuan.txt"
    line = next(
        n
        for n, text in enumerate(source.read_text("utf-8").splitlines(), 1)
        if "国际标准5项" in text
    )
    [finding] = result.stdout.splitlines()[:1]
    file, at_line, column, rest = finding.split(":", 3)
    assert (Path(file).resolve(), int(at_line)) == (source.resolve(), line)
    written = source.read_text("utf-8").splitlines()[line - 1]
    assert written[int(column) - 1 :].startswith("5项以上")  # the column of the number itself
    assert rest.startswith(" warning: 5 is in the source but no entry accounts for it")
    assert "主导制定国际标准5项以上" in rest and rest.endswith("[unaccounted-number]")
    assert re.search(r"^sichuan: \d+ numbers in the source, 1 unaccounted$", result.stderr, re.M)
    github = run("audit", "sichuan", "--data-dir", str(data_copy), "-f", "github")  # positional
    assert github.exit_code == 1
    assert github.stdout.startswith(f"::warning file={file},line={line},col={column},")


def test_plan_scripts_follow_the_sources(ws: Workspace) -> None:
    scripts = {p.id: (p.script, p.vocabulary) for p in ws.plans}
    simplified = (Script.simplified, Vocabulary.mainland)
    assert scripts == {
        **{plan_id: simplified for plan_id in PLAN_IDS},
        "chongqing": (Script.traditional, Vocabulary.taiwan),
        "hebei": (Script.traditional, Vocabulary.mainland),
        "jiangsu": (Script.traditional, Vocabulary.mainland),
        "anhui_action_2024": (Script.traditional, Vocabulary.taiwan),  # 品質 for 质量
        **{
            plan_id: (Script.traditional, Vocabulary.mainland)
            for plan_id in ("hunan", "ningxia_2018", "shanghai", "xian", "zhengzhou_2024")
        },
    }


def _one(plan: Plan, metric: str, **where: Any) -> Any:
    rows = [
        t
        for t in plan.targets
        if t.metric == metric and all(getattr(t, k) == v for k, v in where.items())
    ]
    assert len(rows) == 1, [t.metric for t in plan.targets]
    return rows[0]


# (plan, metric as written, filters, expected fields)
FIGURES: list[tuple[str, str, dict[str, Any], dict[str, Any]]] = [
    (
        "sichuan",
        "制造业质量竞争力指数",
        {},
        {"value": 88, "comparator": Comparator.ge, "year": 2027},
    ),
    (
        "sichuan",
        "农产品质量安全例行监测合格率",
        {},
        {"value": 99, "comparator": Comparator.ge, "held": True, "unit": Unit.percent},
    ),
    ("sichuan", "国家级质检中心", {}, {"value": 3, "new_only": True, "comparator": Comparator.ge}),
    (
        "jiangsu",
        "制造業質量競爭力指數",
        {},
        {"value": 88, "comparator": Comparator.eq, "year": 2025},
    ),
    (
        "jiangsu",
        "單位地區生產總值能源消耗",
        {},
        {"value": 14, "base_year": 2020, "year": 2025, "unit": Unit.percent},
    ),
    (
        "jiangsu",
        "首席質量官制度覆蓋率",
        {"scope": "中小微企業"},
        {"value": 80, "comparator": Comparator.ge, "hedge": "力争"},
    ),
    (
        "jiangsu",
        "國家級、省級質檢(計量、產業計量測試)中心",
        {},
        {"value": 49, "cumulative": True, "year": 2025},
    ),
    ("jiangsu", "公共服務質量滿意度", {}, {"value": 82, "unit": Unit.points}),
    (
        "hebei",
        "設立首席質量官",
        {},
        {"value": 100, "implied": True, "scope": "規模以上工業企業", "year": None},
    ),
    ("zhejiang", "制造业质量竞争力指数", {"kind": Kind.baseline}, {"value": 93.07}),
    ("zhejiang", "制造业质量竞争力指数", {"kind": Kind.target}, {"value": 93, "year": 2030}),
    ("zhejiang", "企业首席质量官", {}, {"value": 9500, "comparator": Comparator.gt}),
    ("zhejiang", "企业自我声明公开标准", {}, {"value": 240000, "comparator": Comparator.gt}),
    ("zhejiang", "入围品牌500强企业", {}, {"value": 39, "year": 2023}),
    ("zhejiang", "服务质量满意度", {}, {"value": 91, "unit": Unit.points, "year": 2030}),
    ("chongqing", "製造業品質競爭力指數", {}, {"value": 92, "comparator": Comparator.ge}),
    ("chongqing", "藥品抽檢合格率", {"scope": "生産領域"}, {"value": 99.8}),
    ("chongqing", "藥品抽檢合格率", {"scope": "流通領域"}, {"value": 99.5}),
    ("chongqing", "農産品品質安全例行監測合格率", {}, {"value": 98.3, "year": 2027}),
    ("national", "制造业质量竞争力指数", {}, {"value": 86, "year": 2025}),
    ("national", "制造业产品质量合格率", {}, {"value": 94, "year": 2025}),
    # plans read from web pages
    ("beijing", "制造业质量竞争力指数", {}, {"value": 95, "comparator": Comparator.eq}),
    ("beijing", "食品安全抽检合格率", {}, {"value": 98, "comparator": Comparator.gt}),
    ("neimenggu", "制造业质量竞争力指数", {}, {"value": 82.5, "year": 2025}),
    ("xinjiang", "制造业产品质量合格率", {}, {"value": 94, "comparator": Comparator.eq}),
    ("jinhua", "制造业质量竞争力指数", {"year": 2025}, {"value": 92, "comparator": Comparator.ge}),
    ("jinhua", "制造业质量竞争力指数", {"year": 2027}, {"value": 92.5}),
    ("jinhua", "全员劳动生产率", {"year": 2027}, {"value": 35, "scope": "规上制造业"}),
    ("nanjing", "单位工业增加值能耗", {}, {"value": 18, "base_year": 2020, "year": 2025}),
    ("nanjing", "全社会研发经费支出占地区生产总值比例", {}, {"comparator": Comparator.approx}),
    ("yangzhou", "食品抽查合格率", {}, {"value": 98, "comparator": Comparator.ge}),
    ("yancheng", "公众服务质量满意度", {}, {"value": 82, "held": True, "year": None}),
    ("yancheng", "电子病历系统应用水平", {}, {"value": 4, "unit": Unit.other, "unit_text": "级"}),
    ("xiamen", "制造业质量竞争力指数", {}, {"value": 92.4, "comparator": Comparator.ge}),
    ("xiamen", "国家优质工程奖", {}, {"value": 5, "new_only": True}),
    ("quanzhou", "海洋生产总值", {}, {"value": 3000, "hedge": "力争", "unit_text": "亿元"}),
    ("taiyuan", "制造业质量竞争力指数", {}, {"value": 80, "year": 2025}),
    ("taiyuan", "公共服务质量满意度", {}, {"value": 82, "unit": Unit.points}),
    ("beijing_dongcheng", "首店(旗舰店、创新店)", {}, {"value": 500, "cumulative": True}),
]


@pytest.mark.parametrize(("plan_id", "metric", "where", "expected"), FIGURES)
def test_exact_figures(
    ws: Workspace, plan_id: str, metric: str, where: dict[str, Any], expected: dict[str, Any]
) -> None:
    entry = _one(ws.plans.get(plan_id), metric, **where)
    assert {k: getattr(entry, k) for k in expected} == expected


def test_national_figures_quoted_by_sichuan_are_not_sichuans(ws: Workspace) -> None:
    sichuan = ws.plans.get("sichuan")
    assert 84.9 not in {t.value for t in sichuan.targets}
    assert {e.match for e in sichuan.exclusions} >= {"制造业质量竞争力指数达84.9"}


@pytest.mark.parametrize("plan_id", SOURCED)
def test_task_numbers_run_in_document_order(ws: Workspace, plan_id: str) -> None:
    plan = ws.plans.get(plan_id)
    source = plan_source(plan, ws.plans.path(plan.id), ws.normalizer)
    assert source is not None
    from qualpolicy.text.normalize import fold

    offsets = [
        source.folded.find(fold(ws.normalizer.normalize(t.words, plan.script, plan.vocabulary)))
        for t in plan.tasks
    ]
    assert offsets == sorted(offsets)


@pytest.mark.parametrize(
    ("plan_id", "first", "last"),
    [
        ("jiangsu", "1", "32"),
        ("hebei", "1", "35"),
        ("chongqing", "1", "保障4"),
        ("sichuan", "1.1", "保障3"),
        ("zhejiang", "4.1.1", "5.3.10"),
    ],
)
def test_task_numbering(ws: Workspace, plan_id: str, first: str, last: str) -> None:
    tasks = ws.plans.get(plan_id).tasks
    assert (tasks[0].number, tasks[-1].number) == (first, last)


# Aliases added to the catalogue for the web-read plans, each with the entry it aligns.
ALIASES = [
    ("beijing", "食品安全抽检合格率", "food_sampling_pass_rate"),
    ("xinjiang", "食品安全抽检合格率", "food_sampling_pass_rate"),
    ("taiyuan", "食品安全抽检合格率", "food_sampling_pass_rate"),
    ("taiyuan", "农产品质量安全监测合格率", "agri_monitoring_pass_rate"),
    ("xiamen", "食品安全评价性抽检总体合格率", "food_sampling_pass_rate"),
    ("jinhua", "质量基础设施一站式服务平台", "one_stop_platforms"),
    ("nanjing", "每万人高价值发明专利拥有量", "high_value_patents_per_10k"),
    ("nanjing", "全社会研发经费支出占地区生产总值比例", "rd_intensity"),
]


@pytest.mark.parametrize(("plan_id", "metric", "metric_id"), ALIASES)
def test_added_aliases_align_their_entries(
    ws: Workspace, plan_id: str, metric: str, metric_id: str
) -> None:
    plan = ws.plans.get(plan_id)
    [row] = [a for a in ws.aligner.align([plan]) if a.target.metric == metric]
    assert (row.match.metric_id, row.match.rule) == (metric_id, "alias")


def test_every_shipped_entry_is_aligned_exactly_or_left_out_with_a_reason(ws: Workspace) -> None:
    """No shipped figure rests on the similarity tier or goes unexplained."""
    rules = Counter(a.match.rule for a in ws.aligner.align(ws.plans.plans))
    assert set(rules) == {"alias", "pattern", "deliberately-unmatched"}


# id: (level, parent)
LEVELS = {
    "national": ("national", None),
    "beijing": ("municipality", None),
    "chongqing": ("municipality", None),
    "beijing_dongcheng": ("district", "beijing"),
    "jinhua": ("prefecture", "zhejiang"),
    "nanjing": ("prefecture", "jiangsu"),
    "yangzhou": ("prefecture", "jiangsu"),
    "yancheng": ("prefecture", "jiangsu"),
    "xiamen": ("prefecture", "fujian"),
    "quanzhou": ("prefecture", "fujian"),
    "taiyuan": ("prefecture", "shanxi"),
    "jingmen": ("prefecture", "hubei"),
    "jingzhou": ("prefecture", "hubei"),
    "wuhan": ("prefecture", "hubei"),
    "lanzhou_2016": ("prefecture", "gansu"),
    "meizhou": ("prefecture", "guangdong"),
    "qingdao": ("prefecture", "shandong"),
    "zaozhuang": ("prefecture", "shandong"),
    "xian": ("prefecture", "shaanxi"),
    "zhengzhou_2017": ("prefecture", "henan"),
    "zhengzhou_2024": ("prefecture", "henan"),
    "shanghai": ("municipality", None),
    "tianjin": ("municipality", None),
}


def test_levels_and_parents(ws: Workspace) -> None:
    found = {p.id: (p.level.value, p.parent) for p in ws.plans}
    assert {k: found[k] for k in LEVELS} == LEVELS
    assert {k for k, (level, _) in found.items() if level == "province"} == {
        *("anhui", "anhui_action_2024", "bingtuan", "fujian", "gansu_action_2023", "guangdong"),
        *("hainan_2018", "hebei", "henan", "hunan", "jiangsu", "jilin_2018", "liaoning"),
        *("liaoning_2019", "neimenggu", "ningxia_2018", "shaanxi", "shaanxi_action_2023"),
        *("shandong", "shandong_2018", "shanxi_2018", "sichuan", "xinjiang", "yunnan_2016"),
        "zhejiang",
    }
    below = [p for p in ws.plans if p.level.value in ("prefecture", "county", "district")]
    assert len(PLAN_IDS) >= 50 and len(below) >= 17


@pytest.mark.parametrize("plan_id", WEB_READ)
def test_web_read_plans_record_their_provenance(ws: Workspace, plan_id: str) -> None:
    """URL, publisher, how much was read and where reading stopped; no copied text."""
    plan = ws.plans.get(plan_id)
    source = plan.source
    assert source.file is None and source.unavailable_reason
    assert source.urls and all(u.startswith("http") for u in source.urls)
    assert source.publisher and source.extent.value == "partial" and source.read_to
    assert all(task.text is None for task in plan.tasks)  # headings only
    assert all(len(t.quote) <= 80 for t in plan.targets)  # short clauses, not paragraphs
