"""Which metrics a name typed by a user stands for: the one it names exactly, or every
metric whose name contains it — and, then, a note that says so, never a silent pick."""

from __future__ import annotations

from typing import NamedTuple

from qualpolicy.analysis.catalogue import Catalogue, Metric
from qualpolicy.errors import UnknownMetric
from qualpolicy.text.normalize import Normalizer

SHOWN = 3
"""A name that matches more metrics shows the closest this many, and names the rest."""


class Named(NamedTuple):
    """The metrics a name stands for, closest first."""

    query: str
    metrics: list[Metric]
    exact: bool
    """The name is a metric's id, name, alias or English name, not a part of one."""

    @property
    def shown(self) -> list[Metric]:
        return self.metrics[:SHOWN]

    @property
    def note(self) -> str | None:
        """What to tell the user about the name, if anything."""
        if self.exact:
            return None
        names = [f"{m.name} ({m.id})" for m in self.metrics]
        if len(names) == 1:
            return (
                f"“{self.query}” is part of the name of one metric, {names[0]}: showing it. "
                "Name it in full to be sure."
            )
        if len(names) <= SHOWN:
            showing = "each: " + ", ".join(names)
        else:
            showing = f"the {SHOWN} closest: {', '.join(names[:SHOWN])}; not shown: "
            showing += ", ".join(names[SHOWN:])
        return (
            f"“{self.query}” is part of the names of {len(names)} metrics; showing {showing}. "
            "Name one to see only it."
        )


def named(catalogue: Catalogue, query: str, normalizer: Normalizer) -> Named:
    """The metrics ``query`` names (:meth:`Catalogue.matching`); raises
    :class:`UnknownMetric` if none."""
    found = catalogue.matching(query, normalizer)
    try:
        catalogue.find(query, normalizer)
    except UnknownMetric:
        return Named(query.strip(), found, exact=False)
    return Named(query.strip(), found, exact=True)
