"""Finding the quantities a sentence writes, and the numbers that are only noise.

A *quantity* is a number with what is glued to it: the 万/亿 multiplier, the
unit or counter (%, 分, 家, 个百分点, 万元/人 …) and the bound words written
right at the number (约/近/超 before it, 以上/以内/左右/余 after it).  Which
metric it measures, and the verbs around it, are for :mod:`qualpolicy.text.clauses`.

*Noise* is a number that is never a figure: dates and times, years, document
numbers, list numbering, page and phone numbers, numbers inside a name or a
title (“415X”, 5G, 《中国500最具价值品牌》, 7大领域, 500强).  Noise is returned
with the reason, so that a curator can see what was passed over.

Everything here reads *folded* simplified text: one character per character of
the original, full-width digits and punctuation folded to ASCII (see :func:`fold`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from qualpolicy.models import Comparator, Unit
from qualpolicy.text.numbers import NUMBER, chinese_value

# Full-width ASCII (０-９, ％, （）, ，) and the ideographic space, one for one.
_FOLD = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def fold(text: str) -> str:
    """Full-width digits, letters and punctuation as ASCII, one character for one."""
    return text.translate(_FOLD)


@dataclass(frozen=True)
class Quantity:
    """A number with its unit and the bound words written at it, as offsets into the text."""

    start: int
    """Start of the number (or of the word that implies it: 半天, 前三)."""
    end: int
    """End of the unit and of a trailing bound word (以上, 左右)."""
    value: int | float
    unit: Unit | None
    """None for a bare number; the clause reader decides (an index, or a guess)."""
    unit_text: str | None
    comparator: Comparator | None
    """A bound written at the number itself; None leaves it to the verbs."""
    implied: bool = False
    """The value is a word (半天 = 0.5), not a numeral."""
    bound_word: str | None = None
    """The word that gave ``comparator`` (以上, 余, 前 …), for review notes."""

    @property
    def is_amount(self) -> bool:
        """A count or an amount (家, 项, 亿元), not a share, score or rank."""
        return self.unit in (Unit.count, Unit.other, Unit.per_10k_people)


@dataclass(frozen=True)
class Noise:
    """A number that is not a figure, and why."""

    start: int
    end: int
    why: str


# Units and counters as written after a number, longest first where one is a prefix of another.
_PERCENT = {"%": Unit.percent, "个百分点": Unit.percentage_points, "百分点": Unit.percentage_points}
_DAYS = ("个工作日", "工作日", "天")
_COUNTERS = (
    "家次", "个次", "人次", "个", "家", "项", "件", "名", "所", "座", "张", "批", "条", "处",
    "种", "款", "台", "套", "人", "次", "户", "场", "支", "部", "份", "篇", "本", "例", "辆",
    "艘", "架", "栋", "间", "床", "位", "只", "头", "株", "棵", "集", "届", "期", "门",
)  # fmt: skip
# 万/亿 written before these belong to the unit (3000亿元), not to the number.
_OTHER_UNITS = (
    "亿元", "万元", "元", "亿美元", "万美元", "美元", "万亩", "亩", "公顷", "万吨", "吨", "千克",
    "公斤", "万千瓦时", "千瓦时", "万千瓦", "千瓦", "兆瓦", "万平方米", "平方米", "平方公里",
    "公里", "千米", "立方米", "万立方米", "小时", "分钟", "秒", "毫克", "微克",
)  # fmt: skip
_DURATIONS = ("个月", "周")
# Counters joined for things counted by the piece and the visit (1.2万台件次, 500台套).
_COMPOUND_COUNTERS = ("台件次", "台套", "件套", "台次", "件次", "户次", "场次", "批次")
_UNIT_WORDS = sorted(
    [
        *_PERCENT,
        *_DAYS,
        *_COUNTERS,
        *_COMPOUND_COUNTERS,
        *_OTHER_UNITS,
        *_DURATIONS,
        "万元/人",
        "倍",
        "分",
        "年",
    ],
    key=len,
    reverse=True,
)
_UNIT = re.compile(
    r"\s*(?P<mult>[万亿](?!元|亩|吨|千瓦|平方|立方|美元))?(?P<more>[余多])?\s*"
    r"(?P<unit>" + "|".join(map(re.escape, _UNIT_WORDS)) + r")?"
    r"(?P<per>/(?:千人|万人|百人|人|户|年|天|平方公里|万元))?"
    r"(?P<suffix>\s*(?:及以上|以上|以下|以内|之内|左右|上下))?"
)
_SUFFIX_BOUNDS = {
    "及以上": Comparator.ge,
    "以上": Comparator.ge,
    "以下": Comparator.le,
    "以内": Comparator.le,
    "之内": Comparator.le,
    "左右": Comparator.approx,
    "上下": Comparator.approx,
}
_MULTIPLIERS = {"万": 10_000, "亿": 100_000_000}

_DIGIT = re.compile(r"\d")
_CHINESE = re.compile(r"[零〇一二两三四五六七八九十百千]+")
_HALF_DAY = re.compile(r"半天")
_ZERO = re.compile(r"(?<=[为是])零(?![部售星散碳排增])")

# ---- noise -------------------------------------------------------------------------------
_Y = r"(?:19|20)\d{2}"
_NOISE_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"[〔\[【(（]\s*" + _Y + r"\s*[〕\]】)）]\s*\d+\s*号"), "document number"),
    (re.compile(r"\d+\s*号(?:文|令)?(?!\d)"), "document number"),
    (re.compile(_Y + r"\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?"), "date"),
    (re.compile(_Y + r"\s*年\s*\d{1,2}\s*月(?:份|底|初|末)?"), "date"),
    (re.compile(r"\d{1,2}\s*月\s*\d{1,2}\s*日"), "date"),
    (re.compile(r"(?<![\d.])\d{1,2}\s*月(?:份|底|初|末)?(?!\d)"), "date"),
    (re.compile(r"(?<![\d.])\d{1,2}\s*[:：]\s*\d{2}(?:\s*[:：]\s*\d{2})?(?!\d)"), "time"),
    (
        re.compile(r"(?:电话|热线|传真|手机|联系方式|咨询|Tel|TEL)[^\d]{0,6}[\d\-— ]{5,}"),
        "phone number",
    ),
    (re.compile(r"(?<!\d)0\d{2,3}\s*[-—]\s*\d{7,8}(?!\d)"), "phone number"),
    (re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)"), "phone number"),
    # a bare address too: a host with a path (m.fx361.cc/news/2018/0328/19747639.html)
    (
        re.compile(
            r"[\w.\-]+@[\w.\-]+|https?://\S+|www\.\S+"
            r"|(?<![\w.])(?:[A-Za-z0-9\-]+\.)+[A-Za-z]{2,6}/[\x21-\x7e]*"
        ),
        "an e-mail or web address",
    ),
    (re.compile(r"ICP\s*备?\s*\d+\s*号?(?:\s*-\s*\d+)?|[A-Za-z]\w*\s*-\s*\d+"), "an identifier"),
    (
        re.compile(r"(?:索引号|文号|编号|代码)\s*[:：]?\s*[\w/\-—]+|\d{5,}\s*[/\-]\s*[\d\-/]+"),
        "an identifier",
    ),
    (re.compile(r"^\s*[-—–]\s*\d+\s*[-—–]\s*$"), "page number"),
    (re.compile(r"(?:第|共)\s*\d+\s*页|\d+\s*/\s*\d+\s*页"), "page number"),
    (re.compile(r"(?:附表|附件|附图|(?<!代)表|图)\s*\d+"), "a reference to a table or annex"),
    (re.compile(r"^\s*(?:[(（]\s*\d{1,3}\s*[)）]|\d{1,3}\s*[.．、)）](?!\d))"), "list number"),
    (re.compile(r"[(（]\d{1,2}[)）]|[①-⑳]"), "list number"),
    (re.compile(r"(?<![\d.])\d{1,2}\s*[.．、](?=\s*[\u4e00-\u9fff“《(（])"), "list number"),
    (re.compile(r"第\s*\d+\s*[条章节款部篇]"), "list number"),
    (re.compile(_Y + r"\s*[-—–~～至到]\s*" + _Y + r"\s*年?"), "year"),
    (re.compile(r"(?<![\d.])" + _Y + r"(?=\s*年)"), "year"),
    (re.compile(r"(?<![\d.])" + _Y + r"(?=\s*[-—–~～])"), "year"),
    (re.compile(r"\d+(?:\.\d+)?(?=\s*(?:[A-Za-z+]|时代|版|代(?!表)))|(?<=[A-Za-z])\d+"), "name"),
    (re.compile(r"\d+(?=\s*[大强])"), "list name"),
]
# Spans whose digits name or title something: “415X”, 《中国500最具价值品牌》.
_NAMED_SPANS = re.compile(
    r"“[^”]{0,40}”|《[^》]{0,60}》|「[^」]{0,40}」|‘[^’]{0,40}’|\"[^\"]{0,40}\""
)
# A number right after these words is vague (数百万个, 上万个, 几十家).
_VAGUE_BEFORE = ("数", "几", "上", "多", "若干")
# A bare number run into a word (12345热线, 95598服务) names something; bounds (87以上,
# 88左右) and a change to a new level (由85提高到88) may follow a bare value.
_WORD_AFTER = re.compile(
    r"\s*(?![以左上余多万亿之及])(?!(?:提高|提升|增加|增长|下降|降低|减少|缩减|缩短|上升)[到至为])"
    r"[\u4e00-\u9fff]"
)
_RESTRICTIVE_ONE = re.compile(r"(?:只有|仅有|仅|只|唯一)$")
_NONE_ONE = re.compile(r"(?:没有|无|未有)$")


def noise_spans(text: str) -> list[Noise]:
    """Every stretch of ``text`` whose digits are not figures, with the reason."""
    found = [Noise(m.start(), m.end(), "in a name or title") for m in _NAMED_SPANS.finditer(text)]
    if not _DIGIT.search(text):
        return found
    for pattern, why in _NOISE_PATTERNS:
        found.extend(Noise(m.start(), m.end(), why) for m in pattern.finditer(text))
    return found


def _noise_at(spans: list[Noise], start: int, end: int) -> Noise | None:
    for span in spans:
        if span.start <= start and end <= span.end:
            return span
    return None


def _year_why(text: str, start: int, end: int) -> str:
    year = int(text[start:end]) if text[start:end].isdigit() else 0
    if re.search(r"(?:较|比|与|相比|同比|相较)\s*$", text[max(0, start - 3) : start]):
        return "base year"
    return "vision year" if year >= 2035 else "year"


def find(text: str) -> tuple[list[Quantity], list[Noise]]:
    """The quantities ``text`` (folded, simplified) writes, and the numbers that are noise."""
    spans = noise_spans(text)
    quantities: list[Quantity] = []
    skipped: list[Noise] = []
    for m in NUMBER.finditer(text):
        span = _noise_at(spans, m.start(), m.end())
        if span is not None:
            why = _year_why(text, m.start(), m.end()) if span.why == "year" else span.why
            skipped.append(Noise(m.start(), m.end(), why))
            continue
        reading = _read_arabic(text, m)
        if isinstance(reading, Noise):
            skipped.append(reading)
        else:
            quantities.append(reading)
    for m in _CHINESE.finditer(text):
        taken = any(q.start <= m.start() < q.end for q in quantities)
        if not taken and _noise_at(spans, m.start(), m.end()) is None:
            chinese = _read_chinese(text, m)
            if isinstance(chinese, Quantity):
                quantities.append(chinese)
            elif chinese is not None:
                skipped.append(chinese)
    for m in _HALF_DAY.finditer(text):
        quantities.append(Quantity(m.start(), m.end(), 0.5, Unit.days, "天", None, implied=True))
    for m in _ZERO.finditer(text):
        quantities.append(Quantity(m.start(), m.end(), 0, None, None, None, implied=True))
    quantities.sort(key=lambda q: q.start)
    return quantities, skipped


def _number(text: str) -> int | float:
    value = float(text)
    return int(value) if value.is_integer() else value


def _read_arabic(text: str, m: re.Match[str]) -> Quantity | Noise:
    before = text[max(0, m.start() - 2) : m.start()]
    if before.endswith(_VAGUE_BEFORE) and not before.endswith("多于"):
        return Noise(m.start(), m.end(), "vague amount")
    value = _number(m.group())
    rank = _rank(text, m.start(), m.end(), value)
    if rank is not None:
        return rank
    quantity = _with_unit(text, m.start(), m.end(), value)
    if quantity is None:
        return Noise(m.start(), m.end(), "not a quantity")
    if (
        quantity.unit is None
        and quantity.comparator is None
        and _WORD_AFTER.match(text, quantity.end)
    ):
        return Noise(m.start(), m.end(), "no unit: a name or a phrase, not a figure")
    return quantity


def _rank(text: str, start: int, end: int, value: int | float) -> Quantity | None:
    """前三, 前10名 (at most that place); 第2位, 第3名 (that place)."""
    before = text[start - 1 : start] if start else ""
    after = re.match(r"\s*(?:位|名|强)?", text[end:])
    assert after is not None
    if before == "前":
        stop = end + after.end()
        return Quantity(start - 1, stop, value, Unit.rank, None, Comparator.le, bound_word="前")
    if before == "第" and after.group().strip() in ("位", "名"):
        return Quantity(start - 1, end + after.end(), value, Unit.rank, None, None)
    return None


def _with_unit(text: str, start: int, end: int, value: int | float) -> Quantity | None:
    """The number ``text[start:end]`` with the unit and bound words after it."""
    m = _UNIT.match(text, end)
    assert m is not None
    unit_word = m.group("unit") or ""
    if unit_word in _DURATIONS or (unit_word == "年" and not _streak(text, start)):
        return None
    if unit_word == "分" and re.match(r"[之别类级期批钟]", text[m.end("unit") : m.end("unit") + 1]):
        return None
    mult = m.group("mult")
    if mult:
        value = value * _MULTIPLIERS[mult]
        value = int(value) if float(value).is_integer() else value
    unit, unit_text = _unit(unit_word, m.group("per"))
    comparator, bound = None, None
    if m.group("more"):
        comparator, bound = Comparator.gt, m.group("more")
    suffix = (m.group("suffix") or "").strip()
    if suffix:
        comparator, bound = _SUFFIX_BOUNDS[suffix], suffix
    return Quantity(start, m.end(), value, unit, unit_text, comparator, bound_word=bound)


def _streak(text: str, start: int) -> bool:
    """连续8年, 满3年: a number of years, not a year."""
    return bool(re.search(r"(?:连续|满|超过|已达|长达)\s*$", text[max(0, start - 3) : start]))


def _unit(word: str, per: str) -> tuple[Unit | None, str | None]:
    if not word:
        return None, None
    if word in _PERCENT:
        return _PERCENT[word], None
    if word in _DAYS:
        return Unit.days, word
    if word == "万元/人":
        return Unit.yuan_10k_per_person, word
    if word == "件" and per == "/万人":
        return Unit.per_10k_people, word
    if per:
        return Unit.other, word + per
    if word == "倍":
        return Unit.multiple, None
    if word == "分":
        return Unit.points, None
    if word == "年":
        return Unit.years, None
    if word in _COUNTERS or word in _COMPOUND_COUNTERS:
        return Unit.count, word
    return Unit.other, word


def _read_chinese(text: str, m: re.Match[str]) -> Quantity | Noise | None:
    """A number in Chinese numerals, only where it is plainly a figure.

    前三, 第二位 and 三个百分点 are figures; 千家 (ten or more of something) is a count.
    A small count of things (两个规定, 三张清单) names a set rather than setting a figure,
    and 一 with a counter is an article (一批, 一家) unless 只有/没有 make it a number.
    """
    value = chinese_value(m.group())
    if value is None or m.group()[0] in "零〇":
        return None
    start, end = m.start(), m.end()
    before = text[max(0, start - 2) : start]
    if before.endswith(_VAGUE_BEFORE):
        return None
    if before.endswith(("前", "第")):
        return _rank(text, start, end, value)
    quantity = _with_unit(text, start, end, value)
    if quantity is None or quantity.unit is None or quantity.unit in (Unit.years, Unit.other):
        return None
    quantity = Quantity(**{**quantity.__dict__, "implied": False})
    if quantity.unit is not Unit.count:
        return quantity
    if value == 1:
        if _RESTRICTIVE_ONE.search(text[:start]):
            return quantity
        if _NONE_ONE.search(text[:start]):
            return Quantity(start, quantity.end, 0, Unit.count, quantity.unit_text, None, True)
        return None
    if value >= 10 and m.group()[0] in "十百千":
        return quantity
    return Noise(start, end, "a small count in characters names a set, not a figure")
