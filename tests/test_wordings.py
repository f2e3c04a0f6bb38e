"""The alignment engine on the project's wording test set (tests/wordings.yaml).

Each wording is aligned as if it had never been typed into the catalogue: if it
is one of its metric's aliases, that alias is left out first (a metric's own
name stays: a plan that writes the name is aligned by it, as it should be).
No wording may align to the wrong metric (precision 1.0), and at least 90% of
the true synonyms must be aligned or suggested first (recall).  The figures are
printed at the end of the test run (see conftest.py).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from qualpolicy.analysis.align import Aligner, Memo
from qualpolicy.analysis.catalogue import Catalogue
from qualpolicy.analysis.similarity import Flags
from qualpolicy.workspace import Workspace

WORDINGS = yaml.safe_load((Path(__file__).parent / "wordings.yaml").read_text(encoding="utf-8"))
MIN_RECALL = 0.9


@dataclass(frozen=True)
class Outcome:
    wording: str
    expect: str | None
    aligned: str | None
    rule: str
    first: str | None  # the first suggestion when not aligned

    @property
    def false_alignment(self) -> bool:
        return self.aligned is not None and self.aligned != self.expect

    @property
    def found(self) -> bool:
        """A true synonym aligned, or suggested first."""
        return self.expect is not None and self.expect in (self.aligned, self.first)


def without_alias(catalogue: Catalogue, wording: str) -> Catalogue:
    metrics = [
        dataclasses.replace(m, aliases=[a for a in m.aliases if a != wording])
        for m in catalogue.metrics
    ]
    return dataclasses.replace(catalogue, metrics=metrics)


def evaluate(ws: Workspace) -> list[Outcome]:
    memo = Memo()
    outcomes = []
    for item in WORDINGS:
        wording = item["wording"]
        flags = Flags(**{name: True for name in item.get("flags", [])}, unit=item.get("unit"))
        aligner = Aligner(
            without_alias(ws.catalogue, wording),
            ws.normalizer,
            ws.segmenter.words,
            Memo(tokens=memo.tokens),  # words are the same whatever the catalogue holds
        )
        match = aligner.match(wording, flags)
        suggestions = aligner.suggest(wording, flags) if not match.matched else ()
        expect = None if item["expect"] == "none" else item["expect"]
        first = suggestions[0].metric if suggestions else None
        outcomes.append(Outcome(wording, expect, match.metric_id, match.rule, first))
    return outcomes


RESULTS: dict[str, float | int] = {}


@pytest.fixture(scope="module")
def outcomes(ws: Workspace) -> list[Outcome]:
    found = evaluate(ws)
    aligned = [o for o in found if o.aligned]
    synonyms = [o for o in found if o.expect]
    RESULTS.update(
        wordings=len(found),
        synonyms=len(synonyms),
        traps=len(found) - len(synonyms),
        aligned=len(aligned),
        precision=sum(not o.false_alignment for o in aligned) / len(aligned),
        recall=sum(o.found for o in synonyms) / len(synonyms),
        recall_aligned=sum(o.aligned == o.expect for o in synonyms) / len(synonyms),
        by_similarity=sum(o.rule == "similarity" for o in found),
    )
    return found


def test_the_set_is_large_enough_and_well_formed(ws: Workspace) -> None:
    assert len(WORDINGS) >= 40
    assert len({w["wording"] for w in WORDINGS}) == len(WORDINGS)
    assert sum(w["expect"] == "none" for w in WORDINGS) >= 10  # look-alike traps
    for item in WORDINGS:
        assert item["expect"] == "none" or item["expect"] in ws.catalogue.by_id, item
        assert item["source"] and item["why"], item


def test_no_wording_aligns_to_the_wrong_metric(outcomes: list[Outcome]) -> None:
    wrong = [(o.wording, o.expect, o.aligned, o.rule) for o in outcomes if o.false_alignment]
    assert wrong == []


def test_true_synonyms_are_aligned_or_suggested_first(outcomes: list[Outcome]) -> None:
    missed = [
        (o.wording, o.expect, o.aligned, o.first) for o in outcomes if o.expect and not o.found
    ]
    assert RESULTS["recall"] >= MIN_RECALL, missed


def test_the_similarity_tier_does_some_of_the_work(outcomes: list[Outcome]) -> None:
    """Wordings that are no alias are still aligned, not merely suggested."""
    assert RESULTS["by_similarity"] >= 5
