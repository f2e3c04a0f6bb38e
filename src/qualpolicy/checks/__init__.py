"""Checks of a workspace's files that need its catalogue and plans: validate, its cached
batches, the curator's alias hints and the published JSON Schemas."""
