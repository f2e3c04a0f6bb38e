"""`qualpolicy diff` and `qualpolicy search`."""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import Annotated

import typer

from qualpolicy.cli.common import (
    DataDirOption,
    ForceOption,
    OutOption,
    PlansOption,
    console,
    emit,
    fail,
    file_format,
    handle_errors,
    split_plans,
    workspace,
)


class TextFormat(StrEnum):
    table = "table"
    json = "json"
    markdown = "markdown"


FormatOption = Annotated[TextFormat, typer.Option("--format", "-f")]


@handle_errors
def diff(
    plan_a: Annotated[
        str, typer.Argument(help="First plan: id or region (江蘇, 江苏省, jiangsu).")
    ],
    plan_b: Annotated[str, typer.Argument(help="Second plan.")],
    output: FormatOption = TextFormat.table,
    themes: Annotated[
        bool, typer.Option("--themes/--no-themes", help="Compare task themes (uses jieba).")
    ] = True,
    out: OutOption = None,
    force: ForceOption = False,
    data_dir: DataDirOption = None,
) -> None:
    """Two plans side by side: shared metrics with verdicts, one-sided targets, task themes."""
    from qualpolicy.diff import diff_plans
    from qualpolicy.render import diff as render

    if out is not None:
        output = file_format(TextFormat, output, out)
    ws = workspace(data_dir)
    a, b = ws.plans.get(plan_a), ws.plans.get(plan_b)
    if a.id == b.id:
        raise fail(f"{plan_a} and {plan_b} are the same plan ({a.id})", "name two plans", 2)
    result = diff_plans(a, b, ws.aligner, ws.themes if themes else None)
    if output is TextFormat.table:
        render.print_diff(result, console())
        return
    text = render.as_json(result) if output is TextFormat.json else render.as_markdown(result)
    emit(text, out, force=force)


@handle_errors
def search(
    term: Annotated[str, typer.Argument(help="Text to find, in either script (首席質量官).")],
    plans: PlansOption = None,
    output: FormatOption = TextFormat.table,
    data_dir: DataDirOption = None,
) -> None:
    """Tasks and targets whose normalised text contains TERM. Exit 1 if nothing matches."""
    from qualpolicy.render import search as render
    from qualpolicy.search import search as run_search

    if not term.strip():
        raise fail("the search term is empty", "e.g. qualpolicy search 首席质量官", 2)
    ws = workspace(data_dir)
    hits = run_search(term, ws.plans.select(split_plans(plans)), ws.normalizer, ws.lexicon)
    if not hits:
        print(f"no task or target contains “{term}”", file=sys.stderr)
    if output is TextFormat.json:
        print(render.as_json(term, hits))
    elif output is TextFormat.markdown:
        print(render.as_markdown(term, hits), end="")
    else:
        render.print_hits(term, hits, console())
    raise typer.Exit(0 if hits else 1)
