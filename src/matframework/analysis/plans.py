"""From diagnosis to plan and back: :func:`draft_plan`, :func:`review_plan` and :func:`plan_outcomes`.

:func:`draft_plan` proposes priorities from a profile (its priorities, its
gaps to target) and, given a comparison, the elements that went down; each
is marked as suggested until the trust confirms it. :func:`review_plan` says
what a plan lacks on a given day: overdue and unowned actions, priorities no
action serves, actions that serve no priority, more live priorities than "a
manageable set" (1B.ii), and Red elements no priority addresses.
:func:`plan_outcomes` closes the loop: for each priority, did its elements
move between two rounds?
"""

from __future__ import annotations

import datetime as dt

import attrs

from matframework.analysis.comparison import Comparison, Direction, Movement, compare
from matframework.analysis.profiles import Profile
from matframework.errors import Problem, ValidationError
from matframework.model._display import attach, repr_html
from matframework.model.assessment import Assessment
from matframework.model.framework import Framework
from matframework.model.plan import Action, ActionStatus, ImprovementPlan, Priority
from matframework.model.rating import Rating

__all__ = ["MANAGEABLE", "PlanReview", "PriorityOutcome", "draft_plan", "plan_outcomes", "review_plan"]


def __dir__() -> list[str]:
    return __all__


MANAGEABLE = 5
"""The most live priorities :func:`~matframework.review_plan` accepts by default (matframework's number for "a manageable set")."""


def draft_plan(
    profile: Profile,
    comparison: Comparison | None = None,
    *,
    owner: str = "",
    framework: Framework | None = None,
    based_on: str | None = None,
) -> ImprovementPlan:
    """Propose a plan's priorities from a profile (and the movement since the last round), each marked suggested.

    One priority per element that is a profile priority, has a gap to its
    target, or (with ``comparison``) went down; in framework order, with the
    reason in its rationale. The plan has no actions: people write those.

    Args:
        profile: The profile of the latest assessment.
        comparison: The comparison with the previous round, if any.
        owner: Whose plan it is.
        framework: The framework rated, for priority titles; codes only without it.
        based_on: The round the plan follows.

    Example:
        >>> from matframework import assurance_framework, compare, examples, profile
        >>> fw = assurance_framework()
        >>> before, after = examples.trust_assessments()[-2:]
        >>> plan = draft_plan(profile(after, framework=fw), compare(before, after), framework=fw)
        >>> [(p.id, p.title, p.suggested) for p in plan.priorities][:2]
        [('P1', '1B Understanding of needs', True), ('P2', '2A Building capacity for improvement', True)]

    .. versionadded:: 0.2.0
    """
    titles = {e.code: e.title for e in framework.elements} if framework is not None else {}
    declined = set(comparison.codes(Direction.DECLINED)) if comparison is not None else set()
    reasons: dict[str, list[str]] = {}
    for score in profile.elements:
        found = []
        if score.code in profile.priorities:
            found.append("a priority of the profile")
        if score.gap_to_target:
            found.append(
                f"{score.gap_to_target} step{'s' if score.gap_to_target != 1 else ''} below its target"
            )
        if score.code in declined:
            found.append("went down since the last round")
        if found:
            reasons[score.code] = found
    by_code = {score.code: score for score in profile.elements}
    priorities = tuple(
        Priority(
            id=f"P{number}",
            title=f"{code} {titles[code]}" if code in titles else code,
            elements=(code,),
            target=by_code[code].target,
            suggested=True,
            rationale="; ".join(reasons[code]).capitalize() + ".",
        )
        for number, code in enumerate(reasons, start=1)
    )
    return ImprovementPlan(owner=owner, based_on=based_on, priorities=priorities)


@attrs.frozen(kw_only=True)
class PlanReview:
    """What a plan lacks on a given day.

    Attributes:
        as_of: The day.
        overdue: Actions past their due date and still open.
        unowned: Actions with no owner, by role or name.
        idle: Priorities that no open or finished action serves.
        unattached: Actions that serve no priority.
        live: Priorities with an open action or none finished yet (the plan's live set).
        limit: The most live priorities the review accepts.
        unaddressed: Elements rated Red in the assessment given that no priority addresses.

    Example:
        >>> import datetime as dt
        >>> from matframework import examples
        >>> review = review_plan(examples.improvement_plan(), as_of=dt.date(2026, 12, 1))
        >>> review.overdue, review.live, review.too_many
        ((), ('P1', 'P2', 'P3'), False)

    .. versionadded:: 0.2.0
    """

    as_of: dt.date
    overdue: tuple[str, ...]
    unowned: tuple[str, ...]
    idle: tuple[str, ...]
    unattached: tuple[str, ...]
    live: tuple[str, ...]
    limit: int
    unaddressed: tuple[str, ...]

    _repr_html_ = repr_html

    @property
    def too_many(self) -> bool:
        """Whether more priorities are live than the limit (1B.ii asks for "a manageable set")."""
        return len(self.live) > self.limit

    @property
    def findings(self) -> tuple[str, ...]:
        """Each finding in a sentence, in the order above; empty when there is nothing to say."""
        out = []
        named = {
            "overdue": ("action", "overdue"),
            "unowned": ("action", "with no owner"),
            "idle": ("priority", "with no action"),
            "unattached": ("action", "serving no priority"),
            "unaddressed": ("Red element", "that no priority addresses"),
        }
        for field, (noun, what) in named.items():
            found = getattr(self, field)
            if found:
                plural = "s" if len(found) != 1 else ""
                out.append(f"{len(found)} {noun}{plural} {what}: {', '.join(found)}")
        if self.too_many:
            out.append(f"{len(self.live)} live priorities, more than a manageable set of {self.limit}")
        return tuple(out)

    def __repr__(self) -> str:
        return f"<PlanReview on {self.as_of}: {len(self.findings)} findings>"


def review_plan(
    plan: ImprovementPlan,
    *,
    as_of: dt.date,
    assessment: Assessment | None = None,
    limit: int = MANAGEABLE,
) -> PlanReview:
    """Say what a plan lacks on ``as_of``: overdue, unowned and unattached actions, idle priorities, and more.

    Args:
        plan: The plan.
        as_of: The day to look from; "overdue" depends on it and nothing else does.
        assessment: The latest assessment, to find Red elements no priority addresses.
        limit: The most live priorities before the review says there are too many.

    Raises:
        ValidationError: ``as_of`` is not a date or ``limit`` is below one.

    Example:
        >>> import datetime as dt
        >>> from matframework import examples
        >>> review = review_plan(examples.improvement_plan(), as_of=dt.date(2027, 2, 1),
        ...                      assessment=examples.trust_assessments()[-1])
        >>> review.findings
        ('1 action overdue: A2', '1 action with no owner: A6', '1 priority with no action: P3')

    .. versionadded:: 0.2.0
    """
    problems = []
    if type(as_of) is not dt.date:
        problems.append(Problem(path=("as_of",), message=f"as_of={as_of!r}", expected="a date"))
    if type(limit) is not int or limit < 1:
        problems.append(
            Problem(path=("limit",), message=f"limit={limit!r}", expected="a whole number, 1 or more")
        )
    if problems:
        raise ValidationError(problems)
    live = [
        p.id
        for p in plan.priorities
        if not (serving := _serving(plan, p)) or any(not a.status.closed for a in serving)
    ]
    addressed = {code for p in plan.priorities for code in p.element_codes}
    red = [e.code for e in assessment.ratings if e.rating is Rating.RED] if assessment is not None else []
    return PlanReview(
        as_of=as_of,
        overdue=tuple(a.id for a in plan.actions if a.overdue(on=as_of)),
        unowned=tuple(a.id for a in plan.actions if not a.owned and not a.status.closed),
        idle=tuple(p.id for p in plan.priorities if not _serving(plan, p)),
        unattached=tuple(a.id for a in plan.actions if a.priority is None),
        live=tuple(live),
        limit=limit,
        unaddressed=tuple(code for code in red if code not in addressed),
    )


def _serving(plan: ImprovementPlan, priority: Priority) -> list[Action]:
    """The actions that serve ``priority``, leaving out dropped ones."""
    return [a for a in plan.actions_for(priority.id) if a.status is not ActionStatus.DROPPED]


@attrs.frozen(kw_only=True)
class PriorityOutcome:
    """Whether one priority's elements moved between two rounds.

    Attributes:
        priority: The priority's id.
        movements: The movement of each of its elements.
        met: Whether every element reached the priority's target (``None`` without a target).

    Example:
        >>> from matframework import examples
        >>> first = plan_outcomes(examples.improvement_plan(), *examples.trust_assessments()[-2:])[0]
        >>> [(m.code, m.steps) for m in first.movements], first.met
        ([('2A', 1)], False)

    .. versionadded:: 0.2.0
    """

    priority: str
    movements: tuple[Movement, ...]
    met: bool | None

    @property
    def improved(self) -> bool:
        """Whether any of its elements went up and none went down."""
        directions = {m.direction for m in self.movements}
        return Direction.IMPROVED in directions and Direction.DECLINED not in directions


def plan_outcomes(
    plan: ImprovementPlan, before: Assessment, after: Assessment
) -> tuple[PriorityOutcome, ...]:
    """For each priority, how its elements moved from ``before`` to ``after``, and whether its target was met.

    Raises:
        IncomparableError: The two assessments are of different subjects or frameworks.

    Example:
        >>> from matframework import examples
        >>> before, after = examples.trust_assessments()[-2:]
        >>> [(o.priority, o.improved) for o in plan_outcomes(examples.improvement_plan(), before, after)]
        [('P1', True), ('P2', False), ('P3', False)]

    .. versionadded:: 0.2.0
    """
    comparison = compare(before, after)
    moved = {m.code: m for m in comparison.movements}
    outcomes = []
    for priority in plan.priorities:
        movements = tuple(moved[code] for code in priority.element_codes if code in moved)
        met = None
        if priority.target is not None:
            ratings = [
                after.entries[code].rating if code in after.entries else None
                for code in priority.element_codes
            ]
            met = bool(ratings) and all(r is not None and r >= priority.target for r in ratings)
        outcomes.append(PriorityOutcome(priority=priority.id, movements=movements, met=met))
    return tuple(outcomes)


attach(PriorityOutcome)  # the notebook display hook (matframework.views.notebook)
