"""The one configured :mod:`cattrs` converter that turns documents into objects and back.

Tools that embed matframework can use :data:`~matframework.converter` as it is, make a fresh
one with :func:`make_converter`, or add matframework's hooks to a converter of
their own with :func:`configure_converter`.

The converter is strict where cattrs is forgiving by default: text must be
text (``yes``, ``1`` or a list is not silently turned into ``"True"``,
``"1"`` or ``"[…]"``), whole numbers must be whole numbers, lists must be
lists, and unknown keys are errors that name the key. Failures come out as a
:class:`~matframework.ValidationError` that lists every problem with its
field path (see :func:`structure`).
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import sys
from collections.abc import Callable, Iterator, Mapping
from types import UnionType
from typing import Any, Generic, TypeVar, Union, cast, get_args, get_origin

import attrs
import cattrs
from cattrs.cols import homogenous_tuple_structure_factory, is_sequence, list_structure_factory
from cattrs.errors import (
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn

if sys.version_info >= (3, 11):  # pragma: no cover - depends on the interpreter
    from builtins import BaseExceptionGroup
else:  # pragma: no cover - depends on the interpreter
    from exceptiongroup import BaseExceptionGroup

from matframework.documents.registry import document_type
from matframework.errors import FrameworkIntegrityError, PathPart, Problem, ValidationError, shown
from matframework.model._checks import implied_field
from matframework.model.assessment import (
    Assessment,
    CriterionLean,
    CriterionNote,
    ElementRating,
)
from matframework.model.evidence import Lean
from matframework.model.framework import Criterion, Element
from matframework.model.rating import Rating

__all__ = [
    "configure_converter",
    "converter",
    "describe",
    "make_converter",
    "structure",
    "unstructure",
]


def __dir__() -> list[str]:
    return __all__


T = TypeVar("T")


def describe(value: object) -> str:  # noqa: PLR0911 - one return per kind of value
    """Name the kind of a document value the way error messages do.

    Example:
        >>> describe(True), describe(3), describe([1]), describe({"a": 1}), describe(None)
        ('true/false (True)', 'a number (3)', 'a list', 'a mapping', 'nothing (null)')

    .. versionadded:: 0.1.0
    """
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"true/false ({value})"
    if isinstance(value, int | float):
        return f"a number ({value})"
    if isinstance(value, str):
        return f"text ({shown(value)})"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, Mapping):
        return "a mapping"
    return f"a {type(value).__name__}"


def _is_mapping(value: object) -> bool:
    return type(value) is dict or isinstance(value, Mapping)  # the exact test first: ABC checks are slow


def _structure_str(value: object, _type: object) -> str:
    if isinstance(value, str):
        return value
    msg = f"expected text, got {describe(value)}"
    raise TypeError(msg)


def _structure_int(value: object, _type: object) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    msg = f"expected a whole number, got {describe(value)}"
    raise TypeError(msg)


def _structure_float(value: object, _type: object) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    msg = f"expected a number, got {describe(value)}"
    raise TypeError(msg)


def _structure_bool(value: object, _type: object) -> bool:
    if isinstance(value, bool):
        return value
    msg = f"expected true or false, got {describe(value)}"
    raise TypeError(msg)


def _structure_rating(value: object, _type: object) -> Rating:
    if isinstance(value, Rating):
        return value
    if not isinstance(value, str):
        msg = (
            f"expected a rating label, got {describe(value)}; use one of {', '.join(r.label for r in Rating)}"
        )
        raise TypeError(msg)
    return Rating.from_label(value)


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _structure_date(value: object, _type: object) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError as exc:
            msg = f"{shown(value)} is not a date: {exc}"
            raise ValueError(msg) from None
    msg = f"expected a date like 2026-10-01, got {describe(value)}"
    raise TypeError(msg)


def _is_model_enum(type_: Any) -> bool:
    return isinstance(type_, type) and issubclass(type_, enum.Enum) and type_.__module__.startswith(_MODEL)


def _is_model_class(type_: Any) -> bool:
    return attrs.has(type_) and type_.__module__.startswith(_MODEL)


def _enum_value(member: enum.Enum) -> Any:
    return member.value


_MODEL = "matframework.model."


def _enum_hook(enum_type: type[enum.Enum]) -> Callable[[object, object], enum.Enum]:
    choices = ", ".join(str(member.value) for member in enum_type)
    what = re.sub(r"(?<!^)(?=[A-Z])", " ", enum_type.__name__).lower()

    def structure_enum(value: object, _type: object) -> enum.Enum:
        if isinstance(value, enum_type):
            return value
        if isinstance(value, str):
            try:
                return enum_type(value)
            except ValueError:
                pass
        article = "an" if what[0] in "aeiou" else "a"
        msg = f"{shown(value)} is not {article} {what}; use one of {choices}"
        raise ValueError(msg)

    return structure_enum


def _sequence_factory(type_: Any, conv: cattrs.BaseConverter) -> Callable[[Any, Any], Any]:
    inner = (
        homogenous_tuple_structure_factory(type_, conv)
        if get_origin(type_) is tuple
        else list_structure_factory(type_, conv)
    )

    def structure_sequence(value: Any, cls: Any) -> Any:
        if not isinstance(value, list | tuple):
            msg = f"expected a list, got {describe(value)}"
            raise TypeError(msg)
        return inner(value, cls)

    return structure_sequence


def _is_optional(type_: Any) -> bool:
    args = get_args(type_)
    return get_origin(type_) in (Union, UnionType) and len(args) == 2 and type(None) in args  # noqa: PLR2004


def _optional_factory(type_: Any, conv: cattrs.BaseConverter) -> Callable[[Any, Any], Any]:
    """``X | None``: look the hook for ``X`` up once, not on every value as cattrs does."""
    inner_type = next(arg for arg in get_args(type_) if arg is not type(None))
    inner = conv.get_structure_hook(inner_type)

    def structure_optional(value: Any, _type: Any) -> Any:
        return None if value is None else inner(value, inner_type)

    return structure_optional


def _attrs_factory(cls: Any, conv: cattrs.BaseConverter) -> Callable[[Any, Any], Any]:
    inner = make_dict_structure_fn(cls, conv)
    return _require_mapping(inner)


def _require_mapping(inner: Callable[[Any, Any], T]) -> Callable[[Any, Any], T]:
    def structure_mapping(value: Any, cls: Any) -> T:
        if not _is_mapping(value):
            msg = f"expected a mapping of keys to values, got {describe(value)}"
            raise TypeError(msg)
        return inner(value, cls)

    return structure_mapping


def _on_first_use(
    conv: cattrs.Converter,
    cls: type[Any],
    *,
    structure: Callable[[], Callable[[Any, Any], Any]] | None = None,
    unstructure: Callable[[], Callable[[Any], Any]] | None = None,
) -> None:
    """Register hooks for ``cls`` that are generated the first time the converter meets ``cls``.

    cattrs caches what a factory returns, so each hook is made once per converter, and
    importing the converter generates none.
    """
    if structure is not None:
        make_in = structure
        conv.register_structure_hook_factory(lambda type_: type_ is cls, lambda _type: make_in())
    if unstructure is not None:
        make_out = unstructure
        conv.register_unstructure_hook_factory(lambda type_: type_ is cls, lambda _type: make_out())


def _element_hooks(conv: cattrs.Converter) -> None:
    """Criteria sit inside their element in documents, so their ``element_code`` is implied there."""
    _on_first_use(
        conv,
        Element,
        structure=lambda: _element_structure(conv),
        unstructure=lambda: _element_unstructure(conv),
    )


def _element_structure(conv: cattrs.Converter) -> Callable[[Any, Any], Element]:
    element_in = make_dict_structure_fn(Element, conv)
    implied = implied_field(Criterion) or "element_code"

    def structure_element(value: Any, cls: Any) -> Element:
        if not _is_mapping(value):
            msg = f"expected a mapping of keys to values, got {describe(value)}"
            raise TypeError(msg)
        criteria = value.get("criteria")
        if isinstance(criteria, list | tuple):
            stated = [i for i, c in enumerate(criteria) if isinstance(c, Mapping) and implied in c]
            if stated:
                raise ValidationError(
                    Problem(
                        path=("criteria", i, implied),
                        message=f"unknown key {implied!r}",
                        expected=f"no {implied}: criteria take the code of the element they sit in",
                    )
                    for i in stated
                )
            code = value.get("code")
            given = code if isinstance(code, str) else ""
            value = {
                **value,
                "criteria": [{**c, implied: given} if isinstance(c, Mapping) else c for c in criteria],
            }
        return element_in(value, cls)

    return structure_element


def _element_unstructure(conv: cattrs.Converter) -> Callable[[Element], dict[str, Any]]:
    element_out = make_dict_unstructure_fn(Element, conv)
    implied = implied_field(Criterion) or "element_code"

    def unstructure_element(element: Element) -> dict[str, Any]:
        data = element_out(element)
        for criterion in data["criteria"]:
            del criterion[implied]
        return data

    return unstructure_element


def _omit_defaults(cls: type[T], conv: cattrs.Converter, **overrides: Any) -> Callable[[T], dict[str, Any]]:
    """Unstructure ``cls`` leaving out fields at their defaults, keys in field order."""
    inner = make_dict_unstructure_fn(cls, conv, _cattrs_omit_if_default=True, **overrides)
    order = [field.name for field in attrs.fields(cast("Any", cls))]

    def unstructure_in_order(obj: T) -> dict[str, Any]:
        data = inner(obj)
        return {name: data[name] for name in order if name in data}

    return unstructure_in_order


@attrs.frozen
class _Keyed(Generic[T]):
    """Hooks for a tuple of ``cls`` written as a mapping from each item's ``key`` to the rest of it."""

    cls: type[T]
    item_in: Callable[[Any, Any], T]
    item_out: Callable[[T], dict[str, Any]]
    key: str
    what: str

    def structure(self, value: Any, _type: Any) -> tuple[T, ...]:
        if not _is_mapping(value):
            msg = f"expected a mapping of {self.what}, got {describe(value)}"
            raise TypeError(msg)
        items: list[T] = []
        problems: list[Problem] = []
        for name, body in value.items():
            if not isinstance(name, str):
                problems.append(
                    Problem(path=(name,), message=f"expected text as the key, got {describe(name)}")
                )
                continue
            try:
                items.append(self._item(name, body))
            except Exception as exc:  # noqa: BLE001 - every failure becomes a listed problem
                problems.extend(_problems(exc, (name,)))
        if problems:
            raise ValidationError(problems)
        return tuple(items)

    def _item(self, name: str, body: Any) -> T:
        fields = {} if body is None else body
        if not _is_mapping(fields):
            msg = f"expected a mapping of keys to values, got {describe(fields)}"
            raise TypeError(msg)
        if self.key in fields:
            raise ForbiddenExtraKeysError("", self.cls, {self.key})
        return self.item_in({**fields, self.key: name}, self.cls)

    def unstructure(self, items: tuple[T, ...]) -> dict[str, Any]:
        out = {}
        for item in items:
            data = self.item_out(item)
            out[data.pop(self.key)] = data
        return out


_LEANS = {lean.value: lean for lean in Lean}


def _structure_leans(value: Any, _type: Any) -> tuple[CriterionLean, ...]:
    """Leans are written as a mapping from criterion numeral to where it leans (``ii: closer to green``)."""
    if not _is_mapping(value):
        msg = f"expected a mapping from criterion numeral to where it leans, got {describe(value)}"
        raise TypeError(msg)
    labels = ", ".join(_LEANS)
    problems = [
        Problem(path=(numeral,), message=f"{shown(lean)} is not a lean; use one of {labels}", expected=labels)
        for numeral, lean in value.items()
        if not isinstance(lean, str) or lean not in _LEANS
    ]
    problems += [
        Problem(path=(numeral,), message=f"expected a criterion numeral, got {describe(numeral)}")
        for numeral in value
        if not isinstance(numeral, str)
    ]
    if problems:
        raise ValidationError(problems)
    return tuple(CriterionLean(numeral=numeral, lean=_LEANS[lean]) for numeral, lean in value.items())


def _unstructure_leans(leans: tuple[CriterionLean, ...]) -> dict[str, str]:
    """The mapping that _structure_leans reads."""
    return {lean.numeral: lean.lean.value for lean in leans}


def _assessment_hooks(conv: cattrs.Converter) -> None:
    """Ratings are written as a mapping from element code; notes as a mapping from numeral."""

    def structure_notes(value: Any, _type: Any) -> tuple[CriterionNote, ...]:
        if not _is_mapping(value):
            msg = f"expected a mapping from criterion numeral to note, got {describe(value)}"
            raise TypeError(msg)
        problems = [
            Problem(path=(numeral,), message=f"expected text, got {describe(text)}")
            for numeral, text in value.items()
            if not isinstance(numeral, str) or not isinstance(text, str)
        ]
        if problems:
            raise ValidationError(problems)
        return tuple(CriterionNote(numeral=numeral, text=text) for numeral, text in value.items())

    def unstructure_notes(notes: tuple[CriterionNote, ...]) -> dict[str, str]:
        return {note.numeral: note.text for note in notes}

    def element_in() -> Callable[[Any, Any], ElementRating]:
        return make_dict_structure_fn(
            ElementRating,
            conv,
            notes=cattrs.override(struct_hook=structure_notes),
            leans=cattrs.override(struct_hook=_structure_leans),
        )

    def element_out() -> Callable[[ElementRating], dict[str, Any]]:
        return _omit_defaults(
            ElementRating,
            conv,
            notes=cattrs.override(unstruct_hook=unstructure_notes, omit_if_default=True),
            leans=cattrs.override(unstruct_hook=_unstructure_leans, omit_if_default=True),
        )

    def ratings() -> _Keyed[ElementRating]:
        key = implied_field(ElementRating) or "code"
        return _Keyed(ElementRating, element_in(), element_out(), key, "element codes to ratings")

    def assessment_in() -> Callable[[Any, Any], Assessment]:
        keyed = cattrs.override(struct_hook=ratings().structure)
        return _require_mapping(make_dict_structure_fn(Assessment, conv, ratings=keyed))

    def assessment_out() -> Callable[[Assessment], dict[str, Any]]:
        kept = document_type(Assessment).always_written
        hooks = {name: cattrs.override(omit_if_default=False) for name in kept}
        hooks["ratings"] = cattrs.override(
            unstruct_hook=ratings().unstructure, omit_if_default="ratings" not in kept
        )
        return _omit_defaults(Assessment, conv, **hooks)

    _on_first_use(
        conv, ElementRating, structure=lambda: _require_mapping(element_in()), unstructure=element_out
    )
    _on_first_use(conv, Assessment, structure=assessment_in, unstructure=assessment_out)


def configure_converter(conv: cattrs.Converter) -> None:
    """Install matframework's hooks on ``conv``.

    After this, ``conv`` structures and unstructures every matframework
    document type strictly: no silent coercion, unknown keys rejected,
    ratings written as their labels and read forgivingly in case, spaces and
    hyphens.

    Args:
        conv: A :class:`cattrs.Converter` made with ``forbid_extra_keys=True``
            and ``detailed_validation=True`` (as :func:`make_converter` does).

    Example:
        >>> import cattrs
        >>> conv = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
        >>> configure_converter(conv)
        >>> conv.structure("AMBER-RED", Rating)
        <Rating.AMBER_RED: 'Amber Red'>

    .. versionadded:: 0.1.0
    """
    for type_, hook in (
        (str, _structure_str),
        (int, _structure_int),
        (float, _structure_float),
        (bool, _structure_bool),
    ):
        conv.register_structure_hook(type_, hook)
    conv.register_structure_hook_factory(is_sequence, _sequence_factory)
    conv.register_structure_hook_factory(_is_optional, _optional_factory)
    conv.register_structure_hook_factory(attrs.has, _attrs_factory)
    # Every enum of the model is written as its value and read strictly; the rating (a label
    # read forgivingly) has hooks of its own, which cattrs prefers over factories.
    conv.register_structure_hook_factory(_is_model_enum, _enum_hook)
    conv.register_unstructure_hook_factory(_is_model_enum, lambda _type: _enum_value)
    conv.register_structure_hook(Rating, _structure_rating)
    conv.register_unstructure_hook(Rating, lambda rating: rating.label)
    conv.register_structure_hook(dt.date, _structure_date)
    conv.register_unstructure_hook(dt.date, lambda day: day.isoformat())
    # Model classes leave out fields at their defaults; analysis results keep every field.
    conv.register_unstructure_hook_factory(_is_model_class, lambda cls: _omit_defaults(cls, conv))
    _assessment_hooks(conv)
    _element_hooks(conv)


def make_converter(**kwargs: Any) -> cattrs.Converter:
    """Return a new converter configured for matframework documents.

    Args:
        **kwargs: Passed on to :class:`cattrs.Converter`;
            ``forbid_extra_keys`` and ``detailed_validation`` default to
            ``True``.

    Example:
        >>> conv = make_converter()
        >>> conv.structure("amber green", Rating)
        <Rating.AMBER_GREEN: 'Amber Green'>
        >>> conv.unstructure(Rating.AMBER_RED)
        'Amber Red'

    .. versionadded:: 0.1.0
    """
    kwargs.setdefault("forbid_extra_keys", True)
    kwargs.setdefault("detailed_validation", True)
    conv = cattrs.Converter(**kwargs)
    configure_converter(conv)
    return conv


converter: cattrs.Converter = make_converter()
"""The converter matframework itself uses.

Treat it as read-only; make your own with :func:`make_converter`.
"""


def structure(data: Any, cls: type[T], *, conv: cattrs.Converter | None = None) -> T:
    """Turn plain data (as read from YAML or JSON) into ``cls``, or say everything that is wrong.

    Args:
        data: Plain data: dicts, lists, text, numbers.
        cls: The class to make, e.g. :class:`~matframework.Framework`.
        conv: The converter to use; :data:`~matframework.converter` by default.

    Returns:
        The object.

    Raises:
        ValidationError: Listing every problem with its field path.

    Example:
        >>> from matframework import ScaleLevel
        >>> structure({"rating": "amber", "described": "no"}, ScaleLevel)
        Traceback (most recent call last):
        ...
        matframework.errors.ValidationError: 4 problems found
          rating: 'amber' is not a rating; use one of Red, Amber Red, Amber Green, Green
          described: expected true or false, got text ('no')
          colour: is required
          short: is required

    .. versionadded:: 0.1.0
    """
    try:
        return (conv or converter).structure(data, cls)
    except ValidationError:
        raise
    except Exception as exc:  # noqa: BLE001 - every failure becomes a listed problem
        problems = list(_problems(exc, ()))
        leaves = list(_leaves(exc))
        kind = (
            FrameworkIntegrityError
            if all(isinstance(e, FrameworkIntegrityError) for e in leaves)
            else ValidationError
        )
        raise kind(problems) from None


def unstructure(obj: Any, *, conv: cattrs.Converter | None = None) -> Any:
    """Turn a matframework object into plain data ready for YAML or JSON.

    .. versionadded:: 0.1.0
    """
    return (conv or converter).unstructure(obj)


def _leaves(exc: BaseException) -> Iterator[BaseException]:
    """Yield the exceptions at the ends of a cattrs error tree."""
    if isinstance(exc, BaseExceptionGroup):
        for sub in exc.exceptions:
            yield from _leaves(sub)
    else:
        yield exc


def _problems(exc: BaseException, path: tuple[PathPart, ...]) -> Iterator[Problem]:
    """Flatten a cattrs error tree into problems with field paths."""
    if isinstance(exc, ClassValidationError | IterableValidationError):
        with_notes, without_notes = exc.group_exceptions()
        for sub, note in with_notes:
            part: PathPart = note.index if isinstance(note, IterableValidationNote) else note.name
            yield from _problems(sub, (*path, part))
        for sub in without_notes:
            yield from _problems(sub, path)
    elif isinstance(exc, ForbiddenExtraKeysError):
        implied = implied_field(exc.cl)
        allowed = ", ".join(a.name for a in attrs.fields(exc.cl) if a.name != implied)
        for key in sorted(exc.extra_fields, key=str):
            yield Problem(path=(*path, key), message=f"unknown key {key!r}", expected=f"one of {allowed}")
    elif isinstance(exc, KeyError) and path:
        yield Problem(path=path, message="is required")
    elif isinstance(exc, ValidationError):
        for problem in exc.problems:
            yield attrs.evolve(problem, path=(*path, *problem.path))
    else:
        yield Problem(path=path, message=str(exc))
