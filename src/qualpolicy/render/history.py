"""Rendering a region's history: its documents, then each metric's targets and actuals on
one timeline, as rich tables, JSON, CSV, Markdown or an HTML fragment for the report."""

from __future__ import annotations

import datetime as dt
from html import escape
from typing import Any

from qualpolicy.analysis.align import Aligned, Basis
from qualpolicy.analysis.history import Document, History, Line, Move, Reading, Standing
from qualpolicy.analysis.progress import STALE_YEARS
from qualpolicy.render.progress import known_dict, reading, year_text
from qualpolicy.render.rows import csv_text, json_text, markdown_table
from qualpolicy.render.tables import new_table
from qualpolicy.render.text import figure, plural, year


def standing_text(d: Document, as_of: dt.date) -> str:
    """``in force``, ``superseded by shandong``, ``in force; its period 2023–2025 ended``."""
    if d.standing is Standing.not_yet:
        return f"not out by {as_of.isoformat()}"
    if d.standing is Standing.superseded and d.superseded_by is not None:
        return f"superseded by {d.superseded_by.id}"
    text = "in force"
    if d.ended and d.plan.period:
        first, last = d.plan.period[0], d.plan.period[-1]
        period = f"{first}–{last}" if first != last else str(first)
        text += f"; its period {period} has ended"
    return text


def made_text(d: Document) -> str:
    """The issue date; else the date of the copy read (it was out by then); else the day
    it is counted from."""
    if d.plan.issued is not None:
        return d.plan.issued.isoformat()
    if d.plan.source.published is not None:
        return f"out by {d.plan.source.published.isoformat()}"
    return f"not dated (counted from {d.made.isoformat()})" if d.made else "not dated"


def kind_text(d: Document) -> str:
    return d.plan.document_type.value if d.plan.document_type else "document"


def line_title(line: Line) -> str:
    basis = line.basis
    name = line.metric.name
    return name if basis == Basis(basis.unit, None) else f"{name} ({basis.describe()})"


def _figure(row: Aligned) -> str:
    t = row.target
    text = figure(t, unit_text=row.unit_text)
    return f"{text} {t.hedge.value}" if t.hedge else text


def move_text(m: Move) -> str:
    """``raised from ≥ 89 (2020) in shandong_2018``."""
    e = m.earlier
    return f"{m.verdict} from {_figure(e)} ({year(e.target)}) in {e.plan.id}"


def _source(r: Reading) -> str:
    k = r.known
    if k.plan is not None:
        return f"baseline in {k.plan.id}"
    return "reported"


def _reading_note(r: Reading, h: History) -> str:
    if not r.stale:
        return ""
    latest = [d for d in h.documents if d not in h.later][-1].plan.id
    return f"stale: measured over {STALE_YEARS} years before {latest} was made"


def _cells(item: Aligned | Reading, line: Line, h: History) -> list[str]:
    """Year, figure, from, note: one point of the timeline."""
    if isinstance(item, Reading):
        a = item.known.actual
        return [year_text(a), reading(a), _source(item), _reading_note(item, h)]
    move = line.move_of(item)
    return [year(item.target), _figure(item), item.plan.id, move_text(move) if move else ""]


LINE_HEAD = ["Year", "Figure", "From", "Note"]
DOCUMENT_HEAD = ["Document", "Kind", "Made", "On the as-of day", "Title"]


def _document_cells(h: History) -> list[list[str]]:
    return [
        [d.plan.id, kind_text(d), made_text(d), standing_text(d, h.as_of), d.plan.title]
        for d in h.documents
    ]


def heading(h: History) -> str:
    what = "one document" if h.single else plural(len(h.documents), "document")
    if h.later:
        whose = "its" if len(h.later) == 1 else "their"
        what += f" ({len(h.later)} not out by then, so none of {whose} targets is shown)"
    return f"{h.region} over time, as of {h.as_of.isoformat()}: {what}, {summary(h)}"


def summary(h: History) -> str:
    metrics = len({line.metric.id for line in h.lines})
    return plural(metrics, "metric") + " with targets"


def single_note(h: History) -> str:
    return (
        f"{h.region} has one document in the data: its targets beside the actuals, with no "
        "earlier document to follow them from"
        if h.single
        else ""
    )


def print_history(h: History, console: Any) -> None:
    documents = new_table(heading(h), caption=single_note(h) or None, caption_justify="left")
    document, kind, made, standing, title = DOCUMENT_HEAD
    documents.add_column(document, no_wrap=True)
    documents.add_column(kind, max_width=11, overflow="fold")
    documents.add_column(made, max_width=17, overflow="fold")
    documents.add_column(standing, ratio=2, min_width=12, overflow="fold")
    documents.add_column(title, ratio=3, min_width=10, overflow="fold")
    for cells in _document_cells(h):
        documents.add_row(*cells)
    console.print(documents)
    if not h.lines:
        console.print("No target of these documents is for a catalogue metric.")
    for line in h.lines:
        table = new_table(line_title(line))
        year_, fig, source, note = LINE_HEAD
        table.add_column(year_, max_width=10, overflow="fold")
        table.add_column(fig, max_width=20, overflow="fold")
        table.add_column(source, ratio=1, min_width=10, overflow="fold")
        table.add_column(note, ratio=2, min_width=12, overflow="fold")
        for item in line.timeline():
            dim = isinstance(item, Reading) and item.stale
            table.add_row(*_cells(item, line, h), style="dim" if dim else None)
        console.print(table)


def _target_dict(row: Aligned, line: Line) -> dict[str, Any]:
    t = row.target
    move = line.move_of(row)
    return {
        "plan": row.plan.id,
        "position": row.index,
        "comparator": t.comparator.value if t.comparator else None,
        "value": t.value,
        "unit": t.unit.value if t.unit else None,
        "year": t.year,
        "base_year": t.base_year,
        "change": t.change.value if t.change else None,
        "hedge": t.hedge.value if t.hedge else None,
        "quote": t.quote,
        "move": None
        if move is None
        else {
            "verdict": move.verdict,
            "from": {
                "plan": move.earlier.plan.id,
                "value": move.earlier.target.value,
                "comparator": (
                    move.earlier.target.comparator.value if move.earlier.target.comparator else None
                ),
                "year": move.earlier.target.year,
            },
            "reasons": list(move.reasons),
            "text": move_text(move),
        },
    }


def history_dict(h: History) -> dict[str, Any]:
    return {
        "region": h.region,
        "as_of": h.as_of.isoformat(),
        "single": h.single,
        "documents": [
            {
                "plan": d.plan.id,
                "title": d.plan.title,
                "document_type": d.plan.document_type.value if d.plan.document_type else None,
                "issued": d.plan.issued.isoformat() if d.plan.issued else None,
                "made": d.made.isoformat() if d.made else None,
                "period": d.plan.period,
                "standing": d.standing.value,
                "superseded_by": d.superseded_by.id if d.superseded_by else None,
                "ended": d.ended,
                "text": standing_text(d, h.as_of),
            }
            for d in h.documents
        ],
        "metrics": [
            {
                "metric_id": line.metric.id,
                "metric": line.metric.name,
                "basis": line.basis.describe(),
                "better": line.metric.better.value,
                "targets": [_target_dict(row, line) for row in line.targets],
                "actuals": [{**known_dict(r.known), "stale": r.stale} for r in line.actuals],
            }
            for line in h.lines
        ],
    }


def history_json(h: History) -> str:
    return json_text(history_dict(h))


CSV_FIELDS = [
    "region",
    "metric_id",
    "metric",
    "basis",
    "year",
    "kind",
    "plan",
    "figure",
    "value",
    "note",
    "stale",
]


def _csv_rows(h: History) -> list[list[object]]:
    out: list[list[object]] = []
    for line in h.lines:
        for item in line.timeline():
            year_, shown, _, note = _cells(item, line, h)
            if isinstance(item, Reading):
                kind = item.known.origin.value
                plan = item.known.plan.id if item.known.plan else item.known.actual.region
                value: object = item.known.actual.value
                stale = "true" if item.stale else "false"
            else:
                kind, plan, value, stale = "target", item.plan.id, item.target.value, ""
            row = [h.region, line.metric.id, line_title(line), line.basis.describe(), year_]
            out.append([*row, kind, plan, shown, value, note, stale])
    return out


def history_csv(h: History) -> str:
    return csv_text(CSV_FIELDS, _csv_rows(h))


def history_markdown(h: History) -> str:
    lines = [f"## {heading(h)}", ""]
    if h.single:
        lines += [single_note(h), ""]
    lines += markdown_table(DOCUMENT_HEAD, _document_cells(h))
    for line in h.lines:
        lines += ["", f"### {line_title(line)}", ""]
        lines += markdown_table(LINE_HEAD, (_cells(i, line, h) for i in line.timeline()))
    return "\n".join(lines) + "\n"


# --- the report --------------------------------------------------------------------------------


def _e(text: object) -> str:
    return escape(str(text))


def _row(cells: list[str], css: str = "") -> str:
    cls = f' class="{_e(css)}"' if css else ""
    return f"<tr{cls}>" + "".join(f"<td>{_e(c)}</td>" for c in cells) + "</tr>"


def history_html(h: History) -> str:
    """The region's history as a report section: every text escaped."""
    region_id = h.documents[0].plan.id if h.documents else h.region
    out = [
        f'<section class="history" id="history-{_e(region_id)}" data-region="{_e(h.region)}">',
        f"<h3>{_e(heading(h))}</h3>",
    ]
    if h.single:
        out.append(f'<p class="note">{_e(single_note(h))}</p>')
    head = "".join(f"<th>{_e(c)}</th>" for c in DOCUMENT_HEAD)
    out += ['<div class="scroll"><table class="documents">', f"<thead><tr>{head}</tr></thead>"]
    out += ["<tbody>", *(_row(c) for c in _document_cells(h)), "</tbody></table></div>"]
    for line in h.lines:
        head = "".join(f"<th>{_e(c)}</th>" for c in LINE_HEAD)
        out += [
            f'<h4 data-metric="{_e(line.metric.id)}">{_e(line_title(line))}</h4>',
            '<div class="scroll"><table class="timeline">',
            f"<thead><tr>{head}</tr></thead><tbody>",
        ]
        for item in line.timeline():
            if isinstance(item, Reading):
                css = "actual stale" if item.stale else "actual"
            else:
                css = "target"
            out.append(_row(_cells(item, line, h), css))
        out.append("</tbody></table></div>")
    out.append("</section>")
    return "\n".join(out)
