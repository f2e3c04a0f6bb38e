"""Rendering a plan diff: aligned figures with verdicts, one-sided targets, themes."""

from __future__ import annotations

import re
from typing import Any

from qualpolicy.align import Aligned
from qualpolicy.diff import VERDICTS, Pair, PlanDiff
from qualpolicy.models import Kind
from qualpolicy.render.compare import cell_text, entry_dict, metric_dict
from qualpolicy.render.tables import new_table
from qualpolicy.themes import Theme

THEMES_SHOWN = 15


def _side(row: Aligned | None) -> str:
    return cell_text([row]) if row is not None else "—"


_SIDE = re.compile(r"\b([AB])\b")


def _verdict(pair: Pair, a: str, b: str) -> str:
    """The verdict in words, with the plans' regions for "A" and "B"."""
    text = VERDICTS[pair.verdict] + (": " + "; ".join(pair.reasons) if pair.reasons else "")
    return _SIDE.sub(lambda m: a if m.group(1) == "A" else b, text)


def _theme_dict(theme: Theme) -> dict[str, Any]:
    return {
        "keyword": theme.keyword,
        "domain_term": theme.domain,
        "tasks": theme.tasks,
        "weight": round(theme.weight, 3),
    }


def shown_themes(themes: list[Theme], limit: int = THEMES_SHOWN) -> list[Theme]:
    """Domain terms first, then general keywords that more than one task shares."""
    return [t for t in themes if t.domain or len(t.tasks) > 1][:limit]


def as_data(d: PlanDiff) -> dict[str, Any]:
    plan = {"a": d.a, "b": d.b}
    data: dict[str, Any] = {
        side: {"plan": p.id, "region": p.region, "horizon": p.horizon} for side, p in plan.items()
    }
    data["pairs"] = [
        {
            "metric": metric_dict(pair.metric),
            "a": entry_dict(pair.a) if pair.a else None,
            "b": entry_dict(pair.b) if pair.b else None,
            "verdict": pair.verdict,
            "reasons": list(pair.reasons),
        }
        for pair in d.pairs
    ]
    data["only_a"] = [entry_dict(r) for r in d.only_a]
    data["only_b"] = [entry_dict(r) for r in d.only_b]
    if d.themes is not None:
        data["themes"] = {
            "shared": [
                {
                    "keyword": ta.keyword,
                    "domain_term": ta.domain,
                    "a_tasks": ta.tasks,
                    "b_tasks": tb.tasks,
                }
                for ta, tb in d.themes.shared
            ],
            "only_a": [_theme_dict(t) for t in d.themes.only_a],
            "only_b": [_theme_dict(t) for t in d.themes.only_b],
        }
    return data


def as_json(d: PlanDiff) -> str:
    import json

    return json.dumps(as_data(d), ensure_ascii=False, indent=2)


def _one_sided(rows: list[Aligned]) -> list[str]:
    return [f"{r.metric_text}: {cell_text([r])}" for r in rows]


def _tasks(numbers: list[str]) -> str:
    return ", ".join(numbers)


def as_markdown(d: PlanDiff) -> str:
    a, b = d.a.region, d.b.region

    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", "<br>")

    lines = [f"## {a} ({d.a.id}) vs {b} ({d.b.id})", "", "### Shared metrics", ""]
    lines += [f"| Metric | {a} | {b} | Verdict |", "|---|---|---|---|"]
    for pair in d.pairs:
        lines.append(
            f"| {cell(pair.metric.name)} | {cell(_side(pair.a))} | {cell(_side(pair.b))} | "
            f"{cell(_verdict(pair, a, b))} |"
        )
    for region, rows in ((a, d.only_a), (b, d.only_b)):
        lines += ["", f"### Only {region} sets", ""]
        lines += [f"- {cell(line)}" for line in _one_sided(rows)] or ["- nothing"]
    if d.themes is not None:
        lines += ["", "### Task themes", "", f"| Theme | {a} tasks | {b} tasks |", "|---|---|---|"]
        lines += [
            f"| {ta.keyword} | {_tasks(ta.tasks)} | {_tasks(tb.tasks)} |"
            for ta, tb in d.themes.shared
            if ta.domain or len(ta.tasks) + len(tb.tasks) > 2
        ]
        for region, themes in ((a, d.themes.only_a), (b, d.themes.only_b)):
            lines += [
                "",
                f"Only {region}: "
                + "; ".join(f"{t.keyword} ({_tasks(t.tasks)})" for t in shown_themes(themes, 1000)),
            ]
    return "\n".join(lines) + "\n"


def print_diff(d: PlanDiff, console: Any) -> None:
    from rich.text import Text

    a, b = d.a.region, d.b.region
    console.print(
        Text.assemble(
            (f"{a} ({d.a.id})", "bold cyan"),
            "  vs  ",
            (f"{b} ({d.b.id})", "bold magenta"),
            f"   horizons {'/'.join(map(str, d.a.horizon))} vs {'/'.join(map(str, d.b.horizon))}",
        )
    )
    table = new_table(f"Shared metrics: {len({p.metric.id for p in d.pairs})}", show_lines=True)
    table.add_column("Metric", ratio=3, overflow="fold")
    table.add_column(a, ratio=2, overflow="fold", style="cyan")
    table.add_column(b, ratio=2, overflow="fold", style="magenta")
    table.add_column("Verdict", ratio=4, overflow="fold")
    styles = {
        "a_higher": "cyan",
        "b_higher": "magenta",
        "equal": "green",
        "not_comparable": "yellow",
    }
    for pair in d.pairs:
        table.add_row(
            pair.metric.name,
            _side(pair.a),
            _side(pair.b),
            Text(_verdict(pair, a, b), style=styles[pair.verdict]),
        )
    if d.pairs:
        console.print(table)
    else:
        console.print(Text("Shared metrics: none", style="bold"))
    for region, rows, style in ((a, d.only_a, "cyan"), (b, d.only_b, "magenta")):
        named = sum(1 for r in rows if r.kind is Kind.direction)
        console.print(
            Text(
                f"Only {region}: {len(rows) - named} figures, {named} named without a number",
                style=f"bold {style}",
            )
        )
        for line in _one_sided(rows):
            console.print(f"  {line}")
    if d.themes is None:
        return
    shared = [(ta, tb) for ta, tb in d.themes.shared if ta.domain]
    themes = new_table(
        f"Domain themes both cover: {len(shared)} (of {len(d.themes.shared)} shared "
        "keywords; --format json lists all)"
    )
    themes.add_column("Theme", ratio=3)
    themes.add_column("Plans", justify="right", no_wrap=True)
    themes.add_column(f"{a} tasks", ratio=2, style="cyan")
    themes.add_column(f"{b} tasks", ratio=2, style="magenta")
    total = len(d.themes.plans)
    for ta, tb in shared:
        themes.add_row(ta.keyword, f"{ta.plans}/{total}", _tasks(ta.tasks), _tasks(tb.tasks))
    console.print(themes)
    for region, one_sided, style in ((a, d.themes.only_a, "cyan"), (b, d.themes.only_b, "magenta")):
        shown = shown_themes(one_sided)
        console.print(
            Text(
                f"Themes only {region} covers (showing {len(shown)} of {len(one_sided)}):",
                style=f"bold {style}",
            )
        )
        console.print("  " + "; ".join(f"{t.keyword} ({_tasks(t.tasks)})" for t in shown))
    console.print(
        "Task numbers refer to each plan's own numbering (qualpolicy show <plan>).", style="dim"
    )
