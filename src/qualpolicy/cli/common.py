"""What every command shares: options, the console, and turning errors into exit codes."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, ParamSpec, TypeVar

import typer

from qualpolicy.errors import QualpolicyError

if TYPE_CHECKING:
    from qualpolicy.workspace import Workspace

P = ParamSpec("P")
R = TypeVar("R")
F = TypeVar("F", bound=StrEnum)

EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 70

DataDirOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--data-dir",
        help="Your data directory (plans/, sources/, metrics.yaml …), layered over the "
        "shipped data; give it more than once to layer several (default: $QUALPOLICY_DATA).",
        file_okay=False,
        show_default=False,
    ),
]


class State:
    """Process-wide switches set by the root options."""

    debug = False
    own_only = False

    @staticmethod
    def from_environment() -> bool:
        return bool(os.environ.get("QUALPOLICY_DEBUG"))


def workspace(data_dirs: list[Path] | None, *, use_cache: bool = True) -> Workspace:
    """The workspace a command reads, as the root options and --data-dir ask."""
    from qualpolicy.workspace import Workspace

    return Workspace(data_dirs, use_cache=use_cache, own_only=State.own_only)


def fail(message: str, hint: str | None = None, code: int = EXIT_ERROR) -> typer.Exit:
    """Print an error the way every command does, and return the exit to raise."""
    print(f"error: {message}", file=sys.stderr)
    if hint:
        print(f"  hint: {hint}", file=sys.stderr)
    return typer.Exit(code)


def handle_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Library errors become a message and exit 1; bugs, a note and exit 70 (or --debug)."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except (typer.Exit, typer.Abort):
            raise
        except QualpolicyError as exc:
            if State.debug:
                raise
            raise fail(str(exc), exc.hint, exc.exit_code) from None
        except KeyboardInterrupt:
            raise typer.Exit(130) from None
        except BrokenPipeError:
            # The reader went away (`qualpolicy diff a b | head`): stop quietly, and keep
            # the interpreter's final flush from failing on the closed pipe too.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise typer.Exit(0) from None
        except Exception as exc:
            if State.debug:
                raise
            raise fail(
                f"internal error: {type(exc).__name__}: {exc}",
                "this is a bug in qualpolicy; rerun with --debug for the traceback and report it",
                EXIT_INTERNAL,
            ) from None

    return wrapper


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


def console() -> Any:
    """A rich console on stdout (imported here: only table output pays for rich.console)."""
    from rich.console import Console

    # markup off: plan text is data, and a "[...]" in it must print as written
    return Console(highlight=False, markup=False, soft_wrap=False)


PlansOption = Annotated[
    str | None,
    typer.Option(
        "--plans",
        "-p",
        help="Comma-separated plans by id or region, in either script (default: all).",
        show_default=False,
    ),
]


def split_plans(value: str | None) -> list[str] | None:
    if not value:
        return None
    return [part.strip() for part in value.replace("，", ",").split(",") if part.strip()]


OutOption = Annotated[
    Path | None,
    typer.Option(
        "--out",
        "-o",
        help="Write to this file instead of stdout; the format follows --format or the "
        "file's suffix. An existing file is kept unless --force.",
        dir_okay=False,
        show_default=False,
    ),
]
ForceOption = Annotated[bool, typer.Option("--force", help="Replace an existing --out file.")]

# What a file's suffix says about its format, for --out without --format.
SUFFIX_FORMATS = {
    ".csv": "csv",
    ".json": "json",
    ".md": "markdown",
    ".markdown": "markdown",
    ".xlsx": "xlsx",
    ".sqlite": "sqlite",
    ".sqlite3": "sqlite",
    ".db": "sqlite",
}


def file_format(kind: type[F], chosen: F | None, out: Path) -> F:
    """The format to write ``out`` in: as chosen, else the one its suffix names."""
    if chosen is not None and chosen.value != "table":
        return chosen
    names = [f.value for f in kind if f.value != "table"]
    guessed = SUFFIX_FORMATS.get(out.suffix.lower())
    if guessed not in names:
        raise fail(
            f"cannot tell the format of {out.name} from its suffix",
            f"add --format ({', '.join(names)})",
            EXIT_USAGE,
        )
    return kind(guessed)


def emit(text: str, out: Path | None, *, force: bool = False, csv: bool = False) -> None:
    """Print ``text``, or write it to ``out``: atomically, never over an existing file
    without ``force``, and a CSV file with a byte-order mark so that Excel reads Chinese."""
    from qualpolicy.outfile import write_text

    if not text.endswith("\n"):
        text += "\n"
    if out is None:
        print(text, end="")
        return
    size = write_text(out, text, force=force, bom=csv)
    wrote(out, size)


def wrote(out: Path, size: int, what: str = "") -> None:
    """Say on stderr which file was written (stdout stays the command's output)."""
    from qualpolicy.datadir import display_path

    print(f"wrote {display_path(out)} ({size:,} bytes){what}", file=sys.stderr)
