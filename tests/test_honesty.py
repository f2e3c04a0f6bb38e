"""Every statement the tool prints holds whatever the filters, the day or the interface.

Each test builds its situation from nothing — a small data directory of made-up plans and
actuals, used on its own (--own-only) — and reads the words the tool says of it: the
cascade's flag and verdicts, the headroom, "not mentioned" and "not in the part read",
"not comparable", and how much there was to search.  The same statement is checked under
the filters (--level, -p, --within), other days (--as-of) and every interface (table,
JSON, CSV, Markdown, the export, the notebook API).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

import qualpolicy as qp
from qualpolicy.analysis.progress import Status

from .helpers import Run, explain

METRIC = "农产品质量安全例行监测合格率"


def entry(value: float, year: int, **more: Any) -> dict[str, Any]:
    quote = f"{METRIC}达到{value:g}%以上"
    fields = {"comparator": "ge", "unit": "percent", "year": year, "quote": quote}
    return {"metric": METRIC, "value": value, **fields, **more}


def plan(plan_id: str, region: str, level: str, *targets: dict[str, Any], **more: Any) -> Any:
    return {
        "id": plan_id,
        "region": region,
        "level": level,
        "title": f"{region}质量强省建设实施方案",
        "issuer": f"{region}人民政府",
        "issued": dt.date(2023, 3, 10),
        "source": {"unavailable_reason": "made up by a test"},
        "script": "simplified",
        "horizon": [2025, 2035],
        "targets": list(targets),
        **more,
    }


@pytest.fixture
def land(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A nation (≥ 98% by 2025), a province below it (97%), a province above it (99%, its
    actual 98.5 in 2024), a city under the weak province (≥ 98% by 2027), a province silent
    on the metric that was read in full, and one read only in part."""
    data = tmp_path / "data"
    (data / "plans").mkdir(parents=True)
    plans = [
        plan("national", "全国", "national", entry(98, 2025)),
        plan("weakland", "弱省", "province", entry(97, 2025)),
        plan("strongland", "强省", "province", entry(99, 2025)),
        plan("weakcity", "弱市", "prefecture", entry(98, 2027), parent="weakland"),
        plan("quietland", "静省", "province"),
        plan(
            "partland",
            "半省",
            "province",
            source={
                "unavailable_reason": "made up by a test",
                "extent": "partial",
                "read_to": "the first page",
            },
        ),
    ]
    for p in plans:
        text = yaml.safe_dump(p, allow_unicode=True, sort_keys=False)
        (data / "plans" / f"{p['id']}.yaml").write_text(text, encoding="utf-8")
    actuals = {
        "actuals": [
            {
                "region": "strongland",
                "metric": METRIC,
                "value": 98.5,
                "unit": "percent",
                "year": 2024,
                "source": {"publisher": "强省统计局", "published": dt.date(2025, 3, 1)},
            }
        ]
    }
    (data / "actuals.yaml").write_text(yaml.safe_dump(actuals, allow_unicode=True), "utf-8")
    monkeypatch.setenv("QUALPOLICY_OWN_ONLY", "1")
    monkeypatch.setenv("QUALPOLICY_DATA", str(data))
    return data


def said(run: Run, *args: str) -> str:
    """What a command prints, each table cell's lines joined back into one text."""
    result = run(*args, env={"COLUMNS": "200"})
    assert result.exit_code == 0, explain(result)
    return " ".join(" ".join(line.split()) for line in result.stdout.splitlines())


def rows(run: Run, *args: str) -> dict[str, dict[str, Any]]:
    result = run(*args, "--format", "json")
    assert result.exit_code == 0, explain(result)
    return {r["plan"]: r for r in json.loads(result.stdout)["rows"]}


# --- the flag and the verdicts -----------------------------------------------------------------


FLAG = "⚑ below 全国 ≥ 98% (2025)"


@pytest.mark.parametrize(
    "shown",
    [(), ("--level", "province"), ("-p", "弱省"), ("--within", "weakland")],
    ids=["all", "level", "plans", "within"],
)
def test_a_flag_never_depends_on_what_is_shown(run: Run, land: Path, shown: tuple[str]) -> None:
    """The nation's row may be filtered out of view; the weak province's flag is not."""
    assert FLAG in said(run, "compare", "-m", METRIC, *shown)
    row = rows(run, "compare", "-m", METRIC, *shown)["weakland"]
    assert row["cascade"] == [FLAG]
    assert [v["verdict"] for v in row["versus"]] == ["below"]
    assert FLAG in said(run, "compare", "-m", METRIC, "-f", "markdown", *shown)
    table = run("compare", "-m", METRIC, "-f", "csv", *shown).stdout
    weak = next(r for r in csv.DictReader(io.StringIO(table)) if r["plan"] == "weakland")
    assert FLAG in weak["cascade"]


def test_above_and_the_years_deciding_are_said_too(run: Run, land: Path) -> None:
    found = rows(run, "compare", "-m", METRIC)
    assert found["strongland"]["cascade"] == ["above 全国 ≥ 98% (2025)"]
    # the city: as bold as the nation but later; its province lower but sooner
    assert found["weakcity"]["cascade"] == ["弱省 ≥ 97% for 2025", "全国 ≥ 98% for 2025"]
    shown = rows(run, "compare", "-m", METRIC, "-p", "弱市")["weakcity"]
    assert shown["cascade"] == found["weakcity"]["cascade"]


def test_the_flag_is_in_progress_the_export_and_the_api(
    run: Run, land: Path, tmp_path: Path
) -> None:
    assert FLAG in said(run, "progress", "-p", "弱省")
    out = tmp_path / "targets.csv"
    assert run("export", "-o", str(out), "-p", "弱省").exit_code == 0
    (row,) = csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig")))
    assert (row["flagged"], row["cascade"]) == ("true", FLAG)
    records = qp.load(land, own_only=True).compare(METRIC, level="province").to_records()
    assert next(r for r in records if r["plan"] == "weakland")["cascade"] == [FLAG]


# --- the headroom, as of a day -----------------------------------------------------------------


def test_a_passed_target_year_is_said_and_the_pace_runs_from_today(run: Run, land: Path) -> None:
    late = rows(run, "compare", "-m", METRIC, "--as-of", "2026-12-07")["strongland"]
    assert late["headroom"]["text"] == "target year 2025 passed; latest actual 98.5% (2024)"
    assert late["headroom"]["status"] == Status.passed.value
    early = rows(run, "compare", "-m", METRIC, "--as-of", "2025-06-30")["strongland"]
    assert early["headroom"]["text"] == "now 98.5% (2024); +0.5 pp to go; no pace: due in 2025"
    before = rows(run, "compare", "-m", METRIC, "--as-of", "2025-02-28")["strongland"]
    assert before["headroom"]["text"] == "no actual known"  # 98.5 was published in March
    assert "headroom as of 2025-02-28" in said(run, "compare", "-m", METRIC, "--as-of", "2025-02")


def test_met_and_missed_need_an_actual_for_the_target_year(land: Path) -> None:
    actuals = land / "actuals.yaml"
    data = yaml.safe_load(actuals.read_text(encoding="utf-8"))
    later = {**data["actuals"][0], "value": 98.8, "year": 2025}
    later["source"] = {"publisher": "强省统计局", "published": dt.date(2026, 3, 1)}
    actuals.write_text(
        yaml.safe_dump({"actuals": [*data["actuals"], later]}, allow_unicode=True), "utf-8"
    )
    ws = qp.load(land, own_only=True)
    (row,) = ws.progress(plans=["strongland"], as_of="2026-12-07").to_records()
    assert (row["status"], row["text"]) == (
        "missed",
        "now 98.8% (2025); target year 2025 passed; missed by 0.2 pp",
    )


def test_a_figure_published_on_the_issue_day_was_known_to_the_plan(land: Path) -> None:
    """not above its own level: a reading published on the day the plan was issued."""
    actuals = land / "actuals.yaml"
    data = yaml.safe_load(actuals.read_text(encoding="utf-8"))
    same_day = {**data["actuals"][0], "region": "weakland", "value": 97.5, "year": 2022}
    same_day["source"] = {"publisher": "弱省统计局", "published": dt.date(2023, 3, 10)}
    actuals.write_text(yaml.safe_dump({"actuals": [same_day]}, allow_unicode=True), "utf-8")
    (row,) = qp.load(land, own_only=True).progress(plans=["weakland"]).to_records()
    assert row["not_beyond_known"] is True
    assert "not above its own level" in row["text"] or "not above its own 97.5%" in row["text"]


# --- what a plan says of a metric it has no figure for -------------------------------------------


def test_silence_is_said_as_far_as_the_plan_was_read(run: Run, land: Path) -> None:
    found = rows(run, "compare", "-m", METRIC)
    assert found["quietland"]["description"] == "does not mention it"
    assert found["partland"]["description"] == "not in the part read (read to the first page)"
    text = said(run, "compare", "-m", METRIC)
    assert "半省 (partland): not in the part read (read to the first page)" in text
    assert "of the 2 plans without a figure, 1 was read only in part" in text


def test_search_says_how_much_there_was_to_search(run: Run, land: Path) -> None:
    result = run("search", METRIC, "--format", "json")
    searched = json.loads(result.stdout)["searched"]
    assert (searched["plans"], searched["task_text"], searched["partial"]) == (6, 0, 1)
    assert "searched 6 plans: 0 with task text" in searched["text"]


# --- not comparable ----------------------------------------------------------------------------


def test_figures_for_other_years_are_not_comparable_in_a_diff(run: Run, land: Path) -> None:
    result = run("diff", "weakland", "weakcity", "--no-themes", "--format", "json")
    (pair,) = json.loads(result.stdout)["pairs"]
    assert pair["verdict"] == "not_comparable"
    assert "target years 2025 vs 2027" in pair["verdict_text"]
