"""Exceptions raised by matframework, and the :class:`Problem` they carry.

Every exception the library raises on purpose derives from
:class:`MatFrameworkError`. Concrete errors also derive from the builtin they
resemble, so ``except LookupError`` or ``except ValueError`` in existing code
keeps working.

Errors are data: a :class:`ValidationError` holds every :class:`Problem` found
in a document, each with the field path, and, when the document came from a
file, the line and column.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import attrs

__all__ = [
    "FieldTypeError",
    "FileError",
    "FrameworkIntegrityError",
    "IncomparableError",
    "Location",
    "MatFrameworkError",
    "MissingDependencyError",
    "Problem",
    "UnknownCriterionError",
    "UnknownElementError",
    "UnknownFrameworkError",
    "UnknownIdError",
    "ValidationError",
    "format_path",
    "shown",
]


def __dir__() -> list[str]:
    return __all__


PathPart = str | int


def format_path(path: Sequence[PathPart]) -> str:
    """Render a field path the way error messages show it.

    Mapping keys are joined with dots and sequence positions are put in
    brackets.

    Args:
        path: The keys and positions from the document root to the field.

    Returns:
        The dotted form, or ``"(document)"`` for the root itself.

    Example:
        >>> format_path(("headings", 0, "elements", 1, "code"))
        'headings[0].elements[1].code'
        >>> format_path(("ratings", "3B", "rating"))
        'ratings.3B.rating'

    .. versionadded:: 0.1.0
    """
    text = ""
    for part in path:
        if isinstance(part, int) and not isinstance(part, bool):
            text += f"[{part}]"
        else:  # a key; one read from YAML may be any value (a list, null, a number), shown as text
            shown = part if isinstance(part, str) else repr(part)
            text += f".{shown}" if text else shown
    return text or "(document)"


class MatFrameworkError(Exception):
    """The base class of every exception that matframework raises.

    .. versionadded:: 0.1.0
    """


@attrs.frozen(kw_only=True)
class Location:
    """Where a problem sits in its source, in that source's own terms.

    One of four kinds, by which attributes are set:

    - a text file (YAML, JSON): ``line`` and ``column``, both from 1, shown as ``12:5``;
    - a workbook: ``sheet`` and ``cell``, shown as ``Assessment 1!D17``;
    - a table (a CSV file, a DataFrame): ``row`` and ``field`` (the column's name), shown as
      ``row 7, column rating``; CSV rows count from 1 with the header rows, DataFrame rows are
      positions from 0, as ``DataFrame.iloc`` counts them;
    - a JSON package (CASE): ``pointer``, the record and key, shown as ``CFItems[12].fullStatement``.

    Example:
        >>> str(Location(line=12, column=5)), str(Location(sheet="Assessment 1", cell="D17"))
        ('12:5', 'Assessment 1!D17')
        >>> str(Location(row=7, field="rating"))
        'row 7, column rating'

    .. versionadded:: 0.1.0
    """

    line: int | None = None
    column: int | None = None
    sheet: str | None = None
    cell: str | None = None
    row: int | None = None
    field: str | None = None
    pointer: str | None = None

    @property
    def in_text(self) -> bool:
        """Whether this is a line and column in a text file (shown ``file:line:column``)."""
        return self.line is not None and self.sheet is None and self.row is None and self.pointer is None

    def __str__(self) -> str:
        if self.sheet is not None:
            return f"{self.sheet}!{self.cell or ''}"
        if self.row is not None:
            return f"row {self.row}" + (f", column {self.field}" if self.field is not None else "")
        if self.pointer is not None:
            return self.pointer
        if self.line is not None:
            return f"{self.line}:{self.column}" if self.column is not None else f"line {self.line}"
        return ""


@attrs.frozen(kw_only=True)
class Problem:
    """One thing wrong with a document.

    Attributes:
        path: Keys and positions from the document root to the field at fault, the same
            whatever format the document came in.
        message: What is wrong, in words.
        expected: What would have been accepted, when that can be said.
        location: Where it is in the source (file line and column, workbook cell, table
            row and column), when known.

    Example:
        >>> p = Problem(path=("headings", 0, "number"), message="must be 1, got 2")
        >>> str(p)
        'headings[0].number: must be 1, got 2'
        >>> str(attrs.evolve(p, location=Location(line=4, column=3)))
        '4:3: headings[0].number: must be 1, got 2'

    .. versionadded:: 0.1.0
    """

    path: tuple[PathPart, ...] = ()
    message: str
    expected: str | None = None
    location: Location | None = None

    @property
    def dotted_path(self) -> str:
        """The path as text, e.g. ``headings[0].elements[1].code``."""
        return format_path(self.path)

    @property
    def line(self) -> int | None:
        """The 1-based line in a text file, when known."""
        return self.location.line if self.location is not None else None

    @property
    def column(self) -> int | None:
        """The 1-based column in a text file, when known."""
        return self.location.column if self.location is not None else None

    @property
    def where(self) -> str:
        """The location as text (``12:5``, ``Assessment 1!D17``, ``row 7, column rating``), or ``""``."""
        return str(self.location) if self.location is not None else ""

    def __str__(self) -> str:
        where = self.where
        text = f"{where}: " if where else ""
        text += f"{self.dotted_path}: {self.message}"
        if self.expected is not None and self.expected not in self.message:  # never say it twice
            text += f" (expected {self.expected})"
        return text


class ValidationError(MatFrameworkError, ValueError):
    """A document or an object broke the rules; every problem is listed.

    Attributes:
        problems: Every problem found, in document order.
        file: The file the document came from, when it came from one.

    The attributes ``path``, ``line``, ``column`` and ``expected`` repeat those
    of the first problem, for code that only wants one place to point at.

    .. versionadded:: 0.1.0
    """

    def __init__(self, problems: Iterable[Problem], *, file: str | None = None) -> None:
        self.problems: tuple[Problem, ...] = _capped(tuple(problems))
        if not self.problems:
            msg = "a ValidationError needs at least one problem"
            raise ValueError(msg)
        self.file = file
        super().__init__(self.problems)

    @property
    def path(self) -> tuple[PathPart, ...]:
        """The field path of the first problem."""
        return self.problems[0].path

    @property
    def line(self) -> int | None:
        """The line of the first problem, when known."""
        return self.problems[0].line

    @property
    def column(self) -> int | None:
        """The column of the first problem, when known."""
        return self.problems[0].column

    @property
    def expected(self) -> str | None:
        """What the first problem expected, when known."""
        return self.problems[0].expected

    def with_file(self, file: str | None, problems: Iterable[Problem] | None = None) -> ValidationError:
        """Return a copy of this error (same class) that names ``file``.

        Args:
            file: The file name to report.
            problems: Replacement problems (e.g. with line and column added).
        """
        new = type(self).__new__(type(self))
        ValidationError.__init__(new, self.problems if problems is None else problems, file=file)
        return new

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_validation_error, (type(self), self.problems, self.file))

    def __str__(self) -> str:
        count = len(self.problems)
        head = f"{self.file}: " if self.file else ""
        noun = "problem" if count == 1 else "problems"
        lines = [f"{head}{count} {noun} found"]
        for problem in self.problems:
            # file:line:column, as compilers print it; other locations after the file's name.
            text = str(problem)
            if self.file and problem.location is not None:
                text = f"{self.file}{':' if problem.location.in_text else ': '}{text}"
            lines.append(f"  {text}")
        return "\n".join(lines)


MAX_PROBLEMS = 1_000
"""A ValidationError lists at most this many problems; a last one says how many more there were."""


def _capped(problems: tuple[Problem, ...]) -> tuple[Problem, ...]:
    if len(problems) <= MAX_PROBLEMS:
        return problems
    more = len(problems) - MAX_PROBLEMS + 1
    last = Problem(
        message=f"and {more:,} more problems like these", expected="fewer mistakes in one document"
    )
    return (*problems[: MAX_PROBLEMS - 1], last)


def _rebuild_validation_error(
    cls: type[ValidationError], problems: tuple[Problem, ...], file: str | None
) -> ValidationError:
    error = cls.__new__(cls)
    ValidationError.__init__(error, problems, file=file)
    return error


class FieldTypeError(ValidationError, TypeError):
    """A model object was given a value of the wrong type for a field.

    It is a :class:`ValidationError` (its problem names the field) and a
    :class:`TypeError`, as passing the wrong type to a constructor is.

    .. versionadded:: 0.1.0
    """


class FrameworkIntegrityError(ValidationError):
    """A framework breaks a structural rule (numbering, pairing, stage order).

    .. versionadded:: 0.1.0
    """


class UnknownIdError(MatFrameworkError, KeyError):
    """An identifier that the framework (or a result made from it) does not have.

    It is a :class:`KeyError` (and so a :class:`LookupError`), as a look-up in
    a mapping would raise.

    Attributes:
        id: The identifier that was asked for.
        kind: What sort of identifier it is (``"element"``, ``"criterion"``).
        suggestions: The nearest valid identifiers, closest first.
        within: Where it was looked for, in words (``"this framework"``,
            ``"this organisation"``).

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       ``within``.
    """

    def __init__(
        self,
        id: str,  # noqa: A002
        *,
        kind: str,
        suggestions: Sequence[str] = (),
        within: str = "this framework",
    ) -> None:
        self.id = id
        self.kind = kind
        self.suggestions = tuple(suggestions)
        self.within = within
        super().__init__(id, kind, self.suggestions)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_unknown_id, (type(self), self.id, self.kind, self.suggestions, self.within))

    def __str__(self) -> str:
        text = f"no {self.kind} {self.id!r} in {self.within}"
        if self.suggestions:
            text += "; did you mean " + ", ".join(repr(s) for s in self.suggestions) + "?"
        return text


def _rebuild_unknown_id(
    cls: type[UnknownIdError],
    id_: str,
    kind: str,
    suggestions: tuple[str, ...],
    within: str = "this framework",
) -> UnknownIdError:
    return cls(id_, kind=kind, suggestions=suggestions, within=within)


class UnknownElementError(UnknownIdError):
    """An element code (such as ``"3B"``) that the framework does not have.

    .. versionadded:: 0.1.0
    """


class UnknownCriterionError(UnknownIdError):
    """A criterion id (such as ``"3B.iv"``) that the framework does not have.

    .. versionadded:: 0.1.0
    """


class IncomparableError(MatFrameworkError, ValueError):
    """Two assessments are of different frameworks or subjects and were not meant to be compared.

    .. versionadded:: 0.1.0
    """


class FileError(MatFrameworkError, OSError):
    """A file could not be read or written; the message names it and says why.

    Attributes:
        filename: The path, as given.

    .. versionadded:: 0.1.0
    """

    def __init__(self, filename: str, message: str) -> None:
        super().__init__(message)
        self.filename = filename
        self.message = message

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.filename, self.message))

    def __str__(self) -> str:
        return self.message


class UnknownFrameworkError(MatFrameworkError, LookupError):
    """An assessment rates a framework that was not passed and is not bundled; the message says to pass it.

    .. versionadded:: 0.1.0
    """


class MissingDependencyError(MatFrameworkError, ImportError):
    """A feature needs an optional dependency that is not installed; the message names the extra.

    .. versionadded:: 0.1.0
    """


SHOWN = 60
"""The most characters of a value an error message quotes; the rest is counted, never printed."""


def shown(value: object, limit: int = SHOWN) -> str:
    """A value as an error message quotes it: its ``repr``, cut to ``limit`` characters with the length said.

    A message never prints a whole file that was read as one text value.

    Example:
        >>> shown("Amber")
        "'Amber'"
        >>> shown("x" * 5000)
        "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…' (5,000 characters)"

    .. versionadded:: 0.2.0
    """
    text = repr(value)
    if len(text) <= limit + 2:
        return text
    size = f"{len(value):,} characters" if isinstance(value, str) else f"{len(text):,} characters written out"
    return f"{text[: limit + 1]}…{text[-1]} ({size})"
