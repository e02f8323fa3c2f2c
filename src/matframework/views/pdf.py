"""PDF from the browser's own print: a headless Chromium (or Chrome) prints the page, on A4.

The page's print stylesheet decides the layout, exactly as when a person prints
it from their browser; nothing here lays out text. Where no such browser is
installed, the error says how to print the page by hand.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from matframework._files import write_atomic
from matframework.errors import MatFrameworkError, MissingDependencyError

__all__ = ["BROWSERS", "print_to_pdf"]


def __dir__() -> list[str]:
    return __all__


BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
"""The commands looked for on ``PATH``, in order."""


def print_to_pdf(
    page: str, path: str | os.PathLike[str], *, browser: str | None = None, timeout: float = 60.0
) -> Path:
    """Print an HTML page (a report or a board pack) to a PDF file with a headless Chromium.

    The PDF is written atomically to ``path``. The browser runs with a fresh,
    temporary profile, no network access is asked for, and it is stopped after
    ``timeout`` seconds.

    Args:
        page: The HTML page.
        path: Where to write the PDF.
        browser: The browser's executable; by default the first of ``BROWSERS`` (chromium, chromium-browser,
            google-chrome, google-chrome-stable) on ``PATH``.
        timeout: Seconds to wait for the browser.

    Returns:
        The path written.

    Raises:
        ~matframework.MissingDependencyError: No browser was found (the message says how to print by hand).
        ~matframework.MatFrameworkError: The browser could not print the page.

    Example:
        >>> print_to_pdf("<p>x</p>", "x.pdf", browser="no-such-browser")
        Traceback (most recent call last):
        ...
        matframework.errors.MissingDependencyError: printing to PDF needs Chromium or Chrome, and no-such-browser was not found; ...

    .. versionadded:: 0.2.0
    """
    wanted = browser or next((name for name in BROWSERS if shutil.which(name)), None)
    executable = shutil.which(wanted) if wanted else None
    if executable is None:
        named = wanted or " or ".join(BROWSERS[:2])
        msg = (
            f"printing to PDF needs Chromium or Chrome, and {named} was not found; open the HTML page in a "
            "browser and print it to PDF on A4 (its print styles lay it out), or install chromium"
        )
        raise MissingDependencyError(msg)
    target = Path(os.fspath(path))
    with tempfile.TemporaryDirectory(prefix="matframework-pdf-") as folder:
        source = Path(folder) / "page.html"
        source.write_text(page, encoding="utf-8")
        printed = Path(folder) / "page.pdf"
        command = [
            executable,
            "--headless",
            "--disable-gpu",
            "--disable-background-networking",
            "--no-first-run",
            "--no-pdf-header-footer",
            f"--user-data-dir={Path(folder) / 'profile'}",
            f"--print-to-pdf={printed}",
            source.as_uri(),
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            command.insert(1, "--no-sandbox")  # Chromium refuses to run as root with its sandbox
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)  # noqa: S603 - our own arguments
        except (OSError, subprocess.TimeoutExpired) as error:
            msg = f"{executable} could not print the page: {error}"
            raise MatFrameworkError(msg) from None
        if done.returncode != 0 or not printed.is_file():
            last = (done.stderr.strip().splitlines() or ["no message"])[-1][:200]
            msg = f"{executable} could not print the page (exit status {done.returncode}): {last}"
            raise MatFrameworkError(msg)
        write_atomic(target, printed.read_bytes())
    return target
