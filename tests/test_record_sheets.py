"""Plans, evidence files and an assessment's evidence, changes and approvals as worksheets, and back."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import attrs
import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings

from matframework import (
    Assessment,
    EvidenceFile,
    ImprovementPlan,
    ValidationError,
    assurance_framework,
    examples,
)
from matframework.errors import Location
from matframework.exchange._sheets import MIN_ITEMS
from matframework.exchange.collection import Collection
from matframework.exchange.excel import read_workbook, to_workbook
from tests.strategies import evidence_files, improvement_plans

FW = assurance_framework()
SLOW = settings(
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture], max_examples=25
)


def saved(tmp_path: Path, documents: Any) -> Path:
    path = tmp_path / "book.xlsx"
    to_workbook(FW, documents, path)
    return path


def edited(path: Path, **cells: dict[str, Any]) -> Path:
    """Set cells (``{"Plan 1 actions": {"H5": "lots"}}``) as a person editing the workbook would."""
    book = openpyxl.load_workbook(path)
    for title, values in cells.items():
        for cell, value in values.items():
            book[title][cell] = value
    book.save(path)
    return path


def typed_under(path: Path, title: str, heading: tuple[int, str], values: dict[int, Any]) -> list[str]:
    """Type ``values`` (by row) under the heading ``(row, name)`` of a sheet; return the cells typed in."""
    book = openpyxl.load_workbook(path)
    sheet = book[title]
    column = [cell.value for cell in sheet[heading[0]]].index(heading[1]) + 1
    for row, value in values.items():
        sheet.cell(row=row, column=column, value=value)
    book.save(path)
    return [sheet.cell(row=row, column=column).coordinate for row in values]


def problems(path: Path, into: type[Any] = ImprovementPlan) -> list[tuple[tuple[Any, ...], Location | None]]:
    with pytest.raises(ValidationError) as info:
        read_workbook(path, into=into)
    assert str(path) == info.value.file
    return [(p.path, p.location) for p in info.value.problems]


class TestRoundTrip:
    @SLOW
    @given(improvement_plans())
    def test_plan(self, tmp_path: Path, plan: ImprovementPlan) -> None:
        assert read_workbook(saved(tmp_path, plan), into=ImprovementPlan) == [plan]

    @SLOW
    @given(evidence_files())
    def test_evidence_file(self, tmp_path: Path, shared: EvidenceFile) -> None:
        assert read_workbook(saved(tmp_path, shared), into=EvidenceFile) == [shared]

    def test_every_kind_in_one_workbook_and_in_a_folder(self, tmp_path: Path) -> None:
        """Each kind is read on its own; a folder reads them all, in the order of the sheets."""
        documents = [
            examples.signed_assessment(),
            examples.improvement_plan(),
            examples.evidence_file(),
            ImprovementPlan(owner="Elm School (fictional)"),
        ]
        path = saved(tmp_path, documents)
        assert read_workbook(path) == documents[:1]
        assert read_workbook(path, into=ImprovementPlan) == [documents[1], documents[3]]
        assert read_workbook(path, into=EvidenceFile) == [documents[2]]
        [found] = Collection.open(tmp_path).files
        assert ("workbook", tuple(documents)) == (found.kind, found.documents)

    def test_sheets_find_their_document_in_any_order(self, tmp_path: Path) -> None:
        path = saved(tmp_path, examples.improvement_plan())
        book = openpyxl.load_workbook(path)
        book.move_sheet("Plan 1 actions", offset=-1)
        book.save(path)
        assert read_workbook(path, into=ImprovementPlan) == [examples.improvement_plan()]


class TestCells:
    def test_kinds_of_cell(self, tmp_path: Path) -> None:
        """Dates are date cells, costs numbers, each item of a list its own cell, choices a drop-down."""
        plan = examples.improvement_plan()
        book = openpyxl.load_workbook(saved(tmp_path, plan))
        actions = book["Plan 1 actions"]
        assert ("schema", "part_of", "Plan 1") == (
            actions["A1"].value,
            actions["A2"].value,
            actions["C2"].value,
        )
        headers = [cell.value for cell in actions[4]]
        assert headers[:3] == ["Id", "Title", "Priority"]
        dues = [row[headers.index("Due on")].value for row in actions.iter_rows(min_row=5)]
        assert [a.due_on for a in plan.actions] == [d.date() if d else None for d in dues]
        assert all(isinstance(d, dt.datetime) for d in dues if d is not None)
        costs = [row[headers.index("Cost")].value for row in actions.iter_rows(min_row=5)]
        assert [a.cost for a in plan.actions] == costs
        statuses = {v.formula1 for v in actions.data_validations.dataValidation}
        assert '"planned,in progress,done,impact reviewed,blocked,dropped"' in statuses
        priorities = book["Plan 1"]
        header = [cell.value for cell in priorities[8]]
        longest = max(len(p.success_criteria) for p in plan.priorities)
        assert [f"Success criteria {k}" for k in range(1, max(longest, MIN_ITEMS) + 1)] == [
            h for h in header if str(h).startswith("Success criteria")
        ]
        assert priorities["C2"].value == plan.owner

    def test_an_item_added_in_a_new_column(self, tmp_path: Path) -> None:
        """A heading numbered on from the last (``Success criteria 4``) adds an item."""
        plan = ImprovementPlan(owner="Oak", priorities=(examples.improvement_plan().priorities[0],))
        path = saved(tmp_path, plan)
        book = openpyxl.load_workbook(path)
        sheet = book["Plan 1"]
        column = sheet.max_column + 1
        sheet.cell(row=8, column=column, value="Success criteria 9")
        sheet.cell(row=9, column=column, value="Attendance above 95%")
        sheet.cell(row=11, column=1, value="P9")  # a blank row, then a priority typed by hand
        sheet.cell(row=11, column=2, value="Typed by hand")
        book.save(path)
        [back] = read_workbook(path, into=ImprovementPlan)
        assert back.priorities[0].success_criteria[-1] == "Attendance above 95%"
        assert [p.id for p in back.priorities] == [plan.priorities[0].id, "P9"]


class TestRefusals:
    def test_bad_cells_named_by_sheet_and_cell(self, tmp_path: Path) -> None:
        path = saved(tmp_path, examples.improvement_plan())
        edited(
            path,
            **{
                "Plan 1 actions": {"H5": "lots", "G6": "soon", "I7": "stalled"},
                "Plan 1": {"C5": "next term"},
            },
        )
        found = problems(path)
        assert (("actions", 0, "cost"), Location(sheet="Plan 1 actions", cell="H5")) in found
        assert (("actions", 1, "due_on"), Location(sheet="Plan 1 actions", cell="G6")) in found
        assert (("actions", 2, "status"), Location(sheet="Plan 1 actions", cell="I7")) in found
        assert (("starts_on",), Location(sheet="Plan 1", cell="C5")) in found

    def test_true_or_false(self, tmp_path: Path) -> None:
        path = saved(tmp_path, examples.improvement_plan())
        bad, _ = typed_under(path, "Plan 1", (8, "Suggested"), {9: "perhaps", 10: "yes"})
        [(where_path, where)] = problems(path)
        assert ("priorities", 0, "suggested") == where_path
        assert Location(sheet="Plan 1", cell=bad) == where

    def test_nothing_typed_is_dropped(self, tmp_path: Path) -> None:
        """A value under a heading the table does not have, or under no heading, is reported."""
        path = saved(tmp_path, examples.evidence_file())
        edited(path, **{"Evidence 1": {"Z4": "Budget", "Z5": "1500", "AB6": "stray"}})
        found = problems(path, EvidenceFile)
        assert (("records",), Location(sheet="Evidence 1", cell="Z4")) in found
        assert (("records", 1), Location(sheet="Evidence 1", cell="AB6")) in found

    def test_part_of_names_a_sheet_that_is_not_there(self, tmp_path: Path) -> None:
        """A plan sheet renamed leaves its actions pointing nowhere: said at C2, never silently dropped."""
        path = saved(tmp_path, examples.improvement_plan())
        book = openpyxl.load_workbook(path)
        book["Plan 1"].title = "Our plan"
        book.save(path)
        with pytest.raises(ValidationError, match="'Plan 1', which is not a plan sheet") as info:
            read_workbook(path, into=ImprovementPlan)
        assert Location(sheet="Plan 1 actions", cell="C2") == info.value.problems[0].location

    def test_two_sheets_of_actions_for_one_plan(self, tmp_path: Path) -> None:
        path = saved(tmp_path, examples.improvement_plan())
        book = openpyxl.load_workbook(path)
        book.copy_worksheet(book["Plan 1 actions"]).title = "More actions"
        book.save(path)
        with pytest.raises(ValidationError, match="already has its actions on sheet 'Plan 1 actions'"):
            read_workbook(path, into=ImprovementPlan)

    def test_a_detail_row_deleted(self, tmp_path: Path) -> None:
        path = saved(tmp_path, examples.improvement_plan())
        book = openpyxl.load_workbook(path)
        book["Plan 1"].delete_rows(3)
        book.save(path)
        assert [((), Location(sheet="Plan 1", cell="A3"))] == problems(path)

    def test_no_sheet_of_the_kind(self, tmp_path: Path) -> None:
        path = saved(tmp_path, examples.trust_assessments()[-1])
        with pytest.raises(ValidationError, match="no plan sheet found"):
            read_workbook(path, into=ImprovementPlan)
        with pytest.raises(TypeError, match="not str"):
            read_workbook(path, into=str)
        with pytest.raises(TypeError, match="not str"):
            to_workbook(FW, ["a plan"])  # type: ignore[list-item]

    def test_text_a_cell_cannot_hold_names_the_document(self, tmp_path: Path) -> None:
        plan = examples.improvement_plan()
        long = attrs.evolve(plan.priorities[0], title="x" * 40_000)
        bad = attrs.evolve(plan, priorities=(long, *plan.priorities[1:]))
        with pytest.raises(ValidationError, match="a worksheet cell holds") as info:
            to_workbook(FW, [examples.trust_assessments()[-1], bad], tmp_path / "x.xlsx")
        assert (1, "priorities", 0, "title") == info.value.problems[0].path
        assert not (tmp_path / "x.xlsx").exists()

    def test_a_bad_record_in_an_assessment_is_placed(self, tmp_path: Path) -> None:
        path = saved(tmp_path, examples.signed_assessment())
        [cell] = typed_under(path, "Assessment 1 evidence", (4, "Kind"), {6: "gossip"})
        where = Location(sheet="Assessment 1 evidence", cell=cell)
        assert [(("evidence", 1, "kind"), where)] == problems(path, Assessment)


def test_the_layout_before_sign_off_still_reads(tmp_path: Path) -> None:
    """A sheet of the previous layout (no ``supersedes`` row, no confidence, ids or leans) reads as it did."""
    latest = examples.trust_assessments()[-1]
    path = saved(tmp_path, latest)
    book = openpyxl.load_workbook(path)
    sheet = book["Assessment 1"]
    assert "supersedes" == sheet["A14"].value
    sheet.delete_rows(14)
    header = [cell.value for cell in sheet[15]]
    for index in reversed(range(len(header))):
        if str(header[index]).startswith(("Confidence", "Evidence id", "Leans")):
            sheet.delete_cols(index + 1)
    for row in range(1, 14):  # layout 3 held the details' values in C, raters along the row from C
        for column in range(4, sheet.max_column + 1):
            sheet.cell(row=row, column=column - 1).value = sheet.cell(row=row, column=column).value
            sheet.cell(row=row, column=column).value = None
    sheet["C1"] = "matframework/assessment-workbook@3"
    del book["Assessment 1 evidence"]
    book.save(path)
    assert read_workbook(path) == [latest]
