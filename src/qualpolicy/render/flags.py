"""Rendering flags: each flagged target with the figure it is held against, as a table,
JSON, CSV or Markdown from the same records (the export's ``flags`` table too)."""

from __future__ import annotations

import datetime as dt
from html import escape
from typing import Any

from qualpolicy.analysis.align import Basis
from qualpolicy.analysis.flags import Flag, Why
from qualpolicy.loading.plans import plan_names
from qualpolicy.models import Level
from qualpolicy.render.progress import quantity, reading, year_text
from qualpolicy.render.rows import csv_text, json_text, markdown_table
from qualpolicy.render.tables import new_table
from qualpolicy.render.text import figure, plural
from qualpolicy.render.versus import versus_text

_LEVEL_WORDS = {
    Level.province: "its province",
    Level.municipality: "its province-level city",
    Level.prefecture: "its city",
    Level.county: "its county",
    Level.district: "its district",
}


def why_text(f: Flag) -> str:
    """Why in words: ``below the nation``, ``below its province``, ``missed`` …"""
    if f.why is Why.below_nation:
        return "below the nation"
    if f.why is Why.below_parent and f.versus is not None:
        return "below " + _LEVEL_WORDS.get(f.versus.other.plan.level, "a level above")
    if f.why is Why.not_beyond_current:
        return f"not {'above' if f.headroom.direction > 0 else 'below'} its own level"
    return "missed"


def target_text(f: Flag) -> str:
    """``≥ 85 (2025) 力争``: the flagged figure with its year and hedge."""
    t = f.target.target
    text = f"{figure(t, unit_text=f.target.unit_text)} ({t.year or 'no year'})"
    return f"{text} {t.hedge.value}" if t.hedge else text


def against_text(f: Flag) -> str:
    """The other figure and its year: ``全国 = 86 (2025)``, ``own baseline 93.07 (2022)``,
    ``reported 84 (2025); missed by 1``."""
    if f.versus is not None:
        return versus_text(f.versus).removeprefix("⚑ below ")
    k = f.actual
    if k is None:
        return ""
    if k.plan is None:
        source = "reported"
    else:
        source = "own baseline" if k.plan.id == f.plan.id else f"baseline in {k.plan.id}"
    text = f"{source} {reading(k.actual)} ({year_text(k.actual)})"
    if f.why is Why.missed and f.headroom.distance is not None:
        text += f"; missed by {quantity(abs(f.headroom.distance))}"
    return text


def metric_text(f: Flag) -> str:
    """The metric's name, with the basis when it is not the whole region's level."""
    basis = f.target.basis
    name = f.metric.name
    return name if basis == Basis(basis.unit, None) else f"{name} ({basis.describe()})"


def line_text(f: Flag) -> str:
    """The whole flag in one line of words."""
    against = against_text(f)
    return f"{f.plan.region} {metric_text(f)} {target_text(f)}: {why_text(f)}" + (
        f" ({against})" if against else ""
    )


def _against(f: Flag) -> dict[str, Any] | None:
    if f.versus is not None:
        other = f.versus.other
        t = other.target
        return {
            "plan": other.plan.id,
            "region": other.plan.region,
            "level": other.plan.level.value,
            "origin": "target",
            "comparator": t.comparator.value if t.comparator else None,
            "value": t.value,
            "unit": t.unit.value if t.unit else None,
            "year": t.year,
        }
    k = f.actual
    if k is None:
        return None
    a = k.actual
    # An actual is of the flagged target's own region: the plan whose baseline it is, or
    # for a reported statistic the plan id the actuals file names the region by.
    return {
        "plan": k.plan.id if k.plan is not None else a.region,
        "region": f.plan.region,
        "level": f.plan.level.value,
        "origin": k.origin.value,
        "comparator": a.comparator.value,
        "value": a.value,
        "unit": a.unit.value,
        "year": a.year,
    }


def flag_dict(f: Flag) -> dict[str, Any]:
    """A flag as data: the target, why, and ``against`` (None when no other figure is
    involved)."""
    t = f.target.target
    return {
        "plan": f.plan.id,
        "target_position": f.target.index,
        "region": f.plan.region,
        "level": f.plan.level.value,
        "metric": f.metric.name,
        "metric_id": f.metric.id,
        "basis": f.target.basis.describe(),
        "comparator": t.comparator.value if t.comparator else None,
        "value": t.value,
        "unit": t.unit.value if t.unit else None,
        "year": t.year,
        "hedge": t.hedge.value if t.hedge else None,
        "why": f.why.value,
        "against": _against(f),
        "text": line_text(f),
        "quote": t.quote,
    }


FIELDS = [
    "plan",
    "target_position",
    "region",
    "level",
    "metric_id",
    "metric",
    "basis",
    "comparator",
    "value",
    "unit",
    "year",
    "hedge",
    "why",
    "against_plan",
    "against_region",
    "against_level",
    "against_origin",
    "against_comparator",
    "against_value",
    "against_unit",
    "against_year",
    "text",
]
"""The flat record's fields: CSV's columns, and the export's ``flags`` table's."""


def flag_record(f: Flag) -> dict[str, Any]:
    """A flag as one flat row (``against`` spread over ``against_*``)."""
    data = flag_dict(f)
    against = data.pop("against") or {}
    data.pop("quote")
    keys = ("plan", "region", "level", "origin", "comparator", "value", "unit", "year")
    data.update({f"against_{k}": against.get(k) for k in keys})
    return {name: data[name] for name in FIELDS}


def flags_json(found: list[Flag]) -> str:
    return json_text([flag_dict(f) for f in found])


def flags_csv(found: list[Flag]) -> str:
    return csv_text(FIELDS, ([flag_record(f)[name] for name in FIELDS] for f in found))


HEAD = ["Region", "Metric", "Target", "Why", "Against"]


def _cells(found: list[Flag]) -> list[list[str]]:
    names = plan_names((f.plan for f in found), short=False)
    return [
        [names[f.plan.id], metric_text(f), target_text(f), why_text(f), against_text(f)]
        for f in found
    ]


def flags_markdown(found: list[Flag]) -> str:
    return "\n".join(markdown_table(HEAD, _cells(found))) + "\n"


def flags_html(found: list[Flag]) -> str:
    """The flags as a report table, every text escaped; each row names its plan."""
    head = "".join(f"<th>{escape(c)}</th>" for c in HEAD)
    rows = "".join(
        f'<tr data-plan="{escape(f.plan.id)}" data-metric="{escape(f.metric.id)}" '
        f'data-why="{f.why.value}">' + "".join(f"<td>{escape(c)}</td>" for c in cells) + "</tr>"
        for f, cells in zip(found, _cells(found), strict=True)
    )
    return (
        f'<div class="scroll"><table class="flags"><thead><tr>{head}</tr></thead>'
        f"<tbody>{rows}</tbody></table></div>"
    )


CAPTION = (
    "below: lower than a target of a level above on the same basis, and due no sooner; not "
    "above (below) its own level: asks no more than its region had when the plan was issued; "
    "missed: an actual for the target year or later falls short"
)


def title(found: list[Flag], as_of: dt.date) -> str:
    targets = len({(f.plan.id, f.target.index) for f in found})
    return (
        f"Flagged targets as of {as_of.isoformat()}: {plural(len(found), 'flag')} on "
        f"{plural(targets, 'target')}, the nation first"
    )


def print_flags(found: list[Flag], as_of: dt.date, console: Any) -> None:
    table = new_table(
        title(found, as_of),
        caption=CAPTION,
        caption_justify="left",
    )
    region, metric, target, _, _ = HEAD
    table.add_column(region, max_width=12, overflow="fold")
    table.add_column(metric, ratio=2, min_width=8, overflow="fold")
    table.add_column(target, max_width=16, overflow="fold")
    table.add_column("Flagged: why, against what", ratio=3, min_width=16, overflow="fold")
    for *cells, why, against in _cells(found):
        table.add_row(*cells, f"{why}: {against}" if against else why)
    console.print(table)
