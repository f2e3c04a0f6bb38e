"""qualpolicy: compare Chinese provinces' quality-strong-province plans.

The library is importable on its own; :mod:`qualpolicy.cli` is a thin layer
over it.
"""

__version__ = "0.1.0"
