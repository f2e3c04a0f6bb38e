"""`qualpolicy search`: words in either script, several terms, ranking, every format."""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from typing import Any

import pytest

from .helpers import Run, cli_json, explain, ok

CQO = "首席质量官"
CQO_SPELLINGS = ["首席質量官", "首席品質官", CQO]


def search_data(run: Run, *args: str) -> dict[str, Any]:
    return dict(cli_json(run, "search", *args, "--format", "json"))


def search(run: Run, *args: str) -> list[dict[str, Any]]:
    data = search_data(run, *args)
    assert data["terms"] == [a for a in args if not a.startswith("-")][: len(data["terms"])]
    return list(data["hits"])


def tasks_by_plan(hits: list[dict[str, Any]]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for hit in hits:
        if hit["kind"] == "task":
            out[hit["plan"]].append(hit["task"])
    return dict(out)


def matched(hit: dict[str, Any]) -> list[str]:
    return [hit["text"][m["start"] : m["end"]] for m in hit["matches"]]


@pytest.mark.parametrize("term", CQO_SPELLINGS)
def test_every_spelling_finds_the_same_hits(run: Run, term: str) -> None:
    def without_terms(hits: list[dict[str, Any]]) -> list[Any]:
        return [{**h, "matches": [(m["start"], m["end"]) for m in h["matches"]]} for h in hits]

    assert without_terms(search(run, term)) == without_terms(search(run, CQO))


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
        ("anhui_action_2024", "首席质量官"),  # written 首席品質官: 品質 read as 质量 (vocabulary)
        ("hebei", "设立首席质量官"),
        ("jiangsu", "首席质量官制度覆盖率"),
        ("jiangsu", "首席质量官制度覆盖率"),
        ("zhejiang", "企业首席质量官"),
        ("zhengzhou_2024", "首席质量官"),
    ]
    for hit in hits:
        assert hit["matches"] and hit["occurrences"] == len(hit["matches"]), hit
        assert set(matched(hit)) <= {CQO, "首席质量(品牌)官"}, hit
        assert {m["term"] for m in hit["matches"]} == {"首席質量官"}


def test_json_carries_the_whole_text(run: Run) -> None:
    [hit] = [h for h in search(run, CQO, "--plans", "hebei") if h["kind"] == "task"]
    assert hit["text"].startswith("壮大企业质量人才队伍。")  # the task from its first word
    assert len(hit["text"]) > 100 and "…" not in hit["text"]
    assert matched(hit) == [CQO, CQO]


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

    def unscored(hits: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{k: v for k, v in h.items() if k != "score"} for h in hits]  # corpus-relative

    everywhere = unscored(search(run, CQO))
    in_the_order_given = [h for p in ("zhejiang", "jiangsu") for h in everywhere if h["plan"] == p]
    assert unscored(search(run, CQO, "--plans", "浙江,江蘇")) == in_the_order_given
    assert unscored(search(run, CQO, "-p", "浙江", "-p", "江蘇")) == in_the_order_given


def test_a_term_found_nowhere_exits_1(run: Run) -> None:
    result = run("search", "量子质量纠缠", "--format", "json")
    assert result.exit_code == 1, explain(result)
    assert json.loads(result.stdout)["hits"] == []
    assert "no task or target contains “量子质量纠缠” as words" in result.stderr


@pytest.mark.parametrize("term", ["首台（套）", "（套）", "首台(套)"])
def test_full_width_and_half_width_brackets_match(run: Run, term: str) -> None:
    hits = search(run, term)
    expected = {"chongqing": ["8", "29"], "jiangsu": ["3"], "sichuan": ["2.3"]}
    if term != "（套）":  # the whole term: the lexicon's spelling 首台套 counts too
        expected["zhejiang"] = ["4.2.1"]
    assert tasks_by_plan(hits) == expected
    for hit in hits:
        assert matched(hit) in (["首台(套)"], ["(套)"], ["首台套"])


def test_markdown_highlights_the_term(run: Run) -> None:
    lines = ok(run, "search", "首席品質官", "--plans", "hebei", "--format", "markdown").splitlines()
    assert lines[0] == "## “首席品質官”: 2 hits in 1 plan"
    assert lines[2] == (
        "_searched 1 plan: 1 with task text, 0 with task headings only, 0 with targets only_"
    )
    assert lines[4].startswith("- 河北省 (hebei), task 19: ")
    assert lines[4].count(f"**{CQO}**") == 2
    target = "设立**首席质量官**: 全省规模以上工业企业全部设立**首席质量官**"
    assert lines[5] == f"- 河北省 (hebei), target: {target}"


def test_an_empty_term_is_a_usage_error(run: Run) -> None:
    result = run("search", "  ")
    assert result.exit_code == 2, explain(result)
    assert "the search term is empty" in result.stderr


# --- whole words ---------------------------------------------------------------------------------


def test_a_word_is_not_found_inside_other_words(run: Run) -> None:
    """品质 (quality, as in 高品质) is not the 品质 that 消费品质量 (消费品 + 质量) spells."""
    by_words = search(run, "品质")
    anywhere = search(run, "品质", "--substring")
    around = {h["text"][m["start"] - 1 : m["end"] + 1] for h in by_words for m in h["matches"]}
    assert not [a for a in around if a.endswith("品质量")], around
    assert "高品质生" in around and "、品质提" in around
    inside = {h["text"][m["start"] - 2 : m["end"]] for h in anywhere for m in h["matches"]}
    assert {"消费品质", "农产品质", "业产品质"} <= inside
    assert len(by_words) < len(anywhere) / 2
    keys = [(h["plan"], h["kind"], h["task"], h["metric"]) for h in anywhere]
    assert [(h["plan"], h["kind"], h["task"], h["metric"]) for h in by_words] == [
        k for k in keys if k in {(h["plan"], h["kind"], h["task"], h["metric"]) for h in by_words}
    ]


def test_a_compound_counts_as_the_words_it_is_made_of(run: Run) -> None:
    """jieba keeps 质量强县 and 产品质量 whole; 质量 is still a word of each."""
    around = {
        h["text"][m["start"] : m["end"] + 2]
        for h in search(run, "质量", "--plans", "zhejiang")
        for m in h["matches"]
    }
    assert "质量强县" in around
    products = {
        h["text"][m["start"] - 2 : m["end"]] for h in search(run, "质量") for m in h["matches"]
    }
    assert "产品质量" in products


# --- several terms, ranking, csv -----------------------------------------------------------------


def test_several_terms_must_all_occur(run: Run) -> None:
    both = search(run, "标准化", "品牌")
    assert both, "标准化 and 品牌 occur together in some task"
    for hit in both:
        assert {m["term"] for m in hit["matches"]} == {"标准化", "品牌"}, hit
    either = search(run, "标准化", "品牌", "--any")
    alone = search(run, "标准化") + search(run, "品牌")
    key = ("plan", "kind", "task", "metric")

    def keys(hits: list[dict[str, Any]]) -> set[tuple[Any, ...]]:
        return {tuple(h[k] for k in key) for h in hits}

    assert keys(either) == keys(alone)
    assert keys(both) == keys(search(run, "标准化")) & keys(search(run, "品牌"))
    assert search_data(run, "标准化", "品牌", "--any")["all"] is False


def test_ranked_hits_use_the_terms_most(run: Run) -> None:
    plain = search(run, "标准化", "品牌", "--any")
    ranked = search(run, "标准化", "品牌", "--any", "--rank")
    assert sorted(map(json.dumps, plain)) == sorted(map(json.dumps, ranked))
    scores = [h["score"] for h in ranked]
    assert scores == sorted(scores, reverse=True) and scores[0] > scores[-1]
    top = ranked[0]
    assert top["occurrences"] == max(h["occurrences"] for h in ranked)


def test_csv_has_a_row_per_hit_with_the_whole_text(run: Run) -> None:
    rows = list(csv.DictReader(io.StringIO(ok(run, "search", CQO, "-f", "csv"))))
    hits = search(run, CQO)
    assert [r["text"] for r in rows] == [h["text"] for h in hits]
    assert rows[0].keys() == {
        "plan",
        "region",
        "kind",
        "task",
        "metric",
        "occurrences",
        "score",
        "text",
    }
