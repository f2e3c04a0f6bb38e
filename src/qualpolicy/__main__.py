"""The ``qualpolicy`` console script and ``python -m qualpolicy``."""

from __future__ import annotations

import gc
from typing import NoReturn


def main() -> NoReturn:
    """Run the command line with the cyclic garbage collector off from the first import.
    A command is short-lived and what it loads lives to its end, while the collector
    would walk the growing heap again and again as typer, rich and pydantic load: about
    3 ms of every command.  Hence the command line is imported here, not at the top."""
    gc.disable()
    from qualpolicy.cli import run

    run()


if __name__ == "__main__":
    main()
