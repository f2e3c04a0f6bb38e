"""The whole dataset as tidy tables: plans, targets, flags, actual statistics, tasks, the
metric catalogue, and a data dictionary of every column.

Rows are plain JSON-ready dicts (lists stay lists, dates are ISO text); the
writers in :mod:`qualpolicy.render.export` type them for each format.  A
target row is the entry's JSON (:func:`~qualpolicy.render.compare.entry_dict`)
with its match flattened, so an export and ``--format json`` never disagree.
Each table declares its columns here once, with a type and a description; a
test checks that they are exactly the fields the rows carry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from qualpolicy.analysis.actuals import Known, align_actual
from qualpolicy.analysis.align import Aligned, Aligner
from qualpolicy.analysis.cascade import said
from qualpolicy.analysis.catalogue import Catalogue
from qualpolicy.analysis.flags import flags
from qualpolicy.analysis.progress import Evidence, headroom
from qualpolicy.errors import QualpolicyError
from qualpolicy.loading.actuals import ActualsFile
from qualpolicy.models import Kind, Plan, to_data
from qualpolicy.render.compare import entry_dict
from qualpolicy.render.flags import flag_record
from qualpolicy.render.metrics import catalogue_records
from qualpolicy.render.progress import headroom_text
from qualpolicy.render.versus import versus_text


class ColumnType(StrEnum):
    text = "text"
    integer = "integer"
    numeric = "numeric"  # a figure exactly as recorded: an integer or a decimal
    boolean = "boolean"
    date = "date"  # ISO text, 2023-03-10
    list = "list"  # several values; "; "-joined where a cell holds one


T = ColumnType

LIST_SEPARATOR = "; "


def flat_value(value: Any, kind: ColumnType) -> Any:
    """A value as one cell holds it: a list joined, everything else unchanged."""
    if kind is ColumnType.list and value is not None:
        return LIST_SEPARATOR.join(str(v) for v in value)
    return value


@dataclass(frozen=True)
class Column:
    name: str
    type: ColumnType
    description: str
    references: str | None = None
    """``table.column`` this column's values come from."""


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    key: tuple[str, ...]
    columns: tuple[Column, ...]
    rows: list[dict[str, Any]] = field(default_factory=list)

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


def _table(name: str, description: str, key: tuple[str, ...], *columns: Column) -> Table:
    return Table(name, description, key, columns)


PLANS = _table(
    "plans",
    "One row per plan: who issued it, when, for which years, and where its text comes from.",
    ("id",),
    Column("id", T.text, "plan id, equal to its file name (jiangsu)"),
    Column("region", T.text, "region in simplified Chinese (江苏省)"),
    Column("region_en", T.text, "region in English"),
    Column("level", T.text, "national, province, municipality, prefecture, county or district"),
    Column("parent", T.text, "id of the plan of the region above (levels below the province)"),
    Column("title", T.text, "document title in the source's script"),
    Column("title_normalized", T.text, "the title in simplified mainland wording"),
    Column("title_exact", T.boolean, "false when the source does not give the exact title"),
    Column("issuer", T.text, "who issued the plan"),
    Column("issued", T.date, "date of issue, if the source states it"),
    Column("document_number", T.text, "the document number (文号), if the source gives it"),
    Column("horizon", T.list, "years the plan sets goals for"),
    Column("document_type", T.text, "outline, opinions, plan, action_plan, planning …"),
    Column("period", T.list, "the first and last year the document covers"),
    Column("supersedes", T.list, "ids of the region's earlier documents it replaces"),
    Column("script", T.text, "script of the source text: simplified or traditional"),
    Column("vocabulary", T.text, "regional word choice of the source: mainland or taiwan"),
    Column("notes", T.text, "curator's notes"),
    Column("source_file", T.text, "source text shipped in the data's sources/ folder"),
    Column("source_urls", T.list, "where the source was published"),
    Column("source_publisher", T.text, "who published the copy read"),
    Column("source_published", T.date, "the date the copy read carries"),
    Column("source_extent", T.text, "full, or partial when only part of it was read"),
    Column("source_read_to", T.text, "for a partial reading: where it stopped"),
    Column("source_note", T.text, "curator's note on the source"),
    Column("source_unavailable_reason", T.text, "why no source text ships"),
    Column("targets", T.integer, "number of entries (targets, baselines, directions)"),
    Column("tasks", T.integer, "number of tasks"),
)

# How a wording was matched to the catalogue: the same for plan entries and actuals.
MATCH_COLUMNS = (
    Column("metric_normalized", T.text, "the wording in simplified mainland Chinese"),
    Column("metric_id", T.text, "catalogue metric it measures; empty if none", "metrics.id"),
    Column("match_rule", T.text, "alias, pattern, unmatched or deliberately-unmatched"),
    Column("match_confidence", T.numeric, "1.0 for a name or alias, 0.8 for a pattern, 0 none"),
    Column("match_detail", T.text, "which name, alias or pattern matched, or why none"),
)
NEW_ONLY = Column("new_only", T.boolean, "counts new ones only, not the stock")
CUMULATIVE = Column("cumulative", T.boolean, "a cumulative or period total")

TARGETS = _table(
    "targets",
    "One row per plan entry: a target, a current-status baseline, or a direction without a "
    "figure, with the catalogue metric it measures and the words it rests on.",
    ("plan", "position"),
    Column("plan", T.text, "plan id", "plans.id"),
    Column("position", T.integer, "the entry's place in the plan file, from 0 (targets[0])"),
    Column("region", T.text, "region of the plan"),
    Column("metric", T.text, "the metric as the plan writes it, in its script"),
    *MATCH_COLUMNS,
    Column("kind", T.text, "target, baseline (current status) or direction (no figure)"),
    Column("comparator", T.text, "ge ≥, gt >, le ≤, lt <, eq =, approx ≈"),
    Column("value", T.numeric, "the figure exactly as written (24万 is 240000)"),
    Column("unit", T.text, "percent, index, count, … (see the catalogue's units)"),
    Column("unit_text", T.text, "the unit or counter as written (家, 项)"),
    Column("unit_text_normalized", T.text, "unit_text in simplified script"),
    Column("year", T.integer, "year the figure is for; empty if the text states none"),
    Column("base_year", T.integer, "year a change is measured from"),
    Column("scope", T.text, "whom the figure covers if narrower than the region (normalised)"),
    Column("hedge", T.text, "力争, 争创, 争取 or 努力: an aspiration, not a commitment"),
    Column("held", T.boolean, "the level is to be held (稳定在, 保持)"),
    NEW_ONLY,
    CUMULATIVE,
    Column("per_year", T.boolean, "a yearly quota, or with change a yearly rate"),
    Column("change", T.text, "increase or decrease relative to base_year, not a level"),
    Column("trend", T.text, "for directions: increase, decrease, maintain, …"),
    Column("implied", T.boolean, "value implied by words (全覆盖 = 100), not written"),
    Column("combined", T.boolean, "one figure for a wording that names two metrics"),
    Column("caveats", T.list, "what to know before comparing the figure"),
    Column("quote", T.text, "the verbatim source text the entry rests on"),
    Column("note", T.text, "curator's note"),
    Column("level", T.text, "the plan's level: national, province, municipality, prefecture …"),
    Column("parent", T.text, "id of the plan of the region above (cities); it may not be shipped"),
    Column(
        "cascade",
        T.list,
        "a target held against each level above it on its basis, over every plan of the "
        "data (⚑ below 全国 = 86 (2025); matches …; above …; 浙江省 ≥ 93 for 2030)",
    ),
    Column("flagged", T.boolean, "the target falls below a target of a level above it (⚑)"),
    Column(
        "headroom_status",
        T.text,
        "to_go, passed, met, missed, uncertain, not_computed or no_actual (targets only)",
    ),
    Column("headroom", T.text, "the latest actual, the distance and pace, in words"),
    Column("as_of", T.date, "the day the headroom and the target years are judged on"),
)

FLAGS = _table(
    "flags",
    "One row per reason a target is flagged, with the figure it is held against: below a "
    "target of a level above on the same basis (lower and due no sooner), not beyond its "
    "region's own level, or missed; worked out over every plan of the data (qualpolicy flags).",
    ("position",),
    Column("position", T.integer, "place among the flags, from 0: the nation first"),
    Column("plan", T.text, "plan id of the flagged target", "plans.id"),
    Column("target_position", T.integer, "the target's position in its plan (targets.position)"),
    Column("region", T.text, "region of the plan"),
    Column("level", T.text, "the plan's level: national, province, municipality, prefecture …"),
    Column("metric_id", T.text, "catalogue metric of the target", "metrics.id"),
    Column("metric", T.text, "the metric's name, with the basis when narrower than the region"),
    Column("basis", T.text, "how the figure is measured (scope, level or change, …)"),
    Column("comparator", T.text, "ge ≥, gt >, le ≤, lt <, eq =, approx ≈"),
    Column("value", T.numeric, "the target's figure exactly as written"),
    Column("unit", T.text, "percent, index, count, … (see the catalogue's units)"),
    Column("year", T.integer, "year the target is for"),
    Column("hedge", T.text, "力争, 争创, 争取 or 努力: an aspiration, not a commitment"),
    Column(
        "why",
        T.text,
        "below_parent (a level above that is not the nation), below_nation, "
        "not_beyond_current (asks no more than its region had when the plan was issued) or "
        "missed (an actual for the target year or later falls short)",
    ),
    Column(
        "against_plan",
        T.text,
        "the plan of the other figure: the level above's, the plan whose baseline it is, or "
        "the region id a reported actual names (it may not be exported)",
    ),
    Column("against_region", T.text, "region of that plan (empty for a reported actual)"),
    Column("against_level", T.text, "level of that plan (empty for a reported actual)"),
    Column("against_origin", T.text, "target (of a level above), baseline or reported"),
    Column("against_comparator", T.text, "the other figure's comparator"),
    Column("against_value", T.numeric, "the other figure, exactly as recorded"),
    Column("against_unit", T.text, "the other figure's unit"),
    Column("against_year", T.integer, "the year the other figure is for"),
    Column("text", T.text, "the flag in words"),
    Column("as_of", T.date, "the day the flags are worked out on"),
)

ACTUALS = _table(
    "actuals",
    "One row per actual statistic (actuals.yaml): what a region's metric stood at in a year, "
    "as reported, with the catalogue metric it measures. The plans' own baselines are in "
    "targets (kind baseline).",
    ("position",),
    Column("position", T.integer, "place among the actuals, from 0: the shipped file's first"),
    Column("region", T.text, "id of the region's plan (national); the plan may not be in the data"),
    Column("metric", T.text, "the metric as the source writes it"),
    *MATCH_COLUMNS,
    Column("value", T.numeric, "the figure as reported, never rounded"),
    Column("comparator", T.text, "eq for a plain figure; ge for 以上 or held at or above"),
    Column("unit", T.text, "percent, index, points, … (see the catalogue's units)"),
    Column("unit_text", T.text, "the unit or counter as written"),
    Column(
        "year",
        T.integer,
        "year the figure refers to (not when it was reported); empty when the source does not say",
    ),
    Column("scope", T.text, "whom or what the figure covers if narrower than the region"),
    CUMULATIVE,
    NEW_ONLY,
    Column("per_year", T.boolean, "a yearly figure, not a total"),
    Column("source_publisher", T.text, "who reported it (人民日报)"),
    Column("source_published", T.date, "the date the report carries"),
    Column("source_title", T.text, "title of the report"),
    Column("source_url", T.text, "the address it was read at"),
    Column("source_file", T.text, "source text in the data's sources/ folder holding the quote"),
    Column(
        "source_quote", T.text, "verbatim words the figure rests on, where the reading gives them"
    ),
    Column("source_script", T.text, "script of the wording and quote: simplified or traditional"),
    Column("source_vocabulary", T.text, "regional word choice: mainland or taiwan"),
    Column("note", T.text, "curator's note"),
)

TASKS = _table(
    "tasks",
    "One row per numbered task of a plan, verbatim, with simplified readings.",
    ("plan", "position"),
    Column("plan", T.text, "plan id", "plans.id"),
    Column("position", T.integer, "the task's place in the plan, from 0"),
    Column("number", T.text, "the plan's own label (13, 1.2, 保障1)"),
    Column("section", T.text, "heading the task sits under, verbatim"),
    Column("title", T.text, "the task's heading, verbatim"),
    Column("text", T.text, "the task's body, verbatim (empty for plans read from web headings)"),
    Column("section_normalized", T.text, "section in simplified mainland wording"),
    Column("title_normalized", T.text, "title in simplified mainland wording"),
    Column("text_normalized", T.text, "text in simplified mainland wording"),
)

METRICS = _table(
    "metrics",
    "The metric catalogue: canonical metrics that plan entries are matched to.",
    ("id",),
    Column("id", T.text, "canonical metric id"),
    Column("name", T.text, "Chinese name, simplified"),
    Column("name_en", T.text, "English name"),
    Column("unit", T.text, "the unit figures for it are measured in"),
    Column("better", T.text, "which way is better: higher or lower"),
    Column("category", T.text, "industry, products, food_drugs, …"),
    Column("note", T.text, "what to know about the metric"),
    Column("aliases", T.list, "other wordings that mean it"),
    Column("plans", T.list, "plans (among those exported) with an entry for it"),
)

COLUMNS = _table(
    "columns",
    "This data dictionary: every column of every table.",
    ("table_name", "column_name"),
    Column("table_name", T.text, "table name"),
    Column("column_name", T.text, "column name"),
    Column("type", T.text, "text, integer, numeric, boolean, date or list"),
    Column("description", T.text, "what the column holds"),
    Column("refers_to", T.text, "table.column its values come from"),
)

SPECS = {t.name: t for t in (PLANS, TARGETS, FLAGS, ACTUALS, TASKS, METRICS, COLUMNS)}
TABLE_NAMES = tuple(SPECS)


def _flat(data: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Nested mappings flattened with ``_``: {"source": {"file": …}} → source_file."""
    out: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            out.update(_flat(value, f"{prefix}{key}_"))
        else:
            out[f"{prefix}{key}"] = value
    return out


def plan_fields(plan: Plan, aligner: Aligner) -> dict[str, Any]:
    data = to_data(plan)
    data["targets"], data["tasks"] = len(plan.targets), len(plan.tasks)
    del data["exclusions"]
    data["title_normalized"] = aligner.normalize(plan.title, plan)
    return _flat(data)


def target_fields(entry: Aligned, evidence: Evidence, catalogue: Catalogue) -> dict[str, Any]:
    """An entry's row: its JSON, flattened, and how it stands against the levels above and
    the latest actual (for a target of a catalogue metric)."""
    data = _flat(entry_dict(entry))
    data["metric_id"] = data.pop("match_metric")
    data["position"] = entry.index
    data["level"] = entry.plan.level.value
    data["parent"] = entry.plan.parent
    metric = catalogue.by_id.get(entry.match.metric_id or "")
    found = list(evidence.versus(entry, metric)) if metric is not None else []
    h = headroom(entry, catalogue, evidence) if entry.kind is Kind.target else None
    data["cascade"] = [versus_text(v) for v in said(found)]
    data["flagged"] = any(v.flagged for v in found)
    data["headroom_status"] = h.status.value if h else None
    data["headroom"] = headroom_text(h) if h else None
    data["as_of"] = evidence.as_of.isoformat()
    return data


def flag_fields(plans: list[Plan], aligner: Aligner, evidence: Evidence) -> list[dict[str, Any]]:
    """The flags of ``plans``' targets (each worked out on the whole evidence, so the
    plans exported change only which flags are listed)."""
    day = evidence.as_of.isoformat()
    return [
        {"position": i, **flag_record(f), "as_of": day}
        for i, f in enumerate(flags(plans, aligner, evidence))
    ]


def actual_fields(position: int, known: Known) -> dict[str, Any]:
    match = known.match
    return {
        "position": position,
        **_flat(to_data(known.actual)),
        "metric_normalized": known.metric_text,
        "metric_id": match.metric_id,
        "match_rule": match.rule,
        "match_confidence": match.confidence,
        "match_detail": match.detail,
    }


def task_fields(plan: Plan, aligner: Aligner) -> list[dict[str, Any]]:
    def norm(text: str | None) -> str | None:
        return aligner.normalize(text, plan) if text else None

    return [
        {
            "plan": plan.id,
            "position": i,
            **to_data(task),
            "section_normalized": norm(task.section),
            "title_normalized": norm(task.title),
            "text_normalized": norm(task.text),
        }
        for i, task in enumerate(plan.tasks)
    ]


def _rows(spec: Table, records: list[dict[str, Any]]) -> Table:
    names = [c.name for c in spec.columns]
    return Table(
        spec.name,
        spec.description,
        spec.key,
        spec.columns,
        [{name: record[name] for name in names} for record in records],
    )


def pick_tables(names: list[str] | None) -> list[str]:
    """Table names in their standard order; all when ``names`` is empty."""
    if not names:
        return list(TABLE_NAMES)
    unknown = [n for n in names if n not in SPECS]
    if unknown:
        raise QualpolicyError(
            f"no table called {', '.join(unknown)}",
            f"the tables are {', '.join(TABLE_NAMES)}",
        )
    return [n for n in TABLE_NAMES if n in names]


def build_tables(
    plans: list[Plan],
    aligner: Aligner,
    actuals: ActualsFile,
    evidence: Evidence,
    names: list[str] | None = None,
) -> list[Table]:
    """The tables named (default: all) for ``plans``; the catalogue and the actual
    statistics are always whole.  ``evidence`` (every plan's targets and the actuals, as of
    a day) says how each target stands against the levels above it and its actual."""
    chosen = pick_tables(names)
    aligned = aligner.align(plans) if {"targets", "metrics"} & set(chosen) else []
    records: dict[str, Callable[[], list[dict[str, Any]]]] = {
        "plans": lambda: [plan_fields(p, aligner) for p in plans],
        "targets": lambda: [target_fields(a, evidence, aligner.catalogue) for a in aligned],
        "flags": lambda: flag_fields(plans, aligner, evidence),
        "actuals": lambda: [
            actual_fields(i, align_actual(a, aligner)) for i, a in enumerate(actuals.actuals)
        ],
        "tasks": lambda: [row for p in plans for row in task_fields(p, aligner)],
        "metrics": lambda: catalogue_records(aligner.catalogue, aligned),
        "columns": lambda: dictionary([SPECS[n] for n in chosen]),
    }
    return [_rows(SPECS[name], records[name]()) for name in chosen]


def dictionary(tables: list[Table]) -> list[dict[str, Any]]:
    return [
        {
            "table_name": t.name,
            "column_name": c.name,
            "type": c.type.value,
            "description": c.description,
            "refers_to": c.references,
        }
        for t in tables
        for c in t.columns
    ]
