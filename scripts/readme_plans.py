"""Write the README's table of shipped plans from `qualpolicy plans --format markdown`.

Run by `make readme` (python -m scripts.readme_plans); tests/test_cascade.py fails when the
table is stale.
"""

from __future__ import annotations

import sys
from pathlib import Path

from qualpolicy.analysis.inventory import summarise
from qualpolicy.analysis.versions import Versions, as_of_day
from qualpolicy.loading.datadir import shipped_data_dir
from qualpolicy.render.plans import as_markdown
from qualpolicy.workspace import Workspace
from scripts.readme_examples import AS_OF
from scripts.regenerate import between, rewrite

BEGIN = "<!-- plans:begin (make readme writes this table) -->"
END = "<!-- plans:end -->"
README = Path(__file__).resolve().parents[1] / "README.md"


def table() -> str:
    """Every shipped document, whether in force on the README examples' day."""
    plans = Workspace(shipped_data_dir(), own_only=True).plans.plans
    return as_markdown(summarise(plans, Versions(plans, as_of_day(AS_OF))))


def updated(text: str) -> str:
    return between(text, BEGIN, END, "\n" + table())


if __name__ == "__main__":
    sys.exit(rewrite(README, updated, "the plans table"))
