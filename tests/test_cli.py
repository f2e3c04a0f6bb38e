"""One command line: the same options, formats, exit codes and output rules everywhere."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
import typer
from hypothesis import given
from hypothesis import strategies as st

from qualpolicy.cli import app
from qualpolicy.cli.common import DATA_DIR_HELP, FORMAT_HELP, PLANS_HELP, Unpadded, unpadded

from .helpers import Run, explain, ok, too_wide

COMMANDS = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]
TABLES = {
    "compare",
    "progress",
    "diff",
    "flags",
    "history",
    "map",
    "show",
    "plans",
    "search",
    "metrics",
}  # print a result table
FINDINGS = {"validate", "audit"}  # report findings at a place in a file
FILES = {"export", "report", "draft"}  # write files in formats of their own
SILENT = {"schema"}  # writes schema files; prints no result
GROUPS = {"cache"}  # maintenance: subcommands (cache info, cache clear), no data options
PLAN_SELECTING = {
    "compare",
    "progress",
    "flags",
    "search",
    "metrics",
    "audit",
    "export",
    "report",
}
TABLE_FORMATS = "<table|json|csv|markdown>"
FINDING_FORMATS = "<text|json|csv|markdown|github>"
ROOT = Path(__file__).parent.parent
README = ROOT / "README.md"


def flat(text: str) -> str:
    return " ".join(text.split())


def options(help_text: str) -> dict[str, str]:
    """Option spellings → their flattened help, from a --help screen."""
    out: dict[str, str] = {}
    block = help_text.split("Options:", 1)[1]
    for entry in re.split(r"\n  (?=-)", "\n" + block.strip("\n")):
        if entry.strip():
            head, _, text = entry.strip().partition("  ")
            out[head.strip()] = flat(text)
    return out


def shown(text: str) -> str:
    return flat(text).replace(" ", "")  # help wraps anywhere; compare without spaces


@pytest.fixture(scope="module")
def helps() -> dict[str, str]:
    from typer.testing import CliRunner

    runner = CliRunner()
    return {c: runner.invoke(app, [c, "--help"]).stdout for c in COMMANDS}


def test_every_command_is_walked_and_classified(helps: dict[str, str]) -> None:
    assert set(helps) == TABLES | FINDINGS | FILES | SILENT | GROUPS


def test_no_command_postpones_its_annotations() -> None:
    """typer reads a command's annotations on every run: as objects, not as text to
    compile (see qualpolicy.cli)."""
    import inspect

    from qualpolicy import cli

    for module, function in cli.COMMANDS.values():
        command = inspect.unwrap(cli._from(module, function))
        postponed = [n for n, a in command.__annotations__.items() if isinstance(a, str)]
        assert postponed == [], f"{module}.{function}: {postponed}"


@pytest.mark.parametrize("command", COMMANDS)
def test_help_shows_the_shared_options_worded_alike(helps: dict[str, str], command: str) -> None:
    text = helps[command]
    assert text.startswith(f"Usage: qualpolicy {command} [OPTIONS]"), text
    assert too_wide(text) == [] and all(line == line.rstrip() for line in text.splitlines())
    if command in GROUPS:
        options_, commands = text.split("Options:", 1)[1].split("Commands:")
        assert flat(options_) == "-h, --help Show this message and exit."
        assert re.findall(r"^  (\w+)", commands, re.MULTILINE) == ["info", "clear"]
        return
    found = options(text)
    assert found["-h, --help"] == "Show this message and exit."
    assert shown(found["--data-dir <directory>"]) == shown(DATA_DIR_HELP)
    formats = [spelling for spelling in found if "--format" in spelling]
    if command in TABLES | FINDINGS:
        listed = TABLE_FORMATS if command in TABLES else FINDING_FORMATS
        default = "table" if command in TABLES else "text"
        assert formats == [f"-f, --format {listed}"]
        assert found[formats[0]] == f"{FORMAT_HELP} [default: {default}]"
    else:  # export and draft choose among file formats; report and schema have one
        own = {"export": "<csv|xlsx|sqlite|json>", "draft": "<yaml|json>"}.get(command)
        assert formats == ([f"-f, --format {own}"] if own else [])
    if command in TABLES | FILES:  # every table can go to a file, the same way
        assert "-o, --out <file>" in found
        assert found["--force"] == "Replace an existing --out file."
    if command in PLAN_SELECTING:
        assert shown(found["-p, --plans <plans>"]) == shown(PLANS_HELP)
    else:
        assert not any("--plans" in spelling for spelling in found)
    # one spelling per idea: no other output or plan options, old spellings hidden
    assert not any(re.search(r"--(json|csv|markdown|github|plan)\b", s) for s in found), found


@pytest.mark.parametrize("command", ["metrics", "audit"])
def test_the_old_json_flag_still_works(run: Run, command: str) -> None:
    old = run(command, "--json")
    new = run(command, "--format", "json")
    assert (old.exit_code, old.stdout) == (new.exit_code, new.stdout), explain(old)
    assert json.loads(old.stdout)


def test_audit_still_takes_plans_as_arguments(run: Run) -> None:
    old = run("audit", "sichuan", "重慶", "-f", "json")
    new = run("audit", "--plans", "sichuan,重慶", "-f", "json")
    assert old.stdout == new.stdout and old.exit_code == new.exit_code == 0
    assert [p["plan"] for p in json.loads(old.stdout)] == ["sichuan", "chongqing"]


# --- every format of every command ----------------------------------------------------------------

RESULTS: dict[str, tuple[str, ...]] = {
    "compare one metric": ("compare", "-m", "首席质量官覆盖率"),
    "compare matrix": ("compare", "-p", "jiangsu,chongqing"),
    "progress": ("progress", "-p", "national,zhejiang"),
    "diff": ("diff", "jiangsu", "chongqing", "--no-themes"),
    "flags": ("flags",),
    "history": ("history", "山东"),
    "show": ("show", "hebei"),
    "search": ("search", "首席质量官"),
    "metrics": ("metrics",),
    "metrics unmatched": ("metrics", "--unmatched"),
    "audit": ("audit", "-p", "sichuan"),
    "validate": ("validate", "-q"),
}


@pytest.mark.parametrize("fmt", ["table", "text", "json", "csv", "markdown", "github"])
@pytest.mark.parametrize("args", list(RESULTS.values()), ids=list(RESULTS))
def test_every_format_prints_what_it_says(run: Run, args: tuple[str, ...], fmt: str) -> None:
    findings = args[0] in FINDINGS
    if fmt in (("table",) if findings else ("text", "github")):
        result = run(*args, "-f", fmt)
        assert result.exit_code == 2 and "Invalid value" in result.stderr, explain(result)
        return
    result = run(*args, "-f", fmt, env={"COLUMNS": "80"})
    assert result.exit_code == 0, explain(result)
    out = result.stdout
    assert [line for line in out.splitlines() if line != line.rstrip()] == []
    if fmt == "json":
        assert json.loads(out) is not None
    elif fmt == "csv":
        rows = list(csv.reader(io.StringIO(out)))
        assert rows[0] and all(len(row) == len(rows[0]) for row in rows)
    elif fmt == "markdown" and out:
        assert out.startswith(("#", "|")), out
    elif fmt in ("table", "text"):
        assert too_wide(out) == []


# --- exit codes -----------------------------------------------------------------------------------

EXIT_CODES: dict[str, tuple[int, tuple[str, ...]]] = {
    "ok": (0, ("show", "hebei")),
    "no result": (1, ("search", "量子纠缠")),
    "an unknown plan": (2, ("show", "西藏")),
    "an unknown plan in a list": (2, ("compare", "-p", "jiangsu,西藏")),
    "an unknown metric": (2, ("compare", "-m", "量子纠缠率")),
    "an unknown option": (2, ("metrics", "--bogus")),
    "an unknown format": (2, ("show", "hebei", "-f", "xml")),
}


@pytest.mark.parametrize(("code", "args"), list(EXIT_CODES.values()), ids=list(EXIT_CODES))
def test_exit_codes_follow_one_table(run: Run, code: int, args: tuple[str, ...]) -> None:
    result = run(*args)
    assert result.exit_code == code, explain(result)
    assert "Traceback" not in result.stderr


def test_the_readme_documents_every_exit_code_the_tool_makes() -> None:
    """Every exit code written in the source (an error's exit_code, an EXIT_ constant, a
    literal typer.Exit) is a row of the README's table, and the table lists no other."""
    text = README.read_text(encoding="utf-8")
    table = text[text.index("| exit | meaning |") :].split("\n\n")[0]
    documented = {row.split("|")[1].strip() for row in table.splitlines()[2:]}
    made = {"0"}
    pattern = re.compile(r"exit_code = (\d+)|EXIT_\w+ = (\d+)|typer\.Exit\((\d+)\)")
    for path in (ROOT / "src" / "qualpolicy").rglob("*.py"):
        for m in pattern.finditer(path.read_text(encoding="utf-8")):
            made.add(next(group for group in m.groups() if group))
    assert documented == made
    assert "unknown plan or metric" in table
    assert "exists already" in table  # export over an existing file exits 1


# --- a name several metrics share -----------------------------------------------------------------


def test_an_ambiguous_metric_name_shows_each_metric(run: Run) -> None:
    result = run("compare", "--metric", "首席质量官")
    assert result.exit_code == 0, explain(result)
    assert (
        "“首席质量官” is part of the names of 2 metrics; showing each: 首席质量官覆盖率 "
        "(cqo_coverage), " in result.stderr
    )
    first = result.stdout.index("首席质量官覆盖率  Chief quality officer coverage")
    second = result.stdout.index("企业首席质量官人数  Chief quality officers (count)")
    assert 0 == first < second
    data = json.loads(ok(run, "compare", "--metric", "首席質量官", "-f", "json"))
    assert [c["metric"]["id"] for c in data] == ["cqo_coverage", "cqo_count"]
    rows = list(csv.DictReader(io.StringIO(ok(run, "compare", "-m", "首席质量官", "-f", "csv"))))
    assert list(dict.fromkeys(r["metric_id"] for r in rows)) == ["cqo_coverage", "cqo_count"]


def test_a_name_many_metrics_share_shows_the_closest_and_names_the_rest(run: Run) -> None:
    result = run("compare", "--metric", "合格率", "-f", "json")
    assert result.exit_code == 0, explain(result)
    assert len(json.loads(result.stdout)) == 3
    assert "“合格率” is part of the names of 10 metrics; showing the 3 closest: " in result.stderr
    assert "not shown: " in result.stderr


def test_an_exact_name_shows_one_metric(run: Run) -> None:
    result = run("compare", "--metric", "cqo_count", "-f", "json")
    assert json.loads(result.stdout)["metric"]["id"] == "cqo_count"
    assert result.stderr == ""


def test_a_part_of_one_metric_name_says_which_metric_it_shows(run: Run) -> None:
    """食品 is part of one metric's name only: it is shown, and the user is told so."""
    result = run("compare", "--metric", "食品", "-f", "json")
    assert result.exit_code == 0, explain(result)
    assert json.loads(result.stdout)["metric"]["id"] == "food_sampling_pass_rate"
    assert (
        "“食品” is part of the name of one metric, 食品抽检合格率 (food_sampling_pass_rate): "
        "showing it." in result.stderr
    )


# --- output without trailing padding --------------------------------------------------------------


_PIECES = ["a", "北", " ", "  ", "\t", "\x1b[0m", "\x1b[1;31m", "\x1b[", "m", "1", ";"]


@given(st.lists(st.sampled_from(_PIECES), max_size=14).map("".join))
def test_unpadding_drops_exactly_the_trailing_spaces_and_keeps_their_codes(line: str) -> None:
    """Held against the plain definition: the run of spaces, tabs and colour codes at the
    end of the line goes, except the codes."""
    trailing = re.search(r"(?:[ \t]|\x1b\[[0-9;]*m)+$", line)
    expected = line
    if trailing is not None:
        codes = re.findall(r"\x1b\[[0-9;]*m", trailing.group())
        expected = line[: trailing.start()] + "".join(codes)
    assert unpadded(line) == expected


def test_lines_lose_trailing_spaces_but_keep_colour() -> None:
    assert unpadded("a  b   ") == "a  b"
    assert unpadded("x\x1b[1;31") == "x\x1b[1;31"  # not a whole code: kept as text
    assert unpadded("\x1b[1mtitle\x1b[0m   \x1b[0m") == "\x1b[1mtitle\x1b[0m\x1b[0m"
    out = io.StringIO()
    stream = Unpadded(out)
    stream.write("one  \ntw")
    stream.write("o \nthree ")
    assert out.getvalue() == "one\ntwo\n"
    stream.flush()
    assert out.getvalue() == "one\ntwo\nthree "


def test_a_real_terminal_gets_colour_without_padding(run: Run) -> None:
    result = run("diff", "jiangsu", "chongqing", env={"COLUMNS": "80", "FORCE_COLOR": "1"})
    assert "\x1b[" in result.stdout
    assert [line for line in result.stdout.splitlines() if unpadded(line) != line] == []


def test_plans_are_chosen_alike_in_every_spelling(run: Run) -> None:
    """--plans with commas, repeated, or in either script all choose the same plans."""
    forms: list[tuple[str, ...]] = [
        ("-p", "jiangsu,chongqing"),
        ("-p", "jiangsu", "-p", "chongqing"),
        ("--plans", "江蘇，重慶"),
    ]
    outputs: list[Any] = [
        json.loads(ok(run, "compare", "-m", "制造业质量竞争力指数", *form, "-f", "json"))
        for form in forms
    ]
    assert outputs[0]["plans"] == ["jiangsu", "chongqing"]
    assert all(o == outputs[0] for o in outputs)


# --- the README shows real output -----------------------------------------------------------------

EXAMPLES = re.findall(
    r"```console\n\$ qualpolicy "
    r"((?:compare|progress|diff|search|show|metrics|draft)[^\n]*)\n(.*?)```",
    README.read_text(encoding="utf-8"),
    re.S,
)


@pytest.mark.parametrize(("command", "shown"), EXAMPLES, ids=[c for c, _ in EXAMPLES])
def test_the_readme_examples_are_real_output(run: Run, command: str, shown: str) -> None:
    lines = shown.rstrip("\n").splitlines()
    result = run(*command.split(), env={"COLUMNS": "80"})
    # metrics --unmatched exits 1 when entries need a curator's attention, as it should here
    assert result.exit_code == (1 if "--unmatched" in command else 0), explain(result)
    out = result.stdout.splitlines()
    if lines[-1] == "…":  # an excerpt: the output starts so
        lines.pop()
        out = out[: len(lines)]
    assert out == lines


@pytest.mark.parametrize(
    ("args", "name", "starts"),
    [
        (("show", "hebei"), "hebei.md", "## 河北省"),
        (("search", "首席质量官"), "hits.csv", "\ufeffplan,region,kind"),
        (("metrics",), "metrics.json", "["),
    ],
    ids=["show", "search", "metrics"],
)
def test_every_table_command_writes_to_a_file_alike(
    run: Run, tmp_path: Path, args: tuple[str, ...], name: str, starts: str
) -> None:
    path = tmp_path / name
    result = run(*args, "--out", str(path))
    assert result.exit_code == 0 and result.stdout == "", explain(result)
    assert path.read_text(encoding="utf-8").startswith(starts)
    assert f"wrote {path}" in result.stderr
    again = run(*args, "--out", str(path))
    assert again.exit_code == 1 and "exists already" in again.stderr, explain(again)


@pytest.mark.parametrize(
    "args",
    [["compare", "-m", "制造业质量竞争力指数"], ["diff", "jiangsu", "chongqing"], ["plans"]],
    ids=["compare", "diff", "plans"],
)
def test_a_reader_that_stops_early_is_no_error(args: list[str], tmp_path: Path) -> None:
    """`qualpolicy compare … | head`: a closed pipe ends the command quietly, exit 0."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "QUALPOLICY_CACHE_DIR": str(tmp_path)}
    env.pop("QUALPOLICY_DATA", None)
    argv = [sys.executable, "-m", "qualpolicy", *args]
    for _ in range(2):  # the first run fills the cache; both must end cleanly
        proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        assert proc.stdout is not None and proc.stderr is not None
        proc.stdout.close()  # the reader goes away before the first line
        err = proc.stderr.read().decode()
        assert proc.wait(timeout=60) == 0, err
        assert "Traceback" not in err and "Broken pipe" not in err
