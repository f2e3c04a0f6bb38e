"""Rendering the catalogue and the entries it does not map."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from rich.text import Text

from qualpolicy.analysis.align import Aligned
from qualpolicy.analysis.catalogue import Catalogue, Metric
from qualpolicy.checks.curation import Review, describe
from qualpolicy.render.compare import entry_dict, metric_dict
from qualpolicy.render.rows import csv_text, json_text, markdown_table
from qualpolicy.render.tables import new_table
from qualpolicy.render.text import figure, plural


def plans_per_metric(aligned: list[Aligned]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for a in aligned:
        if a.match.metric_id and a.plan.id not in out[a.match.metric_id]:
            out[a.match.metric_id].append(a.plan.id)
    return out


def catalogue_records(catalogue: Catalogue, aligned: list[Aligned]) -> list[dict[str, Any]]:
    """Each metric with its aliases and the plans (of ``aligned``) that address it."""
    plans = plans_per_metric(aligned)
    return [
        {**metric_dict(m), "aliases": m.aliases, "plans": plans.get(m.id, [])}
        for m in catalogue.metrics
    ]


def catalogue_json(catalogue: Catalogue, aligned: list[Aligned]) -> str:
    return json_text(catalogue_records(catalogue, aligned))


CATALOGUE_HEADER = ["id", "name", "name_en", "unit", "plans", "in"]


def _by_use(catalogue: Catalogue, aligned: list[Aligned]) -> list[tuple[Metric, list[str]]]:
    """Each metric with the plans that address it, the most addressed first."""
    plans = plans_per_metric(aligned)
    ordered = sorted(catalogue.metrics, key=lambda m: (-len(plans.get(m.id, [])), m.id))
    return [(m, plans.get(m.id, [])) for m in ordered]


def _catalogue_rows(catalogue: Catalogue, aligned: list[Aligned]) -> list[list[object]]:
    return [
        [m.id, m.name, m.name_en, m.unit.value, len(found), " ".join(found)]
        for m, found in _by_use(catalogue, aligned)
    ]


def catalogue_csv(catalogue: Catalogue, aligned: list[Aligned]) -> str:
    return csv_text(CATALOGUE_HEADER, _catalogue_rows(catalogue, aligned))


def catalogue_markdown(catalogue: Catalogue, aligned: list[Aligned]) -> str:
    head = ["Id", "Metric", "English", "Unit", "Plans", "In"]
    return "\n".join(markdown_table(head, _catalogue_rows(catalogue, aligned))) + "\n"


def print_catalogue(catalogue: Catalogue, aligned: list[Aligned], console: Any) -> None:

    table = new_table(
        f"{len(catalogue.metrics)} metrics (compare --metric takes the id or the name)"
    )
    table.add_column("Metric", ratio=3, overflow="fold")
    table.add_column("Unit", no_wrap=True)
    table.add_column("Plans", justify="right", no_wrap=True)
    table.add_column("In", ratio=2, overflow="fold")
    for m, found in _by_use(catalogue, aligned):
        name = Text.assemble(m.name, "\n", (m.id, "dim"))
        table.add_row(name, m.unit.value, str(len(found)), " ".join(found))
    console.print(table)


def suggestion_dicts(row: Aligned) -> list[dict[str, Any]]:
    return [
        {"metric": x.metric, "name": x.name, "score": x.score, "why": x.why}
        for x in row.suggestions
    ]


UNMATCHED_HEADER = ["plan", "metric", "normalised", "figure", "status", "note", "alias"]


def _unmatched_rows(reviews: list[Review], deliberate: list[Aligned]) -> list[list[str]]:
    """Entries no exact rule maps (with suggestions, or the metric they resemble, and
    the alias line that would settle them), then those left out on purpose."""
    rows = []
    for r in reviews:
        a = r.row
        if a.match.rule == "unmatched":
            note = describe(a.suggestions) or "no close metric"
        else:
            note = f"aligned to {a.match.metric_id}: {a.match.detail}"
        alias = str(r.alias) if r.alias else ""
        rows.append(
            [a.plan.id, a.target.metric, a.metric_text, figure(a.target), a.match.rule, note, alias]
        )
    rows += [
        [
            a.plan.id,
            a.target.metric,
            a.metric_text,
            figure(a.target),
            "deliberate",
            a.match.detail,
            "",
        ]
        for a in deliberate
    ]
    return rows


def unmatched_csv(reviews: list[Review], deliberate: list[Aligned]) -> str:
    return csv_text(UNMATCHED_HEADER, _unmatched_rows(reviews, deliberate))


def unmatched_markdown(reviews: list[Review], deliberate: list[Aligned]) -> str:
    head = ["Plan", "Metric as written", "Normalised", "Figure", "Status", "Note", "Alias"]
    return "\n".join(markdown_table(head, _unmatched_rows(reviews, deliberate))) + "\n"


def unmatched_json(reviews: list[Review], deliberate: list[Aligned]) -> str:
    data = {
        "unmatched": [
            {
                **entry_dict(r.row),
                "suggestions": suggestion_dicts(r.row),
                "alias": str(r.alias) if r.alias else None,
            }
            for r in reviews
            if r.row.match.rule == "unmatched"
        ],
        "aligned_by_similarity": [
            {**entry_dict(r.row), "alias": str(r.alias) if r.alias else None}
            for r in reviews
            if r.row.match.rule == "similarity"
        ],
        "deliberately_unmatched": [entry_dict(a) for a in deliberate],
    }
    return json_text(data)


def print_unmatched(reviews: list[Review], deliberate: list[Aligned], console: Any) -> None:
    open_rows = [r for r in reviews if r.row.match.rule == "unmatched"]
    similar = [r for r in reviews if r.row.match.rule == "similarity"]
    if not open_rows:
        console.print(
            f"Every entry is matched or deliberately unmatched ({len(deliberate)} deliberately)."
        )
    else:
        entries = plural(len(open_rows), "entry", "entries")
        table = new_table(f"{entries} no rule maps, with suggestions")
        table.add_column("Plan", no_wrap=True)
        table.add_column("Metric (normalised)", ratio=1, overflow="fold")
        table.add_column("Figure", no_wrap=True)
        table.add_column("May be (score: why)", ratio=2, overflow="fold")
        for r in open_rows:
            a = r.row
            guesses = "\n".join(
                f"{i}. {x.name} {x.metric} ({x.score:g}: {x.why})"
                for i, x in enumerate(a.suggestions, 1)
            )
            table.add_row(a.plan.id, a.metric_text, figure(a.target), guesses or "no close metric")
        console.print(table)
    if similar:
        table = new_table(f"{len(similar)} aligned by similarity only: confirm with an alias")
        table.add_column("Plan", no_wrap=True)
        table.add_column("Metric (normalised)", ratio=1, overflow="fold")
        table.add_column("Aligned to", ratio=2, overflow="fold")
        for r in similar:
            a = r.row
            table.add_row(a.plan.id, a.metric_text, f"{a.match.metric_id}: {a.match.detail}")
        console.print(table)
    edits = [r for r in reviews if r.alias is not None]
    if edits:
        console.print("Alias lines to paste (for the first suggestion; check it first):")
        for r in edits:
            console.print(f"  {r.alias}")
