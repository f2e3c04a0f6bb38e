"""`qualpolicy search`."""

import sys
from typing import Annotated

import typer

from qualpolicy import taskwords
from qualpolicy.cli.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    EXIT_USAGE,
    AllVersionsOption,
    AsOfOption,
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
    in_force,
    split_list,
    workspace,
)
from qualpolicy.render import search as render
from qualpolicy.text.search import Query, Searched, ranked
from qualpolicy.text.search import search as run_search


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
    as_of: AsOfOption = None,
    all_versions: AllVersionsOption = False,
    force: ForceOption = False,
    data_dir: DataDirOption = None,
) -> None:
    """Tasks and targets that use TERMS as words. Exit 1 if nothing matches.

    Words come from jieba with the domain lexicon, so a term is not found inside
    a longer word it merely spells part of (--substring finds it there too).
    """

    words = [t.strip() for t in terms if t.strip()]
    if not words:
        raise fail("the search term is empty", "e.g. qualpolicy search 首席质量官", EXIT_USAGE)
    if out is not None:
        output = file_format(TableFormat, output, out)
    ws = workspace(data_dir)
    query = Query(tuple(words), any_term=any_term, substring=substring)
    chosen = ws.plans.select(split_list(plans), in_force(ws, as_of, all_versions))
    bounds = None if substring else taskwords.word_boundaries(ws)
    hits = run_search(query, chosen, ws.normalizer, ws.lexicon, bounds)
    if rank:
        hits = ranked(hits)
    searched = Searched.of(chosen)
    if not hits:
        hint = "" if substring else " (--substring matches inside words too)"
        print(f"no task or target {query.describe()}{hint}; {searched.describe()}", file=sys.stderr)
    emit(
        output,
        {
            TableFormat.json: lambda: render.as_json(query, hits, searched),
            TableFormat.csv: lambda: render.as_csv(hits),
            TableFormat.markdown: lambda: render.as_markdown(query, hits, searched),
        },
        lambda console: render.print_hits(query, hits, searched, console),
        out=out,
        force=force,
    )
    raise typer.Exit(EXIT_OK if hits else EXIT_FINDINGS)
