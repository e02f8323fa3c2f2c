"""Hostile inputs, one corpus per format, built here (nothing is stored): what an unlucky or hostile user sends.

Each builder returns ``{name: content}``: text or bytes for documents, CSV and CASE packages, and
bytes of an ``.xlsx`` for workbooks. ``tests/test_hostile.py`` feeds every one to its reader.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import io
import json
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl

from matframework import assurance_framework, dumps, examples, to_case, to_csv, to_workbook
from matframework.documents.converters import unstructure

__all__ = ["ASSESSMENT", "cases", "csvs", "documents", "record_workbooks", "unstructure", "workbooks"]

ASSESSMENT = examples.trust_assessments()[-1]
TAG = "schema: matframework/assessment@1\n"
HEAD = "subject: {name: a, kind: trust}\nframework: {id: mat-assurance-framework, version: '1'}\n"


def documents() -> dict[str, str | bytes]:
    """YAML and JSON documents: broken syntax, traps for parsers, wrong shapes, sizes past the limits."""
    good = dumps(ASSESSMENT)
    framework = dumps(assurance_framework())
    data = unstructure(ASSESSMENT)
    corpus: dict[str, str | bytes] = {
        "empty": "",
        "null": "null\n",
        "a list": "- 1\n- 2\n",
        "a scalar": "just text\n",
        "only comments": "# nothing here\n",
        "two documents": good + "---\n" + good,
        "truncated": good[: len(good) // 2],
        "truncated framework": framework[: len(framework) // 3],
        "tab indentation": TAG + "subject:\n\tname: a\n",
        "deep flow nesting": TAG + "x: " + "[" * 5000 + "]" * 5000 + "\n",
        "deep block nesting": TAG + "".join("  " * i + f"k{i}:\n" for i in range(300)),
        "billion laughs": TAG
        + "a: &a [x, x]\n"
        + "".join(f"{c}: &{c} [*{p}, *{p}]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=True)),
        "python tag": TAG + "x: !!python/object/apply:os.system ['true']\n",
        "custom tag": TAG + "x: !ours 1\n",
        "merge key": TAG + HEAD + "<<: {round: x}\n",
        "key that is a list": TAG + "? [a, b]\n: 1\n",
        "key that is null": TAG + "~: 1\n",
        "key that is a number": TAG + "1.5: x\n",
        "huge integer": TAG + "subject: " + "1" * 5000 + "\n",
        "huge integer in JSON": json.dumps({"schema": "matframework/assessment@1"})[:-1]
        + ', "subject": '
        + "1" * 5000
        + "}",
        "NaN in JSON": '{"schema": "matframework/assessment@1", "subject": NaN}',
        "infinity": TAG + HEAD + "round: .inf\n",
        "duplicate keys": TAG + HEAD + "round: a\nround: b\n",
        "duplicate keys in JSON": '{"schema": "matframework/assessment@1", "round": "a", "round": "b"}',
        "lone surrogate in JSON": '{"schema": "matframework/assessment@1", "round": "\\ud800"}',
        "control character": TAG + HEAD + "round: a\x07b\n",
        "10,000 unknown keys": TAG + HEAD + "".join(f"k{i}: 1\n" for i in range(10_000)),
        "2,000 bad ratings": TAG
        + HEAD
        + "ratings:\n"
        + "".join(f"  C{i}: {{rating: x}}\n" for i in range(2000)),
        "200,000 keys": TAG + "".join(f"k{i}: 1\n" for i in range(200_000)),
        "over the size limit": TAG + "x: '" + "y" * 5_000_001 + "'\n",
        "a long line": TAG + HEAD + "round: " + "z" * 1_000_000 + "\n",
        "schema tag as a list": "schema: [a]\n",
        "schema tag from the future": good.replace("assessment@1", "assessment@99", 1),
        "unknown schema name": good.replace("assessment@1", "assessors@1", 1),
        "impossible date": good.replace("2026-10-14", "2026-02-30", 1),
        "date as a number": good.replace("2026-10-14", "20261014", 1),
        "rating as a list": TAG + HEAD + "ratings: {1A: {rating: [Red]}}\n",
        "ratings as a list": TAG + HEAD + "ratings: [1A, 1B]\n",
        "notes as a list": TAG + HEAD + "ratings: {1A: {notes: [a]}}\n",
        "note numeral as a number": TAG + HEAD + "ratings: {1A: {notes: {4: a}}}\n",
        "anchor without alias": TAG + HEAD + "round: &r x\n",
        "JSON with trailing text": json.dumps({"schema": "matframework/assessment@1", **data}, default=str)
        + " trailing",
        "Latin-1 bytes": (TAG + HEAD + "round: café\n").encode("latin-1"),
        "UTF-16 without a mark": (TAG + HEAD).encode("utf-16-le"),
        "binary": bytes(range(256)) * 4,
        "UTF-8 byte order mark": b"\xef\xbb\xbf" + good.encode("utf-8"),
        "UTF-32 with its mark": b"\xff\xfe\x00\x00" + good.encode("utf-32-le"),
    }
    return corpus


def csvs() -> dict[str, str | bytes]:
    """CSV files: broken structure, bad cells, encodings, sizes past the limits."""
    good = to_csv(ASSESSMENT)
    lines = good.split("\r\n")

    def cell(column: str, value: str, *, everywhere: bool = False) -> str:
        import csv  # noqa: PLC0415 - only here

        from matframework.exchange.csvfile import CSV_COLUMNS  # noqa: PLC0415 - the format's own columns

        rows = list(csv.reader(io.StringIO(good, newline="")))
        for row in rows[2:] if everywhere else rows[2:3]:
            row[CSV_COLUMNS.index(column)] = value
        out = io.StringIO()
        csv.writer(out, lineterminator="\r\n").writerows(rows)
        return out.getvalue()

    corpus: dict[str, str | bytes] = {
        "empty": b"",
        "header only": "\r\n".join(lines[:2]) + "\r\n",
        "no format row": "\r\n".join(lines[1:]),
        "another format": good.replace("assessment-csv@1", "assessment-csv@9", 1),
        "columns renamed": good.replace("evidence", "proof", 1),
        "columns reordered": good.replace("rating,target", "target,rating", 1),
        "a short row": good.replace(lines[4], ",".join(lines[4].split(",")[:4]), 1),
        "a long row": good.replace(lines[4], lines[4] + ",extra,cells", 1),
        "CR line ends": good.replace("\r\n", "\r"),
        "LF line ends": good.replace("\r\n", "\n"),
        "mixed line ends": good.replace("\r\n", "\n", 5),
        "a NUL byte": good.replace("Amber Green", "Amber\x00Green", 1),
        "an unclosed quote": good + '1,"unclosed\r\n',
        "a huge cell": cell("evidence", "x" * 140_000),
        "bad JSON in raters": cell("raters", "[not json", everywhere=True),
        "raters as a mapping": cell("raters", '{"a": 1}', everywhere=True),
        "bad JSON in notes": cell("notes", "{not json"),
        "notes as a list": cell("notes", '["a"]'),
        "note numeral 4": cell("notes", '{"4": "x"}'),
        "next steps as a mapping": cell("next_steps", '{"a": 1}'),
        "a huge integer": cell("next_steps", "[" + "9" * 5000 + "]"),
        "NaN": cell("next_steps", "[NaN]"),
        "Infinity": cell("next_steps", "[Infinity]"),
        "deep JSON": cell("next_steps", "[" * 10_000),
        "a bad rating": cell("rating", "Gren"),
        "a bad target": cell("target", "amber"),
        "a bad date": cell("assessed_on", "14/10/2026", everywhere=True),
        "a bad kind": cell("subject_kind", "academy", everywhere=True),
        "a bad status": cell("status", "done", everywhere=True),
        "a bad URN": cell("urn", "12345", everywhere=True),
        "a bad UKPRN": cell("ukprn", "1234567X", everywhere=True),
        "rated and not applicable": cell("not_applicable", "Infant school"),
        "a blank reason": cell("not_applicable", "   "),
        "rows that disagree": cell("subject", "Another Trust"),
        "an element twice": cell("element", "1B"),
        "ratings without an element": cell("element", ""),
        "Latin-1": good.replace("Oak Valley", "Caf\xe9 Valley").encode("latin-1"),
        "UTF-16 with its mark": b"\xff\xfe" + good.encode("utf-16-le"),
        "UTF-32 with its mark": b"\xff\xfe\x00\x00" + good.encode("utf-32-le"),
        "binary": bytes(range(256)) * 4,
        "formula cells": cell("evidence", '=HYPERLINK("http://example.invalid","x")'),
        "over the size limit": good + ("1," + "x," * 18 + "\r\n") * 300_000,
    }
    return corpus


WHEN = dt.datetime(2026, 10, 1, tzinfo=dt.timezone.utc)


def _package() -> dict[str, Any]:
    return to_case(assurance_framework(), changed=WHEN)


def _replace(package: dict[str, Any], *, key: str, value: object) -> None:
    if value is None:
        package.pop(key)
    else:
        package[key] = value


def _first_level(package: dict[str, Any]) -> dict[str, Any]:
    level: dict[str, Any] = package["CFRubrics"][0]["CFRubricCriteria"][0]["CFRubricCriterionLevels"][0]
    return level


def _link(package: dict[str, Any], index: int) -> dict[str, Any]:
    node: dict[str, Any] = package["CFAssociations"][index]["destinationNodeURI"]
    return node


def cases() -> dict[str, str | bytes]:
    """CASE packages: wrong shapes, broken links, numbers JSON should not carry, sizes past the limits."""
    corpus: dict[str, str | bytes] = {}

    def variant(name: str, change: Callable[[dict[str, Any]], object]) -> None:
        package = copy.deepcopy(_package())
        change(package)
        corpus[name] = json.dumps(package)

    for key in ("CFItems", "CFAssociations", "CFRubrics"):
        for shape, value in (
            ("a mapping", {"a": 1}),
            ("text", "text"),
            ("numbers", [1, 2, 3]),
            ("missing", None),
        ):
            variant(f"{key} is {shape}", functools.partial(_replace, key=key, value=value))
    variant("CFDocument is a list", lambda p: p.__setitem__("CFDocument", []))
    variant("CFDocument is empty", lambda p: p.__setitem__("CFDocument", {}))
    variant("notes are a number", lambda p: p["CFDocument"].__setitem__("notes", 5))
    variant("notes are a list", lambda p: p["CFDocument"].__setitem__("notes", ["a"]))
    variant(
        "metadata is broken", lambda p: p["CFDocument"].__setitem__("notes", "matframework metadata: {oops")
    )
    variant(
        "metadata scale is wrong",
        lambda p: p["CFDocument"].__setitem__("notes", 'matframework metadata: {"scale": 3}'),
    )
    variant("an item without identifier", lambda p: p["CFItems"][5].pop("identifier"))
    variant("an item is null", lambda p: p["CFItems"].__setitem__(5, None))
    variant(
        "a link to nowhere",
        lambda p: p["CFAssociations"][5]["originNodeURI"].__setitem__("identifier", "nowhere"),
    )
    variant("a link without nodes", lambda p: p["CFAssociations"][5].pop("destinationNodeURI"))
    variant(
        "a sequence number as text", lambda p: p["CFAssociations"][5].__setitem__("sequenceNumber", "first")
    )
    variant(
        "a sequence number of 1e400", lambda p: p["CFAssociations"][5].__setitem__("sequenceNumber", 1e300)
    )
    variant("a numeral that is a number", lambda p: p["CFItems"][2].__setitem__("listEnumeration", 7))
    variant("an unknown stage", lambda p: p["CFItems"][2].__setitem__("alternativeLabel", "Sometime"))
    variant(
        "a heading that is not a number", lambda p: p["CFItems"][0].__setitem__("humanCodingScheme", "one")
    )
    variant(
        "a rubric level score as text",
        lambda p: p["CFRubrics"][0]["CFRubricCriteria"][0]["CFRubricCriterionLevels"][0].__setitem__(
            "score", "x"
        ),
    )
    variant(
        "two items with one identifier",
        lambda p: p["CFItems"][3].__setitem__("identifier", p["CFItems"][2]["identifier"]),
    )
    variant(
        "a cycle of links",
        lambda p: p["CFAssociations"][0]["destinationNodeURI"].__setitem__(
            "identifier", p["CFItems"][1]["identifier"]
        ),
    )
    variant("no items at all", lambda p: p.__setitem__("CFItems", []))
    text = json.dumps(_package())
    corpus.update(
        {
            "not JSON": "{not json",
            "empty": "",
            "a JSON list": "[]",
            "Infinity": text.replace('"sequenceNumber": 1,', '"sequenceNumber": Infinity,', 1),
            "NaN": text.replace('"sequenceNumber": 1,', '"sequenceNumber": NaN,', 1),
            "1e400": text.replace('"sequenceNumber": 1,', '"sequenceNumber": 1e400,', 1),
            "a 5,000-digit integer": text.replace(
                '"sequenceNumber": 1,', '"sequenceNumber": ' + "1" * 5000 + ",", 1
            ),
            "deep nesting": '{"CFDocument": ' + "[" * 100_000 + "]" * 100_000 + "}",
            "over the size limit": '{"CFDocument": {}, "x": "' + "y" * 5_000_001 + '"}',
            "Latin-1 bytes": text.replace("MAT Assurance", "Caf\xe9").encode("latin-1"),
            "binary": bytes(range(256)) * 4,
        }
    )
    return corpus


def _book(change: Callable[[Any], object] | None = None) -> bytes:
    book = to_workbook(assurance_framework(), [ASSESSMENT])
    if change is not None:
        change(book["Assessment 1"])
    return _saved(book)


def _saved(book: Any) -> bytes:
    """The workbook's bytes; openpyxl's warning that an edited table heading is no longer text is expected."""
    out = io.BytesIO()
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "File may not be readable", UserWarning)
        book.save(out)
    return out.getvalue()


def workbooks() -> dict[str, str | bytes]:
    """Workbooks: cells of every type in the wrong place, moved rows and columns, broken zips, huge sheets."""

    def put(cell: str, value: object = None) -> Callable[[Any], object]:
        return lambda sheet: sheet.__setitem__(cell, value)

    corpus: dict[str, str | bytes] = {
        "a bad rating": _book(put("D19", "Gren")),
        "a rating as a number": _book(put("D19", 3)),
        "a rating as true": _book(put("D19", value=True)),
        "a rating as a date": _book(put("D19", openpyxl.utils.datetime.from_excel(45000))),
        "a formula for a rating": _book(put("D19", "=1+1")),
        "an error value": _book(put("D19", "#N/A")),
        "a bad kind": _book(put("D3", "academy")),
        "a bad status": _book(put("D13", "done")),
        "a bad date": _book(put("D9", "14/10/2026")),
        "a date and time": _book(put("D9", openpyxl.utils.datetime.from_excel(45000.5))),
        "a bad URN": _book(put("D4", 12345)),
        "a URN as a float": _book(put("D4", 123456.5)),
        "a note with no numeral column": _book(lambda s: s.cell(row=16, column=40, value="Note xx")),
        "an element twice": _book(put("B18", "1A")),
        "an unknown element": _book(put("B18", "9Z")),
        "ratings without a code": _book(put("B18", None)),
        "a detail row deleted": _book(lambda s: s.delete_rows(3)),
        "a detail row moved": _book(put("A5", "urn")),
        "a table column deleted": _book(lambda s: s.delete_cols(5)),
        "a table column renamed": _book(put("D16", "Grade")),
        "the tag removed": _book(put("D1", None)),
        "an older tag": _book(
            lambda s: (s.__setitem__("B1", "matframework/assessment-workbook@1"), s.__setitem__("D1", None))
        ),
        "a cell far away": _book(put("A1048576", "x")),
        "a column far away": _book(put("XFD21", "x")),
        "merged cells": _book(lambda s: s.merge_cells("D17:E18")),
        "rated and not applicable": _book(put("F17", "Infant school")),
        "a blank reason": _book(lambda s: (s.__setitem__("D17", None), s.__setitem__("F17", "   "))),
        "final with an unrated element": _book(put("D17", None)),
        "a next step as a number": _book(put("O16", 7)),
        "a rater as a date": _book(put("E11", openpyxl.utils.datetime.from_excel(45000))),
        "every sheet removed but the framework": _book(lambda s: s.parent.remove(s)),
        "not a zip": b"this is not a workbook",
        "empty": b"",
        "truncated": _book()[:2000],
        "a zip without a workbook": _zip({"hello.txt": b"hi"}),
        "a zip bomb": _zip({"xl/worksheets/sheet1.xml": b"\0" * 120_000_000}),
        "binary": bytes(range(256)) * 4,
        "XML with an entity": _zip(
            {"[Content_Types].xml": b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>'}
        ),
        "a CSV named .xlsx": to_csv(ASSESSMENT).encode("utf-8"),
        "a workbook with no sheets we know": _plain_workbook(),
    }
    return corpus


def _records_book(change: Callable[[Any], object] | None = None) -> bytes:
    """A workbook of a signed assessment, a plan and an evidence file, with ``change`` made to it."""
    book = to_workbook(
        assurance_framework(),
        [examples.signed_assessment(), examples.improvement_plan(), examples.evidence_file()],
    )
    if change is not None:
        change(book)
    return _saved(book)


def record_workbooks() -> dict[str, str | bytes]:
    """The record sheets (a plan's, an evidence file's, an assessment's evidence and sign-off), each edited badly."""

    def put(sheet: str, cell: str, value: object = None) -> Callable[[Any], object]:
        return lambda book: book[sheet].__setitem__(cell, value)

    actions, plan, evidence, own = "Plan 1 actions", "Plan 1", "Evidence 1", "Assessment 1 evidence"
    when = openpyxl.utils.datetime.from_excel(45000)
    corpus: dict[str, str | bytes] = {
        "a cost as text": _records_book(put(actions, "H5", "lots")),
        "a cost as true": _records_book(put(actions, "H5", value=True)),
        "a cost as a date": _records_book(put(actions, "H5", when)),
        "a cost as a formula": _records_book(put(actions, "H5", "=1/0")),
        "a cost as an error value": _records_book(put(actions, "H5", "#DIV/0!")),
        "a huge cost": _records_book(put(actions, "H5", 1e308)),
        "a negative cost": _records_book(put(actions, "H5", -5)),
        "a due date as text": _records_book(put(actions, "G5", "next week")),
        "a due date as a number": _records_book(put(actions, "G5", 45000)),
        "a due date with a time": _records_book(
            put(actions, "G5", openpyxl.utils.datetime.from_excel(45000.5))
        ),
        "due before it starts": _records_book(put(actions, "F5", dt.date(2099, 1, 1))),
        "a bad status": _records_book(put(actions, "I5", "stalled")),
        "blocked with no reason": _records_book(
            lambda b: (b[actions].__setitem__("I5", "blocked"), b[actions].__setitem__("J5", None))
        ),
        "an action for no priority": _records_book(put(actions, "C5", "P99")),
        "an action with no id": _records_book(put(actions, "A5", None)),
        "two actions with one id": _records_book(put(actions, "A6", "A1")),
        "suggested as a word": _records_book(put(plan, "L9", "perhaps")),
        "a target that is not a rating": _records_book(put(plan, "J9", "Gold")),
        "a plan's start as text": _records_book(put(plan, "C5", "soon")),
        "an evidence kind unknown": _records_book(put(evidence, "C5", "gossip")),
        "an evidence date as true": _records_book(put(evidence, "D5", value=True)),
        "an evidence record with no title": _records_book(put(evidence, "B5", None)),
        "evidence ids twice": _records_book(put(evidence, "A6", "E1")),
        "an unknown heading with values": _records_book(
            lambda b: (b[evidence].__setitem__("Z4", "Budget"), b[evidence].__setitem__("Z5", 1500))
        ),
        "a heading numbered on a single field": _records_book(put(actions, "K4", "Title 2")),
        "a list heading numbered 0": _records_book(put(plan, "AZ8", "Success criteria 0")),
        "a list heading numbered huge": _records_book(
            lambda b: (b[plan].__setitem__("AZ8", "Elements 99999999999"), b[plan].__setitem__("AZ9", "3B"))
        ),
        "a heading twice": _records_book(put(actions, "K4", "Title")),
        "a heading as a number": _records_book(put(actions, "K4", 7)),
        "a value under no heading": _records_book(put(actions, "Z9", "stray")),
        "a cell far away": _records_book(put(actions, "A1048576", "x")),
        "a column far away": _records_book(put(actions, "XFD5", "x")),
        "merged cells": _records_book(lambda b: b[actions].merge_cells("A5:C6")),
        "a detail row deleted": _records_book(lambda b: b[plan].delete_rows(3)),
        "part_of deleted": _records_book(lambda b: b[actions].delete_rows(2)),
        "part_of renamed": _records_book(put(actions, "C2", "Plan 9")),
        "part_of naming an evidence sheet": _records_book(put(actions, "C2", evidence)),
        "part_of naming itself": _records_book(put(actions, "C2", actions)),
        "part_of as a number": _records_book(put(own, "C2", 1)),
        "the plan sheet renamed": _records_book(lambda b: setattr(b[plan], "title", "Our plan")),
        "the plan sheet deleted": _records_book(lambda b: b.remove(b[plan])),
        "a second actions sheet": _records_book(
            lambda b: setattr(b.copy_worksheet(b[actions]), "title", "More")
        ),
        "a tag of another table": _records_book(put(actions, "C1", "matframework/plan-priorities-sheet@1")),
        "a tag removed": _records_book(put(evidence, "C1", None)),
        "an approval's hash changed": _records_book(put("Assessment 1 approvals", "E5", "not a hash")),
        "an approval's decision unknown": _records_book(put("Assessment 1 approvals", "B5", "nodded")),
        "a change with no date": _records_book(put("Assessment 1 changes", "A5", None)),
        "an evidence id typed as a number": _records_book(put("Assessment 1", "I17", 7)),
        "a lean unknown": _records_book(put("Assessment 1", "L17", "sideways")),
        "a confidence unknown": _records_book(put("Assessment 1", "H17", "certain")),
        "a long text": _records_book(put(evidence, "L5", "x" * 32_767)),
    }
    return corpus


def _zip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def _plain_workbook() -> bytes:
    out = io.BytesIO()
    openpyxl.Workbook().save(out)
    return out.getvalue()


GIAS_LIMIT = 20_000_000
"""The byte limit the GIAS corpus is read with (a configured limit, smaller than the default)."""


def gias() -> dict[str, str | bytes]:
    """GIAS extracts: the real header with broken rows, encodings, sizes, and files that are not GIAS at all."""
    good = (
        (Path(__file__).parent / "sources" / "gias-trust-membership-sample.csv").read_bytes().decode("cp1252")
    )
    header = good.split("\r\n", 1)[0]

    def row(index: int, column: int, value: str) -> str:
        import csv  # noqa: PLC0415 - only here

        table = list(csv.reader(io.StringIO(good, newline="")))
        table[index][column] = value
        out = io.StringIO()
        csv.writer(out, lineterminator="\r\n").writerows(table)
        return out.getvalue()

    corpus: dict[str, str | bytes] = {
        "empty": b"",
        "header only": header + "\r\n",
        "no URN column": good.replace("URN,", "Ref,", 1),
        "no name column": good.replace("Establishment Name", "Title", 1),
        "columns in another case": good.replace("URN", "urn", 1).replace(
            "Establishment Name", "ESTABLISHMENTNAME", 1
        ),
        "a short URN": row(1, 0, "9991"),
        "a long URN": row(1, 0, "99910199"),
        "a URN with letters": row(1, 0, "99910A"),
        "a negative URN": row(1, 0, "-999101"),
        "a URN twice": row(2, 0, "999101"),
        "no name": row(1, 1, ""),
        "a huge name": row(1, 1, "x" * 200_000),
        "a bad join date": row(1, 6, "31/02/2016"),
        "a join date as text": row(1, 6, "September"),
        "an ISO join date": row(1, 6, "2016-09-01"),
        "a leaving date before joining": row(1, 7, "01/01/2000"),
        "a bad leaving date": row(1, 7, "00/00/0000"),
        "two trusts": row(2, 4, "Another Trust"),
        "a NUL byte": good.replace("Ash", "A\x00sh", 1),
        "an unclosed quote": good + '999199,"unclosed\r\n',
        "LF line ends": good.replace("\r\n", "\n"),
        "CR line ends": good.replace("\r\n", "\r"),
        "blank lines": good.replace("\r\n", "\r\n\r\n"),
        "short rows": good.replace(",Primary,TR09999", "", 1),
        "long rows": good.replace("\r\n", ",x,y,z\r\n"),
        "UTF-8": good.encode("utf-8"),
        "UTF-8 with a mark": b"\xef\xbb\xbf" + good.encode("utf-8"),
        "UTF-16 with its mark": b"\xff\xfe" + good.encode("utf-16-le"),
        "Windows-1252 curly quotes": good.replace("Ash", "St Mary\u2019s", 1).encode("cp1252"),
        "binary": bytes(range(256)) * 4,
        "a ZIP file": b"PK\x03\x04" + b"\x00" * 200,
        "JSON": b'{"URN": 999101}',
        "an HTML error page": b"<!DOCTYPE html><html><body>Service unavailable</body></html>",
        "a formula for a name": row(1, 1, '=HYPERLINK("http://x.invalid")'),
        "a tab-separated file": good.replace(",", "\t"),
        "a semicolon-separated file": good.replace(",", ";"),
        "a phase of Not applicable": row(1, 2, "Not applicable"),
        "a group ID of NULL": row(1, 3, "NULL"),
        "ten thousand schools": header
        + "\r\n"
        + "".join(f"{900000 + i},School {i},Primary,TR1,Trust,,,\r\n" for i in range(10_000)),
        "over the size limit": header + "\r\n" + "999101,x,,,,,,\r\n" * (GIAS_LIMIT // 14),
        "a huge field": header + "\r\n" + '999101,"' + "x" * 300_000 + '",,,,,,\r\n',
        "deeply quoted": header + "\r\n" + '"' * 50_001 + "\r\n",
    }
    return corpus
