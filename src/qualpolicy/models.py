"""The plan data model: what a curated plan file may contain.

The models are plain frozen dataclasses, cheap to import and to unpickle, so
that commands reading cached data never load pydantic.  Loading a file
(:mod:`qualpolicy.loading.checking`) validates it against these classes with pydantic
(unknown keys are errors: ``extra="forbid"``); rules that relate fields to
each other, or constrain a value's form, live in :mod:`qualpolicy.loading.rules`.
Attribute docstrings become the descriptions in the published JSON Schema.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from enum import Enum, StrEnum
from typing import Any

# pydantic reads this from each class; a plain dict so pydantic is not imported here.
# (Not use_attribute_docstrings: reading the classes' source for them costs each process
# that validates a tenth of a second; only the JSON Schema needs them, see loading/schema.)
STRICT: Any = {"extra": "forbid", "allow_inf_nan": False}


class Level(StrEnum):
    """Where the issuing government sits; each level below the province names a ``parent``."""

    national = "national"
    province = "province"  # 省, 自治区
    municipality = "municipality"  # 直辖市: province level (北京, 重庆)
    prefecture = "prefecture"  # 地级市, including 副省级 cities (南京, 厦门)
    county = "county"  # 县, 县级市
    district = "district"  # 市辖区 (北京东城区)


# Levels at or above the province: they have no parent.
TOP_LEVELS = frozenset({Level.national, Level.province, Level.municipality})
LEVEL_GROUPS = {
    "national": {Level.national},
    "province": {Level.province, Level.municipality},
    "city": {Level.prefecture},
    "county": {Level.county, Level.district},
}
# The cascade's order of levels: the nation, the provinces (and the municipalities at
# province level), the cities, then the counties and districts.
LEVEL_RANKS = {level: rank for rank, group in enumerate(LEVEL_GROUPS.values()) for level in group}


class LevelFilter(StrEnum):
    """The levels a user filters by: municipalities count as provinces, districts as
    counties."""

    national = "national"
    province = "province"
    city = "city"
    county = "county"

    def admits(self, plan: Plan) -> bool:
        return plan.level in LEVEL_GROUPS[self.value]


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
    percentage_points = "percentage_points"  # 提高2个百分点: a change of a share
    other = "other"  # anything else, spelled out in unit_text (1.5批次/千人)


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
    Unit.percentage_points: "个百分点",
    Unit.other: "",
}


class Hedge(StrEnum):
    """Words that make a figure an aspiration rather than a commitment.

    A traditional-script plan may write them in its own script (力爭); they are
    read, and shown, in simplified script.
    """

    lizheng = "力争"
    zhengchuang = "争创"
    zhengqu = "争取"
    nuli = "努力"

    @classmethod
    def _missing_(cls, value: object) -> Hedge | None:
        simplified = HEDGE_TRADITIONAL.get(str(value))
        return cls(simplified) if simplified else None


# The hedges in traditional script, as a traditional plan writes them.
HEDGE_TRADITIONAL = {"力爭": "力争", "爭創": "争创", "爭取": "争取"}


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


TREND_NAMES: dict[Trend, str] = {
    Trend.increase: "increase",
    Trend.decrease: "decrease",
    Trend.maintain: "hold",
    Trend.zero_growth: "zero growth",
    Trend.none: "none to occur",
}
"""A trend in words, for people (the values are for files)."""


class DocumentType(StrEnum):
    """What kind of document a plan is: regions often have several in force at once."""

    outline = "outline"  # 纲要 (质量强省建设纲要)
    opinions = "opinions"  # 实施意见, 意见
    plan = "plan"  # 实施方案, 建设方案
    action_plan = "action_plan"  # 行动方案, 行动计划, 三年行动
    planning = "planning"  # 规划, 发展规划, 规划思路
    work_points = "work_points"  # 工作要点, 年度工作方案
    other = "other"


class Extent(StrEnum):
    full = "full"
    partial = "partial"


@dataclass(frozen=True, kw_only=True)
class Source:
    """Where the plan's text comes from."""

    __pydantic_config__ = STRICT

    file: str | None = None
    """Source text shipped with the data, in the data directory's sources/ folder (jiangsu.txt)."""
    urls: list[str] = field(default_factory=list)
    """Where it was published."""
    publisher: str | None = None
    """Who published the copy read."""
    published: dt.date | None = None
    """The date the copy read carries."""
    extent: Extent = Extent.full
    """How much of the document was read: all of it, or only a part (a web page's opening)."""
    read_to: str | None = None
    """For a partial reading: where it stopped, in plain words."""
    note: str | None = None
    unavailable_reason: str | None = None
    """Why no source text ships; acknowledges that quotes cannot be checked."""


@dataclass(frozen=True, kw_only=True)
class Target:
    """One quantitative target, baseline or direction, with the words it comes from."""

    __pydantic_config__ = STRICT

    metric: str
    """The metric as the source writes it, in the original script."""
    kind: Kind = Kind.target
    value: int | float | None = None
    """The figure as written (24万 is 240000)."""
    comparator: Comparator | None = None
    unit: Unit | None = None
    unit_text: str | None = None
    """The unit or counter as written (家, 项, 个工作日, 万元/人)."""
    year: int | None = None
    """Year the figure is for; null if the text states none."""
    base_year: int | None = None
    """Year a change is measured from."""
    scope: str | None = None
    """Whom or what the figure covers, if narrower than the region."""
    hedge: Hedge | None = None
    held: bool = False
    """稳定在 / 保持: the level is to be held."""
    cumulative: bool = False
    """累计, or a period total (十四五期间)."""
    new_only: bool = False
    """新建 / 新增 / 新培育: a count of new ones, not the stock."""
    per_year: bool = False
    """每年: a yearly quota; with ``change``, a yearly rate (年均增长15%)."""
    combined: bool = False
    """One figure for a wording that names two metrics and cannot be split (食品药品抽检合格率)."""
    change: Change | None = None
    trend: Trend | None = None
    """Direction entries only."""
    implied: bool = False
    """The value is implied by words (全覆盖 = 100), not written as a number."""
    note: str | None = None
    quote: str
    """Verbatim source text the entry rests on."""


@dataclass(frozen=True, kw_only=True)
class Task:
    """A numbered task of the plan, verbatim."""

    __pydantic_config__ = STRICT

    number: str
    """Label unique within the plan, e.g. "13", "1.2", "5.3.10", "保障1" (quoted in YAML)."""
    section: str | None = None
    """Heading the task sits under, verbatim."""
    title: str | None = None
    """The task's own heading, verbatim."""
    text: str | None = None
    """The task's body, verbatim; checked like a quote.  Plans read from web pages keep
    only headings (no copied paragraphs), so a task needs a title or a text."""

    @property
    def words(self) -> str:
        """Title and text together: what search, mentions and themes read."""
        return "。".join(part for part in (self.title, self.text) if part)


@dataclass(frozen=True, kw_only=True)
class Exclusion:
    """Source text whose numbers are deliberately not encoded (for ``audit``)."""

    __pydantic_config__ = STRICT

    match: str
    """Verbatim source text containing the number(s)."""
    reason: str


@dataclass(frozen=True, kw_only=True)
class Plan:
    """A province's (or the nation's) quality plan as curated data."""

    __pydantic_config__ = STRICT

    id: str
    """Lower-case id, equal to the file name (jiangsu for jiangsu.yaml)."""
    region: str
    """Region in simplified Chinese, e.g. 江苏省."""
    region_en: str | None = None
    level: Level
    parent: str | None = None
    """Id of the plan of the region above (zhejiang for jinhua); levels below the province only."""
    title: str
    """Document title, original script."""
    title_exact: bool = True
    """False when the source does not give the exact title."""
    issuer: str
    """Who issued the plan, in simplified Chinese."""
    issued: dt.date | None = None
    """Date of issue; null if the source does not state it."""
    document_number: str | None = None
    """The document number (文号) as written, e.g. 苏政发〔2023〕18号; null if the source does
    not give it."""
    source: Source
    script: Script
    vocabulary: Vocabulary = Vocabulary.mainland
    horizon: list[int]
    """Years the plan sets goals for."""
    document_type: DocumentType | None = None
    """What kind of document it is (纲要, 实施意见, 行动方案 …)."""
    period: list[int] | None = None
    """The first and last year the document covers, e.g. [2023, 2025] for a 2023—2025 plan;
    null when it does not say."""
    supersedes: list[str] = field(default_factory=list)
    """Ids of the region's earlier documents this one replaces (shandong supersedes
    shandong_2018): they stay in the data as versions, out of force from this one's issue."""
    notes: str | None = None
    targets: list[Target] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    exclusions: list[Exclusion] = field(default_factory=list)

    def task(self, number: str) -> Task:
        for task in self.tasks:
            if task.number == number:
                return task
        raise KeyError(number)


def to_data(value: Any) -> Any:
    """Dataclasses, enums and dates as plain JSON-ready data."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_data(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list | tuple):
        return [to_data(item) for item in value]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
