"""The service's settings: defaults, then ``[service]`` of ``agreement.toml``, then the
environment (``AGREEMENT_*``), then what ``agreement serve`` or a caller passes.

Every setting is checked when the service starts: a bad value stops it with a message that
names where the value came from (exit 2), never later in a request.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from ..api import AgreementError


class SettingsError(AgreementError):
    """A service setting that cannot be used (exit 2 from ``agreement serve``)."""


@dataclass(frozen=True)
class Settings:
    """What an operator may set (docs/service.md lists them with their environment names)."""

    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 2
    # gunicorn's worker class: gthread (``threads`` requests at once in each worker) or sync
    worker_class: str = "gthread"
    threads: int = 4
    # documents read and linted at once in each worker (each in a process of its own); the
    # other requests wait their turn within their time limit
    review_processes: int = 1
    # uploads: one document (and its spec and sent version) per request
    max_upload_mb: int = 20
    # the time one request may take before it is answered 503 (a document's own
    # ``max_seconds`` limit still applies inside it)
    request_seconds: int = 120
    # PDF builds run in a bounded pool of processes, recycled after this many builds; with
    # the defaults a worker renders one PDF, lets two wait and refuses a fourth at once (429):
    # ``threads`` requests reach a worker, so a queue as long as that would never refuse
    pdf_workers: int = 1
    pdf_queue: int = 2
    pdf_recycle_after: int = 50
    # Strict-Transport-Security max-age for responses over HTTPS (0: no HSTS header); set it
    # when the service is only ever reached over HTTPS
    hsts_seconds: int = 0
    # bearer token for /api/v1 (empty: the API is open, as on loopback)
    api_token: str = ""
    # signs the CSRF tokens of the forms; one per process when unset (set it with several
    # workers, or ``agreement serve`` makes one and shares it with its workers)
    secret_key: str = ""
    # the agreement.toml that configures lint, presign and check (rules, presets, limits);
    # never one sent with a request
    config: str = ""

    def with_secret(self) -> Settings:
        return self if self.secret_key else replace(self, secret_key=secrets.token_hex(32))


WORKER_CLASSES = ("gthread", "sync")
_ENV_PREFIX = "AGREEMENT_"
_ZERO_ALLOWED = ("port", "hsts_seconds", "pdf_queue")


def env_name(name: str) -> str:
    return _ENV_PREFIX + name.upper()


def load_settings(
    config: str | Path | None = None,
    environ: Mapping[str, str] | None = None,
    **overrides: Any,
) -> Settings:
    """Settings from defaults, ``[service]`` of ``config`` (or the nearest agreement.toml),
    the environment and ``overrides`` (None values are ignored), each checked."""
    from ..core.configfile import find_config, read_toml

    environ = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    origin: dict[str, str] = {}
    found = Path(config) if config else find_config(Path.cwd())
    if found is not None:
        if not found.is_file():
            raise SettingsError(f"{found}: no such config file")
        data = read_toml(found)
        if found.name == "pyproject.toml":
            data = data.get("tool", {}).get("agreement", {})
        table = data.get("service") or {}
        if not isinstance(table, dict):
            raise SettingsError(f"{found}: [service] must be a table")
        for key, value in table.items():
            values[key] = value
            origin[key] = f"{found}: [service] {key}"
        values.setdefault("config", str(found))
        origin.setdefault("config", str(found))
    known = {f.name: f for f in fields(Settings)}
    for name in known:
        if env_name(name) in environ:
            values[name] = environ[env_name(name)]
            origin[name] = f"environment variable {env_name(name)}"
    for name, value in overrides.items():
        if value is not None:
            values[name] = value
            origin[name] = f"--{name.replace('_', '-')}"
    checked: dict[str, Any] = {}
    for name, value in values.items():
        where = origin.get(name, name)
        if name not in known:
            hint = ", ".join(sorted(known))
            raise SettingsError(f"{where}: unknown setting; the settings are {hint}")
        default = known[name].default
        if isinstance(default, int):
            try:
                number = int(value)
            except (TypeError, ValueError):
                raise SettingsError(f"{where}: {value!r} is not a whole number") from None
            if number < (0 if name in _ZERO_ALLOWED else 1) or number > 65535 * 1024:
                raise SettingsError(f"{where}: {number} is out of range")
            checked[name] = number
        else:
            checked[name] = str(value)
        if name == "worker_class" and checked[name] not in WORKER_CLASSES:
            raise SettingsError(
                f"{where}: {checked[name]!r} is not a worker class; choose "
                + " or ".join(WORKER_CLASSES)
            )
    return Settings(**checked)
