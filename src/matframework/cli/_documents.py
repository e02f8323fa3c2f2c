"""The commands that read documents and analyse them: ``validate``, ``summary``, ``compare`` and ``moderate``.

The helpers that find a command's assessments (a file, a folder, a table file or the
example) live here too; the report commands use them.
"""

from __future__ import annotations

import argparse
import collections
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TextIO

import attrs

from matframework import examples
from matframework._files import DEFAULT_MAX_BYTES, read_text
from matframework.analysis.comparison import compare
from matframework.analysis.moderation import moderate
from matframework.analysis.profiles import profile
from matframework.cli._usage import _UsageError
from matframework.documents._yaml import with_positions
from matframework.documents.converters import converter
from matframework.documents.files import load, load_document
from matframework.errors import MatFrameworkError, Problem, ValidationError
from matframework.exchange.collection import Collection
from matframework.model.assessment import Assessment
from matframework.model.framework import Framework
from matframework.model.rating import Rating

__all__ = [
    "assessment_from",
    "assessments_in",
    "compare_command",
    "many",
    "moderate_command",
    "rounds_of",
    "source",
    "summary_command",
    "unique",
    "validate",
]


_TABLES = (".csv", ".xlsx", ".xlsm")
"""Files that may hold many documents (CSV files and workbooks written by matframework)."""


def many(path: str) -> bool:
    """Whether ``path`` is a folder or a table file, read as a set of documents rather than one."""
    return Path(path).is_dir() or Path(path).suffix.casefold() in _TABLES


def assessment_from(
    path: str | None, *, example: bool, parser_error: str, subject: str | None = None
) -> Assessment:
    if example:
        return examples.trust_assessments()[-1]
    if path is None:
        raise _UsageError(parser_error)
    if many(path):
        return rounds_of(source(path), subject, path)[-1]
    return load(path, Assessment)


def source(path: str) -> Collection:
    """A folder's documents, or one file's in any format; every problem is reported, and nothing is guessed."""
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


def _summary(assessment: Assessment, framework: Framework, fmt: str, out: TextIO) -> None:
    p = profile(assessment, framework=framework)
    if fmt == "json":
        data = {
            "subject": assessment.subject.name,
            "round": assessment.round,
            "counted": p.counted,
            "median": p.median.label if p.median else None,
            "mean_ordinal": p.mean_ordinal,
            "target_attainment": p.target_attainment,
            "profile": converter.unstructure(p),
        }
        out.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return
    when = assessment.assessed_on.isoformat() if assessment.assessed_on else "undated"
    out.write(f"{assessment.subject.name}, {assessment.round or ''} ({when}, {assessment.status.value})\n")
    out.write(
        f"{p.counted} of {len(p.elements)} elements rated; median {p.median.label if p.median else 'none'}\n\n"
    )
    for heading in p.headings:
        counts = ", ".join(f"{r.label} {heading.distribution.count(r)}" for r in Rating)
        median = heading.median.label if heading.median else "none"
        out.write(f"{heading.number}. {heading.title or ''}: median {median} ({counts})\n")
    titles = {e.code: e.title for e in framework.elements}
    for label, codes in (("Strengths", p.strengths), ("Priorities", p.priorities), ("Unrated", p.unrated)):
        out.write(f"\n{label}:\n")
        out.writelines(f"  {code} {titles.get(code, '')}\n" for code in codes)
        if not codes:
            out.write("  none\n")


def summary_command(framework: Framework, args: argparse.Namespace, out: TextIO) -> None:
    """Print the profile of the assessment chosen."""
    chosen = assessment_from(
        args.path,
        example=args.example,
        parser_error="summary needs a FILE, a folder or --example",
        subject=args.subject,
    )
    _summary(chosen, framework, args.format, out)


def compare_command(args: argparse.Namespace, out: TextIO) -> None:
    if args.example:
        before, after = examples.trust_assessments()[-2:]
    elif args.before and args.after is None and many(args.before):
        rounds = rounds_of(source(args.before), args.subject, args.before)
        if len(rounds) < 2:  # noqa: PLR2004 - a comparison needs two rounds
            raise MatFrameworkError(
                f"{args.before}: {rounds[0].subject.name} has one round; compare needs two"
            )
        before, after = rounds[-2:]
    elif args.before and args.after:
        before = assessment_from(args.before, example=False, parser_error="", subject=args.subject)
        after = assessment_from(args.after, example=False, parser_error="", subject=args.subject)
    else:
        msg = "compare needs BEFORE and AFTER files, a folder, or --example"
        raise _UsageError(msg)
    c = compare(before, after)
    if args.format == "json":
        out.write(
            json.dumps({"summary": c.summary, **converter.unstructure(c)}, ensure_ascii=False, indent=2)
            + "\n"
        )
        return
    counts = ", ".join(f"{n} {what}" for what, n in c.summary.items() if n) or "nothing rated in both"
    out.write(f"{before.round or before.assessed_on} to {after.round or after.assessed_on}: {counts}\n")
    for m in c.movements:
        before_label = m.before.label if m.before else "-"
        after_label = m.after.label if m.after else "-"
        steps = "" if m.steps is None else f" ({m.steps:+d})"
        out.write(f"  {m.code}: {before_label} -> {after_label}: {m.direction.value}{steps}\n")


def moderate_command(framework: Framework, args: argparse.Namespace, out: TextIO) -> None:
    if args.example:
        by_rater = dict(examples.rater_assessments())
    elif len(args.paths) == 0:
        msg = "moderate needs the raters' files (or --example)"
        raise _UsageError(msg)
    else:
        by_rater = {}
        for path in args.paths:
            found = assessments_in(path)
            for index, assessment in enumerate(found, start=1):
                name = assessment.raters[0] if len(assessment.raters) == 1 else Path(path).stem
                name = name if len(found) == 1 or len(assessment.raters) == 1 else f"{name} {index}"
                by_rater[unique(name, by_rater)] = assessment
    m = moderate(by_rater)
    if args.format == "json":
        data = {
            "consensus": {k: v.label if v else None for k, v in m.consensus.items()},
            **converter.unstructure(m),
        }
        out.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return
    alpha = (
        f"alpha {m.alpha:.2f} (Krippendorff, ordinal)"
        if m.alpha is not None
        else f"alpha undefined: {m.alpha_note}"
    )
    out.write(f"{len(m.raters)} raters: " + ", ".join(m.raters) + f"\n{alpha}\n")
    out.write("Two or more levels apart: " + (", ".join(m.disagreements) or "none") + "\n\n")
    width = max(len(r) for r in m.raters)
    short = {level.rating: level.short for level in framework.scale.levels}
    for element in m.elements:
        given = " | ".join(f"{(short.get(r, r.label) if r else '-'):>2}" for r in element.ratings)
        consensus = element.consensus.label if element.consensus else "none"
        flag = "  <- discuss" if element.code in m.disagreements else ""
        out.write(f"  {element.code:<4}{given}   suggested {consensus}{flag}\n")
    out.write(
        f"\n(columns: {' | '.join(r[:width] for r in m.raters)}; the suggestion is the median, for the raters to confirm)\n"
    )


def unique(name: str, taken: Iterable[str]) -> str:
    """``name``, or ``name (2)``, ``name (3)``, ... the first not in ``taken``."""
    used = set(taken)
    unique, count = name, 1
    while unique in used:
        count += 1
        unique = f"{name} ({count})"
    return unique
