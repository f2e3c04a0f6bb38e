"""Formatting figures for people: values with comparator and unit, years, flags."""

from __future__ import annotations

from qualpolicy.models import COMPARATOR_SYMBOLS, TREND_NAMES, UNIT_SYMBOLS, Target, Trend, Unit

_TREND_SIGNS = {
    Trend.increase: "↑",
    Trend.decrease: "↓",
    Trend.maintain: "→",
    Trend.zero_growth: "0",
    Trend.none: "∅",
}
TREND_WORDS = {trend: f"{sign} {TREND_NAMES[trend]}" for trend, sign in _TREND_SIGNS.items()}


def number(value: float | int) -> str:
    """The value exactly as recorded: 88, 93.07, 240,000 — never rounded."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return f"{value:,}" if abs(value) >= 10000 else str(value)
    return repr(value)


def with_minus(value: float | int) -> str:
    """:func:`number` with a typographic minus for a negative value (−14, not -14)."""
    return number(value).replace("-", "−")


def unit_label(target: Target, unit_text: str | None = None) -> str:
    """The unit as written (``unit_text``, normalised by the caller) or its symbol."""
    written = unit_text or target.unit_text
    if written:
        return written
    if target.unit is None:
        return ""
    return UNIT_SYMBOLS[target.unit]


def figure(target: Target, *, unit_text: str | None = None, with_comparator: bool = True) -> str:
    """``≥ 98.3%``, ``= 88``, ``> 9,500 名``, or the trend of a direction.

    ``unit_text`` replaces the target's own (to show it normalised).
    """
    if target.value is None:
        return TREND_WORDS[target.trend] if target.trend else "—"
    text = number(target.value)
    unit = unit_label(target, unit_text)
    if unit:
        text += unit if target.unit in (Unit.percent,) and not target.unit_text else f" {unit}"
    if target.change:
        text = ("−" if target.change.value == "decrease" else "+") + text
    if with_comparator and target.comparator:
        text = f"{COMPARATOR_SYMBOLS[target.comparator]} {text}"
    return text


def year(target: Target) -> str:
    if target.year is None:
        return "—"
    if target.base_year:
        return f"{target.base_year}→{target.year}"
    return str(target.year)


def plural(count: int, word: str, many: str | None = None) -> str:
    """``1 figure``, ``2 figures``; ``many`` for an irregular plural."""
    return f"{count} {word if count == 1 else many or word + 's'}"
