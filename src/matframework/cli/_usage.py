"""The one error the command modules share with the parser: a command called without what it needs."""

from __future__ import annotations

__all__ = ["_UsageError"]


class _UsageError(Exception):
    """A command was called without what it needs (exit status 2, with the usage line)."""
