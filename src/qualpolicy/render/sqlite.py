"""The dataset as a SQLite database (for sqlite3, Datasette, pandas.read_sql …).

Each table gets typed columns, its primary key, foreign keys to the other
tables written alongside, and an index on each such reference; booleans are
0/1, dates ISO text, lists "; "-joined text.  The view ``target_details``
joins every target to its plan and its catalogue metric.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from qualpolicy.render.dataset import Column, ColumnType, Table, flat_value

SQL_TYPES = {
    ColumnType.text: "TEXT",
    ColumnType.integer: "INTEGER",
    ColumnType.numeric: "NUMERIC",  # keeps 88 an integer and 93.07 a real, as recorded
    ColumnType.boolean: "INTEGER",
    ColumnType.date: "TEXT",
    ColumnType.list: "TEXT",
}

VIEW = "target_details"
VIEW_SQL = f"""
CREATE VIEW {VIEW} AS
SELECT t.*,
       p.level AS plan_level,
       p.parent AS plan_parent,
       p.title_normalized AS plan_title,
       p.issued AS plan_issued,
       m.name AS metric_name,
       m.name_en AS metric_name_en,
       m.unit AS metric_unit,
       m.better AS metric_better,
       m.category AS metric_category
FROM targets AS t
JOIN plans AS p ON p.id = t.plan
LEFT JOIN metrics AS m ON m.id = t.metric_id
"""


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _declaration(table: Table, column: Column, present: set[str]) -> str:
    parts = [_q(column.name), SQL_TYPES[column.type]]
    if column.name in table.key:
        parts.append("NOT NULL")
    if column.type is ColumnType.boolean:
        parts.append(f"CHECK ({_q(column.name)} IN (0, 1))")
    if column.references:
        other, key = column.references.split(".")
        if other in present:
            parts.append(f"REFERENCES {_q(other)} ({_q(key)})")
    return " ".join(parts)


def _value(value: Any, kind: ColumnType) -> Any:
    value = flat_value(value, kind)
    return int(value) if isinstance(value, bool) else value


def write_database(tables: list[Table], path: Path) -> None:
    present = {t.name for t in tables}
    con = sqlite3.connect(path)
    try:
        with con:
            for table in tables:
                columns = [_declaration(table, c, present) for c in table.columns]
                key = ", ".join(_q(k) for k in table.key)
                con.execute(
                    f"CREATE TABLE {_q(table.name)} ({', '.join(columns)}, PRIMARY KEY ({key}))"
                )
                marks = ", ".join("?" for _ in table.columns)
                con.executemany(
                    f"INSERT INTO {_q(table.name)} VALUES ({marks})",
                    [[_value(row[c.name], c.type) for c in table.columns] for row in table.rows],
                )
                for column in table.columns:
                    if column.references and column.name != table.key[0]:
                        con.execute(
                            f"CREATE INDEX {_q(f'{table.name}_{column.name}')} "
                            f"ON {_q(table.name)} ({_q(column.name)})"
                        )
            if {"targets", "plans", "metrics"} <= present:
                con.execute(VIEW_SQL)
    finally:
        con.close()
