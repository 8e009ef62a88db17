"""Compiled clause templates and rule expressions, kept on disk from one run to the next.

Jinja turns each template into Python code before it can render it. For the bundled library
that is about 0.4 s of every ``agreement build`` (some 70 clause templates and 200 conditions
and rule expressions), where loading the same code back takes 10 ms. So the code objects are
stored with :mod:`marshal`, one file per template, named by a SHA-256 of what the code
depends on: the Python and Jinja versions, our templating module (the environments' settings
and filters), the kind of template and its source. A change to any of them is a new name.

Loading marshalled code runs it, so the cache is trusted only in folders this user owns that
nobody else can write to (created with mode 0700, checked with ``lstat``: no symlinks);
anything else turns the cache off for the run and templates are compiled as before. Entries
are written to a temporary file and renamed into place, so a reader never sees half a file;
an entry that does not load is compiled again and rewritten. A cache that cannot be written
(a read-only home, a full disk) costs nothing but the time it would have saved.

``AGREEMENT_CACHE_DIR`` moves the cache (default ``$XDG_CACHE_HOME/agreement-builder``, else
``~/.cache/agreement-builder``); set to an empty string, it turns the cache off. Deleting the
folder is always safe.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import stat
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from types import CodeType

ENV_VAR = "AGREEMENT_CACHE_DIR"


def default_root() -> Path | None:
    """The cache folder ``AGREEMENT_CACHE_DIR`` or the XDG default names; None: no cache."""
    value = os.environ.get(ENV_VAR)
    if value is not None:
        return Path(value).expanduser() if value.strip() else None
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    return (Path(base) if base else Path.home() / ".cache") / "agreement-builder"


def _private(folder: Path) -> bool:
    """Is ``folder`` a real directory of ours that no other user can write to?"""
    try:
        info = os.lstat(folder)
    except OSError:
        return False
    owner_ok = not hasattr(os, "getuid") or info.st_uid == os.getuid()
    return stat.S_ISDIR(info.st_mode) and owner_ok and not info.st_mode & 0o022


class CodeCache:
    """Code objects by (kind, source), in ``root/code/<salt digest>/``."""

    def __init__(self, root: Path | None, salt: bytes) -> None:
        self.root = root
        tag = hashlib.sha256(salt + sys.version.encode()).hexdigest()[:16]
        self.folder = root / "code" / tag if root is not None else None
        self._usable: bool | None = None  # decided on first use

    def usable(self) -> bool:
        if self._usable is None:
            self._usable = self._prepare()
        return self._usable

    def _prepare(self) -> bool:
        if self.root is None or self.folder is None:
            return False
        levels = (self.root, self.folder.parent, self.folder)
        try:
            self.root.parent.mkdir(parents=True, exist_ok=True)  # ~/.cache: the user's own
            for folder in levels:  # ours: private from the start (the code may be a client's)
                folder.mkdir(mode=0o700, exist_ok=True)
        except OSError:
            return False
        return all(_private(folder) for folder in levels)

    def code(self, kind: str, source: str, compile_: Callable[[], CodeType]) -> CodeType:
        """The code for ``source``: from the cache, or ``compile_()`` and stored."""
        if not self.usable() or self.folder is None:
            return compile_()
        path = self.folder / hashlib.sha256(f"{kind}\0{source}".encode()).hexdigest()
        try:
            loaded = marshal.loads(path.read_bytes())
        except (OSError, EOFError, ValueError, TypeError):
            loaded = None
        if isinstance(loaded, CodeType):
            return loaded
        code = compile_()
        try:
            data = marshal.dumps(code)
        except ValueError:  # a constant marshal cannot write: keep it for this run only
            return code
        self._store(path, data)
        return code

    def _store(self, path: Path, data: bytes) -> None:
        try:
            handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        except OSError:
            return
        stored = False
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temp, path)
            stored = True
        except OSError:
            pass  # a full disk or a read-only cache: the next run compiles again
        finally:  # also when a time limit interrupts the write: no stray temporary file
            if not stored:
                with contextlib.suppress(OSError):
                    os.unlink(temp)
