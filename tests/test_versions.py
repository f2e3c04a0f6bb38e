"""Several documents per region: the documents in force by default, earlier ones as
versions (--all-versions), what was in force on a day (--as-of), how a region's targets
moved from one document to the next (a version diff), and a parent that names a region."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from .helpers import Run, explain

INDEX = "制造业质量竞争力指数"
RATE = "制造业产品质量合格率"


def entry(metric: str, value: float, year: int, comparator: str = "eq", **more: Any) -> Any:
    unit = "index" if metric == INDEX else "percent"
    bound = "以上" if comparator == "ge" else ""
    quote = f"{metric}达到{value:g}{'%' if unit == 'percent' else ''}{bound}"
    fields = {"comparator": comparator, "unit": unit, "year": year, "quote": quote}
    return {"metric": metric, "value": value, **fields, **more}


def plan(plan_id: str, region: str, level: str, issued: dt.date, *targets: Any, **more: Any) -> Any:
    return {
        "id": plan_id,
        "region": region,
        "level": level,
        "title": f"{region}质量强省建设文件",
        "issuer": f"{region}人民政府",
        "issued": issued,
        "source": {"unavailable_reason": "made up by a test"},
        "script": "simplified",
        "horizon": sorted({t["year"] for t in targets}),
        "targets": list(targets),
        **more,
    }


@pytest.fixture
def land(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = tmp_path / "data"
    (data / "plans").mkdir(parents=True)
    plans = [
        plan("national", "全国", "national", dt.date(2023, 2, 6), entry(INDEX, 86, 2025)),
        plan(
            "jia_2018", "甲省", "province", dt.date(2018, 7, 1), entry(INDEX, 89, 2020, "ge"),
            document_type="opinions", period=[2018, 2020],
        ),
        plan(
            "jia", "甲省", "province", dt.date(2023, 4, 24), entry(INDEX, 90, 2025),
            document_type="outline", supersedes=["jia_2018"],
        ),
        plan(
            "jia_action_2023", "甲省", "province", dt.date(2023, 7, 3),
            entry(RATE, 95, 2025, "ge"), document_type="action_plan", period=[2023, 2025],
        ),
        plan(
            "jiashi", "甲市", "prefecture", dt.date(2023, 9, 1), entry(INDEX, 88, 2025),
            entry(RATE, 94, 2025, "ge"), parent="jia", document_type="opinions",
        ),
    ]  # fmt: skip
    for p in plans:
        text = yaml.safe_dump(p, allow_unicode=True, sort_keys=False)
        (data / "plans" / f"{p['id']}.yaml").write_text(text, encoding="utf-8")
    monkeypatch.setenv("QUALPOLICY_OWN_ONLY", "1")
    monkeypatch.setenv("QUALPOLICY_DATA", str(data))
    return data


def listed(run: Run, *args: str) -> dict[str, dict[str, Any]]:
    result = run("plans", "--format", "json", *args)
    assert result.exit_code == 0, explain(result)
    return {p["id"]: p for p in json.loads(result.stdout)}


def test_plans_lists_the_documents_in_force(run: Run, land: Path) -> None:
    now = listed(run)
    assert set(now) == {"national", "jia", "jia_action_2023", "jiashi"}
    assert (now["jia"]["document_type"], now["jia"]["in_force"]) == ("outline", True)
    assert now["jia_action_2023"]["period"] == "2023–2025"
    every = listed(run, "--all-versions")
    assert every["jia_2018"]["in_force"] is False
    assert every["jia_2018"]["superseded_by"] == "jia"
    assert "superseded by jia" in " ".join(run("plans", "--all-versions").stdout.split())
    then = listed(run, "--as-of", "2020")
    assert set(then) == {"jia_2018"}  # nothing else had been issued
    assert set(listed(run, "--type", "action_plan")) == {"jia_action_2023"}


def rows(run: Run, *args: str) -> dict[str, dict[str, Any]]:
    result = run("compare", "-m", INDEX, "--format", "json", *args)
    assert result.exit_code == 0, explain(result)
    return {r["plan"]: r for r in json.loads(result.stdout)["rows"] if r["status"] == "figure"}


def test_compare_uses_the_documents_in_force_on_the_day(run: Run, land: Path) -> None:
    assert set(rows(run)) == {"national", "jia", "jiashi"}
    assert "jia_2018" in rows(run, "--all-versions")
    assert set(rows(run, "--as-of", "2020-12-31")) == {"jia_2018"}


def test_a_parent_names_its_region_every_document_in_force_there_is_above(
    run: Run, land: Path
) -> None:
    index = rows(run)["jiashi"]
    assert index["cascade"][0] == "⚑ below 甲省 = 90 (2025)"
    result = run("compare", "-m", RATE, "--format", "json")
    city = next(r for r in json.loads(result.stdout)["rows"] if r["plan"] == "jiashi")
    assert city["cascade"] == ["⚑ below 甲省 ≥ 95% (2025)"]  # the action plan's figure


def test_a_version_diff_shows_how_the_regions_targets_moved(run: Run, land: Path) -> None:
    result = run("diff", "jia_2018", "jia", "--no-themes", "--format", "json")
    assert result.exit_code == 0, explain(result)
    (pair,) = json.loads(result.stdout)["pairs"]
    assert pair["verdict"] == "raised"
    assert pair["verdict_text"] == "raised in the later document (≥ 89 (2020) → = 90 (2025))"
    table = " ".join(run("diff", "jia_2018", "jia", "--no-themes").stdout.split())
    assert "jia_2018" in table and "not comparable" not in table


def test_a_region_with_several_documents_in_force_lists_them(run: Run, land: Path) -> None:
    result = run("diff", "甲省", "national")
    assert result.exit_code == 2
    assert "'甲省' names 2 documents: jia (outline, 2023-04-24), jia_action_2023" in result.stderr
    searched = run("search", "制造业", "--substring", "-p", "甲省", "--format", "json")
    assert {h["plan"] for h in json.loads(searched.stdout)["hits"]} == {"jia", "jia_action_2023"}


# --- the shipped documents ----------------------------------------------------------------------

SUPERSEDED = {"shandong_2018": "shandong", "liaoning_2019": "liaoning", "shanghai_2018": "shanghai"}


def test_the_shipped_earlier_versions_are_listed_on_asking(run: Run) -> None:
    default = json.loads(run("plans", "-f", "json").stdout)
    every = json.loads(run("plans", "-f", "json", "--all-versions").stdout)
    assert SUPERSEDED.keys().isdisjoint(p["id"] for p in default)
    later = {p["id"]: p["superseded_by"] for p in every if not p["in_force"]}
    assert later == SUPERSEDED
    assert len(every) == len(default) + len(SUPERSEDED)
    yunnan = next(p for p in every if p["id"] == "yunnan_2016")
    assert (yunnan["in_force"], yunnan["period_ended"]) == (True, True)  # 2016–2020, no successor


def test_as_of_2019_the_shipped_earlier_versions_were_in_force(run: Run) -> None:
    then = {p["id"] for p in json.loads(run("plans", "-f", "json", "--as-of", "2019").stdout)}
    assert set(SUPERSEDED) <= then
    assert not {"shandong", "shanghai", "national", "zhengzhou_2024"} & then  # not out yet
    index = json.loads(run("compare", "-m", INDEX, "-f", "json", "--as-of", "2019").stdout)
    figures = {r["plan"] for r in index["rows"] if r["status"] == "figure"}
    assert {"shandong_2018", "shanghai_2018"} <= figures and "shandong" not in figures


def test_the_shipped_version_diff_of_shandong(run: Run) -> None:
    result = run("diff", "shandong_2018", "shandong", "--no-themes", "-f", "json")
    assert result.exit_code == 0, explain(result)
    verdicts = [(p["metric"]["id"], p["verdict"]) for p in json.loads(result.stdout)["pairs"]]
    assert verdicts == [
        ("mfg_quality_competitiveness_index", "raised"),  # ≥ 89 (2020) → = 90 (2025)
        ("mfg_quality_competitiveness_index", "one_sided"),  # +4.7 by 2020: a change
        ("agri_monitoring_pass_rate", "kept"),
    ]


def test_progress_measures_superseded_documents_only_on_asking(run: Run) -> None:
    default = json.loads(run("progress", "-f", "json").stdout)
    every = json.loads(run("progress", "-f", "json", "--all-versions").stdout)
    assert not {r["plan"] for r in default} & set(SUPERSEDED)
    assert set(SUPERSEDED) <= {r["plan"] for r in every}
