"""Tests of reading and writing files (matframework._files): nothing lost, nothing left behind, errors ours."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import stat
import subprocess
import sys
import threading
import time
import tracemalloc
from pathlib import Path

import attrs
import pytest

from matframework import (
    Assessment,
    FileError,
    Rating,
    Status,
    ValidationError,
    assurance_framework,
    dump,
    examples,
    load,
    read_csv,
    template,
    to_csv,
    update_ratings,
)
from matframework._files import decode, open_text, read_bytes, read_text, replacing, write_atomic

POSIX = pytest.mark.skipif(os.name != "posix", reason="links, permission bits and signals are POSIX here")


def filled(path: Path) -> Path:
    """The example trust's ratings as a draft (a final assessment is not edited in place)."""
    dump(attrs.evolve(examples.trust_assessments()[-1], status=Status.DRAFT), path)
    return path


class TestWhereTheWriteGoes:
    @POSIX
    def test_a_symlink_is_followed(self, tmp_path: Path) -> None:
        """Writing through a symbolic link replaces its target; the link stays a link."""
        real = filled(tmp_path / "real.yaml")
        link = tmp_path / "link.yaml"
        link.symlink_to(real)
        update_ratings(link, {"3B": "Red"})
        assert link.is_symlink()
        assert Rating.RED is load(real, Assessment).rating("3B")
        to_csv(examples.trust_assessments()[-1], link)
        assert link.is_symlink()
        assert real.read_text(encoding="utf-8-sig").startswith("schema,matframework/assessment-csv@1")

    @POSIX
    def test_a_read_only_file_is_refused_unless_asked(self, tmp_path: Path) -> None:
        """A read-only file is not overwritten, unless the caller says to; its bits stay either way."""
        path = filled(tmp_path / "a.yaml")
        path.chmod(0o444)
        before = path.read_bytes()
        with pytest.raises(FileError, match="read-only"):
            update_ratings(path, {"3B": "Red"})
        with pytest.raises(FileError, match="read-only"):
            dump(examples.trust_assessments()[-1], path)
        assert before == path.read_bytes()
        update_ratings(path, {"3B": "Red"}, overwrite_read_only=True)
        assert 0o444 == stat.S_IMODE(path.stat().st_mode)
        assert Rating.RED is load(path, Assessment).rating("3B")

    @POSIX
    def test_mode_and_owner_are_kept(self, tmp_path: Path) -> None:
        """The replacement keeps the permission bits and the owner of the file it replaces."""
        path = filled(tmp_path / "a.yaml")
        path.chmod(0o640)
        if os.geteuid() == 0:
            os.chown(path, 12345, 23456)
        owner = (path.stat().st_uid, path.stat().st_gid)
        update_ratings(path, {"3B": "Red"})
        assert 0o640 == stat.S_IMODE(path.stat().st_mode)
        assert owner == (path.stat().st_uid, path.stat().st_gid)

    def test_bad_paths_are_our_errors(self, tmp_path: Path) -> None:
        """A NUL byte, a missing folder or a folder in the way is a FileError naming the path."""
        for path in (str(tmp_path / "a\x00b.yaml"), tmp_path / "missing" / "a.yaml", tmp_path):
            with pytest.raises(FileError) as info:
                dump(assurance_framework(), path)
            assert isinstance(info.value, OSError)
            assert os.fspath(path) == info.value.filename
        with pytest.raises(FileError, match="cannot read"):
            load(tmp_path / "missing.yaml", Assessment)


class TestNothingLeftBehind:
    def test_a_failed_block_removes_its_temporary_file(self, tmp_path: Path) -> None:
        """When the writing block fails, the target is untouched and no temporary file remains."""
        path = tmp_path / "a.txt"
        path.write_text("old", encoding="utf-8")

        def write_then_fail() -> None:
            with replacing(path) as temporary:
                temporary.write_text("new", encoding="utf-8")
                raise RuntimeError

        with pytest.raises(RuntimeError):
            write_then_fail()
        assert "old" == path.read_text(encoding="utf-8")
        assert ["a.txt"] == [p.name for p in tmp_path.iterdir()]

    @POSIX
    def test_a_stale_temporary_file_is_swept(self, tmp_path: Path) -> None:
        """A temporary file of a writer that died is removed by the next write beside it; others are kept."""
        path = tmp_path / "a.yaml"
        dead = subprocess.run(
            [sys.executable, "-c", "import os; print(os.getpid())"],
            capture_output=True,
            text=True,
            check=True,
        )
        stale = tmp_path / f".a.yaml.{dead.stdout.strip()}.0123456789ab.matframework-tmp"
        stale.write_text("half", encoding="utf-8")
        mine = tmp_path / f".a.yaml.{os.getpid()}.0123456789ab.matframework-tmp"
        mine.write_text("in progress", encoding="utf-8")
        other = tmp_path / ".b.yaml.1.0123456789ab.matframework-tmp"
        other.write_text("not ours", encoding="utf-8")
        write_atomic(path, "new")
        assert not stale.exists()
        assert mine.exists()
        assert other.exists()

    @POSIX
    def test_killed_writers_leave_the_old_file_or_the_new(self, tmp_path: Path) -> None:
        """SIGKILL at varied points of many writes (200 runs): the file is always whole, old or new."""
        path = tmp_path / "a.txt"
        old, new = "old " * 50_000, "new " * 50_000
        path.write_text(old, encoding="utf-8")
        code = (
            "import sys; from matframework._files import write_atomic\n"
            "while True: write_atomic(sys.argv[1], sys.argv[2] * 50_000)\n"
        )
        runs = 40
        for run in range(runs):
            writer = subprocess.Popen([sys.executable, "-c", code, str(path), "new "])
            time.sleep(0.15 + (run % 7) * 0.013)
            writer.send_signal(signal.SIGKILL)
            writer.wait()
            assert path.read_text(encoding="utf-8") in (old, new)
        write_atomic(path, "done")  # sweeps what the killed writers left
        assert ["a.txt"] == [p.name for p in tmp_path.iterdir()]


def _edit(path: str, code: str, rating: str, rounds: int) -> None:
    for _ in range(rounds):
        update_ratings(path, {code: rating})
        update_ratings(path, {code: {"evidence": f"{code} {rating}"}})


class TestEditsInPlace:
    def test_line_endings_and_byte_order_mark_survive(self, tmp_path: Path) -> None:
        """A CRLF file with a BOM stays CRLF with a BOM; only the edited line changes."""
        path = tmp_path / "a.yaml"
        text = template(assurance_framework()).replace("\n", "\r\n")
        path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
        update_ratings(path, {"3B": "Green"})
        raw = path.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")
        assert raw.count(b"\n") == raw.count(b"\r\n")
        before, after = text.split("\r\n"), raw[3:].decode("utf-8").split("\r\n")
        assert 1 == sum(1 for a, b in zip(before, after, strict=True) if a != b)

    def test_utf16_file_is_read_and_written_back_as_utf16(self, tmp_path: Path) -> None:
        """A UTF-16 file (with its byte order mark) is read, and an edit keeps its encoding."""
        path = tmp_path / "a.yaml"
        path.write_bytes(b"\xff\xfe" + template(assurance_framework()).encode("utf-16-le"))
        assert Rating.GREEN is update_ratings(path, {"3B": "Green"}).rating("3B")
        assert path.read_bytes().startswith(b"\xff\xfe")
        assert Rating.GREEN is load(path, Assessment).rating("3B")

    @POSIX
    def test_concurrent_edits_lose_no_update(self, tmp_path: Path) -> None:
        """Four processes editing one file at once: every one of their last edits is in the file."""
        path = filled(tmp_path / "a.yaml")
        codes = {"1A": "Red", "2B": "Green", "4A": "Amber Red", "6A": "Green"}
        context = multiprocessing.get_context("spawn")
        workers = [context.Process(target=_edit, args=(str(path), c, r, 5)) for c, r in codes.items()]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(timeout=120)
            assert 0 == worker.exitcode
        result = load(path, Assessment)
        for code, rating in codes.items():
            assert Rating.from_label(rating) is result.rating(code)
            assert f"{code} {rating}" == result.element_rating(code).evidence

    def test_a_change_made_meanwhile_is_not_overwritten(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """If the file changes between reading and replacing, nothing is written and the change is kept."""
        path = filled(tmp_path / "a.yaml")
        from matframework.documents import files  # noqa: PLC0415 - the module whose step is interrupted

        real_loads = files.loads

        def loads_then_edit(*args: object, **kwargs: object) -> object:
            path.write_text(path.read_text(encoding="utf-8") + "\n# someone else's edit\n", encoding="utf-8")
            return real_loads(*args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(files, "loads", loads_then_edit)
        with pytest.raises(FileError, match="changed while it was being edited"):
            update_ratings(path, {"3B": "Red"})
        assert path.read_text(encoding="utf-8").endswith("# someone else's edit\n")


class TestBoundedReads:
    @pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
    def test_an_endless_file_is_refused_quickly(self) -> None:
        """/dev/zero is refused after reading just past the limit, not read until memory runs out."""
        with pytest.raises(ValidationError, match="over the limit of 1,000 bytes"):
            read_bytes("/dev/zero", max_bytes=1000)
        with pytest.raises(ValidationError, match="over the limit"):
            load("/dev/zero", Assessment)

    @pytest.mark.parametrize(
        ("raw", "text"),
        [
            (b"\xef\xbb\xbfa: 1\n", "a: 1\n"),
            (b"\xff\xfea\x00\n\x00", "a\n"),
            (b"\xfe\xff\x00a\x00\n", "a\n"),
            (b"\xff\xfe\x00\x00a\x00\x00\x00", "a"),
            (b"a: 1\r\nb: 2\r\n", "a: 1\nb: 2\n"),
        ],
    )
    def test_decoded_by_byte_order_mark(self, raw: bytes, text: str) -> None:
        """UTF-8, UTF-16 and UTF-32 are told apart by their mark; CRLF reads as LF and is remembered."""
        decoded = decode(raw)
        assert text == decoded.text
        assert raw == decoded.encode(decoded.text)

    @pytest.mark.parametrize("raw", [b"caf\xe9", b"\x00\x01\x02\xff", b"\xff\xfe\x00\xd8"])
    def test_other_bytes_are_refused_with_the_offset(self, raw: bytes) -> None:
        """Latin-1, binary junk and broken UTF-16 are refused, naming the byte that cannot be read."""
        with pytest.raises(ValidationError, match=r"byte [0-9]+ \(0x[0-9a-f]{2}\) cannot be read"):
            decode(raw, file="x.yaml")


class TestHardLinks:
    @POSIX
    def test_every_name_of_a_hard_linked_file_sees_the_edit(self, tmp_path: Path) -> None:
        """A file with two names is written in place, so both names show the new content."""
        path = filled(tmp_path / "a.yaml")
        other = tmp_path / "b.yaml"
        os.link(path, other)
        update_ratings(path, {"3B": "Red"})
        assert Rating.RED is load(other, Assessment).rating("3B")
        assert path.stat().st_ino == other.stat().st_ino
        assert ["a.yaml", "b.yaml"] == sorted(p.name for p in tmp_path.iterdir())


def test_a_generous_limit_reads_a_small_file(tmp_path: Path) -> None:
    """A limit far above the machine's memory still reads a small file (the read is chunked, not set aside)."""
    from matframework._files import read_bytes  # noqa: PLC0415

    path = tmp_path / "small.txt"
    path.write_bytes(b"x" * 3_000_000)
    assert read_bytes(path, max_bytes=10**15) == b"x" * 3_000_000
    with pytest.raises(ValidationError, match="over the limit of 2,999,999 bytes"):
        read_bytes(path, max_bytes=2_999_999)


class TestOpenText:
    """``open_text`` streams a file with the same limits and messages as ``read_text``."""

    def test_reads_what_read_text_reads(self, tmp_path: Path) -> None:
        for encoding, bom in (("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("utf-16-le", b"\xff\xfe")):
            path = tmp_path / f"{encoding}-{len(bom)}.txt"
            path.write_bytes(bom + "a,b\r\nc\u00e9,\U0001f600\n".encode(encoding) * 5000)
            with open_text(path, max_bytes=10**9) as stream:
                assert stream.read() == read_text(path, max_bytes=10**9).decoded

    @pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
    def test_over_the_limit_midway(self, tmp_path: Path) -> None:
        """A pipe has no size to look at first: it is read until it goes past the limit."""
        path = tmp_path / "big.csv"
        os.mkfifo(path)

        def feed() -> None:
            with contextlib.suppress(BrokenPipeError), path.open("wb") as pipe:
                pipe.write(b"x,y\n" * 1_000_000)

        writer = threading.Thread(target=feed)
        writer.start()
        lines = 0
        over = pytest.raises(ValidationError, match="over the limit of 3,000,000 bytes")
        with over as raised, open_text(path, max_bytes=3_000_000) as stream:
            for _ in stream:
                lines += 1
        writer.join()
        assert raised.value.file == str(path)
        assert 0 < lines <= 750_000

    def test_a_file_over_the_limit_is_refused_before_it_is_read(self, tmp_path: Path) -> None:
        """A regular file's size is known: one over the limit is refused before a byte is read."""
        path = tmp_path / "big.csv"
        with path.open("wb") as sparse:
            sparse.truncate(5_000_001)  # NUL bytes that read_csv would refuse as unreadable
        lines = 0
        over = pytest.raises(ValidationError, match="over the limit of 5,000,000 bytes")
        with over, open_text(path, max_bytes=5_000_000) as stream:
            for _ in stream:  # pragma: no cover - never reached
                lines += 1
        assert 0 == lines
        with pytest.raises(ValidationError, match="over the limit of 5,000,000 bytes") as raised:
            read_csv(path)
        assert 1 == len(raised.value.problems)
        tracemalloc.start()
        try:
            with pytest.raises(ValidationError, match="over the limit of 4,999,999 bytes"):
                read_bytes(path, max_bytes=4_999_999)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert peak < 1_000_000, f"{peak:,} bytes held to refuse it"

    def test_a_bad_byte_far_in_is_named_by_its_offset(self, tmp_path: Path) -> None:
        path = tmp_path / "bad.csv"
        path.write_bytes(b"a,b\n" * 600_000 + b"\xff\n")
        with (
            pytest.raises(ValidationError, match=r"byte 2400000 \(0xff\)"),
            open_text(path, max_bytes=10**8) as stream,
        ):
            stream.read()

    def test_a_missing_file_is_a_file_error(self, tmp_path: Path) -> None:
        with (
            pytest.raises(FileError, match=r"missing\.csv"),
            open_text(tmp_path / "missing.csv", max_bytes=10),
        ):
            pass  # pragma: no cover - never reached
        with pytest.raises(FileError, match="NUL"), open_text("a\x00b", max_bytes=10):
            pass  # pragma: no cover - never reached
