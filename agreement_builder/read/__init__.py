"""Read an existing agreement (DOCX, PDF, plain text, Markdown) into one SourceDocument.

The format is sniffed from the content, not trusted from the extension: a ZIP with a Word
main part is DOCX, ``%PDF-`` is PDF, anything else is text (Markdown for ``.md``/``.markdown``).
Every reader bounds its work (file size, ZIP expansion, page count) and turns damaged input
into an :class:`~agreement_builder.core.errors.InputError` naming the file and the problem.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from ..core.errors import InputError
from ..core.limits import LIMIT_KEYS, MAX_BYTES, Limits, check_text, read_bytes, resolve
from .model import SourceDocument
from .segment import segment

__all__ = ["LIMIT_KEYS", "MAX_BYTES", "Limits", "read_document", "segment", "sniff"]

_MARKDOWN = {".md", ".markdown", ".mdown", ".mkd"}
_WORD = {".docx", ".docm", ".dotx", ".dotm"}
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_BINARY_SAMPLE = 4096


def sniff(data: bytes, suffix: str = "") -> str:
    """``docx`` | ``pdf`` | ``markdown`` | ``text`` | ``ole`` | ``binary`` from the content."""
    head = data[:1024]
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "docx"  # any ZIP: the DOCX reader says clearly when it is not Word
    if b"%PDF-" in head:
        return "pdf"
    if head.startswith(_OLE):
        return "ole"
    sample = data[:_BINARY_SAMPLE]
    utf16 = sample.startswith((b"\xff\xfe", b"\xfe\xff"))
    if sample and not utf16 and sample.count(0) > len(sample) // 4:
        return "binary"
    return "markdown" if suffix in _MARKDOWN else "text"


def read_document(
    path: str | Path,
    *,
    max_pages: int | None = None,
    max_bytes: int | None = None,
    limits: Limits | Mapping[str, Any] | None = None,
    view: str = "accepted",
) -> SourceDocument:
    """Read ``path`` into a :class:`SourceDocument` with blocks, sections and reader notes.

    ``limits`` is a :class:`Limits` or a ``[limits]`` config table (validated);
    ``max_pages``/``max_bytes`` override it when given. ``view`` says how a DOCX's tracked
    changes are read: ``accepted`` (the default: every change accepted, the text a reader of
    the final version sees) or ``original`` (every change rejected: the text before them);
    other formats have none, and read the same in both.
    """
    if view not in ("accepted", "original"):
        raise ValueError(f"view must be 'accepted' or 'original', not {view!r}")
    bounds = resolve(limits)
    if max_pages is not None:
        bounds = dataclasses.replace(bounds, max_pages=max_pages)
    file = Path(path)
    where = str(path)
    data = read_bytes(file, bounds.max_bytes if max_bytes is None else max_bytes)
    kind = sniff(data, file.suffix.lower())
    if kind == "ole":
        raise InputError(
            where,
            "legacy Word .doc (or a password-protected Office file) is not supported",
            "save it as .docx without a password, or export it as PDF",
        )
    if kind == "binary":
        raise InputError(
            where, "binary file, not a document", "pass a .docx, .pdf, .txt or .md file"
        )
    if kind == "docx":
        from .docx import read_docx

        document = read_docx(where, data, bounds, view)
    elif kind == "pdf":
        from .pdf import read_pdf

        document = read_pdf(where, data, max_pages=bounds.max_pages, limits=bounds)
    else:
        if file.suffix.lower() in _WORD or file.suffix.lower() == ".pdf":
            raise InputError(
                where,
                f"not a readable {file.suffix.lower()} file (corrupt, truncated or renamed)",
                "re-export the document and try again",
            )
        from .text import read_text

        document = read_text(where, data, markdown=kind == "markdown")
    del data
    check_text(where, len(document.text), bounds)
    return dataclasses.replace(document, sections=segment(document.text, document.blocks))


# the suffixes a folder is searched for (a file named on the command line is read whatever it is)
SUPPORTED = (".docx", ".docm", ".pdf", ".txt", ".text", ".md", ".markdown")


@dataclasses.dataclass(frozen=True)
class Skipped:
    """A path under a folder that was not read, and why (it is reported, never dropped)."""

    path: Path
    reason: str


def collect_files(paths: list[Path]) -> Iterator[Path | Skipped]:
    """Files as given, and every supported file below a directory, in a stable order.

    Folders are walked one level at a time (sorted, with an explicit stack: no recursion
    limit however deep), so a huge tree streams instead of being listed first. A folder that
    cannot be listed, and a link that leads outside the folders given, come out as
    :class:`Skipped` (reported by the caller, not followed).
    """
    for path in paths:
        try:
            is_dir = path.is_dir()
        except OSError:  # a name too long to look up: reading it says why
            is_dir = False
        if not is_dir:
            yield path
            continue
        root = path.resolve()
        stack = [path]
        while stack:
            folder = stack.pop()
            try:
                with os.scandir(folder) as listing:
                    entries = sorted(listing, key=lambda e: e.name)
            except OSError as exc:
                yield Skipped(
                    folder,
                    f"folder cannot be read ({exc.strerror or exc}); its files were not linted",
                )
                continue
            subfolders = []
            for entry in entries:
                entry_path = Path(entry.path)
                if entry.is_symlink():
                    target = _link_target(entry_path)
                    if target is None or not target.is_relative_to(root):
                        yield Skipped(
                            entry_path, "a link that leads outside the folder given; not followed"
                        )
                        continue
                    if target.is_dir():
                        continue  # reached through its own path inside the folder
                elif entry.is_dir(follow_symlinks=False):
                    subfolders.append(entry_path)
                    continue
                if entry_path.suffix.lower() in SUPPORTED:
                    yield entry_path
            stack.extend(reversed(subfolders))  # depth first, in name order, like os.walk


def _link_target(path: Path) -> Path | None:
    try:
        return path.resolve(strict=True)
    except (OSError, RuntimeError):  # broken link, or a loop
        return None
