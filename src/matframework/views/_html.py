"""The small pieces every HTML view shares: escaping, tables, and the notebook frame."""

from __future__ import annotations

import html
from collections.abc import Iterable

__all__ = ["STYLE", "e", "table", "wrap"]

STYLE = (
    ".mf{font-family:system-ui,sans-serif;font-size:13px;line-height:1.35}"
    ".mf table{border-collapse:collapse;margin:4px 0}"
    ".mf th,.mf td{border:1px solid #ccc;padding:2px 6px;text-align:left;vertical-align:top}"
    ".mf th{background:#f3f3f3}"
    ".mf .chip{display:inline-block;min-width:2.2em;text-align:center;border-radius:3px;"
    "border:1px solid #555;font-weight:600;margin-right:4px}"
    ".mf details pre{white-space:pre-wrap;font-size:11px}"
)


def e(value: object) -> str:
    """Escape any value for HTML text or attributes."""
    return html.escape("" if value is None else str(value), quote=True)


def table(headers: Iterable[str], rows: Iterable[Iterable[str]], caption: str | None = None) -> str:
    """A table whose cells are already HTML (escape values before passing them)."""
    head = "".join(f'<th scope="col">{e(h)}</th>' for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    cap = f"<caption>{e(caption)}</caption>" if caption else ""
    return f"<table>{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def wrap(title: str, body: str, text: str) -> str:
    """A notebook fragment: the title, the body, and the plain text as a fallback."""
    return (
        f'<div class="mf"><style>{STYLE}</style><strong>{e(title)}</strong>{body}'
        f"<details><summary>text</summary><pre>{e(text)}</pre></details></div>"
    )
