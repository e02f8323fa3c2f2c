"""Reading matframework documents from files and text.

Every document carries a schema tag naming its type and version, e.g.
``schema: matframework/framework@1``. Reading checks the tag, then the
structure, then the rules of the type, and reports every problem at once
with its field path, file, line and column.
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib
import json
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Literal, TypeVar

import attrs
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from matframework._files import DEFAULT_MAX_BYTES, locked, read_text, replace_if_unchanged, write_atomic
from matframework.documents import _yaml
from matframework.documents._yaml import DEFAULT_MAX_NODES
from matframework.documents.bundled import assurance_framework
from matframework.documents.converters import describe, structure, unstructure
from matframework.documents.registry import DOCUMENT_TYPES, TAG, by_tag, document_type
from matframework.errors import PathPart, Problem, ValidationError, format_path
from matframework.model.assessment import Assessment, FrameworkRef, require_framework
from matframework.model.framework import Framework
from matframework.model.rating import Rating

__all__ = [
    "document_from_text",
    "dump",
    "dumps",
    "load",
    "load_document",
    "load_framework",
    "loads",
    "revise",
    "schema_tag",
    "update_document",
    "update_ratings",
]


def __dir__() -> list[str]:
    return __all__


T = TypeVar("T")


def schema_tag(cls: type[Any]) -> str:
    """Return the schema tag that documents of ``cls`` carry.

    Example:
        >>> from matframework import Framework
        >>> schema_tag(Framework)
        'matframework/framework@1'

    .. versionadded:: 0.1.0
    """
    return document_type(cls).tag


def _check_tag(data: Any, cls: type[Any]) -> dict[str, Any]:
    """Check the document's schema tag and return the rest of the document."""
    expected_tag = schema_tag(cls)
    if not isinstance(data, Mapping):
        raise ValidationError(
            [
                Problem(
                    message=f"the document is {describe(data)}",
                    expected=f"a mapping with schema: {expected_tag}",
                )
            ]
        )
    rest = {key: value for key, value in data.items() if key != "schema"}
    if "schema" not in data:
        raise ValidationError([Problem(path=("schema",), message="is required", expected=expected_tag)])
    tag = data["schema"]
    entry = document_type(cls)
    name, version = entry.name, entry.version
    match = TAG.fullmatch(tag) if isinstance(tag, str) else None
    if match is None:
        message = f"{tag!r} is not a matframework schema tag"
    elif match.group(1) != name:
        message = f"this is a matframework {match.group(1)} document, not a {name}"
    elif int(match.group(2)) > version:
        message = f"{tag} is newer than this version of matframework reads; upgrade matframework to read it"
    elif int(match.group(2)) < version:  # pragma: no cover - no older versions exist yet
        message = f"{tag} is an older format that this version of matframework no longer reads"
    else:
        return rest
    raise ValidationError([Problem(path=("schema",), message=message, expected=expected_tag)])


def loads(
    text: str,
    into: type[T],
    *,
    file: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_nodes: int = DEFAULT_MAX_NODES,
) -> T:
    r"""Read a document of type ``into`` from YAML (or JSON) text.

    Args:
        text: The document.
        into: The document type, e.g. :class:`~matframework.Framework`.
        file: A file name to show in error messages.
        max_bytes: Refuse larger documents before parsing them.
        max_nodes: Refuse documents with more values (keys, items, scalars) than this.

    Raises:
        ValidationError: Listing every problem, with field path, line and column.

    Example:
        >>> from matframework import Framework
        >>> loads("schema: matframework/framework@1\nid: x\n", into=Framework)
        Traceback (most recent call last):
        ...
        matframework.errors.ValidationError: 5 problems found
          1:1: title: is required
          1:1: version: is required
          1:1: source: is required
          1:1: scale: is required
          1:1: headings: is required

    .. versionadded:: 0.1.0
    """
    return _loads(text, into, file=file, max_bytes=max_bytes, max_nodes=max_nodes, trusted=False)


def _loads(  # noqa: PLR0913 - the text, its type and its limits
    text: str,
    into: type[T],
    *,
    file: str | None,
    max_bytes: int,
    max_nodes: int = DEFAULT_MAX_NODES,
    trusted: bool,
) -> T:
    try:
        data = _yaml.load(text, max_bytes=max_bytes, max_nodes=max_nodes, trusted=trusted)
        return structure(_check_tag(data, into), into)
    except ValidationError as error:
        raise _yaml.with_positions(error, text, file) from None


def load(
    path: str | os.PathLike[str],
    into: type[T],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_nodes: int = DEFAULT_MAX_NODES,
) -> T:
    """Read a document of type ``into`` from the file at ``path``.

    Raises:
        ValidationError: The file is not valid; every problem is listed with
            the file name, line and column.
        ~matframework.FileError: The file cannot be read (an ``OSError`` too).

    Example:
        >>> import tempfile, pathlib
        >>> from matframework import Framework, assurance_framework
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "framework.yaml"
        >>> dump(assurance_framework(), path)
        >>> load(path, Framework).element("5B").title
        'Knowing schools qualitatively'

    .. versionadded:: 0.1.0
    """
    file = os.fspath(path)
    text = read_text(file, max_bytes=max_bytes).text
    return loads(text, into, file=file, max_bytes=max_bytes, max_nodes=max_nodes)


def load_framework(path: str | os.PathLike[str]) -> Framework:
    """Read a framework (for example a trust's adaptation of the bundled one) from a YAML file.

    The file has the same format as the bundled framework and passes the same
    checks: unique codes, headings numbered from 1, element codes that match
    their heading, numerals from ``i`` without gaps, a question, Red and Green
    text for every criterion, and questions to start with before additional
    ones.

    Raises:
        ValidationError: Every problem, with file, line, column and field path.
            Broken structural rules raise its subclass
            :class:`~matframework.FrameworkIntegrityError`.

    Example:
        >>> import tempfile, pathlib
        >>> from matframework import assurance_framework
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "ours.yaml"
        >>> text = dumps(assurance_framework()).replace("code: 1B", "code: 1A")
        >>> _ = path.write_text(text, encoding="utf-8")
        >>> load_framework(path)  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        matframework.errors.FrameworkIntegrityError: .../ours.yaml: 1 problem found
          .../ours.yaml:77:11: headings[0].elements[1].code: element code '1A' is used twice (expected a code no other element has)

    .. versionadded:: 0.1.0
    """
    return load(path, Framework)


def dumps(
    obj: Any,
    format: Literal["yaml", "json"] = "yaml",  # noqa: A002 - the documented name
    *,
    compact: bool = False,
) -> str:
    """Write a document (e.g. a :class:`~matframework.Framework`) as YAML or JSON text.

    The text starts with the document's schema tag and reads back with
    :func:`loads` into an equal object.

    Args:
        obj: The document.
        format: ``"yaml"`` (the default) or ``"json"``.
        compact: JSON on one line, for programs rather than people: the standard
            library's C encoder writes it, several times quicker than indented JSON.

    Example:
        >>> from matframework import Framework, assurance_framework
        >>> text = dumps(assurance_framework())
        >>> text.splitlines()[0]
        'schema: matframework/framework@1'
        >>> loads(text, into=Framework) == assurance_framework()
        True
        >>> dumps(assurance_framework(), "json", compact=True)[:37]
        '{"schema":"matframework/framework@1",'

    .. versionchanged:: 0.2.0
       ``compact``.

    .. versionadded:: 0.1.0
    """
    writer = _WRITERS.get(format)
    if writer is None:
        message = f"format must be 'yaml' or 'json', got {format!r}"
        raise ValidationError([Problem(path=("format",), message=message, expected="'yaml' or 'json'")])
    if compact and format != "json":
        message = "compact applies to JSON only; YAML is always written in block style"
        raise ValidationError([Problem(path=("compact",), message=message, expected="format='json'")])
    data = {"schema": schema_tag(type(obj)), **unstructure(obj)}
    return _compact_json(data) if compact else writer(data)


def _json_dump(data: Any) -> str:
    """Indented JSON: by orjson (the ``fast`` extra) where its bytes are the standard library's, else by :mod:`json`.

    The standard encoder falls back to pure Python whenever it indents. orjson writes the same
    text for everything but floats (``1e-07`` there is ``1e-7``), numbers beyond 64 bits and lone
    surrogates, which it refuses; a document holding any of those goes to :mod:`json`.
    """
    fast = _orjson()
    if fast is not None and not _holds_float(data):
        try:
            return str(fast.dumps(data, option=fast.OPT_INDENT_2), "utf-8") + "\n"
        except (fast.JSONEncodeError, TypeError):  # a number too big, a lone surrogate: json writes those
            pass
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


@functools.cache
def _orjson() -> Any:
    """The orjson module, when the ``fast`` extra is installed (looked for once)."""
    try:
        return importlib.import_module("orjson")
    except ImportError:
        return None


def _holds_float(data: Any) -> bool:
    """Whether plain data holds a float anywhere (walked without recursion)."""
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, float):
            return True
        if isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, list | tuple):
            stack.extend(node)
    return False


def _compact_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


_WRITERS: dict[str, Callable[[Any], str]] = {"yaml": _yaml.dump, "json": _json_dump}


def dump(
    obj: Any,
    path: str | os.PathLike[str],
    *,
    format: Literal["yaml", "json"] | None = None,  # noqa: A002
    overwrite_read_only: bool = False,
    compact: bool = False,
) -> None:
    """Write a document to ``path`` atomically.

    The text goes to a temporary file in the same folder, which then replaces
    ``path`` in one step: a crash never leaves a half-written file.

    Args:
        obj: The document.
        path: Where to write it.
        format: ``"yaml"`` or ``"json"``; by default ``"json"`` for a path
            ending in ``.json`` and ``"yaml"`` otherwise.
        overwrite_read_only: Replace a read-only file (refused otherwise).
        compact: Write JSON on one line (see :func:`dumps`).

    Example:
        >>> import json, pathlib, tempfile
        >>> from matframework import assurance_framework
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "framework.json"
        >>> dump(assurance_framework(), path)
        >>> json.loads(path.read_text(encoding="utf-8"))["headings"][5]["title"]
        'Governance capability'

    .. versionadded:: 0.1.0
    """
    file = Path(os.fspath(path))
    if format is None:
        format = "json" if file.suffix.lower() == ".json" else "yaml"  # noqa: A001
    write_atomic(file, dumps(obj, format=format, compact=compact), overwrite_read_only=overwrite_read_only)


def _edited_value(key: str, value: Any) -> Any:
    """The value to write for ``key``: ratings as their labels, everything else as plain data."""
    if key in ("rating", "target") and isinstance(value, str):
        try:
            return Rating.from_label(value).label
        except ValueError:
            return value  # written as given, so the check below reports it in place
    return unstructure(value)


def _rating_edits(changes: Mapping[str, Any]) -> dict[tuple[PathPart, ...], Any]:
    """The field edits of rating changes: code → rating, or code → the entry fields to set."""
    edits: dict[tuple[PathPart, ...], Any] = {}
    for code, change in changes.items():
        fields = change if isinstance(change, Mapping) else {"rating": change}
        for key, value in fields.items():
            edits["ratings", code, key] = value
    return edits


def _fits(
    path: str, changes: Mapping[str, Any], framework: Framework | None, max_bytes: int
) -> Callable[[Assessment], None]:
    """The check of an edited assessment: it fits its framework; without one known, it adds no element."""

    def fits(result: Assessment) -> None:
        known = framework
        if known is None and result.framework == FrameworkRef.to(assurance_framework()):
            known = assurance_framework()
        if known is not None:
            require_framework([result], known)
            result.validate(known)
            return
        before = set(load(path, Assessment, max_bytes=max_bytes).codes)
        added = [code for code in changes if code not in before]
        if added:
            raise ValidationError(
                Problem(
                    path=("ratings", code),
                    message=f"{code!r} is not an element this assessment lists",
                    expected="an element it lists, or pass framework= to add one of that framework's elements",
                )
                for code in added
            )

    return fits


def update_ratings(  # noqa: PLR0913 - keyword-only: the checks, the limits and what the log records
    path: str | os.PathLike[str],
    changes: Mapping[str, Rating | str | Mapping[str, Any] | None],
    *,
    framework: Framework | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    overwrite_read_only: bool = False,
    by: str | None = None,
    reason: str | None = None,
    on: dt.date | None = None,
) -> Assessment:
    """Change element ratings in an assessment file, keeping its comments, key order and layout.

    Each change maps an element code to a new rating (a :class:`~matframework.Rating`,
    a label, or ``None`` to clear it), or to a mapping of entry fields
    (``{"rating": "Green", "evidence": "…", "next_steps": [...]}``). Only the
    changed values are rewritten. The changed document is checked in full
    before anything is written, and the file is replaced atomically, so an
    invalid change or a crash leaves the file as it was.

    Args:
        path: The assessment file (YAML).
        changes: Element code to new rating, or to the fields to set.
        framework: The framework the assessment rates, to check the result against; by
            default the bundled one when the assessment names it. Without either, a change
            may only touch elements the file already lists.
        max_bytes: Refuse larger files.
        overwrite_read_only: Edit a read-only file (refused otherwise).
        by: Who makes the change: each changed field is then logged in the
            document's ``changes`` (who, when, the field, old and new value, why).
        reason: Why, for the log.
        on: The day, for the log (today, in UTC, by default).

    Returns:
        The assessment as now written.

    Raises:
        ValidationError: The file, or the file with the changes, is invalid;
            nothing is written.

    Example:
        >>> import pathlib, tempfile
        >>> from matframework import assurance_framework
        >>> from matframework.documents.templates import template
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "ours.yaml"
        >>> _ = path.write_text(template(assurance_framework()), encoding="utf-8")
        >>> update_ratings(path, {"3B": "amber green"}).rating("3B")
        <Rating.AMBER_GREEN: 'Amber Green'>
        >>> "# 3B. Leadership of teaching" in path.read_text(encoding="utf-8")
        True

    .. versionadded:: 0.1.0
    """
    edits = _rating_edits(changes)
    fits = _fits(os.fspath(path), changes, framework, max_bytes)

    return update_document(
        path,
        Assessment,
        edits,
        max_bytes=max_bytes,
        check=fits,
        overwrite_read_only=overwrite_read_only,
        by=by,
        reason=reason,
        on=on,
    )


def revise(  # noqa: PLR0913 - the correction, who makes it, why, and where it goes
    path: str | os.PathLike[str],
    changes: Mapping[str, Rating | str | Mapping[str, Any] | None],
    *,
    to: str | os.PathLike[str],
    by: str,
    reason: str,
    on: dt.date | None = None,
    framework: Framework | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Assessment:
    """Correct a final assessment as a new revision: a new file that names the one it supersedes.

    The original file is left as it is. The revision keeps its comments and
    layout, applies the changes (as :func:`update_ratings` takes them), names
    the original in ``supersedes`` (its file name), and logs each change with
    who, when and why.

    Args:
        path: The final assessment.
        changes: Element code to new rating, or to the fields to set.
        to: Where to write the revision (a new file; an existing one is refused).
        by: Who makes the correction.
        reason: Why.
        on: The day, for the log (today, in UTC, by default).
        framework: The framework to check the result against (by default the bundled
            one when the assessment names it).
        max_bytes: Refuse larger files.

    Raises:
        ValidationError: The correction is invalid; nothing is written.
        FileExistsError: ``to`` exists.

    Example:
        >>> import pathlib, shutil, tempfile
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> _ = shutil.copy("examples/oak-valley-trust-2026-autumn.yaml", folder / "v1.yaml")
        >>> v2 = revise(folder / "v1.yaml", {"3B": "Amber Red"}, to=folder / "v2.yaml", by="B. Example", reason="typo")
        >>> v2.supersedes, v2.rating("3B").label, load(folder / "v1.yaml", Assessment).rating("3B").label
        ('v1.yaml', 'Amber Red', 'Red')

    .. versionadded:: 0.2.0
    """
    file, target = os.fspath(path), Path(os.fspath(to))
    if target.exists():
        msg = f"{target} exists; a revision is written to a new file"
        raise FileExistsError(msg)
    edits = _rating_edits(changes)
    edits["supersedes",] = Path(file).name
    original = read_text(file, max_bytes=max_bytes)
    edit = _Edit(
        Assessment, edits, by=by, reason=reason, on=on, check=_fits(file, changes, framework, max_bytes)
    )
    new_text, result = edit.apply(original.text, file, max_bytes, in_place=False)
    write_atomic(target, original.encode(new_text))
    revised: Assessment = result
    return revised


def update_document(  # noqa: PLR0913 - the edit, its limits and its checks
    path: str | os.PathLike[str],
    into: type[T],
    changes: Mapping[tuple[PathPart, ...], Any],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    check: Callable[[T], None] | None = None,
    overwrite_read_only: bool = False,
    by: str | None = None,
    reason: str | None = None,
    on: dt.date | None = None,
) -> T:
    """Set values in a YAML document file, keeping its comments, key order and layout.

    Each change maps a field path (keys and list positions, as error messages
    show them) to its new value; missing mapping keys on the way are added.
    Ratings may be given as :class:`~matframework.Rating` or a label. The
    changed document is read as ``into`` in full before anything is written,
    and the file is replaced atomically. The edit holds an advisory lock from
    reading the file to replacing it, refuses to replace a file that changed
    meanwhile (so no update is lost), and keeps the file's encoding, byte order
    mark and line endings.

    Args:
        path: The document file (YAML).
        into: Its document type, e.g. :class:`~matframework.ModeClassification`.
        changes: Field path to new value.
        max_bytes: Refuse larger files.
        check: A further check of the changed document before it is written (raise
            :class:`~matframework.ValidationError` to refuse it).
        overwrite_read_only: Edit a read-only file (refused otherwise).
        by: Who makes the change; each changed field is then appended to the
            document's ``changes`` log (for document types that keep one).
        reason: Why, for the log.
        on: The day, for the log (today, in UTC, by default).

    Returns:
        The document as now written.

    Raises:
        ValidationError: The file, a path, or the changed document is
            invalid; nothing is written.

    Example:
        >>> import pathlib, tempfile
        >>> from matframework import ModeClassification, improvement_framework
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "modes.yaml"
        >>> dump(improvement_framework().reference, path)
        >>> ours = update_document(path, ModeClassification, {("decisions", 9, "mode"): "align"})
        >>> ours.decisions[9].area, ours.decisions[9].mode.value
        ('Recruiting senior leaders', 'align')

    .. versionadded:: 0.1.0
    """
    file = os.fspath(path)
    with locked(file):
        original = read_text(file, max_bytes=max_bytes)
        edit = _Edit(into, changes, by=by, reason=reason, on=on, check=check)
        new_text, result = edit.apply(original.text, file, max_bytes, in_place=True)
        replace_if_unchanged(
            file, original.raw, original.encode(new_text), overwrite_read_only=overwrite_read_only
        )
    found: T = result
    return found


def _refuse_final(into: type[Any], data: Any) -> None:
    """A final assessment is corrected by a new revision, never edited in place."""
    if into is Assessment and isinstance(data, Mapping) and data.get("status") == "final":
        problem = Problem(
            path=("status",),
            message="a final assessment is not edited in place",
            expected="a correction written as a new revision (matframework.revise), or status: draft",
        )
        raise ValidationError([problem])


class _Edit:
    """One edit of a YAML document: the changes, what the log records of them, and the final check."""

    def __init__(  # noqa: PLR0913 - the edit and what the log says about it
        self,
        into: type[Any],
        changes: Mapping[tuple[PathPart, ...], Any],
        *,
        by: str | None,
        reason: str | None,
        on: dt.date | None,
        check: Callable[[Any], None] | None,
    ) -> None:
        self.into, self.changes, self.by, self.reason, self.on, self.check = (
            into,
            changes,
            by,
            reason,
            on,
            check,
        )

    def apply(self, text: str, file: str, max_bytes: int, *, in_place: bool) -> tuple[str, Any]:
        """The edited text and the document it reads as; a final assessment is refused in place."""
        try:
            document, yaml = _yaml.load_for_editing(text, max_bytes=max_bytes)
            before = _yaml.load(text, max_bytes=max_bytes)
            if in_place:
                _refuse_final(self.into, before)
            for where, value in self.changes.items():
                _set_at(document, where, value)
            if self.by is not None:
                day = self.on or dt.datetime.now(tz=dt.timezone.utc).date()
                _log(document, before, self.changes, self.into, by=self.by, reason=self.reason, on=day)
        except ValidationError as error:
            raise _yaml.with_positions(error, text, file) from None
        new_text = _yaml.dump_edited(document, yaml)
        result = loads(new_text, self.into, file=file, max_bytes=max_bytes)
        if self.check is not None:
            try:
                self.check(result)
            except ValidationError as error:
                raise _yaml.with_positions(error, new_text, file) from None
        return new_text, result


def _as_text(value: Any) -> str | None:
    """A logged value as text: text as it is, nothing as ``None``, anything else as JSON."""
    if value is None or isinstance(value, str):
        return value
    return json.dumps(unstructure(value), ensure_ascii=False, sort_keys=True, default=str)


def _at(data: Any, where: tuple[PathPart, ...]) -> Any:
    """The plain value at path ``where``, or ``None`` if there is none."""
    for part in where:
        if isinstance(data, Mapping):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        else:
            return None
    return data


def _log(  # noqa: PLR0913 - the edit and what the log says about it
    document: Any,
    before: Any,
    changes: Mapping[tuple[PathPart, ...], Any],
    into: type[Any],
    *,
    by: str,
    reason: str | None,
    on: dt.date,
) -> None:
    """Append one change-log entry per changed field to the document's ``changes`` (if its type keeps one)."""
    if "changes" not in {field.name for field in attrs.fields(into)}:
        article = "an" if into.__name__[0] in "AEIOU" else "a"
        message = f"{article} {into.__name__} keeps no change log, so by= cannot record the change"
        raise ValidationError([Problem(path=("changes",), message=message, expected="an assessment")])
    entries = []
    for where, value in changes.items():
        old, new = _as_text(_at(before, where)), _as_text(value.label if isinstance(value, Rating) else value)
        if old == new:
            continue
        entry = CommentedMap(on=on.isoformat(), by=by, field=format_path(where))
        if old is not None:
            entry["old"] = old
        if new is not None:
            entry["new"] = new
        if reason is not None:
            entry["reason"] = reason
        entries.append(entry)
    if entries:
        log = document.get("changes")
        if not isinstance(log, list):
            document["changes"] = log = CommentedSeq()
        log.extend(entries)


def _set_at(document: Any, where: tuple[PathPart, ...], value: Any) -> None:
    """Set ``value`` at path ``where`` in a round-trip document, adding missing mapping keys."""
    node = document
    for depth, part in enumerate(where):
        last = depth == len(where) - 1
        if isinstance(node, dict) and isinstance(part, str):
            if last:
                node[part] = _edited_value(part, value)
                return
            if not isinstance(node.get(part), dict | list):
                node[part] = CommentedMap()
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            if last:
                node[part] = unstructure(value)
                return
            node = node[part]
        else:
            raise ValidationError(
                [
                    Problem(
                        path=where[:depth],
                        message=f"cannot set {format_path(where)}: here is {describe(node)}",
                        expected="a mapping (for a key) or a list long enough (for a position)",
                    )
                ]
            )
    raise ValidationError([Problem(message="an empty path names no field to change")])


def load_document(
    path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES, max_nodes: int = DEFAULT_MAX_NODES
) -> Any:
    """Read a document of whichever type its schema tag names.

    Raises:
        ValidationError: The file has no known schema tag, or is invalid.

    Example:
        >>> import pathlib, tempfile
        >>> from matframework import improvement_framework
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "modes.yaml"
        >>> dump(improvement_framework().reference, path)
        >>> type(load_document(path)).__name__
        'ModeClassification'

    .. versionadded:: 0.1.0
    """
    file = os.fspath(path)
    text = read_text(file, max_bytes=max_bytes).text
    return document_from_text(text, file=file, max_bytes=max_bytes, max_nodes=max_nodes)


def document_from_text(
    text: str,
    *,
    file: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_nodes: int = DEFAULT_MAX_NODES,
    untagged: bool = False,
) -> Any:
    """Read YAML or JSON text as the document type its schema tag names (as :func:`~matframework.load_document` reads a file).

    With ``untagged=True``, text whose top level is not a mapping with a
    ``schema`` key gives ``None`` (it is not a matframework document) instead of an error.
    """
    try:
        data = _yaml.load(text, max_bytes=max_bytes, max_nodes=max_nodes)
    except ValidationError as error:
        raise _yaml.with_positions(error, text, file) from None
    tag = data.get("schema") if isinstance(data, Mapping) else None
    if untagged and tag is None:
        return None
    entry = by_tag(tag)
    if entry is None:
        expected = ", ".join(sorted(e.tag for e in DOCUMENT_TYPES))
        problem = Problem(
            path=("schema",), message=f"{tag!r} is not a schema tag matframework knows", expected=expected
        )
        raise _yaml.with_positions(ValidationError([problem]), text, file)
    try:
        return structure(_check_tag(data, entry.cls), entry.cls)  # parsed once, above
    except ValidationError as error:
        raise _yaml.with_positions(error, text, file) from None
