"""``qualpolicy validate``: every problem of every plan file, located.

One file's problems never stop the others from being checked.  A file goes
through: reading and YAML (:mod:`qualpolicy.yamlio`) → the models → the
semantic rules (:mod:`qualpolicy.rules`) → checks that need the file system
(id equals file name, ids unique, the source text exists and holds every quote).
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_args

from pydantic import BaseModel, ValidationError

from qualpolicy.findings import Finding, Severity
from qualpolicy.models import Plan
from qualpolicy.normalize import Normalizer, fold
from qualpolicy.rules import Problem
from qualpolicy.sources import SourceText, source_candidates
from qualpolicy.yamlio import DocPath, Document, DocumentError, load

PLAN_SUFFIXES = (".yaml", ".yml")

# What people type for a closed vocabulary, and what the model calls it.
_ENUM_SYNONYMS = {
    ">=": "ge",
    "≥": "ge",
    ">": "gt",
    "<=": "le",
    "≤": "le",
    "<": "lt",
    "=": "eq",
    "==": "eq",
    "~": "approx",
    "≈": "approx",
    "%": "percent",
    "％": "percent",
    "分": "points",
    "个": "count",
    "家": "count",
    "项": "count",
}


@dataclass
class FileResult:
    file: str
    plan: Plan | None
    findings: list[Finding] = field(default_factory=list)


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


def display_path(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)


def data_models() -> dict[str, type[BaseModel]]:
    """Data files other than plans, by file name, and the model each must satisfy."""
    from qualpolicy.catalogue import Catalogue
    from qualpolicy.normalize import VocabularyRules

    return {"metrics.yaml": Catalogue, "vocabulary.yaml": VocabularyRules}


def expand(paths: Iterable[Path]) -> list[Path]:
    """Files to check: a data directory gives its plans, catalogue and vocabulary;
    another directory its YAML files."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir() and (path / "plans").is_dir():
            files.extend(plan_files(path / "plans"))
            files.extend(path / name for name in data_models() if (path / name).is_file())
        elif path.is_dir():
            files.extend(plan_files(path))
        else:
            files.append(path)
    return files


def plan_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix in PLAN_SUFFIXES)


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    """The model inside ``X``, ``X | None`` or ``list[X]``, if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def model_at(root: type[BaseModel], path: DocPath) -> type[BaseModel]:
    """The model that owns the fields at ``path`` below ``root``."""
    model = root
    for part in path:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part)
        inner = _inner_model(field.annotation) if field else None
        if inner is None:
            break
        model = inner
    return model


def dotted(path: DocPath) -> str:
    return Problem(path, "", "").where if path else ""


def _pydantic_findings(doc: Document, exc: ValidationError, root: type[BaseModel]) -> list[Finding]:
    findings: list[Finding] = []
    seen: set[tuple[DocPath, str]] = set()
    for err in exc.errors(include_url=False):
        loc: DocPath = tuple(err["loc"])
        kind = err["type"]
        if kind == "missing":
            path = loc[:-1]
        else:  # drop union-member suffixes such as ('value', 'int')
            path = loc
            while path and path not in doc.values and path not in doc.keys:
                path = path[:-1]
        name = str(loc[-1]) if loc else "plan"
        group = "type" if kind not in ("missing", "extra_forbidden") else kind
        if (path, group + name) in seen:
            continue
        seen.add((path, group + name))
        message, hint = _describe(err, loc, name, root)
        line, column = doc.locate(path, key=kind == "extra_forbidden")
        where = dotted(loc if kind in ("missing", "extra_forbidden") else path)
        findings.append(Finding(doc.file, line, column, Severity.error, kind, message, hint, where))
    return findings


def _describe(err: Any, loc: DocPath, name: str, root: type[BaseModel]) -> tuple[str, str | None]:
    kind = err["type"]
    value = err.get("input")
    if kind == "extra_forbidden":
        model = model_at(root, loc[:-1])
        fields = [f.alias or n for n, f in model.model_fields.items()]
        close = difflib.get_close_matches(name, fields, n=1)
        hint = f"did you mean `{close[0]}`?" if close else f"known fields: {', '.join(fields)}"
        return f"unknown field `{name}`", hint
    if kind == "missing":
        return f"missing required field `{name}`", None
    if kind == "enum":
        expected = err.get("ctx", {}).get("expected", "")
        suggestion = _ENUM_SYNONYMS.get(str(value).strip())
        return (
            f"`{name}` must be {expected}; found {value!r}",
            f"write `{name}: {suggestion}`" if suggestion else None,
        )
    if kind == "value_error":
        text = str(err["msg"]).removeprefix("Value error, ")
        message, _, rest = text.partition("; ")
        return message, rest or None
    return f"`{name}`: {err['msg']} (found {value!r})", None


def _problem_findings(doc: Document, problems: Sequence[Problem]) -> list[Finding]:
    out = []
    for p in problems:
        line, column = doc.locate(p.path)
        out.append(Finding(doc.file, line, column, p.severity, p.code, p.message, p.hint, p.where))
    return out


class Validator:
    """Validates plan files against the models, the rules and their source texts."""

    def __init__(self, normalizer: Normalizer, data_dir: Path | None = None):
        self.normalizer = normalizer
        self.data_dir = data_dir

    def validate(self, paths: Iterable[Path]) -> ValidationReport:
        models = data_models()
        results = [
            self.validate_data_file(path, models[path.name])
            if path.name in models and path.parent.name != "plans"
            else self.validate_file(path)
            for path in expand(paths)
        ]
        self._check_unique_ids(results)
        return ValidationReport(results)

    def validate_file(self, path: Path) -> FileResult:
        name = display_path(path)
        try:
            doc = load(path, display=name)
        except DocumentError as exc:
            return FileResult(name, None, exc.findings)
        problems: list[Problem] = []
        try:
            plan = Plan.model_validate(doc.data, context={"problems": problems})
        except ValidationError as exc:
            return FileResult(name, None, _pydantic_findings(doc, exc, Plan))
        result = FileResult(name, plan, _problem_findings(doc, problems))
        if plan.id != path.stem:
            line, column = doc.locate(("id",))
            result.findings.append(
                Finding(
                    name,
                    line,
                    column,
                    Severity.error,
                    "id-file-name",
                    f"plan id `{plan.id}` does not match the file name {path.name}",
                    f"rename the file to {plan.id}{path.suffix} or set `id: {path.stem}`",
                    "id",
                )
            )
        result.findings.extend(self._source_findings(path, doc, plan))
        return result

    def _source_findings(self, path: Path, doc: Document, plan: Plan) -> list[Finding]:
        quoted = _quoted_text(plan)
        if plan.source.file is None:
            line, column = doc.locate(("source",))
            acknowledged = plan.source.unavailable_reason is not None
            return [
                Finding(
                    doc.file,
                    line,
                    column,
                    Severity.info if acknowledged else Severity.warning,
                    "no-source-text",
                    f"no source text ships with this plan: its {len(quoted)} quotes are "
                    "not checked",
                    None
                    if acknowledged
                    else "add source.file, or say why in source.unavailable_reason",
                    "source",
                )
            ]
        candidates = source_candidates(path, plan.source.file, self.data_dir)
        found = next((c for c in candidates if c.is_file()), None)
        if found is None:
            line, column = doc.locate(("source", "file"))
            return [
                Finding(
                    doc.file,
                    line,
                    column,
                    Severity.error,
                    "source-missing",
                    f"source text {plan.source.file} not found",
                    "looked in: " + ", ".join(display_path(c) for c in candidates),
                    "source.file",
                )
            ]
        try:
            source = SourceText.read(found, plan, self.normalizer)
        except DocumentError as exc:
            return exc.findings
        findings = []
        for where, text in quoted:
            folded = fold(self.normalizer.normalize(text, plan.script, plan.vocabulary))
            if folded not in source.folded:
                line, column = doc.locate(where)
                findings.append(
                    Finding(
                        doc.file,
                        line,
                        column,
                        Severity.error,
                        "quote-not-found",
                        f"{where[-1]} not found in the source text {display_path(found)}",
                        source.mismatch_hint(folded),
                        dotted(where),
                    )
                )
        return findings

    def validate_data_file(self, path: Path, model: type[BaseModel]) -> FileResult:
        """A catalogue or vocabulary file: its model, with self-checks located."""
        name = display_path(path)
        try:
            doc = load(path, display=name)
        except DocumentError as exc:
            return FileResult(name, None, exc.findings)
        problems: list[Problem] = []
        try:
            model.model_validate(
                doc.data, context={"problems": problems, "normalizer": self.normalizer}
            )
        except ValidationError as exc:
            return FileResult(name, None, _pydantic_findings(doc, exc, model))
        return FileResult(name, None, _problem_findings(doc, problems))

    @staticmethod
    def _check_unique_ids(results: list[FileResult]) -> None:
        first: dict[str, str] = {}
        for result in results:
            if result.plan is None:
                continue
            if result.plan.id in first:
                result.findings.append(
                    Finding(
                        result.file,
                        1,
                        1,
                        Severity.error,
                        "duplicate-plan-id",
                        f"plan id `{result.plan.id}` is also used by {first[result.plan.id]}",
                        "plan ids are unique across the data directory",
                        "id",
                    )
                )
            else:
                first[result.plan.id] = result.file


def _quoted_text(plan: Plan) -> list[tuple[DocPath, str]]:
    """Every piece of the plan that must occur verbatim in its source."""
    out: list[tuple[DocPath, str]] = []
    for i, target in enumerate(plan.targets):
        out.append((("targets", i, "quote"), target.quote))
    for i, task in enumerate(plan.tasks):
        if task.title is not None:
            out.append((("tasks", i, "title"), task.title))
        out.append((("tasks", i, "text"), task.text))
    for i, exclusion in enumerate(plan.exclusions):
        out.append((("exclusions", i, "match"), exclusion.match))
    return out
