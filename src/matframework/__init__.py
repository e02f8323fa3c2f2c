"""matframework: the school-improvement frameworks of Multi-Academy Trusts as typed objects.

Example:
    >>> import matframework
    >>> fw = matframework.assurance_framework()
    >>> fw.element("3B").title
    'Leadership of teaching'
    >>> matframework.Rating.AMBER_RED < matframework.Rating.GREEN
    True
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matframework import examples as examples
    from matframework._optional import MissingDependencyError
    from matframework.assessment import (
        Assessment,
        CriterionNote,
        ElementRating,
        FrameworkRef,
        Status,
        Subject,
        SubjectKind,
    )
    from matframework.bundled import assurance_framework, improvement_framework
    from matframework.case import from_case, to_case
    from matframework.converters import configure_converter, converter, make_converter
    from matframework.csv import read_csv, to_csv
    from matframework.errors import (
        FrameworkIntegrityError,
        MatFrameworkError,
        Problem,
        UnknownCriterionError,
        UnknownElementError,
        UnknownIdError,
        ValidationError,
    )
    from matframework.excel import read_workbook, to_workbook
    from matframework.frames import frame_to_assessments, to_frame
    from matframework.framework import Criterion, Element, Framework, Heading, Source, Stage
    from matframework.impact import ImpactCheck, Intervention, Scores
    from matframework.improvement import (
        Driver,
        FrameworkReview,
        ImpactTip,
        ImprovementFramework,
        ImprovementMode,
        ModeClassification,
        ModeDecision,
        PracticeArea,
        ReviewAnswer,
        ReviewStatus,
    )
    from matframework.io import (
        dump,
        dumps,
        load,
        load_document,
        load_framework,
        loads,
        schema_tag,
        update_document,
        update_ratings,
    )
    from matframework.moderation import ElementAgreement, Moderation, moderate
    from matframework.plots import plot_heatmap, plot_profile
    from matframework.rating import Rating, RatingScale, ScaleLevel
    from matframework.reporting import report
    from matframework.schema import json_schema
    from matframework.scoring import (
        Aggregate,
        Benchmark,
        BenchmarkPosition,
        Comparison,
        Direction,
        Distribution,
        ElementScore,
        ExtremesRule,
        HeadingProfile,
        IncomparableError,
        Movement,
        Profile,
        aggregate,
        benchmark,
        compare,
        profile,
    )
    from matframework.stats import EffectKind, EffectSize, effect_size, months_of_progress
    from matframework.templates import template

# The module each public name lives in. A name's module is imported when the name is first
# used, so ``import matframework`` itself imports nothing else (``examples`` is a module).
# The imports above, for type checkers, list the same names; tests/test_package.py checks both.
_HOMES: dict[str, tuple[str, ...]] = {
    "examples": ("examples",),
    "_optional": ("MissingDependencyError",),
    "assessment": (
        "Assessment",
        "CriterionNote",
        "ElementRating",
        "FrameworkRef",
        "Status",
        "Subject",
        "SubjectKind",
    ),
    "bundled": ("assurance_framework", "improvement_framework"),
    "case": ("from_case", "to_case"),
    "converters": ("configure_converter", "converter", "make_converter"),
    "csv": ("read_csv", "to_csv"),
    "errors": (
        "FrameworkIntegrityError",
        "MatFrameworkError",
        "Problem",
        "UnknownCriterionError",
        "UnknownElementError",
        "UnknownIdError",
        "ValidationError",
    ),
    "excel": ("read_workbook", "to_workbook"),
    "frames": ("frame_to_assessments", "to_frame"),
    "framework": ("Criterion", "Element", "Framework", "Heading", "Source", "Stage"),
    "impact": ("ImpactCheck", "Intervention", "Scores"),
    "improvement": (
        "Driver",
        "FrameworkReview",
        "ImpactTip",
        "ImprovementFramework",
        "ImprovementMode",
        "ModeClassification",
        "ModeDecision",
        "PracticeArea",
        "ReviewAnswer",
        "ReviewStatus",
    ),
    "io": (
        "dump",
        "dumps",
        "load",
        "load_document",
        "load_framework",
        "loads",
        "schema_tag",
        "update_document",
        "update_ratings",
    ),
    "moderation": ("ElementAgreement", "Moderation", "moderate"),
    "plots": ("plot_heatmap", "plot_profile"),
    "rating": ("Rating", "RatingScale", "ScaleLevel"),
    "reporting": ("report",),
    "schema": ("json_schema",),
    "scoring": (
        "Aggregate",
        "Benchmark",
        "BenchmarkPosition",
        "Comparison",
        "Direction",
        "Distribution",
        "ElementScore",
        "ExtremesRule",
        "HeadingProfile",
        "IncomparableError",
        "Movement",
        "Profile",
        "aggregate",
        "benchmark",
        "compare",
        "profile",
    ),
    "stats": ("EffectKind", "EffectSize", "effect_size", "months_of_progress"),
    "templates": ("template",),
}
_WHERE = {name: module for module, names in _HOMES.items() for name in names}

__all__ = [
    "Aggregate",
    "Assessment",
    "Benchmark",
    "BenchmarkPosition",
    "Comparison",
    "Criterion",
    "CriterionNote",
    "Direction",
    "Distribution",
    "Driver",
    "EffectKind",
    "EffectSize",
    "Element",
    "ElementAgreement",
    "ElementRating",
    "ElementScore",
    "ExtremesRule",
    "Framework",
    "FrameworkIntegrityError",
    "FrameworkRef",
    "FrameworkReview",
    "Heading",
    "HeadingProfile",
    "ImpactCheck",
    "ImpactTip",
    "ImprovementFramework",
    "ImprovementMode",
    "IncomparableError",
    "Intervention",
    "MatFrameworkError",
    "MissingDependencyError",
    "ModeClassification",
    "ModeDecision",
    "Moderation",
    "Movement",
    "PracticeArea",
    "Problem",
    "Profile",
    "Rating",
    "RatingScale",
    "ReviewAnswer",
    "ReviewStatus",
    "ScaleLevel",
    "Scores",
    "Source",
    "Stage",
    "Status",
    "Subject",
    "SubjectKind",
    "UnknownCriterionError",
    "UnknownElementError",
    "UnknownIdError",
    "ValidationError",
    "__version__",
    "aggregate",
    "assurance_framework",
    "benchmark",
    "compare",
    "configure_converter",
    "converter",
    "dump",
    "dumps",
    "effect_size",
    "examples",
    "frame_to_assessments",
    "from_case",
    "improvement_framework",
    "json_schema",
    "load",
    "load_document",
    "load_framework",
    "loads",
    "make_converter",
    "moderate",
    "months_of_progress",
    "plot_heatmap",
    "plot_profile",
    "profile",
    "read_csv",
    "read_workbook",
    "report",
    "schema_tag",
    "template",
    "to_case",
    "to_csv",
    "to_frame",
    "to_workbook",
    "update_document",
    "update_ratings",
]


def __dir__() -> list[str]:
    return __all__


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from importlib.metadata import version  # noqa: PLC0415 - only when asked for

        return version("matframework")
    module = _WHERE.get(name)
    if module is None:
        msg = f"module 'matframework' has no attribute {name!r}"
        raise AttributeError(msg)
    home = importlib.import_module(f"matframework.{module}")
    value = home if name == module else getattr(home, name)
    globals()[name] = value
    return value
