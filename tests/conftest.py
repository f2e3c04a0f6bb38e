"""Shared fixtures: the shipped data, a scratch copy of it, and a CLI runner."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from qualpolicy.cli import app, root_flags_first
from qualpolicy.loading.datadir import shipped_data_dir
from qualpolicy.workspace import Workspace

# Tests never touch the user's cache: one scratch cache for the whole session.
os.environ["QUALPOLICY_CACHE_DIR"] = tempfile.mkdtemp(prefix="qualpolicy-test-cache-")
DATA = shipped_data_dir()
# What the commands say about time is said as of one day, whatever day the tests run on.
AS_OF = dt.date(2026, 12, 7)
os.environ["QUALPOLICY_AS_OF"] = AS_OF.isoformat()


@pytest.fixture(scope="session")
def ws() -> Workspace:
    """The shipped data, loaded once."""
    return Workspace(DATA)


@pytest.fixture
def data_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A scratch copy of the shipped data directory that a test may change, used instead
    of the shipped data ($QUALPOLICY_OWN_ONLY), not layered over it."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    monkeypatch.setenv("QUALPOLICY_OWN_ONLY", "1")
    return target


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch) -> Callable[..., object]:
    """Invoke the CLI in-process: ``run("compare", "--metric", "x")``."""
    monkeypatch.delenv("QUALPOLICY_DATA", raising=False)
    runner = CliRunner()

    def invoke(*args: str, **kwargs: object) -> object:
        return runner.invoke(app, root_flags_first(list(args)), catch_exceptions=False, **kwargs)

    return invoke


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """The wording test set's figures, whenever its tests ran."""
    from tests.test_wordings import RESULTS

    if RESULTS:
        r = RESULTS
        terminalreporter.write_line(
            f"wording set: {r['wordings']} wordings ({r['synonyms']} synonyms, {r['traps']} "
            f"traps); precision {r['precision']:.3f} ({r['aligned']} aligned, "
            f"{r['by_similarity']} by similarity); recall {r['recall']:.3f} aligned or "
            f"suggested first ({r['recall_aligned']:.3f} aligned)"
        )
