"""A draft plan as the curator gets it: a plan file in YAML, ready for ``validate``, whose
comments say where each entry sits in the document, how it aligned and what to check
first; or the same as JSON.

The YAML holds only the plan model's fields, so ``validate`` reads it as it is; what the
text does not give is left empty (``issuer: ''``) and named at the top, so that validate
points at it until the curator fills it in.
"""

from __future__ import annotations

from typing import Any

import yaml

from qualpolicy.draft.drafting import DraftEntry, PlanDraft
from qualpolicy.models import Kind, to_data
from qualpolicy.render.rows import json_text

# The plan model's target fields, in the order curators write them.
TARGET_FIELDS = (
    "metric",
    "kind",
    "value",
    "comparator",
    "unit",
    "unit_text",
    "year",
    "base_year",
    "scope",
    "hedge",
    "held",
    "change",
    "trend",
    "per_year",
    "new_only",
    "cumulative",
    "combined",
    "implied",
    "note",
    "quote",
)
# Written only when they say something (a flag that is set, a field that is filled).
_DEFAULTS: dict[str, Any] = {
    "kind": Kind.target.value,
    "held": False,
    "per_year": False,
    "new_only": False,
    "cumulative": False,
    "combined": False,
    "implied": False,
}


def header_data(draft: PlanDraft) -> dict[str, Any]:
    """The plan's header fields as drafted (None where the text gives nothing)."""
    h = draft.header
    return {
        "id": draft.plan_id,
        "region": draft.region,
        "level": draft.level.value if draft.level else None,
        "parent": draft.parent,
        "title": h.title,
        "title_exact": h.title_exact,
        "issuer": h.issuer,
        "issued": h.issued.isoformat() if h.issued else None,
        "document_number": h.document_number,
        "script": h.script.value,
        "vocabulary": h.vocabulary.value,
        "horizon": draft.horizon,
    }


def entry_data(entry: DraftEntry) -> dict[str, Any]:
    """An entry's target fields (all of them), its match, where it is and what to check."""
    fields = to_data(entry.target)
    return {
        **{name: fields[name] for name in TARGET_FIELDS},
        "match": {
            "metric": entry.match.metric_id,
            "rule": entry.match.rule,
            "confidence": entry.match.confidence,
        },
        "suggestions": [
            {"metric": s.metric, "name": s.name, "score": s.score} for s in entry.suggestions
        ],
        "where": entry.where,
        "review": list(entry.review),
    }


def as_json(draft: PlanDraft) -> str:
    data = {
        "plan": {**header_data(draft), "missing": draft.missing},
        "document": {
            "name": draft.document.name,
            "format": draft.document.format,
            "encoding": draft.document.encoding,
        },
        "targets": [entry_data(e) for e in draft.entries],
        "skipped": [{"text": s.text, "why": s.why, "where": s.where} for s in draft.skipped],
    }
    return json_text(data)


def _scalar(value: Any) -> str:
    """One YAML scalar as PyYAML would write it (quoted where it must be)."""
    text = yaml.safe_dump(value, allow_unicode=True, width=10**9, default_flow_style=True)
    return text.removesuffix("\n...\n").rstrip("\n")


def _line(key: str, value: Any, indent: str = "") -> str:
    if isinstance(value, list):
        return f"{indent}{key}: [{', '.join(_scalar(v) for v in value)}]"
    return f"{indent}{key}: {_scalar(value)}"


def _comment(text: str, indent: str = "") -> str:
    return f"{indent}# {' '.join(text.split())}"


def _match_text(entry: DraftEntry) -> str:
    m = entry.match
    if m.matched:
        return f"{m.rule} → {m.metric_id} ({m.confidence:g})"
    tried = "; ".join(f"{s.metric} {s.score:g}" for s in entry.suggestions[:3])
    return "unaligned" + (f"; suggestions: {tried}" if tried else "")


def as_yaml(draft: PlanDraft) -> str:
    """The draft as a plan file: comments for the curator, the model's fields only."""
    doc = draft.document
    read = ", ".join(x for x in (doc.format, doc.encoding) if x)
    lines = [
        "# yaml-language-server: $schema=../schema/plan.schema.json",
        _comment(f"Drafted by qualpolicy draft from {doc.name} ({read}):"),
        "# check every entry against the document, then run qualpolicy validate.",
    ]
    if draft.missing:
        lines.append(
            _comment(f"Left for you (the text does not give it): {', '.join(draft.missing)}.")
        )
    lines += [_comment(note) for note in draft.header.notes]
    head = header_data(draft)
    for key in ("id", "region", "level", "parent", "title", "title_exact", "issuer", "issued"):
        value = head[key]
        if key == "parent" and value is None:
            continue
        lines.append(_line(key, "" if value is None and key != "issued" else value))
    if head["document_number"]:
        lines.append(_line("document_number", head["document_number"]))
    lines += [
        "source:",
        "  file: " + _scalar(f"{draft.plan_id or 'draft'}.txt"),
        _comment("the document's plain text goes to sources/ under this name; or give", "  "),
        _comment("urls, publisher and published, and say why no text ships", "  "),
        _line("script", head["script"]),
        _line("vocabulary", head["vocabulary"]),
        _line("horizon", head["horizon"]),
        "targets:" if draft.entries else "targets: []",
    ]
    for entry in draft.entries:
        lines += _entry_lines(entry)
    return "\n".join(lines) + "\n"


def _entry_lines(entry: DraftEntry) -> list[str]:
    lines = [_comment(f"{entry.where} · {_match_text(entry)}", "  ")]
    lines += [_comment(f"review: {note}", "  ") for note in entry.review]
    fields = to_data(entry.target)
    first = True
    for name in TARGET_FIELDS:
        value = fields[name]
        if value is None or _DEFAULTS.get(name, object()) == value:
            continue
        lines.append(_line(name, value, "  - " if first else "    "))
        first = False
    return lines
