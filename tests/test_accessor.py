"""The .mat accessor: a to_frame() DataFrame as assessments, counts, a profile and pictures."""

from __future__ import annotations

import subprocess
import sys

import matplotlib as mpl
import pandas as pd
import pytest

import matframework
from matframework import Rating, ValidationError, examples, profile
from matframework.analysis.distributions import Distribution

mpl.use("Agg")
REVIEWS = examples.school_assessments()


def test_registered_by_the_public_face() -> None:
    """Taking to_frame from matframework registers .mat, in a fresh interpreter."""
    code = (
        "import pandas as pd, matframework\n"
        "assert not hasattr(pd.DataFrame(), 'mat')\n"
        "from matframework import examples\n"
        "df = matframework.to_frame(examples.trust_assessments())\n"
        "print(len(df.mat.assessments()))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(len(examples.trust_assessments()))


def test_assessments_round_trip_with_edits() -> None:
    """The frame's assessments come back, and an edit made in pandas is kept."""
    df = matframework.to_frame(REVIEWS)
    assert df.mat.assessments() == list(REVIEWS)
    df.loc[(df.assessment == df.assessment.iloc[0]) & (df.element == "1A"), "rating"] = "Red"
    assert df.mat.assessments()[0].rating("1A") is Rating.RED


def test_distribution_counts() -> None:
    """Counts per value of ``by`` equal Distribution's counts of the same ratings, with n the rated."""
    df = matframework.to_frame(REVIEWS)
    table = df.mat.distribution(by="round")
    for round_, row in table.iterrows():
        entries = [e for a in REVIEWS if a.round == round_ for e in a.ratings]
        expected = Distribution.of_entries(entries)
        assert row[[r.label for r in Rating]].tolist() == list(expected.counts)
        assert (row["unrated"], row["not applicable"], row["n"]) == (
            expected.unrated,
            expected.not_applicable,
            expected.counted,
        )
    with pytest.raises(ValidationError, match="no such column"):
        df.mat.distribution(by="colour")


def test_profile_of_one_only() -> None:
    """A frame of one assessment gives its profile; of several, a refusal saying how many."""
    latest = examples.trust_assessments()[-1]
    assert matframework.to_frame(latest).mat.profile() == profile(latest)
    with pytest.raises(ValidationError, match=f"holds {len(REVIEWS)} assessments"):
        matframework.to_frame(REVIEWS).mat.profile()


def test_pictures() -> None:
    """The accessor draws the same pictures as the functions."""
    df = matframework.to_frame(REVIEWS)
    ours = [t.get_text() for t in df.mat.heatmap().axes[0].get_yticklabels()]
    theirs = [t.get_text() for t in matframework.plot_heatmap(REVIEWS).axes[0].get_yticklabels()]
    assert ours == theirs
    rows = [t.get_text() for t in df.mat.plot_distribution(by="subject").axes[0].get_yticklabels()]
    assert len(rows) == len({a.subject.name for a in REVIEWS})


def test_not_for_other_frames() -> None:
    """A frame without to_frame's columns has no .mat, and says what it lacks."""
    with pytest.raises(AttributeError, match="lacks assessment, subject"):
        _ = pd.DataFrame({"x": [1]}).mat
