"""Optional dependencies, imported only when a function that needs them is called."""

from __future__ import annotations

import importlib
from types import ModuleType

from matframework.errors import MissingDependencyError

__all__ = ["require"]


def require(module: str, *, extra: str, feature: str) -> ModuleType:
    """Import ``module``, or raise :class:`MissingDependencyError` naming the extra to install."""
    try:
        return importlib.import_module(module)
    except ImportError:
        msg = (
            f"{feature} needs {module.split('.', maxsplit=1)[0]}, which is not installed; install the "
            f'"{extra}" extra: from a checkout of matframework, pip install ".[{extra}]" '
            f"(matframework is not on the Python Package Index yet)"
        )
        raise MissingDependencyError(msg) from None
