"""Reading YAML safely and fast, and finding where a field sits in a file.

Two modes, as the house style asks: a safe loader (C-accelerated when
``ruamel.yaml.clib`` is installed) for reading documents, and the round-trip
loader only to edit a user's file in place. Line and column numbers for an
error come from one scan of the C parser's events, however many problems
there are.

Guards run before any object is built: a size limit, a limit on the number of
values, no alias references (a "billion laughs" document is rejected, not
expanded), and no tags beyond YAML's core ones (nothing is ever constructed
from a ``!!python`` tag).
"""

from __future__ import annotations

import collections
import contextlib
import io
import itertools
import json
import re
from collections.abc import Iterator, Sequence
from typing import Any

import attrs
from ruamel.yaml import YAML
from ruamel.yaml.constructor import SafeConstructor
from ruamel.yaml.cyaml import CParser  # type: ignore[attr-defined]  # ruamel.yaml.clib's, a dependency
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    Event,
    MappingStartEvent,
    NodeEvent,
)
from ruamel.yaml.reader import ReaderError
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.util import load_yaml_guess_indent

from matframework._files import DEFAULT_MAX_BYTES
from matframework.errors import Location, PathPart, Problem, ValidationError

DEFAULT_MAX_NODES = 200_000
"""Documents with more values than this (keys, items and scalars together) are refused before they are
built; the bundled framework has about 1,000."""

MAX_DEPTH = 100
"""Documents nested deeper than this are refused (matframework's own nest six levels deep).

Very deep nesting can crash the C parser, so it is refused before loading.
"""

# Nesting can be no deeper than the number of brackets plus the longest line
# (each block level takes at least one column). Below this bound, no scan is needed.
_DEPTH_SCAN_FROM = 2_000

_CORE_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "map", "seq")
)


class _Constructor(SafeConstructor):
    """The safe constructor, but dates stay text: the converter reads them and reports bad ones by field."""


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", SafeConstructor.construct_yaml_str)


class _Loader(CParser, _Constructor, VersionedResolver):  # type: ignore[misc]
    """The safe loader on the C parser, as ``YAML(typ="safe").load`` assembles it, but defined once.

    ruamel.yaml's ``load`` and ``parse`` define a new loader class on every call, and each class
    and loader holds reference cycles that only the collector frees: loading thousands of files
    grew memory and left the collector more to walk each time.
    """

    def __init__(self, stream: str) -> None:
        CParser.__init__(self, stream)
        self._parser = self._composer = self
        _Constructor.__init__(self, loader=self)
        self.allow_duplicate_keys = False
        VersionedResolver.__init__(self, version=None, loadumper=self)


@contextlib.contextmanager
def _loader(text: str) -> Iterator[_Loader]:
    """A safe loader of ``text``, disposed of and cleared after use.

    Its parts point at one another; cleared, reference counting frees them, and the collector
    has nothing to do.
    """
    loader = _Loader(text)
    try:
        yield loader
    finally:
        loader.dispose()
        loader.__dict__.clear()


def _safe_events(text: str) -> Iterator[Event]:
    """The parse events of ``text`` (for the guards' checks and the error positions)."""
    with _loader(text) as loader:
        while loader.check_event():
            yield loader.get_event()


def _safe_load(text: str) -> Any:
    """Load ``text`` with the safe loader."""
    with _loader(text) as loader:
        return loader.get_single_data()


def c_accelerated() -> bool:
    """Whether the safe loader runs on the C parser (``ruamel.yaml.clib``)."""
    return "_ruamel_yaml" in CParser.__module__  # _Loader is built on it


def _problem(exc: YAMLError, text: str) -> Problem:
    """Describe a ruamel.yaml error as a problem with its line and column."""
    if isinstance(exc, MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        message = " ".join(part for part in (exc.context, exc.problem) if part) or str(exc)
        if mark is not None:
            return Problem(message=message, location=Location(line=mark.line + 1, column=mark.column + 1))
        return Problem(message=message)  # pragma: no cover - ruamel marks parse errors
    position = getattr(exc, "position", None)
    if isinstance(exc, ReaderError) and isinstance(position, int):
        line = text.count("\n", 0, position) + 1
        column = position - (text.rfind("\n", 0, position) + 1) + 1
        return Problem(
            message=f"character {exc.character!r} is not allowed in YAML ({exc.reason})",
            expected="printable text",
            location=Location(line=line, column=column),
        )
    return Problem(message=str(exc))  # pragma: no cover - other ruamel errors carry marks


def _check_size(text: str, max_bytes: int) -> None:
    if len(text) * 4 <= max_bytes:  # no character takes more than four bytes in UTF-8
        return
    size = len(text.encode("utf-8", errors="surrogatepass"))
    if size > max_bytes:
        raise ValidationError(
            [
                Problem(
                    message=f"the document is {size:,} bytes, over the limit of {max_bytes:,}",
                    expected=f"at most {max_bytes:,} bytes (raise max_bytes to allow more)",
                )
            ]
        )


def _most_nodes(text: str) -> int:
    """An upper bound on the values a YAML text can hold: each needs a separator, a bracket or a line."""
    return 2 * sum(text.count(mark) for mark in (":", ",", "-", "[", "{", "\n")) + 2


def _guard(text: str, max_bytes: int, max_nodes: int = DEFAULT_MAX_NODES) -> None:
    """Refuse oversize input, too many values, deep nesting, aliases and non-core tags before anything is built."""
    _check_size(text, max_bytes)
    longest = max((len(line) for line in text.splitlines()), default=0)
    deep = text.count("[") + text.count("{") + longest > _DEPTH_SCAN_FROM
    many = _most_nodes(text) > max_nodes
    if not deep and not many and "*" not in text and "!" not in text:
        return  # no alias, no tag, no deep nesting and not too many values can appear: skip the scan
    problems: list[Problem] = []
    try:
        for problem in _event_problems(_safe_events(text), max_nodes):
            problems.append(problem)
            if len(problems) >= 20:  # noqa: PLR2004 - enough to show the pattern
                break
    except YAMLError as exc:
        raise ValidationError([_problem(exc, text)]) from None
    if problems:
        raise ValidationError(problems)


def _event_problems(events: Iterator[Event], max_nodes: int = DEFAULT_MAX_NODES) -> Iterator[Problem]:
    """Yield a problem for each alias, each non-core tag, nesting past :data:`MAX_DEPTH`, and too many values."""
    depth = 0
    nodes = 0
    for event in events:
        mark = event.start_mark
        line, column = mark.line + 1, mark.column + 1
        if isinstance(event, NodeEvent):
            nodes += 1
            if nodes > max_nodes:
                yield Problem(
                    message=f"the document has more than {max_nodes:,} values",
                    expected=f"at most {max_nodes:,} (raise max_nodes to allow more)",
                    location=Location(line=line, column=column),
                )
                return
        if isinstance(event, CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                message = f"the document nests deeper than {MAX_DEPTH} levels"
                yield Problem(
                    message=message, expected="less nesting", location=Location(line=line, column=column)
                )
                return
        elif isinstance(event, CollectionEndEvent):
            depth -= 1
        if isinstance(event, AliasEvent):
            yield Problem(
                message=f"alias *{event.anchor} is not allowed",
                expected="plain values (anchors and aliases are refused)",
                location=Location(line=line, column=column),
            )
        elif isinstance(event, NodeEvent) and _bad_tag(getattr(event, "tag", None)):
            yield Problem(
                message=f"tag {event.tag} is not allowed",  # type: ignore[attr-defined]
                expected="plain values without tags",
                location=Location(line=line, column=column),
            )


def _bad_tag(tag: object) -> bool:
    if tag is None:
        return False
    tag = str(tag)
    return tag not in ("!", "?") and tag not in _CORE_TAGS


def load(
    text: str,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_nodes: int = DEFAULT_MAX_NODES,
    trusted: bool = False,
) -> Any:
    """Parse one YAML (or JSON) document into plain data, or raise :class:`ValidationError`.

    JSON objects are read by :mod:`json` (exactly, surrogate-pair escapes
    included); anything else by the safe YAML loader. Dates stay text.

    Args:
        text: The document.
        max_bytes: Refuse documents larger than this.
        max_nodes: Refuse documents with more values than this.
        trusted: Skip the guards (for the data files bundled with the package).
    """
    if not trusted:
        _check_size(text, max_bytes)
    data, json_text = _parse(text, max_bytes=max_bytes, max_nodes=max_nodes, trusted=trusted)
    # Every JSON value starts at a character of its own (a key or scalar takes one at least, a
    # list or object its bracket), so JSON text no longer than the limit cannot hold more values.
    if not trusted and not (json_text and len(text) <= max_nodes):
        _check_nodes(data, max_nodes)
    return data


def _parse(text: str, *, max_bytes: int, max_nodes: int, trusted: bool) -> tuple[Any, bool]:
    """The plain data of ``text``, and whether it was read as JSON."""
    if text.lstrip().startswith("{"):
        try:
            return json.loads(text, object_pairs_hook=_json_object, parse_constant=_json_constant), True
        except json.JSONDecodeError:
            pass  # not JSON after all: YAML flow style, read below
        except ValidationError:
            raise
        except ValueError as exc:  # a number too long to read, for one
            raise ValidationError([Problem(message=f"cannot read the document: {exc}")]) from None
        except RecursionError:
            raise ValidationError(
                [Problem(message="the document nests too deeply", expected="less nesting")]
            ) from None
    if not trusted:
        _guard(text, max_bytes, max_nodes)
    try:
        return _safe_load(text), False
    except YAMLError as exc:
        raise ValidationError([_problem(exc, text)]) from None
    except (ValueError, TypeError, RecursionError, OverflowError) as exc:
        # The constructor can fail on values it cannot build (an invalid date, a huge exponent).
        raise ValidationError([Problem(message=f"cannot read the document: {exc}")]) from None


def _check_nodes(data: Any, limit: int) -> None:
    """Refuse a document with more than ``limit`` values, counted without recursion."""
    count = 0
    stack = [data]
    while stack:
        node = stack.pop()
        count += 1
        if count > limit:
            raise ValidationError(
                [
                    Problem(
                        message=f"the document has more than {limit:,} values",
                        expected=f"at most {limit:,} (raise max_nodes to allow more)",
                    )
                ]
            )
        if isinstance(node, dict):
            stack.extend(node.keys())
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)


def dump(data: Any) -> str:
    """Write plain data as block-style YAML, keeping non-ASCII text readable."""
    yaml = YAML(typ="safe", pure=False)
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    yaml.width = 4096
    yaml.sort_base_mapping_type_on_output = False  # type: ignore[assignment]
    stream = io.StringIO()
    yaml.dump(data, stream)
    return stream.getvalue()


def load_for_editing(text: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[Any, YAML]:
    """Parse ``text`` in round-trip mode, for an edit that keeps comments, order and layout.

    Returns the document and a YAML instance set to write it back with the
    file's own indentation.
    """
    _guard(text, max_bytes)
    try:
        document, sequence, offset = load_yaml_guess_indent(text)
    except YAMLError as exc:
        raise ValidationError([_problem(exc, text)]) from None
    mapping = _mapping_indent(text)
    yaml = YAML(typ="rt")
    yaml.width = 4096
    yaml.preserve_quotes = True
    if offset is None:  # no block sequence in the file: indent new ones like the template does
        sequence, offset = mapping + 2, 2
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    return document, yaml


_KEY_LINE = re.compile(r"( *)[^\s#-][^#]*:\s*(#.*)?")


def _mapping_indent(text: str) -> int:
    """Guess how far the file indents a nested mapping (2 when it cannot tell)."""
    lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    for line, following in itertools.pairwise(lines):
        match = _KEY_LINE.fullmatch(line)
        if match is None:
            continue
        inner = len(following) - len(following.lstrip(" "))
        if inner > len(match.group(1)) and not following.lstrip().startswith("-"):
            return inner - len(match.group(1))
    return 2


def dump_edited(document: Any, yaml: YAML) -> str:
    """Write back a document read with :func:`load_for_editing`."""
    stream = io.StringIO()
    yaml.dump(document, stream)
    return stream.getvalue()


def _json_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) < len(pairs):
        counts = collections.Counter(key for key, _ in pairs)
        key = next(key for key, count in counts.items() if count > 1)
        raise ValidationError(
            [Problem(path=(key,), message=f"duplicate key {key!r}", expected="each key once")]
        )
    return result


def _json_constant(name: str) -> Any:
    raise ValidationError(
        [Problem(message=f"{name} is not a number JSON allows", expected="a finite number")]
    )


def locate(text: str, path: Sequence[PathPart]) -> tuple[int, int] | None:
    """Return the 1-based (line, column) of the field at ``path`` in ``text``.

    Where the path leads to a key that is missing, the position of the
    nearest existing parent is returned. ``None`` when the text cannot be
    parsed.
    """
    found = _positions(text, {tuple(path)})
    if found is None:
        return None
    where = tuple(path)
    while where not in found:
        where = where[:-1]
    return found[where]


class _Frame:
    """A collection being walked in the event stream: where it is, and what comes next in it."""

    __slots__ = ("expecting_key", "index", "key", "key_mark", "mapping", "path")

    def __init__(self, path: tuple[PathPart, ...] | None, *, mapping: bool) -> None:
        self.path = path  # None inside a complex key, whose contents are never looked for
        self.mapping = mapping
        self.expecting_key = mapping
        self.key: object = None
        self.key_mark = (1, 1)
        self.index = 0

    def child(self) -> tuple[PathPart, ...] | None:
        if self.path is None:
            return None
        part = self.key if self.mapping else self.index
        return (*self.path, part) if isinstance(part, str | int) else None

    def advance(self) -> None:
        if self.mapping:
            self.expecting_key = True
        else:
            self.index += 1


def _key_of(event: Event) -> object:
    """The key a scalar event stands for, as the safe loader reads it (plain digits as a number)."""
    value = getattr(event, "value", None)
    if isinstance(value, str) and getattr(event, "style", None) is None and value.isdigit():
        return int(value)
    return value


def _visit(
    event: NodeEvent,
    frames: list[_Frame],
    prefixes: set[tuple[PathPart, ...]],
    found: dict[tuple[PathPart, ...], tuple[int, int]],
) -> None:
    """Take one node's event: a key of the mapping being walked, or a value (recorded if wanted)."""
    mark = (event.start_mark.line + 1, event.start_mark.column + 1)
    collection = isinstance(event, CollectionStartEvent)
    top = frames[-1] if frames else None
    if top is not None and top.mapping and top.expecting_key:
        top.expecting_key = False
        top.key, top.key_mark = (None if collection else _key_of(event)), mark
        if collection:  # a complex key: walk past it
            frames.append(_Frame(None, mapping=isinstance(event, MappingStartEvent)))
        return
    path = () if top is None else top.child()
    if path is not None and path in prefixes:
        found[path] = top.key_mark if collection and top is not None and top.mapping else mark
    if collection:
        frames.append(_Frame(path, mapping=isinstance(event, MappingStartEvent)))
    elif top is not None:
        top.advance()


def _positions(
    text: str, wanted: set[tuple[PathPart, ...]]
) -> dict[tuple[PathPart, ...], tuple[int, int]] | None:
    """The 1-based (line, column) of every prefix of the wanted paths that the text has, from one event scan.

    As a reader's eye would: a scalar value at its value, a collection at its key, a list item at
    the item. ``None`` when the text cannot be parsed.
    """
    prefixes = {path[:length] for path in wanted for length in range(len(path) + 1)}
    found: dict[tuple[PathPart, ...], tuple[int, int]] = {(): (1, 1)}
    frames: list[_Frame] = []
    try:
        for event in _safe_events(text):
            if isinstance(event, CollectionEndEvent):
                frames.pop()
                if frames:
                    frames[-1].advance()
                continue
            if not isinstance(event, NodeEvent):
                continue  # stream and document events
            _visit(event, frames, prefixes, found)
    except (YAMLError, ValueError, TypeError, RecursionError):
        return None
    return found


def with_positions(error: ValidationError, text: str, file: str | None) -> ValidationError:
    """Return ``error`` naming ``file``, with line and column added to each problem that lacks a location.

    The text is scanned once (by the C parser's events), however many problems there are; a
    path that leads to a missing key is placed at its nearest parent.
    """
    if all(problem.location is not None or not problem.path for problem in error.problems):
        top = Location(line=1, column=1)  # problems of the whole document point at its start: no parse
        return error.with_file(
            file, [p if p.location is not None else attrs.evolve(p, location=top) for p in error.problems]
        )
    wanted = {tuple(problem.path) for problem in error.problems if problem.location is None}
    found = _positions(text, wanted)
    if found is None:
        return error.with_file(file)
    problems = []
    for problem in error.problems:
        if problem.location is None:
            path = tuple(problem.path)
            while path not in found:
                path = path[:-1]
            line, column = found[path]
            problem = attrs.evolve(problem, location=Location(line=line, column=column))  # noqa: PLW2901
        problems.append(problem)
    return error.with_file(file, problems)
