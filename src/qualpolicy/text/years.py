"""The years a clause of a plan names: the year its figures are for (到2025年, 2025年底前,
“十四五”末) or the year it reports the present for (截至2023年底).  Drafting reads them to
date each figure; validate reads them to see that an entry's year is its quote's."""

from __future__ import annotations

import re
from dataclasses import dataclass

_PLAN_PERIOD = {"一": 2010, "二": 2015, "三": 2020, "四": 2025, "五": 2030, "六": 2035}
_TARGET_YEAR = re.compile(
    r"(?:力争|争取)?(?<![截止])(?:到|至)\s*(?:19|20)\d{2}\s*年(?:底|末)?(?!以来|起)"
    r"|(?<![较比\d])(?:19|20)\d{2}\s*年(?:底|末)?\s*(?:前|以前)"
    r"|(?<![较比])(?:到|至)?\s*“?十[一二三四五六]五”?\s*(?:末|期末|期间|时期)"
)
# 较“十三五”末: the base of a change, not a year the figure is for.
_BASE_BEFORE = re.compile(r"(?:较|比|相比|与)\s*“?$")
_STATUS_YEAR = re.compile(r"(?:截至|截止|截止到|截至到)\s*(?:19|20)\d{2}\s*年(?:底|末)?")
_DIGITS = re.compile(r"(?:19|20)\d{2}|十([一二三四五六])五")


@dataclass(frozen=True)
class YearClause:
    """A clause giving the year of the figures after it."""

    start: int
    end: int
    year: int
    status: bool
    """The year the present is reported for (2022年,全省…; 截至2023年底), not a target year."""


def stated_years(sentence: str) -> list[YearClause]:
    """The clauses of ``sentence`` (simplified) that name a target year or a status year,
    in order; a year a change is measured from (较2020年) is none of them."""
    found = [
        year_clause(m, status=False)
        for m in _TARGET_YEAR.finditer(sentence)
        if not _BASE_BEFORE.search(sentence, 0, m.start())
    ]
    found += [year_clause(m, status=True) for m in _STATUS_YEAR.finditer(sentence)]
    return sorted(found, key=lambda c: c.start)


def year_clause(m: re.Match[str], status: bool) -> YearClause:
    digits = _DIGITS.search(m.group())
    assert digits is not None
    five = digits.group(1)
    year = _PLAN_PERIOD[five] if five else int(digits.group())
    return YearClause(m.start(), m.end(), year, status)
