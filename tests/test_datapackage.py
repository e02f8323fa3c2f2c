"""The described CSV: a Frictionless data package beside the file, validated by the frictionless package."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matframework import Assessment, examples, read_csv, to_csv
from matframework.exchange.datapackage import package_path
from tests.strategies import assessments

frictionless = pytest.importorskip("frictionless")


def _valid(package: Path) -> tuple[bool, list[str]]:
    report = frictionless.validate(str(package))
    return report.valid, [error.type for task in report.tasks for error in task.errors]


class TestPackage:
    @settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
    @given(st.lists(assessments(), min_size=1, max_size=3))
    def test_any_assessments_validate(self, tmp_path: Path, group: list[Assessment]) -> None:
        """Whatever the assessments, frictionless finds the file valid against its description, row for row."""
        path = tmp_path / "any.csv"
        to_csv(group, path, describe=True)
        assert _valid(package_path(path)) == (True, [])
        resource = frictionless.Package(str(package_path(path))).get_resource("assessments")
        rows = resource.read_rows()
        assert len(rows) == sum(max(1, len(a.ratings)) for a in group)
        assert read_csv(path) == group

    def test_the_description(self, tmp_path: Path) -> None:
        """Ordered categories for the rating, a date, JSON arrays, the header on row 2, and the layout's tag."""
        path = tmp_path / "reviews.csv"
        to_csv(examples.school_assessments(), path, describe=True)
        package = json.loads(package_path(path).read_text("utf-8"))
        resource = package["resources"][0]
        fields = {f["name"]: f for f in resource["schema"]["fields"]}
        assert fields["rating"]["categories"] == ["Red", "Amber Red", "Amber Green", "Green"]
        assert fields["rating"]["categoriesOrdered"] is True
        assert fields["assessed_on"]["type"] == "date"
        assert fields["raters"]["type"] == "array"
        assert resource["dialect"]["headerRows"] == [2]
        assert package["matframework"]["layout"] == path.read_text("utf-8-sig").splitlines()[0].split(",")[1]
        assert [f["name"] for f in resource["schema"]["fields"]] == path.read_text("utf-8-sig").splitlines()[
            1
        ].split(",")
        rows = frictionless.Package(str(package_path(path))).get_resource("assessments").read_rows()
        first = examples.school_assessments()[0]
        assert rows[0]["assessed_on"] == first.assessed_on
        assert rows[0]["raters"] == list(first.raters)

    def test_the_check_can_fail(self, tmp_path: Path) -> None:
        """A rating edited to a word off the scale makes the package invalid, at that row."""
        path = tmp_path / "reviews.csv"
        to_csv(examples.school_assessments()[:1], path, describe=True)
        lines = path.read_text("utf-8-sig").splitlines()
        lines[2] = lines[2].replace(",Green,", ",Greenish,", 1).replace(",Amber Green,", ",Greenish,", 1)
        lines[2] = lines[2].replace(",Amber Red,", ",Greenish,", 1).replace(",Red,", ",Greenish,", 1)
        path.write_text("\ufeff" + "\r\n".join(lines) + "\r\n", "utf-8")
        valid, errors = _valid(package_path(path))
        assert not valid
        assert "constraint-error" in errors

    def test_refusals(self, tmp_path: Path) -> None:
        """describe=True needs a path, and describes assessments only."""
        with pytest.raises(ValueError, match="needs a path"):
            to_csv(examples.trust_assessments(), describe=True)
        with pytest.raises(ValueError, match="assessment CSV files only"):
            to_csv(examples.improvement_plan(), tmp_path / "plan.csv", describe=True)
        assert not (tmp_path / "plan.csv").exists()
