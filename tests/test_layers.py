"""The package's layers, as the import-linter contract in pyproject.toml writes them down,
checked here over every import the code makes: at the top of a module, inside a function
or under ``if TYPE_CHECKING`` alike (import-linter runs in ``make test`` too).

A module may import only from its own floor or the floors below; siblings a contract
declares independent (``a | b``) never import each other; there are no import circles;
imports of the package's own modules inside functions stay at the two entry boundaries;
nothing reaches the package's modules through ``importlib`` or ``__import__``.
"""

from __future__ import annotations

import ast
import importlib.util
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "qualpolicy"

# Where the package's own modules may be imported inside a function: the notebook API
# (qualpolicy.load, qualpolicy.api), and the command line: the console script loading it
# once the garbage collector is off, and loading a command's module when it runs.
LAZY_BOUNDARIES = frozenset(
    {"qualpolicy", "qualpolicy.api", "qualpolicy.__main__", "qualpolicy.cli"}
)


@dataclass(frozen=True)
class Import:
    importer: str
    imported: str
    line: int
    local: bool  # inside a function
    type_only: bool  # under `if TYPE_CHECKING`


def module_name(path: Path, package: Path) -> str:
    parts = list(path.relative_to(package.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path, package: Path, modules: set[str]) -> Iterator[Import]:
    """Every import of the package's own modules that ``path`` makes, wherever it sits."""
    name = module_name(path, package)
    here = name if path.name == "__init__.py" else name.rpartition(".")[0]
    root = package.name

    def visit(node: ast.AST, local: bool, type_only: bool) -> Iterator[Import]:
        for child in ast.iter_child_nodes(node):
            is_function = isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
            guarded = isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test)
            if isinstance(child, ast.Import):
                for alias in child.names:
                    if alias.name.split(".")[0] == root:
                        yield Import(name, alias.name, child.lineno, local, type_only)
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    parts = here.split(".")[: len(here.split(".")) - child.level + 1]
                    base = ".".join([*parts, *([child.module] if child.module else [])])
                if base.split(".")[0] == root:
                    for alias in child.names:
                        full = f"{base}.{alias.name}"
                        target = full if full in modules else base
                        yield Import(name, target, child.lineno, local, type_only)
            yield from visit(child, local or is_function, type_only or guarded)

    yield from visit(ast.parse(path.read_text(encoding="utf-8")), False, False)


def dynamic_imports(path: Path) -> Iterator[tuple[int, str]]:
    """Calls that import by name at run time: no contract could see what they import."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if called in ("import_module", "__import__"):
                yield node.lineno, called
        elif isinstance(node, ast.Import | ast.ImportFrom):
            named = [node.module] if isinstance(node, ast.ImportFrom) else []
            if "importlib" in [*named, *(a.name for a in node.names)]:
                yield node.lineno, "importlib"


def contracts(pyproject: Path = ROOT / "pyproject.toml") -> list[dict[str, object]]:
    config = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    found: list[dict[str, object]] = config["tool"]["importlinter"]["contracts"]
    return found


def floors() -> list[list[str]]:
    """The layers contract's floors, top first, each a list of sibling modules."""
    (layers,) = [c for c in contracts() if c["type"] == "layers"]
    listed = layers["layers"]
    assert isinstance(listed, list)
    return [[part.strip() for part in floor.replace(":", "|").split("|")] for floor in listed]


def independent_floors() -> list[list[str]]:
    (layers,) = [c for c in contracts() if c["type"] == "layers"]
    listed = layers["layers"]
    assert isinstance(listed, list)
    return [[p.strip() for p in floor.split("|")] for floor in listed if "|" in floor]


def owner(module: str, names: list[str]) -> str | None:
    """The name of ``names`` that is ``module`` or contains it."""
    for name in names:
        if module == name or module.startswith(name + "."):
            return name
    return None


def violations(package: Path = PACKAGE) -> list[str]:
    """Every way the code at ``package`` breaks the layers, in words; empty when it keeps them."""
    files = sorted(package.rglob("*.py"))
    modules = {module_name(f, package) for f in files}
    edges = [imp for f in files for imp in imports_of(f, package, modules)]
    stack = floors()
    level = {name: i for i, floor in enumerate(stack) for name in floor}
    every = [name for floor in stack for name in floor]
    out = []
    for imp in edges:
        a, b = owner(imp.importer, every), owner(imp.imported, every)
        how = "inside a function" if imp.local else "for type checking" if imp.type_only else ""
        where = f"{imp.importer}:{imp.line} imports {imp.imported} {how}".rstrip()
        if a is not None and b is not None and level[a] > level[b]:
            out.append(f"{where}: {a} is on a floor below {b}")
        for floor in independent_floors():
            a_in, b_in = owner(imp.importer, floor), owner(imp.imported, floor)
            if a_in and b_in and a_in != b_in:
                out.append(f"{where}: {a_in} and {b_in} are independent")
        if imp.local and imp.importer not in LAZY_BOUNDARIES:
            out.append(f"{where}: import the package's modules at the top")
    for f in files:
        for line, what in dynamic_imports(f):
            out.append(f"{module_name(f, package)}:{line} uses {what}: import by name instead")
    out.extend(f"import circle: {' → '.join(c)}" for c in circles(edges))
    return list(dict.fromkeys(out))


def circles(edges: list[Import]) -> list[list[str]]:
    """The strongly connected groups of modules (Tarjan), each a circle of imports.

    A package's ``__init__`` importing its own children is no circle of its own making,
    so an edge from a module to its own package (``from qualpolicy import x``, resolved to
    ``qualpolicy.x``) never arises here."""
    graph: dict[str, set[str]] = {}
    for imp in edges:
        if imp.importer != imp.imported:
            graph.setdefault(imp.importer, set()).add(imp.imported)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []

    def connect(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            connect(v)
    return found


def test_the_package_keeps_its_layers() -> None:
    assert violations() == []


def test_every_module_is_on_a_floor() -> None:
    every = [name for floor in floors() for name in floor]
    files = sorted(PACKAGE.rglob("*.py"))
    lost = [
        name
        for f in files
        if (name := module_name(f, PACKAGE)) not in ("qualpolicy", "qualpolicy.__main__")
        and owner(name, every) is None
    ]
    assert lost == []


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the package in which the text floor imports the command line."""
    top = tmp_path_factory.mktemp("broken")
    shutil.copytree(PACKAGE, top / "qualpolicy", ignore=shutil.ignore_patterns("__pycache__"))
    numbers = top / "qualpolicy" / "text" / "numbers.py"
    text = numbers.read_text(encoding="utf-8")
    numbers.write_text(
        text.replace("import re\n", "import re\n\nfrom qualpolicy.cli import common\n", 1),
        encoding="utf-8",
    )
    return top


def test_an_upward_import_breaks_the_contract(broken: Path) -> None:
    found = violations(broken / "qualpolicy")
    assert any("qualpolicy.text.numbers" in v and "floor below" in v for v in found), found


def test_import_linter_sees_an_upward_import(broken: Path) -> None:
    lint = str(Path(sys.executable).with_name("lint-imports"))
    command = [lint, "--config", str(ROOT / "pyproject.toml"), "--no-cache"]
    env = {"PYTHONPATH": str(broken), "PATH": str(Path(sys.executable).parent)}
    kept = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False)
    assert kept.returncode == 0, kept.stdout + kept.stderr
    out = subprocess.run(command, capture_output=True, text=True, env=env, cwd=broken)
    assert out.returncode != 0
    assert "qualpolicy.text.numbers -> qualpolicy.cli.common" in out.stdout, out.stdout


@pytest.mark.parametrize(
    ("line", "what"),
    [
        ("x = __import__('qualpolicy.cli')", "__import__"),
        ("from importlib import import_module", "importlib"),
    ],
)
def test_imports_by_name_are_caught(tmp_path: Path, line: str, what: str) -> None:
    package = tmp_path / "qualpolicy"
    shutil.copytree(PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    numbers = package / "text" / "numbers.py"
    numbers.write_text(numbers.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")
    assert any(f"uses {what}" in v for v in violations(package))


def test_a_function_local_import_is_caught(tmp_path: Path) -> None:
    package = tmp_path / "qualpolicy"
    shutil.copytree(PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    numbers = package / "text" / "numbers.py"
    extra = "\n\ndef late() -> object:\n    from qualpolicy import models\n\n    return models\n"
    numbers.write_text(numbers.read_text(encoding="utf-8") + extra, encoding="utf-8")
    assert any("import the package's modules at the top" in v for v in violations(package))


def test_a_circle_is_caught() -> None:
    edges = [Import("p.a", "p.b", 1, False, True), Import("p.b", "p.a", 1, False, False)]
    assert circles(edges) == [["p.a", "p.b"]]


def test_the_architecture_lists_every_module_as_it_is() -> None:
    """docs/ARCHITECTURE.md's list of modules is written by `make architecture`."""
    script = ROOT / "scripts" / "architecture.py"
    spec = importlib.util.spec_from_file_location("architecture", script)
    assert spec is not None and spec.loader is not None
    architecture = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(architecture)
    text = architecture.DOC.read_text(encoding="utf-8")
    assert architecture.updated(text) == text, "run `make architecture`"
