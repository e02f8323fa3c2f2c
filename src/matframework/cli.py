"""The ``matframework`` command line.

``python -m matframework`` (or ``matframework``) prints the bundled
framework's headings and elements; ``matframework show 3B`` prints one element
in full, and ``matframework show 3B.iv`` one criterion. ``matframework
template`` prints a blank assessment to fill in (``-o FILE`` writes it), and
``matframework schema`` prints a document type's JSON Schema. ``validate``
checks documents (every problem, with file:line:column), ``summary`` profiles
an assessment, ``compare`` shows the movement between two, and ``report``
writes a shareable HTML report; ``--example`` runs them on the fictional
example dataset. ``--file`` reads a trust's own framework file instead of the
bundled one.
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
import textwrap
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TextIO

import attrs

from matframework import examples
from matframework._files import DEFAULT_MAX_BYTES, read_text, write_atomic
from matframework.analysis.comparison import compare
from matframework.analysis.evaluation import Evaluation, evaluate
from matframework.analysis.moderation import moderate
from matframework.analysis.perspectives import perspectives
from matframework.analysis.pooling import pool
from matframework.analysis.profiles import profile
from matframework.documents._yaml import with_positions
from matframework.documents.bundled import assurance_framework, improvement_framework
from matframework.documents.converters import converter
from matframework.documents.files import dump, dumps, load, load_document, load_framework
from matframework.documents.registry import DOCUMENT_TYPES, by_name
from matframework.documents.schema import json_schema
from matframework.documents.templates import (
    DEFAULT_SCHEMA_LOCATION,
    blank_template,
    intervention_template,
    organisation_template,
    plan_template,
    template,
)
from matframework.errors import MatFrameworkError, Problem, ValidationError
from matframework.exchange.collection import Collection
from matframework.model.assessment import Assessment, SubjectKind
from matframework.model.evidence import EvidenceFile
from matframework.model.framework import Criterion, Element, Framework, Stage
from matframework.model.impact import Intervention
from matframework.model.plan import ImprovementPlan
from matframework.model.rating import Rating
from matframework.views.impact import impact_report
from matframework.views.report import report

__all__ = ["main"]


def __dir__() -> list[str]:
    return __all__


_WIDTH = 88


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="matframework",
        description="Explore the MAT Assurance Framework bundled with matframework.",
    )
    parser.add_argument(
        "--file",
        metavar="FRAMEWORK.yaml",
        help="read this framework file (a trust's adaptation) instead of the bundled framework",
    )
    parser.add_argument("--version", action="version", version=f"matframework {_version()}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    show = commands.add_parser(
        "show",
        help="print the framework's outline, one element or one criterion",
        description="Print the outline (no ID), an element (e.g. 3B) or a criterion (e.g. 3B.iv).",
    )
    show.add_argument("id", nargs="?", help="an element code such as 3B or a criterion id such as 3B.iv")
    blank = commands.add_parser(
        "template",
        help="print (or write) a blank assessment to fill in",
        description=(
            "Print a blank assessment in YAML, with the framework's questions and descriptors as comments. "
            "With -o, write it to FILE (and the JSON Schema it names beside it, for editors)."
        ),
    )
    blank.add_argument(
        "-o", "--output", metavar="FILE", help="write the template to FILE instead of printing it"
    )
    blank.add_argument(
        "--kind",
        choices=[k.value for k in SubjectKind],
        default="trust",
        help="what is assessed (default: trust)",
    )
    blank.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    blank.add_argument(
        "--elements",
        metavar="CODES",
        help="only these elements or headings, comma-separated (e.g. 3A,3B or 3)",
    )
    blank.add_argument(
        "--start-only", action="store_true", help="only the questions to start with, in the comments"
    )
    blank.add_argument("--perspective", metavar="GROUP", help="the group the template is for, e.g. trustees")
    kinds = blank.add_mutually_exclusive_group()
    kinds.add_argument(
        "--type",
        choices=sorted(entry.cli_name for entry in DOCUMENT_TYPES),
        default="assessment",
        help="the type of document (default: assessment); framework and improvement give the bundled "
        "text, to adapt",
    )
    kinds.add_argument(
        "--organisation",
        action="store_const",
        const="organisation",
        dest="type",
        help="the same as --type organisation (the trust's hubs and schools)",
    )
    kinds.add_argument(
        "--plan", action="store_const", const="plan", dest="type", help="the same as --type plan"
    )
    schema = commands.add_parser(
        "schema",
        help="print the JSON Schema of a document type",
        description="Print the JSON Schema (2020-12) of a document type (assessment by default).",
    )
    schema.add_argument(
        "type", nargs="?", choices=sorted(entry.cli_name for entry in DOCUMENT_TYPES), default="assessment"
    )
    validate = commands.add_parser(
        "validate",
        help="check documents and report every problem",
        description="Check documents of any type (by their schema tag); assessments are also checked against "
        "the framework. Exit status 1 if any is invalid.",
    )
    validate.add_argument("paths", nargs="+", metavar="FILE")
    summary = commands.add_parser(
        "summary", help="profile an assessment", description="Print an assessment's profile."
    )
    _source_arguments(summary)
    summary.add_argument("--format", choices=["text", "json"], default="text")
    comparison = commands.add_parser(
        "compare",
        help="show the movement between two assessments",
        description="Compare an earlier and a later assessment of the same subject "
        "(or, given a folder, its latest two rounds).",
    )
    comparison.add_argument("before", nargs="?", metavar="BEFORE", help="an assessment file, or a folder")
    comparison.add_argument("after", nargs="?", metavar="AFTER")
    _subject_argument(comparison)
    comparison.add_argument(
        "--example", action="store_true", help="compare the example trust's last two rounds"
    )
    comparison.add_argument("--format", choices=["text", "json"], default="text")
    page = commands.add_parser(
        "report",
        help="write a self-contained HTML report of an assessment",
        description="Write an HTML report (to stdout, or to -o FILE).",
    )
    _source_arguments(page)
    page.add_argument("-o", "--output", metavar="FILE", help="write the report to FILE")
    page.add_argument(
        "--board", action="store_true", help="the one-page board pack instead of the full report"
    )
    page.add_argument(
        "--pdf", metavar="FILE", help="also print the page to a PDF file (A4), with a headless Chromium"
    )
    page.add_argument("--previous", metavar="FILE", help="an earlier assessment, to show movement")
    page.add_argument(
        "--other-subject",
        action="store_true",
        help="show movement even though --previous assesses another subject (refused otherwise)",
    )
    page.add_argument(
        "--group",
        action="append",
        metavar="FILE",
        help="an assessment to benchmark against (repeat --group for each file)",
    )
    book = commands.add_parser(
        "workbook",
        help="write a workbook to fill in (blank, or holding documents), or read one back",
        description="Write a workbook (-o BOOK.xlsx): blank, or holding the assessments, plans and evidence "
        "files in FILEs (any format, or folders). With --read BOOK.xlsx, list what a workbook holds and, "
        "with -o FOLDER, write each document there as YAML.",
    )
    book.add_argument("paths", nargs="*", metavar="FILE", help="documents, table files or folders to include")
    book.add_argument("-o", "--output", metavar="PATH", help="the workbook to write, or with --read a folder")
    book.add_argument("--read", metavar="BOOK.xlsx", help="read this workbook back")
    book.add_argument(
        "--example", action="store_true", help="the example trust's signed assessment, plan and evidence file"
    )
    book.add_argument("--force", action="store_true", help="overwrite files that exist")
    panel = commands.add_parser(
        "moderate",
        help="measure agreement among several raters' assessments of one subject",
        description="Compare raters who each rated the same subject on their own (a file each, or a folder "
        "or table file of them) and suggest a consensus for them to confirm. Each rater is named by the "
        "assessment's one rater, or by its file.",
    )
    panel.add_argument("paths", nargs="*", metavar="FILE")
    panel.add_argument("--example", action="store_true", help="the example trust's three executive leaders")
    panel.add_argument("--format", choices=["text", "json"], default="text")
    _impact_parser(commands)
    return parser


def _impact_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    trials = commands.add_parser(
        "impact",
        help="read interventions' results honestly, and pool one intervention's trials in several schools",
        description="Evaluate each intervention file (its effect, groups of pupils, attrition, follow-up and "
        "the threats to the result, in words) and, with two files or more of the same intervention, pool "
        "them. Each file is named by its school.",
    )
    trials.add_argument("paths", nargs="*", metavar="FILE", help="intervention files (YAML or JSON)")
    trials.add_argument(
        "--example", action="store_true", help="the example trust's three Read Together trials"
    )
    trials.add_argument("--html", metavar="PAGE.html", help="also write the page of the trials, pooled")
    trials.add_argument("--force", action="store_true", help="overwrite the page if it exists")


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version  # noqa: PLC0415 - only to build the parser

    try:
        return version("matframework")
    except PackageNotFoundError:  # pragma: no cover - run from a source tree that was never installed
        return "(not installed)"


def _source_arguments(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "path", nargs="?", metavar="FILE", help="an assessment file, or a folder of the trust's documents"
    )
    command.add_argument(
        "--example", action="store_true", help="use the fictional example trust's latest assessment"
    )
    _subject_argument(command)


def _subject_argument(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--subject",
        metavar="URN_OR_NAME",
        help="in a folder: whose assessments to use (default: the trust's own agreed ones)",
    )


def _wrap(text: str, indent: str) -> str:
    return textwrap.fill(text, width=_WIDTH, initial_indent=indent, subsequent_indent=indent)


def _outline(framework: Framework, out: TextIO) -> None:
    out.write(
        f"{framework.title} (version {framework.version}): {len(framework.headings)} headings, "
        f"{len(framework.elements)} elements, {len(framework.criteria)} criteria\n"
    )
    for heading in framework.headings:
        out.write(f"\n{heading.number}. {heading.title}\n")
        out.writelines(f"   {element.code:<4}{element.title}\n" for element in heading.elements)
    out.write(f"\nSource: {framework.source.title}. {framework.source.attribution}\n")


def _criterion(criterion: Criterion, out: TextIO) -> None:
    out.write(f"\n  {criterion.numeral}. {criterion.id}\n")
    out.write(_wrap(f"Question: {criterion.question}", "     ") + "\n")
    out.write(_wrap(f"Red (weak) looks like: {criterion.red}", "     ") + "\n")
    out.write(_wrap(f"Green (strong) looks like: {criterion.green}", "     ") + "\n")


def _element(element: Element, out: TextIO) -> None:
    out.write(f"{element.code}. {element.title}\n")
    out.write("Focus areas: " + "; ".join(element.focus_areas) + "\n")
    for stage in Stage:
        criteria = element.criteria_at(stage)
        if criteria:
            out.write(f"\n{stage.label}:\n")
            for criterion in criteria:
                _criterion(criterion, out)


def _show(framework: Framework, id_: str | None, out: TextIO) -> None:
    if id_ is None:
        _outline(framework, out)
    elif "." in id_:
        criterion = framework.criterion(id_)
        out.write(f"{criterion.element_code}. {framework.element(criterion.element_code).title}\n")
        out.write(f"{criterion.stage.label}\n")
        _criterion(criterion, out)
    else:
        _element(framework.element(id_), out)


def _template(framework: Framework, args: argparse.Namespace, out: TextIO) -> None:
    cls = _document_class(args.type)
    schema_name, schema = f"{args.type}.schema.json", json_schema(cls)
    if args.type == "organisation":
        text = organisation_template()
    elif args.type == "plan":
        text = plan_template(framework)
    elif args.type == "intervention":
        text = intervention_template(improvement_framework())
    elif args.type == "framework":
        text = dumps(framework)
    elif args.type == "improvement":
        text = dumps(improvement_framework())
    elif args.type != "assessment":
        text = blank_template(cls)
    else:
        elements = [part for part in args.elements.split(",") if part.strip()] if args.elements else None
        text = template(
            framework,
            kind=SubjectKind(args.kind),
            elements=elements,
            stages=[Stage.START] if args.start_only else None,
            perspective=args.perspective,
        )
        schema_name, schema = DEFAULT_SCHEMA_LOCATION, json_schema(Assessment)
    if args.output is None:
        out.write(text)
        return
    path = Path(args.output)
    if path.exists() and not args.force:
        msg = f"{path} exists; not overwriting it (use --force to replace it)"
        raise FileExistsError(msg)
    write_atomic(path, text)
    schema_path = path.parent / schema_name
    if not schema_path.exists():
        write_atomic(schema_path, json.dumps(schema, ensure_ascii=False, indent=2) + "\n")
    out.write(f"wrote {path}\n")


_TABLES = (".csv", ".xlsx", ".xlsm")
"""Files that may hold many documents (CSV files and workbooks written by matframework)."""


def _many(path: str) -> bool:
    """Whether ``path`` is a folder or a table file, read as a set of documents rather than one."""
    return Path(path).is_dir() or Path(path).suffix.casefold() in _TABLES


def _assessment(
    path: str | None, *, example: bool, parser_error: str, subject: str | None = None
) -> Assessment:
    if example:
        return examples.trust_assessments()[-1]
    if path is None:
        raise _UsageError(parser_error)
    if _many(path):
        return _rounds(_source(path), subject, path)[-1]
    return load(path, Assessment)


def _source(path: str) -> Collection:
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


def _assessments_in(path: str) -> list[Assessment]:
    """Every assessment in a folder or a table file, or the one in a document."""
    return _source(path).assessments() if _many(path) else [load(path, Assessment)]


def _rounds(collection: Collection, subject: str | None, where: str) -> list[Assessment]:
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


class _UsageError(Exception):
    """A command was called without what it needs (exit status 2)."""


def _check(framework: Framework, path: str) -> object:
    """Read a document of any type (or a table file's documents); an assessment must also fit the framework."""
    if _many(path) and not Path(path).is_dir():
        documents = list(_source(path))
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


def _validate(framework: Framework, paths: Sequence[str], out: TextIO, err: TextIO) -> int:
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


def _compare(args: argparse.Namespace, out: TextIO) -> None:
    if args.example:
        before, after = examples.trust_assessments()[-2:]
    elif args.before and args.after is None and _many(args.before):
        rounds = _rounds(_source(args.before), args.subject, args.before)
        if len(rounds) < 2:  # noqa: PLR2004 - a comparison needs two rounds
            raise MatFrameworkError(
                f"{args.before}: {rounds[0].subject.name} has one round; compare needs two"
            )
        before, after = rounds[-2:]
    elif args.before and args.after:
        before = _assessment(args.before, example=False, parser_error="", subject=args.subject)
        after = _assessment(args.after, example=False, parser_error="", subject=args.subject)
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


def _report(framework: Framework, args: argparse.Namespace, out: TextIO) -> None:
    previous = _assessment(args.previous, example=False, parser_error="") if args.previous else None
    group = [a for path in args.group for a in _assessments_in(path)] if args.group else None
    views = None
    if args.path is not None and not args.example and _many(args.path):
        folder = _source(args.path)
        rounds = _rounds(folder, args.subject, args.path)
        assessment = rounds[-1]
        previous = previous or (rounds[-2] if len(rounds) > 1 else None)
        if group is None and assessment.subject.kind is SubjectKind.TRUST:
            group = folder.assessments(kind="school") or None
        separate = [
            a
            for a in folder.assessments(round=assessment.round)
            if a.perspective is not None and a.subject == assessment.subject
        ]
        if len({a.perspective for a in separate}) > 1:
            views = perspectives(separate, framework=framework)
    else:
        assessment = _assessment(
            args.path, example=args.example, parser_error="report needs a FILE, a folder or --example"
        )
    if args.example:
        previous = previous or examples.trust_assessments()[-2]
        group = group if group is not None else list(examples.school_assessments())
        views = perspectives(examples.perspective_assessments(), framework=framework)
    page = report(
        assessment,
        framework=framework,
        previous=previous,
        group=group,
        views=views,
        allow_different=args.other_subject,
        kind="board" if args.board else "full",
        path=args.output,
    )
    if args.pdf is not None:
        from matframework.views.pdf import print_to_pdf  # noqa: PLC0415 - only when asked for

        out.write(f"wrote {print_to_pdf(page, args.pdf)}\n")
        if args.output is None:
            return
    if args.output is None:
        out.write(page)
        return
    p = profile(assessment, framework=framework)
    out.write(
        f"wrote {args.output}: {assessment.subject.name}, {assessment.round or ''}; "
        f"{p.counted} of {len(p.elements)} elements rated, median {p.median.label if p.median else 'none'}; "
        f"strengths {', '.join(p.strengths) or 'none'}; priorities {', '.join(p.priorities) or 'none'}\n"
    )


_IN_WORKBOOKS = (Assessment, ImprovementPlan, EvidenceFile)


_Held = Assessment | ImprovementPlan | EvidenceFile


def _book_documents(paths: Sequence[str], out: TextIO) -> list[_Held]:
    """The documents of the files given that a workbook holds; others are left out, and said so."""
    found: list[_Held] = []
    for path in paths:
        documents = list(_source(path)) if _many(path) else [load_document(path)]
        kept: list[_Held] = [
            d for d in documents if isinstance(d, Assessment | ImprovementPlan | EvidenceFile)
        ]
        left = collections.Counter(type(d).__name__ for d in documents if not isinstance(d, _IN_WORKBOOKS))
        if left and not _many(path):
            msg = f"{path}: a workbook holds assessments, plans and evidence files; this is {_a(next(iter(left)))}"
            raise MatFrameworkError(msg)
        if left:
            listed = ", ".join(f"{n} {kind}" for kind, n in left.items())
            out.write(f"{path}: left out {listed} (a workbook holds assessments, plans and evidence files)\n")
        found.extend(kept)
    return found


def _a(noun: str) -> str:
    return f"{'an' if noun[0].lower() in 'aeiou' else 'a'} {noun}"


def _refuse_existing(path: Path, force: bool) -> None:
    if path.exists() and not force:
        msg = f"{path} exists; not overwriting it (use --force to replace it)"
        raise FileExistsError(msg)


def _workbook(framework: Framework, args: argparse.Namespace, out: TextIO) -> None:
    from matframework.exchange.excel import to_workbook, workbook_documents  # noqa: PLC0415 - openpyxl

    if args.read is not None:
        documents = workbook_documents(args.read)
        if documents is None:
            raise MatFrameworkError(f"{args.read}: no sheet written by matframework")
        numbers: collections.Counter[str] = collections.Counter()
        for document in documents:
            kind = {Assessment: "assessment", ImprovementPlan: "plan"}.get(type(document), "evidence")
            numbers[kind] += 1
            out.write(f"{kind} {numbers[kind]}: {document!r}\n")
            if args.output is not None:
                folder = Path(args.output)
                folder.mkdir(parents=True, exist_ok=True)
                target = folder / f"{kind}-{numbers[kind]}.yaml"
                _refuse_existing(target, args.force)
                dump(document, target)
                out.write(f"  wrote {target}\n")
        return
    if args.output is None:
        msg = "workbook needs -o BOOK.xlsx (or --read BOOK.xlsx)"
        raise _UsageError(msg)
    if args.example:
        group: list[_Held] = [
            examples.signed_assessment(),
            examples.improvement_plan(),
            examples.evidence_file(),
        ]
    else:
        group = _book_documents(args.paths, out)
    target = Path(args.output)
    _refuse_existing(target, args.force)
    book = to_workbook(framework, group, target)
    out.write(f"wrote {target}: sheets " + ", ".join(book.sheetnames) + "\n")


def _moderate(framework: Framework, args: argparse.Namespace, out: TextIO) -> None:
    if args.example:
        by_rater = dict(examples.rater_assessments())
    elif len(args.paths) == 0:
        msg = "moderate needs the raters' files (or --example)"
        raise _UsageError(msg)
    else:
        by_rater = {}
        for path in args.paths:
            found = _assessments_in(path)
            for index, assessment in enumerate(found, start=1):
                name = assessment.raters[0] if len(assessment.raters) == 1 else Path(path).stem
                name = name if len(found) == 1 or len(assessment.raters) == 1 else f"{name} {index}"
                by_rater[_unique(name, by_rater)] = assessment
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


def _unique(name: str, taken: Iterable[str]) -> str:
    """``name``, or ``name (2)``, ``name (3)``, ... the first not in ``taken``."""
    used = set(taken)
    unique, count = name, 1
    while unique in used:
        count += 1
        unique = f"{name} ({count})"
    return unique


def _evaluations(args: argparse.Namespace) -> dict[str, Evaluation]:
    if args.example:
        trials = list(examples.reading_trials())
    elif args.paths:
        trials = [load(path, Intervention) for path in args.paths]
    else:
        msg = "impact needs intervention files (or --example)"
        raise _UsageError(msg)
    evaluations: dict[str, Evaluation] = {}
    for index, trial in enumerate(trials):
        name = ", ".join(trial.schools) or (Path(args.paths[index]).stem if args.paths else trial.title)
        evaluations[_unique(name, evaluations)] = evaluate(trial)
    return evaluations


def _write_evaluation(school: str, ev: Evaluation, out: TextIO) -> None:
    low_high = f" (95% CI {ev.interval[0]:.2f} to {ev.interval[1]:.2f})" if ev.interval else ""
    lines = [f"{ev.title}, {school}: {ev.effect.kind.label} {ev.effect.g:.2f}{low_high}"]
    lines.extend(
        f"  {sub.group.value}: " + (f"{sub.effect.g:.2f}" if sub.effect else f"withheld ({sub.withheld})")
        for sub in ev.subgroups
    )
    if ev.follow_up is not None:
        lines.append(f"  at the follow-up test: {ev.follow_up.g:.2f}")
    lines.append("  threats:" + ("" if ev.threats else " none named"))
    lines.extend(f"  - {threat.words}" for threat in ev.threats)
    out.write("\n".join(lines) + "\n\n")


def _impact(args: argparse.Namespace, out: TextIO) -> None:
    evaluations = _evaluations(args)
    for school, ev in evaluations.items():
        _write_evaluation(school, ev, out)
    titles = sorted({ev.title for ev in evaluations.values()})
    if len(titles) > 1:
        out.write("Not pooled: the files are of different interventions (" + ", ".join(titles) + ").\n")
    elif len(evaluations) > 1:
        pooled = pool(evaluations)
        low, high = pooled.interval()
        out.write(
            f"Pooled ({len(evaluations)} schools, random effects): {pooled.random:.2f} "
            f"(95% CI {low:.2f} to {high:.2f}), I² {pooled.i2:.0%}\n"
        )
        if pooled.prediction is not None:
            out.write(f"A new school's effect: {pooled.prediction[0]:.2f} to {pooled.prediction[1]:.2f}\n")
        out.write("".join(f"- {note}\n" for note in pooled.notes))
    if args.html:
        path = Path(args.html)
        if path.exists() and not args.force:
            msg = f"{path} exists; not overwriting it (use --force to replace it)"
            raise FileExistsError(msg)
        impact_report(evaluations, path=path)
        out.write(f"wrote {path}\n")


def _document_class(name: str) -> type[object]:
    entry = by_name(name)
    if entry is None:  # pragma: no cover - argparse allows only the registry's names
        msg = f"no document type {name!r}"
        raise _UsageError(msg)
    return entry.cls


def _run(args: argparse.Namespace, framework: Framework, out: TextIO, err: TextIO) -> int:
    if args.command == "template":
        _template(framework, args, out)
    elif args.command == "schema":
        out.write(json.dumps(json_schema(_document_class(args.type)), ensure_ascii=False, indent=2) + "\n")
    elif args.command == "validate":
        return _validate(framework, args.paths, out, err)
    elif args.command == "summary":
        assessment = _assessment(
            args.path,
            example=args.example,
            parser_error="summary needs a FILE, a folder or --example",
            subject=args.subject,
        )
        _summary(assessment, framework, args.format, out)
    elif args.command == "compare":
        _compare(args, out)
    elif args.command == "report":
        _report(framework, args, out)
    elif args.command == "workbook":
        _workbook(framework, args, out)
    elif args.command == "moderate":
        _moderate(framework, args, out)
    elif args.command == "impact":
        _impact(args, out)
    else:
        _show(framework, getattr(args, "id", None), out)
    return 0


def main(
    argv: Sequence[str] | None = None, *, stdout: TextIO | None = None, stderr: TextIO | None = None
) -> int:
    """Run the command line and return its exit status.

    Exit status 0 on success, 1 when the input is invalid or an id is
    unknown, 2 on a usage error.

    .. versionadded:: 0.1.0
    """
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    status = 1
    try:
        framework = load_framework(args.file) if args.file else assurance_framework()
        status = _run(args, framework, out, err)
    except _UsageError as exc:
        parser.print_usage(err)
        err.write(f"matframework: error: {exc}\n")
        status = 2
    except BrokenPipeError:
        status = 0  # the reader stopped reading (e.g. `| head`): nothing more to say
    except (MatFrameworkError, FileExistsError) as exc:
        err.write(f"matframework: {exc}\n")
    except OSError as exc:
        err.write(f"matframework: cannot read {exc.filename}: {exc.strerror}\n")
    return status


def main_entry() -> None:
    """Entry point of the ``matframework`` console script."""
    sys.exit(main())
