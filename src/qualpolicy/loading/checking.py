"""Checking raw data (from YAML) against the dataclass models, with located problems.

pydantic does the structural work — required and unknown keys, types, closed
vocabularies, finite numbers — and its errors are rewritten as
:class:`~qualpolicy.loading.rules.Problem`\\ s with stable codes and plain words.  A
first pass catches what pydantic's lax mode would let through or explain
badly: text where a number belongs (``"98%"``, ``９８``), true/false as a
number, a bare number where text belongs, and empty text.

Data that fails its model is not all lost: :func:`salvage` builds what can be built
of it (the fields and list items that pass), and says which fields must not be
read, so that ``validate`` runs every other check in the same run.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import types
import typing
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, NamedTuple, TypeVar

from qualpolicy.errors import InvalidData
from qualpolicy.findings import DocPath, Problem, Severity
from qualpolicy.loading.datadir import display_path
from qualpolicy.loading.yamlio import DocumentError, load

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
_FIELDS: dict[type[Any], dict[str, _Accepts]] = {}


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


@functools.cache
def _members(annotation: Any) -> tuple[Any, ...]:
    """The types a field may hold: ``int | None`` → (int, NoneType)."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        return tuple(m for arg in typing.get_args(annotation) for m in _members(arg))
    return (annotation,)


@functools.cache
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


class _Accepts(NamedTuple):
    """What a field of one type accepts, worked out once per type rather than per value
    (the first pass looks at every value of every file)."""

    number: bool
    whole: bool  # int but not float
    boolean: bool
    text: bool
    inner: type[Any] | None  # the dataclass inside, if any
    items: _Accepts | None  # for a list of plain values: what each item accepts


@functools.cache
def _accepts(annotation: Any) -> _Accepts:
    members = _members(annotation)
    lists = [typing.get_args(m)[0] for m in members if typing.get_origin(m) is list]
    return _Accepts(
        number=any(m in (int, float) for m in members),
        whole=int in members and float not in members,
        boolean=bool in members,
        text=str in members,
        inner=_item_class(annotation),
        items=_accepts(lists[0]) if lists else None,
    )


def _fields(cls: type[Any]) -> dict[str, _Accepts]:
    if cls not in _FIELDS:
        _FIELDS[cls] = {name: _accepts(hint) for name, hint in _hints(cls).items()}
    return _FIELDS[cls]


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


def _number_hint(value: str) -> str | None:
    """A suggestion for text that is nearly a number: "98%", "９８", "2025年"."""
    plain = unicodedata.normalize("NFKC", value).strip()
    number = plain.rstrip("%年").strip()
    try:
        float(number)
    except ValueError:
        return None
    hint = f"write it as a plain number: {number}"
    if plain.endswith("%"):
        hint += " with `unit: percent`"
    if plain != value.strip():
        hint += " (ASCII digits, not full-width ones)"
    return hint


def _scalar_problem(value: Any, accepts: _Accepts, where: DocPath) -> Problem | None:
    """What is wrong with a plain value for a field of these types, if anything."""
    if value is None or isinstance(value, dict | list):
        return None  # pydantic says whether None or a collection is allowed here
    if accepts.number and isinstance(value, str | bool):
        found = "true/false" if isinstance(value, bool) else f"the text {value!r}"
        hint = _number_hint(value) if isinstance(value, str) else None
        return Problem(where, "not-a-number", f"must be a number, found {found}", hint)
    if accepts.whole and isinstance(value, float):
        return Problem(where, "not-whole", f"must be a whole number such as 2025, found {value}")
    if accepts.boolean and not isinstance(value, bool):
        found = repr(value)
        return Problem(where, "not-true-false", f"must be true or false, found {found}")
    if (
        accepts.text
        and not accepts.number
        and isinstance(value, int | float)
        and not isinstance(value, bool)
    ):
        return Problem(
            where, "not-text", f"must be text, found the number {value}", f'quote it: "{value}"'
        )
    if accepts.text and isinstance(value, str) and not value.strip():
        return Problem(where, "empty-text", "is empty", "remove the key or fill it in")
    return None


def _first_pass(data: Any, cls: type[Any], path: DocPath) -> Iterator[Problem]:
    """Problems pydantic's lax mode would let through or word badly."""
    if not isinstance(data, dict):
        return
    fields = _fields(cls)
    for key, value in data.items():
        accepts = fields.get(key)
        if accepts is None:
            continue
        where = (*path, key)
        problem = _scalar_problem(value, accepts, where)
        if problem is not None:
            yield problem
            continue
        inner = accepts.inner
        if inner is not None and isinstance(value, dict):
            yield from _first_pass(value, inner, where)
        elif isinstance(value, list):
            items = accepts.items
            for i, item in enumerate(value):
                if inner is not None:
                    yield from _first_pass(item, inner, (*where, i))
                elif items is not None:
                    found = _scalar_problem(item, items, (*where, i))
                    if found is not None:
                        yield found


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


# pydantic's error types, in the project's words.
_TYPE_WORDS = {
    "list_type": "must be a list (one `- ` line per item)",
    "dict_type": "must be a mapping of `key: value` lines",
    "dataclass_type": "must be a mapping of `key: value` lines",
    "dataclass_exact_type": "must be a mapping of `key: value` lines",
    "model_type": "must be a mapping of `key: value` lines",
    "string_type": "must be text",
    "int_type": "must be a whole number",
    "int_parsing": "must be a whole number",
    "float_type": "must be a number",
    "float_parsing": "must be a number",
    "bool_type": "must be true or false",
    "bool_parsing": "must be true or false",
    "date_type": "must be a date such as 2023-03-10",
    "date_parsing": "must be a date such as 2023-03-10",
    "date_from_datetime_parsing": "must be a date such as 2023-03-10",
    "tuple_type": "must be a list of two texts: [original, normalised]",
    "too_short": "has too few items",
    "too_long": "has too many items",
}


def _found(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return repr(value)


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
    if kind == "enum":
        expected = err.get("ctx", {}).get("expected", "")
        synonym = ENUM_SYNONYMS.get(str(value).strip())
        field_name = next((p for p in reversed(path) if isinstance(p, str)), name)
        return Problem(
            path,
            "not-allowed",
            f"must be {expected}; found {value!r}",
            f"write `{field_name}: {synonym}`" if synonym else None,
        )
    if kind == "finite_number":
        return Problem(path, "not-finite", f"must be a finite number, found {value}")
    if kind.startswith(("int_", "float_")) and float in _members(_hint_at(root, path)):
        words = "must be a number"  # int | float: pydantic reports the int branch first
    else:
        words = _TYPE_WORDS.get(kind, str(err["msg"]).lower())
    return Problem(path, "wrong-type", f"{words}, found {_found(value)}")


def _hint_at(root: type[Any], path: DocPath) -> Any:
    """The annotation of the field at ``path``, or None."""
    names = [p for p in path if isinstance(p, str)]
    if not names:
        return None
    owner = model_at(root, path[: max(i for i, p in enumerate(path) if isinstance(p, str))])
    return _hints(owner).get(names[-1])


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


# How like a field's name an unknown key must be to be taken for a misspelling of it
# (difflib's ratio: yearly for per_year is 0.57, vocab for vocabulary 0.67).
MISSPELT = 0.5


_SOUND: frozenset[str] = frozenset()


class Mended(NamedTuple):
    """A list item that failed its model, rebuilt without what is broken in it."""

    position: int
    """Its place in the list, as written."""
    value: Any
    broken: frozenset[str]
    """Its fields not to be read: broken, stood in for, or perhaps misspelt."""


class Partial(NamedTuple, Generic[T]):
    """What could be built of data that failed its model (or all of it, when none did).

    ``value`` holds the fields that pass; a broken field is at its default, or at a
    stand-in when it has none, and its name is in ``broken`` so that no check reads it.
    A list of items (a plan's targets) keeps the items that pass, and ``positions`` says
    where each stood in the file; an item that fails is rebuilt without its broken fields
    where it can be (``mended``), for the checks that read only what is sound in it.
    """

    value: T
    broken: frozenset[str] = frozenset()
    positions: Mapping[str, Sequence[int]] = types.MappingProxyType({})
    """For each list of items that lost some: the index in the file of each item kept."""
    mended: Mapping[str, Sequence[Mended]] = types.MappingProxyType({})

    def items(self, name: str) -> list[tuple[int, Any, frozenset[str]]]:
        """Every item of the list ``name`` that could be built, in file order: its index
        in the file, the item and its fields not to be read (none for an item kept)."""
        kept = getattr(self.value, name)
        at = self.positions.get(name)
        if at is None and not self.mended.get(name):  # every item kept, as for a sound file
            return [(i, item, _SOUND) for i, item in enumerate(kept)]
        out = [(i, item, _SOUND) for i, item in zip(at or range(len(kept)), kept, strict=True)]
        out += [(m.position, m.value, m.broken) for m in self.mended.get(name, ())]
        return sorted(out, key=lambda entry: entry[0])


def _item_lists(cls: type[Any]) -> dict[str, type[Any]]:
    """The fields of ``cls`` that hold a list of dataclass items, with the item class."""
    out = {}
    for name, hint in _hints(cls).items():
        inner = _item_class(hint)
        if inner is not None and any(typing.get_origin(m) is list for m in _members(hint)):
            out[name] = inner
    return out


def _optional(cls: type[Any]) -> set[str]:
    """The fields of ``cls`` that have a default."""
    missing = dataclasses.MISSING
    return {
        f.name
        for f in dataclasses.fields(cls)
        if f.default is not missing or f.default_factory is not missing
    }


def _stand_in(annotation: Any) -> Any:
    """A value the model accepts for a required field of this type (never to be read)."""
    member = _members(annotation)[0]
    if isinstance(member, type) and issubclass(member, Enum):
        return next(iter(member)).value
    if typing.get_origin(member) is list:
        return []
    if dataclasses.is_dataclass(member):
        return {}
    return {str: "-", bool: False, int: 0, float: 0.0}.get(member, "2000-01-01")


def _mend(cls: type[Any], data: Any, paths: Sequence[DocPath]) -> tuple[Any, set[str]] | None:
    """``data`` for ``cls`` without what ``paths`` (problems' paths inside it) say is
    broken, and the names of the fields not to be read; None if nothing can be built.

    A broken field goes back to its default, or to a stand-in if it has none; an unknown
    key is dropped, and any field not written that it resembles is taken as perhaps
    misspelt (``valu`` for ``value``), hence not to be read either."""
    if not isinstance(data, dict) or any(not path for path in paths):
        return None
    hints = _hints(cls)
    broken = {str(path[0]) for path in paths if path[0] in hints}
    unknown = {path[0] for path in paths if path[0] not in hints}
    absent = [name for name in hints if name not in data]
    for key in unknown:
        broken.update(difflib.get_close_matches(str(key), absent, n=len(absent), cutoff=MISSPELT))
    optional = _optional(cls)
    mended = {key: value for key, value in data.items() if key not in unknown}
    for name in broken:
        if name in optional:
            mended.pop(name, None)
        else:
            mended[name] = _stand_in(hints[name])
    return mended, broken


def salvage(cls: type[T], data: Any, problems: Sequence[Problem]) -> Partial[T] | None:
    """What can be built of ``data``, which failed ``cls`` with ``problems``
    (:func:`check`'s), or None if nothing can.

    A problem inside an item of a list of items (``targets[2].value``) costs that item,
    which is rebuilt on its own where it can be; any other costs the field it lies in.
    """
    lists = _item_lists(cls)
    inside: dict[str, dict[int, list[DocPath]]] = {}
    outside: list[DocPath] = []
    for problem in problems:
        path = problem.path
        if len(path) > 1 and path[0] in lists and isinstance(path[1], int):
            inside.setdefault(str(path[0]), {}).setdefault(path[1], []).append(path[2:])
        else:
            outside.append(path)
    found = _mend(cls, data, outside)
    if found is None:
        return None
    clean, broken = found
    positions: dict[str, list[int]] = {}
    mended: dict[str, list[Mended]] = {}
    for name, bad in inside.items():
        items = clean.get(name)
        if name in broken or not isinstance(items, list):
            continue
        positions[name] = [i for i in range(len(items)) if i not in bad]
        clean[name] = [items[i] for i in positions[name]]
        for i, paths in sorted(bad.items()):
            rebuilt = _mend(lists[name], items[i] if i < len(items) else None, paths)
            if rebuilt is None:
                continue
            item, problems_left = check(lists[name], rebuilt[0])
            if item is not None and not problems_left:
                mended.setdefault(name, []).append(Mended(i, item, frozenset(rebuilt[1])))
    value, left = check(cls, clean)
    if value is None or left:
        return None
    return Partial(value, frozenset(broken), positions, mended)


def load_checked(
    path: Path,
    cls: type[T],
    rules: Callable[[T], list[Problem]],
    what: str,
) -> T:
    """Read, check and rule-check the YAML file at ``path``; raise :class:`InvalidData`
    naming the first error (``qualpolicy validate`` lists them all)."""

    name = display_path(path)
    hint = f"run `qualpolicy validate {name}` to see every problem"
    try:
        doc = load(path, display=name)
    except DocumentError as exc:
        first = exc.findings[0]
        raise InvalidData(
            f"{what} {name}:{first.line}:{first.column}: {first.message}", hint
        ) from exc
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
