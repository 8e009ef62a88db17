"""Bounds every reader enforces before it spends memory or time on an input file."""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError

MAX_BYTES = 100 * 1024 * 1024  # default ceiling for any input file
ZIP_MAX_MEMBERS = 2000
ZIP_MAX_TOTAL = 200 * 1024 * 1024  # total uncompressed size of a DOCX
ZIP_MAX_RATIO = 200  # compression ratio allowed for members larger than ZIP_RATIO_FLOOR
ZIP_RATIO_FLOOR = 1024 * 1024
XML_MAX_PART = 64 * 1024 * 1024  # one XML part read from a DOCX


def _size(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB" if n >= 1024 * 1024 else f"{n} bytes"


def read_bytes(path: Path, max_bytes: int) -> bytes:
    """The file's bytes, refusing files larger than ``max_bytes`` before reading them."""
    where = str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(
                where,
                f"file is too large ({_size(size)}; the limit is {_size(max_bytes)})",
                "split the document or raise the size limit",
            )
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise InputError(where, "file not found") from None
    except IsADirectoryError:
        raise InputError(where, "is a folder, not a document") from None
    except PermissionError:
        raise InputError(where, "permission denied") from None
    except OSError as exc:
        raise InputError(where, f"cannot read the file ({exc.strerror or exc})") from None
    if len(data) > max_bytes:  # grew while reading, or a special file
        raise InputError(where, f"file is too large (the limit is {_size(max_bytes)})")
    return data
