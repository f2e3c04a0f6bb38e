"""Rendering search hits: highlighted snippets as a table, JSON or Markdown."""

from __future__ import annotations

from typing import Any

from qualpolicy.render.tables import new_table
from qualpolicy.search import Hit


def _where(hit: Hit) -> str:
    return f"task {hit.ref}" if hit.kind == "task" else "target"


def as_json(term: str, hits: list[Hit]) -> str:
    import json

    rows = []
    for hit in hits:
        snippet, spans = hit.snippet()
        rows.append(
            {
                "plan": hit.plan.id,
                "region": hit.plan.region,
                "kind": hit.kind,
                "task": hit.ref if hit.kind == "task" else None,
                "metric": hit.ref if hit.kind == "target" else None,
                "snippet": snippet,
                "matches": [list(s) for s in spans],
                "occurrences": len(hit.spans),
            }
        )
    return json.dumps({"term": term, "hits": rows}, ensure_ascii=False, indent=2)


def as_markdown(term: str, hits: list[Hit]) -> str:
    lines = [f"## “{term}”: {len(hits)} hits", ""]
    for hit in hits:
        snippet, spans = hit.snippet()
        for start, end in reversed(spans):
            snippet = f"{snippet[:start]}**{snippet[start:end]}**{snippet[end:]}"
        lines.append(f"- {hit.plan.region} ({hit.plan.id}), {_where(hit)}: {snippet}")
    return "\n".join(lines) + "\n"


def print_hits(term: str, hits: list[Hit], console: Any) -> None:
    from rich.text import Text

    plans = len({h.plan.id for h in hits})
    table = new_table(f"“{term}”: {len(hits)} hits in {plans} plan{'s' * (plans != 1)}")
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
