"""`qualpolicy validate` and `qualpolicy schema --check`: exit codes, formats, data directories."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from qualpolicy.checks import schema
from qualpolicy.cli.common import State
from qualpolicy.loading.datadir import shipped_data_dir

from .helpers import explain, plan_dict

DATA = shipped_data_dir()
SUMMARY = re.compile(r"^(\d+) files? checked: (\d+) errors?, (\d+) warnings?$")
FINDING_KEYS = {"file", "line", "column", "severity", "code", "message", "hint", "path"}

SOURCE_TEXT = "到2025年，制造业产品质量合格率达到95%以上。\n（供越界用例引用）合格率达到120%。\n"


def shipped_file_count(data: Path = DATA) -> int:
    """What `validate` checks by default: every plan, plus the catalogue, the vocabulary
    and any other data file the validator knows (``data_files()``) that is present."""
    from qualpolicy.checks.validate import data_files

    known = set(data_files())
    assert {"metrics.yaml", "vocabulary.yaml"} <= known
    plans = [p for p in (data / "plans").iterdir() if p.suffix in (".yaml", ".yml")]
    others = [name for name in known if (data / name).is_file()]
    assert len(plans) >= 1 and len(others) >= 2
    return len(plans) + len(others)


def small_plan(**source: Any) -> dict[str, Any]:
    return plan_dict(tasks=False, **source)


def write_plan(root: Path, plan: dict[str, Any]) -> Path:
    """``root/plans/<id>.yaml`` and its source text; lines as in ``small_plan``:

    1 id, 2 region, 3 level, 4 title, 5 issuer, 6 issued, 7 source:, 8 its first key,
    9 script, 10 horizon:, 11-12 years, 13 targets:, 14 - metric, 15 value, 16 comparator,
    17 unit, 18 year, 19 quote.
    """
    (root / "plans").mkdir(parents=True, exist_ok=True)
    (root / "sources").mkdir(parents=True, exist_ok=True)
    (root / "sources" / "testland.txt").write_text(SOURCE_TEXT, encoding="utf-8")
    path = root / "plans" / f"{plan['id']}.yaml"
    path.write_text(yaml.safe_dump(plan, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture
def bad_plan(tmp_path: Path) -> Path:
    """A plan with one error: a percentage of 120 (line 15, column 10)."""
    plan = small_plan()
    plan["targets"][0]["value"] = 120
    plan["targets"][0]["comparator"] = "eq"
    plan["targets"][0]["quote"] = "合格率达到120%"
    return write_plan(tmp_path, plan)


@pytest.fixture
def warning_plan(tmp_path: Path) -> Path:
    """A plan whose only finding is a warning: no source text and no reason given."""
    return write_plan(tmp_path, small_plan(urls=["https://example.org/plan"]))


@pytest.fixture
def no_debug(monkeypatch: pytest.MonkeyPatch) -> None:
    """`--debug` sets a class attribute that outlives the invocation; restore it."""
    monkeypatch.setattr(State, "debug", False)
    monkeypatch.delenv("QUALPOLICY_DEBUG", raising=False)


# --------------------------------------------------------------------------- shipped data


def test_shipped_data_validates_clean(run: Callable[..., Any]) -> None:
    count = shipped_file_count()
    result = run("validate")
    assert result.exit_code == 0, explain(result)
    assert result.stdout == "", explain(result)  # info findings are not shown as text
    assert result.stderr.strip() == f"{count} files checked: 0 errors, 0 warnings"


def test_shipped_data_validates_clean_with_strict(run: Callable[..., Any]) -> None:
    result = run("validate", "--strict")
    assert result.exit_code == 0, explain(result)


def test_shipped_data_named_explicitly(run: Callable[..., Any]) -> None:
    result = run("validate", str(DATA))
    assert result.exit_code == 0, explain(result)
    assert result.stderr.strip() == f"{shipped_file_count()} files checked: 0 errors, 0 warnings"


def test_shipped_data_as_json_is_an_empty_list_or_infos(run: Callable[..., Any]) -> None:
    result = run("validate", "--format", "json")
    assert result.exit_code == 0, explain(result)
    findings = json.loads(result.stdout)
    assert isinstance(findings, list)
    assert {f["severity"] for f in findings} <= {"info"}, explain(result)


def test_quiet_drops_the_summary(run: Callable[..., Any]) -> None:
    result = run("validate", "--quiet")
    assert result.exit_code == 0, explain(result)
    assert result.stderr == "", explain(result)


# --------------------------------------------------------------------------- exit codes


def test_errors_exit_1(run: Callable[..., Any], bad_plan: Path) -> None:
    result = run("validate", "--data-dir", str(bad_plan.parents[1]), str(bad_plan))
    assert result.exit_code == 1, explain(result)
    assert re.search(
        r"testland\.yaml:15:10: error: targets\[0\]\.value: a percentage cannot exceed 100, "
        r"found 120 \[percent-range\]$",
        result.stdout,
        re.MULTILINE,
    ), explain(result)
    assert result.stderr.strip() == "1 file checked: 1 error, 0 warnings"


def test_warning_only_exits_0(run: Callable[..., Any], warning_plan: Path) -> None:
    result = run("validate", "--data-dir", str(warning_plan.parents[1]), str(warning_plan))
    assert result.exit_code == 0, explain(result)
    assert re.search(
        r"testland\.yaml:8:3: warning: source: no source text ships with this plan: its "
        r"quote is not checked \[no-source-text\]$",
        result.stdout,
        re.MULTILINE,
    ), explain(result)
    assert "hint: add source.file, or say why in source.unavailable_reason" in result.stdout
    assert result.stderr.strip() == "1 file checked: 0 errors, 1 warning"


def test_warning_only_exits_1_with_strict(run: Callable[..., Any], warning_plan: Path) -> None:
    result = run(
        "validate", "--strict", "--data-dir", str(warning_plan.parents[1]), str(warning_plan)
    )
    assert result.exit_code == 1, explain(result)
    assert "[no-source-text]" in result.stdout, explain(result)
    assert result.stderr.strip() == "1 file checked: 0 errors, 1 warning"


def test_acknowledged_missing_source_is_info_only(run: Callable[..., Any], tmp_path: Path) -> None:
    path = write_plan(tmp_path, small_plan(unavailable_reason="the text is not public"))
    text = run("validate", "--strict", "--data-dir", str(tmp_path), str(path))
    assert text.exit_code == 0, explain(text)
    assert text.stdout == "", explain(text)  # info is not printed as text
    assert text.stderr.strip() == "1 file checked: 0 errors, 0 warnings"
    as_json = run("validate", "--format", "json", "--data-dir", str(tmp_path), str(path))
    findings = json.loads(as_json.stdout)
    assert [(f["severity"], f["code"], f["line"], f["column"]) for f in findings] == [
        ("info", "no-source-text", 8, 3)
    ], explain(as_json)


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(("validate", "/nonexistent/plan.yaml"), id="nonexistent-path"),
        pytest.param(("validate", "--no-such-option"), id="unknown-option"),
        pytest.param(("validate", "--format", "xml"), id="unknown-format"),
        pytest.param(("no-such-command",), id="unknown-command"),
    ],
)
def test_usage_errors_exit_2(run: Callable[..., Any], args: tuple[str, ...]) -> None:
    result = run(*args)
    assert result.exit_code == 2, explain(result)
    assert result.stdout == "", explain(result)
    assert "Traceback" not in result.stderr


def test_nonexistent_path_is_named(run: Callable[..., Any]) -> None:
    result = run("validate", "/nonexistent/plan.yaml")
    assert result.stderr.strip() == "error: no such file or directory: /nonexistent/plan.yaml"


def test_nonexistent_data_dir_exits_2(run: Callable[..., Any]) -> None:
    result = run("validate", "--data-dir", "/nonexistent/data")
    assert result.exit_code == 2, explain(result)


def test_nonexistent_data_dir_is_named(run: Callable[..., Any]) -> None:
    result = run("validate", "--data-dir", "/nonexistent/data")
    assert result.exit_code == 2, explain(result)
    assert "/nonexistent/data is not a directory" in result.stderr, explain(result)
    assert "Traceback" not in result.stderr


def test_data_dir_without_plans_is_explained(run: Callable[..., Any], tmp_path: Path) -> None:
    result = run("validate", "--data-dir", str(tmp_path))
    assert result.exit_code == 2, explain(result)
    assert f"--data-dir: {tmp_path} has no plans/ folder" in result.stderr, explain(result)
    assert "hint: a data directory holds plans/*.yaml" in result.stderr


# --------------------------------------------------------------------------- formats


def test_json_format(run: Callable[..., Any], bad_plan: Path) -> None:
    result = run(
        "validate", "--format", "json", "--data-dir", str(bad_plan.parents[1]), str(bad_plan)
    )
    assert result.exit_code == 1, explain(result)
    findings = json.loads(result.stdout)  # stdout is JSON and nothing else
    assert isinstance(findings, list) and len(findings) == 1, explain(result)
    [finding] = findings
    assert set(finding) == FINDING_KEYS
    assert Path(finding["file"]).resolve() == bad_plan.resolve()
    assert {k: v for k, v in finding.items() if k != "file"} == {
        "line": 15,
        "column": 10,
        "severity": "error",
        "code": "percent-range",
        "message": "a percentage cannot exceed 100, found 120",
        "hint": None,
        "path": "targets[0].value",
    }


def test_json_format_keeps_chinese_readable(run: Callable[..., Any], tmp_path: Path) -> None:
    plan = small_plan()
    plan["targets"][0]["quote"] = "制造业产品质量合格率达到96%以上"
    plan["targets"][0]["value"] = 96
    path = write_plan(tmp_path, plan)
    result = run("validate", "-f", "json", "--data-dir", str(tmp_path), str(path))
    assert result.exit_code == 1, explain(result)
    [finding] = json.loads(result.stdout)
    assert (finding["code"], finding["line"], finding["column"]) == ("quote-not-found", 19, 10)
    assert "'6%以上'" in finding["hint"]  # not \\u escapes
    assert "\\u" not in result.stdout


def test_github_format(run: Callable[..., Any], bad_plan: Path) -> None:
    result = run(
        "validate", "--format", "github", "--data-dir", str(bad_plan.parents[1]), str(bad_plan)
    )
    assert result.exit_code == 1, explain(result)
    lines = result.stdout.splitlines()
    assert len(lines) == 1, explain(result)
    match = re.fullmatch(
        r"::error file=(?P<file>[^,]+),line=(?P<line>\d+),col=(?P<col>\d+),"
        r"title=(?P<title>[^:]+)::(?P<message>.*)",
        lines[0],
    )
    assert match, explain(result)
    assert match["file"].endswith("plans/testland.yaml")
    assert (match["line"], match["col"], match["title"]) == ("15", "10", "percent-range")
    assert match["message"] == "a percentage cannot exceed 100, found 120"


def test_github_format_warning_and_hint(run: Callable[..., Any], warning_plan: Path) -> None:
    result = run(
        "validate", "-f", "github", "--data-dir", str(warning_plan.parents[1]), str(warning_plan)
    )
    assert result.exit_code == 0, explain(result)
    [line] = result.stdout.splitlines()
    assert line.startswith("::warning file="), explain(result)
    assert ",line=8,col=3,title=no-source-text::" in line
    # the hint follows the message on an escaped new line
    assert "%0Aadd source.file, or say why in source.unavailable_reason" in line


# --------------------------------------------------------------------------- data directories


def _break_plan(data: Path, plan_id: str = "jiangsu") -> tuple[Path, int]:
    """Append an unknown top-level key to a plan; return the file and that key's line."""
    path = data / "plans" / f"{plan_id}.yaml"
    text = path.read_text(encoding="utf-8")
    if not text.endswith("\n"):
        text += "\n"
    path.write_text(text + "no_such_field: 1\n", encoding="utf-8")
    return path, text.count("\n") + 1


def _only_finding(result: Any) -> tuple[str, int, int, str]:
    lines = [line for line in result.stdout.splitlines() if not line.startswith("    hint:")]
    assert len(lines) == 1, explain(result)
    match = re.match(r"^(.+?):(\d+):(\d+): error: .*\[([\w-]+)\]$", lines[0])
    assert match, explain(result)
    return Path(match[1]).name, int(match[2]), int(match[3]), match[4]


def test_data_dir_option_selects_another_data_directory(
    run: Callable[..., Any], data_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken, line = _break_plan(data_copy)
    result = run("validate", "--data-dir", str(data_copy))
    assert result.exit_code == 1, explain(result)
    name, got_line, column, _code = _only_finding(result)
    assert (name, got_line, column) == (broken.name, line, 1)
    assert "unknown field `no_such_field`" in result.stdout
    assert result.stderr.strip() == (
        f"{shipped_file_count(data_copy)} files checked: 1 error, 0 warnings"
    )
    # the shipped data is untouched
    monkeypatch.delenv("QUALPOLICY_OWN_ONLY")
    shipped = run("validate")
    assert shipped.exit_code == 0, explain(shipped)


def test_environment_variable_selects_another_data_directory(
    run: Callable[..., Any], data_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken, line = _break_plan(data_copy)
    monkeypatch.setenv("QUALPOLICY_DATA", str(data_copy))
    result = run("validate")
    assert result.exit_code == 1, explain(result)
    name, got_line, column, _code = _only_finding(result)
    assert (name, got_line, column) == (broken.name, line, 1)


def test_data_dir_option_beats_the_environment(
    run: Callable[..., Any], data_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _break_plan(data_copy)
    monkeypatch.setenv("QUALPOLICY_DATA", str(data_copy))
    result = run("validate", "--data-dir", str(DATA))
    assert result.exit_code == 0, explain(result)


def test_environment_variable_pointing_nowhere(
    run: Callable[..., Any], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("QUALPOLICY_DATA", str(tmp_path / "missing"))
    result = run("validate")
    assert result.exit_code == 2, explain(result)
    assert f"$QUALPOLICY_DATA: {tmp_path / 'missing'} is not a directory" in result.stderr
    assert "Traceback" not in result.stderr


def test_data_copy_is_clean_before_it_is_broken(run: Callable[..., Any], data_copy: Path) -> None:
    result = run("validate", "--data-dir", str(data_copy))
    assert result.exit_code == 0, explain(result)


# --------------------------------------------------------------------------- --debug


def test_debug_option_exists(run: Callable[..., Any], no_debug: None) -> None:
    result = run("--debug", "validate")
    assert result.exit_code == 0, explain(result)
    assert "--debug" in run("--help").stdout


def broken_validator(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make validate hit a bug: an exception that is not a QualpolicyError."""
    from qualpolicy.checks.validate import Validator

    def boom(self: Any, paths: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr(Validator, "validate", boom)


def test_internal_error_without_debug(
    run: Callable[..., Any], no_debug: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken_validator(monkeypatch)
    result = run("validate")
    assert result.exit_code == 70, explain(result)
    assert "error: internal error: RuntimeError: boom" in result.stderr
    assert "rerun with --debug" in result.stderr
    assert "Traceback" not in result.stderr


def test_internal_error_with_debug_raises(
    run: Callable[..., Any], no_debug: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken_validator(monkeypatch)
    with pytest.raises(RuntimeError, match="boom"):
        run("--debug", "validate")


def test_version(run: Callable[..., Any]) -> None:
    from qualpolicy import __version__

    result = run("--version")
    assert result.exit_code == 0, explain(result)
    assert result.stdout.strip() == f"qualpolicy {__version__}"


# --------------------------------------------------------------------------- schema


def test_committed_schemas_match_the_models() -> None:
    assert schema.stale(DATA / "schema") == []


def test_schema_check_passes_on_shipped_data(run: Callable[..., Any]) -> None:
    result = run("schema", "--check")
    assert result.exit_code == 0, explain(result)
    assert "up to date" in result.stdout


def test_schema_check_fails_on_an_altered_schema(run: Callable[..., Any], data_copy: Path) -> None:
    assert run("schema", "--check", "--data-dir", str(data_copy)).exit_code == 0
    target = data_copy / "schema" / "plan.schema.json"
    loaded = json.loads(target.read_text(encoding="utf-8"))
    loaded["title"] = "Altered"
    target.write_text(json.dumps(loaded, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    result = run("schema", "--check", "--data-dir", str(data_copy))
    assert result.exit_code == 1, explain(result)
    assert "stale schema files in" in result.stderr
    assert result.stderr.splitlines()[0].endswith(": plan.schema.json"), explain(result)
    assert "run `qualpolicy schema`" in result.stderr


def test_schema_check_fails_on_a_missing_schema(run: Callable[..., Any], data_copy: Path) -> None:
    (data_copy / "schema" / "metrics.schema.json").unlink()
    result = run("schema", "--check", "--data-dir", str(data_copy))
    assert result.exit_code == 1, explain(result)
    assert "metrics.schema.json" in result.stderr


def test_schema_writes_what_check_accepts(run: Callable[..., Any], tmp_path: Path) -> None:
    out = tmp_path / "schema"
    written = run("schema", "--out", str(out))
    assert written.exit_code == 0, explain(written)
    assert sorted(p.name for p in out.iterdir()) == sorted(
        p.name for p in (DATA / "schema").iterdir()
    )
    assert run("schema", "--check", "--out", str(out)).exit_code == 0


def test_files_are_named_as_typed_from_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from qualpolicy.loading.datadir import display_path

    here = tmp_path / "work"
    (here / "plans").mkdir(parents=True)
    monkeypatch.chdir(here)
    assert display_path(here / "plans" / "x.yaml") == "plans/x.yaml"
    assert display_path(Path("plans/../plans/x.yaml")) == "plans/x.yaml"
    assert display_path(here) == "."
    assert display_path(here / "..x.yaml") == "..x.yaml"
    # beside or above the working directory: absolute, never ../
    assert display_path(tmp_path / "workshop" / "x.yaml") == str(tmp_path / "workshop" / "x.yaml")
    assert display_path(tmp_path / "x.yaml") == str(tmp_path / "x.yaml")


@pytest.mark.parametrize(
    "name", ["a/b/c.yaml", "x.yml", "a.b.yaml", ".hidden", "noext", "dir.d/file", "..yaml", "a."]
)
def test_a_plan_is_named_for_its_file_as_path_stem_says(name: str) -> None:
    from qualpolicy.loading.datadir import plan_id

    assert plan_id(name) == Path(name).stem
