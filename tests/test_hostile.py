"""Every hostile input (tests/hostile.py) is read or refused cleanly, quickly, and never changes good data.

A reader may accept an input (it was valid after all) or refuse it with a matframework error
whose message can be printed; any other exception is an escape, and a failure. The time bound
here only catches runaway work (inputs that once took 25 or 30 seconds); how long each worst
case takes is measured by ``python benchmarks/run.py --only hostile``, not asserted.
``test_counts`` prints the tally per format for the closing note.
"""

from __future__ import annotations

import functools
import json
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matframework import (
    Assessment,
    MatFrameworkError,
    dumps,
    from_case,
    load_document,
    loads,
    read_case,
    read_csv,
    read_workbook,
    to_csv,
)
from matframework.exchange.excel import workbook_documents
from matframework.exchange.gias import read_gias
from tests import hostile

SUFFIX = {
    "documents": ".yaml",
    "csv": ".csv",
    "case": ".json",
    "workbooks": ".xlsx",
    "record sheets": ".xlsx",
    "gias": ".csv",
}
CORPORA: dict[str, dict[str, str | bytes]] = {
    "documents": hostile.documents(),
    "csv": hostile.csvs(),
    "case": hostile.cases(),
    "workbooks": hostile.workbooks(),
    "record sheets": hostile.record_workbooks(),
    "gias": hostile.gias(),
}
READERS: dict[str, Callable[[Path], Any]] = {
    "documents": load_document,
    "csv": read_csv,
    "case": read_case,
    "workbooks": read_workbook,
    "record sheets": workbook_documents,
    "gias": functools.partial(read_gias, max_bytes=hostile.GIAS_LIMIT),
}
CASES = [(kind, name) for kind, corpus in CORPORA.items() for name in corpus]
GOOD: dict[str, bytes] = {
    "documents": dumps(hostile.ASSESSMENT).encode(),
    "csv": to_csv(hostile.ASSESSMENT).encode(),
    "case": json.dumps(hostile._package()).encode(),  # noqa: SLF001 - the corpus's own builder
    "workbooks": hostile._book(),  # noqa: SLF001
    "record sheets": hostile._records_book(),  # noqa: SLF001
    "gias": (Path(__file__).parent / "sources" / "gias-trust-membership-sample.csv").read_bytes(),
}
SECONDS = 5.0  # a guard against runaway work, not a speed test (see the module's docstring)
MEGABYTES = 200


SEEN: dict[tuple[str, str], str] = {}
"""What each input came to when the test above read it, so that the tally need not read it again."""


def written(kind: str, name: str, tmp_path: Path) -> Path:
    content = CORPORA[kind][name]
    path = tmp_path / f"input{SUFFIX[kind]}"
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8", newline="")
    else:
        path.write_bytes(content)
    return path


def outcome(kind: str, path: Path) -> tuple[str, float]:
    """Read ``path``: "accepted" or "refused" (an escape raises), and the seconds it took."""
    start = time.perf_counter()
    try:
        READERS[kind](path)
    except MatFrameworkError as error:
        message = str(error)  # a message that can be printed, whatever the input
        result = "refused" if message else "refused without a message"
    else:
        result = "accepted"
    return result, time.perf_counter() - start


def peak_megabytes(kind: str, path: Path) -> float:
    """The most memory reading ``path`` took, in MB (traced, so slower: timed apart)."""
    tracemalloc.start()
    try:
        outcome(kind, path)
        return tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize(("kind", "name"), CASES, ids=[f"{k}: {n}" for k, n in CASES])
def test_read_or_refused_cleanly(kind: str, name: str, tmp_path: Path) -> None:
    """The input is accepted or refused with a matframework error, in bounded time and memory."""
    path = written(kind, name, tmp_path)
    result, seconds = outcome(kind, path)
    assert result in ("accepted", "refused")
    SEEN[kind, name] = result
    assert seconds < SECONDS
    assert peak_megabytes(kind, path) < MEGABYTES


def test_every_corpus_is_large_enough() -> None:
    """At least 40 inputs per format, as the hardening issue asks."""
    assert all(len(corpus) >= 40 for corpus in CORPORA.values()), {k: len(c) for k, c in CORPORA.items()}


def test_counts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Tally per format: tried, refused cleanly, accepted, escaped (always 0, or the test above fails)."""
    lines = []
    for kind, corpus in CORPORA.items():
        tally = {"accepted": 0, "refused": 0}
        for name in corpus:
            result = SEEN.get((kind, name)) or outcome(kind, written(kind, name, tmp_path))[0]
            tally[result] += 1
        lines.append(
            f"{kind}: {len(corpus)} tried, {tally['refused']} refused cleanly, {tally['accepted']} accepted, 0 escaped"
        )
    with capsys.disabled():
        print("\nhostile inputs: " + "; ".join(lines))  # noqa: T201 - the tally for the closing note
    assert all(line.endswith("0 escaped") for line in lines)


class TestFuzz:
    """Bounded fuzzing: random bytes and random edits of good inputs, for every reader."""

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(kind=st.sampled_from(sorted(CORPORA)), data=st.data())
    def test_mutated_good_inputs(self, kind: str, data: st.DataObject, tmp_path: Path) -> None:
        """A good file with random bytes changed, cut or inserted is read or refused cleanly."""
        good = GOOD[kind]
        edits = data.draw(st.lists(st.tuples(st.integers(0, len(good)), st.binary(max_size=8)), max_size=6))
        mutated = bytearray(good)
        for position, insert in edits:
            mutated[position : position + len(insert)] = insert
        if data.draw(st.booleans()):
            mutated = mutated[: data.draw(st.integers(0, len(mutated)))]
        path = tmp_path / f"fuzz{SUFFIX[kind]}"
        path.write_bytes(bytes(mutated))
        result, _ = outcome(kind, path)
        assert result in ("accepted", "refused")

    @settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(kind=st.sampled_from(sorted(CORPORA)), raw=st.binary(max_size=2000))
    def test_random_bytes(self, kind: str, raw: bytes, tmp_path: Path) -> None:
        """Random bytes are refused cleanly by every reader."""
        path = tmp_path / f"random{SUFFIX[kind]}"
        path.write_bytes(raw)
        result, _ = outcome(kind, path)
        assert result in ("accepted", "refused")


def test_good_inputs_are_accepted(tmp_path: Path) -> None:
    """The same readers accept the good inputs the corpora are made from (the tests can tell)."""
    path = tmp_path / "good.yaml"
    path.write_text(dumps(hostile.ASSESSMENT), encoding="utf-8")
    assert isinstance(load_document(path), Assessment)
    path = tmp_path / "good.csv"
    path.write_text(to_csv(hostile.ASSESSMENT), encoding="utf-8")
    assert [hostile.ASSESSMENT] == read_csv(path)
    path = tmp_path / "good.xlsx"
    path.write_bytes(hostile._book())  # noqa: SLF001 - the corpus's own builder
    assert [hostile.ASSESSMENT] == read_workbook(path)


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=6),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=4), children, max_size=3)
    ),
    max_leaves=8,
)


def _places(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value inside nested dicts and lists."""
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found.extend(_places(item, (*path, key)))
    elif isinstance(value, list):
        for index, item in enumerate(value[:3]):  # a few items of long lists are enough
            found.extend(_places(item, (*path, index)))
    return found


def _replaced(value: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    copy = dict(value) if isinstance(value, dict) else list(value)
    copy[path[0]] = _replaced(value[path[0]], path[1:], new)
    return copy


def _read_or_refused(reader: Callable[[Any], object], data: Any) -> str:
    """What the reader made of ``data``: "read", or the message of the matframework error it raised."""
    try:
        reader(data)
    except MatFrameworkError as error:
        return str(error)
    return "read"


PACKAGE = hostile._package()  # noqa: SLF001 - the corpus's own builder
PACKAGE_PLACES = _places(PACKAGE)
DOCUMENT = hostile.unstructure(hostile.ASSESSMENT)
DOCUMENT_PLACES = _places(DOCUMENT)


class TestStructuredFuzz:
    """Any value of any JSON shape put anywhere in a good package or document is read or refused cleanly."""

    @settings(
        max_examples=300,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(place=st.sampled_from(PACKAGE_PLACES), value=JSON_VALUES)
    def test_case_packages(self, place: tuple[Any, ...], value: Any) -> None:
        """from_case of a package with one value replaced: a framework or a ValidationError, nothing else."""
        assert _read_or_refused(from_case, _replaced(PACKAGE, place, value))

    @settings(
        max_examples=300,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(place=st.sampled_from(DOCUMENT_PLACES), value=JSON_VALUES)
    def test_documents(self, place: tuple[Any, ...], value: Any) -> None:
        """Loads of an assessment with one value replaced: an assessment or a ValidationError, nothing else."""
        changed = _replaced(DOCUMENT, place, value)
        document = (
            {"schema": "matframework/assessment@1", **changed} if isinstance(changed, dict) else changed
        )
        assert _read_or_refused(lambda text: loads(text, Assessment), json.dumps(document))
