"""Task themes: jieba with the domain lexicon, the themes analysts rely on, and jieba's cost.

jieba keeps state for the whole process (words added to its dictionary stay,
and adding one again changes its frequency), so whatever depends on a fresh
jieba runs in a fresh interpreter.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from qualpolicy import taskwords
from qualpolicy.workspace import Workspace

from .helpers import python

PROVINCES = ["chongqing", "hebei", "jiangsu", "sichuan", "zhejiang"]

# (normalised sentence, the domain term it contains)
WHOLE_TERMS = [
    ("推行企业首席质量官制度", "首席质量官"),
    ("完善质量基础设施建设", "质量基础设施"),
    ("提供一站式服务", "一站式服务"),
    ("提升质量基础设施“一站式”服务能力", "一站式服务"),
    ("探索沙盒监管", "沙盒监管"),
    ("落实首台(套)重大技术装备检测评定制度", "首台套"),
    ("开展质量强县建设", "质量强县"),
    ("打造品字标品牌", "品字标"),
]
NOT_YET_WHOLE = [
    pytest.param(
        "制造业质量竞争力指数达到88",
        "制造业质量竞争力指数",
        id="metric-name",
    ),
    pytest.param(
        "实施一批产业链供应链质量攻关项目",
        "质量攻关",
        id="lexicon-term-with-low-frequency",
    ),
]

SEGMENT = """
import json, sys
import jieba
from qualpolicy import cache
from qualpolicy.workspace import Workspace

sentences = json.loads(sys.argv[1])
jieba.setLogLevel(60)
jieba.dt.tmp_dir = str(cache.cache_dir())
bare = {s: jieba.lcut(s) for s in sentences}  # before the lexicon is added
segmenter = Workspace().segmenter
print(json.dumps({"bare": bare, "lexicon": {s: segmenter.words(s) for s in sentences}}))
"""


@pytest.fixture(scope="module")
def segmented(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, list[str]]]:
    """Words of every test sentence from a fresh jieba, without and with the lexicon."""
    sentences = [s for s, _ in WHOLE_TERMS] + [p.values[0] for p in NOT_YET_WHOLE]
    done = python(SEGMENT, tmp_path_factory.mktemp("cache"), json.dumps(sentences))
    return dict(json.loads(done.stdout))


@pytest.mark.parametrize(("sentence", "term"), [*WHOLE_TERMS, *NOT_YET_WHOLE])
def test_the_lexicon_keeps_domain_terms_whole(
    segmented: dict[str, dict[str, list[str]]], sentence: str, term: str
) -> None:
    assert term in segmented["lexicon"][sentence]


def test_without_the_lexicon_jieba_splits_most_terms(
    segmented: dict[str, dict[str, list[str]]],
) -> None:
    kept = {term: term in segmented["bare"][sentence] for sentence, term in WHOLE_TERMS}
    assert kept == {
        "首席质量官": False,
        "质量基础设施": False,
        "一站式服务": False,
        "沙盒监管": False,
        "首台套": False,
        "质量强县": False,
        "品字标": True,  # jieba's own dictionary already has it
    }
    assert segmented["bare"]["落实首台(套)重大技术装备检测评定制度"][:5] == [
        "落实",
        "首台",
        "(",
        "套",
        ")",
    ]


# --- themes an analyst relies on ---------------------------------------------------------------


def theme_tasks(ws: Workspace, plan_id: str) -> dict[str, list[str]]:
    return {k: t.tasks for k, t in taskwords.themes(ws).themes(plan_id).items()}


def test_every_province_has_the_chief_quality_officer_theme(ws: Workspace) -> None:
    found = {p: theme_tasks(ws, p).get("首席质量官") for p in PROVINCES}
    assert found == {
        "chongqing": ["28"],
        "hebei": ["19"],
        "jiangsu": ["13"],
        "sichuan": ["1.2"],  # written 首席质量(品牌)官
        "zhejiang": ["4.6.3", "5.1.4", "5.3.2"],
    }
    assert taskwords.themes(ws).coverage["首席质量官"] == 5
    assert taskwords.themes(ws).themes("national") == {}  # the outline has no tasks


def test_regulatory_sandboxes_and_quality_strong_counties(ws: Workspace) -> None:
    sandbox = {p: theme_tasks(ws, p).get("沙盒监管") for p in PROVINCES}
    assert {p: tasks for p, tasks in sandbox.items() if tasks} == {
        "sichuan": ["8.2"],
        "zhejiang": ["4.6.2", "5.3.10"],
    }
    counties = {p: theme_tasks(ws, p).get("质量强县") for p in PROVINCES}
    assert {p: tasks for p, tasks in counties.items() if tasks} == {"zhejiang": ["4.1.3", "5.3.4"]}
    theme = taskwords.themes(ws).themes("zhejiang")["质量强县"]
    assert (theme.domain, theme.plans) == (True, 1)


# --- determinism, the words cache, and who pays for jieba --------------------------------------

THEMES = """
import json, sys
from qualpolicy import taskwords
from qualpolicy.text.segment import Segmenter
from qualpolicy.text.themes import ThemeIndex, segment_plans
from qualpolicy.workspace import Workspace

def dump(index):
    themes = {plan: index.themes(plan).values() for plan in sorted(index.plans)}
    return {
        plan: {t.keyword: [t.tasks, round(t.weight, 9), t.domain, t.plans] for t in found}
        for plan, found in themes.items()
    }

ws = Workspace()
out = {"themes": dump(taskwords.themes(ws)), "jieba": "jieba" in sys.modules}
if sys.argv[1] == "rebuild":  # a second segmentation in the same process
    lexicon = taskwords.themes(ws).lexicon
    segmenter = Segmenter(lexicon, ws.catalogue.similarity.vocabulary)
    words = segment_plans(ws.plans.plans, ws.normalizer, segmenter)
    out["rebuilt"] = dump(ThemeIndex(ws.plans.plans, words, lexicon).summary())
print(json.dumps(out, ensure_ascii=False))
"""


def themes_in_a_fresh_process(cache_dir: Path, rebuild: bool = False) -> dict[str, Any]:
    done = python(THEMES, cache_dir, "rebuild" if rebuild else "once")
    return dict(json.loads(done.stdout))


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    """Themes from a cold cache, then from the warm one, then from another cold cache."""
    cache_dir = tmp_path_factory.mktemp("cache")
    return {
        "cold": themes_in_a_fresh_process(cache_dir, rebuild=True),
        "warm": themes_in_a_fresh_process(cache_dir),
        "other": themes_in_a_fresh_process(tmp_path_factory.mktemp("cache")),
    }


def test_the_words_cache_spares_jieba(runs: dict[str, dict[str, Any]]) -> None:
    assert (runs["cold"]["jieba"], runs["warm"]["jieba"]) == (True, False)
    assert runs["warm"]["themes"] == runs["cold"]["themes"]


def test_themes_are_the_same_in_every_fresh_process(runs: dict[str, dict[str, Any]]) -> None:
    assert runs["other"]["themes"] == runs["cold"]["themes"]
    assert len(runs["cold"]["themes"]["zhejiang"]) > 100


def test_a_second_theme_index_in_the_same_process_is_the_same(
    runs: dict[str, dict[str, Any]],
) -> None:
    assert runs["cold"]["rebuilt"] == runs["cold"]["themes"]


JIEBA_DICTIONARY = """
import json, sys
from qualpolicy.workspace import Workspace

words = Workspace().segmenter.words("实施一批产业链供应链质量攻关项目")
print(json.dumps({"words": words, "pkg_resources": "pkg_resources" in sys.modules}))
"""


def test_jiebas_dictionary_is_kept_in_the_cache_and_rebuilt_when_damaged(tmp_path: Path) -> None:
    def words() -> dict[str, Any]:
        return dict(json.loads(python(JIEBA_DICTIONARY, tmp_path).stdout))

    cold = words()
    [entry] = tmp_path.glob("jieba-dictionary*.pickle")
    warm = words()
    entry.write_bytes(entry.read_bytes()[:1000])
    rebuilt = words()
    assert cold == warm == rebuilt
    assert "质量攻关" in cold["words"]
    assert not cold["pkg_resources"], "jieba opens its files without setuptools"
    assert not list(tmp_path.glob("jieba*.cache")), "jieba's own cache file is not used"
    assert entry.stat().st_size > 1_000_000


JIEBA_FREE = """
import sys
from qualpolicy.cli import main

sys.argv = ["qualpolicy", *sys.argv[1:]]
try:
    main()
except SystemExit as exc:
    code = exc.code
print(f"exit={code} jieba={'jieba' in sys.modules}", file=sys.stderr)
"""


@pytest.mark.parametrize(
    "args",
    [
        ("compare", "--metric", "製造業品質競爭力指數", "--format", "json"),
        ("compare", "--metric", "首席质量官覆盖率"),
        ("compare", "--format", "csv"),
        ("show", "重慶"),
        ("show", "zhejiang", "--format", "markdown"),
        ("search", "首席質量官", "--substring"),
        ("diff", "jiangsu", "chongqing", "--no-themes"),
    ],
    ids=[
        "compare-json",
        "compare-table",
        "matrix",
        "show",
        "show-markdown",
        "search-substring",
        "diff-no-themes",
    ],
)
def test_commands_without_words_never_import_jieba(tmp_path: Path, args: tuple[str, ...]) -> None:
    done = python(JIEBA_FREE, tmp_path, *args)  # a cold cache: nothing segmented yet
    assert done.stderr.strip().splitlines()[-1] == "exit=0 jieba=False"
    assert done.stdout


@pytest.mark.parametrize(
    "args",
    [("diff", "jiangsu", "chongqing", "--format", "json"), ("search", "首席質量官", "品牌")],
    ids=["diff", "search"],
)
def test_jieba_runs_on_a_cold_cache_only(tmp_path: Path, args: tuple[str, ...]) -> None:
    cold = python(JIEBA_FREE, tmp_path, *args)
    assert cold.stderr.strip().splitlines()[-1] == "exit=0 jieba=True"
    warm = python(JIEBA_FREE, tmp_path, *args)
    assert warm.stderr.strip().splitlines()[-1] == "exit=0 jieba=False"
    assert warm.stdout == cold.stdout
