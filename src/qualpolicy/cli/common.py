"""What every command shares: options, output, and turning errors into exit codes.

Exit codes, the same for every command: 0 ok; 1 findings, or no result;
2 usage (a bad option, an unknown plan or metric, a missing path);
70 an internal error (a bug in qualpolicy); 130 interrupted.
"""

from __future__ import annotations

import functools
import os
import re
import sys
from collections.abc import Callable, Mapping
from enum import StrEnum
from pathlib import Path
from typing import IO, Annotated, Any, ParamSpec, TypeVar, cast

import typer

from qualpolicy.analysis.versions import Versions, as_of_day
from qualpolicy.cli.state import State
from qualpolicy.errors import QualpolicyError
from qualpolicy.loading.datadir import display_path
from qualpolicy.models import LevelFilter, Plan
from qualpolicy.render.outfile import write_text
from qualpolicy.workspace import Workspace

P = ParamSpec("P")
R = TypeVar("R")
F = TypeVar("F", bound=StrEnum)

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 70


class TableFormat(StrEnum):
    """For commands whose result is a table."""

    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


class FindingFormat(StrEnum):
    """For commands that report findings at a place in a file (validate, audit)."""

    text = "text"
    json = "json"
    csv = "csv"
    markdown = "markdown"
    github = "github"


FORMAT_HELP = "How to print the result."


def format_option() -> Any:
    """The ``-f/--format`` option; its choices come from the annotated enum."""
    return typer.Option("--format", "-f", help=FORMAT_HELP, show_default=True)


FormatOption = Annotated[TableFormat, format_option()]
FindingFormatOption = Annotated[FindingFormat, format_option()]

JsonOption = Annotated[bool, typer.Option("--json", hidden=True, help="Same as --format json.")]
"""The old spelling of ``--format json``, kept working but not shown in help."""


DATA_DIR_HELP = (
    "Your data directory (plans/, sources/, metrics.yaml …), layered over the shipped "
    "data; give it more than once to layer several (default: $QUALPOLICY_DATA)."
)

DataDirOption = Annotated[
    list[Path] | None,
    typer.Option("--data-dir", help=DATA_DIR_HELP, file_okay=False, show_default=False),
]

LevelOption = Annotated[
    LevelFilter | None,
    typer.Option(
        "--level",
        help="Only plans of this level (municipalities are province level, districts "
        "county level).",
        show_default=False,
    ),
]

WithinOption = Annotated[
    str | None,
    typer.Option(
        "--within",
        help="A plan by id or region (浙江): it, every plan below it and the nation.",
        show_default=False,
    ),
]

MetricsOption = Annotated[
    str | None,
    typer.Option(
        "--metric",
        "-m",
        help="Only this metric: id, Chinese name (either script), alias or English name; "
        "a name several metrics share shows each.",
        show_default=False,
    ),
]

PLANS_HELP = "Plans by id or region in either script, comma-separated or repeated (default: all)."

AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="Judge time as of this day (2026-12-07, 2026-12 or 2026; default today, or "
        "$QUALPOLICY_AS_OF): which target years have passed, the years left, the figures "
        "published by then.",
        envvar="QUALPOLICY_AS_OF",
        metavar="DATE",
        show_default=False,
    ),
]

AllVersionsOption = Annotated[
    bool,
    typer.Option(
        "--all-versions",
        help="Include the documents a later one of their region supersedes (default: only "
        "those in force on the --as-of day).",
    ),
]

PlansOption = Annotated[
    list[str] | None,
    typer.Option("--plans", "-p", help=PLANS_HELP, metavar="<plans>", show_default=False),
]


def split_list(values: str | list[str] | None) -> list[str] | None:
    """``-p a,b -p c`` → [a, b, c] (full-width commas too); nothing → None (all)."""
    names = [
        part.strip()
        for value in ([values] if isinstance(values, str) else values or [])
        for part in value.replace("，", ",").split(",")
        if part.strip()
    ]
    return names or None


def versions(ws: Workspace, as_of: str | None, all_versions: bool) -> Versions | None:
    """Which documents count: those in force on the --as-of day, or all of them."""
    return None if all_versions else Versions(ws.plans.plans, as_of_day(as_of))


def in_force(ws: Workspace, as_of: str | None, all_versions: bool) -> Callable[[Plan], bool] | None:
    """The test of a document in force on the --as-of day; None when every version counts
    (what ``PlanSet.select`` and ``get`` take as ``among``)."""
    documents = versions(ws, as_of, all_versions)
    return documents.in_force if documents else None


def workspace(data_dirs: list[Path] | None, *, use_cache: bool = True) -> Workspace:
    """The workspace a command reads, as the root options and --data-dir ask."""

    return Workspace(data_dirs, use_cache=use_cache, own_only=State.own_only)


def fail(message: str, hint: str | None = None, code: int = EXIT_FINDINGS) -> typer.Exit:
    """Print an error the way every command does, and return the exit to raise."""
    print(f"error: {message}", file=sys.stderr)
    if hint:
        print(f"  hint: {hint}", file=sys.stderr)
    return typer.Exit(code)


def handle_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Library errors become a message and their exit code (1, or 2 for usage);
    bugs, a note and exit 70 (or the traceback with --debug)."""

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


# --- output -----------------------------------------------------------------------------------

_ESCAPE = re.compile(r"\x1b\[[0-9;]*m")


def unpadded(line: str) -> str:
    """``line`` without trailing spaces, keeping any colour codes among them.

    Worked from the end of the line: a regular expression anchored at the end would
    be tried from every space of a padded table row (a tenth of a second over a few
    thousand rows)."""
    if "\x1b" not in line:
        return line.rstrip(" \t")
    end, codes = len(line), []
    while True:
        stripped = len(line[:end].rstrip(" \t"))
        start = line.rfind("\x1b[", 0, stripped)
        if start != -1 and _ESCAPE.fullmatch(line, start, stripped):
            codes.append(line[start:stripped])
            end = start
        else:
            return line[:stripped] + "".join(reversed(codes))


class Unpadded:
    """A text stream that drops the spaces rich pads table lines with."""

    def __init__(self, stream: IO[str]):
        self.stream = stream
        self._partial = ""

    def write(self, text: str) -> int:
        *lines, self._partial = (self._partial + text).split("\n")
        for line in lines:
            self.stream.write(unpadded(line) + "\n")
        return len(text)

    def flush(self) -> None:
        if self._partial:
            self.stream.write(self._partial)
            self._partial = ""
        self.stream.flush()

    def isatty(self) -> bool:
        return self.stream.isatty()

    def fileno(self) -> int:
        return self.stream.fileno()

    @property
    def encoding(self) -> str:
        return getattr(self.stream, "encoding", None) or "utf-8"


def console(file: IO[str] | None = None) -> Any:
    """A rich console on stdout (or ``file``) whose lines carry no trailing padding
    (imported here: only table output pays for rich.console)."""
    from rich.console import Console

    class Quiet(Console):
        def on_broken_pipe(self) -> None:
            # rich would exit 1; a reader that stopped reading (`| head`) is no error
            raise BrokenPipeError

        def print(self, *objects: Any, **options: Any) -> None:
            # Without colours (a file, a pipe: where thousands of rows go) a PlainTable
            # crops itself, and only when it is wider than the console.
            plain = self.color_system is None and not self.record
            if plain and objects and all(hasattr(o, "crop_to") for o in objects):
                for table in objects:
                    table.crop_to = self.width
                options.setdefault("crop", False)
            super().print(*objects, **options)

    stream = cast(IO[str], Unpadded(file or sys.stdout))
    # markup and emoji codes off: plan text is data, and a "[...]" or ":name:" in it
    # must print as written
    return Quiet(file=stream, highlight=False, markup=False, emoji=False, soft_wrap=False)


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
    ".yaml": "yaml",
    ".yml": "yaml",
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


def emit(
    fmt: str,
    text: Mapping[str, Callable[[], str]],
    table: Callable[[Any], None] | None = None,
    *,
    out: Path | None = None,
    force: bool = False,
) -> None:
    """Print a result in format ``fmt`` -- ``table`` draws it on a console; each of
    ``text`` (by format) returns the whole output -- or write it to ``out``:
    atomically, never over an existing file without ``force``, and a CSV file with
    a byte-order mark so that Excel reads Chinese."""
    if out is None and table is not None and fmt == TableFormat.table:
        table(console())
        return
    content = text[fmt]()
    if content and not content.endswith("\n"):
        content += "\n"
    if out is None:
        sys.stdout.write(content)
        return

    wrote(out, write_text(out, content, force=force, bom=fmt == "csv"))


def wrote(out: Path, size: int, what: str = "") -> None:
    """Say on stderr which file was written (stdout stays the command's output)."""

    print(f"wrote {display_path(out)} ({size:,} bytes){what}", file=sys.stderr)
