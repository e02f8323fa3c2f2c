"""A folder of a trust's documents as the embedded store: :class:`Collection`.

A trust keeps its assessments, its organisation file, its perspectives and its
school reviews as files, often under git. :meth:`Collection.open` reads every
matframework document under a folder (YAML and JSON documents by their
schema tag, CSV files written by :func:`~matframework.to_csv`, workbooks made
by :func:`~matframework.to_workbook`), collects each file's problems instead of
stopping at the first bad file, and indexes the assessments by subject,
round, perspective and document type. Files that are not matframework
documents (a README, a GIAS extract, a spreadsheet of something else) are
listed as ignored, never guessed at.

Opening again reuses what was read before for every file whose size and
modification time have not changed (a cache held in memory, per process), so
a second open re-reads only what changed.
"""

from __future__ import annotations

import collections
import os
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import attrs

from matframework._files import DEFAULT_MAX_BYTES, decode, read_bytes, target_of
from matframework.documents.files import document_from_text
from matframework.errors import FileError, MatFrameworkError, Problem, ValidationError
from matframework.exchange.csvfile import csv_kind, read_csv
from matframework.model._display import attach
from matframework.model.assessment import Assessment
from matframework.model.organisation import Organisation

__all__ = ["MAX_FILES", "Collection", "CollectionFile"]


def __dir__() -> list[str]:
    return __all__


T = TypeVar("T")

MAX_FILES = 20_000
"""The most files a collection reads by default (a guard against opening the wrong folder)."""

_DOCUMENTS = {".yaml", ".yml", ".json"}
_WORKBOOKS = {".xlsx", ".xlsm"}
_CACHE_SIZE = 50_000


@attrs.frozen(kw_only=True)
class CollectionFile:
    """One file of a collection and what was read from it.

    Attributes:
        path: The file's path relative to the folder, with ``/`` between parts.
        kind: ``"document"``, ``"csv"``, ``"workbook"``; ``"ignored"`` for a
            file that is not a matframework document; ``"problem"`` for one that
            could not be read (see ``problems``).
        documents: What it holds: one document for a YAML or JSON file, the
            assessments of a CSV file or workbook; empty when it has problems.
        problems: Its problems, each naming the file (empty when it read).
        error: Its problems as the text a person reads (with line and column, or
            row and column), when it has any.

    Example:
        >>> from pathlib import Path
        >>> readme, evidence = Collection.open(Path("examples") / "oak-valley").files[:2]
        >>> readme.kind, evidence.path, type(evidence.documents[0]).__name__
        ('ignored', 'evidence.yaml', 'EvidenceFile')

    .. versionadded:: 0.2.0
    """

    path: str
    kind: str
    documents: tuple[Any, ...] = ()
    problems: tuple[Problem, ...] = ()
    error: str | None = None


# (resolved path, size, mtime_ns, ctime_ns, inode) -> what was read; shared by every open in this process.
_cache: collections.OrderedDict[tuple[str, int, int, int, int], CollectionFile] = collections.OrderedDict()
_cache_lock = threading.Lock()


def _stamp(path: Path) -> tuple[str, int, int, int, int]:
    status = path.stat()
    return (str(path.resolve()), status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino)


def _document(file: str, max_bytes: int) -> tuple[str, tuple[Any, ...]]:
    text = decode(read_bytes(file, max_bytes=max_bytes), file=file).text
    document = document_from_text(text, file=file, max_bytes=max_bytes, untagged=True)
    return ("ignored", ()) if document is None else ("document", (document,))


def _csv(file: str, max_bytes: int) -> tuple[str, tuple[Any, ...]]:
    raw = read_bytes(file, max_bytes=max_bytes)
    if b"matframework/" not in raw[:400] and "matframework/".encode("utf-16-le") not in raw[:400]:
        return ("ignored", ())  # not written by to_csv (a GIAS extract, a spreadsheet of something else)
    text = decode(raw, file=file).text  # the bytes are read once; read_csv parses the text
    kind = csv_kind(text)
    if kind is None:
        return ("ignored", ())
    return ("csv", tuple(read_csv(text, into=kind, max_bytes=max_bytes)))


def _workbook(file: str, max_bytes: int) -> tuple[str, tuple[Any, ...]]:
    from matframework.exchange.excel import workbook_documents  # noqa: PLC0415 - openpyxl only when there are workbooks

    documents = workbook_documents(file, max_bytes=max_bytes)
    return ("ignored", ()) if documents is None else ("workbook", tuple(documents))


_READERS = {
    **dict.fromkeys(_DOCUMENTS, _document),
    ".csv": _csv,
    **dict.fromkeys(_WORKBOOKS, _workbook),
}


def _read(path: Path, relative: str, max_bytes: int) -> CollectionFile:
    reader = _READERS.get(path.suffix.casefold())
    if reader is None:
        return CollectionFile(path=relative, kind="ignored")
    file = os.fspath(path)
    try:
        kind, documents = reader(file, max_bytes)
    except ValidationError as error:
        named = error.with_file(file)
        return CollectionFile(path=relative, kind="problem", problems=named.problems, error=str(named))
    except MatFrameworkError as error:  # a file that cannot be read (FileError), an extra not installed
        return CollectionFile(
            path=relative, kind="problem", problems=(Problem(message=str(error)),), error=str(error)
        )
    return CollectionFile(path=relative, kind=kind, documents=documents)


@attrs.frozen(kw_only=True, repr=False)
class Collection:
    """The matframework documents under a folder, read and indexed.

    Attributes:
        folder: The folder.
        files: Every file considered, in path order.
        parsed: How many files this open read afresh (the others came from the cache).

    Example:
        >>> from pathlib import Path
        >>> trust = Collection.open(Path("examples") / "oak-valley")
        >>> trust
        <Collection of examples/oak-valley: 48 documents in 19 files, 0 with problems, 1 ignored>
        >>> [a.round for a in trust.assessments(kind="trust", perspective=None)]
        ['2024/25 autumn', '2025/26 autumn', '2026/27 autumn']
        >>> trust.organisation().name
        'Oak Valley Learning Trust (fictional)'

    .. versionadded:: 0.2.0
    """

    folder: Path
    files: tuple[CollectionFile, ...]
    parsed: int
    max_bytes: int = DEFAULT_MAX_BYTES
    max_files: int = MAX_FILES

    @classmethod
    def open(
        cls, folder: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES, max_files: int = MAX_FILES
    ) -> Collection:
        """Read every matframework document under ``folder`` (hidden folders such as ``.git`` are skipped).

        Args:
            folder: The folder to read.
            max_bytes: The largest file read; a larger one is a problem of that file.
            max_files: The most files considered.

        Raises:
            ~matframework.FileError: The folder cannot be listed.
            ValidationError: It holds more than ``max_files`` files.
        """
        root = Path(os.fspath(folder))
        if not root.is_dir():
            raise FileError(os.fspath(root), f"{root}: not a folder")
        try:
            listed = sorted(_walk(root, max_files))
        except OSError as error:
            raise FileError(
                os.fspath(root), f"{root}: cannot be read as a folder ({error.strerror or error})"
            ) from None
        files: list[CollectionFile] = []
        parsed = 0
        for path in listed:
            relative = path.relative_to(root).as_posix()
            try:
                key = _stamp(target_of(path))
            except OSError as error:
                files.append(
                    CollectionFile(path=relative, kind="problem", problems=(Problem(message=str(error)),))
                )
                continue
            with _cache_lock:
                held = _cache.get(key)
                if held is not None:
                    _cache.move_to_end(key)
            if held is None or held.path != relative:
                held = _read(path, relative, max_bytes)
                parsed += 1
                with _cache_lock:
                    _cache[key] = held
                    while len(_cache) > _CACHE_SIZE:
                        _cache.popitem(last=False)
            files.append(held)
        return cls(folder=root, files=tuple(files), parsed=parsed, max_bytes=max_bytes, max_files=max_files)

    @classmethod
    def of_files(
        cls, paths: Iterable[str | os.PathLike[str]], *, max_bytes: int = DEFAULT_MAX_BYTES
    ) -> Collection:
        """Read the files given, each by its format as in a folder, and index their documents.

        A file that is not a matframework document is listed as ignored, and a
        file's problems are collected, as :meth:`open` does; ``folder`` is the
        current folder and each file keeps the path given.

        Example:
            >>> found = Collection.of_files(["examples/oak-valley-trust-2026-autumn.yaml"])
            >>> [a.round for a in found.assessments()]
            ['2026/27 autumn']

        .. versionadded:: 0.2.0
        """
        files = tuple(_read(Path(os.fspath(p)), os.fspath(p), max_bytes) for p in paths)
        return cls(folder=Path(), files=files, parsed=len(files), max_bytes=max_bytes)

    def reopen(self) -> Collection:
        """Open the folder again: files unchanged since they were read are not read again."""
        return Collection.open(self.folder, max_bytes=self.max_bytes, max_files=self.max_files)

    def __repr__(self) -> str:
        count = sum(len(f.documents) for f in self.files)
        used = sum(1 for f in self.files if f.kind != "ignored")
        bad = sum(1 for f in self.files if f.problems)
        ignored = sum(1 for f in self.files if f.kind == "ignored")
        return (
            f"<Collection of {self.folder.as_posix()}: {count} documents in {used} files, "
            f"{bad} with problems, {ignored} ignored>"
        )

    @property
    def problems(self) -> tuple[Problem, ...]:
        """Every problem of every file (each says its file)."""
        return tuple(p for f in self.files for p in f.problems)

    @property
    def errors(self) -> tuple[str, ...]:
        """Each file's problems as the text a person reads, one entry per file with problems."""
        return tuple(f.error or "; ".join(p.message for p in f.problems) for f in self.files if f.problems)

    @property
    def ignored(self) -> tuple[str, ...]:
        """The files that are not matframework documents."""
        return tuple(f.path for f in self.files if f.kind == "ignored")

    def check(self) -> None:
        """Raise :class:`~matframework.ValidationError` with every problem of every file, if any."""
        if self.problems:
            raise ValidationError(self.problems)

    def documents(self, cls: type[T]) -> list[T]:
        """Every document of type ``cls`` (e.g. :class:`~matframework.Organisation`), in path order."""
        return [d for f in self.files for d in f.documents if isinstance(d, cls)]

    def assessments(
        self,
        *,
        subject: str | None = None,
        kind: str | None = None,
        round: str | None = None,  # noqa: A002 - the field's name
        perspective: str | type[Any] | None = Any,
    ) -> list[Assessment]:
        """The assessments, in date order, chosen by subject (URN or name), kind, round and perspective.

        ``perspective=None`` chooses the agreed assessments (no perspective); leave it
        out to take every perspective.
        """
        found = [
            a
            for a in self.documents(Assessment)
            if (subject is None or subject in (a.subject.urn, a.subject.name))
            and (kind is None or a.subject.kind.value == kind)
            and (round is None or a.round == round)
            and (perspective is Any or a.perspective == perspective)
        ]
        return sorted(found, key=lambda a: (a.assessed_on is None, a.assessed_on or 0, a.round or ""))

    def subjects(self) -> dict[str, int]:
        """Each subject's name, with how many assessments of it there are."""
        return dict(collections.Counter(a.subject.name for a in self.documents(Assessment)))

    def rounds(self) -> tuple[str, ...]:
        """The round labels, in date order of their first assessment."""
        seen: dict[str, None] = {}
        for a in self.assessments():
            if a.round is not None:
                seen.setdefault(a.round)
        return tuple(seen)

    def perspectives(self) -> tuple[str, ...]:
        """The perspectives named, in order of first appearance."""
        return tuple(dict.fromkeys(a.perspective for a in self.documents(Assessment) if a.perspective))

    def organisation(self) -> Organisation | None:
        """The folder's organisation file, or ``None`` if it has none.

        Raises:
            ValidationError: It has more than one.
        """
        found = [(f.path, d) for f in self.files for d in f.documents if isinstance(d, Organisation)]
        if len(found) > 1:
            named = ", ".join(path for path, _ in found)
            message = f"the folder holds {len(found)} organisation files ({named})"
            raise ValidationError([Problem(message=message, expected="one organisation file per trust")])
        return found[0][1] if found else None

    def __iter__(self) -> Iterator[Any]:
        """Every document, in path order."""
        return (d for f in self.files for d in f.documents)


def _walk(root: Path, limit: int) -> Iterable[Path]:
    """The files under ``root``, skipping hidden files and folders; refused past ``limit``."""
    count = 0
    for directory, folders, names in os.walk(root, onerror=_raise):
        folders[:] = sorted(f for f in folders if not f.startswith("."))
        for name in names:
            if name.startswith("."):
                continue
            count += 1
            if count > limit:
                message = f"the folder holds more than {limit:,} files"
                raise ValidationError(
                    [Problem(message=message, expected=f"at most {limit:,} (raise max_files)")]
                )
            yield Path(directory) / name


def _raise(error: OSError) -> None:
    raise error


attach(Collection, CollectionFile)  # the notebook display hook (matframework.views.notebook)
