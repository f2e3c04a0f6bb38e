"""Checking raw data (from YAML) against the dataclass models, with located problems.

pydantic does the structural work — required and unknown keys, types, closed
vocabularies, finite numbers — and its errors are rewritten as
:class:`~qualpolicy.rules.Problem`\\ s with stable codes and plain words.  A
first pass catches what pydantic's lax mode would let through or explain
badly: text where a number belongs (``"98%"``, ``９８``), true/false as a
number, a bare number where text belongs, and empty text.
"""

from __future__ import annotations

import dataclasses
import difflib
import types
import typing
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from qualpolicy.errors import InvalidData
from qualpolicy.findings import Severity
from qualpolicy.rules import DocPath, Problem

if TYPE_CHECKING:
    from pydantic import TypeAdapter

T = TypeVar("T")

# What people type for a closed vocabulary, and what the model calls it.
ENUM_SYNONYMS = {
    ">=": "ge",
    "≥": "ge",
    ">": "gt",
    "<=": "le",
    "≤": "le",
    "<": "lt",
    "=": "eq",
    "==": "eq",
    "~": "approx",
    "≈": "approx",
    "%": "percent",
    "％": "percent",
    "分": "points",
    "个": "count",
    "家": "count",
    "项": "count",
}


_ADAPTERS: dict[type[Any], TypeAdapter[Any]] = {}
_HINTS: dict[type[Any], dict[str, Any]] = {}


def adapter(cls: type[Any]) -> TypeAdapter[Any]:
    if cls not in _ADAPTERS:
        # pydantic is imported only here: commands that read cached data never need it.
        from pydantic import TypeAdapter

        _ADAPTERS[cls] = TypeAdapter(cls)
    return _ADAPTERS[cls]


def _hints(cls: type[Any]) -> dict[str, Any]:
    if cls not in _HINTS:
        _HINTS[cls] = typing.get_type_hints(cls)
    return _HINTS[cls]


def _members(annotation: Any) -> tuple[Any, ...]:
    """The types a field may hold: ``int | None`` → (int, NoneType)."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        return tuple(m for arg in typing.get_args(annotation) for m in _members(arg))
    return (annotation,)


def _item_class(annotation: Any) -> type[Any] | None:
    """The dataclass inside ``X``, ``X | None`` or ``list[X]``, if any."""
    for member in _members(annotation):
        if dataclasses.is_dataclass(member) and isinstance(member, type):
            return member
        if typing.get_origin(member) is list:
            inner = _item_class(typing.get_args(member)[0])
            if inner is not None:
                return inner
    return None


def field_names(cls: type[Any]) -> list[str]:
    return [f.name for f in dataclasses.fields(cls)]


def model_at(root: type[Any], path: DocPath) -> type[Any]:
    """The dataclass that owns the fields at ``path`` below ``root``."""
    model = root
    for part in path:
        if isinstance(part, int):
            continue
        inner = _item_class(_hints(model).get(part))
        if inner is None:
            break
        model = inner
    return model


def _number_hint(value: str) -> str:
    plain = unicodedata.normalize("NFKC", value).strip()
    hint = f"write it as a plain number: {plain.rstrip('%').strip()}"
    if plain.endswith("%"):
        hint += " with `unit: percent`"
    if plain != value.strip():
        hint += " (ASCII digits, not full-width ones)"
    return hint


def _looks_numeric(text: str) -> bool:
    plain = unicodedata.normalize("NFKC", text).strip().rstrip("%").strip()
    try:
        float(plain)
    except ValueError:
        return False
    return True


def _first_pass(data: Any, cls: type[Any], path: DocPath) -> Iterator[Problem]:
    if not isinstance(data, dict):
        return
    hints = _hints(cls)
    for key, value in data.items():
        if key not in hints:
            continue
        members = _members(hints[key])
        where = (*path, key)
        numeric = any(m in (int, float) for m in members)
        if numeric and (isinstance(value, (str, bool))):
            shown = "true/false" if isinstance(value, bool) else f"the text {value!r}"
            yield Problem(
                where,
                "not-a-number",
                f"`{key}` must be a number, found {shown}",
                _number_hint(value) if isinstance(value, str) and _looks_numeric(value) else None,
            )
        elif str in members and not numeric and isinstance(value, int | float):
            if not isinstance(value, bool):
                yield Problem(
                    where,
                    "not-text",
                    f"`{key}` must be text, found the number {value}",
                    f'quote it: {key}: "{value}"',
                )
        elif str in members and isinstance(value, str) and not value.strip():
            yield Problem(where, "empty-text", f"`{key}` is empty", "remove the key or fill it in")
        inner = _item_class(hints[key])
        if inner is not None and isinstance(value, dict):
            yield from _first_pass(value, inner, where)
        elif inner is not None and isinstance(value, list):
            for i, item in enumerate(value):
                yield from _first_pass(item, inner, (*where, i))


def _field_path(root: type[Any], loc: tuple[Any, ...]) -> DocPath:
    """``loc`` up to its last real field or index (dropping union-member suffixes)."""
    out: list[str | int] = []
    model: type[Any] | None = root
    for part in loc:
        if isinstance(part, int):
            out.append(part)
        elif model is not None and part in _hints(model):
            out.append(part)
            model = _item_class(_hints(model)[part])
        else:
            break
    return tuple(out)


def _describe(root: type[Any], err: Any) -> Problem:
    loc = tuple(err["loc"])
    kind = err["type"]
    value = err.get("input")
    name = str(loc[-1]) if loc else "document"
    if kind in ("unexpected_keyword_argument", "extra_forbidden"):
        fields = field_names(model_at(root, loc[:-1]))
        close = difflib.get_close_matches(name, fields, n=1)
        hint = f"did you mean `{close[0]}`?" if close else f"known fields: {', '.join(fields)}"
        return Problem(loc, "unknown-field", f"unknown field `{name}`", hint)
    if kind in ("missing", "missing_keyword_argument"):
        return Problem(loc, "missing-field", f"missing required field `{name}`")
    path = _field_path(root, loc)
    field_name = str(path[-1]) if path and isinstance(path[-1], str) else name
    if kind == "enum":
        expected = err.get("ctx", {}).get("expected", "")
        synonym = ENUM_SYNONYMS.get(str(value).strip())
        return Problem(
            path,
            "not-allowed",
            f"`{field_name}` must be {expected}; found {value!r}",
            f"write `{field_name}: {synonym}`" if synonym else None,
        )
    if kind == "finite_number":
        return Problem(path, "not-finite", f"`{field_name}` must be a finite number, found {value}")
    return Problem(path, "wrong-type", f"`{field_name}`: {err['msg']} (found {value!r})")


def check(cls: type[T], data: Any) -> tuple[T | None, list[Problem]]:
    """``data`` as an instance of ``cls``, or None, and every structural problem found."""
    from pydantic import ValidationError

    problems = list(_first_pass(data, cls, ()))
    try:
        value = adapter(cls).validate_python(data)
    except ValidationError as exc:
        # One problem per place: the first pass's plain words win over pydantic's.
        seen = {p.path for p in problems}
        for err in exc.errors(include_url=False):
            problem = _describe(cls, err)
            if problem.path not in seen:
                seen.add(problem.path)
                problems.append(problem)
        return None, problems
    return (None if problems else value), problems


def load_checked(
    path: Path,
    cls: type[T],
    rules: Callable[[T], list[Problem]],
    what: str,
) -> T:
    """Read, check and rule-check the YAML file at ``path``; raise :class:`InvalidData`
    naming the first error (``qualpolicy validate`` lists them all)."""
    from qualpolicy.datadir import display_path
    from qualpolicy.yamlio import DocumentError, load

    name = display_path(path)
    hint = f"run `qualpolicy validate {name}` to see every problem"
    try:
        doc = load(path, display=name)
    except DocumentError as exc:
        first = exc.findings[0]
        raise InvalidData(f"{what} {name}:{first.line}:{first.column}: {first.message}", hint)
    value, problems = check(cls, doc.data)
    if value is not None:
        problems += rules(value)
    errors = [p for p in problems if p.severity is Severity.error]
    if value is None or errors:
        first_problem = errors[0]
        line, column = doc.locate(first_problem.path)
        raise InvalidData(
            f"{what} {name}:{line}:{column}: {first_problem.where}: {first_problem.message}"
            + (f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""),
            hint,
        )
    return value
