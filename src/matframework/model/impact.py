"""Interventions and the evidence of their impact: :class:`Intervention`, :class:`Scores`, :class:`ImpactCheck`.

An intervention is something a school or the trust tries in order to improve
(a reading programme, a coaching model). The MAT improvement framework's tips
for assessing impact become a checklist on each intervention
(:class:`ImpactCheck`), and the pupils' assessment scores at the start and end
(:class:`Scores`) feed :func:`matframework.effect_size`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from matframework.errors import Problem, ValidationError
from matframework.model._checks import (
    constraint,
    meets,
    numbers,
    optional,
    optional_number,
    optional_text,
    optional_whole,
    text,
    texts,
    tuple_of,
)
from matframework.model._display import attach
from matframework.model.improvement import ImprovementFramework, ReviewStatus

__all__ = ["ImpactCheck", "Intervention", "Scores"]


def __dir__() -> list[str]:
    return __all__


_SCORE = constraint(finite=True, expected="a finite number", message="{value!r} is not a score")


@attrs.frozen(kw_only=True)
class Scores:
    """A group's assessment results at the start and end of an intervention.

    Give either the raw scores (``start`` and ``end``, one pair per pupil, in
    the same order) or summary statistics (``n``, ``start_mean``,
    ``start_sd``, ``end_mean``, ``end_sd``, and ``gain_sd`` if the standard
    deviation of the pupils' gains is known). Attendance (per cent) at the
    start and end may be added to either.

    Example:
        >>> s = Scores(start=(10, 12, 14), end=(13, 14, 18))
        >>> s.count, s.raw
        (3, True)
        >>> Scores(n=30, start_mean=50.0, start_sd=10.0, end_mean=56.0, end_sd=11.0).raw
        False

    .. versionadded:: 0.1.0
    """

    start: tuple[float, ...] = attrs.field(default=(), validator=[numbers, meets], metadata=_SCORE)
    end: tuple[float, ...] = attrs.field(default=(), validator=[numbers, meets], metadata=_SCORE)
    n: int | None = attrs.field(
        default=None, validator=[optional_whole, meets], metadata=constraint(minimum=0, expected="0 or more")
    )
    start_mean: float | None = attrs.field(default=None, validator=[optional_number, meets], metadata=_SCORE)
    start_sd: float | None = attrs.field(default=None, validator=[optional_number, meets], metadata=_SCORE)
    end_mean: float | None = attrs.field(default=None, validator=[optional_number, meets], metadata=_SCORE)
    end_sd: float | None = attrs.field(default=None, validator=[optional_number, meets], metadata=_SCORE)
    gain_sd: float | None = attrs.field(default=None, validator=[optional_number, meets], metadata=_SCORE)
    attendance_start: float | None = attrs.field(
        default=None, validator=[optional_number, meets], metadata=_SCORE
    )
    attendance_end: float | None = attrs.field(
        default=None, validator=[optional_number, meets], metadata=_SCORE
    )

    def __attrs_post_init__(self) -> None:
        summary = (self.n, self.start_mean, self.start_sd, self.end_mean, self.end_sd)
        problems: list[Problem] = []
        if self.start or self.end:
            if any(v is not None for v in (*summary, self.gain_sd)):
                problems.append(
                    Problem(message="give raw scores or summary statistics, not both", expected="one of them")
                )
            if len(self.start) != len(self.end):
                problems.append(
                    Problem(
                        path=("end",),
                        message=f"{len(self.start)} start scores but {len(self.end)} end scores",
                        expected="a start and an end score for every pupil",
                    )
                )
        elif any(v is None for v in summary):
            names = ("n", "start_mean", "start_sd", "end_mean", "end_sd")
            problems.extend(
                Problem(path=(name,), message="is required for summary statistics", expected="a number")
                for name, value in zip(names, summary, strict=True)
                if value is None
            )
        if problems:
            raise ValidationError(problems)

    @property
    def raw(self) -> bool:
        """Whether the pupils' raw scores are given (rather than summary statistics)."""
        return bool(self.start)

    @property
    def count(self) -> int:
        """How many pupils."""
        return len(self.start) if self.raw else (self.n or 0)


@attrs.frozen(kw_only=True)
class ImpactCheck:
    """How far one of the article's impact tips has been followed for an intervention.

    Attributes:
        tip: The tip's key (the ``key`` of one of ``ImprovementFramework.impact_tips``).
        status: Yes, partly or no; ``None`` until considered.
        evidence: What shows it.

    Example:
        >>> ImpactCheck(tip="feedback", status=ReviewStatus.YES, evidence="Pupil survey, July").status.value
        'yes'

    .. versionadded:: 0.1.0
    """

    tip: str = attrs.field(validator=text)
    status: ReviewStatus | None = attrs.field(default=None, validator=optional(ReviewStatus))
    evidence: str | None = attrs.field(default=None, validator=optional_text)


@attrs.frozen(kw_only=True)
class Intervention:
    """An intervention a trust or school runs, and the evidence of its impact.

    Attributes:
        title: What it is called.
        schools: The schools taking part.
        elements: Codes of the framework elements it serves (e.g. ``"3B"``).
        intended_outcome: What it should achieve.
        monitoring: How its delivery is monitored.
        starts_on: When it starts.
        ends_on: When it ends.
        cost: What it costs in total (in pounds).
        pupils_reached: How many pupils it reaches.
        checklist: The impact-evaluation checklist, one item per tip.
        scores: The intervention group's start and end results.
        comparison: A comparison group's results, when there is one.

    Example:
        >>> from matframework import improvement_framework
        >>> i = Intervention.planned(improvement_framework(), title="Reading for pleasure", elements=("3A",))
        >>> [c.tip for c in i.checklist][:2], i.open_checks()[0].tip
        (['outcome-and-monitoring', 'feedback'], 'outcome-and-monitoring')

    .. versionadded:: 0.1.0
    """

    title: str = attrs.field(validator=text)
    schools: tuple[str, ...] = attrs.field(default=(), validator=texts)
    elements: tuple[str, ...] = attrs.field(default=(), validator=texts)
    intended_outcome: str | None = attrs.field(default=None, validator=optional_text)
    monitoring: str | None = attrs.field(default=None, validator=optional_text)
    starts_on: dt.date | None = attrs.field(default=None, validator=optional(dt.date))
    ends_on: dt.date | None = attrs.field(default=None, validator=optional(dt.date))
    cost: float | None = attrs.field(
        default=None,
        validator=[optional_number, meets],
        metadata=constraint(
            finite=True,
            minimum=0,
            expected="0 or more (a finite number)",
            message="a cost cannot be negative",
        ),
    )
    pupils_reached: int | None = attrs.field(
        default=None,
        validator=[optional_whole, meets],
        metadata=constraint(minimum=0, expected="0 or more"),
    )
    checklist: tuple[ImpactCheck, ...] = attrs.field(
        default=(),
        validator=tuple_of(ImpactCheck),
    )
    scores: Scores | None = attrs.field(default=None, validator=optional(Scores))
    comparison: Scores | None = attrs.field(default=None, validator=optional(Scores))

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            problems.append(
                Problem(
                    path=("ends_on",),
                    message="the intervention ends before it starts",
                    expected="a later date",
                )
            )
        tips = [c.tip for c in self.checklist]
        problems.extend(
            Problem(path=("checklist", index, "tip"), message=f"tip {tip!r} is listed twice")
            for index, tip in enumerate(tips)
            if tip in tips[:index]
        )
        if problems:
            raise ValidationError(problems)

    @classmethod
    def planned(cls, reference: ImprovementFramework, *, title: str, **fields: Any) -> Intervention:
        """Return an intervention with an empty checklist item for every impact tip of ``reference``.

        Args:
            reference: The :class:`~matframework.ImprovementFramework` whose tips to use.
            title: The intervention's title.
            **fields: Any other fields.
        """
        return cls(
            title=title, checklist=tuple(ImpactCheck(tip=t.key) for t in reference.impact_tips), **fields
        )

    def check(self, tip: str) -> ImpactCheck | None:
        """Return the checklist item for ``tip``, if there is one."""
        return next((c for c in self.checklist if c.tip == tip), None)

    def open_checks(self) -> tuple[ImpactCheck, ...]:
        """The checklist items not yet fully met (status other than yes)."""
        return tuple(c for c in self.checklist if c.status is not ReviewStatus.YES)


attach(ImpactCheck, Intervention, Scores)  # the notebook display hook (matframework.views.notebook)
