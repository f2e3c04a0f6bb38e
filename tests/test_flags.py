"""`qualpolicy flags`: every flagged target across all metrics, the same as the per-metric
views say, whatever the filters show.

The cross-checks read compare's and progress's results through their own public API and
the command's JSON, never the rule again: a target compare shows below a level above is
a flag, and a flag below a level above is one compare shows; progress's targets not beyond
their own level and missed ones are exactly the other two kinds.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from pathlib import Path
from typing import Any

import pytest

from qualpolicy.analysis.cascade import choose
from qualpolicy.analysis.compare import compare_metric
from qualpolicy.analysis.flags import Flag, Why, flags, flags_of, shown
from qualpolicy.analysis.progress import Status, gather, progress
from qualpolicy.analysis.versions import Versions
from qualpolicy.loading.actuals import Actual, ActualsFile, Report
from qualpolicy.models import LEVEL_RANKS, Level, LevelFilter, Plan, Unit
from qualpolicy.render import flags as render
from qualpolicy.render.dataset import FLAGS, build_tables
from qualpolicy.workspace import Workspace

from .conftest import AS_OF
from .helpers import Run, cli_json, explain, ok, small_plan, target, too_wide

AGRI = "农产品质量安全例行监测合格率"
Key = tuple[str, int, str, int]  # target's plan and position, the other's plan and position


@pytest.fixture(scope="module")
def in_force(ws: Workspace) -> list[Plan]:
    return choose(ws.plans, versions=Versions(ws.plans.plans, AS_OF))


@pytest.fixture(scope="module")
def every(ws: Workspace, in_force: list[Plan]) -> list[Flag]:
    evidence = gather(ws.actuals, ws.plans.plans, ws.aligner, as_of=AS_OF)
    return flags(in_force, ws.aligner, evidence)


@pytest.fixture(scope="module")
def printed(every: list[Flag]) -> list[dict[str, Any]]:
    """What ``flags -f json`` prints for every flag (from the library: the same)."""
    return [render.flag_dict(f) for f in every]


def below_key(f: Flag) -> Key:
    assert f.versus is not None
    return (f.plan.id, f.target.index, f.versus.other.plan.id, f.versus.other.index)


# --- the per-metric views ---------------------------------------------------------------------


def test_the_shipped_data_has_flags_of_every_cascade_kind(every: list[Flag]) -> None:
    whys = {f.why for f in every}
    assert {Why.below_nation, Why.below_parent, Why.not_beyond_current} <= whys
    meizhou = [
        f for f in every if f.plan.id == "meizhou" and f.metric.name == "制造业质量竞争力指数"
    ]
    # below its province and below the nation: a flag for each figure it falls below
    assert [(f.why, f.versus and f.versus.other.plan.id) for f in meizhou] == [
        (Why.below_parent, "guangdong"),
        (Why.below_nation, "national"),
    ]


def test_every_below_flag_is_what_compare_shows_metric_by_metric(
    ws: Workspace, in_force: list[Plan], every: list[Flag]
) -> None:
    """For each metric of the catalogue, as `compare --metric` computes it over the plans in
    force: its flagged comparisons are exactly the below flags of that metric."""
    below = {Why.below_parent, Why.below_nation}
    seen = 0
    for metric in ws.catalogue.metrics:
        evidence = gather(ws.actuals, ws.plans.plans, ws.aligner, {metric.id}, as_of=AS_OF)
        cmp = compare_metric(metric, in_force, ws.aligner, evidence=evidence)
        shown_by_compare = {
            (v.row.plan.id, v.row.index, v.other.plan.id, v.other.index) for v in cmp.flagged
        }
        flagged = {below_key(f) for f in every if f.metric.id == metric.id and f.why in below}
        assert flagged == shown_by_compare, metric.id
        seen += len(flagged)
    assert seen == sum(f.why in below for f in every) > 0


def test_the_cli_agrees_with_compare_on_the_index(run: Run) -> None:
    name = "制造业质量竞争力指数"
    compared = cli_json(run, "compare", "--metric", name, "-f", "json")
    flagged_rows = {
        (r["plan"], v["plan"], v["value"], v["year"])
        for r in compared["rows"]
        for v in r.get("versus", [])
        if v["verdict"] == "below"
    }
    found = cli_json(run, "flags", "--metric", name, "-f", "json")
    below = {
        (f["plan"], f["against"]["plan"], f["against"]["value"], f["against"]["year"])
        for f in found
        if f["why"] in ("below_parent", "below_nation")
    }
    assert below == flagged_rows and below


def test_the_other_kinds_are_progress_not_beyond_and_missed(
    ws: Workspace, in_force: list[Plan], every: list[Flag]
) -> None:
    evidence = gather(ws.actuals, ws.plans.plans, ws.aligner, as_of=AS_OF)
    rows = progress(in_force, ws.aligner, evidence)
    assert {(h.target.plan.id, h.target.index) for h in rows if h.not_beyond_known} == {
        (f.plan.id, f.target.index) for f in every if f.why is Why.not_beyond_current
    }
    assert {(h.target.plan.id, h.target.index) for h in rows if h.status is Status.missed} == {
        (f.plan.id, f.target.index) for f in every if f.why is Why.missed
    }


def test_a_missed_target_names_the_actual_that_shows_it(ws: Workspace) -> None:
    plan = small_plan(target(AGRI, 98, year=2023))
    report = Report(publisher="测试统计局")
    known = ActualsFile(
        actuals=[
            Actual(
                region="testland",
                metric=AGRI,
                value=97.8,
                year=2023,
                unit=Unit.percent,
                source=report,
            )
        ]
    )
    evidence = gather(known, [plan], ws.aligner, as_of=AS_OF)
    (flag,) = flags([plan], ws.aligner, evidence)
    assert flag.why is Why.missed and flag.actual is not None
    data = render.flag_dict(flag)
    assert data["against"] == {
        "plan": "testland",
        "region": "测试省",
        "level": "province",
        "origin": "reported",
        "comparator": "eq",
        "value": 97.8,
        "unit": "percent",
        "year": 2023,
    }
    assert render.against_text(flag) == "reported 97.8% (2023); missed by 0.2"


def test_below_the_nation_and_below_the_parent_are_told_apart(ws: Workspace) -> None:
    province = small_plan(target(AGRI, 97))
    nation = dataclasses.replace(
        small_plan(target(AGRI, 98), plan_id="national"), region="全国", level=Level.national
    )
    city = dataclasses.replace(
        small_plan(
            target(AGRI, 96),
            target(AGRI, 99.5, year=2023),  # higher and sooner
            target(AGRI, 95.5, year=2024),  # lower but sooner: the years decide, not below
            plan_id="testcity",
        ),
        region="测试市",
        level=Level.prefecture,
        parent="testland",
    )
    plans = [nation, province, city]
    evidence = gather(ActualsFile(actuals=[]), plans, ws.aligner, as_of=AS_OF)
    found = flags(plans, ws.aligner, evidence)
    assert [(f.plan.id, f.why.value, f.versus and f.versus.other.plan.id) for f in found] == [
        ("testland", "below_nation", "national"),  # provinces before cities
        ("testcity", "below_parent", "testland"),
        ("testcity", "below_nation", "national"),
    ]
    # neither a higher nor a lower figure due sooner than 97/98 for 2025 is below them
    assert {f.target.target.value for f in found} == {97, 96}
    assert render.why_text(found[1]) == "below its province"
    assert render.against_text(found[1]) == "测试省 ≥ 97% (2025)"


def test_flags_come_in_cascade_order(every: list[Flag], ws: Workspace) -> None:
    place = {m.id: i for i, m in enumerate(ws.catalogue.metrics)}
    keys = [
        (LEVEL_RANKS[f.plan.level], f.plan.region, place[f.metric.id], f.target.target.year or 0)
        for f in every
    ]
    assert keys == sorted(keys)
    assert flags_of([]) == []


# --- filters show, never change -----------------------------------------------------------------

FILTERS = [
    ("--level", "city"),
    ("--level", "province"),
    ("--within", "广东"),
    ("--within", "山东"),
    ("-p", "meizhou,浙江"),
    ("--metric", "制造业质量竞争力指数"),
    ("--metric", "农产品质量安全例行监测合格率", "--level", "province"),
]


def _key(f: dict[str, Any]) -> tuple[Any, ...]:
    return (f["plan"], f["target_position"], f["why"], json.dumps(f["against"]))


@pytest.mark.parametrize("args", FILTERS, ids=[" ".join(a) for a in FILTERS])
def test_a_filter_shows_exactly_its_subset(
    run: Run, ws: Workspace, printed: list[dict[str, Any]], args: tuple[str, ...]
) -> None:
    whole = cli_json(run, "flags", "-f", "json")
    assert [_key(f) for f in whole] == [_key(f) for f in printed]
    part = cli_json(run, "flags", "-f", "json", *args)
    options = dict(zip(args[::2], args[1::2], strict=True))
    level = options.get("--level")
    chosen = choose(
        ws.plans,
        options["-p"].split(",") if "-p" in options else None,
        within=options.get("--within"),
        level=None if level is None else LevelFilter(level),
        versions=Versions(ws.plans.plans, AS_OF),
    )
    metric = options.get("--metric")
    ids = {p.id for p in chosen}
    expected = [f for f in whole if f["plan"] in ids and (metric is None or f["metric"] == metric)]
    assert [_key(f) for f in part] == [_key(f) for f in expected]  # the subset, in order


def test_the_library_filter_is_a_subset_in_order(every: list[Flag], ws: Workspace) -> None:
    zhejiang = [p for p in ws.plans.plans if p.id == "zhejiang"]
    part = shown(every, zhejiang)
    assert part == [f for f in every if f.plan.id == "zhejiang"] and part
    assert shown(every) == every
    assert shown(every, None, {"no_such_metric"}) == []


def test_no_flag_says_so_with_the_filters_and_exits_0(run: Run) -> None:
    result = run("flags", "-p", "hebei", "--metric", "制造业质量竞争力指数")
    assert result.exit_code == 0, explain(result)
    assert result.stdout == (
        "no target is flagged as of 2026-12-07 (plans hebei; metric 制造业质量竞争力指数)\n"
    )
    result = run("flags", "-p", "hebei", "-f", "json")
    assert result.exit_code == 0, explain(result)
    assert json.loads(result.stdout) == []
    assert "no target is flagged" in result.stderr


def test_a_superseded_document_named_by_id_is_flagged_as_ever(run: Run) -> None:
    every = cli_json(run, "flags", "--all-versions", "-f", "json")
    named = cli_json(run, "flags", "-p", "shandong_2018", "-f", "json")
    assert named == [f for f in every if f["plan"] == "shandong_2018"]


def test_an_unknown_plan_or_metric_is_a_usage_error(run: Run) -> None:
    for args in (("-p", "西藏"), ("--metric", "量子纠缠率"), ("--within", "西藏")):
        result = run("flags", *args)
        assert result.exit_code == 2, explain(result)
        assert "Traceback" not in result.stderr


# --- output ---------------------------------------------------------------------------------


def test_json_has_the_issue_shape(printed: list[dict[str, Any]], every: list[Flag]) -> None:
    assert printed
    for data, f in zip(printed, every, strict=True):
        assert {"plan", "region", "metric", "value", "year", "why", "against"} <= set(data)
        assert data["why"] in {w.value for w in Why}
        if f.why in (Why.below_nation, Why.below_parent):
            against = data["against"]
            assert against["plan"] == f.versus.other.plan.id  # type: ignore[union-attr]
            assert {"plan", "value", "year"} <= set(against)
        if f.why is Why.below_nation:
            assert data["against"]["level"] == "national"
            # lower and due no sooner than the nation's figure
            assert data["year"] >= data["against"]["year"]
    nation = next(d for d in printed if d["why"] == "below_nation")
    assert nation["against"]["region"] == "全国"


def test_the_table_names_both_figures_and_years(run: Run) -> None:
    out = ok(run, "flags", env={"COLUMNS": "80"})
    assert too_wide(out) == []
    assert out.startswith("Flagged targets as of 2026-12-07: ")
    out = ok(run, "flags", env={"COLUMNS": "200"})  # each row on one line
    assert "below the nation: 全国 = 86 (2025)" in out
    assert "below its province: 广东省 = 92 (2025)" in out
    assert "not above its own level: own baseline 93.07" in out


def test_csv_and_markdown(run: Run, every: list[Flag]) -> None:
    rows = list(csv.DictReader(io.StringIO(ok(run, "flags", "-f", "csv"))))
    assert list(rows[0]) == render.FIELDS
    assert [(r["plan"], r["why"], r["against_plan"]) for r in rows] == [
        (f.plan.id, f.why.value, render.flag_record(f)["against_plan"]) for f in every
    ]
    markdown = ok(run, "flags", "-f", "markdown")
    assert markdown.startswith("| Region | Metric | Target | Why | Against |")
    assert len(markdown.splitlines()) == 2 + len(every)


def test_flags_go_to_a_file(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "flags.json"
    result = run("flags", "-o", str(path))
    assert result.exit_code == 0 and result.stdout == "", explain(result)
    assert json.loads(path.read_text("utf-8"))


# --- the export ------------------------------------------------------------------------------


def test_the_export_carries_the_flags(run: Run, tmp_path: Path, printed: list[dict]) -> None:
    path = tmp_path / "all.json"
    ok(run, "export", "-o", str(path))
    data = json.loads(path.read_text("utf-8"))
    assert [
        (r["plan"], r["target_position"], r["why"], r["against_plan"]) for r in data["flags"]
    ] == [
        (f["plan"], f["target_position"], f["why"], (f["against"] or {}).get("plan"))
        for f in printed
    ]
    assert [r["position"] for r in data["flags"]] == list(range(len(printed)))
    assert {r["as_of"] for r in data["flags"]} == {"2026-12-07"}
    described = {r["column_name"] for r in data["columns"] if r["table_name"] == "flags"}
    assert described == {c.name for c in FLAGS.columns}


def test_every_export_format_holds_the_flags_table(
    run: Run, tmp_path: Path, printed: list[dict]
) -> None:
    import sqlite3

    import openpyxl

    ok(run, "export", "-o", str(tmp_path / "d.sqlite"))
    con = sqlite3.connect(tmp_path / "d.sqlite")
    assert con.execute("SELECT count(*) FROM flags").fetchone() == (len(printed),)
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    ok(run, "export", "-o", str(tmp_path / "d.xlsx"))
    sheet = openpyxl.load_workbook(tmp_path / "d.xlsx")["flags"]
    assert [c.value for c in sheet[1]] == [c.name for c in FLAGS.columns]
    assert sheet.max_row == 1 + len(printed)
    ok(run, "export", "-o", str(tmp_path / "f.csv"), "--table", "flags")
    rows = list(csv.DictReader(io.StringIO((tmp_path / "f.csv").read_text("utf-8-sig"))))
    assert len(rows) == len(printed)


def test_the_flags_columns_are_exactly_the_fields_the_rows_carry(ws: Workspace) -> None:
    evidence = gather(ws.actuals, ws.plans.plans, ws.aligner, as_of=AS_OF)
    (table,) = build_tables(ws.plans.plans, ws.aligner, ws.actuals, evidence, ["flags"])
    assert table.rows and all(list(r) == [c.name for c in FLAGS.columns] for r in table.rows)
    assert [c.name for c in FLAGS.columns] == ["position", *render.FIELDS, "as_of"]
