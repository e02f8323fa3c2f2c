"""Look-ups by code, shared by the model and the analysis results: one error, with suggestions."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from typing import Protocol, TypeVar

from matframework.errors import UnknownElementError

__all__ = ["find_code", "nearest"]


def nearest(word: str, candidates: Sequence[str]) -> list[str]:
    """Return up to three candidates closest to ``word``: closest first, ties in the given order."""
    matcher = difflib.SequenceMatcher(b=word)
    scored: list[tuple[float, int, str]] = []
    for index, candidate in enumerate(candidates):
        matcher.set_seq1(candidate)
        scored.append((-matcher.ratio(), index, candidate))
    scored.sort()
    return [candidate for _score, _index, candidate in scored[:3]]


class _Coded(Protocol):
    @property
    def code(self) -> str: ...


_C = TypeVar("_C", bound=_Coded)


def find_code(items: Iterable[_C], code: str) -> _C:
    """Return the item of ``items`` whose ``code`` is ``code``.

    Raises:
        UnknownElementError: None has that code; the nearest codes are suggested.
    """
    listed = list(items)
    for item in listed:
        if item.code == code:
            return item
    raise UnknownElementError(
        str(code), kind="element", suggestions=nearest(str(code).upper(), [i.code for i in listed])
    )
