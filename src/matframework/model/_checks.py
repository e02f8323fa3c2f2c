"""Checks for the fields of the model's attrs classes, and the constraints declared on them.

The type checks do what ``attrs.validators.instance_of``, ``optional`` and
``deep_iterable`` do, in one plain function call per field instead of two or
three: objects are made by the thousand when documents are read, and the
checks were more than half the cost of making them. Each raises
:class:`~matframework.errors.FieldTypeError` (a ``ValidationError`` and a
``TypeError``) naming the field, what it expected and what it got.

Constraints beyond the type (a pattern, a minimum, a minimum length) are
declared once, in the field's ``metadata`` with :func:`constraint`; the
:func:`meets` validator applies them and the JSON Schema generator writes
them into the schema, so the two cannot drift apart. :func:`implied` marks a
field that documents leave out because the item's place gives it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import attrs

from matframework.errors import FieldTypeError, PathPart, Problem, ValidationError, shown

__all__ = [
    "Constraint",
    "constraint",
    "field_constraint",
    "implied",
    "implied_field",
    "instance",
    "meets",
    "number",
    "numbers",
    "optional",
    "optional_number",
    "optional_text",
    "optional_whole",
    "repeated_ids",
    "text",
    "texts",
    "tuple_of",
]

_KEY = "matframework"

T = TypeVar("T")
# The shape attrs gives its validators, so that type checkers still see each field's type.
Check = Callable[[Any, "attrs.Attribute[T]", object], None]


def _fail(attribute: attrs.Attribute[Any], value: object, expected: str) -> None:
    message = f"must be {expected}, got {shown(value)} ({type(value).__name__})"
    raise FieldTypeError([Problem(path=(attribute.name,), message=message, expected=expected)])


def text(_instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    """The value is text."""
    if not isinstance(value, str):
        _fail(attribute, value, "text")


def optional_text(_instance: object, attribute: attrs.Attribute[str | None], value: object) -> None:
    """The value is text or ``None``."""
    if value is not None and not isinstance(value, str):
        _fail(attribute, value, "text or None")


def texts(_instance: object, attribute: attrs.Attribute[tuple[str, ...]], value: object) -> None:
    """The value is a tuple of text."""
    if not isinstance(value, tuple) or (value and not all(isinstance(item, str) for item in value)):
        _fail(attribute, value, "a tuple of text")


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def number(_instance: object, attribute: attrs.Attribute[float], value: object) -> None:
    """The value is a number (not true/false)."""
    if not _is_number(value):
        _fail(attribute, value, "a number")


def optional_number(_instance: object, attribute: attrs.Attribute[float | None], value: object) -> None:
    """The value is a number (not true/false) or ``None``."""
    if value is not None and not _is_number(value):
        _fail(attribute, value, "a number or None")


def numbers(_instance: object, attribute: attrs.Attribute[tuple[float, ...]], value: object) -> None:
    """The value is a tuple of numbers (not true/false)."""
    if not isinstance(value, tuple):
        _fail(attribute, value, "a tuple of numbers")
        return
    for index, item in enumerate(value):
        if not _is_number(item):
            message = f"{item!r} is not a number"
            raise FieldTypeError(
                [Problem(path=(attribute.name, index), message=message, expected="a number")]
            )


def optional_whole(_instance: object, attribute: attrs.Attribute[int | None], value: object) -> None:
    """The value is a whole number (not true/false) or ``None``."""
    if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
        _fail(attribute, value, "a whole number or None")


def instance(cls: type[T]) -> Check[T]:
    """The value is an instance of ``cls``."""
    expected = f"a {cls.__name__}"

    def check(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, cls):
            _fail(attribute, value, expected)

    return check


def optional(cls: type[T]) -> Check[T | None]:
    """The value is an instance of ``cls`` or ``None``."""
    expected = f"a {cls.__name__} or None"

    def check(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None and not isinstance(value, cls):
            _fail(attribute, value, expected)

    return check


def tuple_of(cls: type[T]) -> Check[tuple[T, ...]]:
    """The value is a tuple whose items are all instances of ``cls``."""
    expected = f"a tuple of {cls.__name__}"

    def check(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, tuple) or (value and not all(isinstance(item, cls) for item in value)):
            _fail(attribute, value, expected)

    return check


@attrs.frozen(kw_only=True)
class Constraint:
    """What a field's value must be beyond its type, said once for the check and the schema.

    Attributes:
        expected: What is expected, in words ("eight digits").
        pattern: A regular expression the whole text must match.
        non_blank: The text must hold something other than white space.
        min_length: The fewest characters the text may have.
        minimum: The smallest number allowed.
        maximum: The largest number allowed.
        finite: Numbers must be finite (no NaN or infinity).
        message: The message of a refusal, when the default (``"must be {expected}, got {value!r}"``)
            reads badly; ``{value}`` and ``{expected}`` are filled in.
    """

    expected: str
    pattern: str | None = None
    non_blank: bool = False
    min_length: int | None = None
    minimum: float | None = None
    maximum: float | None = None
    finite: bool = False
    message: str | None = None

    @property
    def compiled(self) -> re.Pattern[str] | None:
        """The pattern, compiled (cached by :mod:`re`)."""
        return re.compile(self.pattern) if self.pattern is not None else None

    def refuses(self, value: object) -> bool:
        """Whether ``value`` breaks the constraint (``None`` never does: optionality is the type's business)."""
        if value is None:
            return False
        if isinstance(value, str):
            compiled = self.compiled
            return (
                (compiled is not None and compiled.fullmatch(value) is None)
                or (self.non_blank and not value.strip())
                or (self.min_length is not None and len(value) < self.min_length)
            )
        if isinstance(value, int | float) and not isinstance(value, bool):
            return (
                (self.finite and not math.isfinite(value))
                or (self.minimum is not None and value < self.minimum)
                or (self.maximum is not None and value > self.maximum)
            )
        return False


def constraint(**kwargs: Any) -> dict[str, Any]:
    """Return field metadata declaring a :class:`Constraint` (pass it as ``attrs.field(metadata=...)``)."""
    return {_KEY: Constraint(**kwargs)}


def implied(by: str) -> dict[str, Any]:
    """Return field metadata saying documents leave this field out: ``by`` says what gives it."""
    return {_KEY: by}


def field_constraint(attribute: attrs.Attribute[Any]) -> Constraint | None:
    """The constraint declared on ``attribute``, if any."""
    found = attribute.metadata.get(_KEY)
    return found if isinstance(found, Constraint) else None


def implied_field(cls: type[Any]) -> str | None:
    """The name of the field of ``cls`` that documents leave out (its place implies it), if any."""
    fields: tuple[attrs.Attribute[Any], ...] = attrs.fields(cls)
    for attribute in fields:
        if isinstance(attribute.metadata.get(_KEY), str):
            return attribute.name
    return None


def meets(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """The value meets the constraint declared in the field's metadata (after its type check)."""
    if value is None or value == ():  # nothing to refuse, and the commonest value by far
        return
    declared = field_constraint(attribute)
    if declared is None:  # pragma: no cover - a field using this check declares a constraint
        return
    items = value if isinstance(value, tuple) else (value,)
    for index, item in enumerate(items):
        if declared.refuses(item):
            path: tuple[str | int, ...] = (
                (attribute.name, index) if isinstance(value, tuple) else (attribute.name,)
            )
            message = (declared.message or "must be {expected}, got {value!r}").format(
                expected=declared.expected, value=item
            )
            raise ValidationError([Problem(path=path, message=message, expected=declared.expected)])


def repeated_ids(
    items: Iterable[Any], path: tuple[PathPart, ...], what: str, *, expected: str | None = None
) -> list[Problem]:
    """A problem for each item whose ``id`` an earlier item already has, at ``(*path, index, "id")``."""
    seen: set[str] = set()
    found = []
    for index, item in enumerate(items):
        if item.id in seen:
            found.append(
                Problem(
                    path=(*path, index, "id"),
                    message=f"{what} {item.id!r} is listed twice",
                    expected=expected,
                )
            )
        seen.add(item.id)
    return found
