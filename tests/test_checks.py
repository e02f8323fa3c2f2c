"""Tests of the field checks the model's classes use (matframework.model._checks)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from matframework import Criterion, ElementRating, Rating, Stage, Subject, SubjectKind
from matframework.model._checks import instance, optional, optional_text, text, texts, tuple_of

VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=5),
    st.lists(st.text(max_size=3), max_size=3).map(tuple),
    st.lists(st.integers(), min_size=1, max_size=3).map(tuple),
    st.sampled_from(Rating),
    st.dates(),
)


@attrs.define
class Holder:
    name: object = None


FIELD = attrs.fields(Holder).name


def accepts(check: Callable[[object, attrs.Attribute[Any], object], None], value: object) -> bool:
    """Whether ``check`` lets ``value`` through; a refusal must name the field and the value."""
    message = ""
    try:
        check(Holder(), FIELD, value)
    except TypeError as error:
        message = str(error)
    if message:
        assert message.startswith("name must be ")
        assert repr(value) in message
    return not message


def tuple_items(value: object) -> tuple[object, ...] | None:
    return value if isinstance(value, tuple) else None


@given(VALUES)
def test_each_check_accepts_exactly_its_type(value: object) -> None:
    """Every check agrees with the isinstance test it stands for, and names the field when it refuses."""
    items = tuple_items(value)
    assert accepts(text, value) == isinstance(value, str)
    assert accepts(optional_text, value) == (value is None or isinstance(value, str))
    assert accepts(texts, value) == (items is not None and all(isinstance(v, str) for v in items))
    assert accepts(instance(dt.date), value) == isinstance(value, dt.date)
    assert accepts(optional(Rating), value) == (value is None or isinstance(value, Rating))
    assert accepts(tuple_of(int), value) == (items is not None and all(isinstance(v, int) for v in items))


def test_messages_name_field_and_expectation() -> None:
    """The model's classes refuse wrong types with a message a reader can act on."""
    with pytest.raises(TypeError, match=r"^rating must be a Rating or None, got 'Green' \(str\)$"):
        ElementRating(code="1A", rating="Green")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"^kind must be a SubjectKind, got 'trust' \(str\)$"):
        Subject(name="Oak", kind="trust")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"^next_steps must be a tuple of text, got \['x'\] \(list\)$"):
        ElementRating(code="1A", next_steps=["x"])  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"^question must be text, got None \(NoneType\)$"):
        Criterion(element_code="1A", numeral="i", stage=Stage.START, question=None, red="r", green="g")  # type: ignore[arg-type]
    assert SubjectKind.TRUST == Subject(name="Oak", kind=SubjectKind.TRUST).kind
