"""Writing files safely: atomically, beside the target, keeping its permissions.

Every writer in matframework (documents, CSV, workbooks, reports, templates)
goes through here, so none of them needs a YAML parser or a converter to
write a file.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from collections.abc import Iterator
from pathlib import Path

__all__ = ["replacing", "write_atomic"]


def __dir__() -> list[str]:
    return __all__


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file and :func:`os.replace`.

    An existing file keeps its permission bits; a new one gets the usual
    ones (``0o666`` less the process umask), not a temporary file's ``0o600``.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    with (
        replacing(path) as temporary,
        os.fdopen(os.open(temporary, flags, 0o666), "w", encoding="utf-8", newline="\n") as stream,
    ):
        stream.write(text)
        stream.flush()
        os.fsync(stream.fileno())


@contextlib.contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """Give a fresh temporary path beside ``path`` that replaces it when the block succeeds.

    The replacement takes the permission bits of the file it replaces; if the
    block fails, the temporary file is removed and ``path`` is untouched.
    """
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    try:
        yield temporary
        with contextlib.suppress(FileNotFoundError):
            temporary.chmod(stat.S_IMODE(path.stat().st_mode))
        temporary.replace(path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
