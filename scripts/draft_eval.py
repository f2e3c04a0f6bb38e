"""Measure the figure drafter against hand encodings.

    .venv/bin/python scripts/draft_eval.py            # seed plans and test texts
    .venv/bin/python scripts/draft_eval.py --seeds -v # seed plans, with misses and extras
    .venv/bin/python scripts/draft_eval.py --texts    # tests/draft/texts only

Seeds are the plans shipped with their source texts (data/sources/NAME.txt against
data/plans/NAME.yaml); test texts are tests/draft/texts/NAME.txt against NAME.gold.yaml.
Prints recall, field accuracy and precision per document and in total, and with -v the
misses, extras and field errors to work on.  Exits 1 when a total is below --floor.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from qualpolicy.draft.evaluation import Score, seed_scores, text_scores, total

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ("sichuan", "jiangsu", "hebei", "zhejiang", "chongqing")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", action="store_true", help="score the seed plans")
    parser.add_argument("--texts", action="store_true", help="score tests/draft/texts")
    parser.add_argument("-v", "--verbose", action="store_true", help="list misses and extras")
    parser.add_argument("--floor", type=float, default=0.0, help="fail below this total")
    args = parser.parse_args()
    both = not (args.seeds or args.texts)
    failed = False
    if args.seeds or both:
        started = time.perf_counter()
        scores = seed_scores(ROOT / "data", SEEDS)
        failed |= report("seed plans", scores, args.verbose, args.floor, started)
    if args.texts or both:
        started = time.perf_counter()
        scores = text_scores(ROOT / "tests" / "draft" / "texts", ROOT / "data" / "vocabulary.yaml")
        failed |= report("test texts", scores, args.verbose, args.floor, started)
    return 1 if failed else 0


def report(title: str, scores: list[Score], verbose: bool, floor: float, started: float) -> bool:
    print(f"{title} ({(time.perf_counter() - started) * 1000:.0f} ms)")
    summed = total(scores)
    for score in [*scores, summed]:
        print(line(score))
    if verbose:
        for score in scores:
            details(score)
    return min(summed.recall, summed.accuracy, summed.precision) < floor


def line(s: Score) -> str:
    directions = (
        f"   directions {s.directions_matched}/{s.directions_expected} found,"
        f" {s.directions_matched}/{s.directions_drafted} real"
    )
    return (
        f"  {s.name:<20} recall {s.matched:>3}/{s.expected:<3} {s.recall:6.1%}"
        f"   fields {s.exact:>3}/{s.matched:<3} {s.accuracy:6.1%}"
        f"   precision {s.matched:>3}/{s.drafted:<3} {s.precision:6.1%}" + directions
    )


def details(s: Score) -> None:
    for heading, items in (
        ("miss", s.misses),
        ("extra", s.extras),
        ("field", s.errors),
        ("quote not in the source", s.unplaced),
    ):
        for item in items:
            print(f"    {s.name} {heading}: {item}")


if __name__ == "__main__":
    sys.exit(main())
