"""The objects a command works with, built lazily from one data directory."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

from qualpolicy.align import Aligner
from qualpolicy.catalogue import Catalogue, load_catalogue
from qualpolicy.datadir import data_file, resolve_data_dir
from qualpolicy.errors import DataDirError
from qualpolicy.models import Plan
from qualpolicy.normalize import Normalizer, normalizer_for
from qualpolicy.plans import PlanSet, load_plans
from qualpolicy.sources import SourceText, source_candidates


class Workspace:
    """A data directory and what is loaded from it, each piece on first use."""

    def __init__(self, data_dir: Path | None = None):
        self.data_dir = resolve_data_dir(data_dir)

    @cached_property
    def normalizer(self) -> Normalizer:
        return normalizer_for(data_file(self.data_dir, "vocabulary.yaml"))

    @property
    def plans_dir(self) -> Path:
        return self.data_dir / "plans"

    @cached_property
    def plans(self) -> PlanSet:
        return load_plans(self.plans_dir, self.normalizer)

    def source_text(self, plan: Plan) -> SourceText | None:
        """The plan's shipped source text, or None if it has none."""
        if plan.source.file is None:
            return None
        for candidate in source_candidates(
            self.plans_dir / f"{plan.id}.yaml", plan.source.file, self.data_dir
        ):
            if candidate.is_file():
                return SourceText.read(candidate, plan, self.normalizer)
        raise DataDirError(
            f"source text {plan.source.file} of plan {plan.id} is missing",
            "run `qualpolicy validate` for details",
        )

    @cached_property
    def catalogue(self) -> Catalogue:
        return load_catalogue(data_file(self.data_dir, "metrics.yaml"), self.normalizer)

    @cached_property
    def aligner(self) -> Aligner:
        return Aligner(self.catalogue, self.normalizer)
