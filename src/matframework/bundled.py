"""The frameworks that ship with matframework.

Each is read once from the package's data files and cached; the objects are
immutable, so every caller shares them safely.
"""

from __future__ import annotations

import functools
from importlib.resources import files

from matframework.framework import Framework
from matframework.improvement import ImprovementFramework
from matframework.io import _loads

__all__ = ["assurance_framework", "improvement_framework", "read_data_text"]


def __dir__() -> list[str]:
    return __all__


def read_data_text(name: str) -> str:
    """Return the text of the bundled data file ``name`` (e.g. ``"assurance-framework.yaml"``).

    .. versionadded:: 0.1.0
    """
    return files("matframework.data").joinpath(name).read_text(encoding="utf-8")


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
    name = "assurance-framework.yaml"
    return _loads(
        read_data_text(name), Framework, file=f"matframework/data/{name}", max_bytes=0, trusted=True
    )


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
    name = "improvement-framework.yaml"
    return _loads(
        read_data_text(name),
        ImprovementFramework,
        file=f"matframework/data/{name}",
        max_bytes=0,
        trusted=True,
    )
