"""The one error every document reader raises for input it cannot read."""

from __future__ import annotations

from qualpolicy.errors import QualpolicyError

STDIN = "-"


def shown(name: str) -> str:
    """The file as a message names it: standard input has no file name."""
    return "standard input" if name == STDIN else name


class DocumentError(QualpolicyError):
    """A document that cannot be read as given: empty, too large, scanned, encrypted, damaged,
    or of a format qualpolicy does not read. The message always starts with the file's name."""

    exit_code = 1

    def __init__(self, name: str, problem: str, hint: str):
        super().__init__(f"{shown(name)}: {problem}", hint)
        self.name = name
