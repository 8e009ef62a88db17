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
    try:
        folder = here if here.is_dir() else here.parent
    except OSError:  # a name too long to look up: its folder is still where to look
        folder = here.parent
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


MAX_CONFIG_BYTES = 1_000_000  # a config is a few lines; anything this big is not one


def read_toml(path: Path) -> dict[str, Any]:
    """A config file's table. Whatever is wrong with it (not a regular file, too big, not
    UTF-8, malformed, nested too deep) is a ``ConfigError`` naming the file: exit 2."""
    import stat
    import tomllib  # here, not at the top: `agreement validate` without a config never needs it

    from .files import TooLarge, read_limited

    try:
        mode = path.stat().st_mode
        if stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode) or stat.S_ISDIR(mode):
            # opening a FIFO blocks until someone writes; /dev/null (empty) and /dev/zero
            # (stopped at the size limit) are fine
            raise ConfigError(f"{path}: not a regular file; a config must be a TOML file")
        text = read_limited(path, MAX_CONFIG_BYTES, devices=True).decode("utf-8")
        return tomllib.loads(text)
    except TooLarge:
        raise ConfigError(
            f"{path}: over {MAX_CONFIG_BYTES:,} bytes; that is not a config file"
        ) from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text (byte {exc.start}); save it as UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: malformed TOML: {exc}") from None
    except RecursionError:
        raise ConfigError(f"{path}: nested too deeply to be a config") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read config: {exc.strerror or exc}") from None
