"""Rendering the catalogue and the entries it does not map."""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from qualpolicy.align import Aligned
from qualpolicy.catalogue import Catalogue, Metric
from qualpolicy.render.compare import entry_dict, metric_dict
from qualpolicy.render.rows import csv_text, markdown_table
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
    from rich.text import Text

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


def unmatched_json(rows: list[Aligned]) -> str:
    return json.dumps([entry_dict(a) for a in rows], ensure_ascii=False, indent=2)


UNMATCHED_HEADER = ["plan", "metric", "normalised", "figure", "status", "note"]


def _unmatched_rows(rows: list[Aligned]) -> list[list[str]]:
    """Every entry no rule maps: open ones first, then those left out on purpose."""
    ordered = sorted(rows, key=lambda a: a.match.rule != "unmatched")
    return [
        [
            a.plan.id,
            a.target.metric,
            a.metric_text,
            figure(a.target),
            "open" if a.match.rule == "unmatched" else "deliberate",
            a.match.detail if a.match.rule != "unmatched" else "; ".join(a.match.ruled_out),
        ]
        for a in ordered
    ]


def unmatched_csv(rows: list[Aligned]) -> str:
    return csv_text(UNMATCHED_HEADER, _unmatched_rows(rows))


def unmatched_markdown(rows: list[Aligned]) -> str:
    head = ["Plan", "Metric as written", "Normalised", "Figure", "Status", "Note"]
    return "\n".join(markdown_table(head, _unmatched_rows(rows))) + "\n"


def print_unmatched(rows: list[Aligned], console: Any) -> None:
    open_rows = [a for a in rows if a.match.rule == "unmatched"]
    deliberate = len(rows) - len(open_rows)
    if not open_rows:
        console.print(
            f"Every entry is matched or deliberately unmatched ({deliberate} deliberately)."
        )
        return
    table = new_table(f"{len(open_rows)} entries no rule maps")
    table.add_column("Plan", no_wrap=True)
    table.add_column("Metric as written")
    table.add_column("Normalised")
    table.add_column("Figure", no_wrap=True)
    table.add_column("Note", ratio=1)
    for plan, written, normalised, shown, _, note in _unmatched_rows(open_rows):
        table.add_row(plan, written, normalised, shown, note)
    console.print(table)
