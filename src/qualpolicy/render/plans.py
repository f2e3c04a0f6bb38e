"""Rendering the plans listing: a table, JSON, CSV or Markdown from the same rows."""

from __future__ import annotations

from typing import Any

from qualpolicy.analysis.inventory import PlanSummary
from qualpolicy.render.rows import csv_text, json_text, markdown_table
from qualpolicy.render.tables import new_table

COLUMNS = [
    ("id", "Id"),
    ("region", "Region"),
    ("level", "Level"),
    ("parent", "Parent"),
    ("document", "Document"),
    ("document_type", "Type"),
    ("period", "Period"),
    ("in_force", "In force"),
    ("period_ended", "Period ended"),
    ("issued", "Issued"),
    ("source", "Source"),
    ("targets", "Targets"),
    ("baselines", "Baselines"),
    ("directions", "Directions"),
    ("tasks", "Tasks"),
]


def rows(summaries: list[PlanSummary]) -> list[dict[str, Any]]:
    return [
        {
            "id": s.plan.id,
            "region": s.plan.region,
            "level": s.plan.level.value,
            "parent": s.plan.parent,
            "document": s.plan.title,
            "document_type": s.plan.document_type.value if s.plan.document_type else None,
            "period": s.period,
            "in_force": s.in_force,
            "period_ended": s.ended,
            "superseded_by": s.superseded_by,
            "supersedes": s.plan.supersedes,
            "issued": s.date.isoformat() if s.date else None,
            "source": s.source,
            "targets": s.targets,
            "baselines": s.baselines,
            "directions": s.directions,
            "tasks": s.tasks,
            "urls": s.plan.source.urls,
            "read_to": s.plan.source.read_to,
        }
        for s in summaries
    ]


def as_json(summaries: list[PlanSummary]) -> str:
    return json_text(rows(summaries))


def _cells(summaries: list[PlanSummary]) -> list[list[object]]:
    return [[row[k] for k, _ in COLUMNS] for row in rows(summaries)]


def as_csv(summaries: list[PlanSummary]) -> str:
    return csv_text([k for k, _ in COLUMNS], _cells(summaries))


def as_markdown(summaries: list[PlanSummary]) -> str:
    return "\n".join(markdown_table([title for _, title in COLUMNS], _cells(summaries))) + "\n"


def _document(s: PlanSummary) -> str:
    """``outline 2023–2027`` and whether it is in force."""
    kind = s.plan.document_type.value if s.plan.document_type else "document"
    period = f" {s.period}" if s.period else ""
    if s.superseded_by:
        status = f"superseded by {s.superseded_by}"
    elif s.in_force:
        status = "in force, period ended" if s.ended else "in force"
    else:
        status = "not yet issued"
    return f"{kind}{period}\n{status}"


def print_plans(summaries: list[PlanSummary], console: Any) -> None:
    levels = len({s.plan.level for s in summaries})
    in_force = sum(s.in_force for s in summaries)
    counted = "all in force" if in_force == len(summaries) else f"{in_force} in force"
    table = new_table(f"{len(summaries)} plans at {levels} levels, {counted}")
    table.add_column("Plan", ratio=1, overflow="fold")
    table.add_column("Level", ratio=1, overflow="fold")
    table.add_column("Document", ratio=1, overflow="fold")
    table.add_column("Issued", no_wrap=True)
    table.add_column("Source", no_wrap=True)
    table.add_column("T/B/D/Tasks", justify="right", no_wrap=True)
    for s in summaries:
        parent = f"\nunder {s.plan.parent}" if s.plan.parent else ""
        table.add_row(
            f"{s.plan.region}\n{s.plan.id}",
            s.plan.level.value + parent,
            _document(s),
            s.date.isoformat() if s.date else "—",
            s.source,
            f"{s.targets}/{s.baselines}/{s.directions}/{s.tasks}",
        )
    console.print(table)
    console.print(
        "T/B/D = targets, baselines (current status), directions (no figure). Source: the "
        "full text ships with the data, or only short quotes from a page read in part. "
        "Documents and URLs: --format markdown or json.",
        style="dim",
    )
