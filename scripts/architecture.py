"""Write docs/ARCHITECTURE.md's list of modules, floor by floor, from the layers contract in
pyproject.toml and the first sentence of each module's docstring.

Run by `make architecture` (python -m scripts.architecture); tests/test_layers.py fails
when the list is stale.
"""

from __future__ import annotations

import ast
import sys
import tomllib
from pathlib import Path

from scripts.regenerate import between, rewrite

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "qualpolicy"
DOC = ROOT / "docs" / "ARCHITECTURE.md"
BEGIN = "<!-- modules:begin (make architecture writes this list) -->"
END = "<!-- modules:end -->"


def floors() -> list[list[str]]:
    """The layers contract's floors, top first, each a list of sibling modules."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    (layers,) = [c for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "layers"]
    return [[part.strip() for part in floor.split("|")] for floor in layers["layers"]]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def summary(path: Path) -> str:
    """The docstring's first sentence, on one line."""
    doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
    first = " ".join(doc.split("\n\n")[0].split())
    end = first.find(". ")
    return first if end < 0 else first[: end + 1]


def modules_under(name: str) -> list[tuple[str, Path]]:
    """``name`` and, for a package, every module in it, in order."""
    relative = Path(*name.split(".")[1:])
    package = PACKAGE / relative
    if package.is_dir():
        return sorted((module_name(p), p) for p in package.rglob("*.py"))
    return [(name, PACKAGE / relative.with_suffix(".py"))]


def listing() -> str:
    lines = []
    for floor in floors():
        lines += ["", f"### {' · '.join(name.removeprefix('qualpolicy.') for name in floor)}", ""]
        for name in floor:
            for module, path in modules_under(name):
                shown = module.removeprefix("qualpolicy.")
                lines.append(f"- `{shown}` — {summary(path)}")
    return "\n".join(lines) + "\n"


def updated(text: str) -> str:
    return between(text, BEGIN, END, "\n" + listing() + "\n")


if __name__ == "__main__":
    sys.exit(rewrite(DOC, updated, "the list of modules"))
