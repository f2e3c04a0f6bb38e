"""Rendering comparisons: a rich table, JSON, CSV and Markdown from the same rows."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from rich.text import Text

from qualpolicy.analysis.align import Aligned
from qualpolicy.analysis.cascade import said
from qualpolicy.analysis.catalogue import Metric
from qualpolicy.analysis.compare import Comparison, Group, NoFigure
from qualpolicy.analysis.matrix import Matrix, Spread
from qualpolicy.loading.plans import plan_names, short_region
from qualpolicy.models import Kind, Level, Plan, Unit
from qualpolicy.render.progress import compare_cell, headroom_dict, headroom_text, pace_brief
from qualpolicy.render.rows import csv_text, json_text, markdown_table
from qualpolicy.render.tables import new_table, print_lines
from qualpolicy.render.text import figure, number, year
from qualpolicy.render.versus import versus_dict, versus_text

BAR_WIDTH = 10
_EIGHTHS = " ▏▎▍▌▋▊▉█"


def metric_dict(metric: Metric) -> dict[str, Any]:
    return {
        "id": metric.id,
        "name": metric.name,
        "name_en": metric.name_en,
        "unit": metric.unit.value,
        "better": metric.better.value,
        "category": metric.category.value,
        "note": metric.note,
    }


def entry_dict(row: Aligned) -> dict[str, Any]:
    """One aligned entry as data (shared by compare, diff and metrics)."""
    t = row.target
    return {
        "plan": row.plan.id,
        "region": row.plan.region,
        "kind": t.kind.value,
        "value": t.value,
        "comparator": t.comparator.value if t.comparator else None,
        "unit": t.unit.value if t.unit else None,
        "unit_text": t.unit_text,
        "unit_text_normalized": row.unit_text,
        "year": t.year,
        "base_year": t.base_year,
        "scope": row.scope_text,
        "hedge": t.hedge.value if t.hedge else None,
        "held": t.held,
        "new_only": t.new_only,
        "cumulative": t.cumulative,
        "per_year": t.per_year,
        "change": t.change.value if t.change else None,
        "trend": t.trend.value if t.trend else None,
        "implied": t.implied,
        "combined": t.combined,
        "caveats": list(row.caveats),
        "metric": t.metric,
        "metric_normalized": row.metric_text,
        "quote": t.quote,
        "note": t.note,
        "match": {
            "metric": row.match.metric_id,
            "rule": row.match.rule,
            "detail": row.match.detail,
            "confidence": row.match.confidence,
        },
    }


LEVEL_LABELS = {
    Level.national: "nation",
    Level.province: "province",
    Level.municipality: "province",  # 直辖市: province level
    Level.prefecture: "city",
    Level.county: "county",
    Level.district: "district",
}


def level_label(plan: Plan) -> str:
    return LEVEL_LABELS[plan.level]


def row_notes(cmp: Comparison, row: Aligned) -> list[str]:
    """A figure's caveats and how it stands against each level above it
    (:func:`~qualpolicy.analysis.cascade.said`)."""
    return [*row.caveats, *(versus_text(v) for v in said(cmp.versus_of(row)))]


def _levels_vary(cmp: Comparison) -> bool:
    return len({level_label(p) for p in cmp.plans}) > 1


def comparison_rows(cmp: Comparison) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for group in cmp.groups:
        for row in group.rows:
            rows.append(
                {
                    **entry_dict(row),
                    "level": row.plan.level.value,
                    "status": "figure",
                    "basis": group.basis.describe(),
                    "caveats": list(row.caveats) + group.notes,
                    "versus": [versus_dict(v) for v in cmp.versus_of(row)],
                    "cascade": [versus_text(v) for v in said(cmp.versus_of(row))],
                    "flagged": any(v.flagged for v in cmp.versus_of(row)),
                    "headroom": headroom_dict(h) if (h := cmp.headroom_of(row)) else None,
                }
            )
    for absent in cmp.no_figure:
        base = {
            "plan": absent.plan.id,
            "region": absent.plan.region,
            "level": absent.plan.level.value,
            "value": None,
            "status": absent.status,
            "description": absent.description,
            "tasks": absent.tasks,
        }
        if absent.directions or absent.possibly:
            rows.extend({**entry_dict(d), **base} for d in absent.directions or absent.possibly)
        else:
            rows.append(
                {
                    **base,
                    "kind": None,
                    "comparator": None,
                    "unit": None,
                    "year": None,
                    "scope": None,
                    "hedge": None,
                    "caveats": [],
                    "quote": None,
                }
            )
    rows.extend(
        {**entry_dict(row), "status": "possibly", "description": possibly_text(row)}
        for row in cmp.possibly
    )
    return [{"metric_id": cmp.metric.id, **row} for row in rows]


def possibly_text(row: Aligned) -> str:
    """``possibly: 食品安全抽检合格率 ≥ 98.5% (2025) (not aligned; confirm with an alias)``."""
    when = f" ({row.target.year})" if row.target.year else ""
    shown = figure(row.target, unit_text=row.unit_text)
    return f"possibly: {row.metric_text} {shown}{when} (not aligned; confirm with an alias)"


def absent_text(absent: NoFigure) -> str:
    """What a plan without a figure says, with the figures of its possible entries."""
    if absent.status == "possibly":
        return "; ".join(possibly_text(row) for row in absent.possibly)
    return absent.description


def comparison_dict(cmp: Comparison) -> dict[str, Any]:
    return {
        "metric": metric_dict(cmp.metric),
        "plans": [p.id for p in cmp.plans],
        "groups": [{"basis": g.basis.describe(), "notes": g.notes} for g in cmp.groups],
        "as_of": cmp.as_of.isoformat() if cmp.as_of else None,
        "notes": cmp.notes,
        "rows": comparison_rows(cmp),
        "related": [
            {"metric": metric_dict(other), "rows": [entry_dict(r) for r in rows]}
            for other, rows in cmp.related
        ],
    }


def as_json(cmp: Comparison) -> str:
    return json_text(comparison_dict(cmp))


def comparisons_json(cmps: Sequence[Comparison]) -> str:
    """One comparison as an object; several (a name several metrics share) as a list."""
    if len(cmps) == 1:
        return as_json(cmps[0])
    return json_text([comparison_dict(c) for c in cmps])


CSV_FIELDS = [
    "metric_id",
    "plan",
    "region",
    "level",
    "status",
    "kind",
    "comparator",
    "value",
    "unit",
    "unit_text",
    "year",
    "base_year",
    "scope",
    "hedge",
    "basis",
    "caveats",
    "cascade",
    "flagged",
    "headroom",
    "metric",
    "quote",
]


def as_csv(cmps: Sequence[Comparison]) -> str:
    """Every row of every comparison, one header; caveats with the levels above."""
    rows = [
        {
            **row,
            "metric_id": cmp.metric.id,
            "caveats": "; ".join([*(row.get("caveats") or []), *row.get("cascade", [])]),
            "cascade": "; ".join(row.get("cascade", [])),
            "flagged": _bool_cell(row.get("flagged")),
            "headroom": (row.get("headroom") or {}).get("text"),
        }
        for cmp in cmps
        for row in comparison_rows(cmp)
    ]
    return csv_text(CSV_FIELDS, ([row.get(f) for f in CSV_FIELDS] for row in rows))


def _bool_cell(value: object) -> str | None:
    """A yes/no as CSV spells it for spreadsheets (true/false), empty when not said."""
    return None if value is None else ("true" if value else "false")


def as_markdown(cmps: Sequence[Comparison], *, quotes: bool = False) -> str:
    return "\n".join(_markdown(cmp, quotes=quotes) for cmp in cmps)


def _markdown(cmp: Comparison, *, quotes: bool = False) -> str:
    m = cmp.metric
    lines = [
        f"## {m.name} ({m.name_en})",
        "",
        f"Unit: {m.unit.value}; {m.better.value} is better.",
        "",
    ]
    for group in cmp.groups:
        if len(cmp.groups) > 1:
            lines += [f"### {group.basis.describe()}", ""]
        scale = Scale.of(group)
        head = ["Region", "Level", "Kind", "Value", "Year", "Scope", "Hedge", "Caveats", "Headroom"]
        head += (["Bar"] if scale else []) + (["Quote"] if quotes else [])
        rows = []
        for row in group.rows:
            t = row.target
            cells = [
                row.plan.region,
                level_label(row.plan),
                t.kind.value,
                figure(t, unit_text=row.unit_text),
                year(t),
                row.scope_text or "",
                t.hedge.value if t.hedge else "",
                "; ".join(row_notes(cmp, row)),
                headroom_text(h) if (h := cmp.headroom_of(row)) else "",
            ]
            if scale:
                drawn = scale.bar(t.value) if t.value is not None else ""
                cells.append(f"`{drawn}`" if drawn else "")
            rows.append(cells + ([t.quote] if quotes else []))
        lines += markdown_table(head, rows)
        notes = [*group.notes, scale.caption] if scale else group.notes
        if notes:  # a blank line first, or Markdown reads the note as a table row
            lines += ["", f"_{'; '.join(notes)}_"]
        lines.append("")
    if cmp.no_figure:
        lines += ["**No figure:**", ""]
        lines += [f"- {a.plan.region} ({a.plan.id}): {absent_text(a)}" for a in cmp.no_figure]
        lines.append("")
    if cmp.possibly:
        lines += ["**Possibly the same measure:**", ""]
        lines += [f"- {r.plan.region} ({r.plan.id}): {possibly_text(r)}" for r in cmp.possibly]
        lines.append("")
    if cmp.notes:
        lines += [f"_{'; '.join(cmp.notes)}_", ""]
    return "\n".join(lines).rstrip() + "\n"


class Scale(NamedTuple):
    """Bars whose lengths are proportional to the values: they start at 0, and a full
    bar is 100% for shares, else the largest value shown."""

    top: float
    percent: bool

    @classmethod
    def of(cls, group: Group) -> Scale | None:
        """The scale for a group's bars; None when there is nothing to measure against
        (fewer than two figures) or a figure is below zero."""
        values = [float(r.target.value) for r in group.rows if r.target.value is not None]
        if len(values) < 2 or min(values) < 0 or max(values) <= 0:
            return None
        percent = group.basis.unit is Unit.percent and group.basis.change is None
        top = max(values)
        return cls(100.0 if percent and top <= 100 else top, percent)

    def bar(self, value: float, width: int = BAR_WIDTH) -> str:
        """``value`` as a bar of up to ``width`` cells, in eighths of a cell; any value
        above zero shows at least a sliver."""
        eighths = round(float(value) / self.top * width * 8)
        if value > 0:
            eighths = max(eighths, 1)
        return "█" * (eighths // 8) + _EIGHTHS[eighths % 8].strip()

    @property
    def caption(self) -> str:
        return f"bars from 0 to {number(self.top)}{'%' if self.percent else ''}"


def print_tables(cmps: Sequence[Comparison], console: Any, *, quotes: bool = False) -> None:
    for i, cmp in enumerate(cmps):
        if i:
            console.print()
        print_table(cmp, console, quotes=quotes)


def print_table(cmp: Comparison, console: Any, *, quotes: bool = False) -> None:

    m = cmp.metric
    console.print(
        Text.assemble(
            (m.name, "bold"), f"  {m.name_en} · {m.id} · {m.unit.value}, {m.better.value} is better"
        )
    )
    levels = _levels_vary(cmp)
    names = plan_names(row.plan for group in cmp.groups for row in group.rows)
    for group in cmp.groups:
        scale = Scale.of(group)
        caption = "; ".join([*group.notes, scale.caption] if scale else group.notes) or None
        has_scope = any(r.scope_text for r in group.rows)
        has_hedge = any(r.target.hedge for r in group.rows)
        table = new_table(
            group.basis.describe() if len(cmp.groups) > 1 else None,
            caption=caption,
            caption_justify="left",
        )
        table.add_column("Region", no_wrap=True)
        if levels:
            table.add_column("Level", no_wrap=True)
        table.add_column("Kind", no_wrap=True)
        table.add_column("Value", justify="right", no_wrap=True)
        table.add_column("Year", no_wrap=True)
        if has_scope:
            table.add_column("Scope", max_width=16, overflow="fold")
        if has_hedge:
            table.add_column("Hedge", no_wrap=True)
        if scale:
            table.add_column("", no_wrap=True, style="cyan", width=BAR_WIDTH)
        table.add_column("Caveats", ratio=2, min_width=14, overflow="fold")
        if quotes:
            table.add_column("Quote", ratio=2, min_width=14, overflow="fold")
        for row in group.rows:
            t = row.target
            cells = [names[row.plan.id], *([level_label(row.plan)] if levels else [])]
            cells += [t.kind.value, figure(t, unit_text=row.unit_text), year(t)]
            if has_scope:
                cells.append(row.scope_text or "—")
            if has_hedge:
                cells.append(t.hedge.value if t.hedge else "")
            if scale:
                cells.append(scale.bar(t.value) if t.value is not None else "")
            cells.append(compare_cell(cmp.headroom_of(row), "; ".join(row_notes(cmp, row))))
            if quotes:
                cells.append(t.quote)
            table.add_row(*cells, style="dim" if t.kind is Kind.baseline else None)
        console.print(table)
    if cmp.no_figure:
        console.print(Text("No figure", style="bold"))
        lines = [f"  {a.plan.region} ({a.plan.id}): {absent_text(a)}" for a in cmp.no_figure]
        if quotes:
            for absent, line in zip(cmp.no_figure, lines, strict=True):
                console.print(line)
                for d in absent.directions or absent.possibly:
                    console.print(f"    “{d.target.quote}”", style="dim")
        else:  # one print: thousands of plans print as fast as a few
            print_lines(lines, console)
    if cmp.possibly:
        console.print(Text("Possibly the same measure", style="bold"))
        for row in cmp.possibly:
            console.print(f"  {row.plan.region} ({row.plan.id}): {possibly_text(row)}")
    if cmp.notes:
        console.print("; ".join(cmp.notes), style="dim")
    for other, rows in cmp.related:
        console.print(Text(f"Related: {other.name} ({other.id}), not comparable", style="bold"))
        for row in rows:
            console.print(f"  {row.plan.region} ({row.plan.id}): {cell_text([row])}")


# --- the matrix -------------------------------------------------------------------------------


def cell_text(
    entries: list[Aligned], *, compact: bool = False, matrix: Matrix | None = None
) -> str:
    """What one plan says about one metric: one figure per line (compact: stacked); with
    the ``matrix``, each target's pace a year from its region's latest actual, or met."""
    lines = []
    for e in entries:
        t = e.target
        parts: list[str] = []
        shown = figure(t, unit_text=e.unit_text)
        if compact and t.comparator:
            shown = shown.replace(" ", "", 1)  # ≥ 98% → ≥98%
        if t.kind is Kind.direction:
            parts.append(shown.split()[0] + " no figure" if compact else shown)
        elif t.kind is Kind.baseline:
            parts.append("now " + shown.removeprefix("=").strip())
        else:
            parts.append(shown)
            if t.year:
                since = f"{t.base_year}→" if t.base_year else ""
                parts.append(f"{since}{t.year}" if compact else f"({since}{t.year})")
        flags = [
            w
            for w, on in (
                ("new", t.new_only),
                ("cumulative", t.cumulative),
                ("per year", t.per_year),
            )
            if on
        ]
        if flags:
            parts.append(", ".join(flags))
        if e.scope_text:
            parts.append(f"[{e.scope_text}]")
        if t.hedge:
            parts.append(t.hedge.value)
        found = matrix.headroom_of(e) if matrix is not None else None
        if found is not None and (brief := pace_brief(found)):
            parts.append(brief if compact else f"({brief})")
        lines.append(("\n" if compact else " ").join(parts))
    return "\n".join(lines)


def matrix_rows(matrix: Matrix) -> list[dict[str, Any]]:
    return [
        {
            "metric": metric_dict(metric),
            "plans": {
                plan.id: [_matrix_entry(e, matrix) for e in matrix.cell(metric, plan)]
                for plan in matrix.plans
            },
        }
        for metric in matrix.metrics
    ]


def _matrix_entry(row: Aligned, matrix: Matrix) -> dict[str, Any]:
    found = matrix.headroom_of(row)
    return {**entry_dict(row), "headroom": headroom_dict(found) if found else None}


def matrix_json(matrix: Matrix) -> str:
    return json_text(
        {
            "plans": [p.id for p in matrix.plans],
            "levels": {p.id: p.level.value for p in matrix.plans},
            "parents": {p.id: p.parent for p in matrix.plans},
            "metrics": matrix_rows(matrix),
        }
    )


def matrix_csv(matrix: Matrix) -> str:
    return csv_text(
        ["metric", "name", *[p.id for p in matrix.plans]],
        (
            [metric.id, metric.name]
            + [
                cell_text(matrix.cell(metric, p), matrix=matrix).replace("\n", "; ")
                for p in matrix.plans
            ]
            for metric in matrix.metrics
        ),
    )


def matrix_markdown(matrix: Matrix) -> str:
    head = ["Metric", *[f"{p.region} ({level_label(p)})" for p in matrix.plans]]
    rows = (
        [metric.name]
        + [cell_text(matrix.cell(metric, p), matrix=matrix) or "—" for p in matrix.plans]
        for metric in matrix.metrics
    )
    return "\n".join(markdown_table(head, rows)) + "\n"


# A plan's column needs this many cells to show "now 93.07" or "≥98.3%" unbroken; the
# metric's column about half as many again.  Plans that do not fit side by side go on
# into further tables with the metric column repeated.
PLAN_COLUMN = 10
METRIC_COLUMN = 16


# More plans than this are not drawn side by side in a terminal, but summarised.
SIDE_BY_SIDE = 30


def _spread_end(row: Aligned | None) -> str:
    if row is None:
        return "—"
    t = row.target
    when = f" ({t.year})" if t.year else ""
    return f"{figure(t, unit_text=row.unit_text)}{when} {short_region(row.plan.region)}"


def print_spreads(found: list[Spread], plans: int, console: Any) -> None:
    """The matrix in brief, one row a metric: too many plans to set side by side."""
    table = new_table(f"Metrics addressed by two or more of {plans} plans", show_lines=True)
    table.add_column("Metric", ratio=2, overflow="fold")
    table.add_column("Plans", justify="right", no_wrap=True)
    table.add_column("Least ambitious target", ratio=2, overflow="fold")
    table.add_column("Most ambitious target", ratio=2, overflow="fold")
    for spread in found:
        table.add_row(
            spread.metric.name,
            str(spread.plans),
            _spread_end(spread.least),
            _spread_end(spread.most),
        )
    console.print(table)
    console.print(
        f"{plans} plans are too many to set side by side: narrow them with "
        "--plans, --within or --level, or get every cell with --format csv or json. "
        "Targets on the basis most plans share; detail: qualpolicy compare --metric <name>",
        style="dim",
    )


def print_matrix(matrix: Matrix, console: Any) -> None:
    """The plans side by side (for up to SIDE_BY_SIDE of them: beyond, print_spreads)."""
    title = "Metrics addressed by two or more plans"
    per_table = max(1, (console.width - METRIC_COLUMN) // PLAN_COLUMN)
    plans = matrix.plans
    names = plan_names(plans)
    for start in range(0, max(len(plans), 1), per_table):
        shown = plans[start : start + per_table]
        part = f" (plans {start + 1}–{start + len(shown)} of {len(plans)})"
        table = new_table(title + (part if len(plans) > per_table else ""), show_lines=True)
        table.add_column("Metric", ratio=3, overflow="fold")
        for plan in shown:
            table.add_column(f"{names[plan.id]}\n{level_label(plan)}", ratio=2, overflow="fold")
        for metric in matrix.metrics:
            table.add_row(
                metric.name,
                *[
                    cell_text(matrix.cell(metric, p), compact=True, matrix=matrix) or "—"
                    for p in shown
                ],
            )
        console.print(table)
    console.print(
        "now = current status (baseline); ↑/↓ = named without a figure; [ ] = scope; "
        "/yr = the pace a year a target asks from its region's latest actual on its basis, "
        "met = that actual meets it (targets for different years weigh by their paces). "
        "Like-for-like detail: qualpolicy compare --metric <name or id>",
        style="dim",
    )
