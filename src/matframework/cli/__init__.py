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

Starting is quick: this module imports nothing of the library but the parser's
words, and each command imports what it needs when it runs (``--help`` and
``show`` never load the reports, the workbook or the analyses).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TextIO

from matframework.cli._usage import _UsageError

if TYPE_CHECKING:
    from matframework.model.framework import Framework

__all__ = ["main"]


def __dir__() -> list[str]:
    return __all__


SUBJECT_KINDS = ("trust", "school", "cluster")
"""What an assessment can assess (the values of :class:`~matframework.SubjectKind`), for the parser."""

DOCUMENT_NAMES = (
    "assessment",
    "classification",
    "evidence",
    "framework",
    "improvement",
    "intervention",
    "organisation",
    "plan",
    "review",
)
"""The document types' names in the registry, for the parser (a test holds the two lists together)."""


class _Version(argparse.Action):
    """``--version``: the installed version, looked up only when asked for."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *_args: object, **_kwargs: object) -> None:
        from importlib.metadata import PackageNotFoundError, version  # noqa: PLC0415 - only when asked

        try:
            found = version("matframework")
        except PackageNotFoundError:  # pragma: no cover - run from a source tree that was never installed
            found = "(not installed)"
        sys.stdout.write(f"matframework {found}\n")  # where argparse's own version action writes
        parser.exit()


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
    parser.add_argument("--version", action=_Version, help="show the version and exit")
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
        choices=SUBJECT_KINDS,
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
        choices=DOCUMENT_NAMES,
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
    schema.add_argument("type", nargs="?", choices=DOCUMENT_NAMES, default="assessment")
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


def _chosen_framework(args: argparse.Namespace) -> Framework:
    """The framework the command works with: the ``--file`` given, or the bundled one."""
    if args.file:
        from matframework.documents.files import load_framework  # noqa: PLC0415 - only for --file

        return load_framework(args.file)
    from matframework.documents.bundled import assurance_framework  # noqa: PLC0415 - a command needs it

    return assurance_framework()


def _show(args: argparse.Namespace, out: TextIO) -> None:
    from matframework.cli import _framework as outline  # noqa: PLC0415 - lazily: the framework only

    wanted = getattr(args, "id", None)
    # The bundled framework prints from its plain data, building no model; a trust's file, or
    # an id not held exactly as given, goes through the converter and the model's look-ups.
    if args.file or not outline.show_plain(outline.bundled_plain(), wanted, out):
        outline.show(_chosen_framework(args), wanted, out)


def _run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Run the command, importing only the module that holds it."""
    command = args.command or "show"
    if command == "show":
        _show(args, out)
        return 0
    if command in {"template", "schema"}:
        from matframework.cli import _templates  # noqa: PLC0415 - lazily: the templates and schemas

        if command == "schema":
            _templates.schema(args, out)
        else:
            _templates.template(_chosen_framework(args), args, out)
        return 0
    if command in {"report", "workbook", "impact"}:
        from matframework.cli import _reports  # noqa: PLC0415 - lazily: the views

        if command == "impact":
            _reports.impact(args, out)
        elif command == "report":
            _reports.report_command(_chosen_framework(args), args, out)
        else:
            _reports.workbook(_chosen_framework(args), args, out)
        return 0
    if command == "validate":
        from matframework.cli._validate import validate  # noqa: PLC0415 - lazily: the readers

        return validate(_chosen_framework(args), args.paths, out, err)
    from matframework.cli import _documents  # noqa: PLC0415 - lazily: the readers and analyses

    if command == "summary":
        _documents.summary_command(_chosen_framework(args), args, out)
    elif command == "compare":
        _documents.compare_command(args, out)
    else:
        _documents.moderate_command(_chosen_framework(args), args, out)
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
        if args.file and args.command in {"schema", "compare", "impact"}:
            _chosen_framework(args)  # a --file given is read, and refused if bad, even where it is not used
        status = _run(args, out, err)
    except _UsageError as exc:
        parser.print_usage(err)
        err.write(f"matframework: error: {exc}\n")
        status = 2
    except BrokenPipeError:
        status = 0  # the reader stopped reading (e.g. `| head`): nothing more to say
    except Exception as exc:  # noqa: BLE001 - sorted in _report_failure; anything not ours is raised again
        _report_failure(exc, err)  # the library's errors and unreadable files in one line; others raised
    return status


def _report_failure(exc: Exception, err: TextIO) -> None:
    """Say in one line why the command failed, or raise ``exc`` again if it is not the user's to fix.

    The errors module is imported here, on failure, so that a command that succeeds without it
    (``show``) never loads attrs.
    """
    from matframework.errors import MatFrameworkError  # noqa: PLC0415 - only on failure

    if isinstance(exc, MatFrameworkError | FileExistsError):
        err.write(f"matframework: {exc}\n")
    elif isinstance(exc, OSError):
        err.write(f"matframework: cannot read {exc.filename}: {exc.strerror}\n")
    else:
        raise exc


def main_entry() -> None:
    """Entry point of the ``matframework`` console script."""
    sys.exit(main())
