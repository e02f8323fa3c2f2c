"""Read a trust's schools from a "Get Information about Schools" (GIAS) CSV extract into an Organisation.

GIAS, the Department for Education's register of schools, offers CSV
downloads. Two kinds are read here, by their own column names:

- the establishment fields extract (``edubasealldata``): ``URN``,
  ``EstablishmentName``, ``PhaseOfEducation (name)``, ``EstablishmentStatus
  (name)``, ``Trusts (code)``, ``Trusts (name)``, ``UKPRN`` and ``CloseDate``,
  among many others that are ignored (``OpenDate`` is when the establishment
  opened, which is not always when it joined the trust, so it is not read);
- the academies' trust membership extract, whose ``Group ID``, ``Group
  Name``, ``Date Joined Group`` and ``Date Left Group`` give the trust's
  reference and each school's joining and leaving dates.

Column names are matched ignoring case, spaces, brackets and underscores,
since the extracts differ in how they write them. GIAS writes its files in
Windows-1252, not UTF-8: a file that is not UTF-8 is read as Windows-1252
unless another ``encoding`` is named. Clusters and tiers are the trust's own
and are not in GIAS: add them to the organisation file afterwards.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
from collections.abc import Mapping

from matframework._files import decode, read_bytes
from matframework.errors import Location, Problem, ValidationError
from matframework.model.organisation import Organisation, School

__all__ = ["DEFAULT_GIAS_MAX_BYTES", "GIAS_COLUMNS", "read_gias"]


def __dir__() -> list[str]:
    return __all__


DEFAULT_GIAS_MAX_BYTES = 100_000_000
"""The largest extract read by default: the whole of England's establishment fields file is about 60 MB.

Reading keeps the file's bytes and text in memory (about twice its size) and,
with ``trust`` given, only that trust's rows.
"""

GIAS_COLUMNS = {
    "urn": "URN",
    "name": "EstablishmentName",
    "phase": "PhaseOfEducation (name)",
    "status": "EstablishmentStatus (name)",
    "trust_code": "Trusts (code)",
    "trust_name": "Trusts (name)",
    "ukprn": "UKPRN",
    "close_date": "CloseDate",
    "group_id": "Group ID",
    "group_name": "Group Name",
    "joined": "Date Joined Group",
    "left": "Date Left Group",
}
"""The columns read, by what they hold, as GIAS names them; every other column is ignored."""

_REQUIRED = ("urn", "name")
_SHOWN = 5  # trusts named in the message when a file holds several
_NOT_RECORDED = {"", "not applicable", "null", "n/a"}
_DATE = re.compile(r"(\d{1,2})[/-](\d{1,2})[/-](\d{4})|(\d{4})-(\d{2})-(\d{2})")


def _key(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.casefold())


_KEYS = {_key(column): what for what, column in GIAS_COLUMNS.items()}


def _decode(raw: bytes, encoding: str | None, file: str | None) -> str:
    if encoding is None:
        try:
            return decode(raw, file=file).text  # by its byte order mark, else UTF-8
        except ValidationError:
            encoding = "cp1252"  # what GIAS writes
    try:
        return raw.decode(encoding)
    except (UnicodeDecodeError, LookupError) as error:
        detail = f"byte {error.start}" if isinstance(error, UnicodeDecodeError) else str(error)
        message = f"the file cannot be read as {encoding}: {detail}"
        raise ValidationError([Problem(message=message, expected="a GIAS CSV extract")], file=file) from None


def _trust_of(values: Mapping[str, str]) -> str:
    return values.get("trust_name") or values.get("group_name") or ""


def _date(text: str) -> dt.date | None:
    found = _DATE.fullmatch(text.strip())
    if found is None:
        raise ValueError(text)
    if found.group(1):
        day, month, year = int(found.group(1)), int(found.group(2)), int(found.group(3))
    else:
        year, month, day = int(found.group(4)), int(found.group(5)), int(found.group(6))
    return dt.date(year, month, day)


def read_gias(  # noqa: C901, PLR0912, PLR0915 - one pass over the rows, each column checked where it is read
    source: str | os.PathLike[str],
    *,
    trust: str | None = None,
    encoding: str | None = None,
    include_closed: bool = False,
    max_bytes: int = DEFAULT_GIAS_MAX_BYTES,
) -> Organisation:
    """Read the schools of one trust from a GIAS CSV extract.

    Args:
        source: The CSV file, or its text.
        trust: The trust to read, by its name, its GIAS group ID (``TR01234``)
            or its code, when the file holds the schools of several trusts.
        encoding: The file's encoding; by default UTF-8 if it decodes, else
            Windows-1252 (as GIAS writes).
        include_closed: Also read closed establishments (their ``CloseDate``
            becomes the date they left).
        max_bytes: The largest file read.

    Returns:
        The trust with its schools (URN, name, phase, UKPRN, joining and leaving
        dates where the file has them), no clusters and no facts.

    Raises:
        ValidationError: Every problem, each at its row and column: a missing
            ``URN`` or ``EstablishmentName`` column, a URN that is not six or
            seven digits, one listed twice, a date that is not a date, no
            school of ``trust``, or several trusts and no ``trust`` chosen.

    Example:
        >>> text = '''URN,EstablishmentName,PhaseOfEducation (name),EstablishmentStatus (name),Trusts (name)
        ... 999101,Ash Primary,Primary,Open,Oak Valley Learning Trust
        ... 999104,Elm Secondary,Secondary,Open,Oak Valley Learning Trust
        ... '''
        >>> org = read_gias(text)
        >>> org.name, [(s.urn, s.phase) for s in org.schools]
        ('Oak Valley Learning Trust', [('999101', 'Primary'), ('999104', 'Secondary')])

    .. versionadded:: 0.2.0
    """
    file = None
    if isinstance(source, str) and "\n" in source:
        if len(source) > max_bytes:
            raise ValidationError(
                [Problem(message="the text is over the limit", expected=f"at most {max_bytes:,} bytes")]
            )
        text = source
    else:
        file = os.fspath(source)
        text = _decode(read_bytes(file, max_bytes=max_bytes), encoding, file)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, [])
    except csv.Error as error:
        raise ValidationError(
            [Problem(message=f"the CSV cannot be read: {error}", location=Location(row=1))], file=file
        ) from None
    where: dict[str, int] = {}
    for index, name in enumerate(header):
        what = _KEYS.get(_key(name))
        if what is not None and what not in where:
            where[what] = index
    missing = [GIAS_COLUMNS[what] for what in _REQUIRED if what not in where]
    if missing:
        problem = Problem(
            message=f"no {' or '.join(missing)} column",
            expected="a GIAS extract with URN and EstablishmentName columns",
            location=Location(row=1, field=missing[0]),
        )
        raise ValidationError([problem], file=file)
    names = {what: header[index] for what, index in where.items()}
    problems: list[Problem] = []
    rows: list[tuple[int, Mapping[str, str]]] = []
    wanted = trust.casefold() if trust is not None else None
    trusts: set[str] = set()
    try:
        for number, cells in enumerate(reader, start=2):
            if not any(cell.strip() for cell in cells):
                continue
            values = {what: cells[i].strip() if i < len(cells) else "" for what, i in where.items()}
            if wanted is not None:
                ids = {_trust_of(values).casefold(), values.get("trust_code", "").casefold()}
                if wanted not in ids | {values.get("group_id", "").casefold()}:
                    continue  # another trust's school: not kept
            else:
                trusts.add(_trust_of(values))
                if len(trusts - {""}) > 1:
                    rows = []  # several trusts: only their names are needed, for the message
                    continue
            rows.append((number, values))
    except csv.Error as error:
        location = Location(row=reader.line_num, field=header[0] if header else None)
        raise ValidationError(
            [Problem(message=f"the CSV cannot be read: {error}", location=location)], file=file
        ) from None
    if trust is not None and not rows:
        message = f"no school of {trust!r} in the file"
        raise ValidationError(
            [Problem(message=message, expected="a trust name, group ID or code the file holds")], file=file
        )
    named = sorted(trusts - {""})
    if len(named) > 1:
        shown = ", ".join(repr(t) for t in named[:_SHOWN]) + (
            f" and {len(named) - _SHOWN} more" if len(named) > _SHOWN else ""
        )
        message = f"the file holds schools of {len(named)} trusts ({shown})"
        column = names.get("trust_name") or names.get("group_name")
        raise ValidationError(
            [
                Problem(
                    message=message,
                    expected="trust= naming one of them",
                    location=Location(row=1, field=column) if column else None,
                )
            ],
            file=file,
        )
    schools: list[School] = []
    seen: dict[str, int] = {}
    for number, row in rows:
        values = dict(row)
        status = values.get("status", "").casefold()
        if status == "closed" and not include_closed:
            continue

        def at(what: str, message: str, expected: str, number: int = number) -> None:
            problems.append(
                Problem(
                    message=message,
                    expected=expected,
                    location=Location(row=number, field=names.get(what, GIAS_COLUMNS[what])),
                )
            )

        urn = values["urn"]
        if not re.fullmatch(r"[0-9]{6,7}", urn):
            at("urn", f"{urn!r} is not a URN", "six or seven digits")
            continue
        if urn in seen:
            at("urn", f"URN {urn} is listed twice (first on row {seen[urn]})", "one row per school")
            continue
        seen[urn] = number
        if not values["name"]:
            at("name", "the school has no name", "its name")
            continue
        dates: dict[str, dt.date | None] = {}
        for what in ("joined", "left", "close_date"):
            raw = values.get(what, "")
            try:
                dates[what] = _date(raw) if raw.casefold() not in _NOT_RECORDED else None
            except ValueError:
                at(what, f"{raw!r} is not a date", "a date such as 01/09/2024")
                dates[what] = None
        ukprn = values.get("ukprn", "")
        if ukprn.casefold() in _NOT_RECORDED:
            ukprn = ""
        elif not re.fullmatch(r"[0-9]{8}", ukprn):
            at("ukprn", f"{ukprn!r} is not a UKPRN", "eight digits, or nothing")
            ukprn = ""
        phase = values.get("phase", "")
        left = dates["left"] or (dates["close_date"] if status == "closed" else None)
        joined = dates["joined"]
        if joined is not None and left is not None and left < joined:
            at(
                "left" if dates["left"] else "close_date",
                f"it leaves ({left}) before it joins ({joined})",
                "a date after joining",
            )
            left = None
        schools.append(
            School(
                urn=urn,
                name=values["name"],
                phase=None if phase.casefold() in _NOT_RECORDED else phase,
                joined_on=joined,
                left_on=left,
                ukprn=ukprn or None,
            )
        )
    if problems:
        raise ValidationError(problems, file=file)
    first = rows[0][1] if rows else {}
    reference = first.get("group_id") or None
    return Organisation(
        name=_trust_of(first) or (trust or ""),
        trust_reference=reference if reference and reference.casefold() not in _NOT_RECORDED else None,
        schools=tuple(schools),
    )
