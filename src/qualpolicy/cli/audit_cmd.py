"""`qualpolicy audit`."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from qualpolicy.cli.common import DataDirOption, handle_errors, workspace


@handle_errors
def audit(
    plans: Annotated[
        list[str] | None,
        typer.Argument(help="Plans to audit, by id or region (default: all).", show_default=False),
    ] = None,
    data_dir: DataDirOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List numbers in a plan's source text that no target, baseline or exclusion accounts for.

    Dates, years and list numbering are ignored. Exit 1 if any number is unaccounted for.
    """
    from qualpolicy.audit import audit as run_audit

    ws = workspace(data_dir)
    results = []
    skipped = []
    for plan in ws.plans.select(plans):
        source = ws.source_text(plan)
        if source is None:
            skipped.append(plan.id)
            continue
        results.append(run_audit(plan, source, ws.normalizer))
    if as_json:
        print(
            json.dumps(
                [
                    {
                        "plan": r.plan,
                        "numbers": r.numbers,
                        "unaccounted": [u.__dict__ for u in r.unaccounted],
                    }
                    for r in results
                ]
                + [{"plan": s, "numbers": None, "unaccounted": None} for s in skipped],
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        for r in results:
            status = "clean" if r.clean else f"{len(r.unaccounted)} unaccounted"
            print(f"{r.plan}: {r.numbers} numbers in the source, {status}")
            for u in r.unaccounted:
                print(f"  line {u.line}: {u.number}  …{u.context}…")
        for s in skipped:
            print(f"{s}: no source text ships with this plan; nothing to audit")
    raise typer.Exit(0 if all(r.clean for r in results) else 1)
