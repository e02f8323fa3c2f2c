"""The commands that read documents and analyse them: ``summary``, ``compare`` and ``moderate``."""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from matframework import examples
from matframework.analysis.comparison import compare
from matframework.analysis.moderation import moderate
from matframework.analysis.profiles import profile
from matframework.cli._sources import assessment_from, assessments_in, many, rounds_of, source
from matframework.cli._usage import _UsageError
from matframework.documents.converters import converter
from matframework.errors import MatFrameworkError
from matframework.model.assessment import Assessment
from matframework.model.framework import Framework
from matframework.model.rating import Rating

__all__ = ["compare_command", "moderate_command", "summary_command", "unique"]


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
