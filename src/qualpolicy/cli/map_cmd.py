"""`qualpolicy map`."""

from pathlib import Path
from typing import Annotated

import typer

from qualpolicy.analysis.tilemap import Status, TileMap, tile_map
from qualpolicy.cli.common import (
    EXIT_USAGE,
    AllVersionsOption,
    AsOfOption,
    DataDirOption,
    ForceOption,
    FormatOption,
    OutOption,
    TableFormat,
    emit,
    fail,
    file_format,
    handle_errors,
    versions,
    workspace,
    wrote,
)
from qualpolicy.loading.tilegrid import layered_tilegrid
from qualpolicy.render import svgmap
from qualpolicy.render import tilemap as render
from qualpolicy.render.outfile import write_text
from qualpolicy.render.tilemap import Colouring


@handle_errors
def map_(
    metric: Annotated[
        str,
        typer.Option(
            "--metric",
            "-m",
            help="The metric: id, Chinese name (either script), alias or English name.",
            show_default=False,
        ),
    ],
    year: Annotated[
        int | None,
        typer.Option(
            "--year",
            help="Show each province's target for this year (default: its latest).",
            show_default=False,
        ),
    ] = None,
    colour: Annotated[
        Colouring,
        typer.Option(
            "--colour",
            "--color",
            help="Colour tiles by the figure (a scale fitted to the figures shown) or by the "
            "verdict against the nation's target.",
        ),
    ] = Colouring.value,
    no_colour: Annotated[
        bool,
        typer.Option(
            "--no-colour",
            "--no-color",
            help="Draw the tiles in plain text (also when not a terminal, or $NO_COLOR).",
        ),
    ] = False,
    as_of: AsOfOption = None,
    all_versions: AllVersionsOption = False,
    output: FormatOption = TableFormat.table,
    out: OutOption = None,
    force: ForceOption = False,
    data_dir: DataDirOption = None,
) -> None:
    """A tile map of the provinces' targets for one metric (-o map.svg for a picture).

    Exit 1 if no province sets a figure for the metric (or for --year).
    """

    svg = out is not None and out.suffix.lower() == ".svg"
    if svg and output is not TableFormat.table:
        raise fail(
            f"{out.name if out else ''} is an SVG picture, not {output.value}",
            "leave out --format, or give the file another suffix",
            EXIT_USAGE,
        )
    if out is not None and not svg:
        output = file_format(TableFormat, output, out)
    ws = workspace(data_dir)
    found = ws.catalogue.find(metric, ws.normalizer)
    grid = layered_tilegrid(ws.layers)
    tm = tile_map(
        found, ws.plans.plans, ws.aligner, grid, versions(ws, as_of, all_versions), year=year
    )
    _check(tm)
    if svg and out is not None:
        _write_svg(tm, colour, out, force)
        return
    emit(
        output,
        {
            TableFormat.json: lambda: render.map_json(tm),
            TableFormat.csv: lambda: render.map_csv(tm),
            TableFormat.markdown: lambda: render.map_markdown(tm),
        },
        lambda console: render.print_map(tm, console, colour, plain=True if no_colour else None),
        out=out,
        force=force,
    )


def _check(tm: TileMap) -> None:
    """Fail when no province sets a figure (for the year asked), saying who does."""
    if any(t.status is Status.figure for t in tm.tiles):
        return
    name = tm.metric.name
    if tm.year is not None and tm.years:
        raise fail(
            f"no province sets a figure for {name} for {tm.year}",
            "their figures are for " + ", ".join(map(str, tm.years)) + "; leave out --year",
        )
    setters = ", ".join(f"{p.region} ({p.id})" for p in tm.set_by)
    raise fail(
        f"no province sets a figure for {name}",
        f"it is set by {setters}: try `qualpolicy compare -m {tm.metric.id}`"
        if setters
        else "no document counted sets one; try --all-versions",
    )


def _write_svg(tm: TileMap, colour: Colouring, out: Path, force: bool) -> None:
    wrote(out, write_text(out, svgmap.map_svg(tm, colour, standalone=True), force=force))
