"""Hypothesis strategies for matframework's model classes, one per class."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from matframework import (
    Assessment,
    Criterion,
    CriterionNote,
    Element,
    ElementRating,
    Framework,
    FrameworkRef,
    Heading,
    Rating,
    RatingScale,
    ScaleLevel,
    Source,
    Stage,
    Status,
    Subject,
    SubjectKind,
)
from matframework.framework import roman

# Text that survives YAML and JSON: any printable characters, never blank.
text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\u2028\u2029\x85"),
    min_size=1,
    max_size=40,
).filter(lambda s: s.strip() != "")

ratings = st.sampled_from(Rating)
colours = st.from_regex(r"#[0-9a-f]{6}", fullmatch=True)


@st.composite
def scale_levels(draw: st.DrawFn, rating: Rating) -> ScaleLevel:
    return ScaleLevel(
        rating=rating,
        meaning=draw(st.none() | text),
        described=draw(st.booleans()),
        colour=draw(colours),
        short=draw(text),
    )


@st.composite
def rating_scales(draw: st.DrawFn) -> RatingScale:
    return RatingScale(levels=tuple(draw(scale_levels(rating)) for rating in Rating))


@st.composite
def criteria_lists(draw: st.DrawFn, code: str) -> tuple[Criterion, ...]:
    count = draw(st.integers(min_value=1, max_value=8))
    starts = draw(st.integers(min_value=0, max_value=count))
    return tuple(
        Criterion(
            element_code=code,
            numeral=roman(n),
            stage=Stage.START if n <= starts else Stage.ADDITIONAL,
            question=draw(text),
            red=draw(text),
            green=draw(text),
        )
        for n in range(1, count + 1)
    )


@st.composite
def elements(draw: st.DrawFn, code: str = "1A") -> Element:
    return Element(
        code=code,
        title=draw(text),
        focus_areas=tuple(draw(st.lists(text, max_size=4))),
        criteria=draw(criteria_lists(code)),
    )


@st.composite
def headings(draw: st.DrawFn, number: int = 1) -> Heading:
    letters = draw(st.lists(st.sampled_from("ABCDEFGH"), min_size=1, max_size=4, unique=True).map(sorted))
    return Heading(
        number=number,
        title=draw(text),
        elements=tuple(draw(elements(f"{number}{letter}")) for letter in letters),
    )


@st.composite
def sources(draw: st.DrawFn) -> Source:
    return Source(
        title=draw(text),
        attribution=draw(text),
        publisher=draw(st.none() | text),
        url=draw(st.none() | text),
        licence=draw(st.none() | text),
        notes=tuple(draw(st.lists(text, max_size=3))),
    )


@st.composite
def frameworks(draw: st.DrawFn) -> Framework:
    count = draw(st.integers(min_value=1, max_value=4))
    return Framework(
        id=draw(text),
        title=draw(text),
        version=draw(text),
        source=draw(sources()),
        scale=draw(rating_scales()),
        headings=tuple(draw(headings(n)) for n in range(1, count + 1)),
        description=tuple(draw(st.lists(text, max_size=2))),
        guidance=tuple(draw(st.lists(text, max_size=2))),
        additions=tuple(draw(st.lists(text, max_size=2))),
    )


# Assessments ---------------------------------------------------------------------------------

codes = st.from_regex(r"[1-9][A-F]", fullmatch=True)
dates = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 12, 31))


@st.composite
def subjects(draw: st.DrawFn) -> Subject:
    return Subject(
        name=draw(text),
        kind=draw(st.sampled_from(SubjectKind)),
        urn=draw(st.none() | st.from_regex(r"[0-9]{6,7}", fullmatch=True)),
        ukprn=draw(st.none() | st.from_regex(r"[0-9]{8}", fullmatch=True)),
        trust_reference=draw(st.none() | text),
    )


@st.composite
def element_ratings(draw: st.DrawFn, code: str, *, final: bool = False) -> ElementRating:
    not_applicable = (
        draw(st.none() | text) if not final else draw(st.sampled_from([None, None, "Does not apply"]))
    )
    rating = None if not_applicable is not None else draw(ratings if final else st.none() | ratings)
    numerals = draw(st.lists(st.sampled_from(["i", "ii", "iii", "iv", "v", "vi"]), unique=True, max_size=3))
    return ElementRating(
        code=code,
        rating=rating,
        target=draw(st.none() | ratings),
        evidence=draw(st.none() | text),
        notes=tuple(CriterionNote(numeral=n, text=draw(text)) for n in numerals),
        next_steps=tuple(draw(st.lists(text, max_size=3))),
        not_applicable=not_applicable,
    )


@st.composite
def assessments(draw: st.DrawFn) -> Assessment:
    final = draw(st.booleans())
    element_codes = draw(st.lists(codes, unique=True, max_size=6))
    return Assessment(
        subject=draw(subjects()),
        framework=FrameworkRef(id=draw(text), version=draw(text)),
        assessed_on=draw(dates) if final else draw(st.none() | dates),
        round=draw(st.none() | text),
        raters=tuple(draw(st.lists(text, max_size=3))),
        status=Status.FINAL if final else Status.DRAFT,
        ratings=tuple(draw(element_ratings(code, final=final)) for code in element_codes),
    )
