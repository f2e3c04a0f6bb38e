"""Validation findings as compiler-style lines, JSON, or GitHub annotations."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence

from qualpolicy.findings import Finding
from qualpolicy.render.rows import csv_text, json_text, markdown_table


def text(findings: Sequence[Finding]) -> str:
    lines = []
    for f in findings:
        where = f"{f.path}: " if f.path else ""
        lines.append(
            f"{f.file}:{f.line}:{f.column}: {f.severity.value}: {where}{f.message} [{f.code}]"
        )
        if f.hint:
            lines.append(f"    hint: {f.hint}")
    return "\n".join(lines)


def as_json(findings: Sequence[Finding]) -> str:
    return json_text([f.as_dict() for f in findings])


def _escape(value: str, *, prop: bool = False) -> str:
    out = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return out.replace(":", "%3A").replace(",", "%2C") if prop else out


def github(findings: Sequence[Finding]) -> str:
    """GitHub Actions workflow commands (``::error file=…,line=…::message``)."""
    level = {"error": "error", "warning": "warning", "info": "notice"}
    lines = []
    for f in findings:
        message = f.message + (f"\n{f.hint}" if f.hint else "")
        lines.append(
            f"::{level[f.severity.value]} file={_escape(f.file, prop=True)},line={f.line},"
            f"col={f.column},title={_escape(f.code, prop=True)}::{_escape(message)}"
        )
    return "\n".join(lines)


HEADER = ["file", "line", "column", "severity", "code", "path", "message", "hint"]


def _rows(findings: Sequence[Finding]) -> list[list[object]]:
    return [
        [f.file, f.line, f.column, f.severity.value, f.code, f.path, f.message, f.hint]
        for f in findings
    ]


def as_csv(findings: Sequence[Finding]) -> str:
    return csv_text(HEADER, _rows(findings))


def as_markdown(findings: Sequence[Finding]) -> str:
    if not findings:
        return ""
    head = [h.capitalize() for h in HEADER]
    return "\n".join(markdown_table(head, _rows(findings)))


def formats(findings: Sequence[Finding]) -> dict[str, Callable[[], str]]:
    """Each format's renderer of ``findings``."""
    return {name: functools.partial(render, findings) for name, render in FORMATS.items()}


FORMATS: dict[str, Callable[[Sequence[Finding]], str]] = {
    "text": text,
    "json": as_json,
    "csv": as_csv,
    "markdown": as_markdown,
    "github": github,
}
