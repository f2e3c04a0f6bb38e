"""Reading the figures a piece of plan text writes: digits, 万 multiples, Chinese numerals.

``audit`` uses it to account for the numbers of a source text, and the
figure check uses it to see that an entry's value is what its quote says
(24万余 is 240000, 前三 is 3, 两个百分点 is 2).
"""

from __future__ import annotations

import re
import unicodedata

NUMBER = re.compile(r"\d+(?:\.\d+)?")
_MULTIPLIERS = {"万": 10_000, "亿": 100_000_000, "萬": 10_000, "億": 100_000_000}
_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "兩": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_CHINESE = re.compile(f"[{''.join(_DIGITS)}{''.join(_UNITS)}]+")


def readings(number: str, following: str) -> set[float]:
    """What a run of digits may stand for: itself, or times 万/亿 when one follows."""
    value = float(number)
    factor = _MULTIPLIERS.get(following[:1])
    return {value, value * factor} if factor else {value}


def chinese_value(text: str) -> int | None:
    """三 → 3, 十五 → 15, 二十 → 20, 一百 → 100; None for text that is not a numeral."""
    total, digit = 0, None
    for char in text:
        if char in _DIGITS:
            digit = _DIGITS[char]
        elif char in _UNITS:
            total += (1 if digit is None else digit) * _UNITS[char]
            digit = None
        else:
            return None
    return total + (digit or 0)


def figures(text: str) -> set[float]:
    """Every value ``text`` writes, in digits (with 万/亿) or in Chinese numerals."""
    plain = unicodedata.normalize("NFKC", text)
    found: set[float] = set()
    for m in NUMBER.finditer(plain):
        found |= readings(m.group(), plain[m.end() : m.end() + 1])
    for m in _CHINESE.finditer(plain):
        value = chinese_value(m.group())
        if value is not None:
            following = plain[m.end() : m.end() + 1]
            found.add(float(value))
            if following in _MULTIPLIERS:
                found.add(float(value * _MULTIPLIERS[following]))
    return found
