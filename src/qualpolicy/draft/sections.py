"""Where a block sits in a plan: the heading it opens, what its part reports, and the
year clauses that govern its figures.

A plan sets figures in its goals (主要目标, 发展目标, 目标愿景, an annex of indicators),
reports the present in its status parts (发展基础, 现状, 形势背景, 问题短板), and
states a few figures inside its tasks.  All text here is simplified (and folded).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from qualpolicy.text.years import YearClause, stated_years, year_clause


class Part(StrEnum):
    goals = "goals"  # figures for future years
    status = "status"  # figures about the present
    tasks = "tasks"  # tasks; a figure here carries only a year its own paragraph gives
    notes = "notes"  # notes on data and method (有关说明, 注：): their numbers are not figures


@dataclass(frozen=True)
class Heading:
    level: int
    """1 for 一、 and ★, 2 for (一), 3 for 1., 4 for (1)."""
    title: str
    part: Part | None
    """None when the title does not say; the part of the heading above holds."""


_NUMBERING: list[tuple[re.Pattern[str], int]] = [
    (re.compile(r"\s*[一二三四五六七八九十]+\s*[、.]"), 1),
    (re.compile(r"\s*第[一二三四五六七八九十]+[章部篇]\s*"), 1),
    (re.compile(r"\s*[★☆●◆■▲]+\s*"), 1),
    (re.compile(r"\s*附(?:件|表)\s*\d*\s*[:：]?\s*"), 1),
    (re.compile(r"\s*\([一二三四五六七八九十]+\)\s*"), 2),
    (re.compile(r"\s*\d{1,2}\s*[.、](?!\d)\s*"), 3),
    (re.compile(r"\s*\(\d{1,2}\)\s*"), 4),
]
_TITLE_END = re.compile(r"[。;:!?]")
_GOALS = re.compile(
    r"(?:目标|愿景|主要指标|指标体系|指标表|指标)$|^(?:主要|发展|总体|工作|预期|具体)?目标"
)
_STATUS_WORDS_IN_TITLE = (
    r"基础(?!设施)|现状|形势|背景|成效|成就|回顾|问题|短板|差距|不足|情况|发展环境|进展"
)
_STATUS = re.compile(
    r"^(?:“?十[一二三四五六]五”?(?:时期|期间|以来)?)?(?:存在的|面临的|当前的?)?"
    r"(?:发展|工作|现实|已有|取得的|主要)?(?:" + _STATUS_WORDS_IN_TITLE + r")"
    r"|(?:情况|现状|成效|成就|进展|回顾|形势|背景|问题|短板)$"
)
# A task's title starts with what to do; a part reporting the present names it.
_TASK_VERB = re.compile(
    r"^(?:加强|强化|提升|提高|推进|推动|夯实|完善|健全|实施|开展|深化|优化|构建|打造|建设|培育|促进|"
    r"扩大|增强|加快|加大|发挥|筑牢|铸牢|突破|创新|聚焦|坚持|落实|规范|严格|营造|大力|着力|全面|积极|"
    r"解决|补齐|破解|对标)"
)
_TASKS = re.compile(r"任务|举措|措施|保障|抓手")
_NOTES = re.compile(r"(?:说明|附注|注释|备注|名词解释|指标解释)$")
NOTE_LINE = re.compile(r"\s*(?:注|备注|说明)\s*\d*\s*[:：]")
"""A block that is a note of its own (注：〔〕内为累计数)."""
_PLAIN_HEADING_LENGTH = 20
# An unnumbered heading is a bare name of a part: 发展基础, 主要目标, 重点任务.
_PLAIN_HEADING = re.compile(
    r"^[^,;。]*(?:目标|愿景|指标|基础|现状|形势|背景|成效|问题|短板|任务|举措|措施|保障|说明)$"
)


def heading(text: str) -> Heading | None:
    """The heading ``text`` opens, if it is one: a numbered line (一、…, (二)…, 1.…, a
    numbered task whose title ends at its first 。), or a short unnumbered line that names
    a part (发展基础, 主要目标)."""
    for pattern, level in _NUMBERING:
        m = pattern.match(text)
        if m is not None:
            rest = text[m.end() :]
            end = _TITLE_END.search(rest)
            title = (rest[: end.start()] if end else rest).strip()
            return Heading(level, title, part_of(title)) if title else None
    plain = text.strip().rstrip(":")
    if len(plain) <= _PLAIN_HEADING_LENGTH and _PLAIN_HEADING.search(plain):
        part = part_of(plain)
        return Heading(1, plain, part) if part else None
    return None


def part_of(title: str) -> Part | None:
    if _NOTES.search(title):
        return Part.notes
    if _GOALS.search(title):
        return Part.goals
    if _STATUS.search(title) and not _TASK_VERB.match(title):
        return Part.status
    if _TASKS.search(title):
        return Part.tasks
    return None


# ---- years ---------------------------------------------------------------------------

_OPENING_YEAR = re.compile(
    r"\s*(?:——|[(（]?[一二三四五六七八九十\d]+[)）、.])?\s*(?:19|20)\d{2}\s*年(?:底|末)?"
    r"(?!\s*(?:前|以前|起|以来|底前|末前))"
)


def year_clauses(sentence: str, part: Part | None) -> list[YearClause]:
    """The year clauses of one sentence (simplified), in order.

    到2025年, 2025年底前, “十四五”末 and “十四五”期间 give a target year; 截至2023年底
    gives a status year, and so does a year opening the sentence (2022年，全省…) outside
    the goals, where it reads as a target year.
    """
    found = stated_years(sentence)
    opening = _OPENING_YEAR.match(sentence)
    if opening is not None and not any(c.start <= opening.end() - 1 < c.end for c in found):
        found.append(year_clause(opening, status=part is not Part.goals))
    return sorted(found, key=lambda c: c.start)


_STATUS_WORDS = re.compile(r"截至|截止|目前|现有|已经|已|去年|上年|当前|近年来|多年来")


def reports_present(clause_before: str) -> bool:
    """Words before a figure in its clause that report the present (已建成, 目前)."""
    return bool(_STATUS_WORDS.search(clause_before))
