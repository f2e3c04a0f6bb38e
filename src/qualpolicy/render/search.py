"""Rendering search hits: highlighted snippets as a table or Markdown; JSON and CSV
carry the whole text of each task or target."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.text import Text

from qualpolicy.render.rows import csv_text, json_text
from qualpolicy.render.tables import new_table
from qualpolicy.render.text import plural
from qualpolicy.text.search import Hit, Query, Searched


def _where(hit: Hit) -> str:
    return f"task {hit.ref}" if hit.kind == "task" else "target"


def _title(query: Query, hits: Sequence[Hit]) -> str:
    joined = (" or " if query.any_term else " + ").join(f"“{t}”" for t in query.terms)
    plans = len({h.plan.id for h in hits})
    return f"{joined}: {plural(len(hits), 'hit')} in {plural(plans, 'plan')}"


def hit_dict(hit: Hit) -> dict[str, Any]:
    return {
        "plan": hit.plan.id,
        "region": hit.plan.region,
        "kind": hit.kind,
        "task": hit.ref if hit.kind == "task" else None,
        "metric": hit.ref if hit.kind == "target" else None,
        "text": hit.text,
        "matches": [{"term": m.term, "start": m.start, "end": m.end} for m in hit.matches],
        "occurrences": len(hit.matches),
        "score": round(hit.score, 3),
    }


def as_json(query: Query, hits: Sequence[Hit], searched: Searched) -> str:
    data = {
        "terms": list(query.terms),
        "all": not query.any_term,
        "words": not query.substring,
        "searched": {
            "plans": searched.plans,
            "task_text": searched.task_text,
            "headings_only": searched.headings_only,
            "partial": searched.partial,
            "text": searched.describe(),
        },
        "hits": [hit_dict(h) for h in hits],
    }
    return json_text(data)


CSV_HEADER = ["plan", "region", "kind", "task", "metric", "occurrences", "score", "text"]


def as_csv(hits: Sequence[Hit]) -> str:
    return csv_text(CSV_HEADER, ([hit_dict(h)[f] for f in CSV_HEADER] for h in hits))


def as_markdown(query: Query, hits: Sequence[Hit], searched: Searched) -> str:
    lines = [f"## {_title(query, hits)}", "", f"_{searched.describe()}_", ""]
    for hit in hits:
        snippet, spans = hit.snippet()
        for start, end in reversed(spans):
            snippet = f"{snippet[:start]}**{snippet[start:end]}**{snippet[end:]}"
        lines.append(f"- {hit.plan.region} ({hit.plan.id}), {_where(hit)}: {snippet}")
    return "\n".join(lines) + "\n"


def print_hits(query: Query, hits: Sequence[Hit], searched: Searched, console: Any) -> None:
    """The hits as a table, with how much there was to search (nothing when there are no
    hits: the command says so)."""

    if not hits:
        return
    table = new_table(_title(query, hits), caption=searched.describe(), caption_justify="left")
    table.add_column("Region", no_wrap=True)
    table.add_column("Where", no_wrap=True)
    table.add_column("Text", ratio=1, overflow="fold")
    for hit in hits:
        snippet, spans = hit.snippet()
        text = Text(snippet)
        for start, end in spans:
            text.stylize("bold reverse", start, end)
        table.add_row(hit.plan.region, _where(hit), text)
    console.print(table)
