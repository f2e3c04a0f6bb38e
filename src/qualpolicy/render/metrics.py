"""Rendering the catalogue and the entries it does not map."""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from qualpolicy.align import Aligned
from qualpolicy.catalogue import Catalogue
from qualpolicy.curation import Review
from qualpolicy.render.compare import entry_dict, metric_dict
from qualpolicy.render.tables import new_table
from qualpolicy.render.text import figure


def plans_per_metric(aligned: list[Aligned]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for a in aligned:
        if a.match.metric_id and a.plan.id not in out[a.match.metric_id]:
            out[a.match.metric_id].append(a.plan.id)
    return out


def catalogue_json(catalogue: Catalogue, aligned: list[Aligned]) -> str:
    plans = plans_per_metric(aligned)
    data = [
        {**metric_dict(m), "aliases": m.aliases, "plans": plans.get(m.id, [])}
        for m in catalogue.metrics
    ]
    return json.dumps(data, ensure_ascii=False, indent=2)


def print_catalogue(catalogue: Catalogue, aligned: list[Aligned], console: Any) -> None:
    from rich.text import Text

    plans = plans_per_metric(aligned)
    table = new_table(
        f"{len(catalogue.metrics)} metrics (compare --metric takes the id or the name)"
    )
    table.add_column("Metric", ratio=3, overflow="fold")
    table.add_column("Unit", no_wrap=True)
    table.add_column("Plans", justify="right", no_wrap=True)
    table.add_column("In", ratio=2, overflow="fold")
    for m in sorted(catalogue.metrics, key=lambda m: (-len(plans.get(m.id, [])), m.id)):
        found = plans.get(m.id, [])
        name = Text.assemble(m.name, "\n", (m.id, "dim"))
        table.add_row(name, m.unit.value, str(len(found)), " ".join(found))
    console.print(table)


def suggestion_dicts(row: Aligned) -> list[dict[str, Any]]:
    return [
        {"metric": x.metric, "name": x.name, "score": x.score, "why": x.why}
        for x in row.suggestions
    ]


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
    return json.dumps(data, ensure_ascii=False, indent=2)


def print_unmatched(reviews: list[Review], deliberate: list[Aligned], console: Any) -> None:
    open_rows = [r for r in reviews if r.row.match.rule == "unmatched"]
    similar = [r for r in reviews if r.row.match.rule == "similarity"]
    if not open_rows:
        console.print(
            f"Every entry is matched or deliberately unmatched ({len(deliberate)} deliberately)."
        )
    else:
        entries = "entry" if len(open_rows) == 1 else "entries"
        table = new_table(f"{len(open_rows)} {entries} no rule maps, with suggestions")
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
