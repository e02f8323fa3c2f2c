"""Parquet: typed columns, exact round trips, DuckDB in place, and hostile files refused with their place."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matframework import (
    Assessment,
    FileError,
    MatFrameworkError,
    ValidationError,
    examples,
    read_parquet,
    to_parquet,
)
from tests.strategies import assessments

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

GROUP = [*examples.school_assessments(), *examples.perspective_assessments(), examples.signed_assessment()]


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("parquet") / "year.parquet"
    to_parquet(GROUP, path)
    return path


class TestRoundTrip:
    @settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=40)
    @given(st.lists(assessments(), max_size=3))
    def test_assessments_come_back_exactly(self, tmp_path: Path, group: list[Assessment]) -> None:
        """Any assessments written to Parquet read back equal."""
        path = tmp_path / "round.parquet"
        to_parquet(group, path)
        assert read_parquet(path) == group

    def test_example_year(self, written: Path) -> None:
        """The example trust's reviews, perspectives and signed assessment read back equal."""
        assert read_parquet(written) == GROUP


class TestTypes:
    def test_columns_are_typed(self, written: Path) -> None:
        """Rating and target are ordered dictionaries in scale order; the date is a date; lists are lists."""
        table = pq.read_table(written)
        rating = table.schema.field("rating").type
        assert pa.types.is_dictionary(rating)
        assert rating.ordered
        assert table.column("rating").chunk(0).dictionary.to_pylist() == [
            "Red",
            "Amber Red",
            "Amber Green",
            "Green",
        ]
        assert table.schema.field("assessed_on").type == pa.date32()
        assert table.schema.field("raters").type == pa.list_(pa.string())

    def test_metadata_names_the_layout_and_frameworks(self, written: Path) -> None:
        """The file's metadata carries the tag and each framework rated."""
        meta = json.loads(pq.read_schema(written).metadata[b"matframework"])
        assert meta["schema"] == "matframework/assessment-parquet@1"
        rated = sorted({(a.framework.id, a.framework.version) for a in GROUP})
        assert meta["frameworks"] == [{"id": i, "version": v} for i, v in rated]

    def test_pandas_keeps_the_order(self, written: Path) -> None:
        """Pandas reads the rating as an ordered categorical."""
        pd = pytest.importorskip("pandas")
        frame = pd.read_parquet(written)
        assert frame.rating.cat.ordered
        assert list(frame.rating.cat.categories) == ["Red", "Amber Red", "Amber Green", "Green"]

    def test_duckdb_queries_in_place(self, written: Path) -> None:
        """DuckDB counts the ratings in the file as aggregate counts them."""
        duckdb = pytest.importorskip("duckdb")
        found = dict(
            duckdb.sql(
                f"select rating, count(*) from '{written}' where rating is not null group by rating"  # noqa: S608 - a test's own path
            ).fetchall()
        )
        expected: dict[str, int] = {}
        for assessment in GROUP:
            for entry in assessment.ratings:
                if entry.rating is not None:
                    expected[entry.rating.label] = expected.get(entry.rating.label, 0) + 1
        assert found == expected


class TestHostile:
    def test_not_parquet(self, tmp_path: Path) -> None:
        """Bytes that are not Parquet, a truncated file or a missing file are a FileError naming it."""
        junk = tmp_path / "junk.parquet"
        junk.write_bytes(b"PAR1 not really")
        with pytest.raises(FileError, match=r"junk\.parquet is not a readable Parquet file"):
            read_parquet(junk)
        whole = tmp_path / "whole.parquet"
        to_parquet(GROUP[:2], whole)
        cut = tmp_path / "cut.parquet"
        cut.write_bytes(whole.read_bytes()[:-40])
        with pytest.raises(FileError, match=r"cut\.parquet"):
            read_parquet(cut)
        with pytest.raises(FileError, match="cannot read"):
            read_parquet(tmp_path / "absent.parquet")

    def test_too_big(self, written: Path) -> None:
        """A file over max_bytes is refused before it is read."""
        with pytest.raises(FileError, match="max_bytes"):
            read_parquet(written, max_bytes=1000)

    def test_not_ours(self, tmp_path: Path) -> None:
        """A Parquet file without our tag, or without a column, is refused by name."""
        other = tmp_path / "other.parquet"
        pq.write_table(pa.table({"a": [1, 2]}), other)
        with pytest.raises(ValidationError, match="no matframework tag") as info:
            read_parquet(other)
        assert info.value.file == str(other)
        table = pq.read_table(self._one(tmp_path))
        fewer = tmp_path / "fewer.parquet"
        pq.write_table(table.drop_columns(["status"]), fewer)
        with pytest.raises(ValidationError) as info:
            read_parquet(fewer)
        assert info.value.path == ("status",)

    def _one(self, tmp_path: Path) -> Path:
        path = tmp_path / "one.parquet"
        to_parquet(GROUP[0], path)
        return path

    def _edited(self, tmp_path: Path, column: str, row: int, value: object) -> Path:
        table = pq.read_table(self._one(tmp_path))
        values = table.column(column).to_pylist()
        values[row] = value
        field = table.schema.field(column)
        kind = pa.string() if pa.types.is_dictionary(field.type) else field.type
        edited = table.set_column(
            table.schema.get_field_index(column), pa.field(column, kind), pa.array(values, kind)
        )
        path = tmp_path / "edited.parquet"
        pq.write_table(edited.replace_schema_metadata(table.schema.metadata), path)
        return path

    def test_bad_values_are_placed(self, tmp_path: Path) -> None:
        """A bad rating, bad JSON or a head that differs between rows is refused at its row and column."""
        cases = [
            ("rating", 3, "Amber", "rating"),
            ("notes", 2, "{not json", "notes"),
            ("subject", 5, "Another school", "subject"),
            ("element", 4, "1A", "element"),
        ]
        for column, row, value, field in cases:
            with pytest.raises(ValidationError) as info:
                read_parquet(self._edited(tmp_path, column, row, value))
            located = [p.location for p in info.value.problems if p.location is not None]
            assert any(loc.row == row and loc.field == field for loc in located), (column, info.value)
            assert info.value.file is not None

    @settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(st.data())
    def test_flipped_bytes_never_escape(self, tmp_path: Path, data: st.DataObject) -> None:
        """A file with bytes changed reads the same, or is refused with a matframework error: never another, never other values."""
        raw = bytearray(self._one(tmp_path).read_bytes())
        for _ in range(data.draw(st.integers(1, 8))):
            raw[data.draw(st.integers(0, len(raw) - 1))] = data.draw(st.integers(0, 255))
        path = tmp_path / "flipped.parquet"
        path.write_bytes(bytes(raw))
        try:
            found = read_parquet(path)
        except MatFrameworkError:
            return
        assert found == [GROUP[0]]  # page checksums: a damaged page is never read as other ratings
