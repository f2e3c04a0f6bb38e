"""The package's version, on the lowest floor: the cache keys and the report carry it."""

__version__ = "0.1.0"
