"""`qualpolicy draft`."""

from enum import StrEnum
from typing import Annotated

import typer

from qualpolicy.cli.common import (
    DataDirOption,
    ForceOption,
    OutOption,
    emit,
    file_format,
    handle_errors,
    workspace,
)
from qualpolicy.documents.read import read_path
from qualpolicy.draft.drafting import Choices, draft_plan, quick_aligner
from qualpolicy.models import Level
from qualpolicy.render import draft as render


class DraftFormat(StrEnum):
    yaml = "yaml"
    json = "json"


@handle_errors
def draft(
    source: Annotated[
        str,
        typer.Argument(
            help="The plan document: plain text (UTF-8, GB18030/GBK, Big5 …), an HTML page "
            "as saved, a .docx or a PDF with a text layer; - reads standard input.",
            metavar="SOURCE",
            show_default=False,
        ),
    ],
    plan_id: Annotated[
        str | None,
        typer.Option(
            "--id", help="The plan's id (lower-case pinyin: jiangsu, jinhua).", show_default=False
        ),
    ] = None,
    region: Annotated[
        str | None,
        typer.Option(
            "--region", help="The region (江苏省), if the text does not say.", show_default=False
        ),
    ] = None,
    level: Annotated[
        Level | None,
        typer.Option("--level", help="The issuing government's level.", show_default=False),
    ] = None,
    parent: Annotated[
        str | None,
        typer.Option(
            "--parent", help="Id of the plan of the region above (cities).", show_default=False
        ),
    ] = None,
    output: Annotated[
        DraftFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="yaml (a plan file for validate; the default) or json (each entry with its "
            "match, place and review notes).",
            show_default=False,
        ),
    ] = None,
    out: OutOption = None,
    force: ForceOption = False,
    data_dir: DataDirOption = None,
) -> None:
    """Draft a plan file from a plan document, for you to check against it.

    Every figure the text states becomes an entry with its quote, aligned to the catalogue;
    comments say where each sits in the document and what the reader guessed. What the
    text does not give (an issuer, a date) is left empty and named at the top.
    """

    fmt = file_format(DraftFormat, output, out) if out is not None else output or DraftFormat.yaml
    ws = workspace(data_dir)
    document = read_path(source)
    aligner = quick_aligner(ws.aligner, ws.lexicon)
    result = draft_plan(document, aligner, Choices(plan_id, region, level, parent))
    emit(
        fmt,
        {
            DraftFormat.yaml: lambda: render.as_yaml(result),
            DraftFormat.json: lambda: render.as_json(result),
        },
        out=out,
        force=force,
    )
