"""Tests for matframework.exchange.csvfile: the tidy long CSV format."""

from __future__ import annotations

import csv
import io
import tracemalloc
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matframework import Assessment, CriterionNote, Rating, ValidationError, examples, load
from matframework.errors import Location
from matframework.exchange.csvfile import CSV_COLUMNS, read_csv, to_csv
from tests.strategies import assessments

# One assessment whose cells hold no commas or quotes, so the tests can edit its lines as text.
PLAIN = attrs.evolve(examples.trust_assessments()[0], raters=("A. Example (CEO)",))


class TestRoundTrip:
    def test_examples(self, tmp_path: Path) -> None:
        """The example dataset survives a CSV file written for Excel (BOM, CRLF)."""
        group = [*examples.school_assessments(), *examples.trust_assessments()]
        path = tmp_path / "a.csv"
        to_csv(group, path)
        raw = path.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbfschema,matframework/assessment-csv@1\r\n")
        assert group == read_csv(path)

    @settings(suppress_health_check=[HealthCheck.too_slow], max_examples=80)
    @given(st.lists(assessments(), max_size=4))
    def test_property(self, group: list[Assessment]) -> None:
        """CSV → assessments is the identity for any assessments."""
        assert group == read_csv(to_csv(group))

    def test_one_row_per_element(self) -> None:
        """One row per subject × round × element, under the named header."""
        a = load("examples/oak-valley-trust-2026-autumn.yaml", Assessment)
        lines = to_csv(a).splitlines()
        assert ",".join(CSV_COLUMNS) == lines[1]
        assert 14 == len(lines) - 2


def written(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


class TestEarlierColumns:
    def test_files_without_a_perspective_column_read(self) -> None:
        """CSVs written before perspectives, evidence records or sign-off came in read as before."""
        a = examples.trust_assessments()[-1]
        rows = list(csv.reader(io.StringIO(to_csv(a).removeprefix("\ufeff"))))
        signoff = {"supersedes", "changes", "approvals"}
        added = {*signoff, "evidence_records", "evidence_ids", "confidence", "leans"}
        for dropped in (signoff, added, {*added, "perspective"}):
            keep = [i for i, name in enumerate(rows[1]) if name not in dropped]
            earlier = [rows[0], *([row[i] for i in keep] for row in rows[1:])]
            buffer = io.StringIO()
            csv.writer(buffer).writerows(earlier)
            assert [a] == read_csv(buffer.getvalue())
        keep = [i for i, name in enumerate(rows[1]) if name != "perspective"]  # a layout that never was
        buffer = io.StringIO()
        csv.writer(buffer).writerows([rows[0], *([row[i] for i in keep] for row in rows[1:])])
        with pytest.raises(ValidationError, match="column names differ"):
            read_csv(buffer.getvalue())

    def test_perspective_round_trips(self) -> None:
        """A group's perspective is its own column and reads back."""
        a = attrs.evolve(examples.trust_assessments()[-1], perspective="trustees")
        assert [a] == read_csv(to_csv(a))


class TestBadFiles:
    def text(self) -> str:
        return to_csv(PLAIN)

    def test_rating_typed_by_hand(self) -> None:
        """Mistyped ratings are all reported with their row and column."""
        lines = self.text().splitlines()
        column = CSV_COLUMNS.index("rating")
        for row, typed in ((4, "Amber"), (6, "Gren")):
            cells = lines[row].split(",")
            cells[column] = typed
            lines[row] = ",".join(cells)
        with pytest.raises(ValidationError) as info:
            read_csv("\n".join(lines))
        assert [Location(row=5, field="rating"), Location(row=7, field="rating")] == [
            p.location for p in info.value.problems
        ]
        assert "'Gren' is not a rating" in info.value.problems[1].message

    def test_deleted_cells(self) -> None:
        """A row with cells missing is reported with its row number."""
        lines = self.text().splitlines()
        lines[7] = ",".join(lines[7].split(",")[:5])
        with pytest.raises(ValidationError, match="5 cells") as info:
            read_csv("\n".join(lines))
        assert Location(row=8, field="assessment") == info.value.problems[0].location

    def test_bad_header(self) -> None:
        """A file without the format row or with other columns is refused."""
        with pytest.raises(ValidationError, match="does not name the format"):
            read_csv("schema,other@1\n")
        lines = self.text().splitlines()
        lines[1] = lines[1].replace("rating", "grade")
        with pytest.raises(ValidationError, match="column names differ"):
            read_csv("\n".join(lines))

    @pytest.mark.parametrize(
        ("column", "value", "path", "message"),
        [
            ("subject_kind", "academy", ("subject", "kind"), "is not a subject kind"),
            ("status", "done", ("status",), "is not a status"),
            ("assessed_on", "14/10/2026", ("assessed_on",), "expected a date like 2026-10-01"),
            ("raters", "[1]", ("raters", 0), "expected text, got a number"),
            ("raters", "[A", ("raters",), "is not JSON"),
        ],
    )
    def test_bad_head_cells(self, column: str, value: str, path: tuple[str | int, ...], message: str) -> None:
        """A bad value in the assessment's own columns is reported once, at its field and first row."""
        rows = list(csv.reader(io.StringIO(self.text())))
        for row in rows[2:]:
            row[CSV_COLUMNS.index(column)] = value
        with pytest.raises(ValidationError, match=message) as info:
            read_csv(written(rows))
        assert [(path, Location(row=3, field=column))] == [(p.path, p.location) for p in info.value.problems]

    def test_rows_of_one_assessment_agree(self) -> None:
        """A row whose assessment columns differ from the first row's is refused, not silently ignored."""
        rows = list(csv.reader(io.StringIO(self.text())))
        rows[5][CSV_COLUMNS.index("subject")] = "Another Trust"
        with pytest.raises(ValidationError, match="differs from row 3 of the same assessment") as info:
            read_csv(written(rows))
        assert Location(row=6, field="subject") == info.value.problems[0].location

    def test_element_listed_twice(self) -> None:
        """Two rows for one element of one assessment are refused at the second."""
        rows = list(csv.reader(io.StringIO(self.text())))
        rows[4][CSV_COLUMNS.index("element")] = rows[3][CSV_COLUMNS.index("element")]
        with pytest.raises(ValidationError, match="listed twice") as info:
            read_csv(written(rows))
        assert Location(row=5, field="element") == info.value.problems[0].location

    def test_rating_value_is_forgiven(self) -> None:
        """'amber-green' in a cell reads as Amber Green."""
        lines = self.text().splitlines()
        cells = lines[2].split(",")
        cells[CSV_COLUMNS.index("rating")] = "amber-green"
        lines[2] = ",".join(cells)
        assert Rating.AMBER_GREEN is read_csv("\n".join(lines))[0].ratings[0].rating


FORMULA = '=CONCATENATE("in","jected")'


def injected() -> Assessment:
    """The example assessment with every text a rater can type starting like a formula."""
    a = examples.trust_assessments()[-1]
    ratings = tuple(
        attrs.evolve(
            e,
            evidence=f"{FORMULA} evidence {e.code}",
            next_steps=(f"+{FORMULA}", f"-{FORMULA}"),
            notes=(CriterionNote(numeral="i", text=f"@{FORMULA}"),),
        )
        for e in a.ratings
    )
    subject = attrs.evolve(a.subject, name=f"{FORMULA} Trust")
    return attrs.evolve(
        a, subject=subject, round=f"\t{FORMULA}", raters=(f"'{FORMULA}", f"\r{FORMULA}"), ratings=ratings
    )


class TestInjection:
    def test_no_cell_starts_a_formula(self) -> None:
        """Every cell of the CSV that a spreadsheet could take for a formula has an apostrophe first."""
        rows = list(csv.reader(io.StringIO(to_csv(injected()), newline="")))
        starts = ("=", "+", "-", "@", "\t", "\r")
        assert [] == [cell for row in rows for cell in row if cell.startswith(starts)]
        assert any(cell.startswith("'=") for row in rows for cell in row)

    def test_the_round_trip_is_exact(self) -> None:
        """The apostrophes come off on reading: the assessment is read back unchanged."""
        assert [injected()] == read_csv(to_csv(injected()))

    @given(st.text(alphabet="=+-@'\t\r\n x", min_size=1, max_size=8))
    def test_any_start_round_trips(self, evidence: str) -> None:
        """Evidence beginning with any mix of formula characters and apostrophes reads back exactly."""
        a = examples.trust_assessments()[-1].with_rating("1A", Rating.RED, evidence=evidence)
        assert [a] == read_csv(to_csv(a))


class TestHostileText:
    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ("schema,matframework/assessment-csv@1\r" + ",".join(CSV_COLUMNS) + "\r", None),
            (
                to_csv(PLAIN).replace("Amber Green,", '"' + "x" * 140_000 + '",', 1),
                "cannot be read",
            ),
            (
                to_csv(PLAIN).replace('"[""A. Example (CEO)""]"', "[" + "1" * 5000 + "]", 1),
                "is not JSON",
            ),
            (
                to_csv(PLAIN).replace('"[""A. Example (CEO)""]"', "[NaN]", 1),
                "is not JSON",
            ),
            (
                to_csv(PLAIN).replace('"[""A. Example (CEO)""]"', "[" * 5000, 1),
                "is not JSON",
            ),
        ],
        ids=["cr-line-ends", "huge-cell", "huge-integer", "nan", "deep-json"],
    )
    def test_refused_cleanly(self, text: str, message: str | None) -> None:
        """Bad text is a ValidationError with a row, never a csv.Error, ValueError or RecursionError."""
        if message is None:
            assert [] == read_csv(text)
            return
        with pytest.raises(ValidationError, match=message) as info:
            read_csv(text)
        assert all(p.location is not None and p.location.row is not None for p in info.value.problems)

    @pytest.mark.parametrize(
        "raw",
        [
            "schema,matframework/assessment-csv@1\n".encode("latin-1") + "caf\xe9".encode("latin-1"),
            b"\x00\x01\x02\x03\xff\xfe\xfd",
        ],
        ids=["latin-1", "binary"],
    )
    def test_undecodable_files(self, raw: bytes, tmp_path: Path) -> None:
        """A file that is not UTF-8 (nor UTF-16/32 with a mark) is refused with the byte offset."""
        path = tmp_path / "a.csv"
        path.write_bytes(raw)
        with pytest.raises(ValidationError, match="cannot be read"):
            read_csv(path)

    def test_utf16_file_is_read(self, tmp_path: Path) -> None:
        """A UTF-16 file with its byte order mark (as Excel saves "Unicode text") reads."""
        path = tmp_path / "a.csv"
        path.write_bytes(b"\xff\xfe" + to_csv(examples.trust_assessments()[-1]).encode("utf-16-le"))
        assert [examples.trust_assessments()[-1]] == read_csv(path)

    def test_carriage_returns_inside_cells_survive(self) -> None:
        """CR and CRLF inside evidence are kept, not turned into LF."""
        a = examples.trust_assessments()[-1].with_rating("1A", Rating.RED, evidence="one\r\ntwo\rthree\nfour")
        assert "one\r\ntwo\rthree\nfour" == read_csv(to_csv(a))[0].element_rating("1A").evidence


def _rows_of(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


class TestStreaming:
    """A CSV file is read row by row and written row by row: memory does not grow with the file."""

    @settings(suppress_health_check=[HealthCheck.too_slow], max_examples=40)
    @given(st.lists(assessments(), min_size=2, max_size=4), st.randoms(use_true_random=False))
    def test_rows_in_any_order(self, group: list[Assessment], random: object) -> None:
        """Interleaved rows (assessments' rows apart) give the same assessments, in order of first appearance."""
        rows = _rows_of(to_csv(group))
        queues: dict[str, list[list[str]]] = {}
        for values in rows[2:]:
            queues.setdefault(values[0], []).append(values)
        body = []
        while queues:
            key = random.choice(sorted(queues))  # type: ignore[attr-defined]
            body.append(queues[key].pop(0))
            if not queues[key]:
                del queues[key]
        order = list(dict.fromkeys(int(values[0]) - 1 for values in body))
        assert [group[index] for index in order] == read_csv(written([*rows[:2], *body]))

    def test_split_rows_named_in_problems_as_in_order(self) -> None:
        """A bad cell in an assessment whose rows are apart is found at its own row."""
        a, b = examples.trust_assessments()[-2:]
        rows = _rows_of(to_csv([a, b]))
        body = rows[2:]
        body.insert(3, body.pop())  # b's last row among a's
        moved = body[3]
        moved[CSV_COLUMNS.index("rating")] = "Gren"
        with pytest.raises(ValidationError) as raised:
            read_csv(written([*rows[:2], *body]))
        assert [problem.location for problem in raised.value.problems] == [Location(row=6, field="rating")]

    def test_to_csv_writes_a_generator_and_returns_nothing(self, tmp_path: Path) -> None:
        group = list(examples.school_assessments())
        path = tmp_path / "year.csv"
        assert to_csv(iter(group), path) is None
        assert group == read_csv(path)
        with path.open(encoding="utf-8-sig", newline="") as stream:
            assert stream.read() == to_csv(group)

    def test_a_failing_generator_leaves_the_file_as_it_was(self, tmp_path: Path) -> None:
        """Rows are streamed to a temporary file; the target changes only when every row is written."""
        path = tmp_path / "year.csv"
        to_csv(examples.trust_assessments(), path)
        before = path.read_bytes()

        def broken() -> object:
            yield from examples.school_assessments()
            yield examples.improvement_plan()

        with pytest.raises(TypeError, match="one kind of document; got Assessment, ImprovementPlan"):
            to_csv(broken(), path)
        assert before == path.read_bytes()
        assert [path] == list(tmp_path.iterdir())

    def test_memory_is_flat_in_the_rows(self, tmp_path: Path) -> None:
        """Writing holds one assessment at a time; reading holds the assessments read, not the file's text."""
        base = examples.school_assessments()
        many = [base[index % len(base)] for index in range(1500)]
        to_csv(base, tmp_path / "warm.csv")
        read_csv(tmp_path / "warm.csv")
        peaks = []
        for count in (100, 1500):
            tracemalloc.start()
            to_csv(iter(many[:count]), tmp_path / f"{count}.csv")
            peaks.append(tracemalloc.get_traced_memory()[1])
            tracemalloc.stop()
        assert peaks[1] < 2 * peaks[0] + 100_000
        path = tmp_path / "1500.csv"
        tracemalloc.start()
        found = read_csv(path)
        kept, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert many == found
        assert peak - kept < path.stat().st_size / 2
