"""Documents made of lists of records, described once for every table format (CSV files, worksheets).

An evidence file is a list of evidence records; a plan is two lists, its
priorities and its actions; an assessment carries three lists besides its
ratings (evidence records, its change log, its approvals). Each list is a
:class:`Table` whose columns come from the fields of its record class, so a
field added to the model reaches every table format without being listed
here again. A column's *kind* says how a cell holds it: text, a date, a
number, true or false, one of a few choices, or a list (one cell per item in
a worksheet, JSON text in a CSV cell).

Reading builds the plain document the YAML and JSON path reads and hands it to
the one converter, as ``_flat`` does for the ratings.
"""

from __future__ import annotations

import datetime as dt
import enum
import math
import types
import typing
from typing import Any

import attrs

from matframework.documents.converters import unstructure
from matframework.model.assessment import Assessment
from matframework.model.evidence import Evidence, EvidenceFile
from matframework.model.plan import Action, ImprovementPlan, Priority
from matframework.model.signoff import Approval, Change

__all__ = [
    "ASSESSMENT_LAYOUT",
    "ASSESSMENT_TABLES",
    "LAYOUTS",
    "Column",
    "Layout",
    "Table",
    "columns_of",
    "layout_of",
    "parse_bool",
    "parse_number",
]


@attrs.frozen
class Column:
    """One field of a record as a table column."""

    name: str
    kind: str
    choices: tuple[str, ...] = ()
    required: bool = False

    @property
    def header(self) -> str:
        """Its heading in a worksheet (``success_criteria`` → ``Success criteria``)."""
        return self.name.replace("_", " ").capitalize()


def _column(field: attrs.Attribute[Any]) -> Column:
    kind: Any = field.type
    required = field.default is attrs.NOTHING
    if typing.get_origin(kind) in (typing.Union, types.UnionType):
        kind = next(arg for arg in typing.get_args(kind) if arg is not type(None))
    name = field.alias or field.name
    if kind is dt.date:
        return Column(name, "date", required=required)
    if kind is bool:
        return Column(name, "bool", required=required)
    if kind in (int, float):
        return Column(name, "number", required=required)
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return Column(name, "choice", tuple(unstructure(member) for member in kind), required=required)
    if typing.get_origin(kind) is tuple:
        return Column(name, "list", required=required)
    return Column(name, "text", required=required)


_COLUMNS: dict[type[Any], tuple[Column, ...]] = {}


def columns_of(cls: type[Any]) -> tuple[Column, ...]:
    """The columns of a record class, one per field, in the order the class declares them."""
    if cls not in _COLUMNS:
        attrs.resolve_types(cls)
        _COLUMNS[cls] = tuple(_column(field) for field in attrs.fields(cls))
    return _COLUMNS[cls]


@attrs.frozen
class Table:
    """One list of records in a document: the field that holds it and the class of its records."""

    key: str
    record: type[Any]
    singular: str

    @property
    def columns(self) -> tuple[Column, ...]:
        return columns_of(self.record)


@attrs.frozen
class Layout:
    """A document that is a head (a few single values) and one or more tables of records."""

    name: str
    cls: type[Any]
    tables: tuple[Table, ...]
    title: str

    @property
    def head(self) -> tuple[Column, ...]:
        """The document's own fields that are not tables."""
        keys = {table.key for table in self.tables}
        return tuple(column for column in columns_of(self.cls) if column.name not in keys)

    @property
    def csv_tag(self) -> str:
        return f"matframework/{self.name}-csv@1"

    def sheet_tag(self, table: Table) -> str:
        return f"matframework/{self.name}-{table.key}-sheet@1"

    def table(self, key: str) -> Table | None:
        return next((table for table in self.tables if table.key == key), None)


_EVIDENCE = Table("records", Evidence, "evidence record")

LAYOUTS: dict[type[Any], Layout] = {
    EvidenceFile: Layout("evidence", EvidenceFile, (_EVIDENCE,), "Evidence"),
    ImprovementPlan: Layout(
        "plan",
        ImprovementPlan,
        (Table("priorities", Priority, "priority"), Table("actions", Action, "action")),
        "Plan",
    ),
}
"""The documents that table formats hold as lists of records, by class."""

ASSESSMENT_TABLES = (
    Table("evidence", Evidence, "evidence record"),
    Table("changes", Change, "change"),
    Table("approvals", Approval, "approval"),
)
"""The lists an assessment carries besides its ratings; a worksheet gives each a sheet of its own."""

ASSESSMENT_LAYOUT = Layout("assessment", Assessment, ASSESSMENT_TABLES, "Assessment")
"""The tags of an assessment's record sheets (its ratings have a layout of their own)."""


def layout_of(cls: type[Any]) -> Layout:
    """The layout of a document class.

    Raises:
        TypeError: Table formats hold no such document.
    """
    try:
        return LAYOUTS[cls]
    except KeyError:
        names = ", ".join(["Assessment", *(c.__name__ for c in LAYOUTS)])
        msg = f"table formats hold {names}; not {cls.__name__}"
        raise TypeError(msg) from None


def parse_number(text: str) -> float | int | None:
    """A number typed as text (``1500``, ``99.5``), or ``None`` if it is not a finite number."""
    try:
        number = float(text) if any(c in text for c in ".eE") else int(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def parse_bool(text: str) -> bool | None:
    """``true``/``yes`` or ``false``/``no`` typed as text (any case), or ``None`` for anything else."""
    return {"true": True, "yes": True, "false": False, "no": False}.get(text.strip().casefold())
