"""Sign-off: the hash of an assessment's content, approving it, and whether it changed since.

The hash covers what the assessment says (subject, framework, date, round,
raters, perspective, status, ratings, evidence, what it supersedes), not its
change log or its approvals, so approving does not change what was approved.
It is the SHA-256 of the canonical JSON of the document's plain form (keys
sorted, no spaces), the same whatever file format the assessment came from.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import attrs

from matframework.documents.converters import unstructure
from matframework.model.assessment import Assessment
from matframework.model.signoff import Approval, Decision

__all__ = ["approval_status", "approve", "content_hash"]


def __dir__() -> list[str]:
    return __all__


_NOT_CONTENT = ("changes", "approvals")


def content_hash(assessment: Assessment) -> str:
    """The SHA-256 (hex) of what the assessment says, leaving out its change log and approvals.

    Example:
        >>> from matframework import examples
        >>> len(content_hash(examples.trust_assessments()[-1]))
        64
    """
    data = {k: v for k, v in unstructure(assessment).items() if k not in _NOT_CONTENT}
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def approve(
    assessment: Assessment,
    *,
    role: str,
    on: dt.date,
    minute: str | None = None,
    decision: Decision = Decision.APPROVED,
) -> Assessment:
    """Return the assessment with an approval of its present content added.

    Example:
        >>> import datetime as dt
        >>> from matframework import examples
        >>> signed = approve(examples.trust_assessments()[-1], role="Trust board", on=dt.date(2026, 11, 18),
        ...                  minute="TB 2026/41")
        >>> approval_status(signed)
        'approved by Trust board on 2026-11-18 (TB 2026/41); unchanged since'
    """
    approval = Approval(
        role=role, decision=decision, on=on, minute=minute, content_hash=content_hash(assessment)
    )
    return attrs.evolve(assessment, approvals=(*assessment.approvals, approval))


def approval_status(assessment: Assessment) -> str | None:
    """The latest approval in words, and whether the content changed since; ``None`` if never approved.

    Example:
        >>> import datetime as dt
        >>> from matframework import Rating, examples
        >>> signed = approve(examples.trust_assessments()[-1], role="Trust board", on=dt.date(2026, 11, 18))
        >>> approval_status(signed.with_rating("3B", Rating.AMBER_RED))
        'approved by Trust board on 2026-11-18; changed since'
    """
    if not assessment.approvals:
        return None
    latest = assessment.approvals[-1]
    minute = f" ({latest.minute})" if latest.minute else ""
    same = latest.content_hash == content_hash(assessment)
    return f"{latest.decision.value} by {latest.role} on {latest.on}{minute}; {'unchanged' if same else 'changed'} since"
