"""Warm commands answer from the snapshot's index and stored plans: the same answers as
aligning everything afresh, for every metric and any choice of plans."""

from __future__ import annotations

import pickle
import textwrap
from pathlib import Path

import pytest

from qualpolicy.analysis import index
from qualpolicy.analysis.compare import compare_metric
from qualpolicy.analysis.index import IndexedAligner
from qualpolicy.loading.stored import StoredPlan, stored
from qualpolicy.models import Plan
from qualpolicy.render import compare as render
from qualpolicy.workspace import Workspace

from .conftest import DATA
from .helpers import python, small_plan, target


@pytest.fixture(scope="module")
def fresh() -> Workspace:
    """The shipped data aligned afresh, no snapshot."""
    return Workspace(DATA, use_cache=False)


@pytest.fixture(scope="module")
def indexed(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """The shipped data read back from a snapshot written by another workspace."""
    folder = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("QUALPOLICY_CACHE_DIR", str(folder))
        assert Workspace(DATA).snapshot is not None  # writes it
        ws = Workspace(DATA)
        assert ws.snapshot is not None
        assert isinstance(ws.aligner, IndexedAligner)
        ws.plans.plans  # noqa: B018 - loaded while the cache folder is set
        return ws


def test_every_metric_compares_the_same_from_the_index(
    fresh: Workspace, indexed: Workspace
) -> None:
    assert len(indexed.catalogue.metrics) > 20
    for metric in indexed.catalogue.metrics:
        for exact in (False, True):
            got = compare_metric(metric, indexed.plans.plans, indexed.aligner, exact=exact)
            want = compare_metric(
                fresh.catalogue.by_id[metric.id], fresh.plans.plans, fresh.aligner, exact=exact
            )
            assert render.as_json(got) == render.as_json(want), metric.id


def test_a_choice_of_plans_compares_the_same_from_the_index(
    fresh: Workspace, indexed: Workspace
) -> None:
    names = ["chongqing", "jiangsu", "national"]
    for metric_id in ("mfg_quality_competitiveness_index", "food_sampling_pass_rate"):
        got = compare_metric(
            indexed.catalogue.by_id[metric_id], indexed.plans.select(names), indexed.aligner
        )
        want = compare_metric(
            fresh.catalogue.by_id[metric_id], fresh.plans.select(names), fresh.aligner
        )
        assert [p.id for p in got.plans] == names
        assert render.as_json(got) == render.as_json(want)


def test_a_few_plans_are_aligned_directly_with_the_same_answers(
    fresh: Workspace, indexed: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two plans out of thousands are aligned, not looked up among every plan's filed
    entries; the answer is the same."""
    monkeypatch.setattr(index, "FEW", 5)  # 2 of the 17 shipped plans count as few

    def unused(metric_id: str) -> list[object]:
        raise AssertionError(f"the index was read for {metric_id}")

    monkeypatch.setattr(indexed.aligner, "filed", unused)
    names = ["jiangsu", "national"]
    for metric in indexed.catalogue.metrics:
        got = compare_metric(metric, indexed.plans.select(names), indexed.aligner)
        want = compare_metric(
            fresh.catalogue.by_id[metric.id], fresh.plans.select(names), fresh.aligner
        )
        assert render.as_json(got) == render.as_json(want), metric.id


def test_plans_not_in_the_snapshot_are_aligned_as_usual(indexed: Workspace) -> None:
    mine = small_plan(target("制造业质量竞争力指数", 91, unit=None), plan_id="testland")
    metric = indexed.catalogue.by_id["mfg_quality_competitiveness_index"]
    result = compare_metric(metric, [*indexed.plans.plans, mine], indexed.aligner)
    rows = [r for g in result.groups for r in g.rows]
    assert "testland" in {r.plan.id for r in rows}


def test_task_mentions_come_from_the_index_as_they_would_be_found(
    fresh: Workspace, indexed: Workspace
) -> None:
    found = 0
    for metric in indexed.catalogue.metrics:
        for plan in indexed.plans.plans:
            want = fresh.aligner.tasks_naming(
                fresh.catalogue.by_id[metric.id], fresh.plans.get(plan.id)
            )
            assert indexed.aligner.tasks_naming(metric, plan) == want
            found += bool(want)
    assert found > 10


def test_a_stored_plan_is_the_plan_and_unpickles_its_bulk_only_when_read(
    fresh: Workspace,
) -> None:
    plan = fresh.plans.get("zhejiang")
    back = pickle.loads(pickle.dumps(stored(plan)))
    assert isinstance(back, StoredPlan) and isinstance(back, Plan)
    assert "targets" not in vars(back)
    assert (back.id, back.region) == (plan.id, plan.region)
    assert "targets" not in vars(back), "the header alone does not unpickle the bulk"
    assert back == plan and plan == back
    assert back.targets == plan.targets and back.tasks == plan.tasks
    assert pickle.loads(pickle.dumps(back)) == plan
    assert stored(back) is back, "stored again as it is"


def test_a_warm_comparison_reads_no_plan_bulk(tmp_path: Path) -> None:
    """Comparing one metric needs each plan's header and the metric's entries only."""
    code = textwrap.dedent(
        """
        from qualpolicy.analysis.compare import compare_metric
        from qualpolicy.workspace import Workspace
        Workspace().snapshot  # fills the cache
        ws = Workspace()
        plans = ws.plans.plans
        metric = ws.catalogue.find("制造业质量竞争力指数", ws.normalizer)
        result = compare_metric(metric, plans, ws.aligner)
        print(len(result.groups[0].rows) > 3, sum("targets" in vars(p) for p in plans) == 0)
        """
    )
    assert python(code, tmp_path / "cache").stdout.split() == ["True", "True"]
