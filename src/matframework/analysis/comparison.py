"""Change over time: how each element's rating moved between two assessments.

An element marked not applicable in either assessment is "not rated" for the
comparison; progress towards targets is measured on the baseline's gaps.
"""

from __future__ import annotations

import enum

import attrs

from matframework.errors import IncomparableError
from matframework.model._display import attach, repr_html
from matframework.model._lookup import find_code
from matframework.model.assessment import Assessment
from matframework.model.rating import Rating

__all__ = ["Comparison", "Direction", "Movement", "compare"]


def __dir__() -> list[str]:
    return __all__


class Direction(enum.Enum):
    """How an element's rating moved between two assessments.

    Example:
        >>> Direction("improved")
        <Direction.IMPROVED: 'improved'>

    .. versionadded:: 0.1.0
    """

    IMPROVED = "improved"
    DECLINED = "declined"
    UNCHANGED = "unchanged"
    NEW = "new"
    """Rated now, not rated before."""
    DROPPED = "dropped"
    """Rated before, not rated now."""
    NOT_RATED = "not rated"
    """Rated in neither (or not applicable in one of them)."""


@attrs.frozen(kw_only=True)
class Movement:
    """One element's change between two assessments.

    Attributes:
        code: The element code.
        before: The earlier rating.
        after: The later rating.
        direction: Improved, declined, unchanged, new, dropped or not rated.
        steps: Levels moved (positive up, negative down); ``None`` unless rated both times.

    Example:
        >>> from matframework import Assessment, Rating, Subject, SubjectKind, assurance_framework
        >>> fw = assurance_framework()
        >>> a = Assessment.blank(fw, subject=Subject(name="T", kind=SubjectKind.TRUST))
        >>> m = compare(a.with_rating("2A", Rating.GREEN), a.with_rating("2A", Rating.AMBER_RED)).movement("2A")
        >>> m.before.label, m.after.label, m.direction.value, m.steps
        ('Green', 'Amber Red', 'declined', -2)

    .. versionadded:: 0.1.0
    """

    code: str
    before: Rating | None
    after: Rating | None
    direction: Direction
    steps: int | None


@attrs.frozen(kw_only=True)
class Comparison:
    """What changed between two assessments, element by element.

    Example:
        >>> from matframework import Assessment, Rating, Subject, SubjectKind, assurance_framework
        >>> fw = assurance_framework()
        >>> a = Assessment.blank(fw, subject=Subject(name="T", kind=SubjectKind.TRUST))
        >>> compare(a, a.with_rating("2A", Rating.RED))
        <Comparison of 0 elements rated both times: 0 improved, 0 declined, 0 unchanged; 1 new, 0 dropped>

    .. versionadded:: 0.1.0
    """

    movements: tuple[Movement, ...]
    target_progress: float | None
    """Share of the baseline's distance to target closed: Σ min(gain, gap) / Σ gap, over elements
    below target at baseline (targets from the later assessment, else the earlier); ``None`` if none."""
    targets_counted: int
    """How many elements were below their target at baseline."""

    _repr_html_ = repr_html

    def movement(self, code: str) -> Movement:
        """Return the movement of element ``code``.

        Raises:
            UnknownElementError: No such element was compared; the nearest codes are suggested (it is also a KeyError).
        """
        return find_code(self.movements, code)

    def codes(self, direction: Direction) -> tuple[str, ...]:
        """The codes of elements that moved in ``direction``."""
        return tuple(m.code for m in self.movements if m.direction is direction)

    @property
    def counted(self) -> int:
        """How many elements were rated both times (the base of improved/declined/unchanged)."""
        return sum(1 for m in self.movements if m.steps is not None)

    @property
    def summary(self) -> dict[str, int]:
        """How many elements moved each way."""
        return {d.value: len(self.codes(d)) for d in Direction}

    def __repr__(self) -> str:
        s = self.summary
        return (
            f"<Comparison of {self.counted} elements rated both times: {s['improved']} improved, "
            f"{s['declined']} declined, {s['unchanged']} unchanged; {s['new']} new, {s['dropped']} dropped>"
        )


def _direction(before: Rating | None, after: Rating | None) -> tuple[Direction, int | None]:
    if before is None and after is None:
        return Direction.NOT_RATED, None
    if before is None:
        return Direction.NEW, None
    if after is None:
        return Direction.DROPPED, None
    steps = after.ordinal - before.ordinal
    if steps > 0:
        return Direction.IMPROVED, steps
    if steps < 0:
        return Direction.DECLINED, steps
    return Direction.UNCHANGED, 0


def compare(before: Assessment, after: Assessment, *, allow_different: bool = False) -> Comparison:
    """Compare two assessments of the same subject against the same framework.

    Elements are taken in the order of ``before``, then any that only
    ``after`` lists. An element marked not applicable in either is "not rated"
    for the comparison.

    Args:
        before: The earlier assessment (the baseline).
        after: The later one.
        allow_different: Compare even if the subjects or frameworks differ.

    Raises:
        IncomparableError: The subjects or the frameworks differ and
            ``allow_different`` is false.

    Example:
        >>> from matframework import Rating, Subject, SubjectKind, assurance_framework
        >>> fw = assurance_framework()
        >>> a = Assessment.blank(fw, subject=Subject(name="T", kind=SubjectKind.TRUST))
        >>> a1 = a.with_rating("3B", Rating.RED, target=Rating.AMBER_GREEN).with_rating("1A", Rating.GREEN)
        >>> a2 = a.with_rating("3B", Rating.AMBER_RED, target=Rating.AMBER_GREEN).with_rating("1A", Rating.GREEN)
        >>> c = compare(a1, a2)
        >>> c.movement("3B").direction, c.movement("3B").steps, c.target_progress
        (<Direction.IMPROVED: 'improved'>, 1, 0.5)

    .. versionadded:: 0.1.0
    """
    if not allow_different:
        if before.framework != after.framework:
            msg = (
                f"the assessments rate different frameworks ({before.framework.id} {before.framework.version}, "
                f"{after.framework.id} {after.framework.version}); pass allow_different=True to compare anyway"
            )
            raise IncomparableError(msg)
        if (before.subject.name, before.subject.kind) != (after.subject.name, after.subject.kind):
            msg = (
                f"the assessments are of different subjects ({before.subject.name!r}, {after.subject.name!r}); "
                "pass allow_different=True to compare anyway"
            )
            raise IncomparableError(msg)
    earlier = before.entries
    later = after.entries
    codes = list(earlier) + [code for code in later if code not in earlier]
    movements: list[Movement] = []
    gained = reach = 0
    counted_targets = 0
    for code in codes:
        old, new = earlier.get(code), later.get(code)
        skip = (old is not None and not old.applicable) or (new is not None and not new.applicable)
        old_rating = None if skip or old is None else old.rating
        new_rating = None if skip or new is None else new.rating
        direction, steps = _direction(old_rating, new_rating)
        movements.append(
            Movement(code=code, before=old_rating, after=new_rating, direction=direction, steps=steps)
        )
        target = (new.target if new else None) or (old.target if old else None)
        if steps is not None and old_rating is not None and target is not None and target > old_rating:
            gap = target.ordinal - old_rating.ordinal
            gained += max(0, min(steps, gap))
            reach += gap
            counted_targets += 1
    return Comparison(
        movements=tuple(movements),
        target_progress=gained / reach if reach else None,
        targets_counted=counted_targets,
    )


attach(Movement)  # the notebook display hook (matframework.views.notebook)
