"""A worked example dataset: one FICTIONAL trust, told as one story.

Oak Valley Learning Trust, its schools and its people are invented, and
the ratings describe no real trust or school. The story:

- **The trust** (:func:`organisation`) has twelve schools of both phases in
  two hubs, North and South. Each school has a support tier (universal,
  targeted or intensive: the trust's own words), with its history. Yew
  Primary joined in January 2026; Hazel Primary joined in September 2026
  and has had no review yet.
- **School reviews** (:func:`school_assessments`): every school is reviewed
  each term of 2025/26 (autumn, spring, summer) by the Director of Education
  with its headteacher; Yew Primary from spring, after it joined. Cedar
  Primary stays at Red on 4B all year; Birch Primary's 3C goes down twice.
- **The trust's own self-assessment** (:func:`trust_assessments`), once a
  year: 2024/25, 2025/26 and 2026/27, each agreed and final. The latest
  (14 October 2026) is ``examples/oak-valley-trust-2026-autumn.yaml``, word
  for word.
- **Three perspectives** (:func:`perspective_assessments`): for the 2026/27
  round the framework went to three groups separately, as DfE's guide
  suggests: executive leaders (three people), headteachers (four) and
  trustees (three). Each person rated alone. Trustees see the trust more
  favourably than the headteachers do; the executive leaders' medians are
  the ratings the trust then agreed.
- **Moderation** (:func:`rater_assessments`): the executive leaders' three
  ratings, by name, from which the agreed ratings came (on every element the
  agreed rating is the median of the three).

The ratings come from a fixed recipe (a seeded pseudo-random generator, and
hand-set values where the story needs them), so every run gives the same data.

Example:
    >>> from matframework import examples
    >>> len(examples.organisation().schools), len(examples.school_assessments())
    (12, 32)
    >>> examples.TRUST_ROUNDS[-1], examples.SCHOOL_ROUNDS
    ('2026/27 autumn', ('2025/26 autumn', '2025/26 spring', '2025/26 summer'))
    >>> sorted({a.perspective for a in examples.perspective_assessments()})
    ['executive leaders', 'headteachers', 'trustees']
"""

from __future__ import annotations

import datetime as dt
import functools
import random

import attrs

from matframework.analysis.matching import match_pupils
from matframework.documents.bundled import assurance_framework
from matframework.documents.signoff import approve
from matframework.model.assessment import (
    Assessment,
    CriterionLean,
    CriterionNote,
    ElementRating,
    FrameworkRef,
    Status,
    Subject,
    SubjectKind,
)
from matframework.model.evaluation import (
    Allocation,
    Design,
    EvaluationPlan,
    MeasureKind,
    OutcomeMeasure,
    PupilGroup,
)
from matframework.model.evidence import Confidence, Evidence, EvidenceFile, EvidenceKind, Lean
from matframework.model.impact import Intervention, Scores, SubgroupScores
from matframework.model.organisation import TIER, Cluster, Fact, Organisation, School
from matframework.model.plan import Action, ActionStatus, ImprovementPlan, Priority
from matframework.model.rating import Rating
from matframework.model.signoff import Change

__all__ = [
    "FICTIONAL_NOTE",
    "ROUNDS",
    "SCHOOLS",
    "SCHOOL_ROUNDS",
    "TRUST",
    "TRUST_ROUNDS",
    "evidence_file",
    "evidenced_assessment",
    "improvement_plan",
    "organisation",
    "perspective_assessments",
    "rater_assessments",
    "reading_trials",
    "school_assessments",
    "signed_assessment",
    "trust_assessments",
]


def __dir__() -> list[str]:
    return __all__


FICTIONAL_NOTE = (
    "Fictional example data: Oak Valley Learning Trust, its schools and its people are invented, "
    "and the ratings describe no real trust or school."
)
TRUST = "Oak Valley Learning Trust (fictional)"
_REFERENCE = "TR09999"

# (URN, name, phase, hub, joined, tier history as (since, tier))
_SCHOOLS: tuple[tuple[str, str, str, str, dt.date, tuple[tuple[dt.date, str], ...]], ...] = (
    ("999101", "Ash Primary", "Primary", "north", dt.date(2016, 9, 1), ((dt.date(2024, 9, 1), "universal"),)),
    (
        "999102",
        "Birch Primary",
        "Primary",
        "north",
        dt.date(2017, 1, 1),
        ((dt.date(2024, 9, 1), "universal"), (dt.date(2026, 7, 20), "targeted")),
    ),
    (
        "999103",
        "Cedar Primary",
        "Primary",
        "north",
        dt.date(2018, 9, 1),
        ((dt.date(2024, 9, 1), "targeted"), (dt.date(2026, 4, 20), "intensive")),
    ),
    (
        "999104",
        "Elm Secondary",
        "Secondary",
        "north",
        dt.date(2016, 9, 1),
        ((dt.date(2024, 9, 1), "universal"),),
    ),
    ("999105", "Fir Primary", "Primary", "north", dt.date(2019, 4, 1), ((dt.date(2024, 9, 1), "universal"),)),
    (
        "999106",
        "Hazel Primary",
        "Primary",
        "north",
        dt.date(2026, 9, 1),
        ((dt.date(2026, 9, 1), "targeted"),),
    ),
    (
        "999107",
        "Larch Primary",
        "Primary",
        "south",
        dt.date(2017, 9, 1),
        ((dt.date(2024, 9, 1), "universal"),),
    ),
    (
        "999108",
        "Maple Primary",
        "Primary",
        "south",
        dt.date(2020, 9, 1),
        ((dt.date(2024, 9, 1), "targeted"),),
    ),
    (
        "999109",
        "Oak Lane Primary",
        "Primary",
        "south",
        dt.date(2018, 1, 1),
        ((dt.date(2024, 9, 1), "universal"),),
    ),
    (
        "999110",
        "Rowan Secondary",
        "Secondary",
        "south",
        dt.date(2021, 9, 1),
        ((dt.date(2024, 9, 1), "intensive"), (dt.date(2026, 7, 20), "targeted")),
    ),
    (
        "999111",
        "Willow Academy",
        "Secondary",
        "south",
        dt.date(2019, 9, 1),
        ((dt.date(2024, 9, 1), "universal"),),
    ),
    ("999112", "Yew Primary", "Primary", "south", dt.date(2026, 1, 5), ((dt.date(2026, 1, 5), "targeted"),)),
)
SCHOOLS = tuple(f"{name} (fictional)" for _, name, *_ in _SCHOOLS)
"""The twelve schools' names, in URN order."""

SCHOOL_ROUNDS = ("2025/26 autumn", "2025/26 spring", "2025/26 summer")
"""The three termly rounds of school reviews."""
_SCHOOL_DATES = (dt.date(2025, 11, 19), dt.date(2026, 3, 18), dt.date(2026, 6, 24))

TRUST_ROUNDS = ("2024/25 autumn", "2025/26 autumn", "2026/27 autumn")
"""The trust's yearly self-assessments."""
_TRUST_DATES = (dt.date(2024, 10, 16), dt.date(2025, 10, 15), dt.date(2026, 10, 14))
ROUNDS = TRUST_ROUNDS
"""The trust's rounds (kept under its earlier name)."""

_CEO = "A. Example (CEO)"
_DIRECTOR = "B. Example (Director of Education)"
_CHAIR = "C. Example (Chair of Trustees)"
_EXECUTIVE = (_CEO, _DIRECTOR, _CHAIR)
_HEADS = (
    "D. Example (Headteacher, Ash Primary)",
    "E. Example (Headteacher, Elm Secondary)",
    "F. Example (Headteacher, Maple Primary)",
    "G. Example (Headteacher, Rowan Secondary)",
)
_TRUSTEES = ("H. Example (Trustee)", "J. Example (Trustee)", "K. Example (Trustee)")

_R, _AR, _AG, _G = Rating.RED, Rating.AMBER_RED, Rating.AMBER_GREEN, Rating.GREEN
_CODES = ("1A", "1B", "1C", "2A", "2B", "3A", "3B", "3C", "4A", "4B", "5A", "5B", "6A")
_GOVERNANCE_REVIEW = "The trust's governance review is scheduled for next year; the board chose not to rate this element until then."

# The trust's agreed ratings in its three rounds (6B is not applicable in every round).
_AGREED = (
    (_AG, _AR, _AR, _R, _AR, _AR, _R, _R, _AG, _R, _AG, _AR, _AG),
    (_G, _AG, _AR, _R, _AR, _AG, _R, _AR, _AG, _AR, _AG, _AG, _AG),
    (_G, _AG, _AG, _AR, _AR, _AG, _R, _AR, _AG, _AR, _G, _AG, _AG),
)
# Each group's median view in the 2026/27 round; the executive leaders' is what was agreed.
_MEDIANS = {
    "executive leaders": _AGREED[-1],
    "headteachers": (_G, _AG, _AR, _R, _AR, _AG, _R, _AR, _G, _R, _AR, _AG, _AG),
    "trustees": (_G, _G, _AG, _AG, _AG, _AG, _AG, _AG, _AG, _AG, _G, _G, _G),
}
_MEMBERS = {"executive leaders": _EXECUTIVE, "headteachers": _HEADS, "trustees": _TRUSTEES}


def _ref() -> FrameworkRef:
    return FrameworkRef.to(assurance_framework())


def _trust() -> Subject:
    return Subject(name=TRUST, kind=SubjectKind.TRUST, trust_reference=_REFERENCE)


@functools.cache
def organisation() -> Organisation:
    """The fictional trust's structure: two hubs, twelve schools, each school's support tier over time.

    Example:
        >>> org = organisation()
        >>> [s.name for s in org.schools if s.cluster == "south"][:2]
        ['Larch Primary (fictional)', 'Maple Primary (fictional)']
        >>> org.school("999103").fact("tier", on=dt.date(2026, 1, 1)), org.school("999103").fact("tier")
        ('targeted', 'intensive')
    """
    return Organisation(
        name=TRUST,
        trust_reference=_REFERENCE,
        as_of=dt.date(2026, 11, 2),
        clusters=(
            Cluster(id="north", name="North hub", lead="L. Example (Hub lead, North)"),
            Cluster(id="south", name="South hub", lead="M. Example (Hub lead, South)"),
        ),
        schools=tuple(
            School(
                urn=urn,
                name=f"{name} (fictional)",
                phase=phase,
                joined_on=joined,
                cluster=hub,
                facts=tuple(Fact(name=TIER, value=tier, since=since) for since, tier in tiers),
            )
            for urn, name, phase, hub, joined, tiers in _SCHOOLS
        ),
    )


def _latest_trust_ratings() -> tuple[ElementRating, ...]:
    """The trust's 2026/27 ratings, with the evidence, notes and next steps of the example YAML file."""
    detail: dict[str, dict[str, object]] = {
        "1A": {"evidence": "Vision agreed by the board in 2025 and published to every school."},
        "1B": {
            "target": _G,
            "evidence": "Pupil-group analysis is strong in the secondaries, thinner in the primaries.",
            "next_steps": ("Extend the pupil-group analysis to the four primaries by spring.",),
        },
        "2A": {
            "target": _AG,
            "evidence": "Little internal capacity to deploy; expertise is mapped only informally.",
            "notes": (
                CriterionNote(numeral="ii", text="No record of which schools are strong in which subjects."),
            ),
            "next_steps": (
                "Map subject and phase expertise across the trust.",
                "Designate two lead practitioners for maths.",
            ),
        },
        "3B": {
            "target": _AG,
            "evidence": "Middle leaders have no trust-wide development offer.",
            "next_steps": ("Launch a middle-leader programme in the spring term.",),
        },
        "4B": {
            "evidence": "Each school assesses well, but results cannot be compared across schools.",
            "notes": (CriterionNote(numeral="iii", text="Moderation happens within schools only."),),
            "next_steps": ("Start cross-trust moderation of writing in the spring term.",),
        },
        "1C": {
            "evidence": "Headteachers describe an open culture of challenge; improvement is still led school by school."
        },
        "2B": {
            "evidence": "Each school recruits on its own; two senior posts were hard to fill in 2025/26.",
            "next_steps": ("Agree a trust-wide approach to recruiting and developing talent by the summer.",),
        },
        "3A": {"evidence": "Shared principles of teaching agreed in 2024 and seen in most lessons visited."},
        "3C": {
            "evidence": "Professional learning is mostly one-off training days, with little follow-up in classrooms.",
            "next_steps": ("Turn two training days into coaching within departments.",),
        },
        "4A": {"evidence": "A common curriculum in English and maths; other subjects are each school's own."},
        "5A": {"evidence": "Termly data from every school, reviewed by the executive team and the board."},
        "5B": {"evidence": "Termly visits to every school, with learning walks since autumn 2026."},
        "6A": {"evidence": "A skills audit of the board in 2025; two vacancies filled in the summer."},
    }
    entries = [
        ElementRating(code=code, rating=rating, **detail.get(code, {}))  # type: ignore[arg-type]
        for code, rating in zip(_CODES, _AGREED[-1], strict=True)
    ]
    return (*entries, ElementRating(code="6B", not_applicable=_GOVERNANCE_REVIEW))


@functools.cache
def trust_assessments() -> tuple[Assessment, ...]:
    """The trust's own agreed self-assessment in each of its three yearly rounds (final), oldest first.

    Example:
        >>> [a.rating("3B").label for a in trust_assessments()]
        ['Red', 'Red', 'Red']
    """
    result = []
    for index, (label, day) in enumerate(zip(TRUST_ROUNDS, _TRUST_DATES, strict=True)):
        if index == len(TRUST_ROUNDS) - 1:
            ratings = _latest_trust_ratings()
        else:
            ratings = (
                *(ElementRating(code=c, rating=r) for c, r in zip(_CODES, _AGREED[index], strict=True)),
                ElementRating(code="6B", not_applicable=_GOVERNANCE_REVIEW),
            )
        result.append(
            Assessment(
                subject=_trust(),
                framework=_ref(),
                assessed_on=day,
                round=label,
                raters=(_CEO, _DIRECTOR),
                status=Status.FINAL,
                ratings=ratings,
            )
        )
    return tuple(result)


def _around(rng: random.Random, median: Rating, size: int) -> list[Rating]:
    """``size`` ratings whose median (the lower middle one) is ``median``: one at it, the rest either side."""
    chosen = [median.ordinal]
    below = (size - 1) // 2 if size % 2 else size // 2 - 1
    for position in range(size - 1):
        step = rng.choice((0, 0, 1, 1, 2)) if position < below else rng.choice((0, 0, 0, 1))
        value = median.ordinal - step if position < below else median.ordinal + step
        chosen.append(max(1, min(4, value)))
    return [Rating.from_ordinal(v) for v in chosen]


@functools.cache
def perspective_assessments() -> tuple[Assessment, ...]:
    """Ten people's separate ratings of the trust in the 2026/27 round, each with their group's perspective.

    Example:
        >>> from collections import Counter
        >>> Counter(a.perspective for a in perspective_assessments())
        Counter({'headteachers': 4, 'executive leaders': 3, 'trustees': 3})
    """
    rng = random.Random(2026)  # noqa: S311 - a fixed recipe for example data, not security
    result = []
    for group, members in _MEMBERS.items():
        by_code = {
            code: _around(rng, median, len(members))
            for code, median in zip(_CODES, _MEDIANS[group], strict=True)
        }
        for number, member in enumerate(members):
            result.append(
                Assessment(
                    subject=_trust(),
                    framework=_ref(),
                    assessed_on=dt.date(2026, 10, 7)
                    if group != "executive leaders"
                    else dt.date(2026, 10, 9),
                    round=TRUST_ROUNDS[-1],
                    raters=(member,),
                    perspective=group,
                    status=Status.FINAL,
                    ratings=(
                        *(ElementRating(code=code, rating=by_code[code][number]) for code in _CODES),
                        ElementRating(code="6B", not_applicable=_GOVERNANCE_REVIEW),
                    ),
                )
            )
    return tuple(result)


@functools.cache
def rater_assessments() -> dict[str, Assessment]:
    """The three executive leaders' own ratings of the trust in the 2026/27 round, by name.

    On every element the trust's agreed rating is the median of these three.
    """
    return {a.raters[0]: a for a in perspective_assessments() if a.perspective == "executive leaders"}


# Where the story sets a school's rating in each round: (URN, code) → three ratings.
_PLANTED = {
    ("999103", "4B"): (_R, _R, _R),  # Cedar: Red on moderation all year
    ("999102", "3C"): (_G, _AG, _AR),  # Birch: down twice running
    ("999110", "3B"): (_R, _AR, _AG),  # Rowan: up twice, out of intensive support
}


@functools.cache
def school_assessments() -> tuple[Assessment, ...]:
    """Each school's review in each termly round of 2025/26, school by school, oldest round first.

    Yew Primary joined in January 2026 and is reviewed from spring; Hazel
    Primary joined in September 2026 and has no review yet.

    Example:
        >>> [a.rating("4B").label for a in school_assessments() if a.subject.urn == "999103"]
        ['Red', 'Red', 'Red']
    """
    codes = assurance_framework().element_codes
    result: list[Assessment] = []
    for number, school in enumerate(organisation().schools):
        rounds = [
            (label, day)
            for label, day in zip(SCHOOL_ROUNDS, _SCHOOL_DATES, strict=True)
            if school.joined_on is None or school.joined_on <= day
        ]
        if not rounds:
            continue
        rng = random.Random(100 + number)  # noqa: S311 - a fixed recipe for example data, not security
        start = {code: rng.choice((1, 2, 2, 2, 3, 3, 3, 4)) for code in codes}
        subject = Subject(name=school.name, kind=SubjectKind.SCHOOL, urn=school.urn)
        for index, (label, day) in enumerate(rounds):
            entries = []
            for code in codes:
                planted = _PLANTED.get((school.urn, code))
                if planted is not None:
                    rating = planted[index + (len(SCHOOL_ROUNDS) - len(rounds))]
                else:
                    rises = sum(1 for _ in range(index) if rng.random() < 0.3)  # noqa: PLR2004
                    level = max(1, min(4, start[code] + rises - (1 if rng.random() < 0.08 else 0)))  # noqa: PLR2004
                    rating = Rating.from_ordinal(level)
                entries.append(ElementRating(code=code, rating=rating))
            result.append(
                Assessment(
                    subject=subject,
                    framework=_ref(),
                    assessed_on=day,
                    round=label,
                    raters=(_DIRECTOR, f"Headteacher of {school.name}"),
                    status=Status.FINAL,
                    ratings=tuple(entries),
                )
            )
    return tuple(result)


def _record(
    id_: str, title: str, kind: EvidenceKind, collected: dt.date, review: dt.date, *supports: str
) -> Evidence:
    return Evidence(
        id=id_,
        title=title,
        kind=kind,
        collected_on=collected,
        collected_by=_DIRECTOR,
        review_by=review,
        supports=supports,
        link=f"evidence/{id_.lower()}.pdf",
    )


@functools.cache
def evidence_file() -> EvidenceFile:
    """The trust's shared evidence file, autumn 2026: seven records of five kinds, one of them stale by November.

    Example:
        >>> [r.id for r in evidence_file().records if r.stale(on=dt.date(2026, 11, 2))]
        ['E5']
    """
    k = EvidenceKind
    return EvidenceFile(
        owner=TRUST,
        records=(
            _record(
                "E1",
                "KS2 and KS4 results 2026 by pupil group",
                k.PERFORMANCE_DATA,
                dt.date(2026, 9, 15),
                dt.date(2027, 9, 30),
                "1B",
                "4A",
                "5A",
                "5B.ii",
            ),
            _record(
                "E2",
                "Learning walks in every school, autumn 2026",
                k.LEARNING_WALK,
                dt.date(2026, 10, 1),
                dt.date(2027, 3, 31),
                "3A",
                "3B",
                "5B.ii",
            ),
            _record(
                "E3",
                "Staff survey 2026",
                k.STAFF_VOICE,
                dt.date(2026, 6, 20),
                dt.date(2027, 6, 30),
                "1C",
                "2B",
                "3C",
            ),
            _record(
                "E4",
                "Pupil voice panels, summer 2026",
                k.PUPIL_VOICE,
                dt.date(2026, 7, 1),
                dt.date(2027, 7, 31),
                "1C",
                "5B",
            ),
            _record(
                "E5",
                "Trust board minutes: strategy day",
                k.BOARD_PAPERS,
                dt.date(2025, 9, 20),
                dt.date(2026, 9, 30),
                "1A",
                "6A",
            ),
            _record(
                "E6",
                "Cross-trust moderation of writing, spring 2026",
                k.ASSESSMENT_MODERATION,
                dt.date(2026, 3, 25),
                dt.date(2026, 12, 31),
                "4B",
            ),
            _record(
                "E7",
                "Peer review by a partner trust",
                k.PEER_REVIEW,
                dt.date(2026, 5, 12),
                dt.date(2027, 5, 31),
                "2A",
                "5B",
            ),
        ),
    )


@functools.cache
def evidenced_assessment() -> Assessment:
    """The trust's 2026/27 assessment with the evidence behind it: ids into :func:`evidence_file`, confidence, leans.

    Example:
        >>> entry = evidenced_assessment().entries["2A"]
        >>> entry.confidence.value, [lean.lean.value for lean in entry.leans]
        ('low', ['closer to red', 'red'])
    """
    latest = trust_assessments()[-1]
    details: dict[str, dict[str, object]] = {
        "2A": {
            "evidence_ids": ("E7",),
            "confidence": Confidence.LOW,
            "leans": (
                CriterionLean(numeral="i", lean=Lean.CLOSER_TO_RED),
                CriterionLean(numeral="ii", lean=Lean.RED),
            ),
        },
        "3B": {"evidence_ids": ("E2",), "confidence": Confidence.MEDIUM},
        "4B": {"evidence_ids": ("E6",), "leans": (CriterionLean(numeral="iii", lean=Lean.RED),)},
        "5A": {"evidence_ids": ("E1",), "confidence": Confidence.HIGH},
        "5B": {"evidence_ids": ("E2", "E4", "E7"), "confidence": Confidence.HIGH},
    }
    result = latest
    for code, changes in details.items():
        result = result.with_rating(code, result.rating(code), **changes)
    return result


@functools.cache
def signed_assessment() -> Assessment:
    """The 2026/27 assessment as the trust board signed it off: its evidence carried with it, one logged change, one approval.

    The evidence records are the shared file's, held in the assessment's own
    ``evidence`` list; the change log records the working group lowering 4B
    before the board met; the approval's hash is of the content approved, so
    the approval is still current.

    Example:
        >>> from matframework import approval_status
        >>> approval_status(signed_assessment())
        'approved by Trust board on 2026-11-18 (TB 2026/41); unchanged since'
        >>> signed_assessment().changes[0].field
        'ratings.4B.rating'
    """
    change = Change(
        on=dt.date(2026, 11, 4),
        by="Director of education",
        field="ratings.4B.rating",
        old="Amber Green",
        new="Amber Red",
        reason="The October learning walks did not bear out the first rating.",
    )
    carried = attrs.evolve(evidenced_assessment(), evidence=evidence_file().records, changes=(change,))
    return approve(carried, role="Trust board", on=dt.date(2026, 11, 18), minute="TB 2026/41")


@functools.cache
def improvement_plan() -> ImprovementPlan:
    """The trust's plan after its 2026/27 round: three priorities and six actions, as of November 2026.

    By February 2027 one action is overdue, one has no owner, and the moderation priority has no action yet.
    """
    status = ActionStatus
    return ImprovementPlan(
        owner=TRUST,
        title="Trust improvement plan 2026/27",
        based_on=TRUST_ROUNDS[-1],
        starts_on=dt.date(2026, 11, 2),
        ends_on=dt.date(2027, 10, 31),
        priorities=(
            Priority(
                id="P1",
                title="Build the trust's own capacity to improve schools",
                elements=("2A",),
                success_criteria=(
                    "Expertise mapped in every school",
                    "Two lead practitioners deployed in maths",
                ),
                target=_AG,
                target_by=dt.date(2027, 7, 31),
                rationale="2A is Amber Red: most support is bought in.",
            ),
            Priority(
                id="P2",
                title="Develop middle leaders across the trust",
                elements=("3B", "3C"),
                practice_areas=("Middle leadership development",),
                success_criteria=("Every middle leader on the programme by September 2027",),
                target=_AG,
                target_by=dt.date(2027, 10, 31),
                rationale="3B has been Red for three rounds.",
            ),
            Priority(
                id="P3",
                title="Moderate assessment across schools",
                elements=("4B.iii",),
                target=_AG,
                target_by=dt.date(2027, 10, 31),
            ),
        ),
        actions=(
            Action(
                id="A1",
                title="Map subject and phase expertise across the trust",
                priority="P1",
                owner_role="Director of Education",
                starts_on=dt.date(2026, 11, 2),
                due_on=dt.date(2027, 3, 31),
                status=status.IN_PROGRESS,
            ),
            Action(
                id="A2",
                title="Designate two lead practitioners for maths",
                priority="P1",
                owner_role="CEO",
                due_on=dt.date(2027, 1, 15),
            ),
            Action(
                id="A3",
                title="Launch the middle-leader programme",
                priority="P2",
                owner_role="Director of Education",
                starts_on=dt.date(2027, 1, 5),
                due_on=dt.date(2027, 4, 30),
                cost=12_000.0,
                status=status.IN_PROGRESS,
            ),
            Action(
                id="A4",
                title="Evaluate the programme's impact",
                priority="P2",
                owner_role="Head of CPD",
                due_on=dt.date(2027, 7, 31),
            ),
            Action(
                id="A5",
                title="Termly learning walks on middle leadership",
                priority="P2",
                owner_role="Hub leads",
                due_on=dt.date(2026, 12, 18),
                status=status.DONE,
            ),
            Action(
                id="A6",
                title="Share the expertise map with headteachers",
                priority="P1",
                due_on=dt.date(2027, 3, 31),
            ),
        ),
    )


@attrs.frozen
class _Trial:
    school: str
    seed: int
    pupils: int  # in each group at the pre-test
    lost: tuple[int, int]  # pupils with no post-test: intervention, comparison
    effect: float  # the true effect, in SD of the outcome (the recipe's, not a finding)
    plan: EvaluationPlan
    follow_up: bool = False


_READ_TOGETHER = "Read Together"
_READING_QUESTION = "Does Read Together (paired reading, three times a week) raise Year 4 reading scores?"
_NGRT = OutcomeMeasure(
    name="NGRT Form B",
    kind=MeasureKind.STANDARDISED,
    reliability="The publisher reports a reliability of about 0.9.",
    selected_by="Autumn reading age check",
)
_GROUPS = (PupilGroup.PUPIL_PREMIUM, PupilGroup.EAL)
_TRIALS = (
    _Trial(
        school="Ash Primary (fictional)",
        seed=41,
        pupils=41,
        lost=(3, 3),
        effect=0.3,
        follow_up=True,
        plan=EvaluationPlan(
            question=_READING_QUESTION,
            outcome=_NGRT,
            design=Design.MATCHED,
            pretest_on=dt.date(2025, 9, 15),
            posttest_on=dt.date(2026, 3, 23),
            follow_up_on=dt.date(2026, 7, 6),
            blind_marking=True,
            subgroups=_GROUPS,
            expected_effect=0.3,
            pretest_correlation=0.7,
        ),
    ),
    _Trial(
        school="Birch Primary (fictional)",
        seed=42,
        pupils=56,
        lost=(2, 3),
        effect=0.15,
        plan=EvaluationPlan(
            question=_READING_QUESTION,
            outcome=_NGRT,
            design=Design.RANDOMISED,
            allocation=Allocation.CLASS,
            pretest_on=dt.date(2025, 9, 15),
            posttest_on=dt.date(2026, 3, 23),
            blind_marking=True,
            subgroups=_GROUPS,
            expected_effect=0.3,
            pretest_correlation=0.7,
            icc=0.15,
            cluster_size=28,
        ),
    ),
    _Trial(
        school="Cedar Primary (fictional)",
        seed=43,
        pupils=34,
        lost=(8, 4),
        effect=0.45,
        plan=EvaluationPlan(
            question=_READING_QUESTION,
            outcome=OutcomeMeasure(name="Cedar reading check", kind=MeasureKind.OWN),
            design=Design.COMPARISON,
            pretest_on=dt.date(2025, 9, 22),
            posttest_on=dt.date(2026, 3, 30),
            blind_marking=False,
            subgroups=_GROUPS,
        ),
    ),
)


def _pupils(rng: random.Random, count: int, effect: float) -> list[tuple[int, int, int, bool, bool]]:
    """(pre-test, post-test, follow-up, pupil premium, EAL) for each pupil: a fixed recipe."""
    found = []
    for _ in range(count):
        pre = rng.gauss(88, 10)
        post = 28 + 0.7 * pre + effect * 10 + rng.gauss(0, 7)
        found.append(
            (
                round(pre),
                round(post),
                round(post + 1 + rng.gauss(0, 4)),
                rng.random() < 0.45,  # noqa: PLR2004 - the recipe's share of pupil premium pupils
                rng.random() < 0.15,  # noqa: PLR2004 - and of pupils with EAL
            )
        )
    return found


def _scores(pupils: list[tuple[int, int, int, bool, bool]], lost: int, *, later: bool = False) -> Scores:
    kept = pupils[lost:]
    return Scores(
        start=tuple(p[0] for p in kept), end=tuple(p[2 if later else 1] for p in kept), started=len(pupils)
    )


def _trial(trial: _Trial) -> Intervention:
    rng = random.Random(trial.seed)  # noqa: S311 - a fixed recipe for example data, not security
    treated = _pupils(rng, trial.pupils, trial.effect)
    if trial.plan.design is Design.MATCHED:  # matched from a year group of others, within 3 points
        pool = _pupils(rng, 3 * trial.pupils, 0.0)
        matching = match_pupils(
            {f"t{i}": p[0] for i, p in enumerate(treated)},
            {f"c{i}": p[0] for i, p in enumerate(pool)},
            within=3,
        )
        by_pupil = {int(t[1:]): pool[int(c[1:])] for t, c, _ in matching.pairs}
        treated = [treated[i] for i in sorted(by_pupil)]
        others = [by_pupil[i] for i in sorted(by_pupil)]
    else:
        others = _pupils(rng, trial.pupils, 0.0)
    kept_treated, kept_others = treated[trial.lost[0] :], others[trial.lost[1] :]
    subgroups = tuple(
        SubgroupScores(
            group=group,
            scores=_scores([p for p in kept_treated if p[3 + index]], 0),
            comparison=_scores([p for p in kept_others if p[3 + index]], 0),
        )
        for index, group in enumerate(_GROUPS)
    )
    return Intervention(
        title=_READ_TOGETHER,
        schools=(trial.school,),
        elements=("3A",),
        intended_outcome="Year 4 pupils reading below the expected standard catch up.",
        starts_on=trial.plan.pretest_on,
        ends_on=trial.plan.posttest_on,
        cost=1800.0,
        pupils_reached=len(treated),
        evaluation=trial.plan,
        scores=_scores(treated, trial.lost[0]),
        comparison=_scores(others, trial.lost[1]),
        subgroups=subgroups,
        follow_up=_scores(treated, trial.lost[0], later=True) if trial.follow_up else None,
        comparison_follow_up=_scores(others, trial.lost[1], later=True) if trial.follow_up else None,
    )


@functools.cache
def reading_trials() -> tuple[Intervention, ...]:
    """The trust's reading intervention, Read Together, tried in three primary schools in 2025/26.

    Each school set down an evaluation plan before the start. Ash Primary matched a comparison
    group and sat a follow-up test; Birch Primary allocated whole classes at random; Cedar
    Primary compared with another class on its own reading check, marked by the class teachers,
    and lost more pupils before the post-test. The pupils' scores come from a fixed recipe.

    Example:
        >>> [(t.schools[0][:5], t.scores.count, t.comparison.count) for t in reading_trials()]
        [('Ash P', 37, 37), ('Birch', 54, 53), ('Cedar', 26, 30)]
    """
    return tuple(_trial(trial) for trial in _TRIALS)
