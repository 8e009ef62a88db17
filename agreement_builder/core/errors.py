"""The project's own errors: each carries what the user must see, never a traceback.

Every error the CLI can meet derives from :class:`AgreementError`; the CLI prints
``str(error)`` and exits with ``error.exit_code``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One located problem in an input file (1-based line and column)."""

    file: str
    line: int
    column: int
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class AgreementError(Exception):
    """Base of every error the tool reports to a user. Exit code 2: unusable input."""

    exit_code = 2


class InputError(AgreementError):
    """A file that cannot be read as what it should be (missing, binary, malformed ...)."""

    def __init__(self, file: str, message: str, hint: str = "") -> None:
        self.file = file
        self.message = message
        self.hint = hint
        super().__init__(str(self))

    def __reduce__(self) -> tuple[type[InputError], tuple[str, str, str]]:
        # rebuilt from its parts: it crosses from a worker process to the parent
        return (type(self), (self.file, self.message, self.hint))

    def __str__(self) -> str:
        text = f"{self.file}: {self.message}"
        return f"{text}\n  hint: {self.hint}" if self.hint else text


class SpecError(AgreementError):
    """A spec whose content does not fit the schema: all problems, each located."""

    def __init__(self, file: str, problems: list[Problem]) -> None:
        self.file = file
        self.problems = sorted(problems, key=lambda p: (p.line, p.column, p.path))
        super().__init__(str(self))

    def __reduce__(self) -> tuple[type[SpecError], tuple[str, list[Problem]]]:
        return (type(self), (self.file, self.problems))

    def __str__(self) -> str:
        count = len(self.problems)
        lines = [str(p) for p in self.problems]
        lines.append(
            f"{self.file}: {count} problem{'s' if count != 1 else ''} found; fix them and run again"
        )
        return "\n".join(lines)


class ConfigError(AgreementError):
    """A configuration or rule file that is unusable."""


class LibraryError(AgreementError):
    """A clause library that is unusable (bad metadata, template syntax, unknown references)."""


class OutputError(AgreementError):
    """An output that cannot be written safely (would overwrite an input, bad directory ...)."""
