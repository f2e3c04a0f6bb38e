"""Small helpers shared by the behaviour tests of compare, diff, search and themes."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rich.cells import cell_len

from qualpolicy.models import Comparator, Kind, Level, Plan, Script, Source, Target, Trend, Unit

Run = Callable[..., Any]


def explain(result: Any) -> str:
    """A CLI result's exit code and output, for assertion messages."""
    return (
        f"\n--- exit code {result.exit_code}\n"
        f"--- stdout\n{result.stdout}--- stderr\n{result.stderr}"
    )


def ok(run: Run, *args: str, **kwargs: Any) -> str:
    """Run a command that must succeed; its stdout."""
    result = run(*args, **kwargs)
    assert result.exit_code == 0, explain(result)
    return str(result.stdout)


def cli_json(run: Run, *args: str) -> Any:
    """Run a command that must succeed and print JSON; the parsed JSON."""
    return json.loads(ok(run, *args))


def too_wide(text: str, width: int = 80) -> list[str]:
    """Lines of ``text`` wider than ``width`` terminal cells (CJK counts double)."""
    return [line for line in text.splitlines() if cell_len(line) > width]


def python(
    code: str, cache_dir: Path, *args: str, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh interpreter with its own qualpolicy cache; must succeed."""
    env = {**os.environ, "QUALPOLICY_CACHE_DIR": str(cache_dir)}
    env.pop("QUALPOLICY_DATA", None)
    env.pop("QUALPOLICY_NO_CACHE", None)
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, f"exit {done.returncode}\n{done.stdout}\n{done.stderr}"
    return done


# --- hand-made plans ---------------------------------------------------------------------------


def target(metric: str, value: float | None, **more: Any) -> Target:
    """A target entry (≥ value %, 2025) with the wording as its quote; ``more`` overrides."""
    fields: dict[str, Any] = {
        "comparator": Comparator.ge,
        "unit": Unit.percent,
        "year": 2025,
        "quote": metric,
    }
    return Target(metric=metric, value=value, **{**fields, **more})


def direction(metric: str, trend: Trend = Trend.increase, **more: Any) -> Target:
    return target(
        metric, None, kind=Kind.direction, trend=trend, comparator=None, unit=None, **more
    )


def small_plan(*targets: Target, plan_id: str = "testland") -> Plan:
    """A simplified-script plan with just ``targets``."""
    return Plan(
        id=plan_id,
        region="测试省",
        level=Level.province,
        title="测试省质量强省建设实施方案",
        issuer="测试省人民政府",
        source=Source(unavailable_reason="made up by a test"),
        script=Script.simplified,
        horizon=[2025, 2030],
        targets=list(targets),
    )


def plan_dict(*, tasks: bool = True, **source: Any) -> dict[str, Any]:
    """A small valid plan as raw YAML data (plan id testland), to mutate in tests."""
    data: dict[str, Any] = {
        "id": "testland",
        "region": "测试省",
        "level": "province",
        "title": "测试省质量强省建设实施方案",
        "issuer": "测试省人民政府",
        "issued": dt.date(2023, 3, 10),
        "source": source or {"file": "testland.txt"},
        "script": "simplified",
        "horizon": [2025, 2035],
        "targets": [
            {
                "metric": "制造业产品质量合格率",
                "value": 95,
                "comparator": "ge",
                "unit": "percent",
                "year": 2025,
                "quote": "制造业产品质量合格率达到95%以上",
            }
        ],
    }
    if tasks:
        data["tasks"] = [
            {
                "number": "1",
                "title": "加强质量基础设施建设",
                "text": "全面提升计量、标准、认证认可、检验检测能力。",
            }
        ]
    return data
