"""Rendering headroom: one line per target for ``compare``, and ``progress`` as a table,
JSON, CSV or Markdown from the same rows.

Distances between two percentages are in percentage points (pp).  A distance is
exact (decimal arithmetic on the recorded figures); a pace that does not come out
in a few decimals is shown to three significant digits after "≈".
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from qualpolicy.analysis.actuals import Known
from qualpolicy.analysis.align import Basis
from qualpolicy.analysis.progress import Headroom, Status
from qualpolicy.loading.actuals import Actual
from qualpolicy.models import COMPARATOR_SYMBOLS, UNIT_SYMBOLS, Comparator, Unit
from qualpolicy.render.rows import csv_text, json_text, markdown_table
from qualpolicy.render.tables import new_table
from qualpolicy.render.text import figure, number, plural, with_minus
from qualpolicy.render.versus import versus_dict, versus_text

_PLACES = 6  # more decimals than this means a division that did not come out


def quantity(d: Decimal, *, signed: bool = False) -> str:
    """``d`` exactly when it has few decimals, else ≈ three significant digits."""
    exponent = d.normalize().as_tuple().exponent
    exact = isinstance(exponent, int) and exponent >= -_PLACES
    if not exact:
        d = round(d, max(0, 3 - (d.adjusted() + 1)))
    text = with_minus(int(d) if d == d.to_integral_value() else float(d))
    if signed and d > 0:
        text = "+" + text
    return text if exact else "≈" + text


def reading(a: Actual) -> str:
    """An actual's figure: ``85.6``, ``≥ 99%``, ``81.3 分``."""
    text = number(a.value)
    unit = a.unit_text or UNIT_SYMBOLS[a.unit]
    if unit:
        text += unit if a.unit is Unit.percent and not a.unit_text else f" {unit}"
    if a.comparator is not Comparator.eq:
        text = f"{COMPARATOR_SYMBOLS[a.comparator]} {text}"
    return text


def year_text(a: Actual) -> str:
    """The year an actual refers to, or that it is not stated."""
    return str(a.year) if a.year is not None else "year not stated"


def _now(k: Known) -> str:
    return f"{reading(k.actual)} ({year_text(k.actual)})"


def _unit(h: Headroom) -> str:
    """The unit of a distance: percentage points between percentages."""
    unit = h.actual.actual.unit if h.actual else None
    if unit is Unit.percent:
        return " pp"
    if unit is None or unit is Unit.index:
        return ""
    written = h.actual.actual.unit_text if h.actual else None
    return f" {written or UNIT_SYMBOLS[unit]}"


def pace_text(h: Headroom, *, relative: bool = True) -> str:
    """``+0.4 a year, ≈0.467% of now``: the pace, and how much of the actual it is."""
    if h.pace is None:
        return ""
    text = f"{quantity(h.pace, signed=True)}{_unit(h)} a year"
    if relative and h.relative_pace is not None:
        text += f", {quantity(h.relative_pace)}% of now"
    return text


def pace_brief(h: Headroom) -> str:
    """A matrix cell's word on a target's headroom: ``+0.2 pp/yr`` to go, ``met``,
    ``missed``; nothing where there is no actual to measure by."""
    if h.status is Status.to_go and h.pace is not None:
        return f"{quantity(h.pace, signed=True)}{_unit(h)}/yr"
    return h.status.value if h.status in (Status.met, Status.missed) else ""


def status_text(h: Headroom, *, relative: bool = True, now_shown: bool = False) -> str:
    """What the headroom says, without the actual: ``+0.4 to go``, ``met``, a reason; a
    target whose year has passed says so first.  ``now_shown``: the actual stands beside."""
    text = _status_text(h, relative=relative, now_shown=now_shown)
    return f"target year {h.target.target.year} passed; {text}" if h.passed else text


def _status_text(h: Headroom, *, relative: bool, now_shown: bool) -> str:
    if h.status is Status.no_actual:
        return "no actual known" + (f" ({h.reason})" if h.reason else "")
    if h.status is Status.met:
        return "met"
    if h.status is Status.uncertain:
        return "cannot tell whether met: the actual is only a bound"
    if h.status is Status.passed and h.actual is not None:
        year = h.target.target.year
        return f"no actual for {year} yet" if now_shown else f"latest actual {_now(h.actual)}"
    if h.status is Status.missed and h.distance is not None:
        return f"missed by {quantity(abs(h.distance))}{_unit(h)}"
    if h.status is Status.to_go and h.distance is not None:
        text = f"{quantity(h.distance, signed=True)}{_unit(h)} to go"
        if h.pace is not None and h.years is not None:  # a pace is worked out over years
            text += f" in {plural(h.years, 'year')} ({pace_text(h, relative=relative)})"
        return text + (f"; no pace: {h.reason}" if h.reason else "")
    return h.reason or h.status.value


def flag_texts(h: Headroom, *, now_shown: bool = False, cascade: bool = False) -> list[str]:
    """The flags in words; ``now_shown``: the actual stands beside them, so say "level";
    ``cascade``: say which targets above it falls below (compare says so on its own)."""
    out = []
    if h.not_beyond_known and h.actual is not None:
        word = "above" if h.direction > 0 else "below"
        out.append(f"not {word} its own {'level' if now_shown else _now(h.actual)}")
    if cascade:
        out.extend(versus_text(v) for v in h.below)
    if h.base is not None:
        out.append(f"from {reading(h.base.actual)} in {h.base.actual.year}")
    return out


def headroom_text(h: Headroom) -> str:
    """One line for a target row of ``compare``: the actual, the headroom, the flags."""
    said = h.not_beyond_known or h.status is Status.passed  # the actual is said there
    label = "latest actual " if h.stale else "now "  # a figure from long ago is not "now"
    now = [label + _now(h.actual)] if h.actual is not None and not said else []
    return "; ".join([*now, status_text(h, relative=False), *flag_texts(h)])


def _decimal(d: Decimal | None) -> float | None:
    return None if d is None else float(d)


def known_dict(k: Known) -> dict[str, Any]:
    """An actual as data; a plan's baseline names its plan instead of a report."""
    a, s = k.actual, k.actual.source
    report = {
        "publisher": s.publisher,
        "published": s.published.isoformat() if s.published else None,
        "title": s.title,
        "url": s.url,
        "file": s.file,
    }
    return {
        "region": a.region,
        "origin": k.origin.value,
        "plan": k.plan.id if k.plan else None,
        "metric": a.metric,
        "value": a.value,
        "comparator": a.comparator.value,
        "unit": a.unit.value,
        "unit_text": a.unit_text,
        "year": a.year,
        "scope": a.scope,
        "basis": k.basis.describe(),
        "note": a.note,
        "quote": s.quote,
        "source": None if k.plan else report,
    }


def headroom_dict(h: Headroom) -> dict[str, Any]:
    return {
        "status": h.status.value,
        "actual": known_dict(h.actual) if h.actual else None,
        "base": known_dict(h.base) if h.base else None,
        "level": _decimal(h.level),
        "distance": _decimal(h.distance),
        "years": h.years,
        "pace": _decimal(h.pace),
        "relative_pace_percent": _decimal(h.relative_pace),
        "met": h.status is Status.met,
        "not_beyond_known": h.not_beyond_known,
        "stale": h.stale,
        "below": [versus_dict(v) for v in h.below],
        "reason": h.reason,
        "passed": h.passed,
        "as_of": h.as_of.isoformat() if h.as_of else None,
        "text": headroom_text(h),
    }


# --- progress ----------------------------------------------------------------------------------


def _target(h: Headroom) -> str:
    t = h.target.target
    shown = figure(t, unit_text=h.target.unit_text)
    return f"{shown} ({t.year})" if t.year else f"{shown} (no year)"


def _metric(h: Headroom) -> str:
    """The metric's name, with the basis when it is not the whole region's level."""
    name = h.metric.name if h.metric else h.target.metric_text
    basis = h.target.basis
    return name if basis == Basis(basis.unit, None) else f"{name} ({basis.describe()})"


def progress_rows(rows: list[Headroom]) -> list[dict[str, Any]]:
    out = []
    for h in rows:
        t = h.target
        out.append(
            {
                "plan": t.plan.id,
                "region": t.plan.region,
                "metric": h.metric.id if h.metric else None,
                "metric_name": _metric(h),
                "target": {
                    "comparator": t.target.comparator.value if t.target.comparator else None,
                    "value": t.target.value,
                    "unit": t.target.unit.value if t.target.unit else None,
                    "year": t.target.year,
                    "base_year": t.target.base_year,
                    "change": t.target.change.value if t.target.change else None,
                    "held": t.target.held,
                    "basis": t.basis.describe(),
                    "quote": t.target.quote,
                },
                **headroom_dict(h),
            }
        )
    return out


def progress_json(rows: list[Headroom]) -> str:
    return json_text(progress_rows(rows))


CSV_FIELDS = [
    "plan",
    "region",
    "metric",
    "metric_name",
    "target",
    "target_year",
    "status",
    "actual",
    "actual_year",
    "distance",
    "years",
    "pace",
    "relative_pace_percent",
    "flags",
]


def _flat(h: Headroom) -> dict[str, Any]:
    """One row of plain cells, as CSV writes it."""
    a = h.actual.actual if h.actual else None
    t = h.target.target
    return {
        "plan": h.target.plan.id,
        "region": h.target.plan.region,
        "metric": h.metric.id if h.metric else "",
        "metric_name": _metric(h),
        "target": figure(t, unit_text=h.target.unit_text),
        "target_year": t.year if t.year is not None else "",
        "status": h.status.value,
        "actual": reading(a) if a else "",
        "actual_year": year_text(a) if a else "",
        "distance": "" if h.distance is None else quantity(h.distance, signed=True),
        "years": "" if h.years is None else h.years,
        "pace": "" if h.pace is None else quantity(h.pace, signed=True),
        "relative_pace_percent": "" if h.relative_pace is None else quantity(h.relative_pace),
        "flags": "; ".join(flag_texts(h, now_shown=True, cascade=True)),
    }


def progress_csv(rows: list[Headroom]) -> str:
    return csv_text(CSV_FIELDS, ([_flat(h)[f] for f in CSV_FIELDS] for h in rows))


def notes_text(h: Headroom) -> str:
    """The headroom column of ``progress``: status and every flag."""
    return "; ".join([status_text(h, now_shown=True), *flag_texts(h, now_shown=True, cascade=True)])


def _cells(h: Headroom) -> list[str]:
    """Metric, region, target, now, headroom: the table's and Markdown's columns."""
    now = _now(h.actual) if h.actual else "—"
    return [_metric(h), h.target.plan.region, _target(h), now, notes_text(h)]


PROGRESS_HEAD = ["Metric", "Region", "Target", "Now", "Headroom"]


def progress_markdown(rows: list[Headroom]) -> str:
    return "\n".join(markdown_table(PROGRESS_HEAD, (_cells(h) for h in rows))) + "\n"


def as_of_text(rows: list[Headroom]) -> str:
    """``as of 2026-12-07``: the day the rows' time is judged on."""
    days = sorted({h.as_of for h in rows if h.as_of is not None})
    return "as of " + ", ".join(d.isoformat() for d in days) if days else ""


def print_progress(rows: list[Headroom], console: Any) -> None:
    table = new_table(
        f"Targets {as_of_text(rows)}, the stiffest pace first".replace("  ", " "),
        caption="pace: a year, from the actual's year or the as-of year (whichever is later) "
        "to the target year, and as a share of the actual; pp = percentage points; "
        "≈ = three significant digits",
        caption_justify="left",
    )
    metric, region, target, now, notes = PROGRESS_HEAD
    table.add_column(metric, ratio=2, min_width=10, overflow="fold")
    table.add_column(region, max_width=10, overflow="fold")
    table.add_column(target, max_width=16, overflow="fold")
    table.add_column(now, ratio=2, min_width=8, overflow="fold")
    table.add_column(notes, ratio=4, min_width=16, overflow="fold")
    for h in rows:
        table.add_row(*_cells(h), style="dim" if h.status is Status.no_actual else None)
    console.print(table)


# --- compare ------------------------------------------------------------------------------------


def compare_cell(h: Headroom | None, caveats: str) -> str:
    """A target row's caveats with its headroom as one more line."""
    return "\n".join(part for part in (caveats, headroom_text(h) if h else "") if part)
