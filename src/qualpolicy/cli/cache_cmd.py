"""`qualpolicy cache info` and `qualpolicy cache clear`."""

from __future__ import annotations

import typer

from qualpolicy.cli.common import handle_errors

app = typer.Typer(
    help="The per-user cache of validated data (safe to clear at any time).",
    no_args_is_help=True,
    rich_markup_mode=None,
)


def _size(size: int) -> str:
    return f"{size:,} bytes"


@app.command()
@handle_errors
def info() -> None:
    """Where the cache is, how many entries it holds and their size."""
    from qualpolicy import cache

    found = cache.info()
    if found.folder is None:
        print("the cache is off (QUALPOLICY_NO_CACHE is set)")
    else:
        print(f"{found.folder}: {found.entries} entries, {_size(found.size)}")


@app.command()
@handle_errors
def clear() -> None:
    """Delete every cache entry; the next command rebuilds what it needs."""
    from qualpolicy import cache

    removed = cache.clear()
    if removed.folder is None:
        print("the cache is off (QUALPOLICY_NO_CACHE is set): nothing to clear")
    else:
        print(f"cleared {removed.folder}: {removed.entries} entries, {_size(removed.size)}")
