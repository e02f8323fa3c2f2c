"""The commands that write pages and workbooks: ``report``, ``workbook`` and ``impact``."""

from __future__ import annotations

import argparse
import collections
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from matframework import examples
from matframework.analysis.evaluation import Evaluation, evaluate
from matframework.analysis.perspectives import perspectives
from matframework.analysis.pooling import pool
from matframework.analysis.profiles import profile
from matframework.cli._documents import unique
from matframework.cli._sources import assessment_from, assessments_in, many, rounds_of, source
from matframework.cli._usage import _UsageError
from matframework.documents.files import dump, load, load_document
from matframework.errors import MatFrameworkError
from matframework.model.assessment import Assessment, SubjectKind
from matframework.model.evidence import EvidenceFile
from matframework.model.framework import Framework
from matframework.model.impact import Intervention
from matframework.model.plan import ImprovementPlan
from matframework.views.impact import impact_report
from matframework.views.report import report

__all__ = ["impact", "report_command", "workbook"]


def report_command(framework: Framework, args: argparse.Namespace, out: TextIO) -> None:
    previous = assessment_from(args.previous, example=False, parser_error="") if args.previous else None
    group = [a for path in args.group for a in assessments_in(path)] if args.group else None
    views = None
    if args.path is not None and not args.example and many(args.path):
        folder = source(args.path)
        rounds = rounds_of(folder, args.subject, args.path)
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
        assessment = assessment_from(
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
        documents = list(source(path)) if many(path) else [load_document(path)]
        kept: list[_Held] = [
            d for d in documents if isinstance(d, Assessment | ImprovementPlan | EvidenceFile)
        ]
        left = collections.Counter(type(d).__name__ for d in documents if not isinstance(d, _IN_WORKBOOKS))
        if left and not many(path):
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


def workbook(framework: Framework, args: argparse.Namespace, out: TextIO) -> None:
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
        evaluations[unique(name, evaluations)] = evaluate(trial)
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


def impact(args: argparse.Namespace, out: TextIO) -> None:
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
