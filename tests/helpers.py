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


def record_calls(
    monkeypatch: Any, owner: Any, name: str, noted: Callable[..., list[Any]]
) -> list[Any]:
    """What each later call of ``owner.name`` notes (``noted`` of its arguments), in
    order; the calls still do what they did."""
    seen: list[Any] = []
    original = getattr(owner, name)

    def recording(*args: Any, **kwargs: Any) -> Any:
        seen.extend(noted(*args, **kwargs))
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, recording)
    return seen


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


# --- many plans ----------------------------------------------------------------------------


def copy_plans(data: Path, target: Path, count: int) -> list[Path]:
    """``count`` plan files made from ``data``'s plans in turn, each under a new id
    (``<id>_0007``) with its own copy of the source text: a data directory at scale
    (``scripts/bench.py`` uses it too)."""
    import re
    import shutil

    plans, sources = target / "plans", target / "sources"
    plans.mkdir(parents=True, exist_ok=True)
    sources.mkdir(exist_ok=True)
    originals = [(p.stem, p.read_text(encoding="utf-8")) for p in sorted(data.glob("plans/*.yaml"))]
    made = []
    last_nation = ""
    for i in range(count):
        stem, text = originals[i % len(originals)]
        new = f"{stem}_{i:04d}"
        text = re.sub(r"^id: .*$", f"id: {new}", text, count=1, flags=re.MULTILINE)
        # the ids it names are renamed too; but there is one nation: each copy of the
        # national plan supersedes the one before (the others supersede nothing)
        earlier = f"[{last_nation}]" if last_nation and stem == "national" else "[]"
        text = re.sub(r"^supersedes: .*$", "", text, flags=re.MULTILINE)
        text = re.sub(r"^(id: .*)$", rf"\1\nsupersedes: {earlier}", text, count=1, flags=re.M)
        last_nation = new if stem == "national" else last_nation
        source = data / "sources" / f"{stem}.txt"
        if source.is_file():
            text = text.replace(f"file: {stem}.txt", f"file: {new}.txt", 1)
            shutil.copyfile(source, sources / f"{new}.txt")
        path = plans / f"{new}.yaml"
        path.write_text(text, encoding="utf-8")
        made.append(path)
    return made


RD_ALIASES = "全社会研发经费支出占地区生产总值比例, 全社会研发经费支出相当于全市生产总值的比例"
"""The shipped aliases line of rd_intensity, which tests edit."""


def report_over(plan: dict[str, Any], folder: Path) -> Path:
    """The report on the shipped plans with ``plan`` layered over them, written in
    ``folder`` (outside any test's environment: a module-scoped page)."""
    import pytest
    import yaml
    from typer.testing import CliRunner

    from qualpolicy.cli import app

    layer = folder / "layer"
    (layer / "plans").mkdir(parents=True)
    (layer / "plans" / f"{plan['id']}.yaml").write_text(
        yaml.safe_dump(plan, allow_unicode=True), "utf-8"
    )
    path = folder / "report.html"
    with pytest.MonkeyPatch.context() as env:
        env.delenv("QUALPOLICY_DATA", raising=False)
        env.delenv("QUALPOLICY_OWN_ONLY", raising=False)
        args = ["report", "--out", str(path), "--data-dir", str(layer)]
        result = CliRunner().invoke(app, args, catch_exceptions=False)
    assert result.exit_code == 0, explain(result)
    return path
