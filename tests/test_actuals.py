"""The actual statistics file (data/actuals.yaml): its figures, its checks, its cache."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from qualpolicy.analysis.actuals import Origin, known_actuals
from qualpolicy.checks.actuals import workspace_problems
from qualpolicy.loading.actuals import actual_problems
from qualpolicy.models import Comparator, Unit
from qualpolicy.workspace import Workspace

from .helpers import Run, explain

# "National statistics reported later" in shared/reference/national-outline.md:
# metric as written, value, unit, comparator, year, publisher, date.
REFERENCE = [
    ("公共服务质量总体满意度", 79.09, Unit.points, Comparator.eq, 2021, "市场监管总局", None),
    ("制造业产品质量合格率", 93.65, Unit.percent, Comparator.eq, 2023, "中国质量报", "2024-03-04"),
    ("制造业质量竞争力指数", 85.21, Unit.index, Comparator.eq, 2023, "中国质量报", "2024-03-04"),
    (
        "农产品质量安全例行监测合格率",
        97.8,
        Unit.percent,
        Comparator.eq,
        2023,
        "中国质量报",
        "2024-03-04",
    ),
    ("食品安全评价性抽检合格率", 99, Unit.percent, Comparator.ge, 2023, "中国质量报", "2024-03-04"),
    ("生活性服务满意度", 81.30, Unit.points, Comparator.eq, 2023, "中国质量报", "2024-03-04"),
    ("公共服务满意度", 81.43, Unit.points, Comparator.eq, 2023, "中国质量报", "2024-03-04"),
    ("制造业产品质量合格率", 93.93, Unit.percent, Comparator.eq, 2024, "人民日报", "2025-03-02"),
    ("制造业质量竞争力指数", 85.6, Unit.index, Comparator.eq, 2024, "人民日报", "2025-03-02"),
    ("食品抽检合格率", 99, Unit.percent, Comparator.eq, 2024, "人民日报", "2025-03-02"),
    ("药品抽检合格率", 99, Unit.percent, Comparator.eq, 2024, "人民日报", "2025-03-02"),
]


def test_the_reference_figures_are_encoded_exactly(ws: Workspace) -> None:
    dated = [a for a in ws.actuals.actuals if a.year is not None and a.region == "national"]
    encoded = [
        (
            a.metric,
            a.value,
            a.unit,
            a.comparator,
            a.year,
            (a.source.publisher or "").split()[0],
            a.source.published.isoformat() if a.source.published else None,
        )
        for a in dated
    ]
    assert [e for e in encoded if e in REFERENCE] == REFERENCE
    # every other figure names a shipped plan's region (provinces' and cities' actuals)
    assert {a.region for a in ws.actuals.actuals} <= {p.id for p in ws.plans.plans}


def test_the_sichuan_quoted_national_figures_have_no_year(ws: Workspace) -> None:
    undated = [
        (a.metric, a.value, a.source.file)
        for a in ws.actuals.actuals
        if a.year is None and a.source.file
    ]
    assert undated == [
        ("制造业产品质量合格率", 93, "sichuan.txt"),
        ("制造业质量竞争力指数", 84.9, "sichuan.txt"),
    ]


def test_every_actual_aligns_to_a_catalogue_metric(ws: Workspace) -> None:
    known = known_actuals(ws.actuals, ws.aligner.align(ws.plans.plans), ws.aligner)
    reported = [k for k in known if k.origin is Origin.reported]
    assert len(reported) == len(ws.actuals.actuals)
    assert [k.metric_text for k in reported if not k.match.matched] == []
    assert {k.match.metric_id for k in reported} >= {
        "mfg_quality_competitiveness_index",
        "public_service_satisfaction",
        "consumer_service_satisfaction",
        "food_sampling_pass_rate",
        "drug_sampling_pass_rate",
    }


def test_plan_baselines_are_actuals_of_their_region(ws: Workspace) -> None:
    known = known_actuals(ws.actuals, ws.aligner.align(ws.plans.plans), ws.aligner)
    baselines = [k for k in known if k.origin is Origin.baseline]
    assert len(baselines) == sum(
        t.kind.value == "baseline" for plan in ws.plans.plans for t in plan.targets
    )
    index = next(k for k in baselines if k.match.metric_id == "mfg_quality_competitiveness_index")
    assert (index.region, index.actual.value, index.actual.year) == ("zhejiang", 93.07, None)
    assert index.actual.source.quote == "全省制造业质量竞争力指数达到93.07"
    assert index.actual.source.published == dt.date(2025, 1, 26)


def test_shipped_actuals_have_no_problems(ws: Workspace) -> None:
    assert actual_problems(ws.actuals) == []
    assert workspace_problems(ws.actuals, ws, ws.data_dir / "actuals.yaml") == []


# --- validate ---------------------------------------------------------------------------------


def _findings(run: Run, data: Path) -> list[tuple[int, str, str]]:
    """(line, severity, code) of each finding in actuals.yaml."""
    result = run(
        "validate", str(data / "actuals.yaml"), "--data-dir", str(data), "--format", "json"
    )
    import json

    return [(f["line"], f["severity"], f["code"]) for f in json.loads(result.stdout)]


def _edit(data: Path, old: str, new: str, count: int = 1) -> int:
    """Replace ``old`` in actuals.yaml; the line it was on."""
    path = data / "actuals.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return line


@pytest.mark.parametrize(
    ("old", "new", "severity", "code"),
    [
        ("metric: 公共服务质量总体满意度", "metric: 公共服务总体印象", "error", "actual-unmatched"),
        ("region: national", "region: nationl", "warning", "unknown-region"),
        (
            "quote: 制造业质量竞争力指数达84.9",
            "quote: 制造业质量竞争力指数为84.9",
            "error",
            "quote-not-found",
        ),
        ("value: 84.9", "value: 84.8", "error", "value-not-in-quote"),
        ("year: 2021", "year: 1821", "error", "year-range"),
        (
            "    value: 85.6\n    unit: index\n    year: 2024",
            "    value: 85.6\n    unit: index\n    year: 2026",
            "error",
            "year-after-report",
        ),
        ("value: 97.8", "value: 197.8", "error", "percent-range"),
        ("value: 97.8", 'value: "97.8%"', "error", "not-a-number"),
        ("unit: points", "unit: 分", "error", "not-allowed"),
        (
            "    source:\n      publisher: 市场监管总局 monitoring, via local news\n      url: http://cmstop.zt.jsw.com.cn/p/156134.html\n",
            "    source: {}\n",
            "error",
            "unsourced",
        ),
        ("year: 2021", "yaer: 2021", "error", "unknown-field"),
    ],
)
def test_validate_locates_a_problem_in_the_actuals(
    run: Run, data_copy: Path, old: str, new: str, severity: str, code: str
) -> None:
    line = _edit(data_copy, old, new)
    findings = _findings(run, data_copy)
    found = [f for f in findings if f[2] == code]
    assert found and found[0][1] == severity, findings
    assert line <= found[0][0] <= line + 12, (line, findings)


def test_validate_reports_conflicting_and_duplicate_figures(run: Run, data_copy: Path) -> None:
    path = data_copy / "actuals.yaml"
    text = path.read_text(encoding="utf-8")
    entry = text[
        text.index("  - region: national\n    metric: 制造业质量竞争力指数\n    value: 85.6") :
    ]
    entry = entry[: entry.index("  - region", 10)]
    path.write_text(text + entry + entry.replace("85.6", "85.7"), encoding="utf-8")
    codes = {(f[1], f[2]) for f in _findings(run, data_copy)}
    assert codes == {("error", "duplicate-entry"), ("warning", "conflicting-actuals")}


def test_validate_checks_the_actuals_of_a_data_directory(run: Run, data_copy: Path) -> None:
    _edit(data_copy, "metric: 公共服务质量总体满意度", "metric: 公共服务总体印象")
    result = run("validate", "--data-dir", str(data_copy), "--quiet")
    assert result.exit_code == 1, explain(result)
    assert "actuals.yaml:" in result.stdout and "[actual-unmatched]" in result.stdout


def test_a_broken_actuals_file_stops_compare_with_a_clear_error(run: Run, data_copy: Path) -> None:
    line = _edit(data_copy, "value: 97.8", 'value: "97.8%"')
    result = run("compare", "--metric", "制造业质量竞争力指数", "--data-dir", str(data_copy))
    assert result.exit_code == 1, explain(result)
    assert f"the actuals file {data_copy / 'actuals.yaml'}:{line}:" in result.stderr
    assert "Traceback" not in result.stderr


# --- the cache --------------------------------------------------------------------------------


def test_actuals_come_from_the_cache_and_an_edit_is_seen(data_copy: Path) -> None:
    first = Workspace(data_copy)
    assert first.snapshot is not None and first.snapshot.actuals == first.actuals
    again = Workspace(data_copy)
    assert again.snapshot is not None and again.snapshot.actuals == first.actuals
    _edit(data_copy, "value: 85.6", "value: 85.61\n    note: edited by a test")
    edited = Workspace(data_copy)
    assert [a.value for a in edited.actuals.actuals if a.year == 2024][1] == 85.61
