"""Rendering one plan: header, targets, baselines, directions, task outline."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text

from qualpolicy.models import Kind, Plan, Target, Task, to_data
from qualpolicy.render.rows import csv_text, json_text, markdown_table
from qualpolicy.render.tables import new_table
from qualpolicy.render.text import figure, year
from qualpolicy.text.normalize import Normalizer


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
    return json_text(plan_dict(plan, normalizer))


SECTIONS = (
    (Kind.target, "Targets"),
    (Kind.baseline, "Baselines (current status the plan reports)"),
    (Kind.direction, "Directions (named without a figure)"),
)
ENTRY_HEADER = ["Metric", "Value", "Year", "Scope", "Hedge", "Flags"]


def _normalizer(plan: Plan, normalizer: Normalizer) -> Callable[[str], str]:
    return lambda text: normalizer.normalize(text, plan.script, plan.vocabulary)


def _flags(t: Target) -> str:
    names = ("held", "cumulative", "new_only", "per_year", "implied")
    return ", ".join(name.replace("_", " ") for name in names if getattr(t, name))


def _entry_cells(t: Target, norm: Callable[[str], str]) -> list[str]:
    return [
        norm(t.metric),
        figure(t, unit_text=norm(t.unit_text) if t.unit_text else None),
        year(t),
        norm(t.scope) if t.scope else "",
        t.hedge.value if t.hedge else "",
        _flags(t),
    ]


def _header_lines(plan: Plan) -> list[tuple[str, str]]:
    source = plan.source.file or "no source text shipped"
    if plan.source.urls:
        source += " · " + " ".join(plan.source.urls)
    return [
        ("Issuer", plan.issuer),
        ("Issued", plan.issued.isoformat() if plan.issued else "not stated"),
        *([("Number", plan.document_number)] if plan.document_number else []),
        ("Horizon", ", ".join(map(str, plan.horizon))),
        ("Source", f"{source} ({plan.script.value}, {plan.vocabulary.value} vocabulary)"),
    ]


def _title(plan: Plan, norm: Callable[[str], str]) -> str:
    return norm(plan.title) + ("" if plan.title_exact else " (title as described; not exact)")


def _task_label(task: Task, norm: Callable[[str], str]) -> str:
    return norm(task.title) if task.title else norm(task.words)[:40]


CSV_HEADER = [
    "kind",
    "metric",
    "metric_normalized",
    "comparator",
    "value",
    "trend",
    "unit",
    "unit_text",
    "year",
    "base_year",
    "scope",
    "hedge",
    "flags",
    "quote",
]


def as_csv(plan: Plan, normalizer: Normalizer) -> str:
    """The plan's entries, one a row, values as recorded (tasks are in JSON and Markdown)."""
    norm = _normalizer(plan, normalizer)
    return csv_text(
        CSV_HEADER,
        (
            [
                t.kind.value,
                t.metric,
                norm(t.metric),
                t.comparator.value if t.comparator else None,
                t.value,
                t.trend.value if t.trend else None,
                t.unit.value if t.unit else None,
                t.unit_text,
                t.year,
                t.base_year,
                t.scope,
                t.hedge.value if t.hedge else None,
                _flags(t),
                t.quote,
            ]
            for t in plan.targets
        ),
    )


def as_markdown(plan: Plan, normalizer: Normalizer, *, quotes: bool = False) -> str:
    norm = _normalizer(plan, normalizer)
    lines = [f"## {plan.region} · {_title(plan, norm)} ({plan.id})", ""]
    lines += [f"- **{label}:** {value}" for label, value in _header_lines(plan)]
    for kind, heading in SECTIONS:
        entries = [t for t in plan.targets if t.kind is kind]
        if entries:
            lines += ["", f"### {heading}: {len(entries)}", ""]
            head = ENTRY_HEADER + (["Quote"] if quotes else [])
            rows = [_entry_cells(t, norm) + ([t.quote] if quotes else []) for t in entries]
            lines += markdown_table(head, rows)
    lines += ["", f"### Tasks: {len(plan.tasks)}", ""]
    section = None
    for task in plan.tasks:
        if task.section != section:
            section = task.section
            if section:
                lines.append(f"- **{norm(section)}**")
        lines.append(f"  - {task.number} {_task_label(task, norm)}")
    return "\n".join(lines) + "\n"


def print_plan(plan: Plan, normalizer: Normalizer, console: Any, *, quotes: bool = False) -> None:

    norm = _normalizer(plan, normalizer)
    console.print(
        Text.assemble((f"{plan.region} · {_title(plan, norm)}", "bold"), f"  [{plan.id}]")
    )
    for label, value in _header_lines(plan):
        console.print(Text.assemble((f"{label:<8}", "dim"), value))
    for kind, heading in SECTIONS:
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
            table.add_row(*_entry_cells(t, norm), *([t.quote] if quotes else []))
        console.print(table)

    console.print(Text(f"Tasks: {len(plan.tasks)}", style="bold"))
    section = None
    for task in plan.tasks:
        if task.section != section:
            section = task.section
            if section:
                console.print(Text(f"  {norm(section)}", style="bold"))
        console.print(f"    {task.number:>6}  {_task_label(task, norm)}")
