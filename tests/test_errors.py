"""Tests for matframework.errors and the problems the converter reports."""

from __future__ import annotations

import pickle
from datetime import date

import attrs
import pytest

from matframework import (
    Element,
    MatFrameworkError,
    Problem,
    Stage,
    UnknownCriterionError,
    UnknownElementError,
    UnknownIdError,
    ValidationError,
)
from matframework.documents.converters import describe, structure
from matframework.errors import Location, format_path


class TestProblem:
    def test_str_with_position(self) -> None:
        """A problem with a position names line and column first."""
        problem = Problem(path=("a", 0), message="bad", expected="good", location=Location(line=3, column=7))
        assert "3:7: a[0]: bad (expected good)" == str(problem)
        assert (3, 7) == (problem.line, problem.column)

    @pytest.mark.parametrize(
        ("location", "shown"),
        [
            (Location(line=3, column=7), "f.yaml:3:7: ratings.3B.rating: bad"),
            (Location(sheet="Assessment 1", cell="D17"), "f.xlsx: Assessment 1!D17: ratings.3B.rating: bad"),
            (Location(row=9, field="rating"), "f.csv: row 9, column rating: ratings.3B.rating: bad"),
            (
                Location(pointer="CFItems[3].fullStatement"),
                "f.json: CFItems[3].fullStatement: ratings.3B.rating: bad",
            ),
        ],
    )
    def test_one_formatting_for_every_source(self, location: Location, shown: str) -> None:
        """Every kind of location is shown the same way: the file, the place in its own terms, the field path."""
        file = {"line": "f.yaml", "sheet": "f.xlsx", "row": "f.csv", "pointer": "f.json"}[
            next(name for name in ("sheet", "row", "pointer", "line") if getattr(location, name) is not None)
        ]
        error = ValidationError(
            [Problem(path=("ratings", "3B", "rating"), message="bad", location=location)], file=file
        )
        assert f"{file}: 1 problem found\n  {shown}" == str(error)

    def test_a_location_without_a_place(self) -> None:
        """A location with nothing set shows nothing."""
        assert "" == Problem(message="m", location=Location()).where

    def test_root_path(self) -> None:
        """An empty path is the document itself."""
        assert "(document)" == format_path(())
        assert "(document)" == Problem(message="x").dotted_path


class TestValidationError:
    def test_needs_a_problem(self) -> None:
        """An error with nothing wrong is a programming mistake."""
        with pytest.raises(ValueError, match="at least one problem"):
            ValidationError([])

    def test_is_a_value_error_and_ours(self) -> None:
        """Existing `except ValueError` clauses catch it."""
        error = ValidationError(
            [Problem(path=("x",), message="m", location=Location(line=1, column=2))], file="f.yaml"
        )
        assert isinstance(error, ValueError)
        assert isinstance(error, MatFrameworkError)
        assert ("x",) == error.path
        assert (1, 2) == (error.line, error.column)
        assert "f.yaml: 1 problem found\n  f.yaml:1:2: x: m" == str(error)

    def test_without_file(self) -> None:
        """Without a file, positions are shown bare."""
        error = ValidationError(
            [Problem(message="m", location=Location(line=4, column=1)), Problem(path=("y",), message="n")]
        )
        assert "2 problems found\n  4:1: (document): m\n  y: n" == str(error)


class TestUnknownId:
    @pytest.mark.parametrize("cls", [UnknownIdError, UnknownElementError, UnknownCriterionError])
    def test_pickles(self, cls: type[UnknownIdError]) -> None:
        """Unknown-id errors pickle with their id, kind and suggestions."""
        error = cls("9Z", kind="element", suggestions=("1A",))
        again = pickle.loads(pickle.dumps(error))
        assert (cls, "9Z", "element", ("1A",)) == (type(again), again.id, again.kind, again.suggestions)
        assert isinstance(again, LookupError)

    def test_without_suggestions(self) -> None:
        """With nothing to suggest, the message just names the id."""
        assert "no heading '9' in this framework" == str(UnknownIdError("9", kind="heading"))


class TestConverterProblems:
    def test_describe_other_values(self) -> None:
        """Values other than YAML's own kinds are named by type."""
        assert "a date" == describe(date(2026, 1, 1))
        assert "text ('x')" == describe("x")

    def test_stage_hook(self) -> None:
        """Stages read from their keys, and a Stage passes through."""
        assert Stage.ADDITIONAL is structure("additional", Stage)
        assert Stage.START is structure(Stage.START, Stage)
        with pytest.raises(ValidationError, match="3 is not a stage"):
            structure(3, Stage)

    def test_element_needs_a_mapping(self) -> None:
        """An element given as text is refused with what was expected."""
        with pytest.raises(ValidationError, match="expected a mapping of keys to values, got text"):
            structure("1A", Element)

    def test_element_code_in_criteria_at_top_level(self) -> None:
        """Structuring an element directly reports a stated element_code with its path."""
        data = {"code": "1A", "title": "t", "focus_areas": [], "criteria": [{"element_code": "1A"}]}
        with pytest.raises(ValidationError) as info:
            structure(data, Element)
        assert ("criteria", 0, "element_code") == info.value.path


class TestOneErrorContract:
    def test_every_exception_lives_in_errors(self) -> None:
        """No module defines a public exception class outside matframework.errors (private control flow aside)."""
        import importlib  # noqa: PLC0415 - only here
        import pkgutil  # noqa: PLC0415

        import matframework  # noqa: PLC0415

        outside = [
            f"{info.name}.{value.__name__}"
            for info in pkgutil.walk_packages(matframework.__path__, "matframework.")
            for value in vars(importlib.import_module(info.name)).values()
            if isinstance(value, type)
            and issubclass(value, BaseException)
            and value.__module__ == info.name
            and info.name != "matframework.errors"
            and not value.__name__.startswith("_")  # the CLI's own usage signal, caught inside main()
        ]
        assert [] == outside

    def test_public_errors_derive_from_ours_and_a_builtin(self) -> None:
        """Every public exception is a MatFrameworkError and also the builtin it resembles."""
        import matframework  # noqa: PLC0415 - only here

        errors = [
            getattr(matframework, name)
            for name in matframework.__all__
            if isinstance(getattr(matframework, name), type)
            and issubclass(getattr(matframework, name), BaseException)
        ]
        assert len(errors) >= 10
        for error in errors:
            assert issubclass(error, MatFrameworkError)
            assert error is MatFrameworkError or any(
                base.__module__ == "builtins" and base is not Exception for base in error.__mro__[1:-2]
            ), error

    def test_field_checks_raise_validation_errors(self) -> None:
        """A bad count, a negative cost and an unknown mode are our errors, naming the field."""
        from matframework import ImprovementMode, Intervention, improvement_framework  # noqa: PLC0415

        with pytest.raises(ValidationError) as pupils:
            Intervention(title="x", pupils_reached=-1)
        assert ("pupils_reached",) == pupils.value.path
        with pytest.raises(ValidationError) as cost:
            Intervention(title="x", cost=-1)
        assert ("cost",) == cost.value.path
        reference = improvement_framework()
        stripped = attrs.evolve(reference, modes=reference.modes[:1])
        with pytest.raises(UnknownIdError, match="improvement mode"):
            stripped.mode(ImprovementMode.AUTONOMY)
