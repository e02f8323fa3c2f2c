"""An evaluation plan, set down before an intervention starts: :class:`EvaluationPlan` and :class:`OutcomeMeasure`.

The MAT improvement framework points trusts to the Education Endowment
Foundation's DIY evaluation guide, whose steps come before any pupil is
taught: the question, the outcome measure, the design and who is allocated,
when the tests are sat, whether marking is blind, and which groups of pupils
to report. The groups come from the framework's element 1B.i, which asks
whether a trust understands "the full spectrum of needs of pupils in its
schools (i.e. SEND, pupil premium, low and high prior attainment and EAL
pupils)".

Words such as the design names are the EEF guide's; the enum values are ours.
"""

from __future__ import annotations

import datetime as dt
import enum
import itertools

import attrs

from matframework.errors import Problem, ValidationError
from matframework.model._checks import (
    constraint,
    instance,
    meets,
    optional,
    optional_number,
    optional_text,
    optional_whole,
    text,
    tuple_of,
)
from matframework.model._display import attach

__all__ = ["Allocation", "Design", "EvaluationPlan", "MeasureKind", "OutcomeMeasure", "PupilGroup"]


def __dir__() -> list[str]:
    return __all__


class Design(enum.Enum):
    """How the comparison is made.

    Example:
        >>> Design("matched comparison").has_comparison, Design.PRE_POST.has_comparison
        (True, False)

    .. versionadded:: 0.2.0
    """

    RANDOMISED = "randomised"
    MATCHED = "matched comparison"
    COMPARISON = "simple comparison"
    PRE_POST = "pre/post only"

    @property
    def has_comparison(self) -> bool:
        """Whether the design has a comparison group."""
        return self is not Design.PRE_POST


class Allocation(enum.Enum):
    """What is allocated to the intervention or the comparison: single pupils, whole classes or whole schools.

    Example:
        >>> Allocation("class").clustered
        True

    .. versionadded:: 0.2.0
    """

    PUPIL = "pupil"
    CLASS = "class"
    SCHOOL = "school"

    @property
    def clustered(self) -> bool:
        """Whether whole groups are allocated (so the design effect applies)."""
        return self is not Allocation.PUPIL


class MeasureKind(enum.Enum):
    """Where the outcome measure comes from.

    Example:
        >>> MeasureKind("own").label
        "the school's own"

    .. versionadded:: 0.2.0
    """

    NATIONAL = "national"
    STANDARDISED = "standardised"
    OWN = "own"

    @property
    def label(self) -> str:
        """The kind in words."""
        return {"national": "a national test", "standardised": "a standardised test"}.get(
            self.value, "the school's own"
        )


class PupilGroup(enum.Enum):
    """A group of pupils whose results are reported on their own (the groups named in element 1B.i).

    Example:
        >>> PupilGroup("pupil premium").name
        'PUPIL_PREMIUM'

    .. versionadded:: 0.2.0
    """

    SEND = "SEND"
    PUPIL_PREMIUM = "pupil premium"
    LOW_PRIOR_ATTAINMENT = "low prior attainment"
    HIGH_PRIOR_ATTAINMENT = "high prior attainment"
    EAL = "EAL"


@attrs.frozen(kw_only=True)
class OutcomeMeasure:
    """The test whose results show whether the intervention worked.

    Attributes:
        name: The test's name (``"NGRT Form B"``).
        kind: A national test, a standardised test, or the school's own.
        reliability: What is known of its reliability, in words.
        selected_by: The test used to choose the pupils, if they were chosen by a test. The EEF's
            guide asks for a different one: pupils picked for low scores on a test score higher
            on it next time whatever is done (regression to the mean).

    Example:
        >>> m = OutcomeMeasure(name="NGRT Form B", kind=MeasureKind.STANDARDISED, selected_by="NGRT Form A")
        >>> m.same_as_selection
        False

    .. versionadded:: 0.2.0
    """

    name: str = attrs.field(validator=text)
    kind: MeasureKind | None = attrs.field(default=None, validator=optional(MeasureKind))
    reliability: str | None = attrs.field(default=None, validator=optional_text)
    selected_by: str | None = attrs.field(default=None, validator=optional_text)

    @property
    def same_as_selection(self) -> bool:
        """Whether the pupils were chosen by the very test that measures the outcome."""
        return (
            self.selected_by is not None
            and self.selected_by.strip().casefold() == self.name.strip().casefold()
        )


_SHARE = constraint(finite=True, minimum=0, maximum=1, expected="a number from 0 to 1")


@attrs.frozen(kw_only=True)
class EvaluationPlan:
    """How an intervention's impact will be found out, set down before it starts.

    Attributes:
        question: The question the evaluation answers.
        outcome: The outcome measure.
        design: Randomised, matched comparison, simple comparison, or pre/post only.
        allocation: What is allocated: pupils (the default), classes or schools.
        pretest_on: When the pre-test is sat.
        posttest_on: When the post-test is sat.
        follow_up_on: When a follow-up test is sat, to see whether the effect lasts.
        blind_marking: Whether the markers do not know which pupils had the intervention.
        subgroups: The groups of pupils to report on their own.
        expected_effect: The effect hoped for (an effect size), to check the study can detect it.
        pretest_correlation: The expected correlation between pre-test and outcome, for the power
            calculation (0 if not known).
        icc: The intra-class correlation, when classes or schools are allocated.
        cluster_size: Pupils per class or school allocated.

    Example:
        >>> plan = EvaluationPlan(question="Does Read Together raise Year 7 reading scores?",
        ...     design=Design.MATCHED, subgroups=(PupilGroup.PUPIL_PREMIUM,),
        ...     pretest_on=dt.date(2026, 9, 14), posttest_on=dt.date(2027, 3, 22))
        >>> plan.allocation.value, [g.value for g in plan.subgroups]
        ('pupil', ['pupil premium'])

    .. versionadded:: 0.2.0
    """

    question: str = attrs.field(validator=text)
    outcome: OutcomeMeasure | None = attrs.field(default=None, validator=optional(OutcomeMeasure))
    design: Design | None = attrs.field(default=None, validator=optional(Design))
    allocation: Allocation = attrs.field(default=Allocation.PUPIL, validator=instance(Allocation))
    pretest_on: dt.date | None = attrs.field(default=None, validator=optional(dt.date))
    posttest_on: dt.date | None = attrs.field(default=None, validator=optional(dt.date))
    follow_up_on: dt.date | None = attrs.field(default=None, validator=optional(dt.date))
    blind_marking: bool | None = attrs.field(default=None, validator=optional(bool))
    subgroups: tuple[PupilGroup, ...] = attrs.field(default=(), validator=tuple_of(PupilGroup))
    expected_effect: float | None = attrs.field(
        default=None,
        validator=[optional_number, meets],
        metadata=constraint(finite=True, minimum=0, expected="an effect size above 0"),
    )
    pretest_correlation: float | None = attrs.field(
        default=None, validator=[optional_number, meets], metadata=_SHARE
    )
    icc: float | None = attrs.field(default=None, validator=[optional_number, meets], metadata=_SHARE)
    cluster_size: int | None = attrs.field(
        default=None, validator=[optional_whole, meets], metadata=constraint(minimum=1, expected="1 or more")
    )

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        dates = (
            ("pretest_on", self.pretest_on),
            ("posttest_on", self.posttest_on),
            ("follow_up_on", self.follow_up_on),
        )
        known = [(name, day) for name, day in dates if day is not None]
        problems.extend(
            Problem(
                path=(later[0],),
                message=f"{later[1].isoformat()} is not after {earlier[0]} ({earlier[1].isoformat()})",
                expected="the pre-test, post-test and follow-up in that order",
            )
            for earlier, later in itertools.pairwise(known)
            if later[1] <= earlier[1]
        )
        problems.extend(
            Problem(path=("subgroups", index), message=f"{group.value!r} is listed twice")
            for index, group in enumerate(self.subgroups)
            if group in self.subgroups[:index]
        )
        if self.expected_effect == 0:
            problems.append(
                Problem(
                    path=("expected_effect",),
                    message="no study can detect an effect of 0",
                    expected="an effect size above 0",
                )
            )
        if self.pretest_correlation == 1:
            problems.append(
                Problem(
                    path=("pretest_correlation",),
                    message="a correlation of 1 would leave nothing to explain",
                    expected="a number from 0 to below 1",
                )
            )
        if not self.allocation.clustered and (self.icc or (self.cluster_size or 1) > 1):
            problems.append(
                Problem(
                    path=("allocation",),
                    message="an ICC or cluster size is given but single pupils are allocated",
                    expected="allocation: class or school, or no ICC and cluster size",
                )
            )
        if problems:
            raise ValidationError(problems)


attach(EvaluationPlan, OutcomeMeasure)  # the notebook display hook (matframework.views.notebook)
