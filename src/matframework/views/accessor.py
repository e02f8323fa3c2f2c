"""The ``.mat`` accessor on pandas DataFrames made by :func:`~matframework.to_frame`.

Registered when :func:`~matframework.to_frame` or :func:`~matframework.read_frame` is first
taken from ``matframework`` (or when this module is imported), so that an analyst's frame is
the working object::

    df = matframework.to_frame(assessments)
    df.mat.distribution(by="round")     # counts per round, unrated and n/a apart
    df.mat.plot_distribution(by="subject")
    df.mat.heatmap()
    df.mat.profile()                    # a frame of one assessment
    df.mat.assessments()                # the assessments back, edits and all

A frame without the columns of :func:`~matframework.to_frame` has no ``.mat``: pandas reports
an ``AttributeError`` naming the missing columns. pandas is imported when this module is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from matframework._optional import require
from matframework.analysis.profiles import Profile, profile
from matframework.errors import Problem, ValidationError
from matframework.exchange.frames import COLUMNS, frame_distributions, read_frame
from matframework.model.assessment import Assessment
from matframework.model.framework import Framework
from matframework.model.rating import Rating
from matframework.views.plots import plot_distribution, plot_heatmap

if TYPE_CHECKING:  # pragma: no cover - for type checkers only
    import pandas as pd
    from matplotlib.figure import Figure

__all__ = ["MatAccessor"]


def __dir__() -> list[str]:
    return __all__


_pd = require("pandas", extra="analysis", feature="the .mat DataFrame accessor")


@_pd.api.extensions.register_dataframe_accessor("mat")
class MatAccessor:
    """``df.mat``: a :func:`~matframework.to_frame` DataFrame as assessments, counts and pictures.

    Example:
        >>> import matframework
        >>> from matframework import examples
        >>> df = matframework.to_frame(examples.school_assessments())
        >>> df.mat.distribution(by="round").loc["2025/26 summer", ["Red", "Green", "n"]].tolist()
        [17, 47, 154]
        >>> df.mat.assessments() == list(examples.school_assessments())
        True

    .. versionadded:: 0.2.0
    """

    def __init__(self, frame: pd.DataFrame) -> None:
        missing = [column for column in COLUMNS if column not in frame.columns]
        if missing:
            shown = ", ".join(missing[:5]) + (", ..." if len(missing) > 5 else "")  # noqa: PLR2004
            msg = f".mat needs a DataFrame from matframework.to_frame(); it lacks {shown}"
            raise AttributeError(msg)
        self._frame = frame

    def assessments(self) -> list[Assessment]:
        """The frame's assessments (:func:`~matframework.read_frame`), with any edits made in pandas."""
        return read_frame(self._frame)

    def profile(self, *, framework: Framework | None = None) -> Profile:
        """The :class:`~matframework.Profile` of the frame's one assessment.

        Raises:
            ValidationError: The frame holds more than one assessment (filter it first).
        """
        found = self.assessments()
        if len(found) != 1:
            raise ValidationError(
                [
                    Problem(
                        path=("assessment",),
                        message=f"the frame holds {len(found)} assessments",
                        expected="one assessment: filter the frame first, e.g. df[df.assessment == 0]",
                    )
                ]
            )
        return profile(found[0], framework=framework)

    def distribution(self, by: str = "element") -> pd.DataFrame:
        """Counts of each rating per value of ``by``, with unrated, not applicable and ``n`` (the rated).

        Shares are left to the analyst, of ``n``: unrated and not-applicable answers are not
        rated answers.
        """
        if by not in self._frame.columns:
            raise ValidationError(
                [Problem(path=(by,), message="no such column", expected="a column of to_frame()")]
            )
        records = [
            {by: key, **d.as_dict(), "n": d.counted} for key, d in frame_distributions(self._frame, by)
        ]
        columns = [by, *(r.label for r in Rating), "unrated", "not applicable", "n"]
        return _pd.DataFrame.from_records(records, columns=columns).set_index(by)

    def plot_distribution(self, by: str = "element", **options: Any) -> Figure:
        """:func:`~matframework.plot_distribution` of the frame, a row per value of ``by``."""
        return plot_distribution(self._frame, by=by, **options)

    def heatmap(self, by: Literal["subject", "round"] = "subject", **options: Any) -> Figure:
        """:func:`~matframework.plot_heatmap` of the frame's assessments."""
        return plot_heatmap(self.assessments(), by=by, **options)
