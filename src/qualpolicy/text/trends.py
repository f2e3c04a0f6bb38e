"""Directions: a measurable metric named with a trend word and no number.

``农业标准化生产普及率稳步提升``, ``降低企业碳排放强度``, ``不发生重大质量安全事故``.
A metric is measurable when its head is a rate, index, score, share, intensity,
consumption or coverage (率, 指数, 满意度, 占比, 强度, 消耗, 覆盖范围 …); a vague
aim (品牌影响力显著增强, 质量竞争力进入全国前列) is not a direction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from qualpolicy.models import Trend

# What a measurable metric ends with.  效率 (使用效率) and 成熟度 are qualities, not measures.
MEASURE_HEAD = (
    r"(?:(?<!效)率|指数|满意度|强度|占比|比例|比重|比率|总量|总额|价值|规模|数量|(?<![质数])量|"
    r"消耗|能耗|排放|产值|增加值|收入|覆盖范围|覆盖面|得分|评分|时间|时长|天数|人数|件数|个数)"
)
# A direction names a rate, index, score, share, intensity, consumption or coverage;
# counts and sizes (数量, 规模, 价值) without a number are aims, not directions.
_DIRECTION_HEAD = (
    r"(?:(?<!效)率|指数|满意度|强度|占比|比例|比重|比率|消耗|能耗|排放量|覆盖范围|覆盖面|得分|额)"
)
_ADVERB = r"(?:稳步|持续|逐年|逐步|不断|显著|明显|进一步|大幅|全面|有效|较快|切实|大力|努力|着力)*"
_UP = "提高|提升|增强|扩大|增加|上升|增长|改善|优化"
_DOWN = "下降|降低|减少|压减|缩小|缩短"
_LEAD = r"(?:力争|争取|努力|推动|促进|实现|确保|全省|全市|我省|我市|本省|本市|并|且|和|同时)*"
_ITEM = re.compile(r"、|和|(?<![普涉])及|(?<![参给])与")
_METRIC = (
    r"(?!建设|推进|推动|依靠|实施|加强|完善)(?P<metric>[^,;。]{2,30}?" + _DIRECTION_HEAD + r")"
)
_TAIL = r"\s*[。;]?$"

_FORMS: list[tuple[re.Pattern[str], Trend | None]] = [
    # metric first: 工程质量抽查符合率持续提高
    (
        re.compile(
            r"^" + _LEAD + _METRIC + _ADVERB + r"(?P<verb>" + _UP + "|" + _DOWN + r")" + _TAIL
        ),
        None,
    ),
    # verb first: 降低企业碳排放强度, 逐步扩大家庭医生签约服务覆盖范围
    (
        re.compile(
            r"^" + _LEAD + _ADVERB + r"(?P<verb>" + _UP + "|" + _DOWN + r")" + _METRIC + _TAIL
        ),
        None,
    ),
    # 不发生系统性区域性重大质量安全事故
    (
        re.compile(r"^" + _LEAD + r"不发生(?P<metric>[^,;。]{2,30}?(?:事故|事件))" + _TAIL),
        Trend.none,
    ),
    # 实施化肥、农药零增长行动
    (
        re.compile(
            r"^" + _LEAD + r"(?:实施|开展|推进)?(?P<metric>[^,;。]{1,20}?)零增长(?:行动)?" + _TAIL
        ),
        Trend.zero_growth,
    ),
]
_UP_WORDS = frozenset(_UP.split("|"))
_HEAD_AT_END = re.compile(_DIRECTION_HEAD + "$")


def _all_measures(metric: str, fixed: Trend | None) -> bool:
    """获得感、满意度明显增强 names a feeling as much as a measure: every item of a
    listed metric must be a measure (zero growth and none-to-occur name things)."""
    if fixed is not None:
        return True
    return all(_HEAD_AT_END.search(item) for item in _ITEM.split(metric) if item)


@dataclass(frozen=True)
class Direction:
    """A trend named for a metric, as offsets into the clause."""

    metric_start: int
    metric_end: int
    trend: Trend


def direction(clause: str) -> Direction | None:
    """The direction ``clause`` (folded, simplified, one comma clause) states, if any."""
    for pattern, fixed in _FORMS:
        m = pattern.match(clause)
        if m is None or not _all_measures(m.group("metric"), fixed):
            continue
        trend = fixed
        if trend is None:
            trend = Trend.increase if m.group("verb") in _UP_WORDS else Trend.decrease
        return Direction(m.start("metric"), m.end("metric"), trend)
    return None
