"""What validate found: one result per file, and the report over all of them."""

from __future__ import annotations

from dataclasses import dataclass, field

from qualpolicy.findings import Finding, Severity


@dataclass
class FileResult:
    """What checking one file found.  It holds what validate reports, not the plan
    itself: thousands of results go from worker processes to the cache and back."""

    file: str
    plan_id: str | None
    """The plan's id when its ``id`` field is sound, even if other fields failed the models
    (the rules of its sound fields ran)."""
    findings: list[Finding] = field(default_factory=list)
    id_position: tuple[int, int] = (1, 1)
    looked_at: tuple[str, ...] = ()
    """Other files the result depends on: every place the plan's source text was looked for
    (paths as text: thousands of results are read back from the cache)."""


@dataclass
class ValidationReport:
    results: list[FileResult]

    @property
    def findings(self) -> list[Finding]:
        return sorted((f for r in self.results for f in r.findings), key=Finding.sort_key)

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)

    def exit_code(self, *, strict: bool = False) -> int:
        if self.count(Severity.error) or (strict and self.count(Severity.warning)):
            return 1
        return 0
