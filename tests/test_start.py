"""A run builds only the command it runs; help and mistyped names still see them all."""

from __future__ import annotations

import textwrap
from pathlib import Path

from qualpolicy.cli import COMMANDS, GROUPS

from .helpers import python

RUN = textwrap.dedent(
    """
    import sys
    from qualpolicy.cli import main
    sys.argv = ["qualpolicy", *sys.argv[1:]]
    try:
        main()
    except SystemExit as exit:
        print("exit", exit.code)
    print(sorted(m for m in sys.modules if m.startswith("qualpolicy.cli.")))
    """
)


def run(tmp_path: Path, *args: str) -> tuple[str, str]:
    done = python(RUN, tmp_path / "cache", *args)
    return done.stdout, done.stderr


def test_a_command_imports_only_its_own_module(tmp_path: Path) -> None:
    out, _ = run(tmp_path, "--own-only", "compare", "--help")  # a root flag first, too
    assert "--metric" in out
    assert out.splitlines()[-1] == "['qualpolicy.cli.common', 'qualpolicy.cli.compare_cmd']"


def test_help_lists_every_command(tmp_path: Path) -> None:
    out, _ = run(tmp_path, "--help")
    for name in [*COMMANDS, *GROUPS]:
        assert f" {name} " in out


def test_a_mistyped_command_is_a_usage_error(tmp_path: Path) -> None:
    out, err = run(tmp_path, "comapre")
    assert "exit 2" in out
    assert "No such command" in err


def test_a_group_runs_its_subcommand(tmp_path: Path) -> None:
    out, _ = run(tmp_path, "cache", "info")
    assert " entries, " in out
