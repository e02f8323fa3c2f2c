"""Run the examples in every module's docstrings, as installed."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
from pathlib import Path

import pytest

import matframework

MODULES = sorted(
    ["matframework"]
    + [
        info.name
        for info in pkgutil.walk_packages(matframework.__path__, "matframework.")
        if ".data" not in info.name
    ]
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    """Every example in the module's docstrings gives the output it shows."""
    module = importlib.import_module(name)
    result = doctest.testmod(
        module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False
    )
    assert 0 == result.failed


def test_public_names_have_examples() -> None:
    """Most public functions and classes carry a runnable example."""
    missing = []
    for name in matframework.__all__:
        obj = getattr(matframework, name)
        if callable(obj) and not isinstance(obj, type(matframework)):
            tests = doctest.DocTestFinder(recurse=False).find(obj, name)
            if not any(t.examples for t in tests) and not issubclass_safe(obj, BaseException):
                missing.append(name)
    assert [] == missing


def issubclass_safe(obj: object, cls: type) -> bool:
    return isinstance(obj, type) and issubclass(obj, cls)


def test_readme_examples(monkeypatch: pytest.MonkeyPatch) -> None:
    """The Python examples in README.md run and give the output shown (from the repository root)."""
    readme = Path(__file__).parent.parent / "README.md"
    monkeypatch.chdir(readme.parent)
    result = doctest.testfile(str(readme), module_relative=False, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert 0 == result.failed
