"""Exceptions the library raises; the CLI turns each into a plain message and exit code."""

from __future__ import annotations


class QualpolicyError(Exception):
    """Base class: a problem the user can fix, reported without a traceback."""

    hint: str | None = None
    exit_code = 1

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.hint = hint


class DataDirError(QualpolicyError):
    """The data directory asked for (--data-dir, $QUALPOLICY_DATA) is missing or malformed."""

    exit_code = 2  # a usage error, like a path argument that does not exist


class PlanNotFound(QualpolicyError):
    """No plan matches the name given."""

    exit_code = 2  # a usage error: the name typed is wrong


class DuplicatePlan(QualpolicyError):
    """Two plan files of the data directories have the same id."""


class UnknownMetric(QualpolicyError):
    """No catalogue metric matches the name given."""

    exit_code = 2


class InvalidData(QualpolicyError):
    """Shipped or user data failed validation; run `qualpolicy validate` for details."""


class BadDate(QualpolicyError):
    """A date given (``--as-of``) that cannot be read."""

    exit_code = 2


class SamePlan(QualpolicyError):
    """Two names for the same plan where two plans are needed (a diff of a plan with itself)."""

    exit_code = 2
