"""Reading the figures one sentence of a plan states.

``read_clause("制造业质量竞争力指数达到88以上")`` is one figure: metric 制造业质量竞争力指数,
value 88, comparator ge, unit index, with the quote it rests on.  The reader works on
the simplified form of the text (``simplify`` converts traditional script and Taiwan
vocabulary) but every quote and metric is cut from the *original* text, so a
traditional-script plan keeps its own characters.

How a sentence is read:

1. :mod:`qualpolicy.text.quantities` finds each number with its unit and the bound
   words written at it, and sets aside noise (dates, years, document numbers …).
2. The sentence is cut into comma clauses.  In each clause the words before a
   number are split into a *predicate* (达到, 稳定在, 较2020年下降, 分别, 均 …) and the
   *metric* before it; a count written before its noun (新建10个以上国家级…) takes the
   noun after it as the metric.
3. The metric is cleaned of what is not its name (到2025年, 全省, 力争, 其中 …), and
   the words taken off become flags (新建 → new_only, 累计 → cumulative, 每年 → per_year).
4. A metric naming several items (A和B均达到…, A、B分别达到…) is split or kept as one
   combined figure; see :func:`_enumerate`.
5. Words that imply a value (全覆盖 = 100 %, 倍增 = 2 ×) and directions
   (:mod:`qualpolicy.text.trends`) are read from the clauses without numbers.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from qualpolicy.models import Change, Comparator, Hedge, Kind, Trend, Unit
from qualpolicy.text import quantities
from qualpolicy.text.quantities import Quantity
from qualpolicy.text.trends import MEASURE_HEAD, direction


@dataclass(frozen=True)
class Figure:
    """One figure a clause states, with the words it rests on."""

    metric: str
    """The metric as written, in the original script, without year, region and hedge words."""
    value: int | float | None
    comparator: Comparator | None
    unit: Unit | None
    unit_text: str | None = None
    kind: Kind = Kind.target
    """target, unless the words mark a past level (由2020年的85) or a direction."""
    trend: Trend | None = None
    hedge: Hedge | None = None
    held: bool = False
    change: Change | None = None
    base_year: int | None = None
    per_year: bool = False
    new_only: bool = False
    cumulative: bool = False
    combined: bool = False
    implied: bool = False
    scope: str | None = None
    year: int | None = None
    """A year the clause itself gives this figure (由2020年的85 → 2020); None otherwise."""
    quote: str = ""
    start: int = 0
    end: int = 0
    review: tuple[str, ...] = ()


@dataclass(frozen=True)
class Skip:
    """A number seen but not read as a figure, and why."""

    text: str
    start: int
    end: int
    why: str


@dataclass(frozen=True)
class Reading:
    figures: list[Figure]
    skipped: list[Skip]


def read_clause(text: str, simplify: Callable[[str], str] | None = None) -> list[Figure]:
    """The figures ``text`` (a sentence or clause, in either script) states."""
    return read(text, simplify).figures


def read(
    original: str,
    simplify: Callable[[str], str] | None = None,
    *,
    simplified: str | None = None,
) -> Reading:
    """The figures of ``original`` and the numbers passed over.

    ``simplify`` converts it to simplified script (None: it is simplified already);
    ``simplified`` is the converted text when the caller has it already.
    """
    if simplified is None:
        simplified = simplify(original) if simplify else original
    return _Reader(_Text(original, simplified, simplify)).read()


# ---- text and offsets -------------------------------------------------------------------


class _Text:
    """The original text, its folded simplified form ``s`` and the offsets between them."""

    def __init__(self, original: str, simplified: str, simplify: Callable[[str], str] | None):
        self.original = original
        self.s = quantities.fold(simplified)
        self._to_original = _alignment(self.s, original, simplify)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Offsets in the original of ``s[start:end]``."""
        return self._to_original[start], self._to_original[end]

    def orig(self, start: int, end: int) -> str:
        a, b = self.span(start, end)
        return self.original[a:b]


def _alignment(s: str, original: str, simplify: Callable[[str], str] | None) -> list[int]:
    """For each offset of ``s`` (0 … len), the offset of the original it stands for.

    A simplification that keeps the length (t2s, 品質 → 质量) maps one to one.  One that
    does not (智慧財產權 → 知识产权) is aligned with the original converted character by
    character, which differs from ``s`` only where words were swapped; an offset inside
    a swapped word goes to the word's start, so quotes stay verbatim.
    """
    if len(s) == len(original):
        return list(range(len(s) + 1))
    by_char = original
    if simplify is not None:
        by_char = "".join(c if len(t := simplify(c)) != 1 else t for c in original)
    mapping = [0] * (len(s) + 1)
    matcher = difflib.SequenceMatcher(None, s, quantities.fold(by_char), autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        for k in range(i1, i2):
            mapping[k] = j1 + (k - i1) if tag == "equal" or i2 - i1 == j2 - j1 else j1
        mapping[i2] = j2
    return mapping


# ---- structure of a sentence ------------------------------------------------------------

_OPEN, _CLOSE = "(“《〔[【「‘", ")”》〕]】」’"
_CLAUSE_ENDS = ",:\t"
_PART_ENDS = ";。!?\n"


@dataclass(frozen=True)
class _Clause:
    start: int
    end: int
    part: int
    """Index of the semicolon-delimited part of the sentence."""


def _clauses(s: str) -> list[_Clause]:
    """Comma clauses, outside brackets and quotation marks."""
    found, depth, start, part = [], 0, 0, 0
    for i, char in enumerate(s):
        if char in _OPEN:
            depth += 1
        elif char in _CLOSE:
            depth = max(0, depth - 1)
        elif depth == 0 and char in _CLAUSE_ENDS + _PART_ENDS:
            found.append(_Clause(start, i, part))
            start = i + 1
            part += char in _PART_ENDS
    found.append(_Clause(start, len(s), part))
    return [c for c in found if s[c.start : c.end].strip()]


def _top_level(s: str, start: int, end: int) -> list[bool]:
    """For each offset in [start, end): outside every bracket and quotation mark."""
    flags, depth = [], 0
    for char in s[start:end]:
        if char in _OPEN:
            depth += 1
        flags.append(depth == 0)
        if char in _CLOSE:
            depth = max(0, depth - 1)
    return flags


# ---- word lists (simplified script) -----------------------------------------------------

_Y = r"(?:19|20)\d{2}"
_BASE = (
    r"(?:较|比|与|相比|相较于?)\s*(?:(?P<base>" + _Y + r")\s*年(?:底|末)?"
    r"|“?十(?P<five>[一二三四五六])五”?\s*(?:末|期末))(?:相比)?"
)
_PLAN_END = {"一": 2010, "二": 2015, "三": 2020, "四": 2025, "五": 2030, "六": 2035}
_LEVEL_VERBS = (
    "达到", "达", "为", "是", "有", "拥有", "共有", "获得", "仅", "只有", "仅有",
    "共", "共计", "合计", "总计",
    "提高到", "提高至", "提升到", "提升至", "增加到", "增加至", "增长到", "增长至", "增至",
    "上升到", "上升至", "扩大到", "扩大至", "下降到", "下降至", "降低到", "降低至", "降到",
    "降至", "减少到", "减少至", "减至", "缩短到", "缩短至", "缩短为", "缩减为", "缩减到",
    "缩减至", "压减到", "压减至", "压缩到", "压缩至",
)  # fmt: skip
_OTHER_BASES = ("较基期", "比上年", "较上年", "同比", "比基期")
_RANK_LEAD = re.compile(
    r"(?:进入|位居|位列|居于|稳居|居|排名|排在|保持|达到)?\s*"
    r"(?:全国|全省|全球|世界|国内|全市|同类城市|中西部|西部)?(?:排名|排)?\s*$"
)
_BOUNDS = {
    Comparator.ge: ("不低于", "不少于", "不小于", "至少"),
    Comparator.gt: ("突破", "超过", "超", "逾", "高于", "多于", "大于"),
    Comparator.le: ("不超过", "不高于", "不多于", "不大于", "控制在"),
    Comparator.lt: ("低于", "少于", "小于", "不足", "不到"),
    Comparator.approx: ("约", "近", "接近", "大约", "约为"),
}
_BOUND_OF = {word: comparator for comparator, words in _BOUNDS.items() for word in words}
_ADVERBS = frozenset({"分别", "均", "都", "全部", "累计", "年均", "年平均", "平均", "每年", "连续"})
# Words that leave a clause without a verb of its own (省级质检中心不少于10家 continues the
# 新建 before it; 总数超过500家 and 达到3000项 state a level of their own).
_CARRIED_WORDS = _ADVERBS | {"约", "近", "大约", "接近", "至少", "不少于", "不低于"}
_HOLD = frozenset({"稳定在", "保持在", "维持在", "稳定保持", "持续保持", "保持", "维持"})
_DECREASE = frozenset({"下降", "降低", "减少", "缩短", "压减", "压缩"})
_INCREASE = frozenset({"提高", "提升", "增长", "增加", "上升", "扩大"})
_PREDICATE_WORDS = sorted(
    {*_LEVEL_VERBS, *_BOUND_OF, *_ADVERBS, *_HOLD, *_DECREASE, *_INCREASE, *_OTHER_BASES},
    key=len,
    reverse=True,
)
_PREDICATE = re.compile(r"(?:(?:" + _BASE + "|" + "|".join(_PREDICATE_WORDS) + r")\s*)+$")
_PREDICATE_TOKEN = re.compile(_BASE + "|" + "|".join(_PREDICATE_WORDS))
_PER_YEAR_WORDS = re.compile(r"每年|年均|年平均|每年度")
_VERB_TAGS = frozenset({"verb", "new", "status", "cumulative"})
_DISTRIBUTIVE = frozenset({"均", "都", "全部"})

# Words taken off the front of a metric, and the flag each sets.
_TAGGED_LEAD: list[tuple[str, str]] = [
    (r"力争|争取|努力|力求|争创", "hedge"),
    (r"新增|新建|新培育|新创建|新认证|新认定|新设立|新获批|新引进|新打造", "new"),
    (r"累计", "cumulative"),
    (r"每年|年均|年平均", "per_year"),
    (
        r"布局建设|培育|建设|建成|打造|创建|认定|拥有|制定|发布|组织|引进|设立|推出|评选|选树|建立|推进|"
        r"开展|形成|实施",
        "verb",
    ),
    (r"已经|已|目前|现有|当前|截至目前", "status"),
    (
        r"(?:到|至|截至|截止|在|自)?\s*" + _Y + r"\s*年(?:底|末)?(?:前|以前|起|以来)?|"
        r"“?十[一二三四五六]五”?(?:期间|时期|末|期末)?|期间|全年|年内|当年",
        "time",
    ),
    (r"全省域|全省|全市|全区|全县|全州|我省|我市|我区|本省|本市|全域", "region"),
    (
        r"其中|同时|并且|并|且|和|及|以及|而|另外|此外|与此同时|从而|进而|使|让|确保|推动|促进|实现|"
        r"保证|加快|逐步|只有|仅有|没有|还|共",
        "link",
    ),
    (r"——|—|-|·|\s+|[、,:;.(]|[(（]?[一二三四五六七八九十\d]+[)）、.]", "punct"),
]
_LEAD_TOKEN = re.compile(
    "|".join(f"(?P<{tag}_{i}>{words})" for i, (words, tag) in enumerate(_TAGGED_LEAD))
)
_TRAILING = re.compile(r"(?:的|之中|中|实现|力争|争取|努力|[,、和及与\s])+$")
_OBJECT_CUT = re.compile(r"开展|进行|参与|纳入|等(?=[^级])")
_SCOPE = re.compile(
    r"(?:规模以上(?:工业|制造业)?企业|规上(?:工业|制造业)?企业|规上制造业|规模以上制造业|规上工业|"
    r"中小微企业|小微企业|中小企业|设区(?:的)?城?市|城镇新建建筑|新建建筑|生产领域|流通领域|"
    r"食品生产企业|重点行业|重点企业|国有企业)(?=..)"
)
_OWN_VERB = re.compile(r"主导|参与|牵头|制定|制修订|修订|获得|申报|完成|开展|推动")
_SCOPE_ITEM = re.compile(r"(?:领域|地区|城市|企业|环节|区域|市场)$")
_HEAD = re.compile(MEASURE_HEAD + r"$")
_SEPARATOR = re.compile(
    r"、|以及|(?<!及)和(?![谐平])|(?<![普涉])及(?![其时])|(?<![参给])与(?![其否])"
)
# Names of statistical industries (GB/T 4754) and programmes written with 和/、: one item.
_COMPOUND_NAMES = re.compile(
    r"软件和信息|社会管理和公共服务|批发和零售|住宿和餐饮|交通运输、仓储和邮政|科学研究和技术服务|"
    r"水利、环境和公共设施|卫生和社会工作|文化、体育和娱乐|租赁和商务服务|电力、热力、燃气及水|"
    r"居民服务、修理和其他|农、林、牧、渔|产学研用|研发设计和"
)
_MODIFIER = re.compile(r"(?:级|类|型)$|^(?:国际|国家|国内|省|市|县|区|行业|地方|团体)$")
_LATER_HEAD = re.compile(r"[^,;。]*?(?:级|类|型)(?P<head>[^,;。、和及]{2,})")
PROVINCES = (
    "北京|天津|上海|重庆|河北|山西|辽宁|吉林|黑龙江|江苏|浙江|安徽|福建|江西|山东|河南|湖北|"
    "湖南|广东|海南|四川|贵州|云南|陕西|甘肃|青海|台湾|内蒙古|广西|西藏|宁夏|新疆"
)
"""The provinces' short names, as one alternation for regular expressions."""
_REGION = re.compile(PROVINCES + "|香港|澳门|深圳")
_OTHER_REGION_PAREN = re.compile(r"(?:" + _REGION.pattern + r")(?:省|市)?\s*\([^()]*\)")
_CLAUSE_WORDS = re.compile(r"在|于|是|为")
_NAMED_PAREN = re.compile(r"[\u4e00-\u9fff]{2,4}\s*\([^()]*\d[^()]*\)")
_COMPARES = re.compile(r"相比|差距|低于|高于|少于|多于|对比|相较|领先|落后|不及")
_INCENTIVE = re.compile(r"(?:奖励|补助|补贴|资助|奖补)[^,;。\d]{0,4}$")
_REGION_LIST = re.compile(r"^(?:(?:" + _REGION.pattern + r")(?:省|市|自治区)?[、和及与]?)+$")
_FOCUS = re.compile(r"^\s*(?:支持|聚焦|围绕|瞄准|针对|依托|面向|结合|对标|按照|根据|对)")
_FORMER = re.compile(r"(?:从|由)\s*(?:(?P<year>" + _Y + r")\s*年(?:底|末)?\s*的?)?\s*$")
_FORMER_AFTER = re.compile(
    r"^\s*(?:提高|提升|增加|增长|下降|降低|减少|缩减|缩短|压减|压缩|上升|扩大)(?:到|至|为)"
)
_ADVERB_HEDGES = ("力争", "争取", "努力")
_RUN_ON = re.compile(r"[\u4e00-\u9fff“][^,;。、:!?]*")
_QUOTE_LEAD = re.compile(
    r"(?:——|—|\s|[、,和及与]|(?:到|至)?" + _Y + r"\s*年(?:底|末)?前?(?=.)|"
    r"[(（]?[一二三四五六七八九十\d]+[)）、.](?!\d))*"
)
_PERIOD = re.compile(r"十[一二三四五六]五”?\s*期间|期间|五年累计")
_IMPLIED = re.compile(r"(?<!健)全覆盖|全部(?:设立|建立|建成|配备|纳入|达到|实现|执行)|全面执行")
_DOUBLING = re.compile(r"“?(?:双倍增|倍增|翻番|翻一番)”?")
_COVERAGE_SCOPE = re.compile(
    r"(?:(?:省|市|县|区|乡|镇|村|乡镇|街道|社区|城市|县城)(?:\([^()]*\))?[、和及]?)+"
)


# ---- reading -----------------------------------------------------------------------------


@dataclass
class _Lead:
    """What the words before a number say, once the metric is separated out."""

    metric: tuple[int, int]
    tags: set[str]
    predicate: list[str]
    base_year: int | None = None
    start: int = 0
    """Where the words of this figure start (after the figure before it)."""


@dataclass
class _Draft:
    """A figure being read, in offsets of the simplified text."""

    metric: list[tuple[int, int]]
    """Pieces of the metric, joined: more than one when a head is borrowed."""
    quantity: Quantity
    span: tuple[int, int]
    lead: _Lead
    scope: tuple[int, int] | None = None
    combined: bool = False
    review: list[str] = field(default_factory=list)
    kind: Kind = Kind.target
    year: int | None = None
    inherited: set[str] = field(default_factory=set)
    metric_suffix: str = ""
    enumerable: bool = True
    """False for a metric read after its figure, which is a phrase rather than a name."""


class _Reader:
    def __init__(self, text: _Text):
        self.t = text
        self.s = text.s
        self.clauses = _clauses(self.s)
        self.figures: list[Figure] = []
        self.skipped: list[quantities.Noise] = []
        self.drafts: list[_Draft] = []
        self.last: _Draft | None = None
        """The figure read last in the sentence: flags and metrics carry over from it."""

    def read(self) -> Reading:
        found, noise = quantities.find(self.s)
        self.skipped.extend(noise)
        kept = [q for q in found if not self._set_aside(q)]
        for clause in self.clauses:
            mine = [q for q in kept if clause.start <= q.start < clause.end]
            if mine:
                self._read_clause(clause, mine)
            else:
                self._read_wordy(clause)
        figures = [self._figure(d) for d in self.drafts] + self.figures
        figures.sort(key=lambda f: f.start)
        skipped = [
            Skip(self.t.orig(n.start, n.end), *self.t.span(n.start, n.end), n.why)
            for n in sorted(self.skipped, key=lambda n: n.start)
        ]
        return Reading(figures, skipped)

    # -- numbers that are not this plan's figures ------------------------------------------

    def _set_aside(self, q: Quantity) -> bool:
        why = self._not_a_figure(q)
        if why:
            self.skipped.append(quantities.Noise(q.start, q.end, why))
        return bool(why)

    def _not_a_figure(self, q: Quantity) -> str | None:
        s, clause = self.s, self._clause_of(q.start)
        if self._other_region(q):
            return "another region's figure"
        if "我国" in s[: q.start] and "我省" not in s[s.rfind("我国", 0, q.start) : q.start]:
            return "a national figure"
        if s[q.start - 1 : q.start] == "等":
            return "counts the items just listed"
        if _INCENTIVE.search(s, max(clause.start, q.start - 8), q.start):
            return "an incentive amount, not a figure"
        if _FOCUS.match(s[clause.start : q.start]):
            return "describes the scope of a programme"
        if s[q.end : q.end + 1] == "的" and not self._empty(self._lead(clause.start, q).metric):
            return "a threshold in a description (收入2000万元以上的企业)"
        return None

    def _other_region(self, q: Quantity) -> bool:
        """北京(481项): a figure in brackets after a region's name, or after any name in a
        sentence that compares (与南京(96.1%)等城市相比)."""
        s = self.s
        compares = _COMPARES.search(s) is not None
        for pattern, needs_comparison in ((_OTHER_REGION_PAREN, False), (_NAMED_PAREN, True)):
            if needs_comparison and not compares:
                continue
            if any(m.start() < q.start < m.end() for m in pattern.finditer(s)):
                return True
        return False

    def _clause_of(self, pos: int) -> _Clause:
        """The clause at ``pos`` (the one before it, at a break between clauses)."""
        found = self.clauses[0]
        for clause in self.clauses:
            if clause.start > pos:
                break
            found = clause
        return found

    # -- one clause with numbers -----------------------------------------------------------

    def _read_clause(self, clause: _Clause, found: list[Quantity]) -> None:
        pos = clause.start
        groups = self._value_lists(found)
        for i, group in enumerate(groups):
            following = groups[i + 1][0].start if i + 1 < len(groups) else clause.end
            pos = self._read_group(clause, pos, group, following)

    def _value_lists(self, found: list[Quantity]) -> list[list[Quantity]]:
        """Quantities joined only by 、/和 share one predicate: 分别达到99.8%、99.5%以上."""
        groups: list[list[Quantity]] = []
        for q in found:
            between = self.s[groups[-1][-1].end : q.start] if groups else ""
            if between.strip() and re.fullmatch(r"[\s、和及与]*", between):
                groups[-1].append(q)
            else:
                groups.append([q])
        return groups

    def _read_group(self, clause: _Clause, pos: int, group: list[Quantity], following: int) -> int:
        """Read the figure(s) of ``group``, whose words start at ``pos``; returns where the
        next group's words start."""
        first, end = group[0], group[-1].end
        lead = self._lead(pos, first)
        draft = _Draft([lead.metric], first, (pos, end), lead)
        former = self._former(first, following)
        obj = self._object(end, following) if first.unit is Unit.count else None
        if former is not None:
            # 从25天缩减为半天, 由2020年的85提高到88: a past level, whose metric serves the next
            draft.metric = [self._clean(pos, former.start())[0]]
            if not former.group("year"):
                self.skipped.append(quantities.Noise(first.start, first.end, "a former level"))
                self.last = draft
                return end
            draft.kind, draft.year = Kind.baseline, int(former.group("year"))
        if self._is_annotation(pos, first):
            self._annotate(draft, pos)
        elif obj is not None:
            draft.metric, draft.span = self._with_head(obj, following), (pos, obj[1])
            # 没有一家布局在A、B领域: a clause, not a list of names
            draft.enumerable = not _CLAUSE_WORDS.search(self._text(obj))
        elif self._empty(lead.metric) and not self._borrow(draft, clause, end, following):
            self.skipped.extend(quantities.Noise(q.start, q.end, "no metric") for q in group)
            return end
        if self._other_regions(draft):
            return draft.span[1]
        self._inherit(draft, clause)
        self._expand(draft, group)
        self.last = self.drafts[-1] if self.drafts else draft
        return draft.span[1]

    def _former(self, q: Quantity, following: int) -> re.Match[str] | None:
        """The 从/由 before a past level (从25天缩减为…, 由2020年的85提高到…), if ``q`` is one."""
        before = _FORMER.search(self.s, 0, q.start)
        if before is None or not _FORMER_AFTER.match(self.s[q.end : following]):
            return None
        return before

    def _with_head(self, obj: tuple[int, int], following: int) -> list[tuple[int, int]]:
        """4个国家级和6个省级产业计量测试中心: a count of a level borrows the noun of the
        count after it."""
        if not _MODIFIER.search(self._text(obj)):
            return [obj]
        m = _LATER_HEAD.match(self.s, following, self._clause_of(following).end)
        return [obj, m.span("head")] if m else [obj]

    def _is_annotation(self, pos: int, q: Quantity) -> bool:
        """全国第2位 in brackets right after a figure ranks that figure."""
        return (
            self.last is not None
            and q.unit is Unit.rank
            and self.last.span[1] == pos
            and self.s[pos : q.start].lstrip().startswith("(")
        )

    def _annotate(self, draft: _Draft, pos: int) -> None:
        assert self.last is not None
        words = self.s[pos : draft.quantity.start].strip("( ")
        draft.metric = list(self.last.metric)
        draft.metric_suffix = words + "排名"
        close = re.match(r"\s*\)", self.s[draft.span[1] :])
        draft.span = (self.last.span[0], draft.span[1] + (close.end() if close else 0))

    def _other_regions(self, draft: _Draft) -> bool:
        """广东、江苏、山东分别有3家、2家、2家: other regions' figures."""
        if len(draft.metric) != 1 or not _REGION_LIST.match(self._text(draft.metric[0])):
            return False
        why = "another region's figure"
        self.skipped.append(quantities.Noise(draft.quantity.start, draft.span[1], why))
        return True

    def _text(self, span: tuple[int, int]) -> str:
        return self.s[span[0] : span[1]]

    def _borrow(self, draft: _Draft, clause: _Clause, end: int, following: int) -> bool:
        """A clause without a metric takes it after the number (近90%集中在…) or from the
        figure before it (…达到85，2027年达到88)."""
        after = self._clean(end, following)[0]
        if not self._empty(after) and not draft.quantity.is_amount:
            draft.metric, draft.span = [after], (draft.span[0], after[1])
            draft.enumerable = False
            draft.review.append("metric read after the figure")
            return True
        previous = self.last
        if previous is None:
            return False
        draft.metric, draft.scope = list(previous.metric), previous.scope
        if previous.span[1] < clause.start:
            draft.review.append("metric taken from an earlier clause")
        else:
            draft.span = (previous.span[0], draft.span[1])
        return True

    def _empty(self, span: tuple[int, int]) -> bool:
        return not self.s[span[0] : span[1]].strip()

    def _object(self, end: int, following: int) -> tuple[int, int] | None:
        """The noun a count is written before: 打造178个“一站式”服务平台."""
        text = self.s[end:following]
        if not text or not re.match(r"[\u4e00-\u9fff“\"《]", text):
            return None
        if _PREDICATE_TOKEN.match(text) or text.startswith(("的", "中")):
            return None
        cut = _OBJECT_CUT.search(text)
        stop = end + (cut.start() if cut else len(text))
        trail = _TRAILING.search(self.s, end, stop)
        stop = trail.start() if trail else stop
        return (end, stop) if stop - end >= 2 else None

    # -- the words before a number ---------------------------------------------------------

    def _lead(self, pos: int, q: Quantity) -> _Lead:
        end = q.start
        if q.unit is Unit.rank:
            rank = _RANK_LEAD.search(self.s, pos, end)
            end = rank.start() if rank else end
        predicate: list[str] = []
        base_year = None
        m = _PREDICATE.search(self.s, pos, end)
        if m is not None:
            for token in _PREDICATE_TOKEN.finditer(self.s, m.start(), end):
                predicate.append(token.group())
                if token.group("base"):
                    base_year = int(token.group("base"))
                elif token.group("five"):
                    base_year = _PLAN_END[token.group("five")]
            end = m.start()
        span, tags = self._clean(pos, end, keep_new=not q.is_amount)
        return _Lead(span, tags, predicate, base_year, pos)

    def _clean(
        self, start: int, end: int, keep_new: bool = False
    ) -> tuple[tuple[int, int], set[str]]:
        """The metric in ``s[start:end]`` without leading year, region, hedge, link and verb
        words (returned as tags) and without a trailing 的/中/和.  ``keep_new`` keeps 新建
        as part of a population (新建建筑全面执行…); it marks new ones only in counts."""
        tags: set[str] = set()
        while start < end:
            m = _LEAD_TOKEN.match(self.s, start, end)
            if m is None or m.end() == start:
                break
            tag = (m.lastgroup or "").rsplit("_", 1)[0]
            if tag == "new" and keep_new:
                break
            tags.add(tag)
            start = m.end()
        trail = _TRAILING.search(self.s, start, end)
        if trail is not None:
            end = trail.start()
        return (start, max(start, end)), tags

    # -- flags and enumerations ------------------------------------------------------------

    def _inherit(self, draft: _Draft, clause: _Clause) -> None:
        """新建A 5家、B 10家: an item or clause without a verb of its own keeps the flags of
        the figure before it in the same part of the sentence (累计 only within one
        clause: it qualifies the total it is written at).  A clause with its own verb
        (B达到3000项) sets a level of its own."""
        previous = self.last
        if previous is None or draft.lead.tags & {"verb", "new", "status"}:
            return
        same_clause = previous.span[0] >= clause.start
        if not same_clause and not self._carries_over(previous, draft, clause):
            return
        carried = (previous.lead.tags | previous.inherited) & {"new", "cumulative", "per_year"}
        if not same_clause:
            carried.discard("cumulative")
        if "hedge" in previous.lead.tags and same_clause:
            carried.add("zhengchuang")
        if carried:
            draft.inherited = carried
            draft.span = (previous.span[0], draft.span[1])

    def _carries_over(self, previous: _Draft, draft: _Draft, clause: _Clause) -> bool:
        """新建国家质检中心5家，省级质检中心10家: flags carry into the next clause when it
        has no verb of its own."""
        before = self.clauses.index(clause) - 1
        adjacent = before >= 0 and self.clauses[before].start <= previous.quantity.start
        if not adjacent or self.clauses[before].part != clause.part:
            return False
        own_verb = set(draft.lead.predicate) - _CARRIED_WORDS
        return not own_verb and not _OWN_VERB.match(self.s, *draft.metric[0])

    def _expand(self, draft: _Draft, group: list[Quantity]) -> None:
        """One draft per figure: values paired with items (分别), items split or combined."""
        single = draft.metric[0] if len(draft.metric) == 1 and draft.enumerable else None
        items = self._items(single) if single and not draft.metric_suffix else []
        if len(group) > 1:
            self._pair(draft, group, items)
            return
        if len(items) < 2:
            self.drafts.append(draft)
            return
        distributive = bool(set(draft.lead.predicate) & _DISTRIBUTIVE)
        how = _enumerate([self._text(item) for item in items], group[0], distributive)
        if how == "split":
            for pieces in self._rebuilt(items):
                self.drafts.append(self._item(draft, pieces))
        else:
            draft.combined = how == "combined"
            self.drafts.append(draft)

    def _pair(self, draft: _Draft, group: list[Quantity], items: list[tuple[int, int]]) -> None:
        """分别达到99.8%、99.5%以上: values with items in order; a bound written after the last
        value holds for all."""
        rebuilt = self._rebuilt(items) if len(items) == len(group) else []
        if not rebuilt:
            draft.review.append("several values for one metric: check which is which")
        last = group[-1]
        shared = last.comparator if not any(q.comparator for q in group[:-1]) else None
        if shared is not None:
            draft.review.append(f"{last.bound_word} read as applying to every value")
        for i, q in enumerate(group):
            unit = q if q.unit else last
            quantity = replace(
                q,
                unit=unit.unit,
                unit_text=unit.unit_text,
                comparator=q.comparator or shared,
                bound_word=last.bound_word,
            )
            pieces = rebuilt[i] if rebuilt else draft.metric
            self.drafts.append(self._item(replace(draft, quantity=quantity), pieces))

    def _item(self, draft: _Draft, pieces: list[tuple[int, int]]) -> _Draft:
        """The draft for one item; an item naming where (生产领域) is the scope of the rest."""
        scope = draft.scope
        if len(pieces) > 1 and _SCOPE_ITEM.search(self._text(pieces[-2])):
            scope, pieces = pieces[-2], [*pieces[:-2], pieces[-1]]
        return replace(draft, metric=pieces, scope=scope, review=list(draft.review))

    def _items(self, span: tuple[int, int]) -> list[tuple[int, int]]:
        """The items of a metric joined by 、/和/及/与, outside brackets and names."""
        start, end = span
        top = _top_level(self.s, start, end)
        for name in _COMPOUND_NAMES.finditer(self.s, start, end):
            top[name.start() - start : name.end() - start] = [False] * len(name.group())
        items, begin = [], start
        for m in _SEPARATOR.finditer(self.s, start, end):
            if top[m.start() - start] and m.start() > begin:
                items.append((begin, m.start()))
                begin = m.end()
        items.append((begin, end))
        return [item for item in items if item[1] > item[0]]

    def _rebuilt(self, items: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
        """Each item as a whole metric: an item without a measure head borrows the last
        item's (制造业产品和消费品质量合格率 → 制造业产品质量合格率, 消费品质量合格率), and a
        shared prefix ending in 的 goes with each item."""
        s = self.s
        first, last = items[0], items[-1]
        prefix_end = s.rfind("的", first[0], first[1]) + 1
        prefix = [(first[0], prefix_end)] if prefix_end else []
        items = [(prefix_end, first[1]) if prefix_end else first, *items[1:]]
        head = self._head_of(last, items[0])
        result = []
        for item in items:
            if item == last and head:
                pieces = [*prefix, (last[0], head[0]), head]
            elif head and not _HEAD.search(s[item[0] : item[1]]):
                pieces = [*prefix, item, head]
            else:
                pieces = [*prefix, item]
            result.append([p for p in pieces if p[1] > p[0]])
        return result

    def _head_of(self, last: tuple[int, int], first: tuple[int, int]) -> tuple[int, int] | None:
        """Where the part the items share begins in the last item: after the first item's
        last character (生产领域 / 流通领域药品抽检合格率), else after as many characters as
        the first item has (国际 / 全国标准化技术委员会)."""
        s, width = self.s, first[1] - first[0]
        at = s.find(s[first[1] - 1], last[0], min(last[1] - 1, last[0] + width + 2))
        if at >= 0:
            return (at + 1, last[1])
        return (last[0] + width, last[1]) if last[1] - last[0] > width + 1 else None

    # -- clauses without numbers: implied values and directions ----------------------------

    def _read_wordy(self, clause: _Clause) -> None:
        m = _IMPLIED.search(self.s, clause.start, clause.end)
        if m is not None:
            self._coverage(clause, m)
            return
        m = _DOUBLING.search(self.s, clause.start, clause.end)
        if m is not None:
            self._doubling(clause, m)
            return
        self._direction(clause)

    def _coverage(self, clause: _Clause, m: re.Match[str]) -> None:
        """实现城市、乡镇全覆盖 (one figure per place), 规模以上企业全部设立X (100 % of them)."""
        q = Quantity(m.start(), m.end(), 100, Unit.percent, None, None, implied=True)
        lead_span, tags = self._clean(clause.start, m.start(), keep_new=True)
        lead = _Lead(lead_span, tags, [])
        review = [f"{m.group()} read as 100%"]
        span = (clause.start, m.end())
        if m.group() != "全覆盖":
            obj = self._clean(m.end(), clause.end)[0]
            pieces = [(m.start() + 2, m.end()), obj]
            self.drafts.append(_Draft(pieces, q, span, lead, scope=lead_span, review=review))
            return
        for name, place in self._covered(*lead_span):
            pieces = (
                [name, (m.start() + 1, m.end())] if name[1] > name[0] else [(m.end() - 2, m.end())]
            )
            self.drafts.append(
                _Draft(pieces, q, span, lead, scope=place, review=list(review), metric_suffix="率")
            )

    def _covered(
        self, start: int, end: int
    ) -> list[tuple[tuple[int, int], tuple[int, int] | None]]:
        """What 全覆盖 covers and where: 5G网络实现城市、乡镇全覆盖 is the network in each
        place; 实现市、县(市、区)老年活动中心全覆盖 is the centres in the places together."""
        at = self.s.rfind("实现", start, end)
        before, region = ((start, at), at + 2) if at >= 0 else ((start, start), start)
        places = _COVERAGE_SCOPE.match(self.s, region, end)
        cut = region
        if places and ("、" in places.group() or ")" in places.group() or places.end() == end):
            cut = places.end()
        subject = before if before[1] > before[0] else (cut, end)
        scoped, name = self._scope_of(subject)
        items = self._items((region, cut)) if cut > region else []
        if cut == end and len(items) > 1:
            return [(name, item) for item in items]
        if cut > region:
            return [(name, (region, cut))]
        return [(name, scoped if scoped[1] > scoped[0] else None)]

    def _doubling(self, clause: _Clause, m: re.Match[str]) -> None:
        """总量和价值实现“双倍增”: 2 times, for each metric that is a measure."""
        q = Quantity(m.start(), m.end(), 2, Unit.multiple, None, None, implied=True)
        lead_span, tags = self._clean(clause.start, m.start())
        if not _HEAD.search(self.s[lead_span[0] : lead_span[1]]):
            return
        lead = _Lead(lead_span, tags, [])
        draft = _Draft(
            [lead_span], q, (clause.start, m.end()), lead, review=[f"{m.group()} read as 2 times"]
        )
        self._inherit(draft, clause)
        self._expand(draft, [q])

    def _direction(self, clause: _Clause) -> None:
        start = self._clean(clause.start, clause.end)[0][0]
        found = direction(self.s[start : clause.end])
        if found is None:
            return
        a, b = self._clean(start + found.metric_start, start + found.metric_end)[0]
        scoped, name = self._scope_of((a, b))
        items = self._items(name) if found.trend is Trend.zero_growth else [name]
        start, end = self._trimmed(clause.start, clause.end)
        quote, qa, qb = self.t.orig(start, end), *self.t.span(start, end)
        for item in items:
            self.figures.append(
                Figure(
                    metric=self.t.orig(*item),
                    value=None,
                    comparator=None,
                    unit=None,
                    kind=Kind.direction,
                    trend=found.trend,
                    hedge=self._hedge(a),
                    scope=self.t.orig(*scoped) if scoped[1] > scoped[0] else None,
                    quote=quote,
                    start=qa,
                    end=qb,
                )
            )

    def _scope_of(self, span: tuple[int, int]) -> tuple[tuple[int, int], tuple[int, int]]:
        """(scope, metric): 规模以上工业企业研发投入强度 → 规模以上工业企业, 研发投入强度."""
        m = _SCOPE.match(self.s, span[0], span[1])
        if m is None:
            return (span[0], span[0]), span
        return (span[0], m.end()), (m.end(), span[1])

    def _trimmed(self, start: int, end: int) -> tuple[int, int]:
        """A quote without leading list numbering, dashes and links, and trailing stops."""
        m = _QUOTE_LEAD.match(self.s, start, end)
        start = m.end() if m else start
        while end > start and self.s[end - 1] in " 。;,":
            end -= 1
        return start, end

    # -- the figure ------------------------------------------------------------------------

    def _figure(self, d: _Draft) -> Figure:
        q, lead = d.quantity, d.lead
        review = list(d.review)
        predicate = set(lead.predicate)
        tags = lead.tags | d.inherited
        pieces, scope = d.metric, d.scope
        if len(pieces) == 1 and scope is None:
            found, rest = self._scope_of(pieces[0])
            if found[1] > found[0]:
                scope, pieces = found, [rest]
        metric = "".join(self.t.orig(a, b) for a, b in pieces) + d.metric_suffix
        plain_metric = "".join(self._text(piece) for piece in pieces)
        unit, unit_text = self._unit(q, plain_metric, review)
        comparator = self._comparator(q, lead, review)
        change = self._change(lead, unit, review)
        if not (lead.predicate or q.comparator or q.implied or tags & _VERB_TAGS or d.year):
            review.append("no verb before the value: read as eq")
        before = self.s[lead.start : q.start]
        counted = unit in (Unit.count, Unit.other)
        start, end = self._quote_span(d)
        if end <= start:  # words consumed by the figure before: quote the number itself
            start, end = q.start, q.end
        a, b = self.t.span(start, end)
        return Figure(
            metric=metric,
            value=q.value,
            comparator=comparator,
            unit=unit,
            unit_text=unit_text,
            kind=d.kind,
            hedge=self._hedge(q.start, "zhengchuang" in d.inherited),
            held=bool(predicate & _HOLD),
            change=change,
            base_year=lead.base_year,
            per_year="per_year" in tags or bool(_PER_YEAR_WORDS.search(before)),
            new_only="new" in tags and counted,
            cumulative="cumulative" in tags
            or "累计" in before
            or (counted and bool(_PERIOD.search(self.s, 0, q.start))),
            combined=d.combined,
            implied=q.implied,
            scope=self.t.orig(*scope) if scope and scope[1] > scope[0] else None,
            year=d.year,
            quote=self.t.original[a:b],
            start=a,
            end=b,
            review=tuple(review),
        )

    def _quote_span(self, d: _Draft) -> tuple[int, int]:
        """The figure's words, with the verb phrase written right after the number
        (100%纳入监管平台, 连续2年获全国第一)."""
        start, end = d.span
        more = _RUN_ON.match(self.s, end, self._clause_of(end).end)
        if more:
            end = more.end()
        return self._trimmed(start, end)

    def _unit(self, q: Quantity, metric: str, review: list[str]) -> tuple[Unit, str | None]:
        """The unit written (its words in the original script), 件 per 每万人口 as per 10k
        people, and a bare value of an index."""
        text = q.unit_text
        if text is not None and (at := self.s.find(text, q.start, q.end)) >= 0:
            text = self.t.orig(at, at + len(text))
        if q.unit is Unit.count and q.unit_text == "件" and "每万人" in metric:
            return Unit.per_10k_people, text
        if q.unit is not None:
            return q.unit, text
        if metric.endswith("指数"):
            return Unit.index, None
        if re.search(r"(?:企业|机构|单位|组织|家|个|项|件)数(?:量)?$", metric):
            return Unit.count, None
        review.append("no unit written")
        return Unit.other, None

    def _comparator(self, q: Quantity, lead: _Lead, review: list[str]) -> Comparator:
        if q.unit is Unit.rank and q.comparator is not None:
            return q.comparator
        words = [_BOUND_OF[w] for w in lead.predicate if w in _BOUND_OF]
        word = words[-1] if words else None
        if word and q.comparator and word is not q.comparator:
            review.append(f"two bound words ({q.bound_word} and a verb): check the bound")
            return q.comparator
        return word or q.comparator or Comparator.eq

    def _change(self, lead: _Lead, unit: Unit | None, review: list[str]) -> Change | None:
        verbs = [w for w in lead.predicate if w in _DECREASE | _INCREASE]
        if verbs:
            return Change.decrease if verbs[-1] in _DECREASE else Change.increase
        if unit is Unit.percentage_points:
            review.append("percentage points without a verb: read as an increase")
            return Change.increase
        return None

    def _hedge(self, pos: int, zhengchuang: bool = False) -> Hedge | None:
        """The hedge over a figure at ``pos``.  力争, 争取 and 努力 opening the sentence
        govern all of it; opening a clause, the rest of that part of the sentence; inside
        a clause (满意度争取达到85分), that clause.  争创 is a verb: it hedges its own object,
        in its own clause."""
        clause = self._clause_of(pos)
        found = None
        for c in self.clauses:
            if c.start > pos:
                break
            word = self._opening_hedge(c)
            if word and (c is self.clauses[0] or c.part == clause.part):
                found = word
        inside = max((self.s.rfind(w, clause.start, pos), w) for w in _ADVERB_HEDGES)
        if inside[0] >= 0:
            found = inside[1]
        if found:
            return Hedge(found)
        if zhengchuang or self.s.rfind("争创", clause.start, pos) >= 0:
            return Hedge.zhengchuang
        return None

    def _opening_hedge(self, clause: _Clause) -> str | None:
        """力争 (or 争取, 努力) when it opens ``clause``, after year, region and link words."""
        pos = clause.start
        while (m := _LEAD_TOKEN.match(self.s, pos, clause.end)) and m.end() > pos:
            tag = (m.lastgroup or "").rsplit("_", 1)[0]
            if tag == "hedge":
                return m.group() if m.group() in _ADVERB_HEDGES else None
            if tag not in ("time", "region", "punct", "link"):
                return None
            pos = m.end()
        return None


def _enumerate(items: list[str], q: Quantity, distributive: bool) -> str:
    """How one value applies to a metric naming several items: "split" (one figure each),
    "combined" (one figure for all) or "one" (the items make one metric).

    A和B均… and items that are each a whole measure (A合格率和B合格率) split; items sharing
    one measure head (药品和医疗器械抽检合格率) are one combined figure, as are levels
    sharing one count (国家级、省级质检中心49个, 中国质量奖及提名奖2个).  A share of several
    populations (监管单位、监管人员100%纳入) is split; coordinated verbs (主导和参与制修订)
    and a name (组织和个人, 社会管理和公共服务…试点) are one metric.
    """
    heads = [bool(_HEAD.search(item)) for item in items]
    if distributive or all(heads):
        return "split"
    if heads[-1]:
        return "combined"
    if not q.is_amount and not any(heads):
        return "split"
    middle = items[1:-1]
    if middle:
        parallel = all(len(item) <= 3 or _MODIFIER.search(item) for item in middle)
    else:
        parallel = bool(_MODIFIER.search(items[0]))
    same_kind = len({item[-1] for item in items}) == 1
    if parallel or same_kind:
        return "combined"
    return "one"
