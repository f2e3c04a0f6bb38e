"""`qualpolicy validate` reports every finding it can in one run.

A plan that fails the models (a type error, an unknown key, a value outside a closed
vocabulary) still has the rest of it checked in the same run: the rules, the quotes
against the source text and the metric wordings, each wherever it reads nothing
broken. What only follows from the broken field is never reported.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from .helpers import explain

Run = Callable[..., Any]

SOURCE = (
    "测试省质量强省建设实施方案\n"
    "一、主要目标\n"
    "到2025年，制造业产品质量合格率达到95%以上，单位地区生产总值能源消耗较2020年下降14%，"
    "食品抽检合格率达到98%以上。\n"
    "二、加强质量基础设施建设\n"
    "全面提升计量、标准、认证认可、检验检测能力。\n"
)

HEADER = """\
id: testland
region: 测试省
level: province
title: 测试省质量强省建设实施方案
issuer: 测试省人民政府
issued: 2023-03-10
source:
  file: testland.txt
script: simplified
horizon: [2025, 2030]
"""
# lines 1-10 above; targets: on line 11 and each entry below on 6 to 8 lines

# targets[0]: its quote says 96, the source 95 (lines 12-17, quote on 17)
WRONG_QUOTE = """\
- metric: 制造业产品质量合格率
  value: 96
  comparator: ge
  unit: percent
  year: 2025
  quote: 制造业产品质量合格率达到96%以上
"""
# targets[1]: a base year but no change (lines 18-24, base_year on 23)
BASE_WITHOUT_CHANGE = """\
- metric: 单位地区生产总值能源消耗
  value: 14
  comparator: eq
  unit: percent
  year: 2025
  base_year: 2020
  quote: 单位地区生产总值能源消耗较2020年下降14%
"""
# targets[2]: "98%" for a number (lines 25-30, value on 26)
PERCENT_TEXT = """\
- metric: 食品抽检合格率
  value: 98%
  comparator: ge
  unit: percent
  year: 2025
  quote: 食品抽检合格率达到98%以上
"""


def write(root: Path, text: str) -> Path:
    """``root/plans/testland.yaml`` holding ``text``, beside its source text."""
    (root / "plans").mkdir(parents=True, exist_ok=True)
    (root / "sources").mkdir(parents=True, exist_ok=True)
    (root / "sources" / "testland.txt").write_text(SOURCE, encoding="utf-8")
    path = root / "plans" / "testland.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def validate(run: Run, path: Path, *args: str) -> tuple[Any, list[dict[str, Any]]]:
    result = run(
        "validate", "--format", "json", *args, "--data-dir", str(path.parents[1]), str(path)
    )
    assert "Traceback" not in result.stdout + result.stderr, explain(result)
    return result, json.loads(result.stdout)


def located(findings: list[dict[str, Any]]) -> list[tuple[str, int, int, str]]:
    return [(f["code"], f["line"], f["column"], f["path"]) for f in findings]


def test_a_type_error_a_rule_and_a_quote_are_reported_in_one_run(run: Run, tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + "targets:\n" + WRONG_QUOTE + BASE_WITHOUT_CHANGE + PERCENT_TEXT)
    result, findings = validate(run, path)
    assert result.exit_code == 1, explain(result)
    assert located(findings) == [
        ("quote-not-found", 17, 10, "targets[0].quote"),
        ("base-year-needs-change", 23, 14, "targets[1].base_year"),
        ("not-a-number", 26, 10, "targets[2].value"),
    ], explain(result)
    assert {f["severity"] for f in findings} == {"error"}
    # the same, as text: every finding located by line and column
    text = run("validate", "--data-dir", str(tmp_path), str(path))
    assert text.exit_code == 1, explain(text)
    lines = [line for line in text.stdout.splitlines() if not line.startswith("    hint:")]
    assert [line.split(": ", 1)[0].rsplit("/", 1)[-1] for line in lines] == [
        "testland.yaml:17:10",
        "testland.yaml:23:14",
        "testland.yaml:26:10",
    ], explain(text)
    assert text.stderr.strip() == "1 file checked: 3 errors, 0 warnings", explain(text)


def test_a_header_error_leaves_the_entries_and_their_wordings_checked(
    run: Run, tmp_path: Path
) -> None:
    """A broken header field (level), a broken entry, a rule, a quote, a task's text and a
    wording finding: all at once, sorted by where they stand."""
    cumulative = (
        "- metric: 累计主导制定国际标准\n"  # line 31
        "  value: 5\n"
        "  comparator: ge\n"
        "  unit: count\n"
        "  unit_text: 项\n"
        "  year: 2025\n"
        "  quote: 食品抽检合格率达到98%以上\n"  # line 37: in the source, but no 5 in it
    )
    tasks = (
        "tasks:\n"  # line 38
        "- number: '1'\n"
        "  title: 加强质量基础设施建设\n"
        "  text: 全面提升计量能力。\n"  # line 41: not in the source
    )
    text = HEADER.replace("level: province", "level: state")
    path = write(
        tmp_path,
        text + "targets:\n" + WRONG_QUOTE + BASE_WITHOUT_CHANGE + PERCENT_TEXT + cumulative + tasks,
    )
    result, findings = validate(run, path)
    assert result.exit_code == 1, explain(result)
    assert [(code, line) for code, line, _, _ in located(findings)] == [
        ("not-allowed", 3),
        ("quote-not-found", 17),
        ("base-year-needs-change", 23),
        ("not-a-number", 26),
        ("basis-in-wording", 31),
        ("unmatched-metric", 31),
        ("value-not-in-quote", 32),
        ("quote-not-found", 41),
    ], explain(result)
    [wording] = [f for f in findings if f["code"] == "basis-in-wording"]
    assert wording["severity"] == "warning" and "累计" in wording["message"]


def test_a_broken_entry_still_has_its_quote_checked(run: Run, tmp_path: Path) -> None:
    """The quote does not depend on the value: a broken value costs the figure's checks
    (value-not-in-quote), not the quote's."""
    broken = PERCENT_TEXT.replace("食品抽检合格率达到98%以上", "食品抽检合格率达到99%以上")
    path = write(tmp_path, HEADER + "targets:\n" + broken)
    result, findings = validate(run, path)
    assert result.exit_code == 1, explain(result)
    assert located(findings) == [
        ("not-a-number", 13, 10, "targets[0].value"),
        ("quote-not-found", 17, 10, "targets[0].quote"),
    ], explain(result)


def test_a_broken_entry_still_has_the_checks_of_its_sound_fields(run: Run, tmp_path: Path) -> None:
    """The value is broken, and the same entry sets a base year without a change: both at
    once, but nothing the value's absence would cause (missing-figure, value-not-in-quote)."""
    broken = BASE_WITHOUT_CHANGE.replace("value: 14", "value: 14%")
    path = write(tmp_path, HEADER + "targets:\n" + broken)
    result, findings = validate(run, path)
    assert result.exit_code == 1, explain(result)
    assert located(findings) == [
        ("not-a-number", 13, 10, "targets[0].value"),
        ("base-year-needs-change", 17, 14, "targets[0].base_year"),
    ], explain(result)


# --- nothing that only follows from a broken field -----------------------------------------


@pytest.mark.parametrize(
    ("header", "entries", "expected"),
    [
        pytest.param(
            # issued is broken: a baseline for 2024 is not "in the future" of an issue date
            # the file does not give (the horizon's 2023 would say so)
            HEADER.replace("issued: 2023-03-10", "issued: 2024年3月").replace(
                "[2025, 2030]", "[2023, 2025]"
            ),
            WRONG_QUOTE.replace("year: 2025", "year: 2024").replace(
                "comparator: ge", "comparator: ge\n  kind: baseline"
            ),
            [("wrong-type", 6), ("quote-not-found", 18)],
            id="issued",
        ),
        pytest.param(
            # level is broken: a parent is not "above the province" of a stand-in level
            HEADER.replace("level: province", "level: city\nparent: jiangsu"),
            WRONG_QUOTE,
            [("not-allowed", 3), ("quote-not-found", 18)],
            id="level",
        ),
        pytest.param(
            # horizon is broken: 2030 is not "after the last horizon year"
            HEADER.replace("[2025, 2030]", "[2025, 二〇三〇]"),
            WRONG_QUOTE.replace("year: 2025", "year: 2030"),
            [("not-a-number", 10), ("quote-not-found", 17)],
            id="horizon",
        ),
        pytest.param(
            # the value is broken: its quote need not write it
            HEADER,
            PERCENT_TEXT.replace(
                "食品抽检合格率达到98%以上", "到2025年，制造业产品质量合格率达到95%以上"
            ),
            [("not-a-number", 13)],
            id="value",
        ),
        pytest.param(
            # the kind is broken: an entry without a figure may be the direction it meant
            HEADER,
            "- metric: 制造业产品质量合格率\n  kind: trend\n  trend: increase\n"
            "  quote: 制造业产品质量合格率达到96%以上\n",
            [("not-allowed", 13), ("quote-not-found", 15)],
            id="kind",
        ),
        pytest.param(
            # the trend is broken: the direction entry does not lack one
            HEADER,
            "- metric: 制造业产品质量合格率\n  kind: direction\n  trend: up\n"
            "  quote: 制造业产品质量合格率达到95%以上\n",
            [("not-allowed", 14)],
            id="trend",
        ),
        pytest.param(
            # the task's text is broken: the task does not lack words
            HEADER,
            WRONG_QUOTE + "tasks:\n- number: '1'\n  text: 2025\n- number: '1'\n  title: 主要任务\n",
            [
                ("quote-not-found", 17),
                ("not-text", 20),
                ("duplicate-task-number", 21),
                ("quote-not-found", 22),
            ],
            id="task-text",
        ),
        pytest.param(
            # the source is broken: no quote is checked against a text it may not name
            HEADER.replace("  file: testland.txt", "  fil: testland.txt"),
            WRONG_QUOTE,
            [("unknown-field", 8)],
            id="source",
        ),
    ],
)
def test_no_finding_follows_from_the_broken_field(
    run: Run, tmp_path: Path, header: str, entries: str, expected: list[tuple[str, int]]
) -> None:
    path = write(tmp_path, header + "targets:\n" + entries)
    result, findings = validate(run, path)
    assert result.exit_code == 1, explain(result)
    assert [(f["code"], f["line"]) for f in findings] == expected, explain(result)


def test_a_misspelt_flag_silences_the_checks_that_would_read_it(run: Run, tmp_path: Path) -> None:
    """`per_yeer: true` may well be the per_year the wording's 每年 asks for: the entry's
    wording is not held against flags it may have set."""
    entry = (
        "- metric: 每年主导制定国际标准\n"  # line 12
        "  value: 5\n"
        "  comparator: ge\n"
        "  unit: count\n"
        "  year: 2025\n"
        "  per_yeer: true\n"  # line 17
        "  quote: 每年主导制定国际标准5项\n"
    )
    header = HEADER.replace("  file: testland.txt", "  unavailable_reason: read from a web page")
    path = write(tmp_path, header + "targets:\n" + entry)
    result, findings = validate(run, path)
    assert [(f["code"], f["line"]) for f in findings] == [
        ("no-source-text", 8),
        ("unknown-field", 17),
    ], explain(result)
    # control: with the key spelt right but left out, the wording's 每年 is reported
    path = write(tmp_path, header + "targets:\n" + entry.replace("  per_yeer: true\n", ""))
    result, findings = validate(run, path)
    assert "basis-in-wording" in {f["code"] for f in findings}, explain(result)


def test_ids_used_twice_are_found_in_a_file_that_fails_the_models(run: Run, tmp_path: Path) -> None:
    first = write(tmp_path, HEADER + "targets:\n" + PERCENT_TEXT)
    second = first.with_suffix(".yml")
    second.write_text(HEADER, encoding="utf-8")
    result = run(
        "validate", "--format", "json", "--data-dir", str(tmp_path), str(tmp_path / "plans")
    )
    findings = json.loads(result.stdout)
    assert [(Path(f["file"]).name, f["code"]) for f in findings] == [
        ("testland.yaml", "not-a-number"),
        ("testland.yml", "duplicate-plan-id"),
    ], explain(result)
