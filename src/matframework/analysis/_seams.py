"""Checks at the seams of the analysis layer: what every function over several assessments makes sure of first.

A group of assessments is only meaningful if they rate one framework, and a
function that means "one per subject" must not be handed every round. These
helpers refuse, with a message that says what to pass instead, rather than
let a count or a median come out silently wrong.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterable, Sequence

from matframework.errors import IncomparableError
from matframework.model.assessment import Assessment, require_framework
from matframework.model.framework import Framework

__all__ = ["group_codes", "latest_per_subject", "one_framework", "round_key", "subject_key"]


def __dir__() -> list[str]:
    return __all__


def one_framework(assessments: Sequence[Assessment], framework: Framework | None) -> None:
    """Every assessment rates ``framework``, or (without one) they all rate the same framework.

    Raises:
        IncomparableError: They do not; the message names the frameworks found.
    """
    if framework is not None:
        require_framework(assessments, framework)
        return
    refs = {(a.framework.id, a.framework.version) for a in assessments}
    if len(refs) > 1:
        named = ", ".join(f"{id_} version {version}" for id_, version in sorted(refs))
        msg = f"the assessments rate different frameworks ({named}); group assessments of one framework"
        raise IncomparableError(msg)


def group_codes(assessments: Iterable[Assessment], framework: Framework | None) -> list[str]:
    """The framework's element codes, or (without one) every code listed, in order of first appearance."""
    if framework is not None:
        return list(framework.element_codes)
    codes: dict[str, None] = {}
    for assessment in assessments:
        codes.update(dict.fromkeys(assessment.codes))
    return list(codes)


def subject_key(assessment: Assessment) -> tuple[str, str, str]:
    """Who an assessment is of: its kind, and its URN where it has one, else its name.

    Two schools of the same name with different URNs are two subjects; the same
    URN under a new name (a school renamed on joining) is one.
    """
    subject = assessment.subject
    return (subject.kind.value, "urn" if subject.urn else "name", subject.urn or subject.name)


def round_key(assessment: Assessment) -> tuple[dt.date, str]:
    """Where an assessment falls in time: its date (undated ones first), then its round label."""
    return (assessment.assessed_on or dt.date.min, assessment.round or "")


def latest_per_subject(
    assessments: Iterable[Assessment], *, by_perspective: bool = True
) -> tuple[list[Assessment], int]:
    """The latest assessment of each subject (and, by default, of each perspective), and how many were set aside.

    "Latest" is by date, then round label; of two with the same date and label
    (two copies of one round), the later in the input is kept. The result keeps
    the order in which each subject first appears.
    """
    latest: dict[Hashable, Assessment] = {}
    total = 0
    for assessment in assessments:
        total += 1
        key: Hashable = (subject_key(assessment), assessment.perspective if by_perspective else None)
        held = latest.get(key)
        if held is None or round_key(held) <= round_key(assessment):
            latest[key] = assessment
    return list(latest.values()), total - len(latest)
