"""The drafter measured: scores on the test texts and the seed plans, and how they are counted."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from qualpolicy.draft.evaluation import Score, blocks_of, evaluate, seed_scores, text_scores, total
from qualpolicy.draft.passages import draft_figures

ROOT = Path(__file__).resolve().parents[2]
TEXTS = Path(__file__).resolve().parent / "texts"
RULES = ROOT / "data" / "vocabulary.yaml"
SEEDS = ("sichuan", "jiangsu", "hebei", "zhejiang", "chongqing")
FLOOR = 0.95


def assert_above_floor(score: Score) -> None:
    report = "\n".join([*score.misses, *score.extras, *score.errors])
    assert score.recall >= FLOOR, report
    assert score.accuracy >= FLOOR, report
    assert score.precision >= FLOOR, report


@pytest.fixture(scope="module")
def scores() -> dict[str, Score]:
    return {score.name: score for score in text_scores(TEXTS, RULES)}


def test_the_test_texts_are_read_well(scores: dict[str, Score]) -> None:
    assert len(scores) >= 5
    summed = total(scores.values())
    assert_above_floor(summed)
    assert summed.directions_matched >= FLOOR * summed.directions_expected


def test_the_seed_plans_are_read_well() -> None:
    assert_above_floor(total(seed_scores(ROOT / "data", SEEDS)))


def test_each_gold_quote_is_in_its_text(scores: dict[str, Score]) -> None:
    assert {name: score.unplaced for name, score in scores.items() if score.unplaced} == {}


SPEC = {
    "targets": [
        {"metric": "制造业产品质量合格率", "kind": "target", "value": 95, "comparator": "ge",
         "unit": "percent", "year": 2025, "quote": "制造业产品质量合格率达到95%以上"},
        {"metric": "消费品质量合格率", "kind": "target", "value": 93, "comparator": "eq",
         "unit": "percent", "year": 2025, "quote": "消费品质量合格率不低于93%"},
        {"metric": "工程质量抽检合格率", "kind": "target", "value": 97, "comparator": "eq",
         "unit": "percent", "year": 2025, "quote": "工程质量抽检合格率达到97%"},
    ],
    "exclusions": [{"match": "北京(45个)", "reason": "another region"}],
}  # fmt: skip
TEXT = (
    "到2025年，制造业产品质量合格率达到95%以上，消费品质量合格率不低于93%。\n"
    "全省培育标杆企业20家。远低于北京(45个)。"
)


def test_matches_misses_extras_and_field_errors_are_counted() -> None:
    score = evaluate("toy", TEXT, SPEC, None)
    assert (score.expected, score.drafted, score.matched, score.exact) == (3, 3, 2, 1)
    assert score.misses == ["target 工程质量抽检合格率 = 97 (2025) «工程质量抽检合格率达到97%»"]
    assert score.errors == [
        "target 消费品质量合格率 = 93 (2025) «消费品质量合格率不低于93%»:"
        " comparator 'ge' (want 'eq')"
    ]
    assert len(score.extras) == 1 and "标杆企业" in score.extras[0]
    assert score.unplaced == ["target 工程质量抽检合格率 = 97 (2025) «工程质量抽检合格率达到97%»"]


def test_a_drafted_figure_the_encoding_excludes_counts_as_extra() -> None:
    spec = {
        "targets": [],
        "exclusions": [{"match": "全省培育标杆企业20家", "reason": "not a goal"}],
    }
    score = evaluate("toy", TEXT, spec, None)
    assert score.precision < 1
    assert any("[excluded by the encoding: not a goal]" in extra for extra in score.extras)


def test_drafting_a_fifty_kilobyte_plan_is_fast() -> None:
    blocks = blocks_of((ROOT / "data" / "sources" / "zhejiang.txt").read_text(encoding="utf-8"))
    draft_figures(blocks)
    started = time.perf_counter()
    draft_figures(blocks)
    # about 25 ms on a laptop; the bound only catches a runaway pattern
    assert time.perf_counter() - started < 0.5
