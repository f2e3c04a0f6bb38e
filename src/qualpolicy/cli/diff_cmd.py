"""`qualpolicy diff` and `qualpolicy search`."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from qualpolicy.cli.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    EXIT_USAGE,
    DataDirOption,
    ForceOption,
    FormatOption,
    OutOption,
    PlansOption,
    TableFormat,
    emit,
    fail,
    file_format,
    handle_errors,
    split_list,
    workspace,
)


@handle_errors
def diff(
    plan_a: Annotated[
        str, typer.Argument(help="First plan: id or region (江蘇, 江苏省, jiangsu).")
    ],
    plan_b: Annotated[str, typer.Argument(help="Second plan.")],
    themes: Annotated[
        bool, typer.Option("--themes/--no-themes", help="Compare task themes (uses jieba).")
    ] = True,
    output: FormatOption = TableFormat.table,
    out: OutOption = None,
    force: ForceOption = False,
    data_dir: DataDirOption = None,
) -> None:
    """Two plans side by side: shared metrics with verdicts, one-sided figures, task themes.

    csv carries the figures (shared and one-sided); json carries the themes too.
    """
    from qualpolicy.analysis.diff import diff_plans
    from qualpolicy.render import diff as render

    if out is not None:
        output = file_format(TableFormat, output, out)
    ws = workspace(data_dir)
    a, b = ws.plans.get(plan_a), ws.plans.get(plan_b)
    if a.id == b.id:
        raise fail(
            f"{plan_a} and {plan_b} are the same plan ({a.id})", "name two plans", EXIT_USAGE
        )
    result = diff_plans(a, b, ws.aligner, ws.themes if themes else None)
    emit(
        output,
        {
            TableFormat.json: lambda: render.as_json(result),
            TableFormat.csv: lambda: render.as_csv(result),
            TableFormat.markdown: lambda: render.as_markdown(result),
        },
        lambda console: render.print_diff(result, console),
        out=out,
        force=force,
    )


@handle_errors
def search(
    terms: Annotated[
        list[str],
        typer.Argument(
            help="Words to find, in either script; several must all occur.",
            show_default=False,
        ),
    ],
    any_term: Annotated[
        bool, typer.Option("--any", help="Find texts with any of the terms, not all.")
    ] = False,
    substring: Annotated[
        bool,
        typer.Option("--substring", help="Match inside words too, not whole words only."),
    ] = False,
    rank: Annotated[
        bool,
        typer.Option("--rank", help="Most uses of the terms first, rarer terms weighing more."),
    ] = False,
    plans: PlansOption = None,
    output: FormatOption = TableFormat.table,
    out: OutOption = None,
    force: ForceOption = False,
    data_dir: DataDirOption = None,
) -> None:
    """Tasks and targets that use TERMS as words. Exit 1 if nothing matches.

    Words come from jieba with the domain lexicon, so a term is not found inside
    a longer word it merely spells part of (--substring finds it there too).
    """
    from qualpolicy.render import search as render
    from qualpolicy.text.search import Query, ranked
    from qualpolicy.text.search import search as run_search

    words = [t.strip() for t in terms if t.strip()]
    if not words:
        raise fail("the search term is empty", "e.g. qualpolicy search 首席质量官", EXIT_USAGE)
    if out is not None:
        output = file_format(TableFormat, output, out)
    ws = workspace(data_dir)
    query = Query(tuple(words), any_term=any_term, substring=substring)
    chosen = ws.plans.select(split_list(plans))
    bounds = None if substring else ws.word_boundaries
    hits = run_search(query, chosen, ws.normalizer, ws.lexicon, bounds)
    if rank:
        hits = ranked(hits)
    if not hits:
        hint = "" if substring else " (--substring matches inside words too)"
        print(f"no task or target {query.describe()}{hint}", file=sys.stderr)
    emit(
        output,
        {
            TableFormat.json: lambda: render.as_json(query, hits),
            TableFormat.csv: lambda: render.as_csv(hits),
            TableFormat.markdown: lambda: render.as_markdown(query, hits),
        },
        lambda console: render.print_hits(query, hits, console),
        out=out,
        force=force,
    )
    raise typer.Exit(EXIT_OK if hits else EXIT_FINDINGS)
