"""Many plan files: validate gives the same findings in one process, in several, and
from the cache; checks across files still hold; hints stay short; the cache commands read
is the same whether worker processes built it or one process did."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from qualpolicy import workers

from .conftest import DATA
from .helpers import Run, cli_json, copy_plans, explain, record_calls

COPIES = workers.PARALLEL_FROM + 24  # enough to be checked by worker processes


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Copies of the shipped plans, with a duplicated id, a broken quote, a broken file
    and a new wording."""
    target = tmp_path_factory.mktemp("many")
    made = copy_plans(DATA, target, COPIES)
    twin = made[3].read_text(encoding="utf-8")
    (target / "plans" / "twin.yaml").write_text(twin, encoding="utf-8")  # the same id again
    broken = next(p for p in made if p.stem.startswith("jiangsu"))
    text = broken.read_text(encoding="utf-8")
    broken.write_text(text.replace("達到88", "達到89", 1), encoding="utf-8")
    (target / "plans" / "bad.yaml").write_text("id: bad\nregion: [\n", encoding="utf-8")
    # a wording no alias or pattern matches: the worker checking it starts jieba itself
    novel = next(p for p in made if p.stem.startswith("beijing_0"))
    text = novel.read_text(encoding="utf-8")
    wording = "  - metric: 制造业质量竞争力指数\n"
    assert wording in text
    novel.write_text(
        text.replace(wording, "  - metric: 制造业产品质量竞争能力指数\n"), encoding="utf-8"
    )
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
    monkeypatch.setattr(workers, "PARALLEL_FROM", 10**6)
    serial = findings(run, many, monkeypatch, QUALPOLICY_NO_CACHE="1")
    assert parallel == serial == warm
    codes = {f["code"] for f in serial}
    assert {"duplicate-plan-id", "quote-not-found", "yaml-syntax", "unmatched-metric"} <= codes
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
    from qualpolicy.checks.validate import Validator

    cold = findings(run, many, monkeypatch, QUALPOLICY_CACHE_DIR=str(tmp_path / "cache"))
    checked = record_calls(monkeypatch, Validator, "check", lambda self, path: [path.name])
    assert findings(run, many, monkeypatch) == cold
    assert checked == []
    edited = many / "plans" / "twin.yaml"
    edited.write_text(edited.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert findings(run, many, monkeypatch) == cold
    assert checked == ["twin.yaml"]


def test_too_many_plans_for_side_by_side_are_summarised(run: Run, tmp_path: Path) -> None:
    """The matrix of 40 plans is summarised per metric, from the cache as computed."""
    from qualpolicy.analysis.index import overview
    from qualpolicy.analysis.matrix import compare_all, spreads
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


@pytest.fixture(scope="module")
def clean_many(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("clean-many")
    copy_plans(DATA, target, COPIES)
    return target


def test_the_cache_built_in_worker_processes_is_the_one_built_in_one(
    run: Run, clean_many: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Plans read, tasks segmented and word boundaries found by workers: compare, diff and
    search say exactly what they say when one process builds the cache."""
    names = sorted(p.stem for p in (clean_many / "plans").glob("*.yaml"))
    a = next(n for n in names if n.startswith("jiangsu"))
    b = next(n for n in names if n.startswith("chongqing"))
    commands = [
        ("compare", "--metric", "mfg_quality_competitiveness_index"),
        ("diff", a, b),
        ("search", "首席质量官"),
    ]
    # how many items each piece of work shared among workers had
    shared = record_calls(
        monkeypatch,
        workers,
        "in_workers",
        lambda work, items: [len(items)] if workers.workers_for(len(items)) > 1 else [],
    )

    def outputs(cache: Path) -> list[Any]:
        monkeypatch.setenv("QUALPOLICY_CACHE_DIR", str(cache))
        own = ("--own-only", "--data-dir", str(clean_many), "--format", "json")
        return [cli_json(run, *command, *own) for command in commands]

    parallel = outputs(tmp_path / "parallel")
    if workers.workers_for(COPIES) > 1:  # a machine with one core has no workers to share
        assert shared[:2] == [COPIES, COPIES]  # plans read, then tasks segmented
        assert len(shared) == 3  # and the word boundaries of every distinct text
    monkeypatch.setattr(workers, "PARALLEL_FROM", 10**6)
    assert outputs(tmp_path / "serial") == parallel


def test_a_broken_plan_among_many_is_reported_as_when_read_one_by_one(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    copy_plans(DATA, data, COPIES)
    broken = sorted((data / "plans").glob("*.yaml"))[COPIES // 2]
    broken.write_text(broken.read_text(encoding="utf-8") + "horizon: [\n", encoding="utf-8")

    def failure(cache: Path) -> str:
        monkeypatch.setenv("QUALPOLICY_CACHE_DIR", str(cache))
        metric = ("--metric", "mfg_quality_competitiveness_index")
        result = run("--own-only", "compare", *metric, "--data-dir", str(data))
        assert result.exit_code == 1, explain(result)
        return result.stderr

    parallel = failure(tmp_path / "parallel")
    assert broken.name in parallel
    monkeypatch.setattr(workers, "PARALLEL_FROM", 10**6)
    assert failure(tmp_path / "serial") == parallel
