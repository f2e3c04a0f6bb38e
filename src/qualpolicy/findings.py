"""The problems checks find: a rule's :class:`Problem`, located by its path in the
document, and the :class:`Finding` the validator reports, located by line and column."""

from __future__ import annotations

from enum import StrEnum
from typing import Any, NamedTuple

DocPath = tuple[str | int, ...]
"""Where in a document: ("targets", 3, "base_year")."""


class Severity(StrEnum):
    error = "error"
    warning = "warning"
    info = "info"


class Finding(NamedTuple):
    """A located problem: ``file:line:column: severity: message``.

    ``line`` and ``column`` are 1-based; ``path`` is where in the document the
    problem sits (``targets[3].value``), empty for file-level problems.
    """

    file: str
    line: int
    column: int
    severity: Severity
    code: str
    message: str
    hint: str | None = None
    path: str = ""

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.file, self.line, self.column, self.code)

    def as_dict(self) -> dict[str, Any]:
        data = self._asdict()
        data["severity"] = self.severity.value
        return data


class Problem(NamedTuple):
    """What a rule finds, located by its path in the document (the validator turns the path
    into a line and column)."""

    path: DocPath
    code: str
    message: str
    hint: str | None = None
    severity: Severity = Severity.error

    @property
    def where(self) -> str:
        out = ""
        for part in self.path:
            out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
        return out or "plan"
