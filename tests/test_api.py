"""The notebook API: ``import qualpolicy as qp; ws = qp.load()``.

Records carry exactly the fields of the CLI's JSON; pandas is optional, and the
package imports and exports without it.  The README's notebook example runs.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path
from typing import Any

import pytest

import qualpolicy as qp
from qualpolicy.api import Session
from qualpolicy.errors import PlanNotFound, QualpolicyError, SamePlan, UnknownMetric

from .conftest import DATA
from .helpers import Run, cli_json, ok, python
from .test_compare import MFG_INDEX, MFG_INDEX_SPELLINGS

README = Path(__file__).resolve().parents[1] / "README.md"


@pytest.fixture(scope="module")
def session() -> Session:
    return qp.load(DATA)


@pytest.mark.parametrize("spelling", MFG_INDEX_SPELLINGS)
def test_compare_records_are_the_json_rows(run: Run, session: Session, spelling: str) -> None:
    cmp = session.compare(spelling)
    assert cmp.comparison.metric.id == MFG_INDEX
    json_rows = cli_json(run, "compare", "--metric", spelling, "--format", "json")["rows"]
    assert cmp.to_records() == json_rows


def test_compare_to_pandas(session: Session) -> None:
    frame = session.compare("食品抽检合格率", plans=["江蘇", "浙江"]).to_pandas()
    assert set(frame["plan"]) == {"jiangsu", "zhejiang"}
    figures = frame[frame["status"] == "figure"]
    assert figures[["plan", "kind", "value"]].values.tolist() == [
        ["zhejiang", "target", 99.0],
        ["jiangsu", "target", 98.0],
        ["zhejiang", "baseline", 99.1],
    ]
    assert "match.metric" in frame.columns  # nested fields become dotted columns


def test_diff_records_are_the_json_pairs(run: Run, session: Session) -> None:
    d = session.diff("江苏", "浙江", themes=False)
    assert (
        d.to_records()
        == cli_json(run, "diff", "江苏", "浙江", "--no-themes", "-f", "json")["pairs"]
    )
    frame = d.to_pandas()
    assert len(frame) == len(d.diff.pairs)
    first = frame.iloc[0]
    assert (first["metric.id"], first["a.value"], first["b.value"]) == (MFG_INDEX, 88, 93)


def test_plans_are_typed_and_tabular(session: Session, ws: Any) -> None:
    plans = session.plans
    assert [p.id for p in plans] == [p.id for p in ws.plans.plans]
    assert plans["江蘇"].id == "jiangsu"
    assert plans[-1].id == ws.plans.plans[-1].id
    frame = plans.to_pandas()
    assert frame["id"].tolist() == [p.id for p in plans]
    assert list(frame.columns) == plans.columns()
    with pytest.raises(PlanNotFound):
        plans["atlantis"]


def test_tables_keep_their_column_order_even_when_empty(session: Session) -> None:
    tasks = session.table("tasks", plans=["national"])  # the outline ships no tasks
    assert tasks.to_records() == []
    frame = tasks.to_pandas()
    assert frame.empty
    assert list(frame.columns)[:3] == ["plan", "position", "number"]
    targets = session.table("targets", plans="jiangsu").to_pandas()
    assert set(targets["plan"]) == {"jiangsu"}


def test_a_bad_name_raises_the_library_error(session: Session) -> None:
    with pytest.raises(UnknownMetric, match="no metric called") as raised:
        session.compare("制造业质量竞争指数")
    assert "did you mean: 制造业质量竞争力指数" in str(raised.value.hint)


@pytest.mark.parametrize("section", ["## In a notebook", "## As a library"])
def test_each_readme_api_example_runs(tmp_path: Path, section: str) -> None:
    text = README.read_text("utf-8")
    part = text.split(section, 1)[1].split("\n## ", 1)[0]
    [code] = re.findall(r"```python\n(.*?)```", part, re.S)
    done = python(code, tmp_path / "cache", cwd=tmp_path)
    if section == "## In a notebook":
        assert "浙江省 figure ge 93 2030" in done.stdout
        assert "verdict" in done.stdout and "is part of the names of 2 metrics" in done.stdout
        in_force = len(qp.load().table("plans").to_records())  # the documents in force
        assert f"searched {in_force} plans" in done.stdout
        assert (tmp_path / "qualpolicy.xlsx").stat().st_size > 10_000
    else:
        assert "浙江省 93 2030" in done.stdout


# --- the API answers as the CLI does -------------------------------------------------------------


def test_a_shared_name_gives_each_metric_as_the_cli_does(run: Run, session: Session) -> None:
    both = session.compare("首席质量官")
    assert [c.metric.id for c in both.comparisons] == ["cqo_coverage", "cqo_count"]
    assert both.note is not None and "is part of the names of 2 metrics" in both.note
    data = cli_json(run, "compare", "--metric", "首席质量官", "-f", "json")
    assert both.to_records() == [row for cmp in data for row in cmp["rows"]]
    assert session.compare("cqo_count").note is None


def test_a_plan_is_not_diffed_with_itself(session: Session) -> None:
    with pytest.raises(SamePlan, match="named twice"):
        session.diff("江苏", "江蘇")


def test_progress_is_the_progress_json(run: Run, session: Session) -> None:
    answer = session.progress(as_of="2026-12-07")
    assert answer.to_records() == cli_json(run, "progress", "-f", "json", "--as-of", "2026-12-07")
    one = session.progress(plans=["national"], metric="制造业质量竞争力指数", as_of="2024")
    assert [(r["plan"], r["status"], r["years"]) for r in one.to_records()] == [
        ("national", "to_go", 1)
    ]


def test_map_flags_and_history_are_their_commands_json(run: Run, session: Session) -> None:
    index = "制造业质量竞争力指数"
    assert session.map(index).to_records() == cli_json(run, "map", "-m", index, "-f", "json")
    earlier = session.map(index, year=2020, all_versions=True).to_records()
    assert earlier == cli_json(
        run, "map", "-m", index, "--year", "2020", "--all-versions", "-f", "json"
    )
    assert session.flags().to_records() == cli_json(run, "flags", "-f", "json")
    chosen = session.flags(level="city", metric=index).to_records()
    assert chosen == cli_json(run, "flags", "--level", "city", "-m", index, "-f", "json")
    assert chosen and {f["level"] for f in chosen} == {"prefecture"}
    shandong = session.history("山東")
    data = cli_json(run, "history", "山东", "-f", "json")
    assert shandong.data() == data and shandong.to_records() == data["metrics"]
    assert len(session.flags().to_pandas()) == len(session.flags().flags)


def test_the_report_has_the_national_picture_as_the_command_writes_it(
    run: Run, session: Session, tmp_path: Path
) -> None:
    session.report(tmp_path / "api.html", plans=["山东"])
    ok(run, "report", "--out", str(tmp_path / "cli.html"), "-p", "山东")
    written = (tmp_path / "api.html").read_text("utf-8")
    assert '<section id="national">' in written
    assert written == (tmp_path / "cli.html").read_text("utf-8")


def test_search_is_the_search_json(run: Run, session: Session) -> None:
    found = session.search("首席质量官")
    data = cli_json(run, "search", "首席质量官", "-f", "json")
    assert found.to_records() == data["hits"]
    assert found.searched.describe() == data["searched"]["text"]
    with pytest.raises(QualpolicyError, match="empty"):
        session.search(" ")


def test_frames_keep_whole_numbers_whole_and_one_missing_value(session: Session) -> None:
    import pandas as pd

    frame = session.diff("江苏", "浙江", themes=False).to_pandas()
    assert "a" not in frame.columns and "b" not in frame.columns  # only a.value, a.year …
    assert str(frame["a.year"].dtype) == "Int64"
    assert frame["a.year"].dropna().tolist()[0] == 2025
    late = session.progress(as_of="2026-12-07").to_pandas()
    assert str(late["target.year"].dtype) == "Int64"
    gaps = [v for column in late.columns for v in late[column] if v is None]
    assert gaps == []  # every gap is pd.NA
    assert late["years"].isna().any() and late["years"].map(lambda v: v is pd.NA).any()


def test_imports_and_exports_without_pandas(tmp_path: Path) -> None:
    code = textwrap.dedent(
        """
        import sys
        sys.modules["pandas"] = None  # as if not installed: importing it fails
        import qualpolicy as qp
        ws = qp.load()
        rows = ws.compare("制造业质量竞争力指数").to_records()
        for fmt in ("csv", "xlsx", "sqlite", "json"):
            ws.export(f"out.{fmt}", fmt)
        ws.report("report.html")
        try:
            ws.plans.to_pandas()
        except ImportError as exc:
            print(exc)
        print(len(rows))
        """
    )
    done = python(code, tmp_path / "cache", cwd=tmp_path)
    expected = len(qp.load().compare("制造业质量竞争力指数").to_records())
    assert done.stdout.splitlines() == [
        "to_pandas() needs pandas: pip install 'qualpolicy[pandas]'",
        str(expected),
    ]
    assert sorted(p.name for p in tmp_path.glob("out.*")) == [
        "out.csv",
        "out.json",
        "out.sqlite",
        "out.xlsx",
    ]


def test_nothing_heavy_is_imported_to_start(tmp_path: Path) -> None:
    code = textwrap.dedent(
        """
        import sys
        import qualpolicy.cli  # what every command imports before it runs
        heavy = ("pandas", "openpyxl", "qualpolicy.api", "qualpolicy.render.dataset")
        print([m for m in heavy if m in sys.modules])
        import qualpolicy as qp
        qp.load().compare("制造业质量竞争力指数").to_records()
        print([m for m in heavy[:2] if m in sys.modules])
        """
    )
    assert python(code, tmp_path / "cache").stdout.splitlines() == ["[]", "[]"]
