"""Write the output of each README ```console example afresh (80 columns, as of the day the
test suite judges time on); an example that ends in "…" keeps its number of lines.

Run by `make readme` (python -m scripts.readme_examples); tests/test_cli.py fails when an
example is stale.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from scripts.regenerate import rewrite

README = Path(__file__).resolve().parents[1] / "README.md"
EXAMPLE = re.compile(
    r"(```console\n\$ qualpolicy "
    r"((?:compare|progress|diff|search|show|metrics|draft|map|flags|history)[^\n]*)\n)"
    r"(.*?)```",
    re.S,
)
AS_OF = "2026-12-07"  # tests/conftest.py's day


def output(command: str) -> list[str]:
    env = {**os.environ, "COLUMNS": "80", "QUALPOLICY_AS_OF": AS_OF, "NO_COLOR": "1"}
    env.pop("QUALPOLICY_DATA", None)
    argv = [sys.executable, "-m", "qualpolicy", *command.split()]
    done = subprocess.run(argv, capture_output=True, text=True, env=env, check=False)
    return done.stdout.rstrip("\n").splitlines()


def updated(text: str) -> str:
    def fresh(m: re.Match[str]) -> str:
        shown = m.group(3).rstrip("\n").splitlines()
        lines = output(m.group(2))
        if shown and shown[-1] == "…":
            lines = [*lines[: len(shown) - 1], "…"]
        return m.group(1) + "\n".join(lines) + "\n```"

    return EXAMPLE.sub(fresh, text)


if __name__ == "__main__":
    sys.exit(rewrite(README, updated, "the console examples"))
