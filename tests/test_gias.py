"""Tests for matframework.exchange.gias: reading a trust's schools from a GIAS CSV extract."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matframework import MatFrameworkError, Organisation, ValidationError, dumps, loads
from matframework.errors import Location
from matframework.exchange.gias import read_gias

SOURCES = Path(__file__).parent / "sources"
ESTABLISHMENTS = SOURCES / "gias-establishments-sample.csv"
MEMBERSHIP = SOURCES / "gias-trust-membership-sample.csv"
OAK = "Oak Valley Learning Trust (fictional)"
HEADER = "URN,EstablishmentName,PhaseOfEducation (name),EstablishmentStatus (name),Trusts (name),UKPRN\n"


def one_trust(*rows: str) -> str:
    return HEADER + "".join(row + "\n" for row in rows)


class TestRealShapedFiles:
    def test_establishment_fields(self) -> None:
        """The establishment extract (Windows-1252, CRLF) gives the trust's open schools, by name or code."""
        org = read_gias(ESTABLISHMENTS, trust=OAK.upper())
        assert (OAK, ["999101", "999102", "999104"]) == (org.name, [s.urn for s in org.schools])
        assert "St Mary’s Church of England Primary (fictional)" == org.schools[1].name
        assert (["Primary", "Primary", "Secondary"], "19999101", None) == (
            [s.phase for s in org.schools],
            org.schools[0].ukprn,
            org.schools[1].ukprn,
        )
        assert org == read_gias(ESTABLISHMENTS, trust="9999")

    def test_closed_schools_on_request(self) -> None:
        """Closed establishments are left out unless asked for, and then leave on their close date."""
        org = read_gias(ESTABLISHMENTS, trust=OAK, include_closed=True)
        assert dt.date(2024, 8, 31) == org.school("999120").left_on

    def test_membership_extract(self) -> None:
        """The membership extract gives the group ID and each school's joining and leaving dates."""
        org = read_gias(MEMBERSHIP)
        assert ("TR09999", dt.date(2026, 1, 5)) == (org.trust_reference, org.school("999112").joined_on)
        assert dt.date(2025, 8, 31) == org.school("999130").left_on
        assert org == loads(dumps(org), into=Organisation)  # ready to save, then add hubs and tiers

    def test_several_trusts_need_a_choice(self) -> None:
        """A file of several trusts is refused with their names unless one is chosen; an absent one is named."""
        with pytest.raises(ValidationError, match="holds schools of 2 trusts") as info:
            read_gias(ESTABLISHMENTS)
        assert str(ESTABLISHMENTS) == info.value.file
        with pytest.raises(ValidationError, match="no school of 'Birch Trust'"):
            read_gias(ESTABLISHMENTS, trust="Birch Trust")

    def test_encoding(self, tmp_path: Path) -> None:
        """UTF-8 (with or without a BOM) and Windows-1252 read alike; a named wrong encoding is a clear error."""
        text = ESTABLISHMENTS.read_bytes().decode("cp1252")
        for raw in (text.encode("utf-8"), b"\xef\xbb\xbf" + text.encode("utf-8")):
            (tmp_path / "x.csv").write_bytes(raw)
            assert read_gias(ESTABLISHMENTS, trust=OAK) == read_gias(tmp_path / "x.csv", trust=OAK)
        with pytest.raises(ValidationError, match="cannot be read as utf-8: byte"):
            read_gias(ESTABLISHMENTS, trust=OAK, encoding="utf-8")
        with pytest.raises(ValidationError, match="cannot be read as klingon"):
            read_gias(ESTABLISHMENTS, trust=OAK, encoding="klingon")


class TestMalformed:
    def test_every_bad_cell_at_its_row_and_column(self) -> None:
        """A bad URN, a URN twice, a bad UKPRN and a bad date are all reported, each at its row and column."""
        text = (
            "URN,EstablishmentName,UKPRN,Date Joined Group\n"
            "99910,Ash,,01/09/2016\n"
            "999102,Birch,123,01/09/2016\n"
            "999102,Birch again,,\n"
            "999104,Elm,,31/02/2016\n"
            "999105,,,\n"
        )
        with pytest.raises(ValidationError) as info:
            read_gias(text)
        assert [
            (Location(row=2, field="URN"), "'99910' is not a URN"),
            (Location(row=3, field="UKPRN"), "'123' is not a UKPRN"),
            (Location(row=4, field="URN"), "URN 999102 is listed twice (first on row 3)"),
            (Location(row=5, field="Date Joined Group"), "'31/02/2016' is not a date"),
            (Location(row=6, field="EstablishmentName"), "the school has no name"),
        ] == [(p.location, p.message) for p in info.value.problems]

    def test_missing_columns(self) -> None:
        """A file without URN or EstablishmentName is refused at its header."""
        with pytest.raises(ValidationError, match="no EstablishmentName column") as info:
            read_gias("URN,Name\n999101,Ash\n")
        assert Location(row=1, field="EstablishmentName") == info.value.problems[0].location

    def test_short_rows_and_blank_lines(self) -> None:
        """Blank lines are skipped; a short row reads its missing cells as empty."""
        org = read_gias(one_trust("", "999101,Ash,Primary", ""))
        assert [("999101", "Primary", None)] == [(s.urn, s.phase, s.ukprn) for s in org.schools]

    def test_limits(self, tmp_path: Path) -> None:
        """A file over the byte limit is refused before it is parsed."""
        path = tmp_path / "big.csv"
        path.write_bytes(one_trust("999101,Ash,Primary,Open,Oak,").encode() * 50)
        with pytest.raises(MatFrameworkError, match="over the limit of 100 bytes"):
            read_gias(path, max_bytes=100)

    @settings(max_examples=150, deadline=None)
    @given(st.binary(max_size=400))
    def test_any_bytes_give_an_organisation_or_our_error(self, raw: bytes) -> None:
        """No bytes make the reader raise anything but a matframework error."""
        path = Path(tempfile.gettempdir()) / f"matframework-gias-fuzz-{id(raw)}.csv"
        path.write_bytes(HEADER.encode() + raw)
        try:
            read_gias(path)
        except MatFrameworkError:
            pass
        finally:
            path.unlink()
