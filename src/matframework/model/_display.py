"""The notebook display hook, kept apart so that defining a class does not load the renderers."""

from __future__ import annotations

__all__ = ["repr_html"]


def repr_html(self: object) -> str:
    """Return ``self`` as compact HTML; Jupyter calls this as ``_repr_html_``.

    The renderers in :mod:`matframework.views.notebook` are imported on first display.
    """
    from matframework.views.notebook import render  # noqa: PLC0415 - only when something is displayed

    return render(self)
