"""Tests of the package as installed: public names, version, import hygiene, data files."""

from __future__ import annotations

import importlib
import subprocess
import sys
from importlib.metadata import version
from importlib.resources import files

import pytest

import matframework

PUBLIC_MODULES = ["__init__", "errors", "rating", "framework", "converters", "io", "bundled", "cli"]


class TestPublicApi:
    def test_all_is_sorted_and_importable(self) -> None:
        """__all__ is sorted and every name in it exists."""
        assert sorted(matframework.__all__) == matframework.__all__
        for name in matframework.__all__:
            assert hasattr(matframework, name)

    @pytest.mark.parametrize("name", PUBLIC_MODULES)
    def test_modules_declare_all(self, name: str) -> None:
        """Every public module has __all__, and dir() shows only it."""
        module = importlib.import_module("matframework" if name == "__init__" else f"matframework.{name}")
        assert sorted(module.__all__) == dir(module)

    def test_version(self) -> None:
        """__version__ comes from the installed metadata."""
        assert version("matframework") == matframework.__version__

    def test_unknown_attribute(self) -> None:
        """Asking for a missing attribute is an AttributeError."""
        with pytest.raises(AttributeError, match="no attribute 'nope'"):
            _ = matframework.nope

    def test_typed(self) -> None:
        """The package ships py.typed."""
        assert files("matframework").joinpath("py.typed").is_file()

    def test_data_files_installed(self) -> None:
        """Both bundled data files are installed with the package."""
        data = files("matframework.data")
        for name in ("assurance-framework.yaml", "improvement-framework.yaml"):
            assert data.joinpath(name).read_text(encoding="utf-8").startswith("# The M")


class TestImportHygiene:
    def test_import_is_light(self) -> None:
        """Importing matframework loads no pandas, matplotlib, numpy or jsonschema."""
        code = (
            "import sys, matframework; matframework.assurance_framework(); "
            "print(' '.join(m for m in ('pandas', 'matplotlib', 'numpy', 'jsonschema') if m in sys.modules))"
        )
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        assert "" == done.stdout.strip()

    def test_bundled_framework_is_cached(self) -> None:
        """assurance_framework() returns the same object every time."""
        assert matframework.assurance_framework() is matframework.assurance_framework()
