"""The root options' switches, apart from what the commands share: the command line
imports this at once, and the library (through :mod:`.common`) only with the command it
runs, after it has switched the garbage collector off for the imports."""

from __future__ import annotations

import os


class State:
    """Process-wide switches set by the root options."""

    debug = False
    own_only = False

    @staticmethod
    def from_environment() -> bool:
        return bool(os.environ.get("QUALPOLICY_DEBUG"))
