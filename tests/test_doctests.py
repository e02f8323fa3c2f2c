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


DOCS = sorted((Path(__file__).parent.parent / "docs").rglob("*.md"))


@pytest.mark.parametrize("page", DOCS, ids=[str(p.relative_to(p.parents[1])) for p in DOCS])
def test_docs_examples(page: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every Python example on the documentation pages runs and gives the output shown."""
    monkeypatch.chdir(Path(__file__).parent.parent)
    result = doctest.testfile(str(page), module_relative=False, optionflags=doctest.ELLIPSIS)
    assert 0 == result.failed


def test_framework_pages_cover_every_element_and_criterion(tmp_path: Path) -> None:
    """The generated framework pages show every element code and criterion id, and every text."""
    import importlib.util  # noqa: PLC0415

    from matframework import assurance_framework, improvement_framework  # noqa: PLC0415

    spec = importlib.util.spec_from_file_location(
        "framework_pages", Path(__file__).parent.parent / "docs" / "_ext" / "framework_pages.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    pages = module.generate(tmp_path)
    text = "\n".join(p.read_text("utf-8") for p in pages)
    plain = text.replace("\\", "")
    fw = assurance_framework()
    for element in fw.elements:
        assert f"## {element.code}. " in text
    for criterion in fw.criteria:
        assert f"#### {criterion.id}\n" in text
        assert criterion.red in plain
        assert criterion.green in plain
    imp = improvement_framework()
    for area in imp.practice_areas:
        assert f"- {area.area}" in plain
    assert plain.count("```{admonition} Source") == 7
