"""Reading plan files: bytes → text → YAML node tree → plain data with positions.

Nothing is ever constructed from a tag: the document is only *composed* into
nodes (libyaml when available) and this module turns the nodes into dicts,
lists and scalars itself, so ``!!python/object`` and friends are refused, and
aliases — pointless in hand-written plans and the vehicle of "billion laughs"
— are refused before they can be expanded.  Every value keeps the line and
column it came from, so later errors can point at it.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, NamedTuple

from qualpolicy.findings import DocPath, Finding, Severity

if TYPE_CHECKING:
    import yaml

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 32
BOM = b"\xef\xbb\xbf"

_TAG = "tag:yaml.org,2002:"
_STR_TAG = f"{_TAG}str"
_SCALAR_TAGS = {f"{_TAG}{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")}
_MAP_TAG = f"{_TAG}map"
_FLOW = re.compile(r"[\[\]{}\"']")
_SEQ_TAG = f"{_TAG}seq"
_MERGE_TAG = f"{_TAG}merge"


class _PyYAML(NamedTuple):  # not a dataclass: cheaper to define when a command starts
    """What this module takes from PyYAML, imported when a file is first read: about
    10 ms that a command answering from the cache never pays."""

    yaml: ModuleType
    composer: type[Any]
    """libyaml's composer (or PyYAML's own) with SafeLoader's tag resolution."""
    libyaml: bool


@functools.cache
def _pyyaml() -> _PyYAML:
    import yaml
    from yaml.resolver import Resolver

    try:  # libyaml makes composing several times faster; PyYAML falls back cleanly
        from yaml._yaml import CParser as Parser

        libyaml = True
    except ImportError:  # pragma: no cover - depends on how PyYAML was built
        from yaml.composer import Composer
        from yaml.parser import Parser as PurePython
        from yaml.reader import Reader
        from yaml.scanner import Scanner

        class Parser(Reader, Scanner, PurePython, Composer):  # type: ignore[no-redef]
            def __init__(self, stream: str):
                Reader.__init__(self, stream)
                Scanner.__init__(self)
                PurePython.__init__(self)
                Composer.__init__(self)

        libyaml = False

    # YAML 1.1's implicit scalar types (int, float, bool, null, timestamp) by first
    # character, exactly as PyYAML's SafeLoader resolves them.
    implicit = {
        first: tuple(found) + tuple(Resolver.yaml_implicit_resolvers.get(None, []))
        for first, found in Resolver.yaml_implicit_resolvers.items()
        if first is not None
    }
    scalar, sequence = yaml.ScalarNode, yaml.SequenceNode

    class SafeComposer(Parser):
        """SafeLoader's tag resolution, done without the general machinery for path
        resolvers that SafeLoader never uses (a third of composing)."""

        def resolve(self, kind: type[yaml.Node], value: str, implicit_: tuple[bool, bool]) -> str:
            if kind is scalar:
                if implicit_[0]:
                    for tag, pattern in implicit.get(value[:1], ()):
                        if pattern.match(value):
                            return str(tag)
                return _STR_TAG
            return _SEQ_TAG if kind is sequence else _MAP_TAG

        def descend_resolver(self, current_node: Any, current_index: Any) -> None:
            pass

        def ascend_resolver(self) -> None:
            pass

    return _PyYAML(yaml, SafeComposer, libyaml)


Position = tuple[int, int]


class DocumentError(Exception):
    """The file could not be read as a YAML mapping; ``findings`` say where and why."""

    def __init__(self, findings: list[Finding]):
        super().__init__("; ".join(f.message for f in findings))
        self.findings = findings


class Document(NamedTuple):
    """Plain data from a YAML file plus the node tree it came from, which says where
    each part of it was written (looked up only when a problem is reported)."""

    file: str
    data: dict[str, Any]
    root: yaml.Node

    def locate(self, path: DocPath, *, key: bool = False) -> Position:
        """Line and column (1-based) of ``path``, or of its nearest written ancestor;
        with ``key``, of the key rather than its value where there is one."""
        node, key_node = self.root, None
        for part in path:
            child = _child(node, part)
            if child is None:
                break
            node, key_node = child
        return _mark(key_node if key and key_node is not None else node)


def _child(node: yaml.Node, part: str | int) -> tuple[yaml.Node, yaml.Node | None] | None:
    """The value node at ``part`` below ``node`` (and its key node), if written."""
    yaml = _pyyaml().yaml
    if isinstance(node, yaml.MappingNode) and isinstance(part, str):
        for key_node, value_node in node.value:
            if key_node.value == part:
                return value_node, key_node
    elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
        items = node.value
        return (items[part], None) if 0 <= part < len(items) else None
    return None


def _finding(file: str, pos: Position, code: str, message: str, hint: str | None = None) -> Finding:
    return Finding(file, pos[0], pos[1], Severity.error, code, message, hint)


def read_text(path: Path, *, display: str | None = None, max_bytes: int = MAX_FILE_BYTES) -> str:
    """The file as text: UTF-8, an optional BOM dropped, size bounded."""
    name = display or str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise DocumentError(
                [
                    _finding(
                        name,
                        (1, 1),
                        "file-too-large",
                        f"the file is {size / 1024 / 1024:.1f} MB; a plan file is expected to be "
                        f"under {max_bytes // 1024 // 1024} MB",
                        "is this really a plan? split it or remove pasted material",
                    )
                ]
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise DocumentError(
            [_finding(name, (1, 1), "unreadable", f"cannot read the file: {exc.strerror}")]
        ) from exc
    return decode(raw, name)


def decode(raw: bytes, name: str) -> str:
    if raw.startswith(BOM):
        raw = raw[len(BOM) :]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        hint = "save the file as UTF-8"
        try:
            raw.decode("gb18030")
            hint = "it reads as GBK/GB18030; re-save it as UTF-8 (e.g. iconv -f GBK -t UTF-8)"
        except UnicodeDecodeError:
            pass
        raise DocumentError(
            [
                _finding(
                    name,
                    (line, column),
                    "not-utf8",
                    f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02X} cannot be decoded)",
                    hint,
                )
            ]
        ) from exc


def _mark(node: yaml.Node) -> Position:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


class _Builder:
    """Turns composed nodes into plain data, recording problems."""

    def __init__(self, file: str, *, anchors: bool = True):
        self.file = file
        self.findings: list[Finding] = []
        self._anchors = anchors  # without an anchor (&name) no node can be reached twice
        self._seen: set[int] = set()
        self._aliased: set[int] = set()
        yaml = _pyyaml().yaml
        self._scalars = yaml.SafeLoader("")  # only its scalar constructors are used
        self._map, self._seq, self._str = yaml.MappingNode, yaml.SequenceNode, yaml.ScalarNode

    def _error(self, node: yaml.Node, code: str, message: str, hint: str | None = None) -> None:
        self.findings.append(_finding(self.file, _mark(node), code, message, hint))

    def build(self, node: yaml.Node, depth: int = 0) -> Any:
        if self._anchors:
            if id(node) in self._seen:
                if id(node) not in self._aliased:  # one report per anchored node
                    self._aliased.add(id(node))
                    self._error(
                        node,
                        "alias",
                        "YAML anchors and aliases (&name, *name) are not allowed in plan files",
                        "write the value out in full",
                    )
                return None
            self._seen.add(id(node))
        if depth > MAX_DEPTH:
            self._error(node, "too-deep", f"the document nests deeper than {MAX_DEPTH} levels")
            return None
        if node.tag == _STR_TAG:  # most of a plan
            return node.value
        if isinstance(node, self._map):
            return self._mapping(node, depth)
        if isinstance(node, self._seq):
            if node.tag != _SEQ_TAG:
                return self._bad_tag(node)
            return [self.build(item, depth + 1) for item in node.value]
        return self._scalar(node)

    def _bad_tag(self, node: yaml.Node) -> None:
        tag = node.tag.replace(_TAG, "!!", 1) if node.tag.startswith(_TAG) else node.tag
        self._error(
            node,
            "unsafe-tag",
            f"the tag {tag} is not allowed: plan files hold plain text, numbers, lists "
            "and mappings, and nothing in them is ever constructed or run",
            "remove the tag",
        )

    def _mapping(self, node: yaml.MappingNode, depth: int) -> dict[str, Any] | None:
        if node.tag != _MAP_TAG:
            self._bad_tag(node)
            return None
        out: dict[str, Any] = {}
        first: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:
                self._error(key_node, "merge-key", "merge keys (<<) are not allowed in plan files")
                continue
            if not isinstance(key_node, self._str) or key_node.tag != _STR_TAG:
                self._error(key_node, "bad-key", "keys must be plain words such as `metric`")
                continue
            key = str(key_node.value)
            if key in first:
                line, column = _mark(first[key])
                self._error(
                    key_node,
                    "duplicate-key",
                    f"duplicate key `{key}` (first at line {line}, column {column}); YAML "
                    "would silently keep only the last one",
                    "remove one of them, or start a new list entry with `- `",
                )
                continue
            first[key] = key_node
            out[key] = self.build(value_node, depth + 1)
        return out

    def _scalar(self, node: yaml.Node) -> Any:
        tag = node.tag
        if tag not in _SCALAR_TAGS:
            return self._bad_tag(node)
        if tag == f"{_TAG}timestamp" and isinstance(node, self._str):
            try:
                stamp = self._scalars.construct_yaml_timestamp(node)
            except ValueError as exc:  # 2023-02-30
                self._error(node, "bad-date", f"{node.value} is not a date: {exc}")
                return None
            return stamp.isoformat() if isinstance(stamp, dt.date) else stamp
        return self._scalars.construct_object(node)


def _flow_depth(text: str) -> tuple[int, int]:
    """The deepest nesting of [ and { (outside quotes) and where it is reached.

    libyaml recurses once per level and overflows the C stack on tens of
    thousands of ``[`` — a crash no exception handler can catch — so such
    input is refused before it is composed.
    """
    depth = deepest = where = 0
    quote = ""
    for m in _FLOW.finditer(text):
        char = m.group()
        if quote:
            if char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char in "[{":
            depth += 1
            if depth > deepest:
                deepest, where = depth, m.start()
        elif char in "]}" and depth:
            depth -= 1
    return deepest, where


def _position(text: str, index: int) -> Position:
    line = text.count("\n", 0, index) + 1
    return (line, index - (text.rfind("\n", 0, index) + 1) + 1)


_KEY_LINE = re.compile(r"^\s*(?:-\s+)?[A-Za-z_][\w-]*:(?:\s|$)")


def _tokens(text: str) -> Iterator[yaml.Token]:
    scanner = _pyyaml().composer(text)
    try:
        while (token := scanner.get_token()) is not None:
            yield token
    finally:
        scanner.dispose()


def _runaway_quote(text: str, failed: int) -> tuple[Position, str] | None:
    """A quoted value that swallows ``key:`` lines before line ``failed`` (0-based):
    its closing quote is missing, and a later quote closed it instead."""
    yaml = _pyyaml().yaml
    lines = text.splitlines()
    found = None
    try:
        for token in _tokens(text):
            start, end = token.start_mark, token.end_mark
            if start.line > failed:
                break
            if not isinstance(token, yaml.ScalarToken) or token.style not in ("'", '"'):
                continue
            if any(_KEY_LINE.match(line) for line in lines[start.line + 1 : end.line + 1]):
                found = ((start.line + 1, start.column + 1), str(token.style))
    except yaml.YAMLError:
        pass
    return found


def _syntax_error(name: str, exc: yaml.MarkedYAMLError, text: str) -> Finding:
    """A YAML syntax error at the place where the broken construct opens (an unclosed
    quote or bracket), saying where parsing failed; else where it failed."""
    problem, opened = exc.problem_mark, exc.context_mark
    failed = f"line {problem.line + 1}, column {problem.column + 1}" if problem else ""
    runaway = _runaway_quote(text, problem.line) if problem else None
    if runaway is not None:
        pos, quote = runaway
        return _finding(
            name,
            pos,
            "yaml-syntax",
            f"YAML syntax error: the quote {quote} that opens here is not closed where the "
            f"value ends, so the lines after it are read as text; parsing failed at {failed}: "
            f"{exc.problem}",
            f"close the quote on this line with {quote}",
        )
    if opened is not None and problem is not None and exc.context and opened != problem:
        return _finding(
            name,
            (opened.line + 1, opened.column + 1),
            "yaml-syntax",
            f"YAML syntax error: {exc.problem} at {failed}, {exc.context} that starts here",
            "close the quote or bracket that opens here",
        )
    mark = problem or opened
    what = " ".join(str(part) for part in (exc.context, exc.problem) if part)
    return _finding(
        name,
        (mark.line + 1, mark.column + 1) if mark else (1, 1),
        "yaml-syntax",
        f"YAML syntax error: {what}",
        "check indentation and quoting around this point; a value containing "
        "`: ` or starting with a special character needs quotes",
    )


def parse(text: str, name: str) -> Document:
    """Compose ``text`` and turn it into a :class:`Document`, or raise :class:`DocumentError`."""
    deepest, where = _flow_depth(text)
    if deepest > MAX_DEPTH:
        raise DocumentError(
            [
                _finding(
                    name,
                    _position(text, where),
                    "too-deep",
                    f"brackets nest {deepest} levels deep; plan files nest at most {MAX_DEPTH}",
                )
            ]
        )
    pyyaml = _pyyaml()
    yaml = pyyaml.yaml
    try:
        composer = pyyaml.composer(text)
        try:
            root = composer.get_single_node()
        finally:
            composer.dispose()
    except yaml.MarkedYAMLError as exc:
        raise DocumentError([_syntax_error(name, exc, text)]) from exc
    except yaml.reader.ReaderError as exc:  # a control character
        index = exc.position
        if pyyaml.libyaml:  # libyaml counts UTF-8 bytes, not characters
            index = len(text.encode("utf-8")[:index].decode("utf-8", "ignore"))
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        raise DocumentError(
            [
                _finding(
                    name,
                    _position(text, index),
                    "bad-character",
                    f"the file contains the control character U+{code:04X}, "
                    "which YAML does not allow",
                    "delete it (it is often pasted in invisibly)",
                )
            ]
        ) from exc
    except yaml.YAMLError as exc:
        message = " ".join(str(exc).split())
        raise DocumentError(
            [_finding(name, (1, 1), "yaml-syntax", f"YAML error: {message}")]
        ) from exc
    if root is None:
        raise DocumentError(
            [
                _finding(
                    name,
                    (1, 1),
                    "empty-file",
                    "the file is empty",
                    "a plan file is a mapping starting with `id:`; "
                    "see data/schema/plan.schema.json",
                )
            ]
        )
    builder = _Builder(name, anchors="&" in text)
    if root.tag not in (_MAP_TAG, _SEQ_TAG, *_SCALAR_TAGS):
        builder._bad_tag(root)
        raise DocumentError(builder.findings)
    if not isinstance(root, yaml.MappingNode):
        found = "a list" if isinstance(root, yaml.SequenceNode) else "a single value"
        raise DocumentError(
            [
                _finding(
                    name,
                    _mark(root),
                    "not-a-mapping",
                    f"a plan file must be a mapping of `key: value` lines; found {found}",
                    "start the file with `id: <plan id>`",
                )
            ]
        )
    data = builder.build(root)
    if builder.findings:
        raise DocumentError(builder.findings)
    return Document(name, data, root)


def load(path: Path, *, display: str | None = None) -> Document:
    name = display or str(path)
    return parse(read_text(path, display=name), name)
