"""Rendering the catalogue and the entries it does not map."""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from qualpolicy.align import Aligned
from qualpolicy.catalogue import Catalogue
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


def unmatched_json(rows: list[Aligned]) -> str:
    return json.dumps([entry_dict(a) for a in rows], ensure_ascii=False, indent=2)


def print_unmatched(rows: list[Aligned], console: Any) -> None:
    open_rows = [a for a in rows if a.match.rule == "unmatched"]
    deliberate = [a for a in rows if a.match.rule != "unmatched"]
    if not open_rows:
        console.print(
            f"Every entry is matched or deliberately unmatched ({len(deliberate)} deliberately)."
        )
    else:
        table = new_table(f"{len(open_rows)} entries no rule maps")
        table.add_column("Plan", no_wrap=True)
        table.add_column("Metric as written")
        table.add_column("Normalised")
        table.add_column("Figure", no_wrap=True)
        table.add_column("Note", ratio=1)
        for a in open_rows:
            table.add_row(
                a.plan.id,
                a.target.metric,
                a.metric_text,
                figure(a.target),
                "; ".join(a.match.ruled_out),
            )
        console.print(table)
