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
    loaded = "['qualpolicy.cli.common', 'qualpolicy.cli.compare_cmd', 'qualpolicy.cli.state']"
    assert out.splitlines()[-1] == loaded


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


def test_the_console_script_flushes_its_output_and_keeps_exit_codes(tmp_path: Path) -> None:
    """It leaves without tearing the interpreter down: nothing may be lost on the way."""
    import json
    import os
    import subprocess
    import sys

    env = {**os.environ, "QUALPOLICY_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("QUALPOLICY_DATA", None)
    env.pop("QUALPOLICY_OWN_ONLY", None)

    def qualpolicy(*args: str) -> subprocess.CompletedProcess[str]:
        argv = [sys.executable, "-m", "qualpolicy", *args]
        return subprocess.run(argv, capture_output=True, text=True, env=env, check=False)

    done = qualpolicy("compare", "-m", "制造业质量竞争力指数", "--format", "json")
    assert done.returncode == 0 and len(json.loads(done.stdout)["rows"]) > 5
    unknown = qualpolicy("compare", "-m", "no such metric")
    assert unknown.returncode == 2 and "no metric called" in unknown.stderr
    assert qualpolicy("--version").stdout.startswith("qualpolicy ")
