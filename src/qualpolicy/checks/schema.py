"""JSON Schemas of the data files, generated from the models.

Editors use them for completion and inline errors (``# yaml-language-server:
$schema=../schema/plan.schema.json``); the test suite fails when a committed
schema no longer matches the models.
"""

from __future__ import annotations

import ast
import functools
import inspect
import itertools
import json
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qualpolicy.analysis.catalogue import Catalogue
from qualpolicy.loading.actuals import ActualsFile
from qualpolicy.loading.checking import adapter
from qualpolicy.loading.tilegrid import TileGrid
from qualpolicy.models import HEDGE_TRADITIONAL, Plan
from qualpolicy.text.lexicon import Lexicon
from qualpolicy.text.normalize import VocabularyRules

if TYPE_CHECKING:
    from pydantic.json_schema import GenerateJsonSchema

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def _models() -> dict[str, type[Any]]:
    # Imported here so that `qualpolicy schema` alone pulls in every data model.

    return {
        "plan": Plan,
        "metrics": Catalogue,
        "vocabulary": VocabularyRules,
        "lexicon": Lexicon,
        "actuals": ActualsFile,
        "tilegrid": TileGrid,
    }


def schema_of(model: type[Any]) -> dict[str, Any]:

    schema = adapter(model).json_schema(schema_generator=_documented())
    hedge = schema.get("$defs", {}).get("Hedge")
    if hedge is not None:  # the model also reads hedges in traditional script
        hedge["enum"] = [*hedge["enum"], *HEDGE_TRADITIONAL]
    return {"$schema": DIALECT, **schema}


@functools.cache
def _documented() -> type[GenerateJsonSchema]:
    """pydantic's JSON Schema generator, describing each field of a data class with the
    docstring written under it (as ``use_attribute_docstrings`` would, but only here)."""
    from pydantic.json_schema import GenerateJsonSchema

    class Documented(GenerateJsonSchema):
        def dataclass_schema(self, schema: Any) -> Any:
            found = super().dataclass_schema(schema)
            properties = found.get("properties", {})
            for name, doc in _field_docs(schema["cls"]).items():
                if name in properties:
                    properties[name].setdefault("description", doc)
            return found

    return Documented


def _field_docs(cls: type[Any]) -> dict[str, str]:
    """Field name → the docstring right below its annotation in ``cls``'s source."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(cls)))
    body = next(n for n in tree.body if isinstance(n, ast.ClassDef)).body
    found = {}
    for field, after in itertools.pairwise(body):
        if (
            isinstance(field, ast.AnnAssign)
            and isinstance(field.target, ast.Name)
            and isinstance(after, ast.Expr)
            and isinstance(after.value, ast.Constant)
            and isinstance(after.value.value, str)
        ):
            found[field.target.id] = inspect.cleandoc(after.value.value)
    return found


def render(model: type[Any]) -> str:
    return json.dumps(schema_of(model), ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def schema_files() -> dict[str, Callable[[], str]]:
    """File name → function producing its text."""
    return {
        f"{name}.schema.json": functools.partial(render, model) for name, model in _models().items()
    }


def stale(folder: Path) -> list[str]:
    """Names of schema files in ``folder`` that are missing or differ from the models."""
    out = []
    for name, make in schema_files().items():
        path = folder / name
        if not path.is_file() or path.read_text(encoding="utf-8") != make():
            out.append(name)
    return out


def write(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, make in schema_files().items():
        path = folder / name
        path.write_text(make(), encoding="utf-8")
        written.append(path)
    return written
