"""Reading and writing files safely: bounded reads, atomic writes that keep what is there, locks.

Every reader and writer in matframework (documents, CSV, workbooks, CASE
packages, reports, templates) goes through here, so none of them needs a YAML
parser or a converter to touch a file, and each gets the same guarantees:

- **writes are atomic**: the new content goes to a temporary file beside the
  target, which then replaces it in one step; a crash leaves the old file or
  the new one, never half of either;
- **the user's file is the one written**: a symbolic link is followed and its
  target replaced (the link stays); an existing file keeps its permission bits
  and, where the process may set them, its owner and group; a read-only file
  is refused unless the caller says to overwrite it; a file with several hard
  links has the new content copied into it, so all its names see it (that one
  case is not atomic: the complete new content is written beside it first);
- **nothing is left behind**: a failed write removes its temporary file, and a
  temporary file left by a writer that was killed (recognisable by its name,
  which holds the writer's process id) is swept by the next write beside it;
- **edits in place lose no update**: :func:`locked` holds an advisory lock
  from reading a file to replacing it, and :func:`replace_if_unchanged` refuses
  to replace a file that changed meanwhile;
- **errors are ours**: every :class:`OSError` becomes a
  :class:`~matframework.errors.FileError` naming the path, and every read is
  bounded (:func:`read_bytes`) and decoded by its byte order mark
  (:func:`decode`), anything undecodable refused with the byte offset.
"""

from __future__ import annotations

import codecs
import contextlib
import io
import os
import re
import stat
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from matframework.errors import FileError, Problem, ValidationError

__all__ = [
    "DEFAULT_MAX_BYTES",
    "TextFile",
    "decode",
    "locked",
    "open_text",
    "read_bytes",
    "read_text",
    "replace_if_unchanged",
    "replacing",
    "target_of",
    "write_atomic",
    "writing_text",
]


def __dir__() -> list[str]:
    return __all__


DEFAULT_MAX_BYTES = 5_000_000
"""Files and texts larger than this many bytes are refused before they are parsed (every reader's
``max_bytes`` can raise it)."""

_TEMPORARY = re.compile(r"\.(?P<name>.+)\.(?P<pid>[0-9]+)\.[0-9a-f]{12}\.matframework-tmp")
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _failed(path: str | os.PathLike[str], action: str, error: OSError | ValueError) -> FileError:
    reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
    return FileError(os.fspath(path), f"cannot {action} {os.fspath(path)}: {reason}")


def target_of(path: str | os.PathLike[str]) -> Path:
    """The file a write to ``path`` should replace: ``path`` itself, or the end of its symbolic links.

    Raises:
        FileError: The path is not a usable file name (it holds a NUL byte, or its links loop).
    """
    name = os.fspath(path)
    if "\x00" in name:
        raise FileError(name, f"cannot use {name!r}: a file name cannot hold a NUL character")
    try:
        return Path(os.path.realpath(name, strict=False))
    except (OSError, ValueError) as error:
        raise _failed(name, "resolve", error) from None


_CHUNK = 1 << 20


def _larger_than(stream: BinaryIO, max_bytes: int) -> bool:
    """Whether ``stream`` is a regular file already over ``max_bytes``: refused before a byte is read.

    Devices, pipes and files that grow while read are still bounded as they are read.
    """
    status = os.fstat(stream.fileno())
    return stat.S_ISREG(status.st_mode) and status.st_size > max_bytes


def _read_at_most(stream: BinaryIO, limit: int) -> bytes:
    """Up to ``limit`` bytes of ``stream``, read in chunks.

    ``read(limit)`` sets aside ``limit`` bytes at once, so a generous limit (``max_bytes=10**11``)
    failed with MemoryError even on a small file.
    """
    parts: list[bytes] = []
    left = limit
    while left > 0:
        part = stream.read(min(left, _CHUNK))
        if not part:
            break
        parts.append(part)
        left -= len(part)
    return b"".join(parts)


def read_bytes(path: str | os.PathLike[str], *, max_bytes: int) -> bytes:
    """Read at most ``max_bytes`` bytes of the file at ``path``, refusing a larger one before reading it all.

    Works on endless files (``/dev/zero``) and pipes: no more than ``max_bytes + 1`` bytes are read.

    Raises:
        FileError: The file cannot be read.
        ValidationError: It is larger than ``max_bytes``.
    """
    name = os.fspath(path)
    if "\x00" in name:
        raise FileError(name, f"cannot read {name!r}: a file name cannot hold a NUL character")
    try:
        with open(name, "rb") as stream:  # noqa: PTH123 - a plain open reads devices and pipes too
            over = _larger_than(stream, max_bytes)
            raw = b"" if over else _read_at_most(stream, max_bytes + 1)
    except (OSError, ValueError) as error:
        raise _failed(name, "read", error) from None
    if over or len(raw) > max_bytes:
        raise _over_limit(name, max_bytes)
    return raw


class TextFile:
    r"""A text file as read: its text (with ``\\n`` line ends), and how to write it back the same way.

    Attributes:
        text: The text, its line ends made ``\\n``.
        encoding: The encoding its byte order mark named, or ``"utf-8"``.
        bom: Whether it started with a byte order mark.
        newline: Its line end: ``"\\r\\n"`` when its lines ended so, else ``"\\n"``.
    """

    __slots__ = ("bom", "decoded", "encoding", "newline", "raw", "text")

    def __init__(self, raw: bytes, text: str, encoding: str, *, bom: bool) -> None:
        self.raw = raw
        self.decoded = text  # as in the file, line ends and all (a CSV keeps CR inside its cells)
        self.encoding = encoding
        self.bom = bom
        self.newline = "\r\n" if "\r\n" in text else "\n"
        self.text = text.replace("\r\n", "\n") if self.newline == "\r\n" else text

    def encode(self, text: str) -> bytes:
        r"""``text`` (with ``\\n`` line ends) in this file's encoding, line ends and byte order mark."""
        if self.newline != "\n":
            text = text.replace("\n", self.newline)
        body = text.encode(self.encoding)
        if not self.bom:
            return body
        mark = next(bom for bom, encoding in _BOMS if encoding == self.encoding)
        return mark + body


def decode(raw: bytes, *, file: str | None = None) -> TextFile:
    """Decode file bytes by their byte order mark (UTF-8, UTF-16, UTF-32), else as UTF-8.

    Raises:
        ValidationError: The bytes are not text in that encoding; the problem gives the byte offset.
    """
    encoding, skip = "utf-8", 0
    for bom, name in _BOMS:
        if raw.startswith(bom):
            encoding, skip = name, len(bom)
            break
    try:
        text = raw[skip:].decode(encoding)
    except UnicodeDecodeError as error:
        where = skip + error.start
        label = "UTF-8" if encoding == "utf-8" else encoding.upper()
        raise ValidationError(
            [
                Problem(
                    message=f"the file is not {label} text: byte {where} (0x{raw[where]:02x}) cannot be read",
                    expected="UTF-8 text (or UTF-16 or UTF-32 with a byte order mark)",
                )
            ],
            file=file,
        ) from None
    return TextFile(raw, text, encoding, bom=skip > 0)


def read_text(path: str | os.PathLike[str], *, max_bytes: int) -> TextFile:
    """Read and decode the text file at ``path`` (bounded by ``max_bytes``); see :func:`decode`."""
    return decode(read_bytes(path, max_bytes=max_bytes), file=os.fspath(path))


class _Bounded(io.RawIOBase):
    """A binary stream that gives at most ``limit`` bytes of another and then says it is over the limit."""

    def __init__(self, stream: BinaryIO, limit: int) -> None:
        self.stream = stream
        self.left = limit
        self.over = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer)
        part = self.stream.read(min(len(view), self.left + 1))
        if len(part) > self.left:
            self.over = True
            raise _OverLimitError
        view[: len(part)] = part
        self.left -= len(part)
        return len(part)


class _OverLimitError(Exception):
    """Raised inside :func:`open_text` when the file goes past its limit."""


def _over_limit(name: str, max_bytes: int) -> ValidationError:
    return ValidationError(
        [
            Problem(
                message=f"the file is over the limit of {max_bytes:,} bytes",
                expected=f"at most {max_bytes:,} bytes (raise max_bytes to allow more)",
            )
        ],
        file=name,
    )


@contextlib.contextmanager
def open_text(path: str | os.PathLike[str], *, max_bytes: int, newline: str | None = "") -> Iterator[TextIO]:
    """Open the text file at ``path`` for reading as a stream, bounded by ``max_bytes`` and decoded as :func:`decode` does.

    Nothing is held but what the reader holds: a national CSV file is read row by row. Past
    ``max_bytes`` the block is stopped with the same :class:`~matframework.errors.ValidationError`
    as :func:`read_bytes` gives; bytes that cannot be decoded get the same problem, with the byte
    offset, as :func:`decode` gives (the file is read again, bounded, to find it).

    Raises:
        FileError: The file cannot be read.
        ValidationError: It is over ``max_bytes``, or is not text.
    """
    name = os.fspath(path)
    if "\x00" in name:
        raise FileError(name, f"cannot read {name!r}: a file name cannot hold a NUL character")
    try:
        raw = open(name, "rb")  # noqa: PTH123, SIM115 - a plain open reads devices and pipes too; closed below
    except (OSError, ValueError) as error:
        raise _failed(name, "read", error) from None
    with raw:
        try:
            over = _larger_than(raw, max_bytes)
        except OSError as error:
            raise _failed(name, "read", error) from None
        if over:
            raise _over_limit(name, max_bytes)
        bounded = _Bounded(raw, max_bytes)
        buffered = io.BufferedReader(bounded, _CHUNK)
        try:
            start = buffered.peek(4)[:4]
            encoding, skip = "utf-8", 0
            for bom, found in _BOMS:
                if start.startswith(bom):
                    encoding, skip = found, len(bom)
                    break
            buffered.read(skip)
            with io.TextIOWrapper(buffered, encoding=encoding, errors="strict", newline=newline) as text:
                yield text
        except _OverLimitError:
            raise _over_limit(name, max_bytes) from None
        except UnicodeDecodeError:
            decode(read_bytes(name, max_bytes=max_bytes), file=name)
            raise  # pragma: no cover - decoding the whole file fails where the stream did
        except OSError as error:
            raise _failed(name, "read", error) from None


@contextlib.contextmanager
def writing_text(path: str | os.PathLike[str], *, overwrite_read_only: bool = False) -> Iterator[TextIO]:
    """Write UTF-8 text to ``path`` as a stream, atomically: the file is replaced only when the block ends well.

    The stream writes line ends as given (``newline=""``). What :func:`write_atomic` keeps,
    this keeps (see the module); and only the stream's buffer is held, whatever is written.

    Raises:
        FileError: The file cannot be written.
    """
    with replacing(path, overwrite_read_only=overwrite_read_only) as temporary:
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
        descriptor = os.open(temporary, flags, 0o666)
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())


def write_atomic(
    path: str | os.PathLike[str],
    content: str | bytes,
    *,
    overwrite_read_only: bool = False,
) -> None:
    r"""Write ``content`` (text as UTF-8 with ``\\n`` line ends, or bytes as they are) to ``path`` atomically.

    See the module's description for what is kept: a symbolic link is followed, the file's
    permission bits and (where permitted) owner stay, and a read-only file is refused unless
    ``overwrite_read_only`` is true. A new file gets the usual permissions (``0o666`` less the
    process umask).

    Raises:
        FileError: The file cannot be written (the message names it and says why).
    """
    data = content.encode("utf-8") if isinstance(content, str) else content
    with replacing(path, overwrite_read_only=overwrite_read_only) as temporary:
        _write_new(temporary, data)


def _write_new(temporary: Path, data: bytes) -> None:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    descriptor = os.open(temporary, flags, 0o666)
    with os.fdopen(descriptor, "wb") as stream:
        stream.write(data)
        stream.flush()
        os.fsync(stream.fileno())


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists, but belongs to someone else (or this platform cannot tell)
        return True
    return True


def _sweep(target: Path) -> None:
    """Remove temporary files left beside ``target`` by writers that are no longer running."""
    with contextlib.suppress(OSError):
        for entry in os.scandir(target.parent):
            match = _TEMPORARY.fullmatch(entry.name)
            if match and match.group("name") == target.name and not _alive(int(match.group("pid"))):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)  # noqa: PTH108 - a directory entry, by its path


@contextlib.contextmanager
def replacing(path: str | os.PathLike[str], *, overwrite_read_only: bool = False) -> Iterator[Path]:
    """Give a fresh temporary path beside the target of ``path``; it replaces the target when the block succeeds.

    The replacement takes the permission bits, and where permitted the owner and group, of the
    file it replaces; if the block fails (or is interrupted), the temporary file is removed and
    the target is untouched.

    Raises:
        FileError: The target is read-only (and ``overwrite_read_only`` is false), or cannot be written.
    """
    target = target_of(path)
    try:
        before: os.stat_result | None = target.stat()
    except FileNotFoundError:
        before = None
    except OSError as error:
        raise _failed(path, "write", error) from None
    if before is not None and not stat.S_ISREG(before.st_mode):
        raise FileError(os.fspath(path), f"cannot write {os.fspath(path)}: it is not a regular file")
    if before is not None and not overwrite_read_only and not before.st_mode & stat.S_IWUSR:
        raise FileError(
            os.fspath(path),
            f"cannot write {os.fspath(path)}: the file is read-only (pass overwrite_read_only=True to replace it)",
        )
    _sweep(target)
    # os.urandom, as secrets.token_hex draws on, without importing hashlib and OpenSSL at start-up
    temporary = target.with_name(f".{target.name}.{os.getpid()}.{os.urandom(6).hex()}.matframework-tmp")
    try:
        yield temporary
        if before is not None:
            os.chmod(temporary, stat.S_IMODE(before.st_mode))  # noqa: PTH101 - by path, as written
            if hasattr(os, "chown"):
                with contextlib.suppress(PermissionError):
                    os.chown(temporary, before.st_uid, before.st_gid)
        if before is not None and before.st_nlink > 1:
            _copy_into(temporary, target)  # every name of a hard-linked file sees the new content
            os.unlink(temporary)  # noqa: PTH108
        else:
            os.replace(temporary, target)  # noqa: PTH105 - the one atomic step
        _sync_directory(target.parent)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)  # noqa: PTH108
        raise _failed(path, "write", error) from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)  # noqa: PTH108
        raise


def _copy_into(source: Path, target: Path) -> None:
    """Write ``source``'s bytes into the existing file ``target`` (same file, so its other names see them).

    Used only for a file with several hard links, which a replacement would split from its other
    names; this copy is not atomic, so the complete new content stays in ``source`` until it is done.
    """
    with open(source, "rb") as new, open(target, "r+b") as old:  # noqa: PTH123 - byte copies by path
        data = new.read()
        old.seek(0)
        old.write(data)
        old.truncate()
        old.flush()
        os.fsync(old.fileno())


def _sync_directory(directory: Path) -> None:
    """Make the replacement itself durable (POSIX); nothing to do where directories cannot be opened."""
    if sys.platform == "win32":  # pragma: no cover - depends on the platform
        return
    with contextlib.suppress(OSError):
        descriptor = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


@contextlib.contextmanager
def locked(path: str | os.PathLike[str]) -> Iterator[None]:
    """Hold an advisory lock for an edit of the file at ``path``, from reading it to replacing it.

    On POSIX the lock is ``flock`` on the file's folder (the file itself is replaced, so it
    cannot carry the lock); on Windows, ``msvcrt`` on a lock file beside it. Every edit in
    place by matframework takes it, so two edits of one file run one after the other.

    Raises:
        FileError: The folder cannot be opened to lock.
    """
    target = target_of(path)
    if sys.platform == "win32":  # pragma: no cover - depends on the platform
        import msvcrt  # noqa: PLC0415 - Windows only

        lock_path = target.with_name(f".{target.name}.matframework-lock")
        with open(lock_path, "a+b") as stream:  # noqa: PTH123
            msvcrt.locking(stream.fileno(), msvcrt.LK_LOCK, 1)
            try:
                yield
            finally:
                msvcrt.locking(stream.fileno(), msvcrt.LK_UNLCK, 1)
        return
    import fcntl  # noqa: PLC0415 - POSIX only

    try:
        descriptor = os.open(target.parent, os.O_RDONLY)
    except OSError as error:
        raise _failed(target.parent, "lock", error) from None
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # closing releases the lock


def replace_if_unchanged(
    path: str | os.PathLike[str], old: bytes, new: bytes, *, overwrite_read_only: bool = False
) -> None:
    """Replace the file at ``path`` with ``new`` only if it still holds ``old`` (call inside :func:`locked`).

    Raises:
        FileError: The file changed since it was read (so the edit would lose that change), or
            cannot be written.
    """
    try:
        now = Path(target_of(path)).read_bytes()
    except OSError as error:
        raise _failed(path, "read", error) from None
    if now != old:
        raise FileError(
            os.fspath(path),
            f"{os.fspath(path)} changed while it was being edited; nothing was written (read it again and retry)",
        )
    write_atomic(path, new, overwrite_read_only=overwrite_read_only)
