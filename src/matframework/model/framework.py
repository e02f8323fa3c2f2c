"""The framework itself: :class:`Framework`, :class:`Heading`, :class:`Element`, :class:`Criterion`.

A framework has numbered headings; each heading holds elements coded by
heading number and letter (``"3B"``); each element has focus areas and
criteria numbered with lower-case roman numerals. A criterion pairs a
question with what Red (weak) and Green (strong) capacity look like, and is
either one of the questions to start with or an additional one.

Objects are immutable. A :class:`Framework` checks its own structure when it
is made and raises :class:`~matframework.FrameworkIntegrityError` listing
every rule it breaks, so a framework that exists is a well-formed one.
"""

from __future__ import annotations

import enum
import functools
import re
from collections.abc import Iterator

import attrs

from matframework.errors import (
    FrameworkIntegrityError,
    PathPart,
    Problem,
    UnknownCriterionError,
    UnknownElementError,
    UnknownIdError,
    ValidationError,
)
from matframework.model._checks import implied, instance, optional_text, text, texts, tuple_of
from matframework.model._display import attach, repr_html
from matframework.model._lookup import nearest
from matframework.model.rating import RatingScale

__all__ = ["Criterion", "Element", "Framework", "Heading", "Source", "Stage", "roman"]


def __dir__() -> list[str]:
    return __all__


_ELEMENT_CODE = re.compile(r"([1-9][0-9]*)([A-Z])")
_ROMAN = (
    (1000, "m"),
    (900, "cm"),
    (500, "d"),
    (400, "cd"),
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
)


def roman(number: int) -> str:
    """Return ``number`` as a lower-case roman numeral, as the framework numbers criteria.

    Example:
        >>> [roman(n) for n in (1, 4, 6, 9, 14)]
        ['i', 'iv', 'vi', 'ix', 'xiv']

    .. versionadded:: 0.1.0
    """
    if number < 1:
        raise ValidationError(
            [Problem(message=f"roman numerals start at 1, got {number}", expected="1 or more")]
        )
    text = ""
    for value, letters in _ROMAN:
        count, number = divmod(number, value)
        text += letters * count
    return text


class Stage(enum.Enum):
    """Whether a criterion's question is one to start with or an additional one.

    Example:
        >>> Stage.START.label
        'Questions to start with'

    .. versionadded:: 0.1.0
    """

    START = "start"
    ADDITIONAL = "additional"

    @property
    def label(self) -> str:
        """The heading the framework prints above questions of this stage."""
        return "Questions to start with" if self is Stage.START else "Additional questions"


@attrs.frozen(kw_only=True)
class Criterion:
    """A numbered question with what Red (weak) and Green (strong) look like.

    Attributes:
        element_code: The code of the element it belongs to, e.g. ``"1A"``.
        numeral: Its lower-case roman numeral, ``"i"`` to ``"vi"`` in the
            bundled framework.
        stage: :attr:`~matframework.Stage.START` or :attr:`~matframework.Stage.ADDITIONAL`.
        question: The question to consider.
        red: What Red (weak) capacity looks like.
        green: What Green (strong) capacity looks like.

    Example:
        >>> from matframework import assurance_framework
        >>> c = assurance_framework().criterion("1A.iii")
        >>> c.id, c.stage
        ('1A.iii', <Stage.START: 'start'>)

    .. versionadded:: 0.1.0
    """

    element_code: str = attrs.field(validator=text, metadata=implied(by="the element it sits in"))
    numeral: str = attrs.field(validator=text)
    stage: Stage = attrs.field(validator=instance(Stage))
    question: str = attrs.field(validator=text)
    red: str = attrs.field(validator=text)
    green: str = attrs.field(validator=text)

    @property
    def id(self) -> str:
        """The stable identifier made of the element code and numeral, such as ``"1A.iii"``."""
        return f"{self.element_code}.{self.numeral}"


@attrs.frozen(kw_only=True)
class Element:
    """One of the framework's elements, such as 3B *Leadership of teaching*.

    Attributes:
        code: Heading number and letter, e.g. ``"3B"``.
        title: The element's title.
        focus_areas: The focus areas listed under the title.
        criteria: The numbered criteria, questions to start with first.

    Example:
        >>> from matframework import assurance_framework
        >>> element = assurance_framework().element("3B")
        >>> element.title
        'Leadership of teaching'
        >>> [c.numeral for c in element.criteria_at(Stage.ADDITIONAL)]
        ['iv', 'v', 'vi']

    .. versionadded:: 0.1.0
    """

    code: str = attrs.field(validator=text)
    title: str = attrs.field(validator=text)
    focus_areas: tuple[str, ...] = attrs.field(validator=texts)
    criteria: tuple[Criterion, ...] = attrs.field(
        validator=tuple_of(Criterion),
        repr=lambda criteria: f"<{len(criteria)} criteria>",
    )

    _repr_html_ = repr_html

    @property
    def heading_number(self) -> int:
        """The number of the heading the code places it under (``3`` for ``"3B"``)."""
        match = _ELEMENT_CODE.fullmatch(self.code)
        if match is None:
            message = f"element code {self.code!r} does not start with a heading number"
            raise ValidationError([Problem(path=("code",), message=message, expected="a code like 3B")])
        return int(match.group(1))

    def criterion(self, numeral: str) -> Criterion:
        """Return the criterion numbered ``numeral`` (``"iv"``).

        Raises:
            UnknownCriterionError: There is no such numeral; the message lists
                the nearest ones.
        """
        for criterion in self.criteria:
            if criterion.numeral == numeral:
                return criterion
        numerals = [c.numeral for c in self.criteria]
        raise UnknownCriterionError(
            f"{self.code}.{numeral}",
            kind="criterion",
            suggestions=[f"{self.code}.{n}" for n in nearest(numeral.lower(), numerals)],
        )

    def criteria_at(self, stage: Stage) -> tuple[Criterion, ...]:
        """Return the criteria of one stage, in order."""
        return tuple(c for c in self.criteria if c.stage is stage)


@attrs.frozen(kw_only=True)
class Heading:
    """A numbered heading, such as 3 *Teaching and learning*, and its elements.

    Example:
        >>> from matframework import assurance_framework
        >>> heading = assurance_framework().heading(3)
        >>> heading.title, [e.code for e in heading.elements]
        ('Teaching and learning', ['3A', '3B', '3C'])

    .. versionadded:: 0.1.0
    """

    number: int = attrs.field(validator=instance(int))
    title: str = attrs.field(validator=text)
    elements: tuple[Element, ...] = attrs.field(
        validator=tuple_of(Element),
        repr=lambda elements: "(" + ", ".join(repr(e.code) for e in elements) + ")",
    )


@attrs.frozen(kw_only=True)
class Source:
    """Where a framework's wording comes from, and whose it is.

    Attributes:
        title: The title of the source document.
        attribution: Who wrote or developed it, in the source's own terms.
        publisher: Who published it, when the source says.
        url: Where it was published, when known.
        licence: The terms it is used under, when known.
        notes: Anything else a reader should know about the text.

    Example:
        >>> from matframework import assurance_framework
        >>> assurance_framework().source.title
        'MAT Assurance Framework'

    .. versionadded:: 0.1.0
    """

    title: str = attrs.field(validator=text)
    attribution: str = attrs.field(validator=text)
    publisher: str | None = attrs.field(default=None, validator=optional_text)
    url: str | None = attrs.field(default=None, validator=optional_text)
    licence: str | None = attrs.field(default=None, validator=optional_text)
    notes: tuple[str, ...] = attrs.field(default=(), validator=texts)


@attrs.frozen(kw_only=True, repr=False)
class Framework:
    """A whole framework: its headings, elements and criteria, its scale and its source.

    Attributes:
        id: A short identifier, e.g. ``"mat-assurance-framework"``.
        title: The framework's title.
        version: The version of the framework text (chosen by whoever bundles
            it; the source documents carry none).
        source: Where the wording comes from.
        scale: The four-point rating scale.
        headings: The numbered headings, in order.
        description: The source's introduction, one string per paragraph.
        guidance: The source's advice on using the framework, one string per
            paragraph.
        additions: What the bundler added of its own (identifiers, colours),
            so readers can tell it from the authors' text.

    Making a framework checks its structure; :class:`FrameworkIntegrityError`
    lists every broken rule.

    Example:
        >>> from matframework import assurance_framework
        >>> fw = assurance_framework()
        >>> len(fw.headings), len(fw.elements), len(fw.criteria)
        (6, 14, 76)
        >>> fw.element("2B").title
        'Recruiting, developing and retaining talent'

    .. versionadded:: 0.1.0
    """

    id: str = attrs.field(validator=text)
    title: str = attrs.field(validator=text)
    version: str = attrs.field(validator=text)
    source: Source = attrs.field(validator=instance(Source))
    scale: RatingScale = attrs.field(validator=instance(RatingScale))
    headings: tuple[Heading, ...] = attrs.field(validator=tuple_of(Heading))
    description: tuple[str, ...] = attrs.field(default=(), validator=texts)
    guidance: tuple[str, ...] = attrs.field(default=(), validator=texts)
    additions: tuple[str, ...] = attrs.field(default=(), validator=texts)

    _repr_html_ = repr_html

    def __attrs_post_init__(self) -> None:
        problems = list(_integrity_problems(self))
        if problems:
            raise FrameworkIntegrityError(problems)

    def __repr__(self) -> str:
        return (
            f"<Framework {self.id!r} version {self.version!r}: {len(self.headings)} headings, "
            f"{len(self.elements)} elements, {len(self.criteria)} criteria>"
        )

    @functools.cached_property
    def elements(self) -> tuple[Element, ...]:
        """Every element, in framework order."""
        return tuple(element for heading in self.headings for element in heading.elements)

    @functools.cached_property
    def criteria(self) -> tuple[Criterion, ...]:
        """Every criterion, in framework order."""
        return tuple(criterion for element in self.elements for criterion in element.criteria)

    @functools.cached_property
    def element_codes(self) -> tuple[str, ...]:
        """Every element code, in framework order."""
        return tuple(element.code for element in self.elements)

    @functools.cached_property
    def _elements_by_code(self) -> dict[str, Element]:
        return {element.code: element for element in self.elements}

    @functools.cached_property
    def _criteria_by_id(self) -> dict[str, Criterion]:
        return {criterion.id: criterion for criterion in self.criteria}

    def heading(self, number: int) -> Heading:
        """Return heading ``number`` (counted from 1).

        Raises:
            UnknownIdError: There is no such heading.
        """
        if type(number) is int and 1 <= number <= len(self.headings):
            return self.headings[number - 1]
        raise UnknownIdError(
            str(number), kind="heading", suggestions=[str(h.number) for h in self.headings][:3]
        )

    def element(self, code: str) -> Element:
        """Return the element with ``code``, e.g. ``"3B"``.

        Raises:
            UnknownElementError: No element has that code; the message lists
                the nearest codes.

        Example:
            >>> from matframework import assurance_framework
            >>> assurance_framework().element("7A")
            Traceback (most recent call last):
            ...
            matframework.errors.UnknownElementError: no element '7A' in this framework; did you mean '1A', '2A', '3A'?
        """
        found = self._elements_by_code.get(code)
        if found is None:
            raise UnknownElementError(
                code, kind="element", suggestions=nearest(str(code).upper(), self.element_codes)
            )
        return found

    def criterion(self, id: str) -> Criterion:  # noqa: A002 - "id" is the documented name
        """Return the criterion with ``id``, e.g. ``"3B.iv"``.

        Raises:
            UnknownCriterionError: No criterion has that id; the message lists
                the nearest ids.

        Example:
            >>> from matframework import assurance_framework
            >>> assurance_framework().criterion("3B.iv").question[:40]
            'Does the MAT enable leaders of teaching '
        """
        found = self._criteria_by_id.get(id)
        if found is None:
            code, _, numeral = str(id).partition(".")
            guess = f"{code.upper()}.{numeral.lower()}"
            element = self._elements_by_code.get(code.upper())
            candidates = [c.id for c in element.criteria] if element else list(self._criteria_by_id)
            raise UnknownCriterionError(id, kind="criterion", suggestions=nearest(guess, candidates))
        return found


def _blank(text: str) -> bool:
    return not text.strip()


def _integrity_problems(framework: Framework) -> Iterator[Problem]:
    """Yield every structural rule ``framework`` breaks, with its field path."""
    for name in ("id", "title", "version"):
        if _blank(getattr(framework, name)):
            yield Problem(path=(name,), message="must not be empty", expected="text")
    if not framework.headings:
        yield Problem(path=("headings",), message="a framework has at least one heading")
    seen_codes: set[str] = set()
    for h_index, heading in enumerate(framework.headings):
        yield from _heading_problems(heading, h_index, seen_codes)


def _heading_problems(heading: Heading, h_index: int, seen_codes: set[str]) -> Iterator[Problem]:
    h_path: tuple[PathPart, ...] = ("headings", h_index)
    if heading.number != h_index + 1:
        yield Problem(
            path=(*h_path, "number"),
            message=f"heading numbered {heading.number} is heading {h_index + 1}",
            expected=f"{h_index + 1} (headings are numbered from 1, in order)",
        )
    if _blank(heading.title):
        yield Problem(path=(*h_path, "title"), message="must not be empty", expected="text")
    if not heading.elements:
        yield Problem(path=(*h_path, "elements"), message="a heading has at least one element")
    previous_letter = ""
    for e_index, element in enumerate(heading.elements):
        e_path: tuple[PathPart, ...] = (*h_path, "elements", e_index)
        yield from _element_code_problems(element.code, heading.number, previous_letter, e_path)
        match = _ELEMENT_CODE.fullmatch(element.code)
        if match is not None:
            previous_letter = match.group(2)
        if element.code in seen_codes:
            yield Problem(
                path=(*e_path, "code"),
                message=f"element code {element.code!r} is used twice",
                expected="a code no other element has",
            )
        seen_codes.add(element.code)
        yield from _element_problems(element, e_path)


def _element_code_problems(
    code: str, heading_number: int, previous_letter: str, path: tuple[PathPart, ...]
) -> Iterator[Problem]:
    match = _ELEMENT_CODE.fullmatch(code)
    if match is None:
        yield Problem(
            path=(*path, "code"),
            message=f"{code!r} is not an element code",
            expected=f"the heading number and a capital letter, like '{heading_number}A'",
        )
    elif int(match.group(1)) != heading_number:
        yield Problem(
            path=(*path, "code"),
            message=f"element {code!r} is under heading {heading_number}",
            expected=f"a code that starts with {heading_number}, like '{heading_number}{match.group(2)}'",
        )
    elif match.group(2) < previous_letter:
        yield Problem(
            path=(*path, "code"),
            message=f"element {code!r} comes after {heading_number}{previous_letter}",
            expected="element letters in alphabetical order within a heading",
        )


def _element_problems(element: Element, path: tuple[PathPart, ...]) -> Iterator[Problem]:
    if _blank(element.title):
        yield Problem(path=(*path, "title"), message="must not be empty", expected="text")
    for f_index, area in enumerate(element.focus_areas):
        if _blank(area):
            yield Problem(path=(*path, "focus_areas", f_index), message="must not be empty", expected="text")
    if not element.criteria:
        yield Problem(path=(*path, "criteria"), message="an element has at least one criterion")
    seen_additional = False
    for c_index, criterion in enumerate(element.criteria):
        c_path: tuple[PathPart, ...] = (*path, "criteria", c_index)
        yield from _criterion_problems(criterion, element.code, c_index, c_path)
        if criterion.stage is Stage.ADDITIONAL:
            seen_additional = True
        elif seen_additional:
            yield Problem(
                path=(*c_path, "stage"),
                message=f"{criterion.id} is a question to start with after an additional one",
                expected="questions to start with before additional questions",
            )


def _criterion_problems(
    criterion: Criterion, code: str, index: int, path: tuple[PathPart, ...]
) -> Iterator[Problem]:
    expected_numeral = roman(index + 1)
    if criterion.numeral != expected_numeral:
        yield Problem(
            path=(*path, "numeral"),
            message=f"criterion {index + 1} of {code} is numbered {criterion.numeral!r}",
            expected=f"{expected_numeral!r} (numerals run i, ii, iii, … from the first criterion)",
        )
    if criterion.element_code != code:
        yield Problem(
            path=(*path, "element_code"),
            message=f"criterion of element {code} says it belongs to {criterion.element_code!r}",
            expected=repr(code),
        )
    for part in ("question", "red", "green"):
        if _blank(getattr(criterion, part)):
            yield Problem(
                path=(*path, part),
                message=f"criterion {code}.{criterion.numeral} has no {part} text",
                expected="a question, a Red and a Green descriptor for every criterion",
            )


attach(Criterion, Heading, Source)  # the notebook display hook (matframework.views.notebook)
