"""Bounds every reader enforces before it spends memory or time on an input file.

All limits have safe defaults (documented in ``docs/limits.md``) and can be changed in the
``[limits]`` table of ``agreement.toml`` with the keys of :data:`LIMIT_KEYS`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import signal
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any

from . import yamlsafe
from .errors import ConfigError, InputError
from .files import NotRegular, TooLarge, read_limited

MB = 1024 * 1024
MAX_BYTES = 100 * MB  # default ceiling for any input document
MAX_PAGES = 1000  # PDF pages read; later pages are skipped with a note
MAX_TEXT_CHARS = 10_000_000  # extracted text of one document (~3,000 dense pages)
MAX_SECONDS = 120  # wall-clock time to read and lint one document
ZIP_MAX_MEMBERS = 2000
ZIP_MAX_TOTAL = 200 * MB  # total uncompressed size of a DOCX
ZIP_MAX_RATIO = 200  # compression ratio allowed for members larger than ZIP_RATIO_FLOOR
ZIP_RATIO_FLOOR = MB
XML_MAX_PART = 64 * MB  # one XML part read from a DOCX
MAX_MEMORY_MB = 1536  # address space the process that reads one document may add
DOCX_MAX_LABEL_CHARS = 200  # one generated list label ("Article 4.2(b)"), checked as it is built
PDF_MAX_STREAM_MB = 64  # one PDF stream, inflated (measured before PDFium decodes it)
PDF_MAX_PAGE_OBJECTS = 100_000  # objects on one PDF page, counted before its text is loaded
PDF_MAX_PAGE_CHARS = 200_000  # characters on one PDF page, counted before they are extracted
MAX_AMOUNT = 10**15  # a money amount or KPI figure in a spec (not configurable)


@dataclass(frozen=True)
class Limits:
    """Every configurable input limit; the ``[limits]`` keys are the field names."""

    max_file_mb: int = MAX_BYTES // MB
    max_pages: int = MAX_PAGES
    max_text_chars: int = MAX_TEXT_CHARS
    max_seconds: int = MAX_SECONDS
    zip_max_members: int = ZIP_MAX_MEMBERS
    zip_max_expanded_mb: int = ZIP_MAX_TOTAL // MB
    zip_max_ratio: int = ZIP_MAX_RATIO
    xml_max_part_mb: int = XML_MAX_PART // MB
    yaml_max_kb: int = yamlsafe.MAX_BYTES // 1000
    yaml_max_depth: int = yamlsafe.MAX_DEPTH
    yaml_max_nodes: int = yamlsafe.MAX_NODES
    max_memory_mb: int = MAX_MEMORY_MB
    docx_max_label_chars: int = DOCX_MAX_LABEL_CHARS
    pdf_max_stream_mb: int = PDF_MAX_STREAM_MB
    pdf_max_page_objects: int = PDF_MAX_PAGE_OBJECTS
    pdf_max_page_chars: int = PDF_MAX_PAGE_CHARS

    @property
    def max_bytes(self) -> int:
        return self.max_file_mb * MB

    @property
    def zip_max_total(self) -> int:
        return self.zip_max_expanded_mb * MB

    @property
    def xml_max_part(self) -> int:
        return self.xml_max_part_mb * MB

    @property
    def yaml_max_bytes(self) -> int:
        return self.yaml_max_kb * 1000

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any] | None, where: str = "[limits]") -> Limits:
        """Limits from a config table: unknown keys and non-positive values are errors."""
        if not values:
            return DEFAULT
        unknown = sorted(set(values) - set(LIMIT_KEYS))
        if unknown:
            raise ConfigError(
                f"{where}: unknown limit {', '.join(unknown)}; known: {', '.join(LIMIT_KEYS)}"
            )
        for key, value in values.items():
            if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
                raise ConfigError(f"{where}: {key} must be a positive whole number")
            if value > CEILINGS[key]:
                raise ConfigError(
                    f"{where}: {key} = {value} is above its hard ceiling of {CEILINGS[key]:,} "
                    "(docs/limits.md); no setting can lift a safety limit further"
                )
        return dataclasses.replace(DEFAULT, **dict(values))


LIMIT_KEYS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(Limits))
DEFAULT = Limits()

# The most any config or flag may set: what a 2-core, 24 GB machine survives for one file.
# A config file is data (it can come with the documents under review), so it never decides
# how much of the machine a document may take beyond these.
CEILINGS: dict[str, int] = {
    "max_file_mb": 2048,
    "max_pages": 100_000,
    "max_text_chars": 200_000_000,
    "max_seconds": 3600,
    "zip_max_members": 100_000,
    "zip_max_expanded_mb": 8192,
    "zip_max_ratio": 10_000,
    "xml_max_part_mb": 2048,
    "yaml_max_kb": 100_000,
    "yaml_max_depth": 200,
    "yaml_max_nodes": 10_000_000,
    "max_memory_mb": 16_384,
    "docx_max_label_chars": 10_000,
    "pdf_max_stream_mb": 512,
    "pdf_max_page_objects": 1_000_000,
    "pdf_max_page_chars": 2_000_000,
}


def parse_limit_options(options: Iterable[str], where: str = "--limit") -> dict[str, int]:
    """``KEY=N`` command-line values as a validated ``[limits]`` table (later ones win)."""
    table: dict[str, int] = {}
    for option in options:
        key, sep, value = option.partition("=")
        key = key.strip().replace("-", "_")
        if not sep or not value.strip().isdigit():
            raise ConfigError(
                f"{where} {option!r}: expected KEY=N with a whole number, e.g. max_pages=300"
            )
        table[key] = int(value)
    Limits.from_mapping(table, where)
    return table


def resolve(limits: Limits | Mapping[str, Any] | None) -> Limits:
    return limits if isinstance(limits, Limits) else Limits.from_mapping(limits)


def _size(n: int) -> str:
    return f"{n / MB:.1f} MB" if n >= MB else f"{n} bytes"


def read_bytes(path: Path, max_bytes: int) -> bytes:
    """The file's bytes, refusing files larger than ``max_bytes`` before reading them."""
    where = str(path)
    try:
        return read_limited(path, max_bytes)
    except TooLarge as exc:
        raise InputError(
            where,
            f"file is too large ({_size(exc.size)}; the limit is {_size(max_bytes)})"
            if exc.known
            else f"file is too large (over the {_size(max_bytes)} limit)",
            "split the document or raise [limits] max_file_mb",
        ) from None
    except NotRegular as exc:
        raise InputError(
            where, f"is {exc.kind}, not a document; refused without reading it"
        ) from None
    except FileNotFoundError:
        raise InputError(where, "file not found") from None
    except IsADirectoryError:
        raise InputError(where, "is a folder, not a document") from None
    except PermissionError:
        raise InputError(where, "permission denied") from None
    except OSError as exc:
        raise InputError(where, f"cannot read the file ({exc.strerror or exc})") from None


def check_text(where: str, length: int, limits: Limits, partial: bool = False) -> None:
    """Refuse extracted text too long to segment and lint in bounded time."""
    if length > limits.max_text_chars:
        raise InputError(
            where,
            f"document text is {'more than ' if partial else ''}{length:,} characters, "
            f"over the limit of {limits.max_text_chars:,}",
            "split the document or raise [limits] max_text_chars",
        )


class TimeLimitExceeded(InputError):
    """One file took longer than ``max_seconds``."""


_ACTIVE = threading.local()


@contextlib.contextmanager
def time_limit(seconds: float | None, where: str) -> Iterator[None]:
    """Raise :class:`TimeLimitExceeded` in the block after ``seconds`` of wall-clock time.

    Uses ``SIGALRM``, so it only acts in the main thread on POSIX (elsewhere, and inside an
    outer time limit, it does nothing). Long C calls finish before the error is raised.
    """
    usable = (
        seconds
        and seconds > 0
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and not getattr(_ACTIVE, "on", False)
    )
    if not usable:
        yield
        return
    assert seconds is not None
    started = time.monotonic()

    def expired(signum: int, frame: FrameType | None) -> None:
        signal.setitimer(signal.ITIMER_REAL, 0)
        raise TimeLimitExceeded(
            where,
            f"took longer than {seconds:g} seconds (after {time.monotonic() - started:.0f} s); "
            "stopped",
            "raise [limits] max_seconds for very large documents",
        )

    previous = signal.signal(signal.SIGALRM, expired)
    _ACTIVE.on = True
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        _ACTIVE.on = False
