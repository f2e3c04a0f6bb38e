"""`qualpolicy export`: every shipped target and actual statistic reads back from CSV,
XLSX, SQLite and JSON.

The expected rows come from the library (the aligned entries of every plan),
never from the export itself; each format is read with the tool an analyst
would use: Excel's encoding rules for CSV, openpyxl and pandas for the
workbook, sqlite3 for the database.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest

from qualpolicy.analysis.actuals import align_actual
from qualpolicy.analysis.align import Aligned
from qualpolicy.analysis.progress import Evidence, gather
from qualpolicy.cli.export_cmd import ExportFormat
from qualpolicy.render import export as render
from qualpolicy.render.compare import entry_dict
from qualpolicy.render.dataset import (
    ACTUALS,
    PLANS,
    SPECS,
    TABLE_NAMES,
    TARGETS,
    TASKS,
    actual_fields,
    build_tables,
    plan_fields,
    target_fields,
    task_fields,
)
from qualpolicy.workspace import Workspace

from .conftest import AS_OF, DATA
from .helpers import Run, explain, ok


def everything(ws: Workspace) -> Evidence:
    """Every plan's targets and the actuals, as of the tests' day."""
    return gather(ws.actuals, ws.plans.plans, ws.aligner, as_of=AS_OF)


BOM = b"\xef\xbb\xbf"


@pytest.fixture(scope="module")
def entries(ws: Workspace) -> list[Aligned]:
    return ws.aligner.align(ws.plans.plans)


def exported(run: Run, path: Path, *args: str) -> Path:
    """Every document, superseded versions too (the tests read every plan back)."""
    result = run("export", "--out", str(path), "--all-versions", *args)
    assert result.exit_code == 0, explain(result)
    assert result.stdout == ""
    assert result.stderr.startswith(f"wrote {path}"), explain(result)
    return path


def expected(entry: Aligned) -> tuple[Any, ...]:
    t = entry.target
    return (entry.plan.id, entry.index, t.metric, t.kind.value, t.value, t.year, t.quote)


def test_the_shipped_data_has_targets(entries: list[Aligned]) -> None:
    assert len(entries) > 100
    assert len({e.plan.id for e in entries}) >= 6


# --- CSV --------------------------------------------------------------------------------------


def test_csv_is_the_targets_table_with_a_bom(
    run: Run, tmp_path: Path, entries: list[Aligned]
) -> None:
    path = exported(run, tmp_path / "targets.csv")
    raw = path.read_bytes()
    assert raw.startswith(BOM)  # Excel reads UTF-8 only with it
    assert raw.count(BOM) == 1
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert list(rows[0]) == [c.name for c in TARGETS.columns]

    def as_written(e: Aligned) -> tuple[Any, ...]:
        t = e.target
        value = "" if t.value is None else str(t.value)
        return (e.plan.id, str(e.index), t.metric, t.kind.value, value, str(t.year or ""), t.quote)

    got = [
        (r["plan"], r["position"], r["metric"], r["kind"], r["value"], r["year"], r["quote"])
        for r in rows
    ]
    assert got == [as_written(e) for e in entries]
    zhejiang_baseline = next(r for r in rows if r["value"] == "93.07")
    assert zhejiang_baseline["caveats"] == "current status, not a target"
    assert {r["held"] for r in rows} == {"true", "false"}


def test_pandas_reads_the_csv(run: Run, tmp_path: Path, entries: list[Aligned]) -> None:
    frame = pd.read_csv(exported(run, tmp_path / "t.csv"), encoding="utf-8-sig")
    assert len(frame) == len(entries)
    assert frame["metric"].tolist() == [e.target.metric for e in entries]
    assert frame["held"].dtype == bool


def test_the_export_holds_the_documents_in_force_unless_asked(
    run: Run, tmp_path: Path, ws: Workspace
) -> None:
    path = tmp_path / "plans.csv"
    result = run("export", "--out", str(path), "--table", "plans")
    assert result.exit_code == 0, explain(result)
    ids = [r["id"] for r in csv.DictReader(io.StringIO(path.read_text("utf-8-sig")))]
    superseded = {"shandong_2018", "liaoning_2019", "shanghai_2018"}
    assert superseded.isdisjoint(ids) and {"shandong", "liaoning", "shanghai"} <= set(ids)
    assert len(ids) == len(ws.plans.plans) - len(superseded)
    path = tmp_path / "plans-2019.csv"
    result = run("export", "--out", str(path), "--table", "plans", "--as-of", "2019")
    assert result.exit_code == 0, explain(result)
    ids = [r["id"] for r in csv.DictReader(io.StringIO(path.read_text("utf-8-sig")))]
    assert {"shandong_2018", "shanghai_2018"} <= set(ids) and "shandong" not in ids


def test_csv_of_another_table(run: Run, tmp_path: Path, ws: Workspace) -> None:
    path = exported(run, tmp_path / "plans.csv", "--table", "plans")
    rows = list(csv.DictReader(io.StringIO(path.read_text("utf-8-sig"))))
    assert [r["id"] for r in rows] == [p.id for p in ws.plans.plans]
    assert rows[0]["horizon"] == "; ".join(map(str, ws.plans.plans[0].horizon))


def test_csv_of_the_actuals_reads_back_every_actual_of_the_file(run: Run, tmp_path: Path) -> None:
    """Read against the YAML file itself, not the library's loading of it."""
    import yaml

    written = yaml.safe_load((DATA / "actuals.yaml").read_text("utf-8"))["actuals"]
    path = exported(run, tmp_path / "actuals.csv", "--table", "actuals")
    rows = list(csv.DictReader(io.StringIO(path.read_text("utf-8-sig"))))
    assert list(rows[0]) == [c.name for c in ACTUALS.columns]

    def cell(value: Any) -> str:
        return "" if value is None else str(value)

    fields = ("region", "metric", "value", "unit", "year")
    sources = ("publisher", "published", "url", "quote")
    got = [
        (r["position"], *(r[f] for f in fields), *(r[f"source_{f}"] for f in sources)) for r in rows
    ]
    assert got == [
        (str(i), *(cell(a[f]) for f in fields), *(cell(a["source"].get(f)) for f in sources))
        for i, a in enumerate(written)
    ]
    assert [r["comparator"] for r in rows] == [a.get("comparator", "eq") for a in written]
    index = [
        r
        for r in rows
        if r["metric_id"] == "mfg_quality_competitiveness_index" and r["region"] == "national"
    ]
    assert [(r["value"], r["year"]) for r in index] == [
        ("85.21", "2023"),
        ("85.6", "2024"),
        ("84.9", ""),
        *(("78.98", "2005"), ("79.98", "2006"), ("80.99", "2007"), ("81.18", "2008")),
        *(("82.14", "2009"), ("84.78", "")),  # the 公报 series and a press conference
    ]
    assert {r["match_rule"] for r in rows} == {"alias"}


def test_csv_holds_one_table(run: Run, tmp_path: Path) -> None:
    result = run("export", "--out", str(tmp_path / "x.csv"), "--table", "plans,tasks")
    assert result.exit_code == 1, explain(result)
    assert "a CSV file holds one table, not 2" in result.stderr
    assert not list(tmp_path.iterdir())


# --- XLSX -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def workbook_path(tmp_path_factory: pytest.TempPathFactory, ws: Workspace) -> Path:
    path = tmp_path_factory.mktemp("xlsx") / "qualpolicy.xlsx"
    render.export(
        build_tables(ws.plans.plans, ws.aligner, ws.actuals, everything(ws)), "xlsx", path
    )
    return path


def test_workbook_has_a_sheet_per_table_with_frozen_filtered_headers(
    workbook_path: Path,
) -> None:
    book = openpyxl.load_workbook(workbook_path)
    assert book.sheetnames == list(TABLE_NAMES)
    for name in TABLE_NAMES:
        sheet = book[name]
        assert [c.value for c in sheet[1]] == [c.name for c in SPECS[name].columns]
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref == sheet.dimensions
        assert all(c.font.bold for c in sheet[1])
    targets = book["targets"]
    widths = {c.value: targets.column_dimensions[c.column_letter].width for c in targets[1]}
    assert widths["quote"] == 60  # long text is capped
    assert widths["kind"] < widths["metric"]  # CJK wording is wider than a short word


def test_workbook_reads_back_every_target_typed(
    workbook_path: Path, entries: list[Aligned]
) -> None:
    sheet = openpyxl.load_workbook(workbook_path)["targets"]
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, r, strict=True)) for r in sheet.iter_rows(min_row=2, values_only=True)]
    got = [
        (r["plan"], r["position"], r["metric"], r["kind"], r["value"], r["year"], r["quote"])
        for r in rows
    ]
    assert got == [expected(e) for e in entries]
    assert {type(r["held"]) for r in rows} == {bool}
    plans = openpyxl.load_workbook(workbook_path)["plans"]
    issued = [r[PLANS.columns.index(PLANS.column("issued"))] for r in plans.iter_rows(2)]
    assert any(cell.is_date for cell in issued)


def test_pandas_reads_the_workbook(workbook_path: Path, entries: list[Aligned]) -> None:
    frame = pd.read_excel(workbook_path, sheet_name="targets")
    assert len(frame) == len(entries)
    assert frame["quote"].tolist() == [e.target.quote for e in entries]
    values = [e.target.value for e in entries]
    assert [None if pd.isna(v) else v for v in frame["value"]] == values


# --- SQLite -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory, ws: Workspace) -> sqlite3.Connection:
    path = tmp_path_factory.mktemp("sqlite") / "qualpolicy.sqlite"
    render.export(
        build_tables(ws.plans.plans, ws.aligner, ws.actuals, everything(ws)), "sqlite", path
    )
    return sqlite3.connect(path)


def test_database_reads_back_every_target_with_exact_values(
    database: sqlite3.Connection, entries: list[Aligned]
) -> None:
    rows = database.execute(
        "SELECT plan, position, metric, kind, value, year, quote FROM targets ORDER BY rowid"
    ).fetchall()
    assert rows == [expected(e) for e in entries]
    types = dict(database.execute("SELECT value, typeof(value) FROM targets WHERE value = 93.07"))
    assert types == {93.07: "real"}
    assert database.execute("SELECT typeof(value) FROM targets WHERE value = 88").fetchone() == (
        "integer",
    )


def test_database_has_keys_indexes_and_a_joined_view(
    database: sqlite3.Connection, entries: list[Aligned], ws: Workspace
) -> None:
    def pk(table: str) -> list[str]:
        info = database.execute(f"PRAGMA table_info({table})").fetchall()
        return [row[1] for row in sorted(info, key=lambda r: r[5]) if row[5]]

    assert pk("plans") == ["id"]
    assert pk("targets") == ["plan", "position"]
    assert pk("metrics") == ["id"]
    assert pk("actuals") == ["position"]
    foreign = database.execute("PRAGMA foreign_key_list(targets)").fetchall()
    assert {(row[2], row[3], row[4]) for row in foreign} == {
        ("plans", "plan", "id"),
        ("metrics", "metric_id", "id"),
    }
    assert database.execute("PRAGMA foreign_key_check").fetchall() == []
    indexed = {row[1] for row in database.execute("PRAGMA index_list(targets)")}
    assert "targets_metric_id" in indexed
    joined = database.execute(
        "SELECT plan, position, plan_level, metric_name FROM target_details ORDER BY rowid"
    ).fetchall()
    names = {m.id: m.name for m in ws.catalogue.metrics}
    assert joined == [
        (e.plan.id, e.index, e.plan.level.value, names.get(e.match.metric_id or ""))
        for e in entries
    ]
    with pytest.raises(sqlite3.IntegrityError):
        database.execute("UPDATE targets SET held = 2 WHERE position = 0")


def test_database_holds_the_actuals_with_a_key_and_an_index(
    database: sqlite3.Connection, ws: Workspace
) -> None:
    rows = database.execute(
        "SELECT position, region, value, year, source_published FROM actuals ORDER BY rowid"
    ).fetchall()
    assert rows == [
        (i, a.region, a.value, a.year, a.source.published and a.source.published.isoformat())
        for i, a in enumerate(ws.actuals.actuals)
    ]
    foreign = database.execute("PRAGMA foreign_key_list(actuals)").fetchall()
    assert {(row[2], row[3], row[4]) for row in foreign} == {("metrics", "metric_id", "id")}
    assert "actuals_metric_id" in {row[1] for row in database.execute("PRAGMA index_list(actuals)")}
    [(*_, detail)] = database.execute(
        "EXPLAIN QUERY PLAN SELECT * FROM actuals WHERE metric_id = 'rd_intensity'"
    ).fetchall()
    assert "USING INDEX actuals_metric_id" in detail
    types = dict(
        database.execute(
            "SELECT value, typeof(value) FROM actuals WHERE year = 2024 AND region = 'national'"
        )
    )
    assert types == {85.6: "real", 93.93: "real", 99: "integer"}


def test_pandas_reads_the_database(database: sqlite3.Connection, entries: list[Aligned]) -> None:
    frame = pd.read_sql("SELECT * FROM targets", database)
    assert len(frame) == len(entries)
    assert list(frame.columns) == [c.name for c in TARGETS.columns]


# --- JSON and the table definitions -----------------------------------------------------------


def test_json_holds_every_table(run: Run, tmp_path: Path, ws: Workspace) -> None:
    data = json.loads(exported(run, tmp_path / "all.json").read_text("utf-8"))
    assert list(data) == list(TABLE_NAMES)
    aligned = ws.aligner.align(ws.plans.plans)
    assert [(r["plan"], r["position"], r["value"]) for r in data["targets"]] == [
        (e.plan.id, e.index, e.target.value) for e in aligned
    ]
    assert len(data["tasks"]) == sum(len(p.tasks) for p in ws.plans.plans)
    assert len(data["metrics"]) == len(ws.catalogue.metrics)
    assert [(r["region"], r["value"], r["year"]) for r in data["actuals"]] == [
        (a.region, a.value, a.year) for a in ws.actuals.actuals
    ]
    described = {(r["table_name"], r["column_name"]) for r in data["columns"]}
    assert described == {(t, c.name) for t, spec in SPECS.items() for c in spec.columns}


def test_columns_are_exactly_the_fields_the_rows_carry(
    ws: Workspace, entries: list[Aligned]
) -> None:
    names = {spec.name: [c.name for c in spec.columns] for spec in (PLANS, TARGETS, TASKS)}
    evidence = everything(ws)
    for entry in entries:
        fields = target_fields(entry, evidence, ws.catalogue)
        assert sorted(fields) == sorted(names["targets"])
    # every field of the JSON output is exported (the match as metric_id, match_*)
    json_fields = set(entry_dict(entries[0])) - {"match"}
    assert json_fields < set(names["targets"])
    for i, actual in enumerate(ws.actuals.actuals):
        fields = actual_fields(i, align_actual(actual, ws.aligner))
        assert sorted(fields) == sorted(c.name for c in ACTUALS.columns)
    for plan in ws.plans.plans:
        assert sorted(plan_fields(plan, ws.aligner)) == sorted(names["plans"])
        for row in task_fields(plan, ws.aligner):
            assert sorted(row) == sorted(names["tasks"])


def test_plans_option_limits_plans_targets_and_tasks_not_the_catalogue_or_actuals(
    run: Run, tmp_path: Path, ws: Workspace
) -> None:
    data = json.loads(exported(run, tmp_path / "two.json", "--plans", "江蘇,hebei").read_text())
    assert [p["id"] for p in data["plans"]] == ["jiangsu", "hebei"]
    assert {t["plan"] for t in data["targets"]} == {"jiangsu", "hebei"}
    assert {t["plan"] for t in data["tasks"]} == {"jiangsu", "hebei"}
    assert len(data["metrics"]) == len(ws.catalogue.metrics)
    assert {p for m in data["metrics"] for p in m["plans"]} <= {"jiangsu", "hebei"}
    assert len(data["actuals"]) == len(ws.actuals.actuals)


def test_the_cli_offers_exactly_the_library_formats() -> None:
    assert tuple(f.value for f in ExportFormat) == render.FORMATS


# --- files are written whole and never over a user's file --------------------------------------


@pytest.mark.parametrize("suffix", ["csv", "xlsx", "sqlite", "json"])
def test_an_existing_file_is_kept_without_force(run: Run, tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"mine.{suffix}"
    path.write_text("the user's own work")
    result = run("export", "--out", str(path))
    assert result.exit_code == 1, explain(result)
    assert "exists already" in result.stderr
    assert "add --force to replace it" in result.stderr
    assert path.read_text() == "the user's own work"
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary file left
    ok(run, "export", "--out", str(path), "--force")
    assert path.read_bytes() != b"the user's own work"
    assert [p.name for p in tmp_path.iterdir()] == [path.name]


def test_the_format_follows_the_suffix_or_must_be_given(run: Run, tmp_path: Path) -> None:
    result = run("export", "--out", str(tmp_path / "data.txt"))
    assert result.exit_code == 2, explain(result)
    assert "cannot tell the format of data.txt" in result.stderr
    path = exported(run, tmp_path / "data.txt", "--format", "json")
    assert json.loads(path.read_text())["plans"]


def test_a_missing_folder_or_unknown_table_is_a_plain_error(run: Run, tmp_path: Path) -> None:
    result = run("export", "--out", str(tmp_path / "no" / "such.xlsx"))
    assert result.exit_code == 1, explain(result)
    assert "does not exist" in result.stderr
    result = run("export", "--out", str(tmp_path / "x.xlsx"), "--table", "targetz")
    assert result.exit_code == 1, explain(result)
    assert "no table called targetz" in result.stderr
    assert "Traceback" not in result.stderr


def test_below_national_can_be_filtered_in_the_export(run: Run, tmp_path: Path) -> None:
    """The targets table says how each target stands against the levels above it and its
    actual, as compare does, whatever plans are exported."""
    path = tmp_path / "targets.csv"
    ok(run, "export", "-o", str(path), "--plans", "内蒙古,金华", "--as-of", "2026-12-07")
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    index = [r for r in rows if r["metric_id"] == "mfg_quality_competitiveness_index"]
    neimenggu = next(r for r in index if r["plan"] == "neimenggu")
    assert (neimenggu["level"], neimenggu["flagged"]) == ("province", "true")
    assert neimenggu["cascade"] == "⚑ below 全国 = 86 (2025)"  # the nation is not exported
    assert neimenggu["headroom"] == "target year 2025 passed; no actual known"
    assert neimenggu["as_of"] == "2026-12-07"
    jinhua = next(r for r in index if r["plan"] == "jinhua" and r["year"] == "2025")
    assert (jinhua["parent"], jinhua["flagged"]) == ("zhejiang", "false")
    assert jinhua["cascade"] == "浙江省 ≥ 93 for 2030; above 全国 = 86 (2025)"
