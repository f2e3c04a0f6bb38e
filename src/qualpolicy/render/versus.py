"""A target held against a level above it, in words (``⚑ below 全国 = 86 (2025)``) and
as data: what compare, progress and the report say of the cascade."""

from __future__ import annotations

from typing import Any

from qualpolicy.analysis.cascade import Verdict, Versus
from qualpolicy.render.text import figure


def versus_text(v: Versus) -> str:
    """``⚑ below 全国 = 86 (2025)``: a target held against the level above."""
    other = v.other
    shown = f"{other.plan.region} {figure(other.target, unit_text=other.unit_text)}"
    when = f" ({other.target.year})" if other.target.year else ""
    words = {
        Verdict.below: f"⚑ below {shown}{when}",
        Verdict.matches: f"matches {shown}{when}",
        Verdict.above: f"above {shown}{when}",
        Verdict.other_year: f"{shown} for {other.target.year}",
    }
    return words[v.verdict]


def versus_dict(v: Versus) -> dict[str, Any]:
    t = v.other.target
    return {
        "plan": v.other.plan.id,
        "region": v.other.plan.region,
        "level": v.other.plan.level.value,
        "value": t.value,
        "comparator": t.comparator.value if t.comparator else None,
        "year": t.year,
        "verdict": v.verdict.value,
        "text": versus_text(v),
    }
