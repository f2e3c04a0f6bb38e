"""`qualpolicy search`: a term in either script finds the same tasks and targets."""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

import pytest

from .helpers import Run, cli_json, explain, ok

CQO = "首席质量官"
CQO_SPELLINGS = ["首席質量官", "首席品質官", CQO]


def search(run: Run, term: str, *more: str) -> list[dict[str, Any]]:
    data = cli_json(run, "search", term, "--format", "json", *more)
    assert data["term"] == term
    return list(data["hits"])


def tasks_by_plan(hits: list[dict[str, Any]]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for hit in hits:
        if hit["kind"] == "task":
            out[hit["plan"]].append(hit["task"])
    return dict(out)


@pytest.mark.parametrize("term", CQO_SPELLINGS)
def test_every_spelling_finds_the_same_hits(run: Run, term: str) -> None:
    assert search(run, term) == search(run, CQO)


def test_chief_quality_officer_hits(run: Run) -> None:
    hits = search(run, "首席質量官")
    assert tasks_by_plan(hits) == {
        "chongqing": ["28"],
        "hebei": ["19"],
        "jiangsu": ["13"],
        "sichuan": ["1.2"],  # 首席质量(品牌)官, the lexicon's other spelling
        "zhejiang": ["4.6.3", "5.1.4", "5.3.2"],
    }
    targets = [(h["plan"], h["metric"]) for h in hits if h["kind"] == "target"]
    assert targets == [
        ("hebei", "设立首席质量官"),
        ("jiangsu", "首席质量官制度覆盖率"),
        ("jiangsu", "首席质量官制度覆盖率"),
        ("zhejiang", "企业首席质量官"),
    ]
    for hit in hits:
        assert hit["matches"], hit
        for start, end in hit["matches"]:
            assert hit["snippet"][start:end] in (CQO, "首席质量(品牌)官")
        assert hit["occurrences"] >= len(hit["matches"])


@pytest.mark.parametrize(
    ("term", "plan", "task"), [(CQO, "sichuan", "1.2"), ("首台套", "jiangsu", "3")]
)
def test_search_finds_the_lexicons_variants(run: Run, term: str, plan: str, task: str) -> None:
    assert task in tasks_by_plan(search(run, term)).get(plan, [])


def test_plans_restricts_the_search(run: Run) -> None:
    hits = search(run, CQO, "--plans", "zhejiang")
    assert [(h["plan"], h["kind"], h["task"]) for h in hits] == [
        ("zhejiang", "task", "4.6.3"),
        ("zhejiang", "task", "5.1.4"),
        ("zhejiang", "task", "5.3.2"),
        ("zhejiang", "target", None),
    ]
    everywhere = search(run, CQO)
    in_the_order_given = [h for p in ("zhejiang", "jiangsu") for h in everywhere if h["plan"] == p]
    assert search(run, CQO, "--plans", "浙江,江蘇") == in_the_order_given


def test_a_term_found_nowhere_exits_1(run: Run) -> None:
    result = run("search", "量子质量纠缠", "--format", "json")
    assert result.exit_code == 1, explain(result)
    assert json.loads(result.stdout) == {"term": "量子质量纠缠", "hits": []}


@pytest.mark.parametrize("term", ["首台（套）", "（套）", "首台(套)"])
def test_full_width_and_half_width_brackets_match(run: Run, term: str) -> None:
    hits = search(run, term)
    expected = {"chongqing": ["8", "29"], "jiangsu": ["3"], "sichuan": ["2.3"]}
    if term != "（套）":  # the whole term: the lexicon's spelling 首台套 counts too
        expected["zhejiang"] = ["4.2.1"]
    assert tasks_by_plan(hits) == expected
    for hit in hits:
        [(start, end)] = hit["matches"]
        assert hit["snippet"][start:end] in ("首台(套)", "(套)", "首台套")


def test_markdown_highlights_the_term(run: Run) -> None:
    lines = ok(run, "search", "首席品質官", "--plans", "hebei", "--format", "markdown").splitlines()
    assert lines[0] == "## “首席品質官”: 2 hits"
    assert lines[2].startswith("- 河北省 (hebei), task 19: ")
    assert lines[2].count(f"**{CQO}**") == 2
    target = "设立**首席质量官**: 全省规模以上工业企业全部设立**首席质量官**"
    assert lines[3] == f"- 河北省 (hebei), target: {target}"


def test_an_empty_term_is_a_usage_error(run: Run) -> None:
    result = run("search", "  ")
    assert result.exit_code == 2, explain(result)
    assert "the search term is empty" in result.stderr
