"""The plan data model: what a curated plan file may contain.

The models check structure and closed vocabularies (``extra="forbid"`` so a
misspelt key is an error, not silently ignored).  Rules that relate several
fields to each other live in :mod:`qualpolicy.rules`; ``Plan`` runs them after
validation and either raises or, when the caller passes a ``problems`` list in
the validation context, hands them over with their document paths.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from enum import Enum, StrEnum
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)


class Level(StrEnum):
    province = "province"
    municipality = "municipality"
    national = "national"


class Script(StrEnum):
    simplified = "simplified"
    traditional = "traditional"


class Vocabulary(StrEnum):
    """Regional word choice of the text, independent of its script."""

    mainland = "mainland"
    taiwan = "taiwan"


class Kind(StrEnum):
    target = "target"  # a figure the plan sets for a future year
    baseline = "baseline"  # a current-status figure the plan reports about itself
    direction = "direction"  # a named metric with a trend but no number


class Comparator(StrEnum):
    ge = "ge"  # 以上 / 不低于 / 至少
    gt = "gt"  # 超过 / 突破 / …余
    le = "le"  # 以内 / 不超过 / 以下
    lt = "lt"  # 低于
    eq = "eq"  # 达到 N (no bound word)
    approx = "approx"  # 左右 / 约 / 近


COMPARATOR_SYMBOLS: dict[Comparator, str] = {
    Comparator.ge: "≥",
    Comparator.gt: ">",
    Comparator.le: "≤",
    Comparator.lt: "<",
    Comparator.eq: "=",
    Comparator.approx: "≈",
}


class Unit(Enum):  # not StrEnum: members `index` and `count` would shadow str methods
    percent = "percent"
    index = "index"  # a composite index such as 制造业质量竞争力指数
    points = "points"  # a score in 分, e.g. satisfaction
    count = "count"  # 个 / 家 / 项 / 名 / 件 / 张 …; the counter goes in unit_text
    per_10k_people = "per_10k_people"  # 每万人口 … 件
    yuan_10k_per_person = "yuan_10k_per_person"  # 万元/人
    days = "days"
    years = "years"
    multiple = "multiple"  # 倍增 = 2 times the base
    rank = "rank"  # a place in a national ranking (全国第2位, 前三)


UNIT_SYMBOLS: dict[Unit, str] = {
    Unit.percent: "%",
    Unit.index: "",
    Unit.points: "分",
    Unit.count: "",
    Unit.per_10k_people: "件/万人",
    Unit.yuan_10k_per_person: "万元/人",
    Unit.days: "天",
    Unit.years: "年",
    Unit.multiple: "倍",
    Unit.rank: "位",
}


class Hedge(StrEnum):
    """Words that make a figure an aspiration rather than a commitment."""

    lizheng = "力争"
    zhengchuang = "争创"
    zhengqu = "争取"
    nuli = "努力"


class Change(StrEnum):
    """The value is a change relative to ``base_year``, not a level."""

    decrease = "decrease"  # 较2020年下降 N%
    increase = "increase"  # 较2020年提高 N%


class Trend(StrEnum):
    """What a direction entry asks of its metric."""

    increase = "increase"  # 提高 / 提升 / 增强 / 扩大
    decrease = "decrease"  # 下降 / 降低 / 减少
    maintain = "maintain"  # 保持 / 稳定
    zero_growth = "zero_growth"  # 零增长
    none = "none"  # 不发生: no occurrence at all


_FULLWIDTH_DIGITS = re.compile(r"[０-９．％]")
_NUMBERISH = re.compile(r"^\s*[-+]?[0-9０-９]+([.．][0-9０-９]+)?\s*[%％]?\s*$")


def _number_hint(value: str) -> str:
    ascii_form = unicodedata.normalize("NFKC", value).strip()
    number = ascii_form.rstrip("%").strip()
    parts = [f"write it as a plain number: {number}"]
    if ascii_form.endswith("%"):
        parts.append("and put the unit in `unit: percent`")
    if _FULLWIDTH_DIGITS.search(value):
        parts.append("(ASCII digits, not full-width ones)")
    return " ".join(parts)


def _strict_number(value: Any, what: str) -> Any:
    """Reject text where a number belongs, with a suggestion for the usual slips."""
    if isinstance(value, bool):
        raise ValueError(f"{what} must be a number, not true/false")
    if isinstance(value, str):
        if _NUMBERISH.match(value):
            raise ValueError(
                f"{what} must be a number, found the text {value!r}; {_number_hint(value)}"
            )
        raise ValueError(f"{what} must be a number, found the text {value!r}")
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"{what} must be a finite number, found {value}")
    return value


NonEmptyStr = Annotated[str, Field(min_length=1)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)


class Source(_Model):
    """Where the plan's text comes from."""

    file: NonEmptyStr | None = Field(
        default=None,
        description="Source text shipped with the data, relative to the data directory's "
        "sources/ folder (e.g. jiangsu.txt).",
    )
    urls: list[NonEmptyStr] = Field(default_factory=list, description="Where it was published.")
    publisher: NonEmptyStr | None = Field(default=None, description="Who published the copy read.")
    note: NonEmptyStr | None = None
    unavailable_reason: NonEmptyStr | None = Field(
        default=None,
        description="Why no source text ships; acknowledges that quotes cannot be checked.",
    )


class Target(_Model):
    """One quantitative target, baseline or direction, with the words it comes from."""

    metric: NonEmptyStr = Field(description="The metric as the source writes it, original script.")
    kind: Kind = Kind.target
    value: int | float | None = Field(default=None, description="The figure as written.")
    comparator: Comparator | None = None
    unit: Unit | None = None
    unit_text: NonEmptyStr | None = Field(
        default=None, description="The unit or counter as written (家, 项, 个工作日, 万元/人)."
    )
    year: int | None = Field(default=None, description="Year the figure is for; null if unstated.")
    base_year: int | None = Field(default=None, description="Year a change is measured from.")
    scope: NonEmptyStr | None = Field(
        default=None, description="Whom or what the figure covers, if narrower than the region."
    )
    hedge: Hedge | None = None
    held: bool = Field(default=False, description="稳定在 / 保持: the level is to be held.")
    cumulative: bool = Field(default=False, description="累计 or a period total (十四五期间).")
    new_only: bool = Field(
        default=False, description="新建 / 新增 / 新培育: new ones, not the stock."
    )
    per_year: bool = Field(default=False, description="每年: a yearly quota.")
    change: Change | None = None
    trend: Trend | None = Field(default=None, description="Direction entries only.")
    implied: bool = Field(
        default=False, description="The value is implied by words (全覆盖 = 100), not written."
    )
    note: NonEmptyStr | None = None
    quote: NonEmptyStr = Field(description="Verbatim source text the entry rests on.")

    @field_validator("value", "year", "base_year", mode="before")
    @classmethod
    def _numbers_are_numbers(cls, value: Any, info: ValidationInfo) -> Any:
        return _strict_number(value, info.field_name or "value")

    @field_validator("year", "base_year", mode="before")
    @classmethod
    def _years_are_whole(cls, value: Any, info: ValidationInfo) -> Any:
        if isinstance(value, float):
            raise ValueError(f"{info.field_name} must be a whole year such as 2025")
        return value


class Task(_Model):
    """A numbered task of the plan, verbatim."""

    number: NonEmptyStr = Field(
        pattern=r"^\S+$", description="Label unique within the plan, e.g. 13, 1.2, 5.3.10, 保障1."
    )
    section: NonEmptyStr | None = Field(default=None, description="Heading the task sits under.")
    title: NonEmptyStr | None = Field(default=None, description="The task's own heading, verbatim.")
    text: NonEmptyStr = Field(description="The task's body, verbatim; checked like a quote.")

    @field_validator("number", mode="before")
    @classmethod
    def _number_as_text(cls, value: Any) -> Any:
        # `number: 13` in YAML is an int; a label is text, and 13 reads the same.
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        return value


class Exclusion(_Model):
    """Source text whose numbers are deliberately not encoded (for ``audit``)."""

    match: NonEmptyStr = Field(description="Verbatim source text containing the number(s).")
    reason: NonEmptyStr


class Plan(_Model):
    """A province's (or the nation's) quality plan as curated data."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$", description="Equal to the file name.")
    region: NonEmptyStr = Field(description="Region in simplified Chinese, e.g. 江苏省.")
    region_en: NonEmptyStr | None = None
    level: Level
    title: NonEmptyStr = Field(description="Document title, original script.")
    title_exact: bool = Field(
        default=True, description="False when the source does not give the exact title."
    )
    issuer: NonEmptyStr
    issued: dt.date | None = Field(default=None, description="Date of issue; null if unstated.")
    source: Source
    script: Script
    vocabulary: Vocabulary = Vocabulary.mainland
    horizon: list[int] = Field(min_length=1, description="Years the plan sets goals for.")
    notes: NonEmptyStr | None = None
    targets: list[Target] = Field(default_factory=list)
    tasks: list[Task] = Field(default_factory=list)
    exclusions: list[Exclusion] = Field(default_factory=list)

    @field_validator("horizon", mode="before")
    @classmethod
    def _horizon_numbers(cls, value: Any) -> Any:
        if isinstance(value, list):
            for item in value:
                _strict_number(item, "horizon year")
        return value

    @model_validator(mode="after")
    def _cross_field_rules(self, info: ValidationInfo) -> Plan:
        from qualpolicy.rules import hand_over, plan_problems

        hand_over(plan_problems(self), info.context)
        return self

    def task(self, number: str) -> Task:
        for task in self.tasks:
            if task.number == number:
                return task
        raise KeyError(number)
