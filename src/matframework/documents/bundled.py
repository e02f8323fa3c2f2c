"""The frameworks that ship with matframework.

Each is read once from the package's data files and cached; the objects are
immutable, so every caller shares them safely.

The YAML files in ``matframework/documents/data/`` are the ones people read and edit.
Beside each ships a JSON mirror of the same data (``*.json``), which is what
the functions here read: JSON parses some fifty times faster than YAML, so
:func:`assurance_framework` needs no YAML parser. The mirror goes through the
one converter, like every document from a user. The test suite checks that
every mirror equals its YAML file; :func:`write_json_mirrors` rewrites them.
"""

from __future__ import annotations

import functools
import json
import pkgutil
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from matframework.errors import IncomparableError, UnknownFrameworkError, ValidationError
from matframework.model.assessment import Assessment, require_framework
from matframework.model.framework import Framework

if TYPE_CHECKING:
    from matframework.model.improvement import ImprovementFramework

__all__ = [
    "assurance_framework",
    "framework_for",
    "improvement_framework",
    "read_data_text",
    "write_json_mirrors",
]

_DATA_FILES = ("assurance-framework", "improvement-framework")


def __dir__() -> list[str]:
    return __all__


def read_data_text(name: str) -> str:
    """Return the text of the bundled data file ``name`` (e.g. ``"assurance-framework.yaml"``).

    Example:
        >>> read_data_text("assurance-framework.yaml").splitlines()[0]
        '# The MAT Assurance Framework, bundled by matframework.'
        >>> import json
        >>> json.loads(read_data_text("assurance-framework.json"))["schema"]
        'matframework/framework@1'

    .. versionadded:: 0.1.0
    """
    data = pkgutil.get_data("matframework.documents.data", name)
    if data is None:  # pragma: no cover - only for loaders that cannot read files
        msg = f"cannot read the bundled data file {name!r}"
        raise FileNotFoundError(msg)
    return data.decode("utf-8")


def _read_mirror(stem: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(read_data_text(f"{stem}.json"))
    del data["schema"]
    return data


@functools.cache
def assurance_framework() -> Framework:
    """Return the MAT Assurance Framework bundled with matframework.

    Six headings, fourteen elements (1A to 6B) and 76 criteria, in the
    authors' wording. The result is cached and immutable.

    Example:
        >>> from matframework import assurance_framework
        >>> fw = assurance_framework()
        >>> [(h.number, h.title) for h in fw.headings][:2]
        [(1, 'Vision, culture and ethos'), (2, 'People and partners')]
        >>> fw.element("1B").focus_areas
        ('Pupil/School Needs', 'Link to MAT priorities', 'Approach to school improvement for different schools')

    .. versionadded:: 0.1.0
    """
    from matframework.documents.converters import structure  # noqa: PLC0415 - keeps import light

    return structure(_read_mirror("assurance-framework"), Framework)


def framework_for(assessments: Iterable[Assessment], framework: Framework | None = None) -> Framework:
    """Return the framework that ``assessments`` rate: the one passed, or the bundled one if they name it.

    Views (the report, frames, plots) call this, so that a trust's own
    framework is never shown with the bundled titles.

    Args:
        assessments: The assessments to show.
        framework: The framework they rate, when the caller has it.

    Raises:
        IncomparableError: ``framework`` is given and some assessment rates another one, or
            none is given and the assessments rate different frameworks.
        UnknownFrameworkError: None is given and the assessments rate a framework that is not
            bundled; the message says to pass it.

    Example:
        >>> import attrs
        >>> from matframework import FrameworkRef, examples
        >>> ours = attrs.evolve(examples.trust_assessments()[-1], framework=FrameworkRef(id="oak-framework", version="2"))
        >>> try:
        ...     framework_for([ours])
        ... except UnknownFrameworkError as error:
        ...     print(str(error).split("; ")[1])
        pass that framework (framework=load_framework(...))

    .. versionadded:: 0.1.0
    """
    group = list(assessments)
    if framework is not None:
        require_framework(group, framework)
        return framework
    bundled = assurance_framework()
    refs = {(a.framework.id, a.framework.version) for a in group}
    if len(refs) > 1:
        named = ", ".join(f"{id_} version {version}" for id_, version in sorted(refs))
        msg = (
            f"the assessments rate different frameworks ({named}); show one framework's assessments at a time"
        )
        raise IncomparableError(msg)
    for assessment in group:
        if not assessment.rates(bundled):
            msg = (
                f"the assessment of {assessment.subject.name!r} rates {assessment.framework.id} version "
                f"{assessment.framework.version}, which is not bundled with matframework; pass that framework "
                "(framework=load_framework(...))"
            )
            raise UnknownFrameworkError(msg)
    return bundled


@functools.cache
def improvement_framework() -> ImprovementFramework:
    """Return the MAT improvement framework bundled with matframework.

    The drivers, vision priorities, practice areas with the column of the
    article's table they stand in, impact tips, professional-development
    domains and review checklist, in the article's order and wording. The
    result is cached and immutable.

    Example:
        >>> from matframework import ImprovementMode, improvement_framework
        >>> imp = improvement_framework()
        >>> [a.area for a in imp.areas_in(ImprovementMode.AUTONOMY)][:2]
        ['Implementing the school improvement plan', 'Adapting curriculum and behaviour management to meet the school context']
        >>> imp.pd_domains[0]
        'Acquiring and deepening knowledge (both subject knowledge and pedagogical practice)'

    .. versionadded:: 0.1.0
    """
    from matframework.documents.converters import structure  # noqa: PLC0415 - keeps import light
    from matframework.model.improvement import ImprovementFramework  # noqa: PLC0415 - keeps import light

    return structure(_read_mirror("improvement-framework"), ImprovementFramework)


def write_json_mirrors(directory: str | Path) -> list[Path]:
    """Write the JSON mirror of each bundled YAML file into ``directory``; return the paths.

    Run it on ``src/matframework/documents/data`` after editing a YAML file there; the
    test suite fails until the mirrors match. Both files are checked against
    the model first, so a broken edit is reported with its line and column.

    Example:
        >>> import json, tempfile
        >>> paths = write_json_mirrors(tempfile.mkdtemp())
        >>> [p.name for p in paths]
        ['assurance-framework.json', 'improvement-framework.json']
        >>> json.loads(paths[0].read_text("utf-8"))["id"]
        'mat-assurance-framework'

    .. versionadded:: 0.1.0
    """
    from matframework._files import write_atomic  # noqa: PLC0415 - only for maintainers
    from matframework.documents import _yaml  # noqa: PLC0415 - only for maintainers
    from matframework.documents.converters import structure  # noqa: PLC0415 - only for maintainers
    from matframework.model.improvement import ImprovementFramework  # noqa: PLC0415 - only for maintainers

    written = []
    for stem, into in zip(_DATA_FILES, (Framework, ImprovementFramework), strict=True):
        text = read_data_text(f"{stem}.yaml")
        data = _yaml.load(text, max_bytes=0, trusted=True)
        try:
            structure({key: value for key, value in data.items() if key != "schema"}, into)
        except ValidationError as error:
            raise _yaml.with_positions(error, text, f"matframework/documents/data/{stem}.yaml") from None
        path = Path(directory) / f"{stem}.json"
        mirror = json.dumps(data, ensure_ascii=False, indent=2)
        write_atomic(path, mirror + "\n")
        written.append(path)
    return written
