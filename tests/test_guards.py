"""Guards for behaviour of the alignment engine and validate that no other test holds.

Each test here fails when the behaviour it names is taken out:

* a metric's "not this" labels keep a wording out of the similarity tier and out of the
  suggestions for that metric, not only out of the alias and pattern rules;
* "not this" beats the metric's own aliases, even when they come from another layer;
* validate flags a catalogue layer whose "not this" contradicts a lower layer's alias
  (and the reverse), rather than hinting to put the alias back;
* 累计 and 每年 in a wording raise basis-in-wording unless the entry's flags say so;
* a yearly entry worded with a change word (年均增加, 年均增长) still aligns.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from qualpolicy.models import Unit
from qualpolicy.workspace import Workspace

from .helpers import explain, small_plan, target

Run = Callable[..., Any]


@pytest.fixture(autouse=True)
def layered(monkeypatch: pytest.MonkeyPatch) -> None:
    """A directory of the tests' own is layered over the shipped data, never instead."""
    monkeypatch.delenv("QUALPOLICY_OWN_ONLY", raising=False)
    monkeypatch.delenv("QUALPOLICY_DATA", raising=False)


def layer(root: Path, *plans: dict[str, Any], extend: list[dict[str, Any]] | None = None) -> Path:
    """A curator's data directory: ``plans`` and, with ``extend``, a catalogue layer."""
    (root / "plans").mkdir(parents=True, exist_ok=True)
    for plan in plans:
        text = yaml.safe_dump(plan, allow_unicode=True, sort_keys=False)
        (root / "plans" / f"{plan['id']}.yaml").write_text(text, encoding="utf-8")
    if extend is not None:
        text = yaml.safe_dump({"extend": extend}, allow_unicode=True, sort_keys=False)
        (root / "metrics.yaml").write_text(text, encoding="utf-8")
    return root


def web_plan(*entries: dict[str, Any]) -> dict[str, Any]:
    """A plan read from a web page (no source text), with ``entries`` as its targets."""
    return {
        "id": "testland",
        "region": "测试省",
        "level": "province",
        "title": "测试省质量强省建设实施方案",
        "issuer": "测试省人民政府",
        "source": {"unavailable_reason": "read from a public web page"},
        "script": "simplified",
        "horizon": [2025],
        "targets": list(entries),
    }


def entry(metric: str, value: float, quote: str, **more: Any) -> dict[str, Any]:
    fields = {"comparator": "ge", "unit": "percent", "year": 2025}
    return {"metric": metric, "value": value, **fields, **more, "quote": quote}


def findings(run: Run, data: Path, *paths: Path) -> list[dict[str, Any]]:
    result = run("validate", "--format", "json", "--data-dir", str(data), *map(str, paths))
    assert "Traceback" not in result.stdout + result.stderr, explain(result)
    return list(json.loads(result.stdout))


# --- a: "not this" stops the similarity tier and the suggestions ------------------------------

SUPERVISORY = "食品监督抽检合格率"  # aligned to food_sampling_pass_rate by similarity (监督)
NOT_SUPERVISORY = {
    "id": "food_sampling_pass_rate",
    "not_this": [{"label": SUPERVISORY, "reason": "supervisory sampling, reported apart"}],
}


def test_the_wording_aligns_by_similarity_without_the_label(ws: Workspace) -> None:
    """The control for the tests below: without the label, similarity aligns it."""
    match = ws.aligner.match(SUPERVISORY)
    assert (match.metric_id, match.rule) == ("food_sampling_pass_rate", "similarity")
    assert ws.aligner.match("食品监督抽检总体合格率").metric_id == "food_sampling_pass_rate"


@pytest.mark.parametrize("wording", [SUPERVISORY, "食品监督抽检总体合格率"])
def test_a_not_this_label_keeps_its_wording_out_of_the_similarity_tier(
    tmp_path: Path, wording: str
) -> None:
    """The label itself, and a wording that differs from it only in a neutral word (总体),
    are never the metric by similarity."""
    ws = Workspace(layer(tmp_path / "mine", extend=[NOT_SUPERVISORY]))
    match = ws.aligner.match(wording)
    assert match.metric_id is None and match.rule == "unmatched", match
    assert "food_sampling_pass_rate" not in {s.metric for s in ws.aligner.suggest(wording)}


def test_a_not_this_label_is_never_suggested_for_its_metric(ws: Workspace) -> None:
    """食品抽检问题处置率 is a not-this label of food_sampling_pass_rate: the catalogue says
    it is not that metric, so nothing may suggest it is."""
    assert ws.aligner.match("食品抽检问题处置率").rule == "unmatched"
    assert "food_sampling_pass_rate" not in {
        s.metric for s in ws.aligner.suggest("食品抽检问题处置率")
    }
    plan = small_plan(target("食品抽检问题处置率", 95))
    row = ws.aligner.align_entry(plan, 0)
    assert row.suggestions == () and row.about == set()


def test_validate_never_hints_to_alias_a_not_this_label(run: Run, tmp_path: Path) -> None:
    wording = "食品抽检问题处置率"
    data = layer(tmp_path / "mine", web_plan(entry(wording, 95, f"{wording}达到95%")))
    [warning] = [f for f in findings(run, data, data / "plans") if f["code"] == "unmatched-metric"]
    assert "rules it out (not food_sampling_pass_rate:" in warning["hint"], warning
    assert "{id: food_sampling_pass_rate, aliases:" not in warning["hint"], warning
    assert "may be food_sampling_pass_rate" not in warning["hint"], warning


# --- b: "not this" beats the metric's own aliases ---------------------------------------------

SPOT_CHECK = "食品抽查合格率"  # a shipped alias of food_sampling_pass_rate
NOT_SPOT_CHECK = {
    "id": "food_sampling_pass_rate",
    "not_this": [{"label": SPOT_CHECK, "reason": "spot checks, counted apart here"}],
}


def test_a_wording_both_alias_and_not_this_is_not_the_metric(ws: Workspace, tmp_path: Path) -> None:
    assert ws.aligner.match(SPOT_CHECK).rule == "alias"  # control: the shipped alias
    mine = Workspace(layer(tmp_path / "mine", extend=[NOT_SPOT_CHECK]))
    match = mine.aligner.match(SPOT_CHECK)
    assert match.metric_id is None and match.rule == "unmatched", match
    assert match.ruled_out == ("not food_sampling_pass_rate: spot checks, counted apart here",)
    assert "food_sampling_pass_rate" not in {s.metric for s in mine.aligner.suggest(SPOT_CHECK)}
    # the metric's other wordings are untouched
    assert mine.aligner.match("食品抽检合格率").metric_id == "food_sampling_pass_rate"


# --- c: validate flags a layer at odds with the layer below -----------------------------------


def test_validate_flags_a_layer_whose_not_this_contradicts_a_lower_alias(
    run: Run, tmp_path: Path
) -> None:
    data = layer(
        tmp_path / "mine",
        web_plan(entry(SPOT_CHECK, 98, f"{SPOT_CHECK}达到98%")),
        extend=[NOT_SPOT_CHECK],
    )
    found = findings(run, data)
    [conflict] = [f for f in found if f["code"] == "not-this-contradicts-alias"]
    assert Path(conflict["file"]).resolve() == (data / "metrics.yaml").resolve()
    assert (conflict["severity"], conflict["path"]) == ("warning", "extend[0].not_this[0].label")
    assert (conflict["line"], conflict["column"]) == (4, 12)
    message = conflict["message"]
    assert "food_sampling_pass_rate" in message and SPOT_CHECK in message
    assert str(data / "metrics.yaml") in message  # this layer's file …
    assert "data/metrics.yaml gives food_sampling_pass_rate the alias" in message  # … and below
    # the plan's entry is not hinted back into the metric it was taken out of
    [unmatched] = [
        f for f in found if f["code"] == "unmatched-metric" and f["file"].endswith("testland.yaml")
    ]
    assert "rules it out (not food_sampling_pass_rate:" in unmatched["hint"], unmatched
    assert "{id: food_sampling_pass_rate, aliases:" not in unmatched["hint"], unmatched


def test_validate_flags_a_layer_alias_that_a_lower_not_this_rules_out(
    run: Run, tmp_path: Path
) -> None:
    data = layer(
        tmp_path / "mine",
        extend=[{"id": "food_sampling_pass_rate", "aliases": ["食品抽检问题处置率"]}],
    )
    [conflict] = [f for f in findings(run, data) if f["code"] == "not-this-contradicts-alias"]
    assert (conflict["severity"], conflict["path"]) == ("warning", "extend[0].aliases[0]")
    assert "data/metrics.yaml rules 食品抽检问题处置率 out" in conflict["message"]


def test_a_layer_ruling_out_another_metrics_alias_is_no_conflict(run: Run, tmp_path: Path) -> None:
    """食品抽查合格率 is food_sampling_pass_rate; saying it is not drug_sampling_pass_rate
    contradicts nothing."""
    data = layer(
        tmp_path / "mine",
        extend=[{"id": "drug_sampling_pass_rate", "not_this": [NOT_SPOT_CHECK["not_this"][0]]}],
    )
    assert [f for f in findings(run, data) if f["severity"] != "info"] == []


# --- d: 累计 and 每年 in a wording ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("wording", "flag", "word"),
    [
        ("累计主导制定国际标准", "cumulative", "累计"),
        ("每年主导制定国际标准", "per_year", "每年"),
    ],
)
def test_a_basis_word_the_flags_do_not_record_is_reported(
    run: Run, tmp_path: Path, wording: str, flag: str, word: str
) -> None:
    figure = entry(wording, 5, f"{wording}5项", unit="count", unit_text="项")
    data = layer(tmp_path / "without", web_plan(figure))
    [warning] = [f for f in findings(run, data, data / "plans") if f["code"] == "basis-in-wording"]
    assert (warning["severity"], warning["path"]) == ("warning", "targets[0].metric")
    assert f"in the wording ({word})" in warning["message"]
    # the entry that records it: no finding, and aligned to the metric
    data = layer(tmp_path / "with", web_plan({**figure, flag: True}))
    found = findings(run, data, data / "plans")
    assert "basis-in-wording" not in {f["code"] for f in found}, found
    [similar] = [f for f in found if f["code"] == "aligned-by-similarity"]
    assert "intl_standards_led" in similar["message"]


# --- e: a yearly entry worded with a change word ----------------------------------------------


@pytest.mark.parametrize("wording", ["国家质检中心年均增加", "国家质检中心年均增长"])
def test_a_yearly_entry_worded_with_a_change_word_aligns(ws: Workspace, wording: str) -> None:
    """年均增加2家 is a yearly quota (per_year, no change field): the entry's per_year lets
    the wording's 年均 and 增加 (增长) pass, as change: increase would."""
    plan = small_plan(target(wording, 2, per_year=True, unit=Unit.count, unit_text="家"))
    row = ws.aligner.align_entry(plan, 0)
    assert (row.match.metric_id, row.match.rule) == ("national_inspection_centres", "similarity")
    assert "per year" in row.caveats
    # control: the same wording on an entry that is not yearly is blocked
    plan = small_plan(target(wording, 2, unit=Unit.count, unit_text="家"))
    row = ws.aligner.align_entry(plan, 0)
    assert row.match.metric_id is None and "a change or growth in the wording" in row.match.detail
