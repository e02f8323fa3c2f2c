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
from matframework.errors import FieldTypeError, ValidationError, shown
from matframework.model._checks import (
    Constraint,
    constraint,
    instance,
    meets,
    optional,
    optional_text,
    text,
    texts,
    tuple_of,
)

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
    try:
        check(Holder(), FIELD, value)
    except FieldTypeError as error:
        refused: FieldTypeError | None = error
    else:
        refused = None
    if refused is None:
        return True
    assert isinstance(refused, TypeError)
    assert isinstance(refused, ValidationError)
    (problem,) = refused.problems
    assert ("name",) == problem.path
    assert problem.message.startswith("must be ")
    assert shown(value) in problem.message  # the value, cut to 60 characters if longer
    return False


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
    with pytest.raises(TypeError, match=r"\n  rating: must be a Rating or None, got 'Green' \(str\)$"):
        ElementRating(code="1A", rating="Green")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"\n  kind: must be a SubjectKind, got 'trust' \(str\)$"):
        Subject(name="Oak", kind="trust")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"\n  next_steps: must be a tuple of text, got \['x'\] \(list\)$"):
        ElementRating(code="1A", next_steps=["x"])  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"\n  question: must be text, got None \(NoneType\)$"):
        Criterion(element_code="1A", numeral="i", stage=Stage.START, question=None, red="r", green="g")  # type: ignore[arg-type]
    assert SubjectKind.TRUST == Subject(name="Oak", kind=SubjectKind.TRUST).kind


class TestConstraints:
    @given(st.text(max_size=10))
    def test_pattern_is_a_full_match(self, value: str) -> None:
        """A pattern constraint refuses exactly the text that does not match it whole."""
        import re  # noqa: PLC0415 - only here

        rule = Constraint(pattern="[0-9]{8}", expected="eight digits")
        assert rule.refuses(value) == (re.fullmatch("[0-9]{8}", value) is None)

    @given(st.one_of(st.integers(-5, 5), st.floats(allow_nan=True, allow_infinity=True)))
    def test_minimum_and_finite(self, value: float) -> None:
        """A minimum refuses smaller numbers; finite refuses NaN and infinities."""
        import math  # noqa: PLC0415 - only here

        rule = Constraint(minimum=0, finite=True, expected="0 or more")
        assert rule.refuses(value) == (not math.isfinite(value) or value < 0)

    def test_meets_names_the_field_and_item(self) -> None:
        """The validator reads the field's metadata and names the field (and the item of a tuple)."""

        @attrs.define
        class Numbers:
            values: tuple[int, ...] = attrs.field(
                validator=meets, metadata=constraint(minimum=1, expected="1 or more")
            )

        with pytest.raises(ValidationError) as info:
            Numbers(values=(1, 0))
        assert [(("values", 1), "must be 1 or more, got 0")] == [
            (p.path, p.message) for p in info.value.problems
        ]

    def test_none_and_other_types_pass(self) -> None:
        """Optionality and types are the type checks' business, not the constraint's."""
        rule = Constraint(pattern="x", minimum=1, expected="x")
        assert not rule.refuses(None)
        assert not rule.refuses(Rating.RED)


@given(st.text(max_size=200) | st.lists(st.integers(), max_size=40))
def test_a_value_is_shown_whole_or_cut_with_its_length(value: object) -> None:
    """An error quotes a value whole up to 60 characters of its repr; a longer one is cut and its length said."""
    text = shown(value)
    if len(repr(value)) <= 62:  # the 60 characters and the two quotes or brackets
        assert repr(value) == text
    else:
        assert text.startswith(repr(value)[:61])
        assert "…" in text
        assert text.endswith(("characters)", "written out)"))
        assert len(text) < 100
