"""Sphinx configuration for the matframework documentation (built offline, nitpicky, warnings as errors)."""

from __future__ import annotations

import sys
from importlib.metadata import version as _version
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "_ext"))

project = "matframework"
author = "The matframework developers"
copyright = "2026, The matframework developers"  # noqa: A001 - Sphinx's name
release = _version("matframework")
version = ".".join(release.split(".")[:2])

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.doctest",
    "sphinx_copybutton",
    "framework_pages",
]
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 4
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]

html_theme = "furo"
html_title = f"matframework {release}"
html_static_path: list[str] = []

autodoc_typehints = "description"
autodoc_member_order = "bysource"
napoleon_google_docstring = True
napoleon_numpy_docstring = False
napoleon_use_rtype = False

# No intersphinx: the build is offline. Names from the standard library and
# third-party packages are left unlinked rather than reported as broken.
nitpicky = True
nitpick_ignore_regex = [
    (r"py:.*", r"(datetime|os|pathlib|collections|typing|types|enum|io|decimal|json|csv)\..*"),
    (r"py:.*", r"(attrs|cattrs|ruamel|pandas|matplotlib|numpy)(\..*)?"),
    (
        r"py:class",
        r"(str|int|float|bool|bytes|object|type|tuple|list|dict|None|Exception|ValueError|LookupError|ImportError)",
    ),
    (
        r"py:class",
        r"(T|PathPart|Any|Literal\[.*\]|Path|Figure|DataFrame|TextIO|Callable|Iterable|Sequence|Mapping|Iterator)",
    ),
    (r"py:class", r"(pd|plt)\..*"),
    (r"py:.*", r"_.*"),
    # Type variables in signatures (``loads(text, into: type[T]) -> T``) name no documented object.
    (r"py:class", r"[\w.]*\.T"),
]
doctest_global_setup = "import matframework"
