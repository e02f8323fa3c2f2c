"""Benchmarks: matframework against its peers and floors, measured in the same run.

    python benchmarks/run.py            # print the table
    python benchmarks/run.py --write    # also write benchmarks/RESULTS.md
    python benchmarks/run.py --only analysis structuring   # some steps only

Needs the ``bench`` extra (``pip install -e ".[bench]"``): msgspec, pydantic and
PyYAML as peers, pandas for the DataFrame comparison. Each measurement warms up
once, then takes the best and the median of several repeats; ratios compare
medians. Nothing here is a test: no time is asserted anywhere.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import dataclasses
import datetime as dt
import io
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
import timeit
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Annotated, Any

import attrs
import msgspec
import pandas as pd
import pyarrow.parquet as pq
import pydantic
import yaml
from ruamel.yaml import YAML

import matframework
from matframework import (
    Assessment,
    CriterionNote,
    ElementRating,
    Framework,
    FrameworkRef,
    Rating,
    Status,
    Subject,
    SubjectKind,
    ValidationError,
    aggregate,
    assurance_framework,
    benchmark,
    converter,
    examples,
    loads,
    moderate,
    profile,
    to_frame,
)
from matframework.documents import _yaml as our_yaml
from matframework.documents.converters import structure

HERE = Path(__file__).parent
EXAMPLE = HERE.parent / "examples" / "oak-valley-trust-2026-autumn.yaml"


# --- the same shape in the peers ------------------------------------------------------------------


URN = "^[0-9]{6,7}$"
UKPRN = "^[0-9]{8}$"
"""The patterns our model checks, given to every peer."""


def _rules(status: Status, assessed_on: object, entries: dict[str, Any]) -> None:
    """The assessment rules our model checks, for the peers: a final assessment is dated; not applicable is not rated."""
    if status is Status.FINAL and assessed_on is None:
        msg = "a final assessment has a date"
        raise ValueError(msg)
    for code, entry in entries.items():
        if entry.not_applicable is not None and entry.rating is not None:
            msg = f"{code} is marked not applicable and also rated"
            raise ValueError(msg)


class MsElementRating(msgspec.Struct, forbid_unknown_fields=True):
    rating: Rating | None = None
    target: Rating | None = None
    evidence: str | None = None
    notes: dict[str, str] = {}
    next_steps: list[str] = []
    not_applicable: str | None = None


class MsSubject(msgspec.Struct, forbid_unknown_fields=True):
    name: str
    kind: SubjectKind
    urn: Annotated[str, msgspec.Meta(pattern=URN)] | None = None
    ukprn: Annotated[str, msgspec.Meta(pattern=UKPRN)] | None = None
    trust_reference: str | None = None


class MsFrameworkRef(msgspec.Struct, forbid_unknown_fields=True):
    id: str
    version: str


class MsAssessment(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    subject: MsSubject
    schema: str | None = None
    framework: MsFrameworkRef
    assessed_on: dt.date | None = None
    round: str | None = None
    raters: list[str] = []
    status: Status = Status.DRAFT
    ratings: dict[str, MsElementRating] = {}

    def __post_init__(self) -> None:
        _rules(self.status, self.assessed_on, self.ratings)


def _iso_date(value: object) -> object:
    """Dates as ISO text only (pydantic alone would take a number as a timestamp)."""
    if value is not None and not isinstance(value, str | dt.date):
        msg = "a date is written as YYYY-MM-DD"
        raise ValueError(msg)
    return value


StrictText = pydantic.StrictStr
"""Text only: pydantic alone would take bytes for text."""


class PyElementRating(pydantic.BaseModel, extra="forbid", frozen=True):
    rating: Rating | None = None
    target: Rating | None = None
    evidence: StrictText | None = None
    notes: dict[StrictText, StrictText] = {}
    next_steps: tuple[StrictText, ...] = ()
    not_applicable: StrictText | None = None


class PySubject(pydantic.BaseModel, extra="forbid", frozen=True):
    name: StrictText
    kind: SubjectKind
    urn: Annotated[StrictText, pydantic.StringConstraints(pattern=URN)] | None = None
    ukprn: Annotated[StrictText, pydantic.StringConstraints(pattern=UKPRN)] | None = None
    trust_reference: StrictText | None = None


class PyFrameworkRef(pydantic.BaseModel, extra="forbid", frozen=True):
    id: StrictText
    version: StrictText


class PyAssessment(pydantic.BaseModel, extra="forbid", frozen=True):
    subject: PySubject
    framework: PyFrameworkRef
    assessed_on: Annotated[dt.date | None, pydantic.BeforeValidator(_iso_date)] = None
    round: StrictText | None = None
    raters: tuple[StrictText, ...] = ()
    status: Status = Status.DRAFT
    ratings: dict[StrictText, PyElementRating] = {}

    @pydantic.model_validator(mode="after")
    def _assessment_rules(self) -> PyAssessment:
        _rules(self.status, self.assessed_on, self.ratings)
        return self


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class DcElementRating:
    code: str
    rating: Rating | None = None
    target: Rating | None = None
    evidence: str | None = None
    notes: tuple[tuple[str, str], ...] = ()
    next_steps: tuple[str, ...] = ()
    not_applicable: str | None = None


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class DcAssessment:
    name: str
    kind: SubjectKind
    urn: str | None
    framework: tuple[str, str]
    assessed_on: dt.date | None
    round: str | None
    raters: tuple[str, ...]
    status: Status
    ratings: tuple[DcElementRating, ...]


_URN = re.compile(URN)
_LABELS = {rating.label: rating for rating in Rating}


def _text(value: object, where: str) -> str:
    if not isinstance(value, str):
        msg = f"{where}: must be text"
        raise TypeError(msg)
    return value


def _optional_text(value: object, where: str) -> str | None:
    return None if value is None else _text(value, where)


def _label(value: object, where: str) -> Rating | None:
    if value is None:
        return None
    if not isinstance(value, str) or value not in _LABELS:
        msg = f"{where}: not a rating"
        raise ValueError(msg)
    return _LABELS[value]


def dataclasses_by_hand(data: dict[str, Any]) -> DcAssessment:
    """A peer: frozen slotted dataclasses and a validator written by hand, with the same checks."""
    allowed = {"schema", "subject", "framework", "assessed_on", "round", "raters", "status", "ratings"}
    if set(data) - allowed:
        msg = f"unknown keys {set(data) - allowed}"
        raise ValueError(msg)
    subject, ref = data["subject"], data["framework"]
    urn = _optional_text(subject.get("urn"), "subject.urn")
    if urn is not None and _URN.fullmatch(urn) is None:
        msg = "subject.urn: six or seven digits"
        raise ValueError(msg)
    when = data.get("assessed_on")
    entries = []
    for code, body in data["ratings"].items():
        where = f"ratings.{code}"
        notes = body.get("notes", {})
        entry = DcElementRating(
            code=_text(code, where),
            rating=_label(body.get("rating"), where),
            target=_label(body.get("target"), where),
            evidence=_optional_text(body.get("evidence"), where),
            notes=tuple((_text(k, where), _text(v, where)) for k, v in notes.items()),
            next_steps=tuple(_text(step, where) for step in body.get("next_steps", ())),
            not_applicable=_optional_text(body.get("not_applicable"), where),
        )
        if entry.not_applicable is not None and entry.rating is not None:
            msg = f"{where}: not applicable and rated"
            raise ValueError(msg)
        entries.append(entry)
    status = Status(data.get("status", "draft"))
    if status is Status.FINAL and when is None:
        msg = "a final assessment has a date"
        raise ValueError(msg)
    return DcAssessment(
        name=_text(subject["name"], "subject.name"),
        kind=SubjectKind(subject["kind"]),
        urn=urn,
        framework=(_text(ref["id"], "framework.id"), _text(ref["version"], "framework.version")),
        assessed_on=dt.date.fromisoformat(_text(when, "assessed_on")) if when is not None else None,
        round=_optional_text(data.get("round"), "round"),
        raters=tuple(_text(r, "raters") for r in data.get("raters", ())),
        status=status,
        ratings=tuple(entries),
    )


def by_hand(data: dict[str, Any]) -> Assessment:
    """The floor: build our objects from a trusted dict with no checking beyond the model's own."""
    subject = data["subject"]
    ref = data["framework"]
    when = data.get("assessed_on")
    return Assessment(
        subject=Subject(
            name=subject["name"],
            kind=SubjectKind(subject["kind"]),
            urn=subject.get("urn"),
            ukprn=subject.get("ukprn"),
            trust_reference=subject.get("trust_reference"),
        ),
        framework=FrameworkRef(id=ref["id"], version=ref["version"]),
        assessed_on=dt.date.fromisoformat(when) if when else None,
        round=data.get("round"),
        raters=tuple(data.get("raters", ())),
        status=Status(data.get("status", "draft")),
        ratings=tuple(
            ElementRating(
                code=code,
                rating=Rating(body["rating"]) if body.get("rating") else None,
                target=Rating(body["target"]) if body.get("target") else None,
                evidence=body.get("evidence"),
                notes=tuple(CriterionNote(numeral=k, text=v) for k, v in body.get("notes", {}).items()),
                next_steps=tuple(body.get("next_steps", ())),
                not_applicable=body.get("not_applicable"),
            )
            for code, body in data["ratings"].items()
        ),
    )


def bare(data: dict[str, Any]) -> Assessment:
    """Below the floor: allocate the same objects and set their fields, with no checks at all.

    Not a way to build them (it skips the model's checks); it measures what
    making this many attrs objects costs in Python, whatever does the checking.
    """
    new, put = object.__new__, object.__setattr__

    def make(cls: type[Any], **values: Any) -> Any:
        obj = new(cls)
        for name, value in values.items():
            put(obj, name, value)
        return obj

    subject = data["subject"]
    ref = data["framework"]
    return make(  # type: ignore[no-any-return]
        Assessment,
        subject=make(
            Subject, name=subject["name"], kind=subject["kind"], urn=None, ukprn=None, trust_reference=None
        ),
        framework=make(FrameworkRef, id=ref["id"], version=ref["version"]),
        assessed_on=data.get("assessed_on"),
        round=data.get("round"),
        raters=tuple(data.get("raters", ())),
        status=data.get("status", "draft"),
        ratings=tuple(
            make(
                ElementRating,
                code=code,
                rating=body.get("rating"),
                target=body.get("target"),
                evidence=body.get("evidence"),
                notes=(),
                next_steps=(),
                not_applicable=body.get("not_applicable"),
            )
            for code, body in data["ratings"].items()
        ),
    )


# --- the harness -------------------------------------------------------------------------------


COLLECTOR = True
"""Whether the figures run with the garbage collector on, as users run the library (``--collector off``
measures without it; ``timeit`` alone would switch it off)."""


def _timer(fn: Callable[[], object]) -> timeit.Timer:
    """A timer of ``fn`` that leaves the collector as :data:`COLLECTOR` says."""
    return timeit.Timer(fn, setup="import gc; gc.enable()" if COLLECTOR else "pass")


def measure(fn: Callable[[], object], *, repeat: int = 7, budget: float = 0.25) -> tuple[float, float]:
    """Return the best and median seconds per call of ``fn`` (warmed up first)."""
    fn()
    timer = _timer(fn)
    number = 1
    while timer.timeit(number) < budget / 5 and number < 10_000:
        number *= 2
    times = [t / number for t in timer.repeat(repeat=repeat, number=number)]
    return min(times), statistics.median(times)


def measure_together(
    fns: list[Callable[[], object]], *, repeat: int = 7, budget: float = 0.25
) -> list[tuple[float, float]]:
    """Like :func:`measure` for several rivals, their repeats interleaved.

    Each round times every rival once, so a machine that slows down or
    speeds up during the run weighs on all of them alike and the ratios
    between them hold.
    """
    timers = []
    for fn in fns:
        fn()
        timer = _timer(fn)
        number = 1
        while timer.timeit(number) < budget / 5 and number < 10_000:
            number *= 2
        timers.append((timer, number))
    times: list[list[float]] = [[] for _ in fns]
    for _ in range(repeat):
        for (timer, number), spent in zip(timers, times, strict=True):
            spent.append(timer.timeit(number) / number)
    return [(min(spent), statistics.median(spent)) for spent in times]


Row = tuple[str, str, str, float, float, str]
"""One line of the table: step, what, ratio, best and median seconds, target."""

ROWS: list[Row] = []

NOTES: dict[tuple[str, str], str] = {}
"""Figures printed beside a row's name (the last run's), which are not part of what names it."""


def row(
    group: str, name: str, seconds: tuple[float, float], against: float | None, target: str = ""
) -> float:
    """Record one line of the table; return the median."""
    best, median = seconds
    ratio = f"{median / against:.2f}x" if against else ""
    ROWS.append((group, name, ratio, best, median, target))
    return median


def realistic(data: dict[str, Any], index: int) -> dict[str, Any]:
    """An example document as trusts write them: evidence, notes and next steps on every rating.

    Some of the text holds ``!`` and ``*``, which send the YAML guards off their quickest path.
    """
    ratings = {}
    for number, (code, body) in enumerate(data["ratings"].items()):
        entry = dict(body)
        mark = " (see the QA visit notes *)!" if (index + number) % 3 == 0 else "."
        entry["evidence"] = (
            f"Evidence for {code}: the autumn review, the governors' minutes and pupil voice{mark}"
        )
        entry["notes"] = {"i": f"Strong practice in most schools{mark}", "ii": "Not yet consistent."}
        entry["next_steps"] = [f"Share {code} practice across the hub", "Review again in the spring"]
        ratings[code] = entry
    return {**data, "ratings": ratings}


def documents(count: int) -> list[dict[str, Any]]:
    """``count`` realistic documents, cycling through the example assessments."""
    data = [converter.unstructure(a) for a in examples.school_assessments() + examples.trust_assessments()]
    return [realistic(data[i % len(data)], i) for i in range(count)]


def bench_structuring() -> None:
    group = "structure 1,000 assessments"
    docs = documents(1000)
    floor_t, bare_t, msgspec_t, pydantic_t, ours_t, dc_t = measure_together(
        [
            lambda: [by_hand(d) for d in docs],
            lambda: [bare(d) for d in docs],
            lambda: [msgspec.convert(d, MsAssessment) for d in docs],
            lambda: [PyAssessment.model_validate(d) for d in docs],
            lambda: [structure(d, Assessment) for d in docs],
            lambda: [dataclasses_by_hand(d) for d in docs],
        ]
    )
    floor = row(group, "hand-written constructor (floor)", floor_t, None)
    msgspec_median = row(group, "msgspec.convert (strict, patterns, rules)", msgspec_t, None)
    row(
        group,
        "allocating the same objects with no checks (below the floor) vs msgspec",
        bare_t,
        msgspec_median,
    )
    row(
        group, "pydantic model_validate (strict text, patterns, rules) vs msgspec", pydantic_t, msgspec_median
    )
    row(group, "dataclasses + a hand-written validator vs msgspec", dc_t, msgspec_median)
    row(group, "matframework structure() vs msgspec", ours_t, msgspec_median, "<= 2x")
    row(group, "matframework structure() vs floor", ours_t, floor, "<= 1.5x")


def bench_text() -> None:
    objs = [by_hand(d) for d in documents(1000)]
    yaml_texts = [matframework.dumps(a) for a in objs]
    json_texts = [matframework.dumps(a, format="json") for a in objs]
    group = "read 1,000 YAML documents"
    ruamel_safe = YAML(typ="safe", pure=False)
    ruamel_rt = YAML(typ="rt")
    safe_t, rt_t, pyyaml_t, ours_t = measure_together(
        [
            lambda: [ruamel_safe.load(t) for t in yaml_texts],
            lambda: [ruamel_rt.load(t) for t in yaml_texts],
            lambda: [yaml.load(t, Loader=yaml.CSafeLoader) for t in yaml_texts],
            lambda: [matframework.loads(t, Assessment) for t in yaml_texts],
        ],
        repeat=3,
    )
    safe = row(group, "ruamel.yaml safe (C) parse only", safe_t, None)
    row(group, "ruamel.yaml round-trip parse only", rt_t, safe)
    row(group, "PyYAML CSafeLoader parse only", pyyaml_t, safe)
    row(group, "matframework.loads (guards, parse, structure)", ours_t, safe)
    group = "write 1,000 YAML documents"
    data = [converter.unstructure(a) for a in objs]

    def ruamel_dump() -> None:
        dumper = YAML(typ="safe", pure=False)
        for item in data:
            dumper.dump(item, io.StringIO())

    ruamel_t, pyyaml_t, ours_t = measure_together(
        [
            ruamel_dump,
            lambda: [yaml.dump(d, Dumper=yaml.CSafeDumper) for d in data],
            lambda: [matframework.dumps(a) for a in objs],
        ],
        repeat=3,
    )
    base = row(group, "ruamel.yaml safe dump of plain data", ruamel_t, None)
    row(group, "PyYAML CSafeDumper of plain data", pyyaml_t, base)
    row(group, "matframework.dumps (unstructure and dump)", ours_t, base)
    group = "JSON, 1,000 documents"
    decode = msgspec.json.Decoder(MsAssessment)
    plain = [json.dumps(converter.unstructure(a)) for a in objs]
    ms_t, struct_t, loads_t = measure_together(
        [
            lambda: [decode.decode(t) for t in json_texts],
            lambda: [structure(json.loads(t), Assessment) for t in plain],
            lambda: [matframework.loads(t, Assessment) for t in json_texts],
        ]
    )
    ms_read = row(group, "msgspec.json decode into Structs", ms_t, None)
    row(group, "json.loads + matframework structure()", struct_t, ms_read)
    row(group, "matframework.loads (JSON)", loads_t, ms_read)
    structs = [decode.decode(t) for t in json_texts]
    data = [{"schema": "matframework/assessment@1", **converter.unstructure(a)} for a in objs]
    ms_t, std_t, ours_t, compact_t = measure_together(
        [
            lambda: [msgspec.json.encode(s) for s in structs],
            lambda: [json.dumps(d, ensure_ascii=False, indent=2) for d in data],
            lambda: [matframework.dumps(a, format="json") for a in objs],
            lambda: [matframework.dumps(a, format="json", compact=True) for a in objs],
        ]
    )
    ms_write = row(group, "msgspec.json encode", ms_t, None)
    std = row(group, "json.dumps(indent=2) of the plain data (no unstructuring)", std_t, ms_write)
    row(group, "matframework.dumps (JSON, indented; orjson with the fast extra)", ours_t, ms_write)
    row(group, "  the same vs json.dumps(indent=2) of the plain data", ours_t, std)
    row(group, "matframework.dumps (JSON, compact=True)", compact_t, ms_write)


FRESH_ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
"""The environment of each fresh interpreter: bytecode cached as a user's Python caches it (a machine
that sets ``PYTHONDONTWRITEBYTECODE`` would recompile an editable install's modules on every start)."""


def cold(codes: list[str], runs: int = 21) -> list[tuple[float, float]]:
    """Best and median seconds of ``python -c code`` for each code, the runs interleaved."""
    times: list[list[float]] = [[] for _ in codes]
    for _ in range(runs):
        for code, spent in zip(codes, times, strict=True):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", code], check=True, env=FRESH_ENV)
            spent.append(time.perf_counter() - start)
    return [(min(spent), statistics.median(spent)) for spent in times]


def bench_cold_start() -> None:
    group = "cold start (fresh interpreter)"
    empty_t, deps_t, ours_t, bare_t, doc_t = cold(
        [
            "pass",
            "import attrs, cattrs, ruamel.yaml",
            "import matframework; matframework.assurance_framework()",
            "import matframework",
            f"import matframework; matframework.load({str(EXAMPLE)!r}, matframework.Assessment)",
        ]
    )
    empty = row(group, "python -c pass", empty_t, None)
    deps_net = row(group, "import attrs, cattrs, ruamel.yaml", deps_t, None) - empty
    ours_net = row(group, "import matframework + assurance_framework()", ours_t, None) - empty
    ROWS.append(
        (
            group,
            "  the same, net of the interpreter's own start",
            f"{ours_net / deps_net:.2f}x",
            0.0,
            0.0,
            "<= 1.2x",
        )
    )
    row(group, "import matframework alone, net", (bare_t[0] - empty_t[0], bare_t[1] - empty), deps_net)
    row(
        group,
        "import + load() one YAML assessment (YAML, converter, model), net",
        (doc_t[0] - empty_t[0], doc_t[1] - empty),
        deps_net,
    )
    loaded = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, matframework; matframework.assurance_framework(); print(' '.join(m for m in ('pandas', 'matplotlib', 'numpy', 'jsonschema') if m in sys.modules) or 'none')",
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    ROWS.append((group, f"  heavy modules loaded: {loaded}", "", 0.0, 0.0, "none"))


CLI_GOALS = {"--help": "<= 3x", "show": "<= 3x", "show 3B": "<= 3x", "validate FILE": "<= 5x"}
"""The command line's goals, as ratios to ``python -c "import json"`` in the same run."""


def bench_cli() -> None:
    """Every subcommand from a fresh interpreter, against ``python -c "import json"``, the runs interleaved."""
    group = "command line (fresh interpreter)"
    with tempfile.TemporaryDirectory() as folder:
        page, book = str(Path(folder) / "page.html"), str(Path(folder) / "book.xlsx")
        commands = {
            "--help": ["--help"],
            "show": ["show"],
            "show 3B": ["show", "3B"],
            "schema": ["schema"],
            "template": ["template"],
            "validate FILE": ["validate", str(EXAMPLE)],
            "summary --example": ["summary", "--example"],
            "compare --example": ["compare", "--example"],
            "moderate --example": ["moderate", "--example"],
            "impact --example": ["impact", "--example"],
            "report --example -o PAGE": ["report", "--example", "-o", page],
            "workbook --example -o BOOK": ["workbook", "--example", "-o", book, "--force"],
        }
        argvs = [
            [sys.executable, "-c", "pass"],
            [sys.executable, "-c", "import json"],
            *([sys.executable, "-m", "matframework", *argv] for argv in commands.values()),
        ]
        times: list[list[float]] = [[] for _ in argvs]
        for _ in range(7):
            for argv, spent in zip(argvs, times, strict=True):
                start = time.perf_counter()
                subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, env=FRESH_ENV)
                spent.append(time.perf_counter() - start)
    found = [(min(spent), statistics.median(spent)) for spent in times]
    row(group, "python -c pass", found[0], None)
    floor = row(group, 'python -c "import json" (the yardstick)', found[1], None)
    for name, seconds in zip(commands, found[2:], strict=True):
        row(group, f"matframework {name}", seconds, floor, CLI_GOALS.get(name, ""))


def bench_analysis() -> None:
    group = "10,000 assessments"
    base = list(examples.school_assessments() + examples.trust_assessments())
    many = [base[i % len(base)] for i in range(10_000)]

    def dict_rows() -> list[dict[str, Any]]:
        """The same 24 columns as to_frame, one dict per row: the usual way to build a frame."""
        rows = []
        for number, a in enumerate(many):
            for e in a.ratings:
                rows.append(
                    {
                        "assessment": number,
                        "subject": a.subject.name,
                        "subject_kind": a.subject.kind.value,
                        "urn": a.subject.urn,
                        "ukprn": a.subject.ukprn,
                        "trust_reference": a.subject.trust_reference,
                        "framework_id": a.framework.id,
                        "framework_version": a.framework.version,
                        "assessed_on": a.assessed_on,
                        "round": a.round,
                        "raters": a.raters,
                        "status": a.status.value,
                        "heading": int(e.code[0]),
                        "heading_title": None,
                        "element": e.code,
                        "element_title": None,
                        "rating": e.rating.label if e.rating else None,
                        "ordinal": e.rating.ordinal if e.rating else None,
                        "target": e.target.label if e.target else None,
                        "not_applicable": e.not_applicable is not None,
                        "not_applicable_reason": e.not_applicable,
                        "evidence": e.evidence,
                        "notes": {n.numeral: n.text for n in e.notes},
                        "next_steps": e.next_steps,
                    }
                )
        return rows

    given = dict_rows()
    peer_t, built_t, ours = measure_together(
        [lambda: pd.DataFrame(given), lambda: pd.DataFrame(dict_rows()), lambda: to_frame(many)], repeat=5
    )
    peer = row(group, "pandas.DataFrame(list_of_dicts), 24 columns, dicts given", peer_t, None)
    built = row(group, "the same, building the dicts from the objects too", built_t, None)
    row(group, "matframework.to_frame vs DataFrame(list_of_dicts)", ours, peer, "<= 0.5x")
    row(group, "matframework.to_frame vs building dicts + DataFrame", ours, built, "")
    row(group, "profile() of each", measure(lambda: [profile(a) for a in many], repeat=3), None)
    row(group, "aggregate()", measure(lambda: aggregate(many, rounds="all"), repeat=3), None)
    one = many[0].subject  # moderation compares raters of one subject
    raters = {f"R{i}": attrs.evolve(a, subject=one) for i, a in enumerate(many[:2000])}
    row(group, "moderate() of 2,000 raters", measure(lambda: moderate(raters), repeat=3), None)


def bench_growth() -> None:
    """Time per assessment at the national size against 1,000, with the collector as users run it."""
    size = NATIONAL_SIZE
    year = national_year(size)
    docs: list[dict[str, Any]] = []  # made for the last step only: the collector walks what is held
    group = f"growth from 1,000 to {size:,} (time per assessment; collector {'on' if COLLECTOR else 'off'})"
    for name, fn in (
        ("profile", lambda n: [profile(a) for a in year[:n]]),
        ("aggregate", lambda n: aggregate(year[:n], rounds="all")),
        ("to_frame", lambda n: to_frame(year[:n])),
        ("structure", lambda n: [structure(d, Assessment) for d in docs[:n]]),
        (
            "peer: dataclasses + a hand-written validator",
            lambda n: [dataclasses_by_hand(d) for d in docs[:n]],
        ),
        ("peer: msgspec.convert", lambda n: [msgspec.convert(d, MsAssessment) for d in docs[:n]]),
    ):
        if name == "structure":
            docs.extend(converter.unstructure(a) for a in year)
            del year[:]
        small_t, large_t = measure_together(
            [lambda fn=fn: fn(1000), lambda fn=fn: fn(size)], repeat=3, budget=0
        )
        small, large = small_t[1] / 1000, large_t[1] / size
        NOTES[group, name] = f"{small * 1e6:.1f} µs each at 1,000, {large * 1e6:.1f} µs at {size:,}"
        goal = "" if name.startswith("peer") else "<= 1.3x"
        ROWS.append((group, name, f"{large / small:.2f}x", 0.0, 0.0, goal))


def error_document(problems: int, size: int = 1000) -> str:
    """The bundled framework grown to ``size`` criteria, with ``problems`` of their stages misspelt."""
    data = converter.unstructure(assurance_framework())
    criteria = [c for h in data["headings"] for e in h["elements"] for c in e["criteria"]]
    while len(criteria) < size:  # more criteria than the bundled 76: repeat the last element's
        element = data["headings"][-1]["elements"][-1]
        element["criteria"].append(dict(element["criteria"][-1]))
        criteria.append(element["criteria"][-1])
    for criterion in criteria[:problems]:
        criterion["stage"] = "strat"
    return dumps_document(data)


def dumps_document(data: dict[str, Any]) -> str:
    return our_yaml.dump({"schema": "matframework/framework@1", **data})


def bench_error_path() -> None:
    group = "error path: one 402 kB framework file (1,000 criteria), N misspelt stages, each located"
    texts = {n: error_document(n) for n in (1, 10, 100, 1000)}

    def report(text: str) -> int:
        try:
            loads(text, Framework)
        except ValidationError as error:
            return len(error.problems)
        return 0

    if any(report(text) != n for n, text in texts.items()):
        raise SystemExit("the error path did not report every problem")
    timings = measure_together([lambda text=text: report(text) for text in texts.values()], repeat=5)
    one = timings[0][1]
    for n, seconds in zip(texts, timings, strict=True):
        row(group, f"N = {n}, vs N = 1", seconds, one, "well under 1 s at N = 1,000" if n == 1000 else "")
    per_problem = (timings[-1][1] - timings[-2][1]) / 900
    ROWS.append(
        (group, "extra time per problem, N = 100 to 1,000", f"{per_problem * 1000:.2f} ms", 0.0, 0.0, "flat")
    )


def bench_hostile() -> None:
    """The slowest inputs of each hostile corpus (tests/hostile.py), read or refused: the issue's bar is 1 s."""
    sys.path.insert(0, str(HERE.parent))
    from tests.test_hostile import CORPORA, READERS, SUFFIX  # noqa: PLC0415 - the corpora live with the tests

    group = "hostile inputs, slowest three per format (read or refused)"
    with tempfile.TemporaryDirectory() as folder:
        for kind, corpus in CORPORA.items():
            timings = []
            for name, content in corpus.items():
                path = Path(folder) / f"input{SUFFIX[kind]}"
                path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)

                def read(reader: Callable[[Path], Any] = READERS[kind], path: Path = path) -> None:
                    with contextlib.suppress(matframework.MatFrameworkError):
                        reader(path)

                timings.append((measure(read, repeat=3, budget=0.05), name))
            for seconds, name in sorted(timings, key=lambda item: -item[0][1])[:3]:
                row(group, f"{kind}: {name}", seconds, None, "< 1 s")


def bench_collection() -> None:
    """A folder of 1,000 assessment files: the first open, a re-open with nothing changed, and with one file changed."""
    from matframework.exchange import collection  # noqa: PLC0415 - the module whose cache is measured

    group = "a folder of 1,000 YAML assessments (Collection.open)"
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        reviews = examples.school_assessments()
        for index in range(1000):
            (root / f"{index:04}.yaml").write_text(matframework.dumps(reviews[index % len(reviews)]), "utf-8")
        edited = root / "0000.yaml"

        def cold() -> None:
            collection._cache.clear()  # noqa: SLF001 - the cache under test
            matframework.Collection.open(root)

        def touched() -> None:
            edited.write_text(edited.read_text("utf-8") + "#\n", "utf-8")
            matframework.Collection.open(root)

        files = sorted(root.glob("*.yaml"))
        each, first, _ = measure_together(
            [lambda: [matframework.load_document(f) for f in files], cold, lambda: None], repeat=3, budget=0.5
        )
        floor = row(group, "load_document of each file (the floor)", each, None)
        row(group, "first open (cache empty)", first, floor, "~1x the floor")
        matframework.Collection.open(root)
        row(
            group,
            "re-open, nothing changed",
            measure(lambda: matframework.Collection.open(root), repeat=5),
            floor,
            "< 0.1x",
        )
        row(group, "re-open after one file changed", measure(touched, repeat=5), floor, "< 0.1x")


NATIONAL_SIZE = 20_000
"""Assessments in the national-scale step (a year of school reviews is about 66,000: ``--national-size 66000``)."""


BIG = 10**11
"""The size limit the national step reads with: a year's CSV file is far over the 5 MB default."""


def national_year(size: int) -> list[Assessment]:
    """A year of school reviews at national scale: the example reviews, each given to many schools."""
    reviews = examples.school_assessments()
    year = []
    for index in range(size):
        base = reviews[index % len(reviews)]
        school = attrs.evolve(base.subject, name=f"School {index // 3:05d}", urn=str(100000 + index // 3))
        year.append(attrs.evolve(base, subject=school))
    return year


def peak_rss(setup: str, work: str) -> int:
    """Peak resident memory (bytes) of a fresh interpreter running ``work`` after ``setup``, net of ``setup``.

    Measured by the operating system (Linux's ``VmHWM``, the process's high-water mark), so
    memory that C code allocates (pandas' parser, pyarrow) counts as much as Python's own.
    ``ru_maxrss`` will not do: Linux carries it over from the parent, so every child of a large
    benchmark process reported the parent's size.
    """
    report = (
        "import re, pathlib; "
        "print(re.search(r'VmHWM:\\s+(\\d+)', pathlib.Path('/proc/self/status').read_text()).group(1))"
    )
    found = []
    for code in (f"{setup}\n{report}", f"{setup}\n{work}\n{report}"):
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        found.append(int(done.stdout.split()[-1]) * 1024)  # kilobytes on Linux
    return max(1, found[1] - found[0])


def bench_national() -> None:
    """A year of school reviews at national scale: write, read, aggregate, benchmark a trust, frame."""
    size = NATIONAL_SIZE
    group = f"national year, {size:,} assessments"
    year = national_year(size)
    with tempfile.TemporaryDirectory() as folder:
        csv_path, parquet_path = Path(folder) / "year.csv", Path(folder) / "year.parquet"
        row(group, "to_csv", measure(lambda: matframework.to_csv(year, csv_path), repeat=1, budget=0), None)
        pandas_t, ours_t = measure_together(
            [
                lambda: pd.read_csv(csv_path, skiprows=1, dtype=str),
                lambda: matframework.read_csv(csv_path, max_bytes=BIG),
            ],
            repeat=3,
            budget=0,
        )
        peer = row(group, "pandas.read_csv of the same file (all text)", pandas_t, None)
        with csv_path.open(encoding="utf-8-sig", newline="") as stream:
            rows = sum(1 for _ in csv.reader(stream))
        row(
            group,
            f"csv module, {rows:,} rows",
            measure(
                lambda: list(csv.reader(csv_path.open(encoding="utf-8-sig", newline=""))), repeat=1, budget=0
            ),
            peer,
        )
        row(group, "matframework.read_csv vs pandas.read_csv", ours_t, peer, "<= 3x")
        theirs = peak_rss("import pandas as pd", f"pd.read_csv({str(csv_path)!r}, skiprows=1, dtype=str)")
        ours = peak_rss("import matframework", f"matframework.read_csv({str(csv_path)!r}, max_bytes={BIG})")
        ROWS.append(
            (
                group,
                "read_csv peak memory vs pandas.read_csv (VmHWM, net of imports)",
                f"{ours / theirs:.2f}x",
                0.0,
                0.0,
                "<= 1.5x",
            )
        )
        ROWS.append(
            (
                group,
                "  read_csv peak memory, MB (pandas.read_csv's)",
                f"{ours / 1e6:.0f} ({theirs / 1e6:.0f})",
                0.0,
                0.0,
                "",
            )
        )
        size_mb = csv_path.stat().st_size / 1e6
        ROWS.append((group, "  the CSV file, MB", f"{size_mb:.0f}", 0.0, 0.0, ""))
        row(
            group,
            "to_parquet",
            measure(lambda: matframework.to_parquet(year, parquet_path), repeat=1, budget=0),
            None,
        )
        arrow_t, ours_p = measure_together(
            [
                lambda: pq.read_table(parquet_path),
                lambda: matframework.read_parquet(parquet_path, max_bytes=BIG),
            ],
            repeat=1,
            budget=0,
        )
        floor = row(group, "pyarrow.parquet.read_table of the same file", arrow_t, None)
        row(group, "matframework.read_parquet vs pyarrow", ours_p, floor, "")
        counted = row(
            group, "aggregate() of the year", measure(lambda: aggregate(year), repeat=1, budget=0), None
        )
        trust = year[:90]
        once = measure(lambda: [benchmark(s, aggregate(year)) for s in trust[:1]], repeat=1, budget=0)
        row(group, "benchmark() of one school against the year", once, counted, "~1x aggregate")
        many = measure(
            lambda: [benchmark(s, agg) for agg in [aggregate(year)] for s in trust], repeat=1, budget=0
        )
        row(
            group,
            "benchmark() of 90 schools against aggregate(year), counted once",
            many,
            counted,
            "~1x aggregate",
        )
        row(group, "to_frame of the year", measure(lambda: to_frame(year), repeat=1, budget=0), None)
        national_json(group, year, Path(folder) / "json")
        small = year[:1000]
        small_path = Path(folder) / "small.csv"
        matframework.to_csv(small, small_path)
        per_small = measure(lambda: matframework.read_csv(small_path, max_bytes=BIG), repeat=3, budget=0)[
            1
        ] / len(small)
        ROWS.append(
            (
                group,
                "read_csv growth, per assessment at 1,000 vs the year",
                f"{ours_t[1] / size / per_small:.2f}x",
                0.0,
                0.0,
                "~1x (linear)",
            )
        )


def national_json(group: str, year: list[Assessment], folder: Path) -> None:
    """The year as one JSON file per assessment: our ``load`` against the standard ``json`` and msgspec."""
    folder.mkdir()
    files = []
    for index, assessment in enumerate(year):
        path = folder / f"{index:06d}.json"
        path.write_text(matframework.dumps(assessment, "json"), encoding="utf-8")
        files.append(path)
    json_t, msgspec_t, ours_t = measure_together(
        [
            lambda: [json.loads(path.read_bytes()) for path in files],
            lambda: [msgspec.json.decode(path.read_bytes(), type=MsAssessment) for path in files],
            lambda: [matframework.load(path, Assessment) for path in files],
        ],
        repeat=3,
        budget=0,
    )
    parse = row(group, f"json.loads of {len(files):,} JSON files (parse only)", json_t, None)
    row(group, "  msgspec.json.decode into typed structs vs json.loads", msgspec_t, parse)
    row(group, "matframework.load of each JSON file vs json.loads", ours_t, parse, "<= 3x")
    some = files[:1000]
    per_some = measure(lambda: [matframework.load(path, Assessment) for path in some], repeat=3, budget=0)[
        1
    ] / len(some)
    ROWS.append(
        (
            group,
            "load growth, per file at 1,000 vs the year",
            f"{ours_t[1] / len(files) / per_some:.2f}x",
            0.0,
            0.0,
            "~1x (linear)",
        )
    )


def _fmt(seconds: float) -> str:
    return "" if not seconds else f"{seconds * 1000:.1f} ms"


def _named(group: str, name: str) -> str:
    note = NOTES.get((group, name))
    return f"{name} ({note})" if note else name


def table() -> str:
    lines = ["| step | what | ratio | best | median | target |", "| --- | --- | --- | --- | --- | --- |"]
    lines.extend(
        f"| {group} | {_named(group, name)} | {ratio} | {_fmt(best)} | {_fmt(median)} | {target} |"
        for group, name, ratio, best, median, target in ROWS
    )
    return "\n".join(lines)


def _ratio(text: str) -> float | None:
    return float(text[:-1]) if re.fullmatch(r"[0-9.]+x", text) else None


def spread_table(runs: list[list[Row]]) -> str:
    """The rows of several runs together: each ratio's median over the runs and its range.

    A row's times are the median of its medians. A figure that is not a ratio (a size, a
    module list) is shown as the last run gave it.
    """
    seen: dict[tuple[str, str], list[Row]] = {}
    for found in runs:
        for line in found:
            seen.setdefault((line[0], line[1]), []).append(line)
    lines = [
        f"| step | what | ratio (median of {len(runs)} runs) | spread | median | target |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for (group, name), lines_of in seen.items():
        ratios = [r for line in lines_of if (r := _ratio(line[2])) is not None]
        if ratios and len(ratios) == len(lines_of):
            ratio, spread = f"{statistics.median(ratios):.2f}x", f"{min(ratios):.2f}–{max(ratios):.2f}x"
        else:
            ratio, spread = lines_of[-1][2], ""
        median = statistics.median(line[4] for line in lines_of)
        target = lines_of[-1][5]
        lines.append(f"| {group} | {_named(group, name)} | {ratio} | {spread} | {_fmt(median)} | {target} |")
    return "\n".join(lines)


STEPS: dict[str, Callable[[], None]] = {
    "structuring": bench_structuring,
    "text": bench_text,
    "cold-start": bench_cold_start,
    "cli": bench_cli,
    "analysis": bench_analysis,
    "error-path": bench_error_path,
    "hostile": bench_hostile,
    "collection": bench_collection,
    "national": bench_national,
    "growth": bench_growth,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="write benchmarks/RESULTS.md")
    parser.add_argument(
        "--only", nargs="+", choices=sorted(STEPS), help="run only these steps (not with --write)"
    )
    parser.add_argument(
        "--national-size",
        type=int,
        default=NATIONAL_SIZE,
        help="assessments in the national step (66000: a year)",
    )
    parser.add_argument(
        "--collector",
        choices=["on", "off"],
        default="on",
        help="run the figures with the garbage collector on (the default, as users run it) or off",
    )
    parser.add_argument(
        "--runs",
        type=int,
        default=None,
        help="run every step this many times and show each ratio's median and spread (3 with --write)",
    )
    args = parser.parse_args()
    globals()["NATIONAL_SIZE"] = args.national_size
    globals()["COLLECTOR"] = args.collector == "on"
    if args.write and args.only:
        parser.error("--write records a whole run; leave out --only")
    runs = args.runs or (3 if args.write else 1)
    if runs < 1 or (args.write and runs < 3):
        parser.error("--runs must be 1 or more, and at least 3 with --write")
    print(f"C parser in use: {our_yaml.c_accelerated()}; collector {args.collector}", flush=True)
    done: list[list[Row]] = []
    for run in range(1, runs + 1):
        ROWS.clear()
        for name, step in STEPS.items():
            if args.only and name not in args.only:
                continue
            step()
            print(f"[run {run} of {runs}]", table().split("\n")[-1], flush=True)
        done.append(list(ROWS))
    text = spread_table(done) if runs > 1 else table()
    print(text)
    if args.write:
        machine = f"{platform.machine()}, {platform.processor() or 'cpu'}, Python {platform.python_version()}"
        versions = ", ".join(
            f"{name} {metadata.version(name)}"
            for name in (
                "matframework",
                "attrs",
                "cattrs",
                "ruamel.yaml",
                "msgspec",
                "pydantic",
                "PyYAML",
                "pandas",
            )
        )
        (HERE / "RESULTS.md").write_text(
            f"# Benchmark results\n\nRun on {dt.date.today().isoformat()} ({machine}); {versions}.\n"
            f"Ratios compare medians measured in the same run, with the garbage collector "
            f"{'on' if COLLECTOR else 'off'}; each is the median of {runs} whole runs, one after another, "
            f"with the lowest and highest beside it. C parser in use: {our_yaml.c_accelerated()}.\n\n{text}\n",
            encoding="utf-8",
        )


if __name__ == "__main__":
    main()
