"""Finding the config file that governs an input, and its ``[limits]`` table.

Light on purpose (no rule registry, no Jinja): ``agreement validate`` imports only this and
the spec loader. The rest of the config (presets, rules, select/ignore) is in
:mod:`agreement_builder.engine.config`.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .errors import ConfigError


def find_config(start: str | Path) -> Path | None:
    """The nearest ``agreement.toml``, or ``pyproject.toml`` with ``[tool.agreement]``."""
    here = Path(start).resolve()
    folder = here if here.is_dir() else here.parent
    for candidate in (folder, *folder.parents):
        own = candidate / "agreement.toml"
        if own.is_file():
            return own
        project = candidate / "pyproject.toml"
        if project.is_file() and "agreement" in read_toml(project).get("tool", {}):
            return project
    return None


def limits_near(target: str | Path, overrides: Mapping[str, int] | None = None) -> Any:
    """The input limits for a spec: ``[limits]`` of the nearest config, then ``overrides``.

    Reads only the ``[limits]`` table (no rule registry), so ``validate`` stays light.
    """
    from .limits import Limits

    table: dict[str, Any] = {}
    found = find_config(target)
    if found is not None:
        data = read_toml(found)
        if found.name == "pyproject.toml":
            data = data.get("tool", {}).get("agreement", {})
        raw = data.get("limits") or {}
        if not isinstance(raw, dict):
            raise ConfigError(f"{found}: [limits] must be a table of positive whole numbers")
        table.update(raw)
        Limits.from_mapping(table, f"{found}: [limits]")
    table.update(overrides or {})
    return Limits.from_mapping(table, "--limit")


def read_toml(path: Path) -> dict[str, Any]:
    import tomllib  # here, not at the top: `agreement validate` without a config never needs it

    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: malformed TOML: {exc}") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read config: {exc.strerror}") from None
