"""Where a command's documents come from: a file, a folder, a table file (CSV or workbook) or the example.

Folders and table files are read with :class:`~matframework.Collection`, imported only when one is
given, so a command on one YAML or JSON file never loads the table readers.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from matframework.cli._usage import _UsageError
from matframework.documents.files import load
from matframework.errors import MatFrameworkError
from matframework.model.assessment import Assessment

if TYPE_CHECKING:
    from matframework.exchange.collection import Collection

__all__ = ["assessment_from", "assessments_in", "many", "rounds_of", "source"]


TABLES = (".csv", ".xlsx", ".xlsm")
"""Files that may hold many documents (CSV files and workbooks written by matframework)."""


def many(path: str) -> bool:
    """Whether ``path`` is a folder or a table file, read as a set of documents rather than one."""
    return Path(path).is_dir() or Path(path).suffix.casefold() in TABLES


def assessment_from(
    path: str | None, *, example: bool, parser_error: str, subject: str | None = None
) -> Assessment:
    if example:
        from matframework import examples  # noqa: PLC0415 - only for --example

        return examples.trust_assessments()[-1]
    if path is None:
        raise _UsageError(parser_error)
    if many(path):
        return rounds_of(source(path), subject, path)[-1]
    return load(path, Assessment)


def source(path: str) -> Collection:
    """A folder's documents, or one file's in any format; every problem is reported, and nothing is guessed."""
    from matframework.exchange.collection import Collection  # noqa: PLC0415 - only for folders and tables

    found = Collection.open(path) if Path(path).is_dir() else Collection.of_files([path])
    if found.errors:
        count = len(found.errors)
        raise MatFrameworkError(
            f"{path}: {count} file{'s' if count != 1 else ''} with problems\n" + "\n".join(found.errors)
        )
    if not Path(path).is_dir() and found.ignored:
        what = "CSV file" if path.casefold().endswith(".csv") else "workbook"
        raise MatFrameworkError(
            f"{path}: not a {what} written by matframework (its first row, or a sheet's C1, names the format)"
        )
    return found


def assessments_in(path: str) -> list[Assessment]:
    """Every assessment in a folder or a table file, or the one in a document."""
    return source(path).assessments() if many(path) else [load(path, Assessment)]


def rounds_of(collection: Collection, subject: str | None, where: str) -> list[Assessment]:
    """The chosen subject's agreed assessments (no perspective), oldest first; a lone assessment is itself."""
    everything = collection.assessments()
    if not everything:
        raise MatFrameworkError(f"{where}: holds no assessment")
    if subject is None and len(everything) == 1:
        return everything
    if subject is not None:
        chosen = collection.assessments(subject=subject, perspective=None)
        if not chosen:
            raise MatFrameworkError(f"{where}: no agreed assessment of {subject!r}")
        keys = {(a.subject.kind, a.subject.urn or a.subject.name) for a in chosen}
        if len(keys) > 1:
            raise MatFrameworkError(f"{where}: {subject!r} names several subjects; use a URN")
        return chosen
    trusts = collection.assessments(kind="trust", perspective=None)
    names = sorted({a.subject.name for a in trusts})
    if len(names) == 1:
        return trusts
    everyone = sorted({a.subject.name for a in collection.assessments(perspective=None)})
    if not trusts and len(everyone) == 1:
        return collection.assessments(perspective=None)
    listed = ", ".join(repr(name) for name in (names or everyone)) or "none"
    raise MatFrameworkError(f"{where}: choose whose assessments to use with --subject (it holds: {listed})")
