"""`qualpolicy validate` and `qualpolicy schema`."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from qualpolicy.checks import schema as schemas
from qualpolicy.checks.validate import Validator
from qualpolicy.cli.common import (
    EXIT_USAGE,
    DataDirOption,
    FindingFormat,
    FindingFormatOption,
    emit,
    fail,
    handle_errors,
    workspace,
)
from qualpolicy.findings import Severity
from qualpolicy.render.findings import formats
from qualpolicy.render.text import plural


@handle_errors
def validate(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Plan files or directories (default: the data directory: plans, "
            "catalogue, vocabulary).",
            show_default=False,
        ),
    ] = None,
    strict: Annotated[bool, typer.Option(help="Fail on warnings too.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary line.")] = False,
    output: FindingFormatOption = FindingFormat.text,
    data_dir: DataDirOption = None,
) -> None:
    """Check plan files: schema, rules, and every quote against its source text.

    Exit 0 when clean, 1 on errors (and on warnings with --strict), 2 on usage errors.
    """

    # No snapshot of every plan: validate reads each file itself (loading/batch.py caches results).
    ws = workspace(data_dir, use_cache=False)
    targets = paths or ws.layers
    missing = [p for p in targets if not p.exists()]
    if missing:
        raise fail(f"no such file or directory: {missing[0]}", code=EXIT_USAGE)
    report = Validator(ws).validate(targets)
    findings = report.findings
    shown = [f for f in findings if f.severity is not Severity.info or output != "text"]
    emit(output, formats(shown))
    if not quiet and output is FindingFormat.text:
        errors, warnings = report.count(Severity.error), report.count(Severity.warning)
        files = plural(len(report.results), "file")
        print(
            f"{files} checked: {plural(errors, 'error')}, {plural(warnings, 'warning')}",
            file=sys.stderr,
        )
    raise typer.Exit(report.exit_code(strict=strict))


@handle_errors
def schema(
    out: Annotated[
        Path | None,
        typer.Option(
            help="Folder to write to (default: the data directory's schema/).", file_okay=False
        ),
    ] = None,
    check: Annotated[
        bool, typer.Option("--check", help="Write nothing; exit 1 if a file is stale.")
    ] = False,
    data_dir: DataDirOption = None,
) -> None:
    """Write the JSON Schemas of plan, catalogue and vocabulary files from the models."""

    folder = out or workspace(data_dir).data_dir / "schema"
    if check:
        stale = schemas.stale(folder)
        if stale:
            raise fail(
                f"stale schema files in {folder}: {', '.join(stale)}",
                "run `qualpolicy schema` to regenerate them",
            )
        print(f"schemas in {folder} are up to date")
        return
    for path in schemas.write(folder):
        print(f"wrote {path}")
