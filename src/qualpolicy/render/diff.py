"""Rendering a plan diff: aligned figures with verdicts, one-sided figures, themes."""

from __future__ import annotations

import re
from typing import Any

from rich.text import Text

from qualpolicy.analysis.align import Aligned
from qualpolicy.analysis.diff import VERDICTS, Pair, PlanDiff, asks
from qualpolicy.models import Kind, Plan
from qualpolicy.render.compare import cell_text, entry_dict, metric_dict
from qualpolicy.render.progress import headroom_dict, headroom_text
from qualpolicy.render.rows import csv_text, json_text, markdown_table
from qualpolicy.render.tables import new_table
from qualpolicy.render.text import plural
from qualpolicy.text.themes import Theme, ThemeDiff

THEMES_SHOWN = 15


def _side(row: Aligned | None) -> str:
    return cell_text([row]) if row is not None else "—"


_SIDE = re.compile(r"\b([AB])\b")


def label(plan: Plan, other: Plan) -> str:
    """How a side of a diff is named: its region, or its id when both are documents of
    one region (shandong_2018 vs shandong)."""
    return plan.id if plan.region == other.region else plan.region


def _regions(text: str, d: PlanDiff) -> str:
    """``text`` with the plans' names for "A" and "B"."""
    return _SIDE.sub(lambda m: label(d.a, d.b) if m.group(1) == "A" else label(d.b, d.a), text)


def verdict_text(pair: Pair, d: PlanDiff) -> str:
    """The verdict in words, its reasons in brackets: "not comparable (target years
    2025 vs 2027)", then where each region stands when the paces weighed the pair; a
    one-sided pair says only what the one plan has."""
    if pair.verdict == "one_sided":
        return _regions("; ".join(pair.reasons), d)
    text = VERDICTS[pair.verdict] + (f" ({'; '.join(pair.reasons)})" if pair.reasons else "")
    return _regions(text, d) + "".join(f"\n{line}" for line in paces_text(pair, d))


def paces_text(pair: Pair, d: PlanDiff) -> list[str]:
    """Where each region stands, for a pair the paces weighed (or found both met)."""
    if pair.paces is None or not all(asks(h) is not None for h in pair.paces):
        return []
    names = (label(d.a, d.b), label(d.b, d.a))
    return [f"{name}: {headroom_text(h)}" for name, h in zip(names, pair.paces, strict=True)]


def bolder_text(pair: Pair, d: PlanDiff) -> str:
    """Whose number alone is the bolder: a region, "same", or "" when the two are not
    numbers of the same kind on the same basis."""
    names = {"a": label(d.a, d.b), "b": label(d.b, d.a), "same": "same"}
    return names.get(pair.bolder or "", "")


def _theme_dict(theme: Theme) -> dict[str, Any]:
    return {
        "keyword": theme.keyword,
        "domain_term": theme.domain,
        "tasks": theme.tasks,
        "plans": theme.plans,
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
            "bolder": pair.bolder,
            "paces": {side: headroom_dict(h) for side, h in zip("ab", pair.paces, strict=True)}
            if pair.paces
            else None,
            "verdict_text": verdict_text(pair, d),
        }
        for pair in d.pairs
    ]
    data["only_a"] = [entry_dict(r) for r in d.only_a]
    data["only_b"] = [entry_dict(r) for r in d.only_b]
    if d.themes is not None:
        data["themes"] = {
            "plans": d.themes.plans,
            "shared": [
                {
                    "keyword": ta.keyword,
                    "domain_term": ta.domain,
                    "plans": ta.plans,
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
    return json_text(as_data(d))


CSV_HEADER = ["section", "metric_id", "metric", "a", "b", "verdict", "reasons", "bolder"]


def as_csv(d: PlanDiff) -> str:
    """The figures as one table: shared metrics with verdicts, then each plan's own;
    the two plans' columns are named by plan id (themes are in the JSON)."""
    rows: list[list[object]] = [
        [
            "shared",
            pair.metric.id,
            pair.metric.name,
            _side(pair.a),
            _side(pair.b),
            pair.verdict,
            _regions("; ".join(pair.reasons), d),
            bolder_text(pair, d),
        ]
        for pair in d.pairs
    ]
    for section, entries in (("only_a", d.only_a), ("only_b", d.only_b)):
        for r in entries:
            cells = [_side(r), ""] if section == "only_a" else ["", _side(r)]
            rows.append([section, r.match.metric_id, r.metric_text, *cells, "", "", ""])
    header = [*CSV_HEADER[:3], d.a.id, d.b.id, *CSV_HEADER[5:]]
    return csv_text(header, rows)


ONE_SIDED = (
    (Kind.target, "Targets only {} sets"),
    (Kind.baseline, "Current status only {} reports"),
    (Kind.direction, "Named without a number only by {}"),
)


def one_sided(name: str, rows: list[Aligned]) -> list[tuple[str, list[str]]]:
    """A plan's one-sided figures by kind, targets apart from current status:
    (heading with the count, lines); ``name`` is the side's :func:`label`."""
    out = []
    for kind, heading in ONE_SIDED:
        lines = [f"{r.metric_text}: {cell_text([r])}" for r in rows if r.kind is kind]
        if lines:
            out.append((f"{heading.format(name)}: {len(lines)}", lines))
    return out


def _theme_note(themes: ThemeDiff, shown: int) -> str:
    total = len(themes.plans)
    return (
        f"Domain terms (data/lexicon.yaml) both plans' tasks use: {shown} of the "
        f"{len(themes.shared)} keywords they share (--format json lists all). "
        f"In plans: how many of the {total} plans with tasks use the term; "
        "fewer is more distinctive."
    )


def as_markdown(d: PlanDiff) -> str:
    a, b = label(d.a, d.b), label(d.b, d.a)
    lines = [f"## {a} ({d.a.id}) vs {b} ({d.b.id})", "", "### Shared metrics", ""]
    lines += markdown_table(
        ["Metric", a, b, "Verdict", "Bolder figure"],
        (
            [
                p.metric.name,
                _side(p.a),
                _side(p.b),
                _one_line(verdict_text(p, d)),
                bolder_text(p, d),
            ]
            for p in d.pairs
        ),
    )
    for name, rows in ((a, d.only_a), (b, d.only_b)):
        for heading, entries in one_sided(name, rows) or [(f"Only {name}: nothing", [])]:
            lines += ["", f"### {heading}", ""]
            lines += [f"- {line}" for line in entries]
    if d.themes is not None:
        shared = [(ta, tb) for ta, tb in d.themes.shared if ta.domain]
        total = len(d.themes.plans)
        lines += ["", "### Task themes", "", _theme_note(d.themes, len(shared)), ""]
        lines += markdown_table(
            ["Theme", "In plans", f"{a} tasks", f"{b} tasks"],
            ([ta.keyword, f"{ta.plans} of {total}", _tasks(ta), _tasks(tb)] for ta, tb in shared),
        )
        for region, themes in ((a, d.themes.only_a), (b, d.themes.only_b)):
            listed = "; ".join(f"{t.keyword} ({_tasks(t)})" for t in shown_themes(themes, 1000))
            lines += ["", f"Only {region}: {listed}"]
    return "\n".join(lines) + "\n"


def _one_line(text: str) -> str:
    return text.replace("\n", "; ")


def _tasks(theme: Theme) -> str:
    return ", ".join(theme.tasks)


def print_diff(d: PlanDiff, console: Any) -> None:

    a, b = label(d.a, d.b), label(d.b, d.a)
    console.print(
        Text.assemble(
            (f"{a} ({d.a.id})", "bold cyan"),
            "  vs  ",
            (f"{b} ({d.b.id})", "bold magenta"),
            f"   horizons {'/'.join(map(str, d.a.horizon))} vs {'/'.join(map(str, d.b.horizon))}",
        )
    )
    metrics = len({p.metric.id for p in d.pairs})
    table = new_table(
        f"Shared metrics: {metrics}",
        show_lines=True,
        caption="Bolder figure: whose number alone is bolder, whatever the target years.",
        caption_justify="left",
    )
    table.add_column("Metric", ratio=3, overflow="fold")
    table.add_column(a, ratio=2, overflow="fold", style="cyan")
    table.add_column(b, ratio=2, overflow="fold", style="magenta")
    table.add_column("Verdict", ratio=3, overflow="fold")
    table.add_column("Bolder\nfigure", overflow="fold")
    styles = {
        "a_higher": "cyan",
        "b_higher": "magenta",
        "a_steeper": "cyan",
        "b_steeper": "magenta",
        "same_pace": "green",
        "equal": "green",
        "not_comparable": "yellow",
        "one_sided": "dim",
        "raised": "cyan",
        "lowered": "red",
        "kept": "green",
    }
    for pair in d.pairs:
        table.add_row(
            pair.metric.name,
            _side(pair.a),
            _side(pair.b),
            Text(verdict_text(pair, d), style=styles[pair.verdict]),
            bolder_text(pair, d),
        )
    if d.pairs:
        console.print(table)
    else:
        console.print(Text("Shared metrics: none", style="bold"))
    sides = ((label(d.a, d.b), d.only_a, "cyan"), (label(d.b, d.a), d.only_b, "magenta"))
    for name, rows, style in sides:
        sections = one_sided(name, rows)
        if not sections:
            console.print(Text(f"Only {name}: nothing", style=f"bold {style}"))
        for heading, lines in sections:
            console.print(Text(heading, style=f"bold {style}"))
            for line in lines:
                console.print(f"  {line}")
    if d.themes is None:
        return
    shared = [(ta, tb) for ta, tb in d.themes.shared if ta.domain]
    total = len(d.themes.plans)
    themes = new_table(
        f"Task themes both plans cover: {plural(len(shared), 'domain term')}",
        caption=_theme_note(d.themes, len(shared)),
        caption_justify="left",
    )
    themes.add_column("Theme", ratio=3)
    themes.add_column("In plans", justify="right", no_wrap=True)
    themes.add_column(f"{a} tasks", ratio=2, style="cyan")
    themes.add_column(f"{b} tasks", ratio=2, style="magenta")
    for ta, tb in shared:
        themes.add_row(ta.keyword, f"{ta.plans} of {total}", _tasks(ta), _tasks(tb))
    console.print(themes)
    for region, one_sided_themes, style in (
        (a, d.themes.only_a, "cyan"),
        (b, d.themes.only_b, "magenta"),
    ):
        shown = shown_themes(one_sided_themes)
        console.print(
            Text(
                f"Themes only {region} covers (showing {len(shown)} of {len(one_sided_themes)}):",
                style=f"bold {style}",
            )
        )
        console.print("  " + "; ".join(f"{t.keyword} ({_tasks(t)})" for t in shown))
    console.print(
        "Task numbers refer to each plan's own numbering (qualpolicy show <plan>).", style="dim"
    )
