"""Type checks for the fields of the model's attrs classes.

These do what ``attrs.validators.instance_of``, ``optional`` and
``deep_iterable`` do, in one plain function call per field instead of two or
three: objects are made by the thousand when documents are read, and the
checks were more than half the cost of making them. Each raises :class:`TypeError`
naming the field, what it expected and what it got.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import attrs

__all__ = ["instance", "optional", "optional_text", "text", "texts", "tuple_of"]

T = TypeVar("T")
# The shape attrs gives its validators, so that type checkers still see each field's type.
Check = Callable[[Any, "attrs.Attribute[T]", object], None]


def _fail(attribute: attrs.Attribute[Any], value: object, expected: str) -> None:
    msg = f"{attribute.name} must be {expected}, got {value!r} ({type(value).__name__})"
    raise TypeError(msg)


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
