"""Bad plan files: each yields a located, plain-words finding and exit 1, never a traceback.

Two tables drive most of this file, in the style of check-jsonschema's acceptance
tests: ``BAD_FILES`` are raw bytes (syntax, encodings, the shape of the document)
and ``PLAN_CASES`` are edits of a minimal valid plan (types, vocabularies, the
cross-field rules, the source text).  Every case names the exact code, line and
column it expects; a failure prints the numbered file and the CLI's output.
"""

from __future__ import annotations

import copy
import datetime as dt
import itertools
import os
import re
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from qualpolicy.checks.validate import Validator
from qualpolicy.findings import Severity
from qualpolicy.loading import yamlio
from qualpolicy.loading.checking import check as check_data
from qualpolicy.loading.rules import plan_problems
from qualpolicy.models import Plan
from qualpolicy.workspace import Workspace

from .helpers import plan_dict

# --------------------------------------------------------------------------- fixtures

PLAN_ID = "testland"
HEADER = "# yaml-language-server: $schema=../schema/plan.schema.json\n"
SOURCE_TEXT = (
    "测试省质量强省建设实施方案\n"
    "到2025年，制造业产品质量合格率达到95%以上。\n"
    "一、加强质量基础设施建设\n"
    "全面提升计量、标准、认证认可、检验检测能力。\n"
    "（供越界用例引用）合格率达到120%，计数1.5，较2020年提高95%。\n"
)


def minimal_plan() -> dict[str, Any]:
    """A valid plan; dumped with HEADER it reads (line: content)::

     1 # yaml-language-server: ...
     2 id: testland
     3 region: 测试省
     4 level: province
     5 title: 测试省质量强省建设实施方案
     6 issuer: 测试省人民政府
     7 issued: 2023-03-10
     8 source:
     9   file: testland.txt
    10 script: simplified
    11 horizon:
    12 - 2025
    13 - 2035
    14 targets:
    15 - metric: 制造业产品质量合格率
    16   value: 95
    17   comparator: ge
    18   unit: percent
    19   year: 2025
    20   quote: 制造业产品质量合格率达到95%以上
    21 tasks:
    22 - number: '1'
    23   title: 加强质量基础设施建设
    24   text: 全面提升计量、标准、认证认可、检验检测能力。
    """
    return plan_dict()


def plan_text(plan: dict[str, Any]) -> str:
    return HEADER + yaml.safe_dump(plan, allow_unicode=True, sort_keys=False)


def write_data(root: Path, content: bytes | str | dict[str, Any], name: str = PLAN_ID) -> Path:
    """Write ``plans/<name>.yaml`` (and the shared source text) under ``root``."""
    (root / "plans").mkdir(parents=True, exist_ok=True)
    (root / "sources").mkdir(parents=True, exist_ok=True)
    (root / "sources" / f"{PLAN_ID}.txt").write_text(SOURCE_TEXT, encoding="utf-8")
    if isinstance(content, dict):
        content = plan_text(content)
    if isinstance(content, str):
        content = content.encode("utf-8")
    path = root / "plans" / f"{name}.yaml"
    path.write_bytes(content)
    return path


_FINDING_LINE = re.compile(
    r"^(?P<file>.+?):(?P<line>\d+):(?P<column>\d+): (?P<severity>error|warning|info): "
    r"(?P<message>.*) \[(?P<code>[A-Za-z0-9_-]+)\]$"
)


@dataclass
class Reported:
    """One finding as `qualpolicy validate` prints it."""

    file: str
    line: int
    column: int
    severity: str
    message: str
    code: str
    hint: str | None = None

    @property
    def where(self) -> tuple[str, int, int]:
        return (self.code, self.line, self.column)


def parse_findings(stdout: str) -> list[Reported]:
    out: list[Reported] = []
    for line in stdout.splitlines():
        match = _FINDING_LINE.match(line)
        if match:
            out.append(
                Reported(
                    match["file"],
                    int(match["line"]),
                    int(match["column"]),
                    match["severity"],
                    match["message"],
                    match["code"],
                )
            )
        elif line.startswith("    hint: ") and out:
            out[-1].hint = line.removeprefix("    hint: ")
        elif line.strip():
            raise AssertionError(f"unexpected output line {line!r} in:\n{stdout}")
    return out


@dataclass
class Checked:
    path: Path
    result: Any
    findings: list[Reported]

    def explain(self) -> str:
        try:
            text = self.path.read_bytes().decode("utf-8", "replace")
        except OSError:
            text = "<unreadable>"
        if len(text) > 4000:
            text = text[:4000] + "\n…"
        numbered = "\n".join(f"{i:4} {line}" for i, line in enumerate(text.splitlines(), 1))
        return (
            f"\n--- {self.path.name}\n{numbered}\n"
            f"--- exit code {self.result.exit_code}\n"
            f"--- stdout\n{self.result.stdout}--- stderr\n{self.result.stderr}"
        )

    def only(self) -> Reported:
        assert len(self.findings) == 1, f"expected exactly one finding{self.explain()}"
        return self.findings[0]


@pytest.fixture
def check(run: Callable[..., Any], tmp_path: Path) -> Callable[..., Checked]:
    """Write a plan file into ``tmp_path`` and run `qualpolicy validate` on it."""

    def invoke(content: bytes | str | dict[str, Any], *args: str, name: str = PLAN_ID) -> Checked:
        path = write_data(tmp_path, content, name)
        result = run("validate", "--data-dir", str(tmp_path), *args, str(path))
        findings = parse_findings(result.stdout)
        checked = Checked(path, result, findings)
        output = result.stdout + result.stderr
        assert "Traceback" not in output, checked.explain()
        assert "internal error" not in output, checked.explain()
        for finding in findings:
            assert Path(finding.file).resolve() == path.resolve(), checked.explain()
        return checked

    return invoke


def assert_one_error(
    checked: Checked,
    code: str,
    line: int,
    column: int,
    message: str | None = None,
    hint: str | None = None,
) -> Reported:
    explain = checked.explain()
    assert checked.result.exit_code == 1, explain
    assert [f.where for f in checked.findings] == [(code, line, column)], explain
    finding = checked.findings[0]
    assert finding.severity == "error", explain
    if message is not None:
        assert message in finding.message, explain
    if hint is not None:
        assert finding.hint is not None and hint in finding.hint, explain
    assert checked.result.stderr.strip() == "1 file checked: 1 error, 0 warnings", explain
    return finding


# --------------------------------------------------------------------------- raw files

# (id, file bytes, code, line, column, part of the message, part of the hint)
BAD_FILES: list[tuple[str, bytes, str, int, int, str, str | None]] = [
    (
        "syntax-colon-in-value",
        b"id: testland\nregion: a: b\n",
        "yaml-syntax",
        2,
        10,
        "YAML syntax error: mapping values are not allowed",
        "needs quotes",
    ),
    (  # reported where the bracket opens, saying where parsing failed
        "syntax-unclosed-flow-list",
        b"id: testland\nregion: [unclosed\nlevel: province\n",
        "yaml-syntax",
        2,
        9,
        "at line 3, column 6, while parsing a flow sequence that starts here",
        "close the quote or bracket that opens here",
    ),
    (  # a quote left open to the end of the file: at the opening quote
        "syntax-unclosed-quote-at-end",
        'id: testland\nregion: "测试省\nlevel: province\n'.encode(),
        "yaml-syntax",
        2,
        9,
        "found unexpected end of stream at line 4, column 1, while scanning a quoted scalar",
        "close the quote",
    ),
    (  # a quote left open that a later quote closes: still at the opening quote
        "syntax-unclosed-quote-closed-later",
        'id: testland\nregion: "测试省\nlevel: province\ntitle: "测试"\n'.encode(),
        "yaml-syntax",
        2,
        9,
        'the quote " that opens here is not closed where the value ends',
        'close the quote on this line with "',
    ),
    (
        "syntax-tab-indent",
        b"id: testland\nsource:\n\tfile: testland.txt\n",
        "yaml-syntax",
        3,
        1,
        "YAML syntax error",
        None,
    ),
    (
        "syntax-after-bom",  # the BOM does not shift columns
        b"\xef\xbb\xbfid: a: b\n",
        "yaml-syntax",
        1,
        6,
        "YAML syntax error",
        None,
    ),
    (
        "duplicate-key-top-level",
        "id: testland\nregion: 测试省\nid: otherland\n".encode(),
        "duplicate-key",
        3,
        1,
        "duplicate key `id` (first at line 1, column 1)",
        "remove one of them",
    ),
    (
        "duplicate-key-nested",
        b"id: testland\nsource:\n  file: a.txt\n  note: x\n  file: b.txt\n",
        "duplicate-key",
        5,
        3,
        "duplicate key `file` (first at line 3, column 3)",
        None,
    ),
    ("empty-file", b"", "empty-file", 1, 1, "the file is empty", "`id:`"),
    ("only-comments", b"# nothing yet\n\n", "empty-file", 1, 1, "the file is empty", None),
    (
        "top-level-list",
        b"- id: testland\n- id: otherland\n",
        "not-a-mapping",
        1,
        1,
        "must be a mapping of `key: value` lines; found a list",
        "start the file with `id:",
    ),
    (
        "top-level-scalar",
        b"# a plan\ntestland\n",
        "not-a-mapping",
        2,
        1,
        "found a single value",
        None,
    ),
    (
        "gbk-bytes",
        "id: testland\nregion: 测试省\n".encode("gbk"),
        "not-utf8",
        2,
        9,
        "not UTF-8",
        "GBK",
    ),
    (
        "latin1-bytes",  # not GBK either: the hint must not claim it is
        b"id: testland\nnote: caf\xe9\n",
        "not-utf8",
        2,
        10,
        "not UTF-8 text (byte 0xE9",
        "save the file as UTF-8",
    ),
    (
        "utf16-bytes",
        "id: testland\n".encode("utf-16"),
        "not-utf8",
        1,
        1,
        "not UTF-8",
        None,
    ),
    (
        "merge-key",
        b"id: testland\nsource:\n  <<: {file: a.txt}\n",
        "merge-key",
        3,
        3,
        "merge keys (<<) are not allowed",
        None,
    ),
    (
        "number-as-key",
        b"id: testland\n2025: x\n",
        "bad-key",
        2,
        1,
        "keys must be plain words",
        None,
    ),
    (
        "local-tag",
        "id: testland\nregion: !foo 测试省\n".encode(),
        "unsafe-tag",
        2,
        9,
        "the tag !foo is not allowed",
        "remove the tag",
    ),
    (
        "alias",
        "id: testland\nregion: &r 测试省\ntitle: *r\n".encode(),
        "alias",
        2,
        9,
        "anchors and aliases (&name, *name) are not allowed",
        "write the value out in full",
    ),
    (
        "nesting-too-deep",
        b"id: testland\nnotes: " + b"[" * 40 + b"]" * 40 + b"\n",
        "too-deep",
        2,
        47,
        "brackets nest 40 levels deep",
        None,
    ),
]


@pytest.mark.parametrize(
    ("content", "code", "line", "column", "message", "hint"),
    [pytest.param(*case[1:], id=case[0]) for case in BAD_FILES],
)
def test_bad_file_is_located(
    check: Callable[..., Checked],
    content: bytes,
    code: str,
    line: int,
    column: int,
    message: str,
    hint: str | None,
) -> None:
    checked = check(content)
    finding = assert_one_error(checked, code, line, column, message, hint)
    if code == "not-utf8" and hint != "GBK":
        assert "GBK" not in (finding.hint or ""), checked.explain()


def test_bom_plan_validates_clean(check: Callable[..., Checked]) -> None:
    checked = check(yamlio.BOM + plan_text(minimal_plan()).encode("utf-8"))
    assert checked.result.exit_code == 0, checked.explain()
    assert checked.findings == [], checked.explain()
    assert checked.result.stderr.strip() == "1 file checked: 0 errors, 0 warnings"


def test_crlf_plan_validates_clean(check: Callable[..., Checked]) -> None:
    checked = check(plan_text(minimal_plan()).replace("\n", "\r\n").encode("utf-8"))
    assert checked.result.exit_code == 0, checked.explain()
    assert checked.findings == [], checked.explain()


@pytest.mark.parametrize(
    ("template", "line", "column"),
    [
        pytest.param("id: testland\nregion: {payload}\n", 2, 9, id="as-a-value"),
        pytest.param("{payload}\n", 1, 1, id="as-the-document"),
        pytest.param("id: testland\nhorizon:\n- {payload}\n", 3, 3, id="in-a-list"),
    ],
)
def test_python_tags_are_refused_and_never_run(
    check: Callable[..., Checked], tmp_path: Path, template: str, line: int, column: int
) -> None:
    pwned = tmp_path / "pwned"
    payload = f'!!python/object/apply:os.system ["touch {pwned}"]'
    checked = check(template.format(payload=payload))
    assert_one_error(
        checked, "unsafe-tag", line, column, "python/object/apply:os.system is not allowed"
    )
    assert not pwned.exists(), "the tag was executed" + checked.explain()


def test_python_tag_payload_is_live_under_an_unsafe_loader(tmp_path: Path) -> None:
    """Control for the test above: the payload really runs if a loader constructs it."""
    control = tmp_path / "control"
    yaml.unsafe_load(f'region: !!python/object/apply:os.system ["touch {control}"]\n')
    assert control.exists()


def _alias_bomb(levels: int = 9) -> str:
    names = "abcdefghijklmnopqrstuvwxyz"[:levels]
    lines = [f"{names[0]}: &{names[0]} [" + ", ".join(['"lol"'] * 9) + "]"]
    for prev, name in itertools.pairwise(names):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def test_billion_laughs_is_refused_quickly(check: Callable[..., Checked]) -> None:
    bomb = _alias_bomb(9)  # 9**9 ≈ 387 million strings if it were expanded
    tracemalloc.start()
    started = time.perf_counter()
    try:
        checked = check(bomb)
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert checked.result.exit_code == 1, checked.explain()
    # each anchored node that is aliased is reported once, where it is anchored
    assert [f.where for f in checked.findings] == [("alias", line, 4) for line in range(1, 9)], (
        checked.explain()
    )
    assert elapsed < 5, f"took {elapsed:.1f} s"
    assert peak < 50 * 1024 * 1024, f"peak traced memory {peak / 1e6:.0f} MB"


def test_alias_bomb_refused_by_the_library(tmp_path: Path) -> None:
    with pytest.raises(yamlio.DocumentError) as caught:
        yamlio.parse(_alias_bomb(9), "bomb.yaml")
    assert {f.code for f in caught.value.findings} == {"alias"}
    assert len(caught.value.findings) == 8


def test_file_too_large(check: Callable[..., Checked]) -> None:
    content = plan_text(minimal_plan()) + "# " + "x" * (3 * 1024 * 1024) + "\n"
    assert len(content) > yamlio.MAX_FILE_BYTES
    checked = check(content)
    assert_one_error(checked, "file-too-large", 1, 1, "the file is 3.0 MB", "split it")


# --------------------------------------------------------------------------- plan edits

DELETE = object()


def edit(*changes: tuple[tuple[str | int, ...], Any]) -> Callable[[dict[str, Any]], None]:
    """Set (or with DELETE remove) the value at each path; a new key goes last."""

    def apply(plan: dict[str, Any]) -> None:
        for path, value in changes:
            parent: Any = plan
            for part in path[:-1]:
                parent = parent[part]
            if value is DELETE:
                del parent[path[-1]]
            else:
                parent[path[-1]] = value

    return apply


def rename(path: tuple[str | int, ...], new: str) -> Callable[[dict[str, Any]], None]:
    """Rename the key at ``path`` in place (the key keeps its line)."""

    def apply(plan: dict[str, Any]) -> None:
        parent: Any = plan
        for part in path[:-1]:
            parent = parent[part]
        items = [(new if k == path[-1] else k, v) for k, v in parent.items()]
        parent.clear()
        parent.update(items)

    return apply


def append(path: tuple[str | int, ...], item: Any) -> Callable[[dict[str, Any]], None]:
    def apply(plan: dict[str, Any]) -> None:
        target: Any = plan
        for part in path:
            target = target[part]
        target.append(copy.deepcopy(item) if item is not None else copy.deepcopy(target[0]))

    return apply


def both(*edits: Callable[[dict[str, Any]], None]) -> Callable[[dict[str, Any]], None]:
    def apply(plan: dict[str, Any]) -> None:
        for change in edits:
            change(plan)

    return apply


T0 = ("targets", 0)

# (id, edit, code, line, column, part of the message, part of the hint)
PLAN_CASES: list[tuple[str, Callable[[dict[str, Any]], None], str, int, int, str, str | None]] = [
    # --- structure and types
    (
        "unknown-field-valu",
        rename((*T0, "value"), "valu"),
        "unknown-field",
        16,
        3,
        "unknown field `valu`",
        "did you mean `value`?",
    ),
    (
        "unknown-field-in-source",
        rename(("source", "file"), "fil"),
        "unknown-field",
        9,
        3,
        "unknown field `fil`",
        "did you mean `file`?",
    ),
    (
        "unknown-top-level-field-no-close-match",
        edit((("zzzzzz",), 1)),
        "unknown-field",
        25,
        1,
        "unknown field `zzzzzz`",
        "known fields: id, region",
    ),
    (
        "missing-required-field",
        edit((("region",), DELETE)),
        "missing-field",
        2,
        1,
        "missing required field `region`",
        None,
    ),
    (
        "missing-quote",
        edit(((*T0, "quote"), DELETE)),
        "missing-field",
        15,
        3,
        "missing required field `quote`",
        None,
    ),
    (
        "year-with-nian",
        edit(((*T0, "year"), "2025年")),
        "not-a-number",
        19,
        9,
        "must be a number, found the text '2025年'",
        None,
    ),
    (
        "year-fullwidth",
        edit(((*T0, "year"), "２０２５")),
        "not-a-number",
        19,
        9,
        "must be a number, found the text '２０２５'",
        "write it as a plain number: 2025 (ASCII digits, not full-width ones)",
    ),
    (
        "year-fractional",
        edit(((*T0, "year"), 2025.5)),
        "not-whole",
        19,
        9,
        "must be a whole number such as 2025, found 2025.5",
        None,
    ),
    (
        "targets-is-a-mapping",
        edit((("targets",), {})),
        "wrong-type",
        14,
        10,
        "must be a list (one `- ` line per item), found a mapping",
        None,
    ),
    (
        "targets-item-is-a-number",
        edit((("targets",), [5])),
        "wrong-type",
        15,
        3,
        "found 5",
        None,
    ),
    (
        "value-is-a-list",  # one finding, not one per member of `int | float`
        edit(((*T0, "value"), [95])),
        "wrong-type",
        17,
        3,
        "must be a number, found a list",
        None,
    ),
    (
        "value-percent-string",
        edit(((*T0, "value"), "98%")),
        "not-a-number",
        16,
        10,
        "must be a number, found the text '98%'",
        "write it as a plain number: 98 with `unit: percent`",
    ),
    (
        "value-fullwidth-digits",
        edit(((*T0, "value"), "９８")),
        "not-a-number",
        16,
        10,
        "must be a number, found the text '９８'",
        "write it as a plain number: 98 (ASCII digits, not full-width ones)",
    ),
    (
        "value-fullwidth-percent",
        edit(((*T0, "value"), "９８％")),
        "not-a-number",
        16,
        10,
        "must be a number",
        "plain number: 98 with `unit: percent` (ASCII digits, not full-width ones)",
    ),
    (
        "value-nan",
        edit(((*T0, "value"), float("nan"))),
        "not-finite",
        16,
        10,
        "must be a finite number, found nan",
        None,
    ),
    (
        "value-inf",
        edit(((*T0, "value"), float("inf"))),
        "not-finite",
        16,
        10,
        "must be a finite number, found inf",
        None,
    ),
    (
        "value-minus-inf",
        edit(((*T0, "value"), float("-inf"))),
        "not-finite",
        16,
        10,
        "found -inf",
        None,
    ),
    (
        "value-bool",
        edit(((*T0, "value"), True)),
        "not-a-number",
        16,
        10,
        "must be a number, found true/false",
        None,
    ),
    (
        "title-is-a-number",
        edit((("title",), 2025)),
        "not-text",
        5,
        8,
        "must be text, found the number 2025",
        'quote it: "2025"',
    ),
    (
        "quote-is-blank",  # folds to '', which every source text "contains"
        edit(((*T0, "quote"), "\u3000 ")),
        "empty-text",
        20,
        10,
        "is empty",
        None,
    ),
    (
        "task-text-is-empty",
        edit((("tasks", 0, "text"), "")),
        "empty-text",
        24,
        9,
        "is empty",
        None,
    ),
    (
        "level-not-in-vocabulary",
        edit((("level",), "state")),
        "not-allowed",
        4,
        8,
        "'prefecture', 'county' or 'district'; found 'state'",
        None,
    ),
    (
        "comparator-symbol",
        edit(((*T0, "comparator"), ">=")),
        "not-allowed",
        17,
        15,
        "must be",
        "write `comparator: ge`",
    ),
    (
        "task-number-with-space",
        edit((("tasks", 0, "number"), "1 2")),
        "bad-task-number",
        22,
        11,
        "task number '1 2' must be one word without spaces",
        None,
    ),
    # --- the file system: name, source text, quotes
    (
        "id-differs-from-file-name",
        edit((("id",), "otherland")),
        "id-file-name",
        2,
        5,
        "plan id `otherland` does not match the file name testland.yaml",
        "rename the file to otherland.yaml or set `id: testland`",
    ),
    (
        "source-file-missing",
        edit((("source", "file"), "nowhere.txt")),
        "source-missing",
        9,
        9,
        "source text nowhere.txt not found",
        "looked in:",
    ),
    (
        "quote-not-in-source",
        edit(((*T0, "quote"), "制造业产品质量合格率达到96%以上"), ((*T0, "value"), 96)),
        "quote-not-found",
        20,
        10,
        "quote not found in the source text",
        "the first 13 characters match (source line 2)",
    ),
    (
        "quote-nothing-matches",
        edit(((*T0, "quote"), "完全不同95")),
        "quote-not-found",
        20,
        10,
        "quote not found",
        "no part of it occurs in the source",
    ),
    (
        "task-text-not-in-source",
        edit((("tasks", 0, "text"), "全面提升计量能力。")),
        "quote-not-found",
        24,
        9,
        "text not found in the source text",
        "the first 6 characters match (source line 4)",
    ),
    # --- cross-field rules
    (
        "direction-with-value",
        edit(
            ((*T0, "comparator"), DELETE),
            ((*T0, "kind"), "direction"),
            ((*T0, "trend"), "increase"),
        ),
        "direction-has-value",
        16,
        10,
        "a direction entry has no value",
        "use kind: target",
    ),
    (
        "direction-without-trend",
        edit(
            ((*T0, "value"), DELETE),
            ((*T0, "comparator"), DELETE),
            ((*T0, "kind"), "direction"),
        ),
        "direction-needs-trend",
        19,
        9,
        "a direction entry needs a trend",
        "add trend:",
    ),
    (
        "target-without-value",
        edit(((*T0, "value"), DELETE)),
        "missing-figure",
        15,
        3,
        "a target entry needs a value",
        "kind: direction",
    ),
    (
        "trend-on-target",
        edit(((*T0, "trend"), "increase")),
        "trend-on-figure",
        21,
        10,
        "trend is for direction entries only",
        None,
    ),
    (
        "percent-over-100",
        edit(
            ((*T0, "value"), 120), ((*T0, "comparator"), "eq"), ((*T0, "quote"), "合格率达到120%")
        ),
        "percent-range",
        16,
        10,
        "a percentage cannot exceed 100, found 120",
        None,
    ),
    (
        "negative-value",
        edit(((*T0, "unit"), "count"), ((*T0, "value"), -5)),
        "negative-value",
        16,
        10,
        "found -5",
        "change: decrease",
    ),
    (
        "count-not-whole",
        edit(((*T0, "unit"), "count"), ((*T0, "value"), 1.5), ((*T0, "quote"), "计数1.5")),
        "count-whole",
        16,
        10,
        "a count is a whole number, found 1.5",
        None,
    ),
    (
        "base-year-equals-year",
        edit(((*T0, "change"), "decrease"), ((*T0, "base_year"), 2025)),
        "base-after-year",
        22,
        14,
        "base_year 2025 must come before year 2025",
        None,
    ),
    (
        "change-without-base-year",
        edit(((*T0, "change"), "decrease"), ((*T0, "quote"), "较2020年提高95%")),
        "change-needs-base",
        21,
        11,
        "the quote measures the change from 2020: set base_year",
        None,
    ),
    (
        "per-year-and-cumulative",
        edit(((*T0, "per_year"), True), ((*T0, "cumulative"), True)),
        "per-year-and-cumulative",
        21,
        13,
        "either a yearly quota or a cumulative total",
        None,
    ),
    (
        "implied-without-note",
        edit(((*T0, "implied"), True)),
        "implied-needs-note",
        21,
        12,
        "an implied value needs a note",
        "全覆盖",
    ),
    (
        "duplicate-task-number",
        append(("tasks",), None),
        "duplicate-task-number",
        25,
        11,
        "task number 1 is used twice (first at tasks[0])",
        None,
    ),
    (
        "duplicate-entry",
        append(("targets",), None),
        "duplicate-entry",
        15,
        3,
        "the same entry twice",
        None,
    ),
    (
        "baseline-in-the-future",
        edit(((*T0, "kind"), "baseline"), ((*T0, "year"), 2024)),
        "baseline-in-future",
        19,
        9,
        "year 2024 is after the plan's 2023",
        "kind: target",
    ),
    (
        "year-outside-horizon",
        edit(((*T0, "year"), 2040)),
        "year-outside-horizon",
        19,
        9,
        "year 2040 is after the plan's last horizon year 2035",
        "add 2040 to `horizon`",
    ),
    (
        "year-implausible",
        edit(((*T0, "year"), 1800)),
        "year-range",
        19,
        9,
        "year 1800 is not plausible",
        None,
    ),
    (
        "horizon-not-increasing",
        edit((("horizon",), [2035, 2025])),
        "horizon-order",
        12,
        1,
        "horizon years must be increasing and unique",
        None,
    ),
]


@pytest.mark.parametrize(
    ("change", "code", "line", "column", "message", "hint"),
    [pytest.param(*case[1:], id=case[0]) for case in PLAN_CASES],
)
def test_bad_plan_is_located(
    check: Callable[..., Checked],
    change: Callable[[dict[str, Any]], None],
    code: str,
    line: int,
    column: int,
    message: str,
    hint: str | None,
) -> None:
    plan = minimal_plan()
    change(plan)
    assert_one_error(check(plan), code, line, column, message, hint)


def test_minimal_plan_is_valid(check: Callable[..., Checked]) -> None:
    """The starting point of every case above is itself clean."""
    checked = check(minimal_plan())
    assert checked.result.exit_code == 0, checked.explain()
    assert checked.findings == [], checked.explain()
    assert checked.result.stderr.strip() == "1 file checked: 0 errors, 0 warnings"


# --------------------------------------------------------------------------- every problem


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        pytest.param(
            both(
                edit((("level",), "state"), (("tasks", 0, "text"), 5)),
                rename((*T0, "value"), "valu"),
            ),
            [("not-allowed", 4, 8), ("unknown-field", 16, 3), ("not-text", 24, 9)],
            id="three-model-errors",
        ),
        pytest.param(
            edit(
                ((*T0, "value"), 120),
                ((*T0, "implied"), True),
                ((*T0, "change"), "increase"),
                ((*T0, "base_year"), 2030),
            ),
            [
                ("percent-range", 16, 10),
                ("implied-needs-note", 21, 12),
                ("base-after-year", 23, 14),
            ],
            id="three-rule-errors",
        ),
        pytest.param(
            edit(
                (("id",), "otherland"),
                ((*T0, "value"), 120),
                ((*T0, "comparator"), "eq"),
                ((*T0, "quote"), "合格率达到120%"),
                (("tasks", 0, "text"), "全面提升计量能力。"),
            ),
            [("id-file-name", 2, 5), ("percent-range", 16, 10), ("quote-not-found", 24, 9)],
            id="rule-name-and-quote",
        ),
    ],
)
def test_every_problem_is_reported(
    check: Callable[..., Checked],
    change: Callable[[dict[str, Any]], None],
    expected: list[tuple[str, int, int]],
) -> None:
    plan = minimal_plan()
    change(plan)
    checked = check(plan)
    assert checked.result.exit_code == 1, checked.explain()
    assert [f.where for f in checked.findings] == expected, checked.explain()
    assert checked.result.stderr.strip() == "1 file checked: 3 errors, 0 warnings"


def test_one_bad_file_does_not_stop_the_others(run: Callable[..., Any], tmp_path: Path) -> None:
    write_data(tmp_path, b"id: testland\nregion: a: b\n")
    other = minimal_plan()
    other["id"] = "otherland"
    other["targets"][0]["value"] = 120
    other["targets"][0]["comparator"] = "eq"
    other["targets"][0]["quote"] = "合格率达到120%"
    write_data(tmp_path, other, name="otherland")
    result = run("validate", "--data-dir", str(tmp_path), str(tmp_path / "plans"))
    findings = parse_findings(result.stdout)
    assert result.exit_code == 1, result.stdout + result.stderr
    assert [(Path(f.file).name, *f.where) for f in findings] == [
        ("otherland.yaml", "percent-range", 16, 10),
        ("testland.yaml", "yaml-syntax", 2, 10),
    ], result.stdout
    assert result.stderr.strip() == "2 files checked: 2 errors, 0 warnings"


def test_two_files_with_the_same_id(run: Callable[..., Any], tmp_path: Path) -> None:
    first = write_data(tmp_path, minimal_plan())
    second = first.with_suffix(".yml")  # same stem, so the id matches both file names
    second.write_text(plan_text(minimal_plan()), encoding="utf-8")
    result = run("validate", "--data-dir", str(tmp_path), str(tmp_path / "plans"))
    findings = parse_findings(result.stdout)
    explain = f"\n{result.stdout}{result.stderr}"
    assert result.exit_code == 1, explain
    assert [(Path(f.file).name, f.code) for f in findings] == [
        ("testland.yml", "duplicate-plan-id")
    ], explain
    assert "plan id `testland` is also used by" in findings[0].message, explain
    assert findings[0].message.endswith("testland.yaml"), explain
    assert result.stderr.strip() == "2 files checked: 1 error, 0 warnings"


# --------------------------------------------------------------------------- library API


def test_library_reports_the_same_findings(tmp_path: Path) -> None:
    plan = minimal_plan()
    plan["targets"][0]["value"] = 120
    plan["targets"][0]["comparator"] = "eq"
    plan["targets"][0]["quote"] = "合格率达到120%"
    path = write_data(tmp_path, plan)
    report = Validator(Workspace(tmp_path)).validate([path])
    assert [(f.code, f.line, f.column, f.severity, f.path) for f in report.findings] == [
        ("percent-range", 16, 10, Severity.error, "targets[0].value")
    ]
    assert report.exit_code() == 1
    assert report.results[0].plan_id == plan["id"]  # rules ran on a structurally valid plan


def test_library_structural_error_keeps_a_sound_id(tmp_path: Path) -> None:
    """A plan that fails the models is still known by its id when the id is sound (the
    check for ids used twice needs it), and by none when the id itself is broken."""
    plan = minimal_plan()
    plan["targets"][0]["value"] = "98%"
    path = write_data(tmp_path, plan)
    report = Validator(Workspace(tmp_path)).validate([path])
    assert report.results[0].plan_id == "testland"
    assert [(f.code, f.line, f.column, f.path) for f in report.findings] == [
        ("not-a-number", 16, 10, "targets[0].value")
    ]
    assert report.exit_code() == 1
    plan["id"] = 7
    path = write_data(tmp_path, plan)
    report = Validator(Workspace(tmp_path)).validate([path])
    assert report.results[0].plan_id is None
    assert [(f.code, f.path) for f in report.findings] == [
        ("not-text", "id"),
        ("not-a-number", "targets[0].value"),
    ]


def test_library_document_that_is_no_mapping_has_no_plan(tmp_path: Path) -> None:
    path = write_data(tmp_path, b"- id: testland\n")
    report = Validator(Workspace(tmp_path)).validate([path])
    assert report.results[0].plan_id is None
    assert [f.code for f in report.findings] == ["not-a-mapping"]


def test_library_warning_and_strict(tmp_path: Path) -> None:
    plan = minimal_plan()
    plan["source"] = {"urls": ["https://example.org/plan"]}
    path = write_data(tmp_path, plan)
    report = Validator(Workspace(tmp_path)).validate([path])
    assert [(f.code, f.severity) for f in report.findings] == [("no-source-text", Severity.warning)]
    assert (report.exit_code(), report.exit_code(strict=True)) == (0, 1)


def test_plan_from_data_and_its_rules() -> None:
    data = yamlio.parse(plan_text(minimal_plan()), "x").data
    plan, problems = check_data(Plan, data)
    assert problems == [] and isinstance(plan, Plan)
    assert plan.targets[0].value == 95 and plan.issued == dt.date(2023, 3, 10)
    assert plan_problems(plan) == []

    data["targets"][0]["value"] = 120
    data["targets"][0]["implied"] = True
    plan, problems = check_data(Plan, data)
    assert plan is not None and problems == []
    assert [(p.path, p.code) for p in plan_problems(plan)] == [
        (("targets", 0, "value"), "percent-range"),
        (("targets", 0, "implied"), "implied-needs-note"),
    ]


def test_plan_from_bad_data_is_none_with_every_problem() -> None:
    data = yamlio.parse(plan_text(minimal_plan()), "x").data
    data["level"] = "state"
    data["targets"][0]["value"] = "98%"
    del data["region"]
    plan, problems = check_data(Plan, data)
    assert plan is None
    assert sorted((p.path, p.code) for p in problems) == sorted(
        [
            (("level",), "not-allowed"),
            (("targets", 0, "value"), "not-a-number"),
            (("region",), "missing-field"),
        ]
    )


def test_yamlio_keeps_positions() -> None:
    doc = yamlio.parse(plan_text(minimal_plan()), "testland.yaml")
    assert doc.locate(("targets", 0, "value")) == (16, 10)
    assert doc.locate(("targets", 0, "value"), key=True) == (16, 3)
    assert doc.locate(("tasks", 0, "number")) == (22, 11)
    # a path that was not written falls back to its nearest written ancestor
    assert doc.locate(("targets", 0, "note")) == (15, 3)
    assert doc.data["issued"] == "2023-03-10"


def test_yamlio_duplicate_key_raises_with_findings() -> None:
    with pytest.raises(yamlio.DocumentError) as caught:
        yamlio.parse("id: a\nregion: b\nid: c\n", "x.yaml")
    [finding] = caught.value.findings
    assert (finding.code, finding.line, finding.column) == ("duplicate-key", 3, 1)
    assert "first at line 1, column 1" in finding.message


def test_yamlio_decode_drops_bom_and_refuses_gbk() -> None:
    assert yamlio.decode(yamlio.BOM + "id: 测试".encode(), "x") == "id: 测试"
    with pytest.raises(yamlio.DocumentError) as caught:
        yamlio.decode("id: 测试".encode("gbk"), "x")
    [finding] = caught.value.findings
    assert (finding.code, finding.line, finding.column) == ("not-utf8", 1, 5)
    assert finding.hint is not None and "GBK" in finding.hint


# --------------------------------------------------------------------------- known bugs


def test_impossible_date_is_a_located_error(check: Callable[..., Checked]) -> None:
    text = plan_text(minimal_plan()).replace("issued: 2023-03-10", "issued: 2023-02-30")
    checked = check(text)
    explain = checked.explain()
    assert checked.result.exit_code == 1, explain
    assert [(f.line, f.column) for f in checked.findings] == [(7, 9)], explain


def test_control_character_is_located(check: Callable[..., Checked]) -> None:
    checked = check("id: testland\nregion: 测\x07试省\n".encode())
    explain = checked.explain()
    assert checked.result.exit_code == 1, explain
    assert [(f.line, f.column) for f in checked.findings] == [(2, 10)], explain
    assert "<unicode string>" not in checked.result.stdout, explain


def test_plan_id_pattern(check: Callable[..., Checked]) -> None:
    plan = minimal_plan()
    plan["id"] = "Test-Land"
    checked = check(plan, name="Test-Land")  # the file name matches: only the pattern is wrong
    assert_one_error(
        checked,
        "bad-id",
        2,
        5,
        "plan id `Test-Land` must be lower-case letters, digits and _",
        "e.g. jiangsu",
    )


def test_year_written_as_a_float_is_refused(check: Callable[..., Checked]) -> None:
    plan = minimal_plan()
    plan["targets"][0]["year"] = 2025.0
    checked = check(plan)
    explain = checked.explain()
    assert checked.result.exit_code == 1, explain
    assert [(f.line, f.column) for f in checked.findings] == [(19, 9)], explain


def test_duplicate_plan_id_points_at_the_id(run: Callable[..., Any], tmp_path: Path) -> None:
    first = write_data(tmp_path, minimal_plan())
    first.with_suffix(".yml").write_text(plan_text(minimal_plan()), encoding="utf-8")
    result = run("validate", "--data-dir", str(tmp_path), str(tmp_path / "plans"))
    [finding] = parse_findings(result.stdout)
    assert (finding.code, finding.line, finding.column) == ("duplicate-plan-id", 2, 5)


def test_very_deep_nesting_does_not_crash(tmp_path: Path) -> None:
    depth = 100_000
    path = write_data(tmp_path, b"id: testland\nnotes: " + b"[" * depth + b"]" * depth + b"\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("QUALPOLICY_")}
    proc = subprocess.run(
        [sys.executable, "-m", "qualpolicy", "validate", "--data-dir", str(tmp_path), str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=tmp_path,  # a core dump, if enabled, lands here and not in the repository
        check=False,
    )
    output = f"exit {proc.returncode}\n{proc.stdout[:2000]}{proc.stderr[-2000:]}"
    assert proc.returncode == 1, output
    assert "Traceback" not in proc.stderr, output
    assert re.search(r"testland\.yaml:2:\d+: error: ", proc.stdout), output
