"""Evaluation plans, and reading an intervention's result honestly (subgroups, attrition, follow-up, threats)."""

from __future__ import annotations

import datetime as dt
import io
import math
from pathlib import Path
from typing import Any

import attrs
import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from matframework import (
    Allocation,
    Design,
    EvaluationPlan,
    Intervention,
    MeasureKind,
    OutcomeMeasure,
    PupilGroup,
    Scores,
    SubgroupScores,
    ThreatKind,
    ValidationError,
    dumps,
    effect_size,
    evaluate,
    examples,
    improvement_framework,
    json_schema,
    loads,
    minimum_detectable_effect,
    pool,
)
from matframework.cli import main
from matframework.documents.templates import intervention_template
from tests.strategies import interventions

SPREAD = tuple(float(v) for v in range(80, 120, 2))  # 20 scores that vary


def _group(n: int, shift: float = 0.0, *, started: int | None = None, lift: float = 5.0) -> Scores:
    start = tuple(SPREAD[i % len(SPREAD)] + (i // len(SPREAD)) * 0.5 + shift for i in range(n))
    end = tuple(v + lift + (i % 3) for i, v in enumerate(start))
    return Scores(start=start, end=end, started=started)


def _trial(**fields: Any) -> Intervention:
    base: dict[str, Any] = {
        "title": "Read Together",
        "evaluation": EvaluationPlan(
            question="Does it work?",
            outcome=OutcomeMeasure(name="NGRT", kind=MeasureKind.STANDARDISED),
            design=Design.RANDOMISED,
            blind_marking=True,
        ),
        "scores": _group(40, lift=8.0),
        "comparison": _group(40),
    }
    base.update(fields)
    return Intervention(**base)


def _plan(**fields: Any) -> EvaluationPlan:
    base = _trial().evaluation
    assert base is not None
    return attrs.evolve(base, **fields)


def _problem(error: pytest.ExceptionInfo[ValidationError]) -> tuple[tuple[object, ...], str]:
    first = error.value.problems[0]
    return first.path, first.message


class TestPlan:
    def test_dates_in_order(self) -> None:
        """A post-test before the pre-test, or a follow-up before the post-test, is refused at its field."""
        with pytest.raises(ValidationError) as info:
            EvaluationPlan(question="q", pretest_on=dt.date(2026, 9, 1), posttest_on=dt.date(2026, 8, 1))
        assert _problem(info)[0] == ("posttest_on",)
        with pytest.raises(ValidationError) as info:
            EvaluationPlan(question="q", posttest_on=dt.date(2026, 9, 1), follow_up_on=dt.date(2026, 9, 1))
        assert _problem(info)[0] == ("follow_up_on",)
        skipped = EvaluationPlan(
            question="q", pretest_on=dt.date(2026, 9, 1), follow_up_on=dt.date(2027, 1, 1)
        )
        assert skipped.posttest_on is None

    def test_refusals_name_the_field(self) -> None:
        """Each impossible plan is refused with the field that is wrong."""
        cases: list[tuple[dict[str, Any], tuple[object, ...]]] = [
            ({"subgroups": (PupilGroup.EAL, PupilGroup.EAL)}, ("subgroups", 1)),
            ({"expected_effect": 0.0}, ("expected_effect",)),
            ({"expected_effect": -0.2}, ("expected_effect",)),
            ({"pretest_correlation": 1.0}, ("pretest_correlation",)),
            ({"pretest_correlation": 1.5}, ("pretest_correlation",)),
            ({"icc": 0.1}, ("allocation",)),
            ({"allocation": Allocation.CLASS, "icc": 1.2}, ("icc",)),
            ({"allocation": Allocation.CLASS, "cluster_size": 0}, ("cluster_size",)),
            ({"allocation": "class"}, ("allocation",)),
        ]
        for fields, path in cases:
            with pytest.raises(ValidationError) as info:
                EvaluationPlan(question="q", **fields)
            assert _problem(info)[0] == path, fields

    def test_schema_carries_the_ranges(self) -> None:
        """The JSON Schema refuses an ICC above 1, as the model does, and accepts the example's plans."""
        schema = json_schema(Intervention)
        good = loads(dumps(examples.reading_trials()[1]), into=Intervention)
        document = {"schema": "matframework/intervention@1", "title": "x", "evaluation": {"question": "q"}}
        jsonschema.validate(document, schema)
        document["evaluation"] = {"question": "q", "allocation": "class", "icc": 1.5}
        with pytest.raises(jsonschema.ValidationError, match=r"1\.5"):
            jsonschema.validate(document, schema)
        with pytest.raises(ValidationError) as info:
            loads(
                "schema: matframework/intervention@1\ntitle: x\nevaluation:\n  question: q\n"
                "  allocation: class\n  icc: 1.5\n",
                into=Intervention,
            )
        assert info.value.path == ("evaluation", "icc")
        assert info.value.line == 6
        assert good.evaluation is not None

    def test_selection_test(self) -> None:
        """Choosing pupils on the outcome test itself is seen whatever the case and spacing."""
        assert OutcomeMeasure(name="NGRT A", selected_by=" ngrt a ").same_as_selection
        assert not OutcomeMeasure(name="NGRT A", selected_by="NGRT B").same_as_selection
        assert not OutcomeMeasure(name="NGRT A").same_as_selection


class TestResultsAgree:
    def test_pre_post_design_with_a_comparison(self) -> None:
        """A plan that says pre/post only cannot carry a comparison group."""
        with pytest.raises(ValidationError) as info:
            _trial(evaluation=_plan(design=Design.PRE_POST))
        assert _problem(info)[0] == ("comparison",)

    def test_subgroup_larger_than_the_group(self) -> None:
        """A subgroup with more pupils than its whole group is refused, not read as a result."""
        with pytest.raises(ValidationError) as info:
            _trial(subgroups=(SubgroupScores(group=PupilGroup.SEND, scores=_group(41)),))
        assert _problem(info)[0] == ("subgroups", 0, "scores")
        with pytest.raises(ValidationError) as info:
            _trial(
                subgroups=(SubgroupScores(group=PupilGroup.SEND, scores=_group(4), comparison=_group(45)),)
            )
        assert _problem(info)[0] == ("subgroups", 0, "comparison")

    def test_subgroup_listed_twice_or_without_groups(self) -> None:
        """A group given twice, or without the whole group's scores, is refused."""
        sub = SubgroupScores(group=PupilGroup.EAL, scores=_group(4))
        with pytest.raises(ValidationError) as info:
            _trial(subgroups=(sub, sub))
        assert _problem(info)[0] == ("subgroups", 1, "group")
        with pytest.raises(ValidationError, match="without the whole group"):
            Intervention(title="x", subgroups=(sub,))
        with pytest.raises(ValidationError, match="without a comparison group"):
            _trial(comparison=None, subgroups=(attrs.evolve(sub, comparison=_group(3)),))

    def test_started_and_follow_up_counts(self) -> None:
        """Fewer starters than finishers, or more at the follow-up than started, is refused."""
        with pytest.raises(ValidationError) as info:
            _group(10, started=9)
        assert _problem(info)[0] == ("started",)
        with pytest.raises(ValidationError) as info:
            _trial(scores=_group(40, started=42), follow_up=_group(43))
        assert _problem(info)[0] == ("follow_up",)
        with pytest.raises(ValidationError) as info:
            _trial(comparison_follow_up=_group(10))
        assert _problem(info)[0] == ("comparison_follow_up",)
        with pytest.raises(ValidationError) as info:
            Intervention(title="x", follow_up=_group(10))
        assert _problem(info)[0] == ("follow_up",)


class TestEvaluate:
    def test_the_effect_is_effect_size(self) -> None:
        """The headline effect is what effect_size gives for the same intervention."""
        trial = _trial()
        assert evaluate(trial).effect == effect_size(trial)

    def test_subgroups_given_or_withheld(self) -> None:
        """A subgroup at the minimum gets its own effect and interval; below it, its counts and the reason."""
        enough = SubgroupScores(
            group=PupilGroup.PUPIL_PREMIUM, scores=_group(10, lift=9), comparison=_group(12)
        )
        few = SubgroupScores(group=PupilGroup.EAL, scores=_group(9), comparison=_group(20))
        ev = evaluate(_trial(subgroups=(enough, few)))
        given_, withheld = ev.subgroups
        assert given_.effect == effect_size(enough.scores, enough.comparison)
        assert given_.effect is not None
        assert given_.effect.ci_low is not None
        assert (given_.n, given_.n_comparison, given_.withheld) == (10, 12, None)
        assert withheld.effect is None
        assert (withheld.n, withheld.n_comparison) == (9, 20)
        assert withheld.withheld is not None
        assert "9 in the intervention group" in withheld.withheld
        assert "comparison" not in withheld.withheld
        assert evaluate(_trial(subgroups=(few,)), min_subgroup=9).subgroups[0].effect is not None

    def test_planned_and_missing_subgroups(self) -> None:
        """A subgroup the plan did not name is a threat; one it named but without results is listed."""
        plan = _plan(subgroups=(PupilGroup.SEND, PupilGroup.EAL))
        sub = SubgroupScores(group=PupilGroup.EAL, scores=_group(12), comparison=_group(12))
        other = SubgroupScores(group=PupilGroup.PUPIL_PREMIUM, scores=_group(12), comparison=_group(12))
        ev = evaluate(_trial(evaluation=plan, subgroups=(sub, other)))
        assert ev.missing_subgroups == (PupilGroup.SEND,)
        assert [s.planned for s in ev.subgroups] == [True, False]
        unplanned = ev.threat(ThreatKind.UNPLANNED_SUBGROUP)
        assert unplanned is not None
        assert "pupil premium" in unplanned.words
        assert (
            evaluate(_trial(evaluation=plan, subgroups=(sub,))).threat(ThreatKind.UNPLANNED_SUBGROUP) is None
        )

    def test_attrition(self) -> None:
        """Attrition is the share of starters with no post-test, named above the limit and not at it."""
        ev = evaluate(_trial(scores=_group(40, started=50, lift=8), comparison=_group(40, started=40)))
        assert ev.attrition is not None
        assert ev.attrition.share == pytest.approx(0.2)
        assert ev.attrition.comparison_share == 0
        assert ev.attrition.overall == pytest.approx(10 / 90)
        assert ev.attrition.differential == pytest.approx(0.2)
        threat = ev.threat(ThreatKind.ATTRITION)
        assert threat is not None
        assert "11%" in threat.words
        assert "lost 20%" in threat.words
        at_limit = _trial(scores=_group(36, started=40, lift=8), comparison=_group(40, started=40))
        assert evaluate(at_limit).threat(ThreatKind.ATTRITION) is None
        assert evaluate(at_limit, attrition_limit=0.04).threat(ThreatKind.ATTRITION) is not None
        assert evaluate(_trial()).attrition is None

    def test_follow_up(self) -> None:
        """The follow-up effect is the effect on the follow-up scores."""
        later, others = _group(38, lift=6), _group(39)
        ev = evaluate(_trial(follow_up=later, comparison_follow_up=others))
        assert ev.follow_up == effect_size(later, others)
        assert evaluate(_trial()).follow_up is None

    def test_minimum_detectable_effect(self) -> None:
        """The MDES is the power module's, for the pupils kept, with the plan's ICC and cluster size."""
        plan = _plan(allocation=Allocation.CLASS, icc=0.2, cluster_size=20, pretest_correlation=0.6)
        ev = evaluate(_trial(evaluation=plan))
        assert ev.minimum_detectable == minimum_detectable_effect(40, 40, icc=0.2, cluster_size=20)
        assert ev.planned_minimum == minimum_detectable_effect(
            40, 40, icc=0.2, cluster_size=20, pretest_correlation=0.6
        )
        assert ev.design_effect == pytest.approx(1 + 19 * 0.2)
        assert evaluate(_trial(), power=0.9).minimum_detectable == minimum_detectable_effect(
            40, 40, power=0.9
        )
        assert evaluate(_trial(comparison=None, evaluation=None)).minimum_detectable is None

    def test_underpowered(self) -> None:
        """An effect smaller than the MDES, or a hope smaller than the planned MDES, is named."""
        small = _trial(scores=_group(40, lift=5.5))
        ev = evaluate(small)
        assert abs(ev.effect.g) < (ev.minimum_detectable or 0)
        threat = ev.threat(ThreatKind.UNDERPOWERED)
        assert threat is not None
        assert f"{ev.minimum_detectable:.2f}" in threat.words
        big = evaluate(_trial(scores=_group(40, lift=20)))
        assert big.threat(ThreatKind.UNDERPOWERED) is None
        hoped = evaluate(_trial(scores=_group(40, lift=20), evaluation=_plan(expected_effect=0.2)))
        threat = hoped.threat(ThreatKind.UNDERPOWERED)
        assert threat is not None
        assert "hoped for an effect of 0.20" in threat.words

    def test_threats_each_named_by_its_cause(self) -> None:
        """Each threat appears when its cause is there, and not otherwise."""
        clean = evaluate(_trial(scores=_group(40, lift=20)))
        assert clean.threats == ()
        cases: list[tuple[ThreatKind, Intervention]] = [
            (ThreatKind.NO_PLAN, _trial(scores=_group(40, lift=20), evaluation=None)),
            (ThreatKind.NO_COMPARISON, _trial(comparison=None)),
            (ThreatKind.SMALL_NUMBERS, _trial(scores=_group(29, lift=30))),
            (ThreatKind.IMBALANCE, _trial(scores=_group(40, shift=3, lift=20))),
            (
                ThreatKind.OWN_MEASURE,
                _trial(
                    scores=_group(40, lift=20),
                    evaluation=_plan(outcome=OutcomeMeasure(name="x", kind=MeasureKind.OWN)),
                ),
            ),
            (
                ThreatKind.SELECTION_TEST,
                _trial(
                    scores=_group(40, lift=20),
                    evaluation=_plan(outcome=OutcomeMeasure(name="x", selected_by="X")),
                ),
            ),
            (ThreatKind.NOT_BLIND, _trial(scores=_group(40, lift=20), evaluation=_plan(blind_marking=False))),
            (
                ThreatKind.CLUSTERED,
                _trial(scores=_group(40, lift=40), evaluation=_plan(allocation=Allocation.SCHOOL)),
            ),
        ]
        for kind, trial in cases:
            found = evaluate(trial)
            assert found.threat(kind) is not None, kind
            assert str(found.threat(kind)) == found.threat(kind).words  # type: ignore[union-attr]
        national = _plan(blind_marking=False, outcome=OutcomeMeasure(name="KS2", kind=MeasureKind.NATIONAL))
        assert evaluate(_trial(scores=_group(40, lift=20), evaluation=national)).threats == ()
        no_icc = evaluate(_trial(scores=_group(40, lift=40), evaluation=_plan(allocation=Allocation.SCHOOL)))
        assert "no ICC is given" in no_icc.threats[-1].words
        assert "Whole schools" in no_icc.threats[-1].words

    def test_settings_refused(self) -> None:
        """A minimum subgroup below 2, or an attrition limit outside [0, 1), is refused by name."""
        for settings, name in (
            ({"min_subgroup": 1}, "min_subgroup"),
            ({"min_subgroup": 2.5}, "min_subgroup"),
            ({"attrition_limit": 1.0}, "attrition_limit"),
            ({"attrition_limit": math.nan}, "attrition_limit"),
        ):
            with pytest.raises(ValidationError) as info:
                evaluate(_trial(), **settings)
            assert info.value.path == (name,)
        with pytest.raises(ValidationError, match="no scores"):
            evaluate(Intervention(title="x"))

    @given(interventions())
    def test_never_more_than_a_validation_error(self, trial: Intervention) -> None:
        """Any valid intervention is evaluated, or refused with a ValidationError; threats are never repeated."""
        try:
            ev = evaluate(trial)
        except ValidationError:
            return
        kinds = [t.kind for t in ev.threats]
        assert len(kinds) == len(set(kinds))
        assert all(t.words.strip() for t in ev.threats)
        assert (ev.minimum_detectable is None) == (trial.comparison is None)
        assert len(ev.subgroups) == len(trial.subgroups)


class TestPoolingEvaluations:
    def test_clustered_standard_error_is_widened(self) -> None:
        """Pooling an evaluation of allocated classes weights it by its widened standard error."""
        pupils = evaluate(_trial())
        classes = evaluate(_trial(evaluation=_plan(allocation=Allocation.CLASS, icc=0.1, cluster_size=11)))
        assert pupils.standard_error is not None
        assert classes.standard_error is not None
        assert classes.standard_error == pytest.approx(pupils.standard_error * math.sqrt(2.0))
        low, high = pupils.effect.ci_low, pupils.effect.ci_high
        assert low is not None
        assert high is not None
        assert pupils.standard_error == pytest.approx((high - low) / 3.92)
        pooled = pool({"A": pupils, "B": classes})
        assert pooled.standard_errors == (pupils.standard_error, classes.standard_error)

    def test_refused_without_an_icc_or_a_comparison(self) -> None:
        """An evaluation of allocated groups with no ICC, or with no comparison group, cannot be weighted."""
        no_icc = evaluate(_trial(evaluation=_plan(allocation=Allocation.CLASS)))
        with pytest.raises(ValidationError, match="no ICC") as info:
            pool({"A": evaluate(_trial()), "B": no_icc})
        assert info.value.path == ("B",)
        with pytest.raises(ValidationError, match="no comparison group"):
            pool({"A": evaluate(_trial()), "B": evaluate(_trial(comparison=None))})

    def test_the_example_trials(self) -> None:
        """The example trust's three trials pool; the class-randomised one counts for less once widened."""
        trials = examples.reading_trials()
        evaluations = {t.schools[0]: evaluate(t) for t in trials}
        widened = pool(evaluations)
        naive = pool({t.schools[0]: effect_size(t) for t in trials})
        assert widened.standard_errors[1] > naive.standard_errors[1]
        assert widened.standard_errors[0] == pytest.approx(naive.standard_errors[0])
        assert all(t.evaluation is not None for t in trials)


class TestTemplate:
    def test_reads_back_blank(self) -> None:
        """The intervention template reads back as an intervention with a blank plan and the full checklist."""
        reference = improvement_framework()
        blank = loads(intervention_template(reference), into=Intervention)
        assert [c.tip for c in blank.checklist] == [t.key for t in reference.impact_tips]
        assert blank.evaluation is not None
        assert blank.evaluation.question == ""
        assert blank.evaluation.outcome is not None
        assert blank.evaluation.outcome.kind is None

    def test_lists_the_choices(self) -> None:
        """Every design, allocation, kind of measure and group appears in the template's comments."""
        text = intervention_template(improvement_framework())
        for member in (*Design, *Allocation, *MeasureKind, *PupilGroup):
            assert member.value in text, member

    @given(st.sampled_from(list(Design)), st.sampled_from(list(PupilGroup)))
    def test_filled_in_reads(self, design: Design, group: PupilGroup) -> None:
        """Filling in the design and a subgroup in the template's own lines gives those values."""
        text = intervention_template(improvement_framework())
        text = text.replace("  design:", f"  design: {design.value}  #", 1)
        text = text.replace("  subgroups: []", f"  subgroups: [{group.value}]", 1)
        filled = loads(text, into=Intervention)
        assert filled.evaluation is not None
        assert (filled.evaluation.design, filled.evaluation.subgroups) == (design, (group,))

    def test_cli(self, capsys: pytest.CaptureFixture[str]) -> None:
        """``matframework template --type intervention`` prints the template."""
        assert main(["template", "--type", "intervention"]) == 0
        assert capsys.readouterr().out == intervention_template(improvement_framework())


HOSTILE_EDITS = [
    ("  design: matched comparison", "  design: rct", ("evaluation", "design")),
    ("  design: matched comparison", "  design: [randomised]", ("evaluation", "design")),
    ("  - pupil premium", "  - SEN", ("evaluation", "subgroups", 0)),
    ("  - EAL", "  - pupil premium", ("evaluation", "subgroups", 1)),
    ("  pretest_correlation: 0.7", "  pretest_correlation: 7", ("evaluation", "pretest_correlation")),
    ("  pretest_correlation: 0.7", "  pretest_correlation: .nan", ("evaluation", "pretest_correlation")),
    ("  pretest_correlation: 0.7", "  pretest_correlation: 1e999", ("evaluation", "pretest_correlation")),
    ("  expected_effect: 0.3", "  expected_effect: '0.3'", ("evaluation", "expected_effect")),
    ("  expected_effect: 0.3", "  expected_effect: true", ("evaluation", "expected_effect")),
    ("  follow_up_on: '2026-07-06'", "  follow_up_on: '2026-13-06'", ("evaluation", "follow_up_on")),
    ("  follow_up_on: '2026-07-06'", "  follow_up_on: '2025-01-01'", ("evaluation", "follow_up_on")),
    ("  blind_marking: true", "  blind_marking: sometimes", ("evaluation", "blind_marking")),
    ("    kind: standardised", "    kind: national curriculum", ("evaluation", "outcome", "kind")),
    ("    name: NGRT Form B", "    name: {a: 1}", ("evaluation", "outcome", "name")),
    ("  started: 40", "  started: 3", ("scores", "started")),
    ("  started: 40", "  started: -1", ("scores", "started")),
    ("  started: 40", "  started: 40.5", ("scores", "started")),
    ("- group: pupil premium", "- group: free school meals", ("subgroups", 0, "group")),
    ("  question: Does", "  questions: Does", ("evaluation",)),
]


@pytest.mark.parametrize(("old", "new", "path"), HOSTILE_EDITS, ids=[n for _, n, _ in HOSTILE_EDITS])
def test_hostile_edits_are_refused_where_they_are(old: str, new: str, path: tuple[object, ...]) -> None:
    """Each hostile edit of the example's file is a ValidationError naming its field and line, never a traceback."""
    text = dumps(examples.reading_trials()[0])
    assert old in text, old
    edited = text.replace(old, new, 1)
    start = text.index(old)
    line = text.count("\n", 0, start) + 1
    with pytest.raises(ValidationError) as info:
        loads(edited, into=Intervention)
    assert any(p.path[: len(path)] == path and p.line == line for p in info.value.problems), info.value


class TestCommandLine:
    def _run(self, *argv: str) -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        status = main(list(argv), stdout=out, stderr=err)
        return status, out.getvalue(), err.getvalue()

    def test_example(self) -> None:
        """``impact --example`` gives each school's effect and threats, then the pooled figures."""
        status, out, _ = self._run("impact", "--example")
        assert status == 0
        evaluations = {t.schools[0]: evaluate(t) for t in examples.reading_trials()}
        pooled = pool(evaluations)
        low, high = pooled.interval()
        assert f"random effects): {pooled.random:.2f} (95% CI {low:.2f} to {high:.2f})" in out
        for ev in evaluations.values():
            for threat in ev.threats:
                assert f"  - {threat.words}\n" in out

    def test_files_page_and_refusals(self, tmp_path: Path) -> None:
        """Files are read and pooled; the page is written once, then kept unless --force; bad input exits 1."""
        paths = []
        for index, trial in enumerate(examples.reading_trials()[:2]):
            paths.append(tmp_path / f"trial{index}.yaml")
            paths[-1].write_text(dumps(trial), "utf-8")
        page = tmp_path / "page.html"
        status, out, _ = self._run("impact", *map(str, paths), "--html", str(page))
        assert status == 0
        assert "Pooled (2 schools" in out
        assert page.read_text("utf-8").startswith("<!DOCTYPE html>")
        status, _, err = self._run("impact", *map(str, paths), "--html", str(page))
        assert status == 1
        assert "exists" in err
        other = tmp_path / "other.yaml"
        other.write_text(dumps(attrs.evolve(examples.reading_trials()[2], title="Maths Boost")), "utf-8")
        status, out, _ = self._run("impact", str(paths[0]), str(other))
        assert status == 0
        assert "Not pooled: the files are of different interventions" in out
        broken = tmp_path / "broken.yaml"
        broken.write_text(
            dumps(examples.reading_trials()[0]).replace(
                "  blind_marking: true", "  blind_marking: sometimes"
            ),
            "utf-8",
        )
        status, _, err = self._run("impact", str(broken))
        assert status == 1
        assert "broken.yaml" in err
        assert "evaluation.blind_marking" in err
        assert self._run("impact")[0] == 2
