"""Many rounds of one subject: :func:`history` orders them, draws each element's trajectory and flags patterns.

The framework is meant to be repeated ("a year later"), and trusts review
their schools each term. A :class:`History` puts one subject's rounds in
date order, gives each element one point per round, raises the flags a
reviewer looks for (an element unchanged at Red for three rounds or more,
down twice running), and gives the movement between any two rounds as a
:class:`~matframework.Comparison`.
"""

from __future__ import annotations

import enum
import itertools
from collections.abc import Iterable

import attrs

from matframework.analysis._seams import group_codes, one_framework, round_key, subject_key
from matframework.analysis.comparison import Comparison, compare
from matframework.errors import IncomparableError, Problem, ValidationError
from matframework.model._display import attach, repr_html
from matframework.model._lookup import find_code
from matframework.model.assessment import Assessment
from matframework.model.framework import Framework
from matframework.model.rating import Rating

__all__ = ["Flag", "FlagKind", "History", "Trajectory", "history"]


def __dir__() -> list[str]:
    return __all__


class FlagKind(enum.Enum):
    """The patterns :func:`history` flags.

    Example:
        >>> FlagKind("down twice running")
        <FlagKind.DOWN_TWICE: 'down twice running'>

    .. versionadded:: 0.2.0
    """

    STUCK_AT_RED = "unchanged at Red"
    """Rated Red in each of the latest rounds (three by default)."""
    DOWN_TWICE = "down twice running"
    """Lower in each of the latest two movements."""


@attrs.frozen(kw_only=True)
class Trajectory:
    """One element's rating in each round, oldest first.

    Attributes:
        code: The element code.
        points: One rating per round (``None`` where unrated, not applicable
            or not listed); as many points as the history has rounds.

    Example:
        >>> t = Trajectory(code="3C", points=(Rating.GREEN, None, Rating.AMBER_RED))
        >>> t.latest.label, t.change
        ('Amber Red', -2)

    .. versionadded:: 0.2.0
    """

    code: str
    points: tuple[Rating | None, ...]

    @property
    def latest(self) -> Rating | None:
        """The rating in the latest round."""
        return self.points[-1] if self.points else None

    @property
    def change(self) -> int | None:
        """Steps from the first rated round to the latest rated one; ``None`` with fewer than two rated."""
        rated = [p for p in self.points if p is not None]
        if len(rated) < 2:  # noqa: PLR2004 - a change needs two points
            return None
        return rated[-1].ordinal - rated[0].ordinal


@attrs.frozen(kw_only=True)
class Flag:
    """A pattern in one element's trajectory that a reviewer should see.

    Attributes:
        code: The element code.
        kind: Which pattern.
        rounds: The labels of the rounds it spans.
        sentence: The flag in words, e.g. "4B has been Red for three rounds
            (2025/26 autumn to 2025/26 summer)".

    Example:
        >>> from matframework import examples
        >>> flag = history(examples.school_assessments(), subject="999102").flags[-1]
        >>> flag.code, flag.kind
        ('3C', <FlagKind.DOWN_TWICE: 'down twice running'>)

    .. versionadded:: 0.2.0
    """

    code: str
    kind: FlagKind
    rounds: tuple[str, ...]
    sentence: str


@attrs.frozen(kw_only=True)
class History:
    """One subject's rounds in date order, with each element's trajectory and the flags raised.

    Attributes:
        subject: The subject's name (as in its latest round).
        perspective: The perspective the rounds share, if any.
        rounds: The assessments, oldest first.
        trajectories: One :class:`Trajectory` per element, in order.
        flags: The flags raised, in element order.

    Example:
        >>> from matframework import examples
        >>> h = history(examples.school_assessments(), subject="999103")
        >>> h.labels
        ('2025/26 autumn', '2025/26 spring', '2025/26 summer')
        >>> h.trajectory("4B").points
        (<Rating.RED: 'Red'>, <Rating.RED: 'Red'>, <Rating.RED: 'Red'>)
        >>> h.flags[0].sentence
        '4B has been Red for three rounds (2025/26 autumn to 2025/26 summer)'

    .. versionadded:: 0.2.0
    """

    subject: str
    perspective: str | None
    rounds: tuple[Assessment, ...]
    trajectories: tuple[Trajectory, ...]
    flags: tuple[Flag, ...]

    _repr_html_ = repr_html

    @property
    def labels(self) -> tuple[str, ...]:
        """Each round's label (its date where it has none), oldest first."""
        return tuple(_label(a) for a in self.rounds)

    def trajectory(self, code: str) -> Trajectory:
        """Return the trajectory of element ``code``.

        Raises:
            UnknownElementError: No such element (it is also a KeyError); the nearest codes are suggested.
        """
        return find_code(self.trajectories, code)

    def movement(self, before: int | str = -2, after: int | str = -1) -> Comparison:
        """The movement between two rounds, by position (``0``, ``-1``) or label; by default the latest two.

        Raises:
            ValidationError: A round is not in the history, or there is only one round.

        Example:
            >>> from matframework import examples
            >>> h = history(examples.school_assessments(), subject="999102")
            >>> h.movement("2025/26 autumn", "2025/26 summer").movement("3C").steps
            -2
        """
        first, second = self._round(before), self._round(after)
        # One subject (by URN or name) and one framework, checked when the history was made:
        # a school renamed between rounds is still the same school.
        return compare(first, second, allow_different=True)

    def _round(self, which: int | str) -> Assessment:
        if isinstance(which, str):
            for assessment in self.rounds:
                if _label(assessment) == which:
                    return assessment
        elif type(which) is int and -len(self.rounds) <= which < len(self.rounds):
            return self.rounds[which]
        labels = ", ".join(self.labels)
        message = f"no round {which!r} in the history of {self.subject!r}"
        raise ValidationError([Problem(message=message, expected=f"a position or one of {labels}")])

    def __repr__(self) -> str:
        span = f"{self.labels[0]} to {self.labels[-1]}" if len(self.rounds) > 1 else self.labels[0]
        return f"<History of {self.subject!r}: {len(self.rounds)} rounds ({span}), {len(self.flags)} flags>"


def _label(assessment: Assessment) -> str:
    if assessment.round is not None:
        return assessment.round
    return assessment.assessed_on.isoformat() if assessment.assessed_on is not None else "undated"


_WORDS = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six"}


def history(
    assessments: Iterable[Assessment],
    *,
    subject: str | None = None,
    perspective: str | None = None,
    framework: Framework | None = None,
    stuck_for: int = 3,
) -> History:
    """Order one subject's rounds and follow each element through them.

    Args:
        assessments: Assessments of one subject, or of several with
            ``subject`` choosing one; any order.
        subject: The subject to follow, by URN or name, when the assessments
            are of several.
        perspective: The perspective to follow, when rounds were rated by
            several groups.
        framework: The framework they rate, for the elements and their order.
        stuck_for: How many latest rounds at Red raise the "unchanged at Red" flag.

    Raises:
        ValidationError: No assessment is left to follow, one is undated, two
            share a date and round label, or ``stuck_for`` is below two.
        IncomparableError: The assessments are of several subjects or
            perspectives and none was chosen, or rate different frameworks.

    Example:
        >>> from matframework import examples
        >>> h = history(examples.trust_assessments())
        >>> [t.code for t in h.trajectories if t.change == 0]
        ['2B', '3B', '4A', '6A']
        >>> [flag.sentence for flag in h.flags]
        ['3B has been Red for three rounds (2024/25 autumn to 2026/27 autumn)']

    .. versionadded:: 0.2.0
    """
    if type(stuck_for) is not int or stuck_for < 2:  # noqa: PLR2004 - a run needs two rounds
        raise ValidationError(
            [
                Problem(
                    path=("stuck_for",),
                    message=f"stuck_for={stuck_for!r}",
                    expected="a whole number, 2 or more",
                )
            ]
        )
    chosen = _one_subject(list(assessments), subject)
    chosen = _one_perspective(chosen, perspective)
    one_framework(chosen, framework)
    rounds = _in_order(chosen)
    codes = group_codes(rounds, framework)
    trajectories = tuple(
        Trajectory(code=code, points=tuple(_point(a, code) for a in rounds)) for code in codes
    )
    labels = tuple(_label(a) for a in rounds)
    flags = tuple(flag for t in trajectories for flag in _flags(t, labels, stuck_for))
    return History(
        subject=rounds[-1].subject.name,
        perspective=rounds[-1].perspective,
        rounds=rounds,
        trajectories=trajectories,
        flags=flags,
    )


def _one_subject(group: list[Assessment], subject: str | None) -> list[Assessment]:
    if subject is not None:
        chosen = [a for a in group if subject in (a.subject.urn, a.subject.name)]
        if not chosen:
            named = sorted({a.subject.urn or a.subject.name for a in group})
            message = f"no assessment of {subject!r}"
            expected = "a URN or name among " + ", ".join(named) if named else "assessments to follow"
            raise ValidationError([Problem(path=("subject",), message=message, expected=expected)])
        group = chosen
    if not group:
        raise ValidationError([Problem(message="no assessments to follow", expected="one or more rounds")])
    subjects = {subject_key(a): a.subject.name for a in group}
    if len(subjects) > 1:
        listed = ", ".join(sorted(repr(n) for n in set(subjects.values())))
        msg = f"the assessments are of {len(subjects)} subjects ({listed}); pass subject= (a URN or name)"
        raise IncomparableError(msg)
    return group


def _one_perspective(group: list[Assessment], perspective: str | None) -> list[Assessment]:
    if perspective is not None:
        chosen = [a for a in group if a.perspective == perspective]
        if not chosen:
            named = ", ".join(sorted({repr(a.perspective) for a in group}))
            message = f"no assessment from the perspective {perspective!r}"
            raise ValidationError(
                [Problem(path=("perspective",), message=message, expected=f"one of {named}")]
            )
        return chosen
    views = {a.perspective for a in group}
    if len(views) > 1:
        named = ", ".join(sorted(repr(v) for v in views))
        msg = f"the rounds come from several perspectives ({named}); pass perspective= to follow one"
        raise IncomparableError(msg)
    return group


def _in_order(group: list[Assessment]) -> tuple[Assessment, ...]:
    problems = [
        Problem(
            path=(index, "assessed_on"),
            message=f"the assessment of round {a.round!r} has no date",
            expected="a date: history orders rounds by date",
        )
        for index, a in enumerate(group)
        if a.assessed_on is None
    ]
    if problems:
        raise ValidationError(problems)
    ordered = sorted(group, key=round_key)
    for earlier, later in itertools.pairwise(ordered):
        if round_key(earlier) == round_key(later):
            message = f"two assessments of round {_label(later)!r} on {later.assessed_on}"
            raise ValidationError([Problem(message=message, expected="one assessment per round")])
    return tuple(ordered)


def _point(assessment: Assessment, code: str) -> Rating | None:
    entry = assessment.entries.get(code)
    return entry.rating if entry is not None and entry.applicable else None


def _flags(trajectory: Trajectory, labels: tuple[str, ...], stuck_for: int) -> list[Flag]:
    points, code, found = trajectory.points, trajectory.code, []
    run = 0
    for point in reversed(points):
        if point is not Rating.RED:
            break
        run += 1
    if run >= stuck_for:
        span = labels[-run:]
        found.append(
            Flag(
                code=code,
                kind=FlagKind.STUCK_AT_RED,
                rounds=span,
                sentence=f"{code} has been Red for {_WORDS.get(run, str(run))} rounds ({span[0]} to {span[-1]})",
            )
        )
    last = points[-3:]
    if len(last) == 3 and None not in last and last[0] > last[1] > last[2]:  # type: ignore[operator]  # noqa: PLR2004
        span = labels[-3:]
        found.append(
            Flag(
                code=code,
                kind=FlagKind.DOWN_TWICE,
                rounds=span,
                sentence=(
                    f"{code} has gone down twice running ({' → '.join(p.label for p in last if p is not None)}, "
                    f"{span[0]} to {span[-1]})"
                ),
            )
        )
    return found


attach(Flag, Trajectory)  # the notebook display hook (matframework.views.notebook)
