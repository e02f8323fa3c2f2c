"""Who changed and approved what: :class:`Change` (one entry of a document's change log) and :class:`Approval`.

Boards need "a culture of scrutiny and challenge" (6A). An in-place edit
made with ``by=`` appends a change per field (who, when, which field, the old
and new value, and why) to the assessment's ``changes`` log; an approval
records who approved (a role), the decision, the date, the minute reference,
and a hash of the content approved, so that a later edit shows: "approved on
12 March; changed since".
"""

from __future__ import annotations

import datetime as dt
import enum

import attrs

from matframework.model._checks import constraint, instance, meets, optional_text, text
from matframework.model._display import attach

__all__ = ["Approval", "Change", "Decision"]


def __dir__() -> list[str]:
    return __all__


class Decision(enum.Enum):
    """What an approver decided.

    Example:
        >>> Decision("changes requested")
        <Decision.CHANGES_REQUESTED: 'changes requested'>

    .. versionadded:: 0.2.0
    """

    APPROVED = "approved"
    CHANGES_REQUESTED = "changes requested"


@attrs.frozen(kw_only=True)
class Change:
    """One change to one field of a document, as its change log records it.

    Attributes:
        on: The day of the change.
        by: Who made it.
        field: The field changed, as a path (``ratings.3B.rating``).
        old: Its value before, as text (``None`` when it had none).
        new: Its value after, as text (``None`` when it was cleared).
        reason: Why, if given.

    Example:
        >>> Change(on=dt.date(2027, 3, 1), by="B. Example", field="ratings.3B.rating", old="Red", new="Amber Red").field
        'ratings.3B.rating'

    .. versionadded:: 0.2.0
    """

    on: dt.date = attrs.field(validator=instance(dt.date))
    by: str = attrs.field(
        validator=[text, meets], metadata=constraint(non_blank=True, expected="who made the change")
    )
    field: str = attrs.field(
        validator=[text, meets], metadata=constraint(non_blank=True, expected="a field path")
    )
    old: str | None = attrs.field(default=None, validator=optional_text)
    new: str | None = attrs.field(default=None, validator=optional_text)
    reason: str | None = attrs.field(default=None, validator=optional_text)


@attrs.frozen(kw_only=True)
class Approval:
    """A sign-off of a document's content.

    Attributes:
        role: Who approved, by role ("Trust board", "Chair of Trustees").
        decision: Approved, or changes requested.
        on: The day.
        minute: The minute reference, if any.
        content_hash: The SHA-256 of the content approved (from
            :func:`~matframework.content_hash`), 64 hex digits.

    Example:
        >>> Approval(role="Trust board", decision=Decision.APPROVED, on=dt.date(2026, 11, 18), content_hash="0" * 64).role
        'Trust board'

    .. versionadded:: 0.2.0
    """

    role: str = attrs.field(validator=[text, meets], metadata=constraint(non_blank=True, expected="a role"))
    decision: Decision = attrs.field(validator=instance(Decision))
    on: dt.date = attrs.field(validator=instance(dt.date))
    minute: str | None = attrs.field(default=None, validator=optional_text)
    content_hash: str = attrs.field(
        validator=[text, meets], metadata=constraint(pattern="[0-9a-f]{64}", expected="a SHA-256 in hex")
    )


attach(Approval, Change)  # the notebook display hook (matframework.views.notebook)
