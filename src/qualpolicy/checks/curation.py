"""What a curator does next about a plan's metric wordings.

For every entry no rule maps, the suggestions of :mod:`qualpolicy.analysis.similarity`
and a ready-to-paste alias line; for an entry aligned by similarity, the alias
that would confirm it; and warnings for wordings that carry what the entry's
fields should say (a change, new ones only, a cumulative or yearly figure) or
join two metrics under one figure.  ``validate`` reports these as located
findings and ``metrics --unmatched`` lists them; it also reports a curator's catalogue
layer that rules out (``not_this``) a wording a lower layer gives the same metric.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from qualpolicy.analysis.align import Aligned, Aligner, Match
from qualpolicy.analysis.catalogue import Catalogue
from qualpolicy.analysis.similarity import Flags, Suggestion
from qualpolicy.findings import DocPath, Problem, Severity
from qualpolicy.loading.checking import check
from qualpolicy.loading.datadir import display_path
from qualpolicy.loading.yamlio import DocumentError, load
from qualpolicy.models import Kind, Plan
from qualpolicy.workspace import Workspace

WORDING_READS = frozenset(
    {
        *("metric", "kind", "scope", "unit", "unit_text"),
        *("change", "per_year", "new_only", "cumulative", "combined"),
    }
)
"""The fields of an entry its wording findings read: its wording and its basis."""


@dataclass(frozen=True)
class AliasEdit:
    """Where to add an alias and the line to write there."""

    file: str
    line: int | None
    text: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.text}"


@cache
def _catalogue_lines(path: Path) -> dict[str, tuple[int, list[str]]]:
    """Metric id → (line of its aliases, or of its id; its aliases) in one catalogue file."""

    try:
        doc = load(path)
    except DocumentError:
        return {}
    out = {}
    for i, metric in enumerate(doc.data.get("metrics") or []):
        if isinstance(metric, dict) and isinstance(metric.get("id"), str):
            listed = metric.get("aliases")
            aliases = listed if isinstance(listed, list) else []
            key = ("metrics", i, "aliases") if "aliases" in metric else ("metrics", i, "id")
            out[metric["id"]] = (doc.locate(key, key=True)[0], [str(a) for a in aliases])
    return out


def alias_edit(ws: Workspace, metric_id: str, wording: str) -> AliasEdit:
    """The line that makes ``wording`` an alias of ``metric_id``.

    A curator with a data directory of their own extends the metric there
    (``extend:``), whatever layer defines it; otherwise the alias goes into the
    catalogue file that defines the metric, on its aliases line.
    """
    own = [layer for layer in ws.layers[1:]] if len(ws.layers) > 1 else []
    if own:
        top = own[-1] / "metrics.yaml"
        return AliasEdit(
            display_path(top), None, f"extend: [{{id: {metric_id}, aliases: [{wording}]}}]"
        )
    for path in reversed(ws.files("metrics.yaml")):
        found = _catalogue_lines(path).get(metric_id)
        if found is not None:
            line, aliases = found
            return AliasEdit(
                display_path(path), line, f"aliases: [{', '.join([*aliases, wording])}]"
            )
    return AliasEdit("metrics.yaml", None, f"extend: [{{id: {metric_id}, aliases: [{wording}]}}]")


@dataclass(frozen=True)
class Review:
    """An entry for a curator to look at: unmatched, or aligned only by similarity, with
    the alias that would settle it (for the best suggestion, or the similar metric)."""

    row: Aligned
    alias: AliasEdit | None


def reviews(rows: list[Aligned], ws: Workspace) -> list[Review]:
    """The entries of ``rows`` no exact rule maps, with their alias lines."""
    out = []
    for row in rows:
        if row.match.rule == "similarity" and row.match.metric_id:
            out.append(Review(row, alias_edit(ws, row.match.metric_id, row.metric_text)))
        elif row.match.rule == "unmatched":
            best = row.suggestions[0].metric if row.suggestions else None
            out.append(Review(row, alias_edit(ws, best, row.metric_text) if best else None))
    return out


def describe(suggestions: tuple[Suggestion, ...] | list[Suggestion]) -> str:
    return "; ".join(f"{s.metric} {s.name} ({s.score:g}: {s.why})" for s in suggestions)


def entry_problems(row: Aligned, ws: Workspace) -> list[Problem]:
    """The curator's findings on one aligned entry (located at its metric)."""
    where = ("targets", row.index, "metric")
    out: list[Problem] = []
    wording = row.metric_text
    if row.match.rule == "unmatched":
        if row.suggestions:
            best = row.suggestions[0]
            hint = (
                f"may be {describe(row.suggestions)}. If it is {best.metric}, add the alias: "
                f"{alias_edit(ws, best.metric, wording)}; otherwise list it under `unmatched` "
                "in metrics.yaml with the reason"
            )
        else:
            hint = "no catalogue metric is close; add a metric or list it under `unmatched`"
        if row.match.ruled_out:
            # a look-alike the catalogue says it is not: never hint to make it one
            hint = f"the catalogue rules it out ({'; '.join(row.match.ruled_out)}); {hint}"
        out.append(
            Problem(
                where,
                "unmatched-metric",
                f"{wording} matches no catalogue metric, and is not listed as unmatched",
                hint,
                Severity.warning,
            )
        )
    else:
        out += similarity_problems(where, wording, row.match, ws)
    return out


def similarity_problems(where: DocPath, wording: str, match: Match, ws: Workspace) -> list[Problem]:
    """A wording (a plan's entry or an actual) aligned only by similarity: an info with the
    alias line that confirms it."""
    if match.rule != "similarity" or match.metric_id is None:
        return []
    return [
        Problem(
            where,
            "aligned-by-similarity",
            f"{wording} is aligned to {match.metric_id} by similarity "
            f"({match.confidence:g}): {match.detail}",
            f"confirm it with the alias {alias_edit(ws, match.metric_id, wording)}",
            Severity.info,
        )
    ]


def wording_problems(plan: Plan, aligner: Aligner, ws: Workspace) -> list[Problem]:
    """Every entry's alignment findings, and wordings that carry what fields should say."""
    out: list[Problem] = []
    for i, target in enumerate(plan.targets):
        row = aligner.align_entry(plan, i)
        out += entry_problems(row, ws)
        if target.kind is Kind.direction or row.match.rule != "unmatched":
            continue  # a trend says which way; an aligned or listed wording is the catalogue's
        reader = aligner.reader
        wording = aligner.wording(target.metric, plan)
        words = reader.words(wording)
        for blocker in reader.blockers(words, Flags.of(target)):
            joined = blocker.startswith("two subjects")
            out.append(
                Problem(
                    ("targets", i, "metric"),
                    "joined-metrics" if joined else "basis-in-wording",
                    f"{wording}: {blocker}, which the entry's fields do not record",
                    "split the entry into one per metric (each quoting the clause), or set "
                    "combined: true if the source gives one figure for both"
                    if joined
                    else "record it in the entry's fields (change and base_year, per_year, "
                    "new_only, cumulative) and keep the metric's own name",
                    Severity.warning,
                )
            )
    return out


def _layer_wordings(path: Path) -> tuple[dict[tuple[str, str], str], dict[tuple[str, str], str]]:
    """One catalogue file's claims, each as (metric id, wording) → the wording as written:
    the names and aliases it gives metrics, and the wordings it rules out (``not_this``).
    Nothing for a file that does not validate (its own findings say why)."""
    try:
        doc = load(path)
    except DocumentError:
        return {}, {}
    catalogue, _ = check(Catalogue, doc.data)
    if catalogue is None:
        return {}, {}
    claims: dict[tuple[str, str], str] = {}
    rejections: dict[tuple[str, str], str] = {}
    for metric in catalogue.metrics:
        claims.update({(metric.id, w): w for w in metric.wordings})
        rejections.update({(metric.id, n.label): n.label for n in metric.not_this})
    for extension in catalogue.extend:
        claims.update({(extension.id, w): w for w in extension.aliases})
        rejections.update({(extension.id, n.label): n.label for n in extension.not_this})
    return claims, rejections


def layer_problems(layer: Catalogue, ws: Workspace, path: Path) -> list[Problem]:
    """A catalogue layer at odds with the layers below it: it rules out (``not_this``) a
    wording a lower file gives the same metric as its name or alias, or gives a metric an
    alias a lower file rules out.  ``not_this`` wins either way (the wording is not the
    metric), so such a layer takes a wording away from a metric, perhaps unawares."""
    files = ws.files("metrics.yaml")
    resolved = [f.resolve() for f in files]
    if path.resolve() not in resolved:
        return []
    lower = files[: resolved.index(path.resolve())]
    normalizer = ws.normalizer

    def norm(text: str) -> str:
        return normalizer.readings(text)[-1]

    claimed: dict[tuple[str, str], tuple[str, Path]] = {}
    rejected: dict[tuple[str, str], tuple[str, Path]] = {}
    for below in lower:
        claims, rejections = _layer_wordings(below)
        for (metric_id, wording), written in claims.items():
            claimed.setdefault((metric_id, norm(wording)), (written, below))
        for (metric_id, wording), written in rejections.items():
            rejected.setdefault((metric_id, norm(wording)), (written, below))
    out: list[Problem] = []
    mine: list[tuple[DocPath, str, list[str], list[str]]] = [
        (("extend", i), e.id, e.aliases, [n.label for n in e.not_this])
        for i, e in enumerate(layer.extend)
    ]
    here = display_path(path)
    for where, metric_id, aliases, labels in mine:
        for j, label in enumerate(labels):
            found = claimed.get((metric_id, norm(label)))
            if found is not None:
                written, below = found
                out.append(
                    Problem(
                        (*where, "not_this", j, "label"),
                        "not-this-contradicts-alias",
                        f"{label}: {here} rules it out for {metric_id}, but "
                        f"{display_path(below)} gives {metric_id} the alias {written}; "
                        f"not_this wins, so a plan's {label} no longer aligns to {metric_id}",
                        f"if {written} is not {metric_id}, take the alias out of "
                        f"{display_path(below)} (or report it there); if it is, drop this "
                        "not_this",
                        Severity.warning,
                    )
                )
        for j, alias in enumerate(aliases):
            found = rejected.get((metric_id, norm(alias)))
            if found is not None:
                written, below = found
                out.append(
                    Problem(
                        (*where, "aliases", j),
                        "not-this-contradicts-alias",
                        f"{alias}: {here} gives {metric_id} this alias, but "
                        f"{display_path(below)} rules {written} out for {metric_id}; "
                        "not_this wins, so the alias aligns nothing",
                        f"drop the alias, or take the not_this out of {display_path(below)}",
                        Severity.warning,
                    )
                )
    return out
