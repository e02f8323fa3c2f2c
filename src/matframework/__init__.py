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
import importlib.util
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matframework import examples as examples
    from matframework.analysis.comparison import Comparison, Direction, Movement, compare
    from matframework.analysis.distributions import Distribution
    from matframework.analysis.effects import (
        EffectKind,
        EffectSize,
        cost_band,
        effect_size,
        months_of_progress,
    )
    from matframework.analysis.evaluation import (
        Attrition,
        Evaluation,
        SubgroupEffect,
        Threat,
        ThreatKind,
        evaluate,
    )
    from matframework.analysis.evidence import ElementEvidence, EvidenceCoverage, evidence_coverage
    from matframework.analysis.groups import Aggregate, Benchmark, BenchmarkPosition, aggregate, benchmark
    from matframework.analysis.history import Flag, FlagKind, History, Trajectory, history
    from matframework.analysis.matching import Matching, match_pupils
    from matframework.analysis.moderation import ElementAgreement, Moderation, moderate
    from matframework.analysis.perspectives import (
        ElementPerspectives,
        GroupRating,
        GroupView,
        PerceptionGap,
        Perspectives,
        perspectives,
    )
    from matframework.analysis.plans import (
        PlanReview,
        PriorityOutcome,
        draft_plan,
        plan_outcomes,
        review_plan,
    )
    from matframework.analysis.pooling import PooledEffect, pool
    from matframework.analysis.power import design_effect, minimum_detectable_effect, sample_size_for
    from matframework.analysis.profiles import ElementScore, ExtremesRule, HeadingProfile, Profile, profile
    from matframework.analysis.structure import SchoolGroup, comparison_group, new_joiners
    from matframework.documents.bundled import assurance_framework, improvement_framework
    from matframework.documents.converters import configure_converter, converter, make_converter
    from matframework.documents.files import (
        dump,
        dumps,
        load,
        load_document,
        load_framework,
        loads,
        revise,
        schema_tag,
        update_document,
        update_ratings,
    )
    from matframework.documents.schema import json_schema
    from matframework.documents.signoff import approval_status, approve, content_hash
    from matframework.documents.templates import organisation_template, template
    from matframework.errors import (
        FieldTypeError,
        FileError,
        FrameworkIntegrityError,
        IncomparableError,
        Location,
        MatFrameworkError,
        MissingDependencyError,
        Problem,
        UnknownCriterionError,
        UnknownElementError,
        UnknownFrameworkError,
        UnknownIdError,
        ValidationError,
    )
    from matframework.exchange.case import from_case, read_case, to_case
    from matframework.exchange.collection import Collection, CollectionFile
    from matframework.exchange.csvfile import read_csv, to_csv
    from matframework.exchange.excel import read_workbook, to_workbook
    from matframework.exchange.frames import frame_to_assessments, read_frame, to_frame
    from matframework.exchange.gias import read_gias
    from matframework.exchange.parquet import read_parquet, to_parquet
    from matframework.model.assessment import (
        SUGGESTED_PERSPECTIVES,
        Assessment,
        CriterionLean,
        CriterionNote,
        ElementRating,
        FrameworkRef,
        Status,
        Subject,
        SubjectKind,
    )
    from matframework.model.evaluation import (
        Allocation,
        Design,
        EvaluationPlan,
        MeasureKind,
        OutcomeMeasure,
        PupilGroup,
    )
    from matframework.model.evidence import Confidence, Evidence, EvidenceFile, EvidenceKind, Lean, Strand
    from matframework.model.framework import Criterion, Element, Framework, Heading, Source, Stage
    from matframework.model.impact import ImpactCheck, Intervention, Scores, SubgroupScores
    from matframework.model.improvement import (
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
    from matframework.model.organisation import Cluster, Fact, Organisation, School
    from matframework.model.plan import Action, ActionStatus, ImprovementPlan, Priority
    from matframework.model.rating import Rating, RatingScale, ScaleLevel
    from matframework.model.signoff import Approval, Change, Decision
    from matframework.views.impact import impact_report
    from matframework.views.notebook import to_html
    from matframework.views.plots import (
        plot_distribution,
        plot_forest,
        plot_heatmap,
        plot_perspectives,
        plot_profile,
        plot_trajectories,
    )
    from matframework.views.report import report

# The module each public name lives in. A name's module is imported when the name is first
# used, so ``import matframework`` itself imports nothing else (``examples`` is a module).
# The imports above, for type checkers, list the same names; tests/test_package.py checks both.
_HOMES: dict[str, tuple[str, ...]] = {
    "examples": ("examples",),
    "analysis.comparison": ("Comparison", "Direction", "Movement", "compare"),
    "analysis.distributions": ("Distribution",),
    "analysis.effects": ("EffectKind", "EffectSize", "cost_band", "effect_size", "months_of_progress"),
    "analysis.evaluation": ("Attrition", "Evaluation", "SubgroupEffect", "Threat", "ThreatKind", "evaluate"),
    "analysis.matching": ("Matching", "match_pupils"),
    "analysis.pooling": ("PooledEffect", "pool"),
    "analysis.power": ("design_effect", "minimum_detectable_effect", "sample_size_for"),
    "analysis.evidence": ("ElementEvidence", "EvidenceCoverage", "evidence_coverage"),
    "analysis.groups": ("Aggregate", "Benchmark", "BenchmarkPosition", "aggregate", "benchmark"),
    "analysis.history": ("Flag", "FlagKind", "History", "Trajectory", "history"),
    "analysis.moderation": ("ElementAgreement", "Moderation", "moderate"),
    "analysis.perspectives": (
        "ElementPerspectives",
        "GroupRating",
        "GroupView",
        "PerceptionGap",
        "Perspectives",
        "perspectives",
    ),
    "analysis.plans": ("draft_plan", "plan_outcomes", "review_plan", "PlanReview", "PriorityOutcome"),
    "analysis.profiles": ("ElementScore", "ExtremesRule", "HeadingProfile", "Profile", "profile"),
    "analysis.structure": ("SchoolGroup", "comparison_group", "new_joiners"),
    "documents.bundled": ("assurance_framework", "improvement_framework"),
    "documents.converters": ("configure_converter", "converter", "make_converter"),
    "documents.files": (
        "dump",
        "dumps",
        "load",
        "load_document",
        "load_framework",
        "loads",
        "revise",
        "schema_tag",
        "update_document",
        "update_ratings",
    ),
    "documents.schema": ("json_schema",),
    "documents.signoff": ("approval_status", "approve", "content_hash"),
    "documents.templates": ("organisation_template", "template"),
    "errors": (
        "FieldTypeError",
        "FileError",
        "FrameworkIntegrityError",
        "IncomparableError",
        "Location",
        "MatFrameworkError",
        "MissingDependencyError",
        "Problem",
        "UnknownCriterionError",
        "UnknownElementError",
        "UnknownFrameworkError",
        "UnknownIdError",
        "ValidationError",
    ),
    "exchange.case": ("from_case", "read_case", "to_case"),
    "exchange.collection": ("Collection", "CollectionFile"),
    "exchange.csvfile": ("read_csv", "to_csv"),
    "exchange.excel": ("read_workbook", "to_workbook"),
    "exchange.frames": ("frame_to_assessments", "read_frame", "to_frame"),
    "exchange.gias": ("read_gias",),
    "exchange.parquet": ("read_parquet", "to_parquet"),
    "model.assessment": (
        "SUGGESTED_PERSPECTIVES",
        "Assessment",
        "CriterionLean",
        "CriterionNote",
        "ElementRating",
        "FrameworkRef",
        "Status",
        "Subject",
        "SubjectKind",
    ),
    "model.evidence": ("Confidence", "Evidence", "EvidenceFile", "EvidenceKind", "Lean", "Strand"),
    "model.framework": ("Criterion", "Element", "Framework", "Heading", "Source", "Stage"),
    "model.evaluation": (
        "Allocation",
        "Design",
        "EvaluationPlan",
        "MeasureKind",
        "OutcomeMeasure",
        "PupilGroup",
    ),
    "model.impact": ("ImpactCheck", "Intervention", "Scores", "SubgroupScores"),
    "model.improvement": (
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
    "model.organisation": ("Cluster", "Fact", "Organisation", "School"),
    "model.plan": ("Action", "ActionStatus", "ImprovementPlan", "Priority"),
    "model.rating": ("Rating", "RatingScale", "ScaleLevel"),
    "model.signoff": ("Approval", "Change", "Decision"),
    "views.impact": ("impact_report",),
    "views.notebook": ("to_html",),
    "views.plots": (
        "plot_distribution",
        "plot_forest",
        "plot_heatmap",
        "plot_perspectives",
        "plot_profile",
        "plot_trajectories",
    ),
    "views.report": ("report",),
}
_WHERE = {name: module for module, names in _HOMES.items() for name in names}

__all__ = [
    "SUGGESTED_PERSPECTIVES",
    "Action",
    "ActionStatus",
    "Aggregate",
    "Allocation",
    "Approval",
    "Assessment",
    "Attrition",
    "Benchmark",
    "BenchmarkPosition",
    "Change",
    "Cluster",
    "Collection",
    "CollectionFile",
    "Comparison",
    "Confidence",
    "Criterion",
    "CriterionLean",
    "CriterionNote",
    "Decision",
    "Design",
    "Direction",
    "Distribution",
    "Driver",
    "EffectKind",
    "EffectSize",
    "Element",
    "ElementAgreement",
    "ElementEvidence",
    "ElementPerspectives",
    "ElementRating",
    "ElementScore",
    "Evaluation",
    "EvaluationPlan",
    "Evidence",
    "EvidenceCoverage",
    "EvidenceFile",
    "EvidenceKind",
    "ExtremesRule",
    "Fact",
    "FieldTypeError",
    "FileError",
    "Flag",
    "FlagKind",
    "Framework",
    "FrameworkIntegrityError",
    "FrameworkRef",
    "FrameworkReview",
    "GroupRating",
    "GroupView",
    "Heading",
    "HeadingProfile",
    "History",
    "ImpactCheck",
    "ImpactTip",
    "ImprovementFramework",
    "ImprovementMode",
    "ImprovementPlan",
    "IncomparableError",
    "Intervention",
    "Lean",
    "Location",
    "MatFrameworkError",
    "Matching",
    "MeasureKind",
    "MissingDependencyError",
    "ModeClassification",
    "ModeDecision",
    "Moderation",
    "Movement",
    "Organisation",
    "OutcomeMeasure",
    "PerceptionGap",
    "Perspectives",
    "PlanReview",
    "PooledEffect",
    "PracticeArea",
    "Priority",
    "PriorityOutcome",
    "Problem",
    "Profile",
    "PupilGroup",
    "Rating",
    "RatingScale",
    "ReviewAnswer",
    "ReviewStatus",
    "ScaleLevel",
    "School",
    "SchoolGroup",
    "Scores",
    "Source",
    "Stage",
    "Status",
    "Strand",
    "SubgroupEffect",
    "SubgroupScores",
    "Subject",
    "SubjectKind",
    "Threat",
    "ThreatKind",
    "Trajectory",
    "UnknownCriterionError",
    "UnknownElementError",
    "UnknownFrameworkError",
    "UnknownIdError",
    "ValidationError",
    "__version__",
    "aggregate",
    "approval_status",
    "approve",
    "assurance_framework",
    "benchmark",
    "compare",
    "comparison_group",
    "configure_converter",
    "content_hash",
    "converter",
    "cost_band",
    "design_effect",
    "draft_plan",
    "dump",
    "dumps",
    "effect_size",
    "evaluate",
    "evidence_coverage",
    "examples",
    "frame_to_assessments",
    "from_case",
    "history",
    "impact_report",
    "improvement_framework",
    "json_schema",
    "load",
    "load_document",
    "load_framework",
    "loads",
    "make_converter",
    "match_pupils",
    "minimum_detectable_effect",
    "moderate",
    "months_of_progress",
    "new_joiners",
    "organisation_template",
    "perspectives",
    "plan_outcomes",
    "plot_distribution",
    "plot_forest",
    "plot_heatmap",
    "plot_perspectives",
    "plot_profile",
    "plot_trajectories",
    "pool",
    "profile",
    "read_case",
    "read_csv",
    "read_frame",
    "read_gias",
    "read_parquet",
    "read_workbook",
    "report",
    "review_plan",
    "revise",
    "sample_size_for",
    "schema_tag",
    "template",
    "to_case",
    "to_csv",
    "to_frame",
    "to_html",
    "to_parquet",
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
    if module == "exchange.frames" and importlib.util.find_spec("pandas") is not None:
        importlib.import_module("matframework.views.accessor")  # registers df.mat with pandas
    value = home if name == module else getattr(home, name)
    globals()[name] = value
    return value
