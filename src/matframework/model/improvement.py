"""The MAT improvement framework: drivers, improvement modes, practice areas and the review checklist.

:class:`ImprovementFramework` holds the article's content in its own words:
the three drivers of improvement (top-down, bottom-up, peer-to-peer), the
example vision priorities, the practice areas a trust might standardise,
align or leave to school autonomy, the tips for assessing impact, the four
domains of professional development and the checklist for reviewing the
framework.

The article insists that its table is "only a guide": a trust's leaders
should agree which practices fit which column. :class:`ModeClassification`
records those agreed decisions, and :class:`FrameworkReview` a trust's
answers to the checklist.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
from typing import Any

import attrs

from matframework.errors import Problem, UnknownIdError, ValidationError
from matframework.model._checks import instance, optional, optional_text, text, texts, tuple_of
from matframework.model._display import attach, repr_html
from matframework.model._lookup import nearest
from matframework.model.framework import Source
from matframework.model.rating import Rating

__all__ = [
    "Driver",
    "FrameworkReview",
    "ImpactTip",
    "ImprovementFramework",
    "ImprovementMode",
    "ModeClassification",
    "ModeDecision",
    "ModeDescription",
    "PracticeArea",
    "ReviewAnswer",
    "ReviewStatus",
    "Section",
]


def __dir__() -> list[str]:
    return __all__


def _tuple_of(cls: type[Any]) -> Any:
    return tuple_of(cls)


class ImprovementMode(enum.Enum):
    """How a trust treats a practice: standardised, aligned, or left to school autonomy.

    Example:
        >>> from matframework import improvement_framework
        >>> improvement_framework().mode(ImprovementMode.ALIGN).meaning
        'Work together to align their practice'

    .. versionadded:: 0.1.0
    """

    STANDARDISE = "standardise"
    ALIGN = "align"
    AUTONOMY = "autonomy"


@attrs.frozen(kw_only=True)
class Section:
    """A titled part of the article (the title may be absent) and its paragraphs.

    .. versionadded:: 0.1.0
    """

    title: str | None = attrs.field(validator=optional_text)
    paragraphs: tuple[str, ...] = attrs.field(validator=texts)


@attrs.frozen(kw_only=True)
class Driver:
    """One of the three drivers of improvement: top-down, bottom-up or peer-to-peer.

    Attributes:
        key: ``"top-down"``, ``"bottom-up"`` or ``"peer-to-peer"`` (matframework's keys).
        summary: The article's one-line description.
        heading: The heading of the article's section on it.
        sections: That section's parts.

    Example:
        >>> from matframework import improvement_framework
        >>> improvement_framework().drivers[2].heading
        'Peer-to-peer improvement: enabling your schools to learn from each other'

    .. versionadded:: 0.1.0
    """

    key: str = attrs.field(validator=text)
    summary: str = attrs.field(validator=text)
    heading: str = attrs.field(validator=text)
    sections: tuple[Section, ...] = attrs.field(validator=_tuple_of(Section))


@attrs.frozen(kw_only=True)
class ModeDescription:
    """What the article says a mode means, and the heading of its column in the table.

    .. versionadded:: 0.1.0
    """

    key: ImprovementMode = attrs.field(validator=instance(ImprovementMode))
    meaning: str = attrs.field(validator=text)
    column: str = attrs.field(validator=text)


@attrs.frozen(kw_only=True)
class PracticeArea:
    """An area of practice from the article's table, with the column it stands in.

    Example:
        >>> from matframework import improvement_framework
        >>> improvement_framework().practice_areas[10]
        PracticeArea(area='Agreeing age-related expectations', mode=<ImprovementMode.ALIGN: 'align'>)

    .. versionadded:: 0.1.0
    """

    area: str = attrs.field(validator=text)
    mode: ImprovementMode = attrs.field(validator=instance(ImprovementMode))


@attrs.frozen(kw_only=True)
class ImpactTip:
    """One of the article's tips for assessing the impact of an intervention.

    Attributes:
        key: matframework's short name for the tip, used by intervention checklists.
        text: The tip in the article's words.

    Example:
        >>> from matframework import improvement_framework
        >>> improvement_framework().impact_tips[5]
        ImpactTip(key='value-for-money', text='Consider whether it is good value for money')

    .. versionadded:: 0.1.0
    """

    key: str = attrs.field(validator=text)
    text: str = attrs.field(validator=text)


@attrs.frozen(kw_only=True, repr=False)
class ImprovementFramework:
    """The MAT improvement framework article's content, in its order and wording.

    Example:
        >>> from matframework import improvement_framework
        >>> imp = improvement_framework()
        >>> [d.key for d in imp.drivers]
        ['top-down', 'bottom-up', 'peer-to-peer']
        >>> len(imp.practice_areas), len(imp.impact_tips), len(imp.pd_domains), len(imp.review_checklist)
        (25, 7, 4, 6)
        >>> imp.area("Safeguarding procedures").mode
        <ImprovementMode.STANDARDISE: 'standardise'>

    .. versionadded:: 0.1.0
    """

    id: str = attrs.field(validator=text)
    title: str = attrs.field(validator=text)
    version: str = attrs.field(validator=text)
    source: Source = attrs.field(validator=instance(Source))
    additions: tuple[str, ...] = attrs.field(default=(), validator=texts)
    introduction: tuple[str, ...] = attrs.field(default=(), validator=texts)
    drivers_intro: str = attrs.field(validator=text)
    drivers: tuple[Driver, ...] = attrs.field(validator=_tuple_of(Driver))
    vision_priorities: tuple[str, ...] = attrs.field(validator=texts)
    modes: tuple[ModeDescription, ...] = attrs.field(validator=_tuple_of(ModeDescription))
    practice_areas: tuple[PracticeArea, ...] = attrs.field(validator=_tuple_of(PracticeArea))
    impact_tips: tuple[ImpactTip, ...] = attrs.field(validator=_tuple_of(ImpactTip))
    pd_domains: tuple[str, ...] = attrs.field(validator=texts)
    review_checklist_title: str = attrs.field(validator=text)
    review_checklist_intro: str = attrs.field(validator=text)
    review_checklist: tuple[str, ...] = attrs.field(validator=texts)

    _repr_html_ = repr_html

    def __repr__(self) -> str:
        return (
            f"<ImprovementFramework {self.id!r} version {self.version!r}: {len(self.drivers)} drivers, "
            f"{len(self.practice_areas)} practice areas, {len(self.impact_tips)} impact tips>"
        )

    @functools.cached_property
    def _areas(self) -> dict[str, PracticeArea]:
        return {a.area: a for a in self.practice_areas}

    def area(self, name: str) -> PracticeArea:
        """Return the practice area called ``name``.

        Raises:
            UnknownIdError: The table has no such area; the nearest are suggested.
        """
        found = self._areas.get(name)
        if found is None:
            raise UnknownIdError(name, kind="practice area", suggestions=nearest(name, list(self._areas)))
        return found

    def reference_mode(self, area: str) -> ImprovementMode | None:
        """Return the column of the article's table that ``area`` stands in (``None`` if not in it)."""
        found = self._areas.get(area)
        return found.mode if found else None

    def mode(self, key: ImprovementMode) -> ModeDescription:
        """Return the article's description of mode ``key``.

        Raises:
            UnknownIdError: This framework describes no such mode (a ``KeyError`` too).
        """
        for description in self.modes:
            if description.key is key:
                return description
        raise UnknownIdError(
            str(getattr(key, "value", key)),
            kind="improvement mode",
            suggestions=[m.key.value for m in self.modes],
        )

    def areas_in(self, mode: ImprovementMode) -> tuple[PracticeArea, ...]:
        """Return the table's areas in the column of ``mode``, in order."""
        return tuple(a for a in self.practice_areas if a.mode is mode)

    @property
    def reference(self) -> ModeClassification:
        """The article's table as a classification (a guide, not a decision)."""
        return ModeClassification(
            owner=self.title,
            decisions=tuple(ModeDecision(area=a.area, mode=a.mode) for a in self.practice_areas),
        )


@attrs.frozen(kw_only=True)
class ModeDecision:
    """A trust's agreed mode for one practice area.

    Attributes:
        area: The practice area (one from the article's table, or the trust's own).
        mode: Standardise, align or autonomy; ``None`` while undecided.
        rationale: Why, as agreed.
        agreed_on: When it was agreed.
        review_on: When it is to be reviewed.

    Example:
        >>> import datetime
        >>> ModeDecision(area="Reports to parents", mode=ImprovementMode.ALIGN, agreed_on=datetime.date(2026, 9, 1)).mode
        <ImprovementMode.ALIGN: 'align'>

    .. versionadded:: 0.1.0
    """

    area: str = attrs.field(validator=text)
    mode: ImprovementMode | None = attrs.field(default=None, validator=optional(ImprovementMode))
    rationale: str | None = attrs.field(default=None, validator=optional_text)
    agreed_on: dt.date | None = attrs.field(default=None, validator=optional(dt.date))
    review_on: dt.date | None = attrs.field(default=None, validator=optional(dt.date))


@attrs.frozen(kw_only=True)
class ModeClassification:
    """A trust's own agreed columns: which practices it standardises, aligns or leaves to schools.

    Example:
        >>> from matframework import improvement_framework
        >>> imp = improvement_framework()
        >>> ours = ModeClassification(owner="Oak Valley Learning Trust (fictional)", decisions=(
        ...     ModeDecision(area="Reports to parents", mode=ImprovementMode.ALIGN),
        ...     ModeDecision(area="Trust-wide reading programme", mode=ImprovementMode.STANDARDISE),
        ... ))
        >>> [(d.area, d.mode.value, r.value) for d, r in ours.differences(imp)]
        [('Reports to parents', 'align', 'standardise')]
        >>> len(ours.undecided(imp)), ours.own_areas(imp)
        (24, ('Trust-wide reading programme',))

    .. versionadded:: 0.1.0
    """

    owner: str = attrs.field(validator=text)
    decisions: tuple[ModeDecision, ...] = attrs.field(default=(), validator=_tuple_of(ModeDecision))

    def __attrs_post_init__(self) -> None:
        seen: set[str] = set()
        problems = []
        for index, decision in enumerate(self.decisions):
            if decision.area in seen:
                problems.append(
                    Problem(path=("decisions", index, "area"), message=f"{decision.area!r} is decided twice")
                )
            seen.add(decision.area)
        if problems:
            raise ValidationError(problems)

    def decision(self, area: str) -> ModeDecision | None:
        """Return the decision on ``area``, or ``None`` if the area is not listed."""
        return next((d for d in self.decisions if d.area == area), None)

    def undecided(self, reference: ImprovementFramework) -> tuple[str, ...]:
        """The areas (the article's and the trust's own) without an agreed mode, in order."""
        listed = {d.area: d for d in self.decisions}
        from_table = [
            a.area
            for a in reference.practice_areas
            if listed.get(a.area) is None or listed[a.area].mode is None
        ]
        own = [d.area for d in self.decisions if d.mode is None and reference.reference_mode(d.area) is None]
        return tuple(from_table + own)

    def differences(
        self, reference: ImprovementFramework
    ) -> tuple[tuple[ModeDecision, ImprovementMode], ...]:
        """The decisions that differ from the article's table, each with the table's mode."""
        found = []
        for decision in self.decisions:
            table = reference.reference_mode(decision.area)
            if decision.mode is not None and table is not None and table is not decision.mode:
                found.append((decision, table))
        return tuple(found)

    def own_areas(self, reference: ImprovementFramework) -> tuple[str, ...]:
        """The areas the trust added that are not in the article's table."""
        return tuple(d.area for d in self.decisions if reference.reference_mode(d.area) is None)


class ReviewStatus(enum.Enum):
    """How far a checklist question is met: yes, partly or no.

    (Answers may instead carry a :class:`~matframework.Rating`.)

    Example:
        >>> ReviewStatus("partly")
        <ReviewStatus.PARTLY: 'partly'>

    .. versionadded:: 0.1.0
    """

    YES = "yes"
    PARTLY = "partly"
    NO = "no"


@attrs.frozen(kw_only=True)
class ReviewAnswer:
    """A trust's answer to one question of the review checklist.

    Attributes:
        question: The question, in the article's words.
        response: The trust's answer.
        evidence: What supports it.
        status: Yes, partly or no (or leave it out and use ``rating``).
        rating: A RAG rating instead of a yes/partly/no status.

    Example:
        >>> ReviewAnswer(question="How far…?", status=ReviewStatus.PARTLY, evidence="Minutes of June board").status
        <ReviewStatus.PARTLY: 'partly'>

    .. versionadded:: 0.1.0
    """

    question: str = attrs.field(validator=text)
    response: str | None = attrs.field(default=None, validator=optional_text)
    evidence: str | None = attrs.field(default=None, validator=optional_text)
    status: ReviewStatus | None = attrs.field(default=None, validator=optional(ReviewStatus))
    rating: Rating | None = attrs.field(default=None, validator=optional(Rating))

    def __attrs_post_init__(self) -> None:
        if self.status is not None and self.rating is not None:
            raise ValidationError(
                [
                    Problem(
                        path=("rating",),
                        message="give a status or a rating, not both",
                        expected="one of them",
                    )
                ]
            )


@attrs.frozen(kw_only=True)
class FrameworkReview:
    """A trust's answers to the article's checklist for reviewing its improvement framework.

    Example:
        >>> from matframework import improvement_framework
        >>> review = FrameworkReview.blank(improvement_framework(), owner="Oak Valley Learning Trust (fictional)")
        >>> len(review.answers), review.unanswered() == review.answers
        (6, True)

    .. versionadded:: 0.1.0
    """

    owner: str = attrs.field(validator=text)
    reviewed_on: dt.date | None = attrs.field(default=None, validator=optional(dt.date))
    answers: tuple[ReviewAnswer, ...] = attrs.field(default=(), validator=_tuple_of(ReviewAnswer))

    @classmethod
    def blank(cls, reference: ImprovementFramework, *, owner: str) -> FrameworkReview:
        """Return a review with every checklist question and no answers yet."""
        return cls(owner=owner, answers=tuple(ReviewAnswer(question=q) for q in reference.review_checklist))

    def unanswered(self) -> tuple[ReviewAnswer, ...]:
        """The answers with neither a status nor a rating yet."""
        return tuple(a for a in self.answers if a.status is None and a.rating is None)


attach(
    Driver, FrameworkReview, ImpactTip, ModeClassification, ModeDecision, PracticeArea, ReviewAnswer
)  # the notebook display hook (matframework.views.notebook)
