"""qualpolicy: compare Chinese provinces' quality-strong-province plans.

The library is importable on its own; :mod:`qualpolicy.cli` is a thin layer
over it.  In a notebook::

    import qualpolicy as qp

    ws = qp.load()
    ws.compare("制造业质量竞争力指数").to_pandas()
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from qualpolicy.about import __version__

if TYPE_CHECKING:
    from qualpolicy.api import Session

__all__ = ["__version__", "load"]


def load(
    data_dir: str | Path | Sequence[str | Path] | None = None,
    *,
    use_cache: bool = True,
    own_only: bool = False,
) -> Session:
    """The shipped plans, with ``data_dir`` (one directory or several; default:
    $QUALPOLICY_DATA) layered over them; ``own_only`` leaves the shipped plans out."""
    from qualpolicy.api import Session

    return Session(data_dir, use_cache=use_cache, own_only=own_only)
