"""Results written to files (`--out`): whole or not at all, never over a user's file unless
--force, CSV with a byte-order mark; stdout stays plain."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from qualpolicy.render.outfile import BOM, OutputError, write_file, write_text

from .helpers import Run, explain, ok


def test_a_failed_write_leaves_nothing_behind(tmp_path: Path) -> None:
    path = tmp_path / "out.xlsx"

    def half(tmp: Path) -> None:
        tmp.write_text("half a file")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        write_file(path, half)
    assert list(tmp_path.iterdir()) == []
    path.write_text("before")
    with pytest.raises(RuntimeError):
        write_file(path, half, force=True)
    assert path.read_text() == "before"
    assert [p.name for p in tmp_path.iterdir()] == ["out.xlsx"]


def test_a_file_that_appears_while_writing_is_not_clobbered(tmp_path: Path) -> None:
    path = tmp_path / "out.csv"

    def racing(tmp: Path) -> None:
        path.write_text("someone else's")  # another program got there first
        tmp.write_text("ours")

    with pytest.raises(OutputError, match="exists already"):
        write_file(path, racing)
    assert path.read_text() == "someone else's"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_a_new_file_gets_ordinary_permissions_and_a_replaced_one_keeps_its_own(
    tmp_path: Path,
) -> None:
    path = tmp_path / "a.json"
    write_text(path, "{}")
    assert path.stat().st_mode & 0o777 != 0o600  # not the temporary file's private mode
    path.chmod(0o640)
    write_text(path, "[]", force=True)
    assert path.stat().st_mode & 0o777 == 0o640
    assert path.read_text() == "[]"


def test_a_folder_is_not_a_file(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="is a folder"):
        write_text(tmp_path, "x", force=True)


# --- compare and diff --out -------------------------------------------------------------------


def test_compare_csv_to_a_file_has_a_bom_and_the_same_rows(run: Run, tmp_path: Path) -> None:
    printed = ok(run, "compare", "-m", "制造业质量竞争力指数", "--format", "csv")
    assert not printed.startswith(BOM)  # stdout stays plain
    path = tmp_path / "mfg.csv"
    result = run("compare", "-m", "制造业质量竞争力指数", "--out", str(path))
    assert result.exit_code == 0, explain(result)
    assert result.stdout == ""
    assert f"wrote {path}" in result.stderr
    assert path.read_text("utf-8") == BOM + printed


@pytest.mark.parametrize(
    ("args", "suffix", "check"),
    [
        (("compare",), "md", lambda text: text.startswith("| Metric |")),
        (("compare", "-m", "食品抽检合格率"), "json", lambda text: json.loads(text)["rows"]),
        (("diff", "江苏", "浙江", "--no-themes"), "md", lambda text: "### Shared metrics" in text),
        (("diff", "江苏", "浙江", "--no-themes"), "json", lambda text: json.loads(text)["pairs"]),
    ],
)
def test_the_format_follows_the_suffix(
    run: Run, tmp_path: Path, args: tuple[str, ...], suffix: str, check: Callable[[str], object]
) -> None:
    path = tmp_path / f"out.{suffix}"
    result = run(*args, "--out", str(path))
    assert result.exit_code == 0, explain(result)
    text = path.read_text("utf-8")
    assert not text.startswith(BOM)  # only CSV carries one
    assert check(text)
    assert text == ok(run, *args, "--format", "markdown" if suffix == "md" else suffix)


def test_out_refuses_an_existing_file_and_an_unknown_suffix(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_text("my notes")
    result = run("diff", "江苏", "浙江", "--no-themes", "--out", str(path))
    assert result.exit_code == 1, explain(result)
    assert "exists already" in result.stderr
    assert path.read_text() == "my notes"
    ok(run, "diff", "江苏", "浙江", "--no-themes", "--out", str(path), "--force")
    assert path.read_text().startswith("## 江苏省")
    result = run("diff", "江苏", "浙江", "--out", str(tmp_path / "x.txt"))
    assert result.exit_code == 2, explain(result)  # no format says .txt
    assert "add --format (json, csv, markdown)" in result.stderr
