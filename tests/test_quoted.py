"""validate reads each quote with the clause reader that drafts plans: an entry whose
comparator, year, unit, hedge or held level its own quote contradicts is an error naming
both; a plan declared simplified whose quotes are traditional gets a warning and still
aligns; copies of a document that differ only in quote marks or brackets are one text."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from .helpers import Run, explain, plan_dict

SOURCE = (
    "到2025年，制造业产品质量合格率达到95%以上，制造业质量竞争力指数达到90以上。\n"
    "力争农产品质量安全例行监测合格率稳定在98%以上。\n"
    "建成质量基础设施“一站式”服务平台220个。\n"
)


def write(root: Path, *entries: dict[str, Any], **plan: Any) -> Path:
    data = {**plan_dict(tasks=False), "targets": list(entries), **plan}
    (root / "plans").mkdir(parents=True, exist_ok=True)
    (root / "sources").mkdir(parents=True, exist_ok=True)
    (root / "sources" / "testland.txt").write_text(SOURCE, encoding="utf-8")
    path = root / "plans" / "testland.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def entry(metric: str, value: float, quote: str, **more: Any) -> dict[str, Any]:
    fields = {"comparator": "ge", "unit": "percent", "year": 2025}
    return {"metric": metric, "value": value, **fields, **more, "quote": quote}


def findings(run: Run, path: Path) -> list[dict[str, Any]]:
    result = run("validate", str(path), "--format", "json")
    found: list[dict[str, Any]] = json.loads(result.stdout)
    return found


INDEX_QUOTE = "制造业质量竞争力指数达到90以上"
AGRI = "农产品质量安全例行监测合格率"
AGRI_QUOTE = "力争农产品质量安全例行监测合格率稳定在98%以上"
RATE_QUOTE = "到2025年，制造业产品质量合格率达到95%以上"


@pytest.mark.parametrize(
    ("changed", "code", "message"),
    [
        (
            entry("制造业质量竞争力指数", 90, INDEX_QUOTE, comparator="le", unit="index"),
            "comparator-contradicts-quote",
            "the quote says ≥ (以上), the entry says le",
        ),
        (
            entry("制造业产品质量合格率", 95, RATE_QUOTE, year=2030),
            "year-contradicts-quote",
            "the quote says 2025 (到2025年), the entry says 2030",
        ),
        (
            entry("制造业产品质量合格率", 95, RATE_QUOTE, unit="index"),
            "unit-contradicts-quote",
            "the quote says percent (%), the entry says index",
        ),
        (
            entry(
                "农产品质量安全例行监测合格率",
                98,
                "力争农产品质量安全例行监测合格率稳定在98%以上",
                held=True,
            ),
            "hedge-contradicts-quote",
            "the quote says 力争, the entry has no hedge",
        ),
        (
            entry(
                "农产品质量安全例行监测合格率",
                98,
                "力争农产品质量安全例行监测合格率稳定在98%以上",
                hedge="力争",
            ),
            "held-contradicts-quote",
            "the quote says the level is held (稳定在), the entry does not",
        ),
    ],
    ids=["comparator", "year", "unit", "hedge", "held"],
)
def test_a_field_the_quote_contradicts_is_an_error_naming_both(
    run: Run, tmp_path: Path, changed: dict[str, Any], code: str, message: str
) -> None:
    path = write(tmp_path, changed)
    found = [f for f in findings(run, path) if f["code"] == code]
    assert [(f["severity"], f["message"]) for f in found] == [("error", message)]
    assert run("validate", str(path)).exit_code == 1


def test_an_entry_that_says_what_its_quote_says_is_clean(run: Run, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        entry("制造业产品质量合格率", 95, RATE_QUOTE),
        entry("制造业质量竞争力指数", 90, INDEX_QUOTE, unit="index"),
        entry(
            "农产品质量安全例行监测合格率",
            98,
            "力争农产品质量安全例行监测合格率稳定在98%以上",
            hedge="力争",
            held=True,
        ),
    )
    result = run("validate", str(path))
    assert result.exit_code == 0, explain(result)


def test_a_value_not_in_its_quote_names_the_number_the_quote_has(run: Run, tmp_path: Path) -> None:
    path = write(tmp_path, entry("制造业产品质量合格率", 96, RATE_QUOTE))
    (found,) = [f for f in findings(run, path) if f["code"] == "value-not-in-quote"]
    assert found["message"] == "the value 96 is not written in the quote (the quote has 2025, 95)"


TRADITIONAL = "到2025年，製造業產品質量合格率達到95%以上"


def test_a_traditional_quote_in_a_plan_declared_simplified(run: Run, tmp_path: Path) -> None:
    """Pasted from a mirror page: a warning naming examples, and it still aligns."""
    (tmp_path / "sources").mkdir(parents=True)
    path = write(tmp_path, entry("製造業產品質量合格率", 95, TRADITIONAL))
    (tmp_path / "sources" / "testland.txt").write_text(TRADITIONAL + "。\n", encoding="utf-8")
    found = findings(run, path)
    (mismatch,) = [f for f in found if f["code"] == "script-mismatch"]
    assert mismatch["severity"] == "warning" and "製" in mismatch["message"]
    assert not [f for f in found if f["severity"] == "error"], found
    assert not [f for f in found if "alias" in (f.get("hint") or "")], found
    data = run(
        "compare", "-m", "制造业产品质量合格率", "--own-only", "--data-dir", str(tmp_path),
        "-f", "json",
    )  # fmt: skip
    rows = json.loads(data.stdout)["rows"]
    assert [(r["plan"], r["status"], r["value"]) for r in rows] == [("testland", "figure", 95)]


def test_straight_and_curly_quote_marks_are_one_wording(run: Run, tmp_path: Path) -> None:
    straight = '建成质量基础设施"一站式"服务平台220个'
    path = write(
        tmp_path,
        entry('质量基础设施"一站式"服务平台', 220, straight, comparator="eq", unit="count",
              unit_text="个", year=None),
    )  # fmt: skip
    found = findings(run, path)
    assert not [f for f in found if f["code"] in ("quote-not-found", "unmatched-metric")], found
    data = run("compare", "-m", "one_stop_platforms", "--own-only", "--data-dir", str(tmp_path),
               "-f", "json")  # fmt: skip
    assert [r["status"] for r in json.loads(data.stdout)["rows"]] == ["figure"]
