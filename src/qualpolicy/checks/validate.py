"""``qualpolicy validate``: every problem of every plan file, located.

One file's problems never stop the others from being checked.  A file goes
through: reading and YAML (:mod:`qualpolicy.loading.yamlio`) → the models → the
semantic rules (:mod:`qualpolicy.loading.rules`) → checks that need the file system
(id equals file name, ids unique, the source text exists and holds every quote) →
its metric wordings against the catalogue.

Nor do a plan's own structural errors stop the rest: of a plan that fails the models,
what can be built is built (:func:`qualpolicy.loading.checking.salvage`) and every
check runs on it that reads nothing broken, so one run reports all there is to fix,
and nothing that only follows from a broken field.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence
from functools import cached_property
from pathlib import Path
from typing import Any

from qualpolicy import cache
from qualpolicy.analysis.align import Aligner
from qualpolicy.analysis.catalogue import Catalogue, catalogue_problems
from qualpolicy.checks.actuals import workspace_problems
from qualpolicy.checks.batch import check_files
from qualpolicy.checks.curation import WORDING_READS, layer_problems, wording_problems
from qualpolicy.checks.quoted import READS, quote_problems, script_problems
from qualpolicy.checks.results import FileResult, ValidationReport
from qualpolicy.errors import InvalidData
from qualpolicy.findings import DocPath, Finding, Problem, Severity
from qualpolicy.loading.actuals import ActualsFile, actual_problems
from qualpolicy.loading.checking import Partial, check, salvage
from qualpolicy.loading.datadir import DATA_FILES, display_path, plan_paths
from qualpolicy.loading.rules import plan_problems
from qualpolicy.loading.sources import SourceText, source_candidates
from qualpolicy.loading.tilegrid import GRID_FILE, TileGrid, grid_problems
from qualpolicy.loading.yamlio import Document, DocumentError, load
from qualpolicy.models import Plan
from qualpolicy.text.lexicon import Lexicon, lexicon_problems
from qualpolicy.text.normalize import Normalizer, VocabularyRules, example_problems, fold
from qualpolicy.workspace import Workspace

DataRules = Callable[[Any, Normalizer, Any], list[Problem]]


def data_files() -> dict[str, tuple[type[Any], DataRules]]:
    """Data files other than plans, by name: the class each holds and its own rules
    (given the normaliser and what the layers below hold)."""

    return {
        "metrics.yaml": (Catalogue, catalogue_problems),
        "vocabulary.yaml": (
            VocabularyRules,
            lambda rules, _, below: example_problems(rules, below),
        ),
        "lexicon.yaml": (Lexicon, lambda lexicon, _, below: lexicon_problems(lexicon, below)),
        "actuals.yaml": (ActualsFile, lambda actuals, _, below: actual_problems(actuals)),
        GRID_FILE: (TileGrid, lambda grid, _, below: grid_problems(grid)),
    }


def workspace_rules() -> dict[str, Callable[[Any, Workspace, Path], list[Problem]]]:
    """Rules of a data file that need the workspace (its catalogue, its plans) and where
    the file lies, by file name."""

    return {"actuals.yaml": workspace_problems, "metrics.yaml": layer_problems}


def expand(paths: Iterable[Path]) -> list[str]:
    """Files to check: a data directory gives its plans, catalogue and vocabulary;
    another directory its YAML files."""
    files: list[str] = []
    for path in paths:
        names = [name for name in data_files() if (path / name).is_file()]
        if path.is_dir() and ((path / "plans").is_dir() or names):
            files.extend(plan_paths(path / "plans"))
            files.extend(str(path / name) for name in names)
        elif path.is_dir():
            files.extend(plan_paths(path))
        else:
            files.append(str(path))
    return files


def dotted(path: DocPath) -> str:
    return Problem(path, "", "").where if path else ""


def _relocate(problems: Iterable[Problem], name: str, at: Sequence[int]) -> list[Problem]:
    """``problems`` found in a list ``name`` made of some items only, located at each
    item's index in the file (``at``)."""
    out = []
    for p in problems:
        if len(p.path) > 1 and p.path[0] == name and isinstance(p.path[1], int):
            p = p._replace(path=(name, at[p.path[1]], *p.path[2:]))
        out.append(p)
    return out


def _problem_findings(doc: Document, problems: Sequence[Problem]) -> list[Finding]:
    out = []
    for p in problems:
        line, column = doc.locate(p.path, key=p.code == "unknown-field")
        where = p.where if p.path else ""
        out.append(Finding(doc.file, line, column, p.severity, p.code, p.message, p.hint, where))
    return out


class Validator:
    """Validates plan files against the models, the rules and their source texts, and
    their metric wordings against the workspace's catalogue."""

    def __init__(self, ws: Workspace):
        self.ws = ws

    @cached_property
    def normalizer(self) -> Normalizer:
        """The workspace's normaliser, built only when a file is checked: a re-run whose
        results all come from the cache reads no vocabulary file."""
        return self.ws.normalizer

    @cached_property
    def aligner(self) -> Aligner | None:
        """The workspace's aligner, or None when its catalogue does not validate (its own
        file's findings say why)."""
        try:
            return self.ws.aligner
        except InvalidData:
            return None

    def context(self) -> str:
        """What every file's result depends on besides the file itself: the layers and
        their catalogue, vocabulary and lexicon files (a plan's wordings are checked
        against them), and the program (:func:`cache.key`)."""
        data = [path for name in DATA_FILES for path in self.ws.files(name)]
        return cache.key(data, *map(str, self.ws.layers))

    def prepare(self) -> None:
        """Before workers fork: the aligner (the catalogue the wording checks need), which
        each would otherwise build.  Not jieba: only a wording that no alias or pattern
        matches needs it, and most data has none; a worker that meets one starts it then."""
        self.aligner  # noqa: B018 - built here, once

    def validate(self, paths: Iterable[Path]) -> ValidationReport:
        """Every file (see :func:`expand`), each result from the cache where it is
        current and the rest in parallel; then the checks across files."""

        results = check_files(self, expand(paths))
        self._check_unique_ids(results)
        return ValidationReport(results)

    def check(self, path: Path) -> FileResult:
        """One file on its own: a plan, or a catalogue, vocabulary or lexicon file."""
        others = data_files()
        if path.name in others and path.parent.name != "plans":
            return self.validate_data_file(path, *others[path.name])
        return self.validate_file(path)

    def _check_file(
        self, path: Path, cls: type[Any], rules: Callable[[Any], list[Problem]]
    ) -> tuple[FileResult, Document | None, Any]:
        """Read ``path``, check it against ``cls`` and then against ``rules``."""
        name = display_path(path)
        try:
            doc = load(path, display=name)
        except DocumentError as exc:
            return FileResult(name, None, exc.findings), None, None
        value, problems = check(cls, doc.data)
        if value is not None:
            problems = rules(value)
        return FileResult(name, None, _problem_findings(doc, problems)), doc, value

    def validate_file(self, path: Path) -> FileResult:
        """A plan file: its model and rules, its name, every quote against its source, and
        its metric wordings against the catalogue; for a plan that fails the models, each
        of these that reads nothing broken (see :func:`salvage`)."""
        name = display_path(path)
        try:
            doc = load(path, display=name)
        except DocumentError as exc:
            return FileResult(name, None, exc.findings)
        value, problems = check(Plan, doc.data)
        partial = Partial(value) if value is not None else salvage(Plan, doc.data, problems)
        result = FileResult(name, None)
        if partial is None:
            result.findings = _problem_findings(doc, problems)
            return result
        plan, broken = partial.value, partial.broken
        problems += plan_problems(partial)
        result.findings = _problem_findings(doc, problems)
        if "id" not in broken:
            result.plan_id = plan.id
            result.id_position = doc.locate(("id",))
            if plan.id != path.stem:
                result.findings.append(
                    Finding(
                        result.file,
                        *result.id_position,
                        Severity.error,
                        "id-file-name",
                        f"plan id `{plan.id}` does not match the file name {path.name}",
                        f"rename the file to {plan.id}{path.suffix} or set `id: {path.stem}`",
                        "id",
                    )
                )
        # quotes are read in the plan's script and vocabulary
        if broken.isdisjoint({"source", "script", "vocabulary"}):
            # where the source text is looked for: what the result also depends on
            candidates = (
                [] if plan.source.file is None else source_candidates(path, plan.source.file)
            )
            result.looked_at = tuple(map(str, candidates))
            quoted = _quoted_text(partial)
            result.findings.extend(self._source_findings(doc, plan, quoted, candidates))
        if broken.isdisjoint({"script", "vocabulary"}):
            problems = _quote_problems(partial, self.normalizer)
            result.findings.extend(_problem_findings(doc, problems))
        if self.aligner is not None and broken.isdisjoint({"targets", "script", "vocabulary"}):
            problems = _wording_problems(partial, self.aligner, self.ws)
            result.findings.extend(_problem_findings(doc, problems))
        return result

    def _source_findings(
        self,
        doc: Document,
        plan: Plan,
        quoted: list[tuple[DocPath, str]],
        candidates: list[Path],
    ) -> list[Finding]:
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
                    "no source text ships with this plan: "
                    + (f"its {len(quoted)} quotes are" if len(quoted) != 1 else "its quote is")
                    + " not checked",
                    None
                    if acknowledged
                    else "add source.file, or say why in source.unavailable_reason",
                    "source",
                )
            ]
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
            source = SourceText.read(found, plan, self.normalizer, display=display_path(found))
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

    def validate_data_file(self, path: Path, cls: type[Any], rules: DataRules) -> FileResult:
        """A catalogue, vocabulary, lexicon or actuals file: its class, then its own rules
        (over the layers below it, for a curator's layer), then those that need the
        workspace."""
        below = self.ws.below(path)
        result, doc, value = self._check_file(
            path, cls, lambda value: rules(value, self.normalizer, below)
        )
        more = workspace_rules().get(path.name)
        if more is not None and doc is not None and value is not None:
            result.findings.extend(_problem_findings(doc, more(value, self.ws, path)))
        return result

    @staticmethod
    def _check_unique_ids(results: list[FileResult]) -> None:
        first: dict[str, str] = {}
        for result in results:
            plan_id = result.plan_id
            if plan_id is None:
                continue
            if plan_id in first:
                result.findings.append(
                    Finding(
                        result.file,
                        *result.id_position,
                        Severity.error,
                        "duplicate-plan-id",
                        f"plan id `{plan_id}` is also used by {first[plan_id]}",
                        "plan ids are unique across the data directory",
                        "id",
                    )
                )
            else:
                first[plan_id] = result.file


def _wording_problems(partial: Partial[Plan], aligner: Aligner, ws: Workspace) -> list[Problem]:
    """The wording findings of every entry whose wording and basis fields are sound."""
    entries = [
        (i, target)
        for i, target, broken in partial.items("targets")
        if broken.isdisjoint(WORDING_READS)
    ]
    plan = partial.value
    if [target for _, target in entries] != plan.targets:
        plan = dataclasses.replace(plan, targets=[target for _, target in entries])
    return _relocate(wording_problems(plan, aligner, ws), "targets", [i for i, _ in entries])


def _quote_problems(partial: Partial[Plan], normalizer: Normalizer) -> list[Problem]:
    """What the sound entries' quotes say against them, and the quotes' script against the
    plan's (:mod:`qualpolicy.checks.quoted`)."""
    entries = [(i, t) for i, t, broken in partial.items("targets") if broken.isdisjoint(READS)]
    plan = partial.value
    texts = [t.quote for _, t in entries] + [t.metric for _, t in entries]
    return [*quote_problems(entries, plan, normalizer), *script_problems(plan, texts)]


def _quoted_text(partial: Partial[Plan]) -> list[tuple[DocPath, str]]:
    """Every piece of the plan that must occur verbatim in its source (of a plan that
    failed the models, every such piece that is sound)."""
    out: list[tuple[DocPath, str]] = []
    for name, fields in (
        ("targets", ("quote",)),
        ("tasks", ("title", "text")),
        ("exclusions", ("match",)),
    ):
        for i, item, broken in partial.items(name):
            for field in fields:
                text = getattr(item, field)
                if text is not None and field not in broken:
                    out.append(((name, i, field), text))
    return out
