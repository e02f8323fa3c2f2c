"""The command that checks documents: ``validate`` (every problem, with its place)."""

from __future__ import annotations

import collections
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import attrs

from matframework._files import DEFAULT_MAX_BYTES, read_text
from matframework.cli._sources import many, source
from matframework.documents._yaml import with_positions
from matframework.documents.files import load_document
from matframework.errors import MatFrameworkError, Problem, ValidationError
from matframework.model.assessment import Assessment

if TYPE_CHECKING:
    from collections.abc import Sequence

    from matframework.model.framework import Framework

__all__ = ["validate"]


def _check(framework: Framework, path: str) -> object:
    """Read a document of any type (or a table file's documents); an assessment must also fit the framework."""
    if many(path) and not Path(path).is_dir():
        documents = list(source(path))
        problems: list[Problem] = []
        for index, document in enumerate(documents):
            if isinstance(document, Assessment):
                try:
                    document.validate(framework)
                except ValidationError as error:
                    where = f"{document.subject.name}, {document.round or document.assessed_on or 'undated'}"
                    problems.extend(
                        attrs.evolve(p, path=(index, *p.path), message=f"{p.message} ({where})")
                        for p in error.problems
                    )
        if problems:
            raise ValidationError(problems, file=path)
        return documents
    document = load_document(path)
    if isinstance(document, Assessment):
        try:
            document.validate(framework)
        except ValidationError as error:
            text = read_text(path, max_bytes=DEFAULT_MAX_BYTES).text  # decoded as load_document did
            raise with_positions(error, text, path) from None
    return document


def validate(framework: Framework, paths: Sequence[str], out: TextIO, err: TextIO) -> int:
    results = [_attempt(framework, path) for path in paths]
    for path, (document, problem) in zip(paths, results, strict=True):
        if problem is None and isinstance(document, list):
            kinds = collections.Counter(type(d).__name__ for d in document)
            out.write(f"{path}: valid, " + ", ".join(f"{n} {kind}" for kind, n in kinds.items()) + "\n")
        elif problem is None:
            out.write(f"{path}: valid {type(document).__name__}\n")
        else:
            err.write(problem)
    return 1 if any(problem is not None for _, problem in results) else 0


def _attempt(framework: Framework, path: str) -> tuple[object, str | None]:
    try:
        return _check(framework, path), None
    except MatFrameworkError as exc:
        return None, f"{exc}\n"
    except OSError as exc:
        return None, f"matframework: cannot read {exc.filename}: {exc.strerror}\n"
