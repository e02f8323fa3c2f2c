"""The notebook display hook, kept apart so that defining a class does not load the renderers."""

from __future__ import annotations

__all__ = ["attach", "repr_html", "text_on"]


def repr_html(self: object) -> str:
    """Return ``self`` as compact HTML; Jupyter calls this as ``_repr_html_``.

    The renderers in :mod:`matframework.views.notebook` are imported on first display.
    """
    from matframework.views.notebook import render  # noqa: PLC0415 - only when something is displayed

    return render(self)


def attach(*classes: type) -> None:
    """Give each class the notebook display hook, for classes that do not name it in their body."""
    for cls in classes:
        setattr(cls, "_repr_html_", repr_html)  # noqa: B010 - set once, on the class


def text_on(colour: str) -> str:
    """Black or white, whichever reads better on a fill of ``colour`` (``#c0392b``), by WCAG contrast."""
    channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]  # noqa: PLR2004 - the sRGB transfer function
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return "000000" if (luminance + 0.05) / 0.05 >= 1.05 / (luminance + 0.05) else "FFFFFF"
