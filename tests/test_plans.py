"""Tests for matframework.model.plan and matframework.analysis.plans: the plan that follows the diagnosis."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import attrs
import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from matframework import (
    Rating,
    ValidationError,
    assurance_framework,
    compare,
    dumps,
    examples,
    json_schema,
    loads,
    profile,
)
from matframework.analysis.plans import draft_plan, plan_outcomes, review_plan
from matframework.model.plan import Action, ActionStatus, ImprovementPlan, Priority
from tests.strategies import improvement_plans

FW = assurance_framework()
DAY = dt.date(2027, 2, 1)
P1 = Priority(id="P1", title="Capacity", elements=("2A",))


def plan(*actions: Action, priorities: tuple[Priority, ...] = (P1,)) -> ImprovementPlan:
    return ImprovementPlan(owner="Oak", priorities=priorities, actions=actions)


def owned(id_: str = "A1", **changes: Any) -> Action:
    return attrs.evolve(
        Action(id=id_, title="do", priority="P1", owner_role="CEO", due_on=dt.date(2027, 3, 1)), **changes
    )


class TestDocument:
    @given(improvement_plans())
    def test_round_trip(self, p: ImprovementPlan) -> None:
        """Plans survive YAML and JSON, and their JSON form passes the schema."""
        assert p == loads(dumps(p), into=ImprovementPlan)
        text = dumps(p, format="json")
        assert p == loads(text, into=ImprovementPlan)
        validator = jsonschema.Draft202012Validator(
            json_schema(ImprovementPlan), format_checker=jsonschema.FormatChecker()
        )
        assert [] == [e.message for e in validator.iter_errors(json.loads(text))]

    def test_checks(self) -> None:
        """Ids twice, an unknown priority, a blocked action with no reason and dates out of order are refused."""
        with pytest.raises(ValidationError) as info:
            plan(owned(), owned(), owned("A2", priority="P9"), priorities=(P1, P1))
        assert [("priorities", 1, "id"), ("actions", 1, "id"), ("actions", 2, "priority")] == [
            p.path for p in info.value.problems
        ]
        with pytest.raises(ValidationError, match="a dropped action says why"):
            owned(status=ActionStatus.DROPPED)
        with pytest.raises(ValidationError, match=r"due .* before it starts"):
            owned(starts_on=dt.date(2027, 4, 1))

    def test_example_file(self) -> None:
        """examples/oak-valley/plan.yaml is the example trust's plan."""
        from matframework import load  # noqa: PLC0415

        assert examples.improvement_plan() == load("examples/oak-valley/plan.yaml", ImprovementPlan)


class TestReview:
    def test_each_rule_fires_alone(self) -> None:
        """Overdue, unowned, idle, unattached, too many and an unaddressed Red element each fire on their own."""
        clean = review_plan(plan(owned()), as_of=DAY)
        assert () == clean.findings
        assert ("A1",) == review_plan(plan(owned()), as_of=dt.date(2027, 3, 2)).overdue
        assert ("A1",) == review_plan(plan(owned(owner_role=None)), as_of=DAY).unowned
        assert ("P1",) == review_plan(plan(), as_of=DAY).idle
        assert ("A1",) == review_plan(plan(owned(priority=None), owned("A2")), as_of=DAY).unattached
        many = tuple(Priority(id=f"P{i}", title="x") for i in range(1, 4))
        crowded = review_plan(
            plan(*(owned(f"A{i}", priority=f"P{i}") for i in range(1, 4)), priorities=many),
            as_of=DAY,
            limit=2,
        )
        assert (True, ("3 live priorities, more than a manageable set of 2",)) == (
            crowded.too_many,
            crowded.findings,
        )
        red = examples.trust_assessments()[-1].with_rating("6A", Rating.RED)
        assert ("3B", "6A") == review_plan(plan(owned()), as_of=DAY, assessment=red).unaddressed

    @given(st.dates(min_value=dt.date(2026, 1, 1), max_value=dt.date(2028, 12, 31)))
    def test_overdue_changes_with_as_of_only(self, day: dt.date) -> None:
        """Every finding but "overdue" is the same whatever the day; overdue is the open actions due before it."""
        p = examples.improvement_plan()
        review, base = review_plan(p, as_of=day), review_plan(p, as_of=dt.date(2026, 1, 1))
        assert (review.unowned, review.idle, review.unattached, review.live) == (
            base.unowned,
            base.idle,
            base.unattached,
            base.live,
        )
        assert (
            tuple(a.id for a in p.actions if a.due_on and a.due_on < day and not a.status.closed)
            == review.overdue
        )

    def test_closed_actions_are_never_overdue(self) -> None:
        """Done, impact-reviewed and dropped actions are not overdue, and dropped ones serve no priority."""
        for status in (ActionStatus.DONE, ActionStatus.IMPACT_REVIEWED):
            assert () == review_plan(plan(owned(status=status)), as_of=dt.date(2028, 1, 1)).overdue
        dropped = owned(status=ActionStatus.DROPPED, reason="no money")
        assert (("P1",), ()) == (
            review_plan(plan(dropped), as_of=DAY).idle,
            review_plan(plan(dropped), as_of=DAY).overdue,
        )

    def test_refusals(self) -> None:
        """A day that is not a date, or a limit below one, is refused."""
        with pytest.raises(ValidationError, match="a date"):
            review_plan(plan(), as_of="2027-02-01")  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="limit=0"):
            review_plan(plan(), as_of=DAY, limit=0)


class TestDraftAndOutcomes:
    def test_draft_from_profile_gaps_and_declines(self) -> None:
        """Priorities come from the profile's priorities, gaps to target and declines, all marked suggested."""
        before, after = examples.trust_assessments()[-2:]
        worse = after.with_rating("5B", Rating.AMBER_RED)
        draft = draft_plan(profile(worse, framework=FW), compare(before, worse), framework=FW, owner="Oak")
        codes = [p.elements[0] for p in draft.priorities]
        assert ["1B", "2A", "3B", "5B"] == codes
        assert all(p.suggested for p in draft.priorities)
        assert "Went down since the last round." == draft.priorities[-1].rationale
        assert () == draft.actions

    def test_outcomes_follow_the_movement(self) -> None:
        """A priority improved when an element went up and none down; met when every element reached its target."""
        before, after = examples.trust_assessments()[-2:]
        target_met = after.with_rating("2A", Rating.AMBER_GREEN)
        [p1, p2, _] = plan_outcomes(examples.improvement_plan(), before, target_met)
        assert (True, True) == (p1.improved, p1.met)
        assert (False, False) == (p2.improved, p2.met)


class TestTemplate:
    def test_reads_back_and_its_examples_are_valid(self) -> None:
        """The blank plan reads as an empty plan; its commented priority and action, uncommented, read too."""
        from matframework.documents.templates import plan_template  # noqa: PLC0415

        text = plan_template(FW)
        assert ((), ()) == (
            loads(text, into=ImprovementPlan).priorities,
            loads(text, into=ImprovementPlan).actions,
        )
        lines = text.splitlines()

        def block(first: str) -> str:
            start = next(i for i, line in enumerate(lines) if line.startswith(f"#   - id: {first}"))
            taken = []
            for line in lines[start:]:
                if not line.startswith(("#   ", "#     ")) or line.startswith(("#   1.", "#   2.")):
                    break
                taken.append(line[2:])
            return "\n".join(taken)

        filled = text.replace("priorities: []", "priorities:\n" + block("P1")).replace(
            "actions: []", "actions:\n" + block("A1")
        )
        plan = loads(filled, into=ImprovementPlan)
        assert (("2A",), "P1", ActionStatus.PLANNED) == (
            plan.priorities[0].elements,
            plan.actions[0].priority,
            plan.actions[0].status,
        )
        assert "6B Capability to refresh and renew the MAT" in text


def test_a_status_changes_in_place(tmp_path: Path) -> None:
    """An action's status is edited in the file itself: one line changes; comments and layout stay."""
    from matframework import update_document  # noqa: PLC0415

    source = Path(__file__).parents[1] / "examples" / "oak-valley" / "plan.yaml"
    path = tmp_path / "plan.yaml"
    path.write_bytes(source.read_bytes())
    before = path.read_text("utf-8").splitlines()
    index = next(
        i
        for i, a in enumerate(loads(source.read_text("utf-8"), into=ImprovementPlan).actions)
        if a.status is ActionStatus.IN_PROGRESS
    )
    plan = update_document(path, ImprovementPlan, {("actions", index, "status"): "done"})
    assert plan.actions[index].status is ActionStatus.DONE
    after = path.read_text("utf-8").splitlines()
    changed = [(old, new) for old, new in zip(before, after, strict=True) if old != new]
    assert [("  status: in progress", "  status: done")] == [(o.rstrip(), n.rstrip()) for o, n in changed]
    assert before[:2] == after[:2]  # the comments at the top
    with pytest.raises(ValidationError, match="an ImprovementPlan keeps no change log"):
        update_document(path, ImprovementPlan, {("actions", 0, "status"): "done"}, by="A. Example")
