"""The command line: parses arguments, calls the library, renders results.

Commands live in small modules and are registered here explicitly; each
imports what it needs inside the function so that start-up stays fast.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from qualpolicy import __version__
from qualpolicy.cli import (
    audit_cmd,
    compare_cmd,
    diff_cmd,
    export_cmd,
    progress_cmd,
    show_cmd,
    validate_cmd,
)
from qualpolicy.cli.common import State

app = typer.Typer(
    name="qualpolicy",
    help="Compare Chinese provinces' quality-strong-province (质量强省) plans.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        print(f"qualpolicy {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    debug: Annotated[
        bool, typer.Option("--debug", help="Show tracebacks of internal errors.")
    ] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
    own_only: Annotated[
        bool,
        typer.Option(
            "--own-only",
            help="Use only your --data-dir directories, not the shipped plans "
            "(or set $QUALPOLICY_OWN_ONLY=1).",
        ),
    ] = False,
) -> None:
    State.debug = debug or State.from_environment()
    State.own_only = own_only


# In the order an analyst meets them; maintainers' commands last.
app.command()(compare_cmd.compare)
app.command()(progress_cmd.progress)
app.command()(diff_cmd.diff)
app.command()(show_cmd.show)
app.command()(show_cmd.plans)
app.command()(diff_cmd.search)
app.command()(compare_cmd.metrics)
app.command()(export_cmd.export)
app.command()(export_cmd.report)
app.command()(validate_cmd.validate)
app.command(context_settings={"allow_extra_args": True})(audit_cmd.audit)
app.command()(validate_cmd.schema)


ROOT_FLAGS = ("--debug", "--own-only")


def root_flags_first(args: list[str]) -> list[str]:
    """``args`` with the root flags moved to the front: they are accepted anywhere
    before ``--`` (``qualpolicy compare --own-only …``)."""
    args = list(args)
    end = args.index("--") if "--" in args else len(args)
    for flag in ROOT_FLAGS:
        if flag in args[:end]:
            args.remove(flag)
            args.insert(0, flag)
    return args


def main() -> None:
    """The console entry point."""
    app(args=root_flags_first(sys.argv[1:]), prog_name="qualpolicy")
