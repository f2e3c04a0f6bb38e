"""The command line: parses arguments, calls the library, renders results.

Commands live in small modules and are listed here explicitly.  A run imports
only the module of the command it runs (:func:`_module`: the one place the
command line defers imports, so that start-up stays fast), and builds only that
command (typer reads every parameter of every command it is given); ``app`` —
every command — is built on first use, for help, tests and mistyped names.
The command modules do not postpone their annotations: typer reads the annotation
of every parameter, and would compile each postponed one from its text on every run.
"""

from __future__ import annotations

import gc
import os
import sys
from types import ModuleType
from typing import Annotated, Any, NoReturn

import typer

from qualpolicy.about import __version__
from qualpolicy.cli.state import State

# In the order an analyst meets them; maintainers' commands last: name → (module, function).
COMMANDS = {
    "compare": ("compare_cmd", "compare"),
    "progress": ("progress_cmd", "progress"),
    "map": ("map_cmd", "map_"),
    "diff": ("diff_cmd", "diff"),
    "flags": ("flags_cmd", "flags"),
    "history": ("history_cmd", "history"),
    "show": ("show_cmd", "show"),
    "plans": ("plans_cmd", "plans"),
    "search": ("search_cmd", "search"),
    "metrics": ("metrics_cmd", "metrics"),
    "export": ("export_cmd", "export"),
    "report": ("export_cmd", "report"),
    "draft": ("draft_cmd", "draft"),
    "validate": ("validate_cmd", "validate"),
    "audit": ("audit_cmd", "audit"),
    "schema": ("validate_cmd", "schema"),
}
GROUPS = {"cache": ("cache_cmd", "app")}  # commands with subcommands: name → (module, Typer)
SETTINGS: dict[str, dict[str, Any]] = {"audit": {"allow_extra_args": True}}


def _module(name: str) -> ModuleType:
    """A command's module, imported when the command runs: each imports at its top the
    library modules its command needs, and most commands need few of them."""
    match name:
        case "audit_cmd":
            from qualpolicy.cli import audit_cmd

            return audit_cmd
        case "cache_cmd":
            from qualpolicy.cli import cache_cmd

            return cache_cmd
        case "compare_cmd":
            from qualpolicy.cli import compare_cmd

            return compare_cmd
        case "diff_cmd":
            from qualpolicy.cli import diff_cmd

            return diff_cmd
        case "draft_cmd":
            from qualpolicy.cli import draft_cmd

            return draft_cmd
        case "export_cmd":
            from qualpolicy.cli import export_cmd

            return export_cmd
        case "flags_cmd":
            from qualpolicy.cli import flags_cmd

            return flags_cmd
        case "history_cmd":
            from qualpolicy.cli import history_cmd

            return history_cmd
        case "map_cmd":
            from qualpolicy.cli import map_cmd

            return map_cmd
        case "metrics_cmd":
            from qualpolicy.cli import metrics_cmd

            return metrics_cmd
        case "plans_cmd":
            from qualpolicy.cli import plans_cmd

            return plans_cmd
        case "progress_cmd":
            from qualpolicy.cli import progress_cmd

            return progress_cmd
        case "search_cmd":
            from qualpolicy.cli import search_cmd

            return search_cmd
        case "show_cmd":
            from qualpolicy.cli import show_cmd

            return show_cmd
        case "validate_cmd":
            from qualpolicy.cli import validate_cmd

            return validate_cmd
        case _:
            raise ValueError(f"no command module {name}")


def _from(module: str, name: str) -> Any:
    return getattr(_module(module), name)


def build(only: str | None = None) -> typer.Typer:
    """The app with every command, or with just the command ``only``."""
    app = typer.Typer(
        name="qualpolicy",
        help="Compare Chinese provinces' quality-strong-province (质量强省) plans.",
        add_completion=False,
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    app.callback()(_root)
    for name, (module, function) in COMMANDS.items():
        if only in (None, name):
            app.command(name, context_settings=SETTINGS.get(name))(_from(module, function))
    for name, (module, group) in GROUPS.items():
        if only in (None, name):
            app.add_typer(_from(module, group), name=name)
    return app


def __getattr__(name: str) -> Any:
    if name == "app":  # every command: built when first asked for
        globals()["app"] = built = build()
        return built
    raise AttributeError(name)


def _version(value: bool) -> None:
    if value:
        print(f"qualpolicy {__version__}")
        raise typer.Exit()


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
    """The console entry point: builds the command named, or every command."""

    args = root_flags_first(sys.argv[1:])
    named = next((a for a in args if not a.startswith("-")), None)
    known = named in COMMANDS or named in GROUPS
    # A command is short-lived and its objects live to its end: the cyclic garbage
    # collector would only walk the growing heap again and again while modules load.
    gc.disable()
    try:
        build(named if known else None)(args=args, prog_name="qualpolicy")
    finally:
        gc.enable()


def run() -> NoReturn:
    """The console script: :func:`main`, then leave at once.  Tearing the interpreter
    down — freeing every object a finished command made — takes longer than the rest of
    some commands, and nothing is left to do: output is flushed, files are closed."""
    try:
        main()
        code: object = 0
    except SystemExit as exc:
        code = exc.code
    if code is not None and not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # the reader went away, or the stream is closed
        pass
    os._exit(code or 0)
