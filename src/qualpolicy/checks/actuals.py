"""The actuals file's checks that need the workspace: its regions among the plans, its
wordings aligned, its quotes in their sources, no two figures for one reading."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from qualpolicy.analysis.actuals import align_actual
from qualpolicy.analysis.align import Aligner
from qualpolicy.checks.curation import similarity_problems
from qualpolicy.errors import InvalidData, QualpolicyError
from qualpolicy.findings import Problem, Severity
from qualpolicy.loading.actuals import Actual, ActualsFile
from qualpolicy.loading.datadir import plan_id
from qualpolicy.loading.sources import SOURCES_DIR, SourceText
from qualpolicy.text.normalize import Normalizer, fold
from qualpolicy.workspace import Workspace


def workspace_problems(actuals: ActualsFile, ws: Workspace, path: Path) -> list[Problem]:
    """What needs the workspace and the file's place: every metric wording aligned by the
    workspace's aligner, every region a plan, quotes in their source file (in the sources/
    folder beside ``path``), no two different figures for one region, metric, year and
    basis."""

    problems: list[Problem] = []
    regions = {plan_id(p) for p in ws.plan_paths}
    try:
        aligner: Aligner | None = ws.aligner
    except InvalidData:  # the catalogue reports its own problems
        aligner = None
    seen: dict[tuple[object, ...], int] = {}
    for i, a in enumerate(actuals.actuals):
        where = ("actuals", i)
        if a.region not in regions:
            problems.append(
                Problem(
                    (*where, "region"),
                    "unknown-region",
                    f"no plan `{a.region}` in the data directories: the figure is shown "
                    "beside no target",
                    "check the id, or add the region's plan",
                    Severity.warning,
                )
            )
        problems.extend(_quote_problems(where, a, ws.normalizer, path.parent))
        if aligner is None:
            continue
        known = align_actual(a, aligner)
        if not known.match.matched:
            problems.append(
                Problem(
                    (*where, "metric"),
                    "actual-unmatched",
                    f"{known.metric_text}: no catalogue metric has this wording, so the "
                    "figure is never shown",
                    "write the catalogue's name of the metric, or add this wording to its "
                    "aliases in metrics.yaml",
                )
            )
            continue
        problems += similarity_problems((*where, "metric"), known.metric_text, known.match, ws)
        key = (a.region, known.match.metric_id, a.year, known.basis)
        if key in seen and a.year is not None:
            other = actuals.actuals[seen[key]]
            if (other.value, other.comparator) != (a.value, a.comparator):
                problems.append(
                    Problem(
                        (*where, "value"),
                        "conflicting-actuals",
                        f"{a.metric} {a.year}: {a.value:g} here, {other.value:g} at "
                        f"actuals[{seen[key]}]",
                        "keep the figure of the later or more official report",
                        Severity.warning,
                    )
                )
        seen.setdefault(key, i)
    return problems


def _quote_problems(
    path: tuple[str | int, ...], a: Actual, normalizer: Normalizer, folder: Path
) -> Iterator[Problem]:

    s = a.source
    if not (s.file and s.quote):
        return
    found = folder / SOURCES_DIR / s.file
    where = (*path, "source", "file")
    if not found.is_file():
        yield Problem(where, "source-missing", f"source text {s.file} not found in {SOURCES_DIR}/")
        return
    try:
        text = SourceText.read(found, s, normalizer)
    except QualpolicyError as exc:
        yield Problem(where, "source-unreadable", str(exc))
        return
    quote = fold(normalizer.normalize(s.quote, s.script, s.vocabulary))
    if quote not in text.folded:
        yield Problem(
            (*path, "source", "quote"),
            "quote-not-found",
            f"quote not found in the source text {s.file}",
            text.mismatch_hint(quote),
        )
