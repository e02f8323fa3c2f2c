"""Tests of the package as installed: public names, version, import hygiene, data files."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys
from importlib.metadata import version
from importlib.resources import files
from pathlib import Path

import pytest

import matframework
from matframework.documents import _yaml
from matframework.documents.bundled import read_data_text, write_json_mirrors
from matframework.documents.converters import structure
from matframework.documents.files import loads


def _public_modules() -> list[str]:
    """Every public module of the package (no part of its dotted name starts with an underscore)."""
    found = ["__init__"]
    for info in pkgutil.walk_packages(matframework.__path__, "matframework."):
        parts = info.name.split(".")[1:]
        if not info.ispkg and not any(part.startswith("_") for part in parts):
            found.append(info.name.removeprefix("matframework."))
    return found


PUBLIC_MODULES = _public_modules()


def in_order(names: list[str]) -> list[str]:
    """The names in the order ruff's RUF022 keeps ``__all__``: constants, then classes, then the rest."""
    return sorted(names, key=lambda n: (0 if n.isupper() else 1 if n[:1].isupper() else 2, n))


class TestPublicApi:
    def test_all_is_sorted_and_importable(self) -> None:
        """__all__ is sorted and every name in it exists."""
        assert in_order(matframework.__all__) == matframework.__all__
        for name in matframework.__all__:
            assert hasattr(matframework, name)

    @pytest.mark.parametrize("name", PUBLIC_MODULES)
    def test_modules_declare_all(self, name: str) -> None:
        """Every public module has __all__, and dir() shows only it."""
        module = importlib.import_module("matframework" if name == "__init__" else f"matframework.{name}")
        assert sorted(module.__all__) == sorted(dir(module))
        assert in_order(module.__all__) == module.__all__

    def test_version(self) -> None:
        """__version__ comes from the installed metadata."""
        assert version("matframework") == matframework.__version__

    def test_every_public_name_has_a_home(self) -> None:
        """The lazy table names exactly the public names, each in a module that defines it."""
        where = matframework._WHERE  # noqa: SLF001 - the table under test
        assert in_order([*where, "__version__"]) == matframework.__all__
        for name, module in where.items():
            home = importlib.import_module(f"matframework.{module}")
            assert name == module or name in home.__all__

    def test_report_stays_the_function(self) -> None:
        """Importing the module behind report() does not replace the function on the package."""
        importlib.import_module("matframework.views.report")
        assert callable(matframework.report)
        assert "report" == matframework.report.__name__

    def test_unknown_attribute(self) -> None:
        """Asking for a missing attribute is an AttributeError."""
        with pytest.raises(AttributeError, match="no attribute 'nope'"):
            _ = matframework.nope

    def test_typed(self) -> None:
        """The package ships py.typed."""
        assert files("matframework").joinpath("py.typed").is_file()

    def test_data_files_installed(self) -> None:
        """Both bundled data files and their JSON mirrors are installed with the package."""
        data = files("matframework.documents.data")
        for name in ("assurance-framework.yaml", "improvement-framework.yaml"):
            assert data.joinpath(name).read_text(encoding="utf-8").startswith("# The M")
            assert data.joinpath(name.replace(".yaml", ".json")).read_text(encoding="utf-8").startswith("{")

    def test_json_mirrors_are_current(self, tmp_path: Path) -> None:
        """Each JSON mirror is what write_json_mirrors() makes from its YAML file now.

        If this fails after editing a YAML file, run
        ``python -c "from matframework.documents.bundled import write_json_mirrors as w; w('src/matframework/documents/data')"``.
        """
        for path in write_json_mirrors(tmp_path):
            assert files("matframework.documents.data").joinpath(path.name).read_text(
                encoding="utf-8"
            ) == path.read_text(encoding="utf-8")

    def test_bundled_objects_equal_the_converted_yaml(self) -> None:
        """The fast builder behind assurance_framework() gives what the converter makes of the YAML."""
        text = read_data_text("assurance-framework.yaml")
        assert loads(text, matframework.Framework) == matframework.assurance_framework()
        improvement = _yaml.load(read_data_text("improvement-framework.yaml"), trusted=True, max_bytes=0)
        del improvement["schema"]
        assert (
            structure(improvement, matframework.ImprovementFramework) == matframework.improvement_framework()
        )


class TestImportHygiene:
    def test_import_loads_nothing_until_asked(self) -> None:
        """``import matframework`` loads none of its modules; the bundled framework loads only what it needs.

        assurance_framework() reads the JSON mirror through the one converter:
        no YAML parser, and no document type but the framework (and the
        assessment, whose hooks the converter names).
        """
        code = (
            "import sys, matframework; before = sorted(m for m in sys.modules if m.startswith('matframework')); "
            "matframework.assurance_framework(); "
            "after = sorted(m for m in sys.modules if m.startswith(('matframework', 'ruamel'))); "
            "print(' '.join(before)); print(' '.join(after)); print('cattrs' in sys.modules)"
        )
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        before, after, converter_loaded = done.stdout.splitlines()
        assert "matframework" == before
        assert {
            "matframework",
            "matframework.documents",
            "matframework.documents.bundled",
            "matframework.documents.converters",
            "matframework.documents.data",
            "matframework.documents.registry",
            "matframework.errors",
            "matframework.model",
            "matframework.model._checks",
            "matframework.model._display",
            "matframework.model._lookup",
            "matframework.model.assessment",
            "matframework.model.evidence",
            "matframework.model.framework",
            "matframework.model.rating",
            "matframework.model.signoff",
        } == set(after.split())
        assert "True" == converter_loaded

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


class TestLayers:
    def test_import_graph_has_no_cycle_but_the_display_hook(self) -> None:
        """Apart from the declared notebook display hook, no chain of imports leads back to where it started."""
        grimp = pytest.importorskip("grimp")
        graph = grimp.build_graph("matframework")
        hook = ("matframework.model._display", "matframework.views.notebook")
        edges = {
            module: {
                imported
                for imported in graph.find_modules_directly_imported_by(module)
                if (module, imported) != hook
            }
            for module in graph.modules
        }
        cycles = []
        state: dict[str, int] = {}  # 1 while on the current path, 2 when done

        def visit(module: str, path: list[str]) -> None:
            state[module] = 1
            for imported in sorted(edges[module]):
                if state.get(imported) == 1:
                    cycles.append([*path[path.index(imported) :], imported])
                elif imported not in state:
                    visit(imported, [*path, imported])
            state[module] = 2

        for module in sorted(edges):
            if module not in state:
                visit(module, [module])
        assert [] == cycles

    def test_the_hook_is_the_one_declared_upward_import(self) -> None:
        """The display hook really is lazy: importing the model loads no view."""
        code = (
            "import sys, matframework.model.assessment, matframework.analysis.profiles; "
            "print(sorted(m for m in sys.modules if m.startswith('matframework.views')))"
        )
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        assert "[]" == done.stdout.strip()

    def test_writing_csv_needs_no_yaml_parser(self) -> None:
        """The CSV format loads the converter but never ruamel.yaml."""
        code = "import sys, matframework.exchange.csvfile; print('ruamel' in ' '.join(sys.modules))"
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        assert "False" == done.stdout.strip()
