"""Writing outputs safely: atomic replace, never over an input, never outside the output folder."""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path

from .errors import OutputError

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def write_atomic(path: Path, data: bytes | str, inputs: Iterable[Path] = ()) -> Path:
    """Write ``data`` to ``path`` via a temp file in the same folder and a rename.

    A crash or error leaves the previous file (if any) untouched. Refuses to replace one of
    ``inputs``.
    """
    target = path.resolve()
    for item in inputs:
        if item.exists() and target == Path(item).resolve():
            raise OutputError(
                f"{path}: refusing to overwrite an input file; choose another output path"
            )
    target.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    try:
        os.chmod(tmp, _file_mode(target))
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def _file_mode(target: Path) -> int:
    """Keep an existing file's mode; new files get the usual 0666 minus the umask."""
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def safe_stem(text: str, fallback: str = "agreement") -> str:
    """A file-name stem derived from user text that cannot leave its folder."""
    stem = _UNSAFE.sub("-", text).strip(".-_")[:80]
    return stem or fallback


def prepare_output_dir(path: Path) -> Path:
    if path.exists() and not path.is_dir():
        raise OutputError(f"{path}: is a file, not a folder; pass a folder to -o")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{path}: cannot create the output folder ({exc.strerror})") from None
    return path
