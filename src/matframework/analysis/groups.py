"""Groups: the distribution of ratings across schools or trusts, and where one stands in a group.

Only group members rated on an element count towards its shares, and every
result says how many were counted.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Literal, overload

import attrs

from matframework.analysis._seams import group_codes, latest_per_subject, one_framework, subject_key
from matframework.analysis.distributions import Distribution, tally_codes
from matframework.analysis.structure import NONE_RECORDED, By, group_key, school_of
from matframework.errors import IncomparableError, Problem, UnknownElementError, ValidationError
from matframework.model._display import attach, repr_html
from matframework.model._lookup import find_code, nearest
from matframework.model.assessment import Assessment, FrameworkRef, require_framework
from matframework.model.framework import Framework
from matframework.model.organisation import Organisation
from matframework.model.rating import Rating

__all__ = ["Aggregate", "Benchmark", "BenchmarkPosition", "Rounds", "aggregate", "benchmark"]


def __dir__() -> list[str]:
    return __all__


Rounds = Literal["latest", "all"]
"""Which rounds a group counts: the latest assessment of each subject (and perspective), or every one."""


def _members(assessments: Iterable[Assessment], rounds: object) -> tuple[list[Assessment], int]:
    """The assessments a group counts, and how many were set aside as earlier rounds."""
    if rounds == "latest":
        return latest_per_subject(assessments)
    if rounds == "all":
        return list(assessments), 0
    message = f"rounds={rounds!r} is not a choice"
    raise ValidationError([Problem(path=("rounds",), message=message, expected="'latest' or 'all'")])


def _rounds_note(rounds: Rounds, set_aside: int) -> str:
    if rounds == "all":
        return "every round counted: a subject assessed in several rounds counts once per round"
    if set_aside:
        plural = "s" if set_aside != 1 else ""
        return f"the latest assessment of each subject counted; {set_aside} earlier round{plural} set aside"
    return "the latest assessment of each subject counted (each was assessed once)"


@attrs.frozen(kw_only=True)
class Aggregate:
    """The distribution of ratings across a group, element by element.

    Attributes:
        size: How many assessments the group counts.
        codes: The elements, in order.
        distributions: One :class:`Distribution` per element; its ``total``
            is always ``size`` (an assessment that leaves an element out
            counts it as unrated).
        rounds: ``"latest"`` when only each subject's latest assessment was
            counted, ``"all"`` when every round was.
        set_aside: Earlier rounds left out (with ``rounds="latest"``).
        framework: The framework counted (its id and version); ``None`` for an empty group.
            :func:`benchmark` checks it when given an aggregate.

    Example:
        >>> from matframework import Assessment, Rating, Subject, SubjectKind, assurance_framework
        >>> fw = assurance_framework()
        >>> a, b = (Assessment.blank(fw, subject=Subject(name=n, kind=SubjectKind.TRUST)) for n in "TU")
        >>> aggregate([a, b.with_rating("1A", Rating.GREEN)], framework=fw).size
        2

    .. versionadded:: 0.1.0
    """

    size: int
    codes: tuple[str, ...]
    distributions: tuple[Distribution, ...]
    rounds: Rounds = "all"
    set_aside: int = 0
    framework: FrameworkRef | None = None

    _repr_html_ = repr_html

    @property
    def counting(self) -> str:
        """What was counted, in words (which rounds, and how many were set aside)."""
        return _rounds_note(self.rounds, self.set_aside)

    def distribution(self, code: str) -> Distribution:
        """Return the distribution of element ``code``.

        Raises:
            UnknownElementError: The group has no such element; the nearest codes are suggested (it is also a KeyError).
        """
        if code in self.codes:
            return self.distributions[self.codes.index(code)]
        raise UnknownElementError(code, kind="element", suggestions=nearest(str(code).upper(), self.codes))

    def __repr__(self) -> str:
        return f"<Aggregate of {self.size} assessments over {len(self.codes)} elements: {self.counting}>"


@overload
def aggregate(
    assessments: Iterable[Assessment],
    *,
    framework: Framework | None = None,
    rounds: Rounds = "latest",
    by: None = None,
    organisation: Organisation | None = None,
) -> Aggregate: ...


@overload
def aggregate(
    assessments: Iterable[Assessment],
    *,
    framework: Framework | None = None,
    rounds: Rounds = "latest",
    by: By,
    organisation: Organisation,
) -> dict[str, Aggregate]: ...


def aggregate(
    assessments: Iterable[Assessment],
    *,
    framework: Framework | None = None,
    rounds: Rounds = "latest",
    by: By | None = None,
    organisation: Organisation | None = None,
) -> Aggregate | dict[str, Aggregate]:
    """Count, for each element, how a group of schools or trusts is rated.

    A subject is counted once: by default only its latest assessment (by
    date, then round label), one per perspective, and the result says how
    many earlier rounds were set aside. Five schools assessed in three rounds
    are five subjects, not fifteen; ``rounds="all"`` counts every round, when
    that is the question.

    Args:
        assessments: The group's assessments, of any rounds.
        framework: Take the elements (and their order) from it; by default,
            every element any assessment lists, in order of first appearance.
        rounds: ``"latest"`` (the default) or ``"all"``.
        by: Group the schools by ``"cluster"``, ``"phase"`` or ``"tier"`` (the
            tier each school was in on the day it was assessed), as the
            ``organisation`` records them; the result is then one aggregate
            per group, by the group's name.
        organisation: The trust's structure, needed with ``by``; each
            assessment's school is found by its URN.

    Raises:
        IncomparableError: The assessments rate different frameworks, or not ``framework``.
        ValidationError: ``by`` is given without an organisation, or an
            assessment is not of one of its schools.

    Example:
        >>> from matframework import Rating, Subject, SubjectKind, assurance_framework, examples
        >>> fw = assurance_framework()
        >>> schools = [Subject(name=n, kind=SubjectKind.SCHOOL) for n in ("Ash", "Birch", "Cedar")]
        >>> group = [Assessment.blank(fw, subject=s).with_rating("3B", r)
        ...          for s, r in zip(schools, (Rating.RED, Rating.RED, Rating.GREEN))]
        >>> aggregate(group).distribution("3B").as_dict()
        {'Red': 2, 'Amber Red': 0, 'Amber Green': 0, 'Green': 1, 'unrated': 0, 'not applicable': 0}
        >>> every_round = examples.school_assessments()
        >>> aggregate(every_round).counting
        'the latest assessment of each subject counted; 21 earlier rounds set aside'
        >>> by_tier = aggregate(every_round, by="tier", organisation=examples.organisation())
        >>> {tier: agg.size for tier, agg in by_tier.items()}
        {'intensive': 2, 'targeted': 2, 'universal': 7}

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       Counts each subject's latest assessment unless ``rounds="all"``.
    """
    given = list(assessments)
    group, set_aside = _members(given, rounds)
    one_framework(group, framework)
    if by is not None or organisation is not None:
        return _grouped(given, group, framework=framework, rounds=rounds, by=by, organisation=organisation)
    return _aggregate(group, framework, rounds, set_aside)


def _grouped(  # noqa: PLR0913 - the public function's arguments, passed on
    given: list[Assessment],
    group: list[Assessment],
    *,
    framework: Framework | None,
    rounds: Rounds,
    by: By | None,
    organisation: Organisation | None,
) -> dict[str, Aggregate]:
    if by is None or organisation is None:
        missing = "by=" if by is None else "organisation="
        message = f"grouping schools needs both by= and organisation=; {missing} is missing"
        raise ValidationError(
            [Problem(path=(missing[:-1],), message=message, expected="by= with organisation=")]
        )
    problems: list[Problem] = []
    members: dict[str, list[Assessment]] = {}
    place = {id(a): index for index, a in enumerate(given)}  # problems name the place in the input
    for assessment in group:
        index = place[id(assessment)]
        try:
            school = school_of(organisation, assessment)
        except ValidationError as error:
            problems.extend(
                Problem(path=(index, *p.path), message=p.message, expected=p.expected) for p in error.problems
            )
            continue
        members.setdefault(group_key(organisation, school, by, assessment.assessed_on), []).append(assessment)
    if problems:
        raise ValidationError(problems)
    order = sorted(members, key=lambda key: (key == NONE_RECORDED, key))
    # Each subject's rounds were set aside before grouping (a school's tier is the one it had
    # when last assessed); each group counts the earlier rounds of its own subjects.
    rounds_of = Counter(_key(a) for a in given)
    return {
        key: _aggregate(
            members[key], framework, rounds, sum(rounds_of[_key(a)] for a in members[key]) - len(members[key])
        )
        for key in order
    }


def _key(assessment: Assessment) -> tuple[object, ...]:
    return (subject_key(assessment), assessment.perspective)


def _aggregate(
    group: list[Assessment], framework: Framework | None, rounds: Rounds, set_aside: int
) -> Aggregate:
    codes = group_codes(group, framework)
    lookups = [a.entries for a in group]
    counted = FrameworkRef.to(framework) if framework is not None else (group[0].framework if group else None)
    return Aggregate(
        framework=counted,
        size=len(group),
        codes=tuple(codes),
        distributions=tuple(
            Distribution(counts=counts, unrated=unrated, not_applicable=skipped)
            for counts, unrated, skipped in tally_codes(lookups, codes)
        ),
        rounds=rounds,
        set_aside=set_aside,
    )


@attrs.frozen(kw_only=True)
class BenchmarkPosition:
    """Where one subject's rating of an element stands in a group.

    Attributes:
        code: The element code.
        rating: The subject's rating (``None`` when unrated or not applicable).
        below: Share of the rated group rated lower.
        equal: Share rated the same.
        above: Share rated higher.
        counted: How many of the group were rated on this element (the denominator).

    The shares are ``None`` when the subject is unrated or no one in the group is rated.

    Example:
        >>> from matframework import Assessment, Rating, Subject, SubjectKind, assurance_framework
        >>> fw = assurance_framework()
        >>> a, b = (Assessment.blank(fw, subject=Subject(name=n, kind=SubjectKind.TRUST)) for n in "TU")
        >>> group = [a.with_rating("1A", Rating.RED), b.with_rating("1A", Rating.GREEN)]
        >>> benchmark(b.with_rating("1A", Rating.GREEN), group).position("1A")
        BenchmarkPosition(code='1A', rating=<Rating.GREEN: 'Green'>, below=0.5, equal=0.5, above=0.0, counted=2)

    .. versionadded:: 0.1.0
    """

    code: str
    rating: Rating | None
    below: float | None
    equal: float | None
    above: float | None
    counted: int


@attrs.frozen(kw_only=True)
class Benchmark:
    """Where one subject stands against a group, element by element.

    Attributes:
        positions: One :class:`BenchmarkPosition` per element.
        group_size: How many of the group were counted.
        rounds: ``"latest"`` or ``"all"``, as for :class:`Aggregate`.
        set_aside: Earlier rounds of the group left out.

    Example:
        >>> from matframework import Assessment, Rating, Subject, SubjectKind, assurance_framework
        >>> fw = assurance_framework()
        >>> group = [Assessment.blank(fw, subject=Subject(name=n, kind=SubjectKind.TRUST)) for n in "TUV"]
        >>> benchmark(group[0], group)
        <Benchmark against a group of 3 over 14 elements: the latest assessment of each subject counted (each was assessed once)>

    .. versionadded:: 0.1.0
    """

    positions: tuple[BenchmarkPosition, ...]
    group_size: int
    rounds: Rounds = "all"
    set_aside: int = 0

    _repr_html_ = repr_html

    @property
    def counting(self) -> str:
        """What the group counted, in words (which rounds, and how many were set aside)."""
        return _rounds_note(self.rounds, self.set_aside)

    def position(self, code: str) -> BenchmarkPosition:
        """Return the position on element ``code``.

        Raises:
            UnknownElementError: No such element was benchmarked; the nearest codes are suggested (it is also a KeyError).
        """
        return find_code(self.positions, code)

    def __repr__(self) -> str:
        return (
            f"<Benchmark against a group of {self.group_size} over {len(self.positions)} elements: "
            f"{self.counting}>"
        )


def benchmark(
    assessment: Assessment,
    group: Iterable[Assessment] | Aggregate,
    *,
    framework: Framework | None = None,
    rounds: Rounds = "latest",
) -> Benchmark:
    """Place one subject against a group on each element: the shares of the group below, equal and above.

    Only group members rated on an element count towards its shares
    (unrated and not-applicable ones are left out, and ``counted`` says how
    many remain). The group counts each member's latest assessment, as
    :func:`aggregate` does, unless ``rounds="all"``. Include the subject in
    ``group`` or not, as the question needs; nothing else is removed.

    To place many subjects against one large group (every school of a trust against the
    national picture), pass the group's :func:`aggregate` instead of its assessments: it is
    counted once, not once per subject. Its own ``rounds`` then apply, and an aggregate of
    another framework is refused.

    Example:
        >>> from matframework import Rating, Subject, SubjectKind, assurance_framework
        >>> fw = assurance_framework()
        >>> schools = [Subject(name=n, kind=SubjectKind.SCHOOL) for n in ("Ash", "Birch", "Cedar", "Elm")]
        >>> ratings = (Rating.RED, Rating.AMBER_RED, Rating.GREEN, Rating.GREEN)
        >>> group = [Assessment.blank(fw, subject=s).with_rating("3B", r) for s, r in zip(schools, ratings)]
        >>> p = benchmark(group[1], group).position("3B")
        >>> p.below, p.equal, p.above, p.counted
        (0.25, 0.25, 0.5, 4)

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       The group counts each member's latest assessment unless ``rounds="all"``.
    """
    if isinstance(group, Aggregate):
        agg = group
        mine, theirs = assessment.framework, agg.framework
        if theirs is not None and (theirs.id, theirs.version) != (mine.id, mine.version):
            msg = (
                f"the group counts {theirs.id} version {theirs.version}, but the assessment rates "
                f"{mine.id} version {mine.version}; benchmark against a group of the same framework"
            )
            raise IncomparableError(msg)
        if framework is not None:
            require_framework([assessment], framework)
    else:
        members = list(group)
        one_framework([assessment, *members], framework)
        agg = aggregate(members, framework=framework, rounds=rounds)
    own = assessment.entries
    codes = list(agg.codes) + [code for code in own if code not in agg.codes and framework is None]
    positions: list[BenchmarkPosition] = []
    for code in codes:
        entry = own.get(code)
        rating = entry.rating if entry is not None and entry.applicable else None
        dist = agg.distribution(code) if code in agg.codes else Distribution()
        n = dist.counted
        if rating is None or n == 0:
            positions.append(
                BenchmarkPosition(code=code, rating=rating, below=None, equal=None, above=None, counted=n)
            )
            continue
        below = sum(dist.count(r) for r in Rating if r < rating)
        equal = dist.count(rating)
        positions.append(
            BenchmarkPosition(
                code=code,
                rating=rating,
                below=below / n,
                equal=equal / n,
                above=(n - below - equal) / n,
                counted=n,
            )
        )
    return Benchmark(
        positions=tuple(positions), group_size=agg.size, rounds=agg.rounds, set_aside=agg.set_aside
    )


attach(BenchmarkPosition)  # the notebook display hook (matframework.views.notebook)
