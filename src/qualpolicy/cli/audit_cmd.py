"""`qualpolicy audit`."""

import sys

import typer

from qualpolicy.cli.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    DataDirOption,
    FindingFormat,
    FindingFormatOption,
    JsonOption,
    PlansOption,
    emit,
    handle_errors,
    split_list,
    workspace,
)
from qualpolicy.loading.audit import audit as run_audit
from qualpolicy.loading.datadir import display_path
from qualpolicy.loading.sources import plan_source
from qualpolicy.render import findings as render
from qualpolicy.render.rows import json_text


@handle_errors
def audit(
    ctx: typer.Context,
    plans: PlansOption = None,
    output: FindingFormatOption = FindingFormat.text,
    data_dir: DataDirOption = None,
    as_json: JsonOption = False,
) -> None:
    """List numbers in a plan's source text that no target, baseline or exclusion accounts for.

    Dates, years and list numbering are ignored. Each number is reported at its place in
    the source text. Exit 1 if any number is unaccounted for.
    """

    ws = workspace(data_dir)
    fmt = FindingFormat.json if as_json else output
    results = []
    skipped = []
    # Plans named without --plans (the old spelling) arrive as extra arguments.
    for plan in ws.plans.select(split_list([*(plans or []), *ctx.args])):
        source = plan_source(plan, ws.plans.path(plan.id), ws.normalizer)
        if source is None:
            skipped.append(plan.id)
        else:
            results.append(run_audit(plan, source, ws.normalizer))
    findings = [f for r in results for f in r.findings(display_path(r.source))]

    def as_data() -> str:
        data = [
            {
                "plan": r.plan,
                "source": display_path(r.source),
                "numbers": r.numbers,
                "unaccounted": [u.__dict__ for u in r.unaccounted],
            }
            for r in results
        ]
        data += [{"plan": s, "source": None, "numbers": None, "unaccounted": None} for s in skipped]
        return json_text(data)

    emit(fmt, {**render.formats(findings), FindingFormat.json: as_data})
    if fmt is FindingFormat.text:
        for r in results:
            status = f"{len(r.unaccounted)} unaccounted" if r.unaccounted else "clean"
            print(f"{r.plan}: {r.numbers} numbers in the source, {status}", file=sys.stderr)
        for s in skipped:
            print(f"{s}: no source text ships with this plan; nothing to audit", file=sys.stderr)
    raise typer.Exit(EXIT_OK if not findings else EXIT_FINDINGS)
