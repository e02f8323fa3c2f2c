"""Hypothesis strategies for matframework's model classes, one per class."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from matframework import (
    Assessment,
    Criterion,
    CriterionNote,
    Element,
    ElementRating,
    Framework,
    FrameworkRef,
    FrameworkReview,
    Heading,
    ImpactCheck,
    ImprovementMode,
    Intervention,
    ModeClassification,
    ModeDecision,
    Rating,
    RatingScale,
    ReviewAnswer,
    ReviewStatus,
    ScaleLevel,
    Scores,
    Source,
    Stage,
    Status,
    Subject,
    SubjectKind,
)
from matframework.model.assessment import CriterionLean
from matframework.model.evaluation import (
    Allocation,
    Design,
    EvaluationPlan,
    MeasureKind,
    OutcomeMeasure,
    PupilGroup,
)
from matframework.model.evidence import Confidence, Evidence, EvidenceFile, EvidenceKind, Lean
from matframework.model.framework import roman
from matframework.model.impact import SubgroupScores
from matframework.model.organisation import Cluster, Fact, Organisation, School
from matframework.model.plan import Action, ActionStatus, ImprovementPlan, Priority
from matframework.model.signoff import Approval, Change, Decision

# Text that survives YAML, JSON and a worksheet: any printable characters, never blank. The two
# noncharacters U+FFFE and U+FFFF are left out: XML 1.0 forbids them, so a workbook refuses them
# (tested on their own in tests/test_excel.py), which the round trips are not about.
text = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs", "Cc"), blacklist_characters="\u2028\u2029\x85\ufffe\uffff"
    ),
    min_size=1,
    max_size=40,
).filter(lambda s: s.strip() != "")

ratings = st.sampled_from(Rating)
colours = st.from_regex(r"#[0-9a-f]{6}", fullmatch=True)


@st.composite
def scale_levels(draw: st.DrawFn, rating: Rating) -> ScaleLevel:
    return ScaleLevel(
        rating=rating,
        meaning=draw(st.none() | text),
        described=draw(st.booleans()),
        colour=draw(colours),
        short=draw(text),
    )


@st.composite
def rating_scales(draw: st.DrawFn) -> RatingScale:
    return RatingScale(levels=tuple(draw(scale_levels(rating)) for rating in Rating))


@st.composite
def criteria_lists(draw: st.DrawFn, code: str) -> tuple[Criterion, ...]:
    count = draw(st.integers(min_value=1, max_value=8))
    starts = draw(st.integers(min_value=0, max_value=count))
    return tuple(
        Criterion(
            element_code=code,
            numeral=roman(n),
            stage=Stage.START if n <= starts else Stage.ADDITIONAL,
            question=draw(text),
            red=draw(text),
            green=draw(text),
        )
        for n in range(1, count + 1)
    )


@st.composite
def elements(draw: st.DrawFn, code: str = "1A") -> Element:
    return Element(
        code=code,
        title=draw(text),
        focus_areas=tuple(draw(st.lists(text, max_size=4))),
        criteria=draw(criteria_lists(code)),
    )


@st.composite
def headings(draw: st.DrawFn, number: int = 1) -> Heading:
    letters = draw(st.lists(st.sampled_from("ABCDEFGH"), min_size=1, max_size=4, unique=True).map(sorted))
    return Heading(
        number=number,
        title=draw(text),
        elements=tuple(draw(elements(f"{number}{letter}")) for letter in letters),
    )


@st.composite
def sources(draw: st.DrawFn) -> Source:
    return Source(
        title=draw(text),
        attribution=draw(text),
        publisher=draw(st.none() | text),
        url=draw(st.none() | text),
        licence=draw(st.none() | text),
        notes=tuple(draw(st.lists(text, max_size=3))),
    )


@st.composite
def frameworks(draw: st.DrawFn) -> Framework:
    count = draw(st.integers(min_value=1, max_value=4))
    return Framework(
        id=draw(text),
        title=draw(text),
        version=draw(text),
        source=draw(sources()),
        scale=draw(rating_scales()),
        headings=tuple(draw(headings(n)) for n in range(1, count + 1)),
        description=tuple(draw(st.lists(text, max_size=2))),
        guidance=tuple(draw(st.lists(text, max_size=2))),
        additions=tuple(draw(st.lists(text, max_size=2))),
    )


# Assessments ---------------------------------------------------------------------------------

codes = st.from_regex(r"[1-9][A-F]", fullmatch=True)
dates = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 12, 31))


@st.composite
def subjects(draw: st.DrawFn) -> Subject:
    return Subject(
        name=draw(text),
        kind=draw(st.sampled_from(SubjectKind)),
        urn=draw(st.none() | st.from_regex(r"[0-9]{6,7}", fullmatch=True)),
        ukprn=draw(st.none() | st.from_regex(r"[0-9]{8}", fullmatch=True)),
        trust_reference=draw(st.none() | text),
    )


NUMERALS = ["i", "ii", "iii", "iv", "v", "vi"]


@st.composite
def element_ratings(
    draw: st.DrawFn, code: str, *, final: bool = False, evidence: bool = True
) -> ElementRating:
    not_applicable = (
        draw(st.none() | text) if not final else draw(st.sampled_from([None, None, "Does not apply"]))
    )
    rating = None if not_applicable is not None else draw(ratings if final else st.none() | ratings)
    numerals = draw(st.lists(st.sampled_from(["i", "ii", "iii", "iv", "v", "vi"]), unique=True, max_size=3))
    return ElementRating(
        code=code,
        rating=rating,
        target=draw(st.none() | ratings),
        evidence=draw(st.none() | text),
        notes=tuple(CriterionNote(numeral=n, text=draw(text)) for n in numerals),
        next_steps=tuple(draw(st.lists(text, max_size=3))),
        not_applicable=not_applicable,
        evidence_ids=tuple(draw(st.lists(evidence_ids, max_size=3 if evidence else 0))),
        confidence=draw(st.none() | st.sampled_from(Confidence)) if evidence else None,
        leans=tuple(
            CriterionLean(numeral=n, lean=draw(st.sampled_from(Lean)))
            for n in draw(st.lists(st.sampled_from(NUMERALS), unique=True, max_size=3 if evidence else 0))
        ),
    )


evidence_ids = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,8}", fullmatch=True)


@st.composite
def evidence_records(draw: st.DrawFn, evidence_id: str) -> Evidence:
    return Evidence(
        id=evidence_id,
        title=draw(text),
        kind=draw(st.sampled_from(EvidenceKind)),
        collected_on=draw(st.none() | dates),
        collected_by=draw(st.none() | text),
        review_by=draw(st.none() | dates),
        supports=tuple(draw(st.lists(codes, max_size=3))),
        link=draw(st.none() | text),
        summary=draw(st.none() | text),
    )


@st.composite
def evidence_files(draw: st.DrawFn) -> EvidenceFile:
    ids = draw(st.lists(evidence_ids, unique=True, max_size=4))
    return EvidenceFile(owner=draw(text), records=tuple(draw(evidence_records(i)) for i in ids))


@st.composite
def assessments(draw: st.DrawFn, *, evidence: bool = True) -> Assessment:
    """Any assessment; ``evidence=False`` leaves out evidence records, evidence ids, confidence and leans."""
    final = draw(st.booleans())
    element_codes = draw(st.lists(codes, unique=True, max_size=6))
    return Assessment(
        subject=draw(subjects()),
        framework=FrameworkRef(id=draw(text), version=draw(text)),
        assessed_on=draw(dates) if final else draw(st.none() | dates),
        round=draw(st.none() | text),
        raters=tuple(draw(st.lists(text, max_size=3))),
        perspective=draw(st.none() | text.filter(str.strip)),
        status=Status.FINAL if final else Status.DRAFT,
        ratings=tuple(draw(element_ratings(code, final=final, evidence=evidence)) for code in element_codes),
        evidence=tuple(
            draw(evidence_records(i))
            for i in draw(st.lists(evidence_ids, unique=True, max_size=2 if evidence else 0))
        ),
        changes=tuple(draw(st.lists(changes(), max_size=2 if evidence else 0))),
        approvals=tuple(draw(st.lists(approvals(), max_size=1 if evidence else 0))),
        supersedes=draw(st.none() | text) if evidence else None,
    )


@st.composite
def changes(draw: st.DrawFn) -> Change:
    return Change(
        on=draw(dates),
        by=draw(text),
        field=draw(text),
        old=draw(st.none() | text),
        new=draw(st.none() | text),
        reason=draw(st.none() | text),
    )


@st.composite
def approvals(draw: st.DrawFn) -> Approval:
    return Approval(
        role=draw(text),
        decision=draw(st.sampled_from(Decision)),
        on=draw(dates),
        minute=draw(st.none() | text),
        content_hash=draw(st.from_regex(r"[0-9a-f]{64}", fullmatch=True)),
    )


# Improvement framework documents ----------------------------------------------------------------


@st.composite
def mode_classifications(draw: st.DrawFn) -> ModeClassification:
    areas = draw(st.lists(text, unique=True, max_size=6))
    return ModeClassification(
        owner=draw(text),
        decisions=tuple(
            ModeDecision(
                area=area,
                mode=draw(st.none() | st.sampled_from(ImprovementMode)),
                rationale=draw(st.none() | text),
                agreed_on=draw(st.none() | dates),
                review_on=draw(st.none() | dates),
            )
            for area in areas
        ),
    )


@st.composite
def framework_reviews(draw: st.DrawFn) -> FrameworkReview:
    answers = []
    for _ in range(draw(st.integers(0, 6))):
        use_rating = draw(st.booleans())
        answers.append(
            ReviewAnswer(
                question=draw(text),
                response=draw(st.none() | text),
                evidence=draw(st.none() | text),
                status=None if use_rating else draw(st.none() | st.sampled_from(ReviewStatus)),
                rating=draw(st.none() | ratings) if use_rating else None,
            )
        )
    return FrameworkReview(owner=draw(text), reviewed_on=draw(st.none() | dates), answers=tuple(answers))


scores_values = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)


@st.composite
def score_sets(draw: st.DrawFn, *, most: int = 500) -> Scores:
    attendance_start = draw(st.none() | st.floats(0, 100))
    attendance_end = draw(st.none() | st.floats(0, 100))
    if draw(st.booleans()) and most >= 1:
        start = draw(st.lists(scores_values, min_size=1, max_size=min(8, most)))
        end = draw(st.lists(scores_values, min_size=len(start), max_size=len(start)))
        return Scores(
            start=tuple(start),
            end=tuple(end),
            attendance_start=attendance_start,
            attendance_end=attendance_end,
            started=draw(st.none() | st.integers(len(start), len(start) + 50)),
        )
    n = draw(st.integers(0, most))
    return Scores(
        n=n,
        started=draw(st.none() | st.integers(n, n + 50)),
        start_mean=draw(scores_values),
        start_sd=draw(st.floats(0, 100)),
        end_mean=draw(scores_values),
        end_sd=draw(st.floats(0, 100)),
        gain_sd=draw(st.none() | st.floats(0, 100)),
        attendance_start=attendance_start,
        attendance_end=attendance_end,
    )


@st.composite
def interventions(draw: st.DrawFn) -> Intervention:
    start = draw(st.none() | dates)
    tips = draw(st.lists(st.sampled_from(["feedback", "value-for-money", "assessment-data"]), unique=True))
    return Intervention(
        title=draw(text),
        schools=tuple(draw(st.lists(text, max_size=3))),
        elements=tuple(draw(st.lists(codes, max_size=3))),
        intended_outcome=draw(st.none() | text),
        monitoring=draw(st.none() | text),
        starts_on=start,
        ends_on=None
        if start is None
        else draw(st.none() | st.dates(min_value=start, max_value=dt.date(2100, 1, 1))),
        cost=draw(st.none() | st.floats(0, 1e6)),
        pupils_reached=draw(st.none() | st.integers(0, 10_000)),
        checklist=tuple(
            ImpactCheck(
                tip=t, status=draw(st.none() | st.sampled_from(ReviewStatus)), evidence=draw(st.none() | text)
            )
            for t in tips
        ),
        **draw(_results()),
    )


@st.composite
def evaluation_plans(draw: st.DrawFn, *, pre_post: bool = True) -> EvaluationPlan:
    days = sorted(draw(st.lists(dates, unique=True, max_size=3)))
    slots = sorted(draw(st.sets(st.sampled_from(range(3)), min_size=len(days), max_size=len(days))))
    on = dict(zip(slots, days, strict=True))
    allocation = draw(st.sampled_from(Allocation))
    designs = [d for d in Design if pre_post or d.has_comparison]
    return EvaluationPlan(
        question=draw(text),
        outcome=draw(
            st.none()
            | st.builds(
                OutcomeMeasure,
                name=text,
                kind=st.none() | st.sampled_from(MeasureKind),
                reliability=st.none() | text,
                selected_by=st.none() | text,
            )
        ),
        design=draw(st.none() | st.sampled_from(designs)),
        allocation=allocation,
        pretest_on=on.get(0),
        posttest_on=on.get(1),
        follow_up_on=on.get(2),
        blind_marking=draw(st.none() | st.booleans()),
        subgroups=tuple(draw(st.lists(st.sampled_from(PupilGroup), unique=True))),
        expected_effect=draw(st.none() | st.floats(0.01, 3)),
        pretest_correlation=draw(st.none() | st.floats(0, 0.99)),
        icc=draw(st.none() | st.floats(0, 1)) if allocation.clustered else None,
        cluster_size=draw(st.none() | st.integers(1, 60)) if allocation.clustered else None,
    )


@st.composite
def _results(draw: st.DrawFn) -> dict[str, Any]:
    """An intervention's plan and results that agree with each other (subgroups within the groups)."""
    scores = draw(st.none() | score_sets())
    comparison = draw(st.none() | score_sets())
    found: dict[str, Any] = {
        "scores": scores,
        "comparison": comparison,
        "evaluation": draw(st.none() | evaluation_plans(pre_post=comparison is None)),
    }
    if scores is not None:
        found["subgroups"] = tuple(
            SubgroupScores(
                group=group,
                scores=draw(score_sets(most=scores.count)),
                comparison=None
                if comparison is None
                else draw(st.none() | score_sets(most=comparison.count)),
            )
            for group in draw(st.lists(st.sampled_from(PupilGroup), unique=True, max_size=3))
        )
        if draw(st.booleans()):
            found["follow_up"] = draw(score_sets(most=scores.started if scores.started is not None else 500))
            if comparison is not None and draw(st.booleans()):
                limit = comparison.started if comparison.started is not None else 500
                found["comparison_follow_up"] = draw(score_sets(most=limit))
    return found


# The trust's structure -------------------------------------------------------------------------


@st.composite
def organisations(draw: st.DrawFn) -> Organisation:
    cluster_ids = draw(
        st.lists(st.from_regex(r"[a-z][a-z0-9-]{0,8}", fullmatch=True), unique=True, max_size=3)
    )
    clusters = tuple(Cluster(id=c, name=draw(text), lead=draw(st.none() | text)) for c in cluster_ids)
    urns = draw(st.lists(st.from_regex(r"[0-9]{6,7}", fullmatch=True), unique=True, max_size=5))
    schools = []
    for urn in urns:
        joined = draw(st.none() | dates)
        left = draw(
            st.none() | st.dates(min_value=joined or dt.date(2000, 1, 1), max_value=dt.date(2099, 12, 31))
        )
        fact_days = draw(st.lists(dates, unique=True, max_size=3))
        schools.append(
            School(
                urn=urn,
                name=draw(text),
                phase=draw(st.none() | st.sampled_from(["Primary", "Secondary", "All-through"])),
                joined_on=joined,
                left_on=left,
                cluster=draw(st.none() | st.sampled_from(cluster_ids)) if cluster_ids else None,
                ukprn=draw(st.none() | st.from_regex(r"[0-9]{8}", fullmatch=True)),
                facts=tuple(
                    Fact(name="tier", value=draw(text), since=day, note=draw(st.none() | text))
                    for day in fact_days
                ),
            )
        )
    return Organisation(
        name=draw(st.just("") | text),
        trust_reference=draw(st.none() | text),
        clusters=clusters,
        schools=tuple(schools),
        as_of=draw(st.none() | dates),
    )


# Improvement plans -------------------------------------------------------------------------------


@st.composite
def improvement_plans(draw: st.DrawFn) -> ImprovementPlan:
    ids = draw(st.lists(evidence_ids, unique=True, max_size=3))
    priorities = tuple(
        Priority(
            id=i,
            title=draw(text),
            elements=tuple(draw(st.lists(codes, max_size=2))),
            success_criteria=tuple(draw(st.lists(text, max_size=2))),
            target=draw(st.none() | ratings),
            target_by=draw(st.none() | dates),
            suggested=draw(st.booleans()),
            rationale=draw(st.none() | text),
        )
        for i in ids
    )
    actions = []
    for index in range(draw(st.integers(0, 3))):
        status = draw(st.sampled_from(ActionStatus))
        start = draw(st.none() | dates)
        actions.append(
            Action(
                id=f"A{index}",
                title=draw(text),
                priority=draw(st.none() | st.sampled_from(ids)) if ids else None,
                owner_role=draw(st.none() | text),
                starts_on=start,
                due_on=draw(
                    st.none()
                    | st.dates(min_value=start or dt.date(2000, 1, 1), max_value=dt.date(2099, 12, 31))
                ),
                cost=draw(st.none() | st.floats(min_value=0, max_value=1e6, allow_nan=False)),
                status=status,
                reason=draw(text) if status in (ActionStatus.BLOCKED, ActionStatus.DROPPED) else None,
            )
        )
    return ImprovementPlan(owner=draw(text), priorities=priorities, actions=tuple(actions))
