"""Exceptions the library raises; the CLI turns each into a plain message and exit code."""

from __future__ import annotations


class QualpolicyError(Exception):
    """Base class: a problem the user can fix, reported without a traceback."""

    hint: str | None = None

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.hint = hint


class DataDirError(QualpolicyError):
    """The data directory is missing or does not have the expected layout."""


class PlanNotFound(QualpolicyError):
    """No plan matches the name given."""


class UnknownMetric(QualpolicyError):
    """No catalogue metric matches the name given."""


class InvalidData(QualpolicyError):
    """Shipped or user data failed validation; run `qualpolicy validate` for details."""
