"""`qualpolicy cache info` and `qualpolicy cache clear`."""

import typer

from qualpolicy import cache
from qualpolicy.cache import CacheInfo
from qualpolicy.cli.common import handle_errors

app = typer.Typer(
    help="The per-user cache of validated data (safe to clear at any time).",
    no_args_is_help=True,
    rich_markup_mode=None,
)


def _line(found: CacheInfo) -> str:
    """``folder: N entries, B bytes``, or that the cache is off."""
    if found.folder is None:
        return "the cache is off (QUALPOLICY_NO_CACHE is set)"
    return f"{found.folder}: {found.entries} entries, {found.size:,} bytes"


@app.command()
@handle_errors
def info() -> None:
    """Where the cache is, how many entries it holds and their size."""

    print(_line(cache.info()))


@app.command()
@handle_errors
def clear() -> None:
    """Delete every cache entry; the next command rebuilds what it needs."""

    removed = cache.clear()
    print(_line(removed) if removed.folder is None else f"cleared {_line(removed)}")
