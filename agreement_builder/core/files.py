"""Writing outputs safely: atomic replace, never over an input, never outside the output folder."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

from .errors import OutputError


class TooLarge(ValueError):
    """A file over the size limit; ``size`` is its size, or, with ``known`` false (a stream such
    as ``/dev/zero``, or a file that grew while read), what was read: limit + 1 bytes."""

    def __init__(self, size: int, known: bool = True) -> None:
        super().__init__(size)
        self.size = size
        self.known = known


def read_limited(path: Path, max_bytes: int) -> bytes:
    """The file's bytes, never more than ``max_bytes`` read: the size is checked first and the
    read is bounded too (``/dev/zero`` or a growing file report a size of 0). Raises
    :class:`TooLarge`; ``OSError`` passes through for the caller to word."""
    size = path.stat().st_size
    if size > max_bytes:
        raise TooLarge(size)
    with path.open("rb") as handle:
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise TooLarge(len(data), known=False)
    return data


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def write_atomic(path: Path, data: bytes | str, inputs: Iterable[Path] = ()) -> Path:
    """Write ``data`` to ``path`` via a temp file in the same folder and a rename.

    A crash or error leaves the previous file (if any) untouched. Refuses to replace one of
    ``inputs`` (also through a symlink) and a folder. A symlink at ``path`` is replaced by the
    new file, never written through, so a planted link cannot redirect the output elsewhere.
    """
    path = Path(path)
    link = Path(os.path.abspath(path))  # the name itself; a symlink there is not followed
    target = path.resolve()
    for item in inputs:
        if Path(item).exists() and target == Path(item).resolve():
            raise OutputError(
                f"{path}: refusing to overwrite an input file; choose another output path"
            )
    if link.is_dir():
        raise OutputError(f"{path}: is a folder; refusing to replace it with a file")
    try:
        link.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{path}: cannot create its folder ({exc.strerror or exc})") from None
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        import tempfile  # here: reading commands (validate, lint) never write (6 ms of import)

        fd, tmp = tempfile.mkstemp(prefix=f".{link.name}.", suffix=".part", dir=link.parent)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write here ({exc.strerror or exc})") from None
    try:
        os.chmod(tmp, _file_mode(link))
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, link)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise OutputError(f"{path}: cannot write ({exc.strerror or exc})") from None
        raise
    return path


def _file_mode(target: Path) -> int:
    """Keep an existing regular file's mode; new files get the usual 0666 minus the umask."""
    try:
        if target.is_symlink():
            raise OSError("a symlink: use the default mode")
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
