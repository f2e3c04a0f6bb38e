"""Cold-start timings of the commands analysts run, next to the import floor.

The floor is a bare ``python -c "import typer, rich, pydantic, yaml, opencc"``
measured in the same run; the budget for ``compare`` is 1.5 times that floor.
Each command runs in a fresh process RUNS times and the median is reported,
with the data cache warm (every run after the first) and with the cache off
(what the very first run after an edit to the data costs).  The package is
byte-compiled first, as an installed wheel is.
"""

from __future__ import annotations

import compileall
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import qualpolicy

RUNS = 15
BUDGET = 1.5
FLOOR = [sys.executable, "-c", "import typer, rich, pydantic, yaml, opencc"]
COMMANDS = {
    "compare --metric 制造业质量竞争力指数": ["compare", "--metric", "制造业质量竞争力指数"],
    "compare (matrix)": ["compare"],
    "progress": ["progress"],
    "show zhejiang": ["show", "zhejiang"],
    "diff jiangsu chongqing": ["diff", "jiangsu", "chongqing"],
    "search 首席质量官": ["search", "首席质量官"],
    "validate (all data)": ["validate", "-q"],
    "audit (all plans)": ["audit"],
}
HEADLINE = "compare --metric 制造业质量竞争力指数"


def median_ms(argv: list[str], env: dict[str, str]) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> int:
    compileall.compile_dir(Path(qualpolicy.__file__).parent, quiet=1)
    qualpolicy_bin = str(Path(sys.executable).parent / "qualpolicy")
    with tempfile.TemporaryDirectory() as cache:
        warm = {**os.environ, "QUALPOLICY_CACHE_DIR": cache}
        cold = {**os.environ, "QUALPOLICY_NO_CACHE": "1"}
        median_ms(FLOOR, warm)  # let the file cache settle
        floor = median_ms(FLOOR, warm)
        print(f"median of {RUNS} runs each; floor = {' '.join(FLOOR[1:])}")
        print(f"{'command':<44} {'warm cache':>16} {'no cache':>16}")
        print(f"{'import floor':<44} {floor:8.1f} ms       {'':>16}")
        ratios = {}
        for label, args in COMMANDS.items():
            argv = [qualpolicy_bin, *args]
            subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=warm)
            hot, first = median_ms(argv, warm), median_ms(argv, cold)
            ratios[label] = hot / floor
            print(
                f"{label:<44} {hot:8.1f} ms {hot / floor:4.2f}x "
                f"{first:8.1f} ms {first / floor:4.2f}x"
            )
    verdict = "within" if ratios[HEADLINE] <= BUDGET else "OVER"
    print(f"{HEADLINE}: {ratios[HEADLINE]:.2f}x the floor, {verdict} the {BUDGET}x budget")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
