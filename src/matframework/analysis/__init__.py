"""Analysis: distributions, profiles, comparisons, groups, moderation and effect sizes.

Everything here takes model objects, never files.
"""
