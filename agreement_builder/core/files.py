"""Writing outputs safely: atomic replace, never over an input, never outside the output folder."""

from __future__ import annotations

import os
import re
import stat
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


class NotRegular(ValueError):
    """A FIFO, device or socket where a file was expected: refused before it is opened
    (opening a FIFO blocks until someone writes to it; a device may never end)."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


def special_kind(mode: int) -> str | None:
    """What a non-regular, non-folder file is (``a FIFO`` ...), or None for a regular file."""
    for test, kind in (
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
    ):
        if test(mode):
            return kind
    return None


def read_limited(path: Path, max_bytes: int, devices: bool = False) -> bytes:
    """The file's bytes, never more than ``max_bytes`` read: the size is checked first and the
    read is bounded too (a growing file). Raises :class:`TooLarge`, and :class:`NotRegular`
    for a FIFO, socket or device (with ``devices``, a character device such as /dev/null is
    read, still bounded); ``OSError`` passes through for the caller to word."""
    status = path.stat()
    kind = special_kind(status.st_mode)
    if kind and not (devices and stat.S_ISCHR(status.st_mode)):
        raise NotRegular(kind)
    size = status.st_size
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


# names Windows reserves for devices, with any extension: an output called CON.docx cannot be
# opened or copied there
RESERVED_NAMES = frozenset(
    (
        "CON",
        "PRN",
        "AUX",
        "NUL",
        *(f"COM{n}" for n in range(1, 10)),
        *(f"LPT{n}" for n in range(1, 10)),
    )
)


def reserved_name(stem: str) -> bool:
    return stem.split(".")[0].upper() in RESERVED_NAMES


def prepare_output_dir(path: Path) -> Path:
    try:
        if path.exists() and not path.is_dir():
            raise OutputError(f"{path}: is a file, not a folder; pass a folder to -o")
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(
            f"{_short(path)}: cannot create the output folder ({exc.strerror or exc})"
        ) from None
    return path


def _short(path: Path, limit: int = 120) -> str:
    """A path as a message shows it: a name too long to use is cut in the middle."""
    text = str(path)
    return text if len(text) <= limit else f"{text[: limit // 2]}...{text[-limit // 2 :]}"
