"""A non-editable install (a built wheel) finds the data shipped inside it.

Builds the wheel offline with the venv's own hatchling (no build isolation),
installs it with ``pip --target`` into a scratch folder, and runs the installed
package from a working directory outside the repository.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import qualpolicy

ROOT = Path(__file__).resolve().parents[1]


def _run(args: list[str], *, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, timeout=300, check=False
    )


def _explain(proc: subprocess.CompletedProcess[str]) -> str:
    return (
        f"\n$ {' '.join(map(str, proc.args))}\nexit {proc.returncode}\n{proc.stdout}{proc.stderr}"
    )


def _file_count(data: Path) -> int:
    from qualpolicy.checks.validate import data_files

    plans = [p for p in (data / "plans").iterdir() if p.suffix in (".yaml", ".yml")]
    return len(plans) + sum((data / name).is_file() for name in data_files())


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding the wheel's install, built once for this module."""
    pytest.importorskip("hatchling", reason="hatchling is needed to build the wheel offline")
    tmp = tmp_path_factory.mktemp("install")
    env = {
        **os.environ,
        "PIP_NO_INDEX": "1",
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "PIP_NO_INPUT": "1",
    }
    dist, site = tmp / "dist", tmp / "site"
    built = _run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            str(ROOT),
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(dist),
        ],
        cwd=tmp,
        env=env,
    )
    assert built.returncode == 0, _explain(built)
    [wheel] = dist.glob("qualpolicy-*.whl")
    done = _run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--target", str(site), str(wheel)],
        cwd=tmp,
        env=env,
    )
    assert done.returncode == 0, _explain(done)
    return site


def _env(site: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("QUALPOLICY_")}
    env["PYTHONPATH"] = str(site)  # the venv still provides typer, pydantic …
    env.pop("PYTHONSAFEPATH", None)
    return env


def test_installed_package_uses_its_own_data(installed: Path) -> None:
    cwd = installed.parent
    proc = _run(
        [
            sys.executable,
            "-c",
            "import qualpolicy; from qualpolicy.loading.datadir import shipped_data_dir; "
            "print(qualpolicy.__file__); print(shipped_data_dir())",
        ],
        cwd=cwd,
        env=_env(installed),
    )
    assert proc.returncode == 0, _explain(proc)
    package_file, data_dir = (Path(line) for line in proc.stdout.splitlines())
    site = installed.resolve()
    assert package_file.resolve().is_relative_to(site), _explain(proc)
    assert data_dir.resolve() == site / "qualpolicy" / "data", _explain(proc)
    assert not data_dir.resolve().is_relative_to(ROOT)
    # the wheel carries every data file of the repository
    shipped = {p.relative_to(ROOT / "data") for p in (ROOT / "data").rglob("*") if p.is_file()}
    packed = {p.relative_to(data_dir) for p in data_dir.rglob("*") if p.is_file()}
    assert shipped <= packed, f"missing from the wheel: {sorted(map(str, shipped - packed))}"


def test_installed_validate_is_clean(installed: Path) -> None:
    proc = _run(
        [sys.executable, "-m", "qualpolicy", "validate"],
        cwd=installed.parent,
        env=_env(installed),
    )
    assert proc.returncode == 0, _explain(proc)
    count = _file_count(installed / "qualpolicy" / "data")
    assert count == _file_count(ROOT / "data")
    assert proc.stderr.strip() == f"{count} files checked: 0 errors, 0 warnings", _explain(proc)


def test_installed_version(installed: Path) -> None:
    proc = _run(
        [sys.executable, "-m", "qualpolicy", "--version"],
        cwd=installed.parent,
        env=_env(installed),
    )
    assert proc.returncode == 0, _explain(proc)
    assert proc.stdout.strip() == f"qualpolicy {qualpolicy.__version__}"


def test_the_installed_package_says_it_is_typed(installed: Path) -> None:
    """Results are typed for notebooks and scripts too: mypy reads the package's own
    annotations (PEP 561), not 'missing library stubs'."""
    assert (installed / "qualpolicy" / "py.typed").is_file()


def test_the_installed_console_script_runs(installed: Path) -> None:
    """The `qualpolicy` script pip writes from the wheel's entry point (the launcher that
    turns the garbage collector off before the command line loads)."""
    proc = _run(
        [str(installed / "bin" / "qualpolicy"), "compare", "--metric", "制造业质量竞争力指数"],
        cwd=installed.parent,
        env=_env(installed),
    )
    assert proc.returncode == 0, _explain(proc)
    assert proc.stdout.startswith("制造业质量竞争力指数"), _explain(proc)
