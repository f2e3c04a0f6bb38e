"""Rendering one plan: header, targets, baselines, directions, task outline."""

from __future__ import annotations

import json
from typing import Any

from qualpolicy.models import Kind, Plan, to_data
from qualpolicy.normalize import Normalizer
from qualpolicy.render.tables import new_table
from qualpolicy.render.text import figure, year


def plan_dict(plan: Plan, normalizer: Normalizer) -> dict[str, Any]:
    def norm(text: str | None) -> str | None:
        return normalizer.normalize(text, plan.script, plan.vocabulary) if text else None

    data: dict[str, Any] = to_data(plan)
    data["title_normalized"] = norm(plan.title)
    data["targets"] = [
        {**to_data(t), "metric_normalized": norm(t.metric), "scope_normalized": norm(t.scope)}
        for t in plan.targets
    ]
    data["tasks"] = [
        {**to_data(task), "title_normalized": norm(task.title), "text_normalized": norm(task.text)}
        for task in plan.tasks
    ]
    return data


def as_json(plan: Plan, normalizer: Normalizer) -> str:
    return json.dumps(plan_dict(plan, normalizer), ensure_ascii=False, indent=2)


def print_plan(plan: Plan, normalizer: Normalizer, console: Any, *, quotes: bool = False) -> None:
    from rich.text import Text

    def norm(text: str) -> str:
        return normalizer.normalize(text, plan.script, plan.vocabulary)

    title = norm(plan.title) + ("" if plan.title_exact else " (title as described; not exact)")
    console.print(Text.assemble((f"{plan.region} · {title}", "bold"), f"  [{plan.id}]"))
    source = plan.source.file or "no source text shipped"
    if plan.source.urls:
        source += " · " + " ".join(plan.source.urls)
    for label, value in (
        ("Issuer", plan.issuer),
        ("Issued", plan.issued.isoformat() if plan.issued else "not stated"),
        ("Horizon", ", ".join(map(str, plan.horizon))),
        ("Source", f"{source} ({plan.script.value}, {plan.vocabulary.value} vocabulary)"),
    ):
        console.print(Text.assemble((f"{label:<8}", "dim"), value))

    sections = (
        (Kind.target, "Targets"),
        (Kind.baseline, "Baselines (current status the plan reports)"),
        (Kind.direction, "Directions (named without a figure)"),
    )
    for kind, heading in sections:
        entries = [t for t in plan.targets if t.kind is kind]
        if not entries:
            continue
        table = new_table(f"{heading}: {len(entries)}")
        table.add_column("Metric", ratio=2)
        table.add_column("Value", justify="right", no_wrap=True)
        table.add_column("Year", no_wrap=True)
        table.add_column("Scope")
        table.add_column("Hedge", no_wrap=True)
        table.add_column("Flags")
        if quotes:
            table.add_column("Quote", ratio=2)
        for t in entries:
            flags = [
                name.replace("_", " ")
                for name in ("held", "cumulative", "new_only", "per_year", "implied")
                if getattr(t, name)
            ]
            row = [
                norm(t.metric),
                figure(t, unit_text=norm(t.unit_text) if t.unit_text else None),
                year(t),
                norm(t.scope) if t.scope else "",
                t.hedge.value if t.hedge else "",
                ", ".join(flags),
            ] + ([t.quote] if quotes else [])
            table.add_row(*row)
        console.print(table)

    console.print(Text(f"Tasks: {len(plan.tasks)}", style="bold"))
    section = None
    for task in plan.tasks:
        if task.section != section:
            section = task.section
            if section:
                console.print(Text(f"  {norm(section)}", style="bold"))
        console.print(
            f"    {task.number:>6}  {norm(task.title) if task.title else norm(task.words)[:40]}"
        )
