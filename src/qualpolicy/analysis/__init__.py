"""Analysis: the metric catalogue, alignment of wordings to metrics, comparison, diff,
the cascade of levels, progress and headroom, the plans inventory and what the report
shows."""
