"""Shared test configuration: Hypothesis profiles."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

# "thorough" is the default; "fast" is for quick local runs:
#   HYPOTHESIS_PROFILE=fast python -m pytest
settings.register_profile("thorough", max_examples=200, deadline=None)
settings.register_profile(
    "fast", max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "thorough"))
