"""The registry of document types: one table that every part of the library reads.

A document type is a model class that people write in files. Its entry gives
the name and version in its schema tag (``schema: matframework/assessment@1``),
the name of its JSON Schema file, the name of its CLI command argument,
whether a fill-in template exists for it, and the fields its files always
write even at their default values. :func:`~matframework.load` and
:func:`~matframework.dump` read the tag from here, the schema generator and
the shipped schema files follow it, the CLI lists its names, and the
templates take their tag from it. Adding a document type is one entry.

Example:
    >>> from matframework import Assessment
    >>> entry = document_type(Assessment)
    >>> entry.tag, entry.schema_file, entry.cli_name
    ('matframework/assessment@1', 'assessment.schema.json', 'assessment')
    >>> by_tag("matframework/framework@1").cls.__name__
    'Framework'
"""

from __future__ import annotations

import functools
import importlib
import re
from typing import Any

import attrs

__all__ = ["DOCUMENT_TYPES", "TAG", "DocumentType", "by_name", "by_tag", "document_type"]


def __dir__() -> list[str]:
    return __all__


TAG = re.compile(r"matframework/([a-z][a-z0-9-]*)@([0-9]+)")
"""What every schema tag looks like: ``matframework/<name>@<version>``."""


@attrs.frozen(kw_only=True)
class DocumentType:
    """One type of document: its class and how its files name and describe it.

    Attributes:
        home: Where the model class lives, ``"module:Class"``; it is imported when first
            asked for (:attr:`cls`), so reading the registry imports no document type.
        name: The name in its schema tag and the CLI, e.g. ``"assessment"``.
        version: The version of its file format.
        template: Whether :func:`~matframework.template` makes a fill-in template of it.
        always_written: Fields its files write even at their default values (an
            assessment's ``status`` and ``ratings``, so a reader sees them).

    .. versionadded:: 0.1.0
    """

    home: str = attrs.field(validator=attrs.validators.matches_re(r"[\w.]+:\w+"))
    name: str = attrs.field(validator=attrs.validators.matches_re(r"[a-z][a-z0-9-]*"))
    version: int
    template: bool = False
    always_written: tuple[str, ...] = ()

    @property
    def cls(self) -> type[Any]:
        """The model class, e.g. :class:`~matframework.Assessment`."""
        return _import(self.home)

    @property
    def tag(self) -> str:
        """The schema tag its documents carry, e.g. ``"matframework/assessment@1"``."""
        return f"matframework/{self.name}@{self.version}"

    @property
    def schema_file(self) -> str:
        """The name of its shipped JSON Schema file, e.g. ``"assessment.schema.json"``."""
        return f"{self.name}.schema.json"

    @property
    def cli_name(self) -> str:
        """Its name on the command line (``matframework schema assessment``)."""
        return self.name


@functools.cache
def _import(home: str) -> type[Any]:
    module, _, name = home.partition(":")
    found: type[Any] = getattr(importlib.import_module(module), name)
    return found


_MODEL = "matframework.model"

DOCUMENT_TYPES: tuple[DocumentType, ...] = (
    DocumentType(home=f"{_MODEL}.framework:Framework", name="framework", version=1),
    DocumentType(
        home=f"{_MODEL}.assessment:Assessment",
        name="assessment",
        version=1,
        template=True,
        always_written=("status", "ratings"),
    ),
    DocumentType(home=f"{_MODEL}.improvement:ImprovementFramework", name="improvement", version=1),
    DocumentType(home=f"{_MODEL}.improvement:ModeClassification", name="classification", version=1),
    DocumentType(home=f"{_MODEL}.improvement:FrameworkReview", name="review", version=1),
    DocumentType(home=f"{_MODEL}.impact:Intervention", name="intervention", version=1),
    DocumentType(home=f"{_MODEL}.organisation:Organisation", name="organisation", version=1, template=True),
    DocumentType(home=f"{_MODEL}.evidence:EvidenceFile", name="evidence", version=1),
    DocumentType(home=f"{_MODEL}.plan:ImprovementPlan", name="plan", version=1, template=True),
)
"""Every document type, in the order the documentation lists them."""

_BY_HOME = {entry.home: entry for entry in DOCUMENT_TYPES}
_BY_TAG = {entry.tag: entry for entry in DOCUMENT_TYPES}
_BY_NAME = {entry.name: entry for entry in DOCUMENT_TYPES}


def document_type(cls: type[Any]) -> DocumentType:
    """Return the entry of ``cls``.

    Raises:
        TypeError: ``cls`` is not a document type; the message lists those that are.
    """
    found = _BY_HOME.get(f"{getattr(cls, '__module__', '')}:{getattr(cls, '__qualname__', '')}")
    if found is None or found.cls is not cls:
        known = ", ".join(sorted(entry.home.partition(":")[2] for entry in DOCUMENT_TYPES))
        msg = f"{cls!r} is not a matframework document type; use one of {known}"
        raise TypeError(msg)
    return found


def by_tag(tag: object) -> DocumentType | None:
    """Return the entry whose schema tag is ``tag``, or ``None``."""
    return _BY_TAG.get(tag) if isinstance(tag, str) else None


def by_name(name: str) -> DocumentType | None:
    """Return the entry called ``name`` (as in the tag and the CLI), or ``None``."""
    return _BY_NAME.get(name)
