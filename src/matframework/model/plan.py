"""The improvement plan that follows the diagnosis: :class:`ImprovementPlan`, its priorities and actions.

The framework is diagnostic; a trust "will then create a development plan
based on the six headings of the framework". A plan has priorities, each tied
to the element codes it addresses (and, optionally, criteria, practice areas
of the improvement framework, the trust's vision priorities and its
interventions), with success criteria and a target rating by a date; and
actions, each with an owner, dates, a cost and a status. Whether an action
is overdue depends on the day it is looked at, so it is never stored:
:func:`~matframework.review_plan` works it out from an ``as_of`` date.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterator

import attrs

from matframework.errors import Problem, ValidationError
from matframework.model._checks import (
    constraint,
    instance,
    meets,
    optional,
    optional_number,
    optional_text,
    text,
    texts,
    tuple_of,
)
from matframework.model._display import attach, repr_html
from matframework.model.rating import Rating

__all__ = ["Action", "ActionStatus", "ImprovementPlan", "Priority"]


def __dir__() -> list[str]:
    return __all__


_ID = constraint(pattern="[A-Za-z0-9][A-Za-z0-9_.-]*", expected="a short id such as P1 or A3")


class ActionStatus(enum.Enum):
    """Where an action stands.

    Example:
        >>> ActionStatus("impact reviewed").closed
        True

    .. versionadded:: 0.2.0
    """

    PLANNED = "planned"
    IN_PROGRESS = "in progress"
    DONE = "done"
    IMPACT_REVIEWED = "impact reviewed"
    BLOCKED = "blocked"
    DROPPED = "dropped"

    @property
    def closed(self) -> bool:
        """Whether the action needs nothing more (done, impact reviewed or dropped)."""
        return self in (ActionStatus.DONE, ActionStatus.IMPACT_REVIEWED, ActionStatus.DROPPED)


@attrs.frozen(kw_only=True)
class Priority:
    """One priority of the plan.

    Attributes:
        id: A short id that actions refer to (``"P1"``).
        title: The priority in a few words.
        elements: The element codes (``"3B"``) or criterion ids (``"3B.iv"``) it addresses.
        practice_areas: Practice areas of the improvement framework it draws on, if any.
        vision_priorities: The trust's own vision priorities it serves, if any.
        interventions: The titles of interventions that carry it, if any.
        success_criteria: How the trust will know it has worked.
        target: The rating the trust aims for on its elements.
        target_by: When by.
        suggested: Whether :func:`~matframework.draft_plan` proposed it and no one
            has confirmed it yet (matframework's mark, not the trust's decision).
        rationale: Why it is a priority.

    Example:
        >>> Priority(id="P2", title="Middle leaders", elements=("3B", "3C.ii")).element_codes
        ('3B', '3C')

    .. versionadded:: 0.2.0
    """

    id: str = attrs.field(validator=[text, meets], metadata=_ID)
    title: str = attrs.field(validator=[text, meets], metadata=constraint(non_blank=True, expected="a title"))
    elements: tuple[str, ...] = attrs.field(default=(), validator=texts)
    practice_areas: tuple[str, ...] = attrs.field(default=(), validator=texts)
    vision_priorities: tuple[str, ...] = attrs.field(default=(), validator=texts)
    interventions: tuple[str, ...] = attrs.field(default=(), validator=texts)
    success_criteria: tuple[str, ...] = attrs.field(default=(), validator=texts)
    target: Rating | None = attrs.field(default=None, validator=optional(Rating))
    target_by: dt.date | None = attrs.field(default=None, validator=optional(dt.date))
    suggested: bool = attrs.field(default=False, validator=instance(bool))
    rationale: str | None = attrs.field(default=None, validator=optional_text)

    @property
    def element_codes(self) -> tuple[str, ...]:
        """The element codes it addresses (a criterion id counts for its element), once each."""
        return tuple(dict.fromkeys(code.split(".", 1)[0] for code in self.elements))


@attrs.frozen(kw_only=True)
class Action:
    """One action of the plan.

    Attributes:
        id: A short id (``"A1"``).
        title: What will be done.
        priority: The id of the priority it serves (``None`` if it serves none yet).
        owner_role: Who owns it, by role ("Director of Education").
        owner_name: Who owns it, by name.
        starts_on: When it starts.
        due_on: When it is due.
        cost: What it costs, in pounds, if known.
        status: Where it stands.
        reason: Why it is blocked or dropped (needed then).

    Example:
        >>> Action(id="A1", title="Map expertise", status=ActionStatus.BLOCKED)
        Traceback (most recent call last):
        ...
        matframework.errors.ValidationError: 1 problem found
          reason: a blocked action says why (expected the reason)

    .. versionadded:: 0.2.0
    """

    id: str = attrs.field(validator=[text, meets], metadata=_ID)
    title: str = attrs.field(validator=[text, meets], metadata=constraint(non_blank=True, expected="a title"))
    priority: str | None = attrs.field(default=None, validator=optional_text)
    owner_role: str | None = attrs.field(default=None, validator=optional_text)
    owner_name: str | None = attrs.field(default=None, validator=optional_text)
    starts_on: dt.date | None = attrs.field(default=None, validator=optional(dt.date))
    due_on: dt.date | None = attrs.field(default=None, validator=optional(dt.date))
    cost: float | None = attrs.field(
        default=None,
        validator=[optional_number, meets],
        metadata=constraint(minimum=0, expected="an amount of 0 or more"),
    )
    status: ActionStatus = attrs.field(default=ActionStatus.PLANNED, validator=instance(ActionStatus))
    reason: str | None = attrs.field(default=None, validator=optional_text)

    def __attrs_post_init__(self) -> None:
        problems = []
        if self.status in (ActionStatus.BLOCKED, ActionStatus.DROPPED) and not (self.reason or "").strip():
            problems.append(
                Problem(
                    path=("reason",), message=f"a {self.status.value} action says why", expected="the reason"
                )
            )
        if self.starts_on is not None and self.due_on is not None and self.due_on < self.starts_on:
            problems.append(
                Problem(
                    path=("due_on",),
                    message=f"it is due ({self.due_on}) before it starts ({self.starts_on})",
                    expected=f"a date on or after {self.starts_on}",
                )
            )
        if problems:
            raise ValidationError(problems)

    @property
    def owned(self) -> bool:
        """Whether it has an owner, by role or by name."""
        return bool((self.owner_role or "").strip() or (self.owner_name or "").strip())

    def overdue(self, *, on: dt.date) -> bool:
        """Whether it is past its due date on ``on`` and still open."""
        return self.due_on is not None and self.due_on < on and not self.status.closed


@attrs.frozen(kw_only=True, repr=False)
class ImprovementPlan:
    """A trust's (or school's) improvement plan: its priorities and the actions that carry them.

    Attributes:
        owner: Whose plan it is.
        title: The plan's title.
        based_on: The round of the assessment it follows, e.g. ``"2026/27 autumn"``.
        starts_on: When the plan starts.
        ends_on: When it ends.
        priorities: Its priorities, each id once.
        actions: Its actions, each id once; each names an existing priority or none.

    Example:
        >>> from matframework import examples
        >>> plan = examples.improvement_plan()
        >>> [p.id for p in plan.priorities], len(plan.actions)
        (['P1', 'P2', 'P3'], 6)

    .. versionadded:: 0.2.0
    """

    owner: str = attrs.field(validator=text)
    title: str | None = attrs.field(default=None, validator=optional_text)
    based_on: str | None = attrs.field(default=None, validator=optional_text)
    starts_on: dt.date | None = attrs.field(default=None, validator=optional(dt.date))
    ends_on: dt.date | None = attrs.field(default=None, validator=optional(dt.date))
    priorities: tuple[Priority, ...] = attrs.field(default=(), validator=tuple_of(Priority))
    actions: tuple[Action, ...] = attrs.field(default=(), validator=tuple_of(Action))

    _repr_html_ = repr_html

    def __attrs_post_init__(self) -> None:
        problems = list(self._own_problems())
        if problems:
            raise ValidationError(problems)

    def __repr__(self) -> str:
        return f"<ImprovementPlan of {self.owner!r}: {len(self.priorities)} priorities, {len(self.actions)} actions>"

    def priority(self, priority_id: str) -> Priority:
        """Return the priority with id ``priority_id``.

        Raises:
            KeyError: No priority has that id.
        """
        for found in self.priorities:
            if found.id == priority_id:
                return found
        msg = f"no priority {priority_id!r} in the plan; the priorities are {', '.join(p.id for p in self.priorities)}"
        raise KeyError(msg)

    def actions_for(self, priority_id: str) -> tuple[Action, ...]:
        """The actions that serve priority ``priority_id``."""
        return tuple(a for a in self.actions if a.priority == priority_id)

    def _own_problems(self) -> Iterator[Problem]:
        ids: set[str] = set()
        for index, priority in enumerate(self.priorities):
            if priority.id in ids:
                yield Problem(
                    path=("priorities", index, "id"), message=f"priority {priority.id!r} is listed twice"
                )
            ids.add(priority.id)
        seen: set[str] = set()
        for index, action in enumerate(self.actions):
            if action.id in seen:
                yield Problem(path=("actions", index, "id"), message=f"action {action.id!r} is listed twice")
            seen.add(action.id)
            if action.priority is not None and action.priority not in ids:
                yield Problem(
                    path=("actions", index, "priority"),
                    message=f"action {action.id} serves priority {action.priority!r}, which the plan does not list",
                    expected="one of " + (", ".join(sorted(ids)) or "the priorities (none listed)"),
                )
        if self.starts_on is not None and self.ends_on is not None and self.ends_on < self.starts_on:
            yield Problem(
                path=("ends_on",),
                message=f"the plan ends ({self.ends_on}) before it starts ({self.starts_on})",
            )


attach(Action, Priority)  # the notebook display hook (matframework.views.notebook)
