"""Loading the plans of a data directory and finding one by name."""

from __future__ import annotations

import difflib
import pickle
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from qualpolicy import workers
from qualpolicy.errors import DuplicatePlan, PlanNotFound, QualpolicyError
from qualpolicy.loading.checking import load_checked
from qualpolicy.loading.datadir import display_path, plan_id
from qualpolicy.loading.rules import plan_problems
from qualpolicy.loading.stored import stored
from qualpolicy.models import Plan
from qualpolicy.text.normalize import Normalizer

KNOWN_IN_HINT = 20
_REGION_SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "省", "市")


def load_plan(path: Path) -> Plan:
    """One plan file, validated; raises :class:`InvalidData` naming the first problem."""

    return load_checked(path, Plan, plan_problems, "plan file")


def _read(path: str) -> bytes:
    """A plan file read in a worker, as it goes back: stored (its bulk compressed, as the
    cache keeps it), or None when it does not load (read again by the parent, which
    raises its error)."""

    try:
        plan: Plan | None = stored(load_plan(Path(path)))
    except QualpolicyError:
        plan = None
    return pickle.dumps(plan, protocol=pickle.HIGHEST_PROTOCOL)


def short_region(region: str) -> str:
    """The region without its administrative suffix: 新疆维吾尔自治区 → 新疆, 浙江省 → 浙江."""
    for suffix in _REGION_SUFFIXES:
        if region.endswith(suffix) and len(region) > len(suffix):
            return region[: -len(suffix)]
    return region


def plan_names(plans: Iterable[Plan], *, short: bool = True) -> dict[str, str]:
    """Each plan's name where several are shown together: its region (``short``: without
    the suffix), with the plan's id where two documents of one region are among them."""
    plans = list({p.id: p for p in plans}.values())  # a plan may come once per row
    regions = Counter(p.region for p in plans)
    names = {}
    for p in plans:
        name = short_region(p.region) if short else p.region
        names[p.id] = f"{name} ({p.id})" if regions[p.region] > 1 else name
    return names


class PlanSet:
    """The plans of one data directory, in id order, findable by id or region.

    Plans load on first use, so asking for one plan by id reads one file and a
    broken file elsewhere does not get in the way.
    """

    def __init__(self, files: list[str], normalizer: Normalizer):
        self.files: dict[str, str] = {}
        """Plan id → its file."""
        for path in files:
            stem = plan_id(path)
            other = self.files.setdefault(stem, path)
            if other != path:
                raise DuplicatePlan(
                    f"two plans with the id {stem}: {display_path(other)} and {display_path(path)}",
                    "plan ids are unique across all data directories; rename one of them",
                )
        self.files = dict(sorted(self.files.items()))
        self.normalizer = normalizer
        self._loaded: dict[str, Plan] = {}

    def preload(self, plans: list[Plan]) -> None:
        """Use already validated plans (from the cache) instead of reading files."""
        for plan in plans:
            if plan.id in self.files:
                self._loaded[plan.id] = plan

    def _load(self, stem: str) -> Plan:
        if stem not in self._loaded:
            self._loaded[stem] = load_plan(self.path(stem))
        return self._loaded[stem]

    def path(self, stem: str) -> Path:
        """The file of the plan with the id ``stem``."""
        return Path(self.files[stem])

    def read_all(self) -> None:
        """When many plans are not loaded yet (a snapshot of thousands is being built),
        read them now in worker processes; a file that does not load raises as on first
        use.  A few are left to be read on first use, as ever."""
        stems = [stem for stem in self.files if stem not in self._loaded]
        if workers.workers_for(len(stems)) < 2:
            return  # read on first use, as ever
        entries = workers.in_workers(_read, [self.files[stem] for stem in stems])
        for stem, entry in zip(stems, entries, strict=True):
            plan = pickle.loads(entry)
            self._loaded[stem] = plan if plan is not None else load_plan(self.path(stem))

    @property
    def plans(self) -> list[Plan]:
        return sorted((self._load(stem) for stem in self.files), key=lambda p: p.id)

    def __iter__(self) -> Iterator[Plan]:
        return iter(self.plans)

    def __len__(self) -> int:
        return len(self.files)

    @staticmethod
    def _names(plan: Plan) -> set[str]:
        names = {plan.id, plan.region, short_region(plan.region)}
        if plan.region_en:
            names.add(plan.region_en)
        return {name.lower() for name in names}

    def get(self, name: str, among: Callable[[Plan], bool] | None = None) -> Plan:
        """A plan by id, English name, or region in either script (四川, 重慶, 浙江省).  A
        region with several documents names the one ``among`` admits (the one in force);
        when that is still several, :class:`PlanNotFound` lists them."""
        found = self._named(name, among)
        if len(found) == 1:
            return found[0]
        if found:
            listed = ", ".join(_describe(p) for p in found)
            raise PlanNotFound(
                f"{name!r} names {len(found)} documents: {listed}",
                "name one by its id (qualpolicy plans --all-versions lists them)",
            )
        raise self._not_found(name)

    def _named(self, name: str, among: Callable[[Plan], bool] | None) -> list[Plan]:
        """The plans ``name`` names: the plan with that id, else every plan of a region of
        that name (those ``among`` admits, when it admits any)."""
        key = name.strip()
        if key.lower() in self.files:
            return [self._load(key.lower())]
        wanted = {reading.lower() for reading in self.normalizer.readings(key)}
        found = [plan for plan in self.plans if wanted & self._names(plan)]
        admitted = [plan for plan in found if among is None or among(plan)]
        return admitted or found

    def _not_found(self, name: str) -> PlanNotFound:
        key = name.strip()
        choices = [n for plan in self.plans for n in (plan.id, plan.region)]
        close = difflib.get_close_matches(key, choices, n=3, cutoff=0.4)
        hint = f"did you mean {' or '.join(close)}? " if close else ""
        known = [f"{p.id} ({p.region})" for p in self.plans]
        if len(known) > KNOWN_IN_HINT:  # thousands of plans: `qualpolicy plans` lists them
            more = len(known) - KNOWN_IN_HINT
            known = [*known[:KNOWN_IN_HINT], f"and {more} more (qualpolicy plans lists them)"]
        return PlanNotFound(
            f"no plan called {name!r}",
            f"{hint}known plans: {', '.join(known)}",
        )

    def select(
        self, names: list[str] | None, among: Callable[[Plan], bool] | None = None
    ) -> list[Plan]:
        """The plans named (all when ``names`` is empty), each once, in the order given; of
        a region with several documents, those ``among`` admits (the documents in force).
        A name no plan has raises :class:`PlanNotFound`."""
        if not names:
            return [p for p in self.plans if among is None or among(p)]
        chosen: dict[str, Plan] = {}
        for name in names:
            found = self._named(name, among)
            if not found:
                raise self._not_found(name)
            for plan in found:
                chosen.setdefault(plan.id, plan)
        return list(chosen.values())


def _describe(plan: Plan) -> str:
    """``shandong (outline, 2023-04-24)``: a document among its region's."""
    kind = plan.document_type.value if plan.document_type else "document"
    issued = plan.issued.isoformat() if plan.issued else "date not stated"
    return f"{plan.id} ({kind}, {issued})"
