"""Evidence files and improvement plans as CSV: one row per record, and back."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from matframework import Assessment, EvidenceFile, ImprovementPlan, ValidationError, examples
from matframework.exchange.collection import Collection
from matframework.exchange.csvfile import csv_kind, read_csv, to_csv
from tests.strategies import evidence_files, improvement_plans


def rows_of(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def written(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


class TestRoundTrip:
    @given(improvement_plans())
    @settings(suppress_health_check=[HealthCheck.too_slow])
    def test_plan(self, plan: ImprovementPlan) -> None:
        assert read_csv(to_csv(plan), into=ImprovementPlan) == [plan]

    @given(evidence_files())
    @settings(suppress_health_check=[HealthCheck.too_slow])
    def test_evidence_file(self, shared: EvidenceFile) -> None:
        assert read_csv(to_csv(shared), into=EvidenceFile) == [shared]

    def test_several_plans_in_one_file(self) -> None:
        plan = examples.improvement_plan()
        other = ImprovementPlan(owner="Elm School (fictional)")
        assert read_csv(to_csv([plan, other]), into=ImprovementPlan) == [plan, other]

    def test_file_on_disk_and_in_a_folder(self, tmp_path: Path) -> None:
        plan = examples.improvement_plan()
        to_csv(plan, tmp_path / "plan.csv")
        to_csv(examples.evidence_file(), tmp_path / "evidence.csv")
        assert read_csv(tmp_path / "plan.csv", into=ImprovementPlan) == [plan]
        found = {f.path: f.documents for f in Collection.open(tmp_path).files}
        assert found == {"evidence.csv": (examples.evidence_file(),), "plan.csv": (plan,)}

    def test_one_row_per_record(self) -> None:
        plan = examples.improvement_plan()
        rows = rows_of(to_csv(plan))
        kinds = [row[rows[1].index("record")] for row in rows[2:]]
        assert kinds == ["priorities"] * len(plan.priorities) + ["actions"] * len(plan.actions)

    def test_kind_from_the_first_row(self) -> None:
        assert csv_kind(to_csv(examples.improvement_plan())) is ImprovementPlan
        assert csv_kind(to_csv(examples.evidence_file())) is EvidenceFile
        assert csv_kind(to_csv(examples.trust_assessments()[-1])) is Assessment
        assert csv_kind("urn,name\r\n") is None


class TestRefused:
    def test_mixed_kinds(self) -> None:
        with pytest.raises(TypeError, match="one kind of document"):
            to_csv([examples.improvement_plan(), examples.evidence_file()])

    def test_wrong_into_names_the_right_one(self) -> None:
        with pytest.raises(ValidationError) as caught:
            read_csv(to_csv(examples.improvement_plan()))
        assert caught.value.problems[0].expected == "read_csv(..., into=ImprovementPlan)"

    def test_bad_cells_named_by_row_and_column(self) -> None:
        rows = rows_of(to_csv(examples.improvement_plan()))
        header = rows[1]
        action = next(
            i for i, row in enumerate(rows[2:], start=2) if row[header.index("record")] == "actions"
        )
        rows[action][header.index("cost")] = "£12k"
        rows[action + 1][header.index("status")] = "finished"
        rows[2][header.index("suggested")] = "maybe"
        rows[2][header.index("due_on")] = "2027-01-01"  # a priority has no due date
        with pytest.raises(ValidationError) as caught:
            read_csv(written(rows), into=ImprovementPlan)
        places = {(p.location.row, p.location.field) for p in caught.value.problems if p.location}
        assert places == {
            (action + 1, "cost"),
            (action + 2, "status"),
            (3, "suggested"),
            (3, "due_on"),
        }

    def test_head_must_agree(self) -> None:
        rows = rows_of(to_csv(examples.evidence_file()))
        rows[3][1] = "Another trust"
        with pytest.raises(ValidationError) as caught:
            read_csv(written(rows), into=EvidenceFile)
        (problem,) = caught.value.problems
        assert problem.location is not None
        assert (problem.location.row, problem.location.field) == (4, "evidence_owner")

    def test_unknown_kind_of_record(self) -> None:
        rows = rows_of(to_csv(examples.improvement_plan()))
        rows[2][rows[1].index("record")] = "milestones"
        with pytest.raises(ValidationError, match="'milestones' is not a kind of record"):
            read_csv(written(rows), into=ImprovementPlan)

    def test_model_checks_located(self) -> None:
        rows = rows_of(to_csv(examples.improvement_plan()))
        header = rows[1]
        action = next(
            i for i, row in enumerate(rows[2:], start=2) if row[header.index("record")] == "actions"
        )
        rows[action][header.index("priority")] = "P9"
        with pytest.raises(ValidationError) as caught:
            read_csv(written(rows), into=ImprovementPlan)
        (problem,) = caught.value.problems
        assert problem.location is not None
        assert (problem.location.row, problem.location.field) == (action + 1, "priority")

    def test_formula_text_kept_inert(self) -> None:
        plan = ImprovementPlan(owner="=HYPERLINK(1)", title="@SUM(A1)")
        text = to_csv(plan)
        assert ",'=HYPERLINK(1),'@SUM(A1)," in text
        assert read_csv(text, into=ImprovementPlan) == [plan]
