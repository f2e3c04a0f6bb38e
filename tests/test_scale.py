"""Many plan files: validate gives the same findings in one process, in several, and
from the cache; checks across files still hold; hints stay short."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from qualpolicy.loading import batch

from .conftest import DATA
from .helpers import Run, copy_plans, explain

COPIES = batch.PARALLEL_FROM + 24  # enough to be checked by worker processes


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Copies of the shipped plans, with a duplicated id, a broken quote and a broken file."""
    target = tmp_path_factory.mktemp("many")
    made = copy_plans(DATA, target, COPIES)
    twin = made[3].read_text(encoding="utf-8")
    (target / "plans" / "twin.yaml").write_text(twin, encoding="utf-8")  # the same id again
    broken = next(p for p in made if p.stem.startswith("jiangsu"))
    text = broken.read_text(encoding="utf-8")
    broken.write_text(text.replace("達到88", "達到89", 1), encoding="utf-8")
    (target / "plans" / "bad.yaml").write_text("id: bad\nregion: [\n", encoding="utf-8")
    return target


def findings(run: Run, data: Path, monkeypatch: pytest.MonkeyPatch, **env: str) -> Any:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    result = run("validate", "--format", "json", str(data))
    assert result.exit_code == 1, explain(result)
    return json.loads(result.stdout)


def test_findings_are_the_same_whatever_the_parallelism_and_the_cache(
    run: Run, many: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = str(tmp_path / "cache")
    parallel = findings(run, many, monkeypatch, QUALPOLICY_CACHE_DIR=cache)
    warm = findings(run, many, monkeypatch)
    monkeypatch.setattr(batch, "PARALLEL_FROM", 10**6)
    serial = findings(run, many, monkeypatch, QUALPOLICY_NO_CACHE="1")
    assert parallel == serial == warm
    codes = {f["code"] for f in serial}
    assert {"duplicate-plan-id", "quote-not-found", "yaml-syntax"} <= codes
    assert [f["file"] for f in serial] == sorted(f["file"] for f in serial)


def test_a_duplicate_id_is_found_when_both_files_come_from_the_cache(
    run: Run, many: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = str(tmp_path / "cache")
    findings(run, many, monkeypatch, QUALPOLICY_CACHE_DIR=cache)
    again = findings(run, many, monkeypatch)
    twins = [f for f in again if f["code"] == "duplicate-plan-id"]
    assert len(twins) == 1 and twins[0]["file"].endswith("twin.yaml")


def test_a_plan_not_found_lists_a_few_plans_not_thousands(run: Run, tmp_path: Path) -> None:
    copy_plans(DATA, tmp_path, 60)
    result = run("show", "nowhere", "--own-only", "--data-dir", str(tmp_path))
    assert result.exit_code == 2, explain(result)  # a name that names nothing: usage
    assert "more (qualpolicy plans lists them)" in result.stderr
    assert len(result.stderr) < 2000


def test_a_warm_run_reads_results_only_for_unchanged_files(
    run: Run, many: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from qualpolicy.loading.validate import Validator

    cold = findings(run, many, monkeypatch, QUALPOLICY_CACHE_DIR=str(tmp_path / "cache"))
    checked: list[str] = []
    check = Validator.check

    def counting(self: Validator, path: Path) -> Any:
        checked.append(path.name)
        return check(self, path)

    monkeypatch.setattr(Validator, "check", counting)
    assert findings(run, many, monkeypatch) == cold
    assert checked == []
    edited = many / "plans" / "twin.yaml"
    edited.write_text(edited.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert findings(run, many, monkeypatch) == cold
    assert checked == ["twin.yaml"]


def test_too_many_plans_for_side_by_side_are_summarised(run: Run, tmp_path: Path) -> None:
    """The matrix of 40 plans is summarised per metric, from the cache as computed."""
    from qualpolicy.analysis.compare import compare_all, overview, spreads
    from qualpolicy.render.compare import SIDE_BY_SIDE
    from qualpolicy.workspace import Workspace

    copy_plans(DATA, tmp_path / "forty", SIDE_BY_SIDE + 10)
    out = run("--own-only", "compare", "--data-dir", str(tmp_path / "forty"))
    assert out.exit_code == 0, explain(out)
    assert f"of {SIDE_BY_SIDE + 10} plans" in out.stdout
    assert "too many to set side by side" in " ".join(out.stdout.split())
    ws = Workspace(tmp_path / "forty", own_only=True)
    plans = ws.plans.plans
    cached, computed = overview(plans, ws.aligner), spreads(compare_all(plans, ws.aligner))
    key = [(s.metric.id, s.plans, s.targets) for s in computed]
    assert [(s.metric.id, s.plans, s.targets) for s in cached] == key
    index = next(s for s in cached if s.metric.id == "mfg_quality_competitiveness_index")
    assert index.most is not None and index.least is not None
    assert (index.most.target.value, index.least.target.value) == (95, 80)  # 北京, 太原
