"""The library for notebooks: ``import qualpolicy as qp; ws = qp.load()``.

Each result keeps the typed object it wraps (``.comparison``, ``.diff``) and
gives ``.to_records()`` — plain dicts with the fields of the matching
``--format json`` output — and ``.to_pandas()`` when pandas is installed
(``pip install 'qualpolicy[pandas]'``; nothing else here imports pandas).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, overload

from qualpolicy import taskwords
from qualpolicy.analysis.cascade import choose
from qualpolicy.analysis.compare import Comparison, compare_metric
from qualpolicy.analysis.diff import PlanDiff, diff_plans
from qualpolicy.analysis.progress import gather
from qualpolicy.models import LevelFilter, Plan
from qualpolicy.render.compare import comparison_rows
from qualpolicy.render.dataset import Table, build_tables
from qualpolicy.render.diff import as_data
from qualpolicy.render.export import export_dataset
from qualpolicy.render.report import write_report
from qualpolicy.workspace import Workspace


class Records:
    """A result that reads as rows."""

    def to_records(self) -> list[dict[str, Any]]:
        raise NotImplementedError

    def columns(self) -> list[str] | None:
        """Column order for an empty frame; None to take the records' own."""
        return None

    def to_pandas(self) -> Any:
        """The records as a pandas DataFrame; nested fields become ``a.value``-style columns."""
        try:
            import pandas as pd
        except ImportError as exc:
            raise ImportError("to_pandas() needs pandas: pip install 'qualpolicy[pandas]'") from exc
        records = self.to_records()
        if not records:
            return pd.DataFrame(columns=self.columns())
        return pd.json_normalize(records)

    def __len__(self) -> int:
        return len(self.to_records())


class Compared(Records):
    """One metric across plans (``qualpolicy compare --metric``)."""

    def __init__(self, comparison: Comparison):
        self.comparison = comparison

    def to_records(self) -> list[dict[str, Any]]:
        """The ``rows`` of the JSON output: figures by ambition, then plans without one."""

        return comparison_rows(self.comparison)

    def __repr__(self) -> str:
        m = self.comparison.metric
        return f"<Compared {m.name} ({m.id}): {len(self)} rows>"


class Diffed(Records):
    """Two plans side by side (``qualpolicy diff``)."""

    def __init__(self, diff: PlanDiff):
        self.diff = diff

    def data(self) -> dict[str, Any]:
        """The whole JSON output: pairs, one-sided entries, task themes."""

        return as_data(self.diff)

    def to_records(self) -> list[dict[str, Any]]:
        """The JSON output's ``pairs``: a metric both plans address, both figures, a verdict."""
        pairs: list[dict[str, Any]] = self.data()["pairs"]
        return pairs

    def __repr__(self) -> str:
        return f"<Diffed {self.diff.a.id} vs {self.diff.b.id}: {len(self.diff.pairs)} pairs>"


class TableRecords(Records):
    """One table of the dataset, as ``qualpolicy export`` writes it."""

    def __init__(self, table: Table):
        self.table = table

    def to_records(self) -> list[dict[str, Any]]:
        return self.table.rows

    def columns(self) -> list[str]:
        return [c.name for c in self.table.columns]

    def to_pandas(self) -> Any:
        frame = super().to_pandas()
        return frame[self.columns()] if len(frame) else frame

    def __repr__(self) -> str:
        return f"<TableRecords {self.table.name}: {len(self.table.rows)} rows>"


class Plans(Records, Sequence[Plan]):
    """The plans, as typed :class:`~qualpolicy.models.Plan` objects and as the plans table.

    ``plans[0]`` is the first by id; ``plans["江蘇"]`` finds one by any name the CLI takes.
    """

    def __init__(self, session: Session):
        self._session = session
        self._plans = session.workspace.plans.plans

    @overload
    def __getitem__(self, key: int | str) -> Plan: ...
    @overload
    def __getitem__(self, key: slice) -> Sequence[Plan]: ...
    def __getitem__(self, key: int | str | slice) -> Plan | Sequence[Plan]:
        if isinstance(key, str):
            return self._session.workspace.plans.get(key)
        return self._plans[key]

    def __len__(self) -> int:
        return len(self._plans)

    def __iter__(self) -> Iterator[Plan]:
        return iter(self._plans)

    def to_records(self) -> list[dict[str, Any]]:
        return self._session.table("plans").to_records()

    def columns(self) -> list[str]:
        return self._session.table("plans").columns()

    def __repr__(self) -> str:
        return f"<Plans {', '.join(p.id for p in self._plans)}>"


class Session:
    """The shipped data (and any directories of your own layered over it), ready for
    questions.  Loading is lazy and cached like the CLI's."""

    def __init__(
        self,
        data_dir: str | Path | Sequence[str | Path] | None = None,
        *,
        use_cache: bool = True,
        own_only: bool = False,
    ):
        given = [data_dir] if isinstance(data_dir, str | Path) else list(data_dir or [])
        self.workspace = Workspace([Path(d) for d in given], use_cache=use_cache, own_only=own_only)

    @property
    def plans(self) -> Plans:
        return Plans(self)

    def _select(self, plans: Sequence[str] | None) -> list[Plan]:
        """The plans named (a name or several), or all."""
        names = [plans] if isinstance(plans, str) else list(plans or [])
        return self.workspace.plans.select(names or None)

    def compare(
        self,
        metric: str,
        plans: Sequence[str] | None = None,
        *,
        within: str | None = None,
        level: str | None = None,
        exact: bool = False,
    ) -> Compared:
        """One metric (id, Chinese name in either script, alias or English name) across
        plans; ``within="浙江"`` takes a plan, the plans below it and the nation; ``level``
        is national, province, city or county; ``exact`` leaves similarity matches out.  Each
        target carries its headroom against the latest actual of its region."""

        ws = self.workspace
        found = ws.catalogue.find(metric, ws.normalizer)
        names = [plans] if isinstance(plans, str) else list(plans or []) or None
        chosen = choose(ws.plans, names, within=within, level=LevelFilter(level) if level else None)
        evidence = gather(ws.actuals, ws.plans.plans, ws.aligner, {found.id})
        return Compared(compare_metric(found, chosen, ws.aligner, exact=exact, evidence=evidence))

    def diff(self, a: str, b: str, *, themes: bool = True) -> Diffed:
        """Two plans side by side; ``themes=False`` skips task themes (and jieba)."""
        ws = self.workspace
        return Diffed(
            diff_plans(
                ws.plans.get(a),
                ws.plans.get(b),
                ws.aligner,
                taskwords.themes(ws) if themes else None,
            )
        )

    def table(self, name: str, plans: Sequence[str] | None = None) -> TableRecords:
        """One table of the export: targets, plans, actuals, tasks, metrics or columns."""
        ws = self.workspace
        [table] = build_tables(self._select(plans), ws.aligner, ws.actuals, [name])
        return TableRecords(table)

    def export(
        self,
        path: str | Path,
        fmt: str,
        *,
        tables: Sequence[str] | None = None,
        plans: Sequence[str] | None = None,
        force: bool = False,
    ) -> int:
        """Write the dataset as ``qualpolicy export`` does (csv, xlsx, sqlite or json);
        the file's size in bytes."""

        ws = self.workspace
        names = list(tables) if tables else None
        _, size = export_dataset(
            self._select(plans), ws.aligner, ws.actuals, fmt, Path(path), names=names, force=force
        )
        return size

    def report(
        self, path: str | Path, *, plans: Sequence[str] | None = None, force: bool = False
    ) -> int:
        """Write the HTML report as ``qualpolicy report`` does; the file's size in bytes."""

        ws = self.workspace
        evidence = gather(ws.actuals, ws.plans.plans, ws.aligner)
        _, size = write_report(
            self._select(plans), ws.aligner, Path(path), evidence=evidence, force=force
        )
        return size

    def __repr__(self) -> str:
        return f"<qualpolicy Session {self.workspace.data_dir}>"
