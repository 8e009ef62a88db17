"""Configuration: presets, ``agreement.toml`` or ``[tool.agreement]``, found by walking up.

Keys (all optional)::

    extends = "strict"            # a preset (default, strict) or a path to another toml file
    fail_on = "warning"           # error | warning | info | none
    select = ["SPL", "kpis"]      # only these rules: codes, names, family prefixes, components
    ignore = ["GOV102", {code = "DRF105", text = "Receiving Party"}]  # never these; a table
                                  # drops a document finding whose excerpt holds the text
    [rules]                       # per rule (code or name): a severity or "off"
    "economics.equal-split-unequal-contributions" = "off"
    [limits]                      # input limits for lint (see docs/limits.md)
    inline_suppressions = "off"   # honour <!-- agreement: disable-next-line --> in text and
                                  # Markdown ("text", the default) or nowhere ("off")
    preview = true                # also run the preview rules (off by default; see below)

Preview rules, like ruff's, are rules whose measured precision on real documents is below the
bar of their severity (docs/accuracy.md, Per-rule precision); they run only in preview mode
(``preview = true`` here, or ``--preview`` on ``lint`` and ``presign``), even when selected
by code, so a default run never shows them.

Unknown keys, rules, components or severities are errors, so a typo never silently
turns a check off.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..core.configfile import read_toml
from ..core.errors import ConfigError
from ..core.findings import SEVERITIES
from ..core.limits import Limits
from .registry import Registry, Rule

PRESETS = ("default", "strict")
FAIL_ON = (*SEVERITIES, "none")
_KEYS = {
    "extends",
    "fail_on",
    "select",
    "ignore",
    "rules",
    "limits",
    "inline_suppressions",
    "preview",
}
INLINE_SUPPRESSIONS = ("text", "off")


@dataclass(frozen=True)
class Config:
    preset: str = "default"
    severities: Mapping[str, str] = field(default_factory=dict)  # rule code -> severity | off
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fail_on: str | None = None
    limits: Mapping[str, int] = field(default_factory=dict)
    file: str | None = None
    ignore_text: tuple[tuple[str, str], ...] = ()  # (code, quoted text) pairs for documents
    # <!-- agreement: disable-next-line --> in text and Markdown documents ("text") or nowhere
    inline_suppressions: str = "text"
    preview: bool = False  # run the preview rules too

    def severity(self, rule: Rule) -> str | None:
        """The rule's severity under this config, or None when it is turned off."""
        if rule.preview and not self.preview:
            return None
        if self.select and not any(_matches(rule, key) for key in self.select):
            return None
        if any(_matches(rule, key) for key in self.ignore):
            return None
        chosen = self.severities.get(rule.code)
        if chosen == "off":
            return None
        if chosen:
            return chosen
        if self.preset == "strict":
            return rule.strict or ("error" if rule.severity == "warning" else rule.severity)
        return rule.severity


def _matches(rule: Rule, key: str) -> bool:
    return key in (rule.code, rule.name, rule.code[:3]) or key in rule.components


def load_config(path: str | Path | None, registry: Registry, preset: str | None = None) -> Config:
    """Read a config file (``None``: the built-in default), resolving ``extends`` chains."""
    config = Config() if path is None else _load(Path(path), registry, seen=())
    if preset:
        if preset not in PRESETS:
            raise ConfigError(f"unknown preset {preset!r}; choose from {', '.join(PRESETS)}")
        config = replace(config, preset=preset)
    return config


MAX_EXTENDS = 16  # a chain of configs extending configs; deeper is a mistake or an attack


def _load(path: Path, registry: Registry, seen: tuple[Path, ...]) -> Config:
    if path.resolve() in seen:
        raise ConfigError(f"{path}: 'extends' goes round in a circle")
    if len(seen) >= MAX_EXTENDS:
        raise ConfigError(f"{path}: 'extends' chains more than {MAX_EXTENDS} configs")
    data = read_toml(path)
    if path.name == "pyproject.toml":
        data = _table(data.get("tool", {}), "[tool]", str(path))
        data = _table(data.get("agreement", {}), "[tool.agreement]", str(path))
    where = str(path)
    for key in ("rules", "limits"):
        _table(data.get(key) or {}, f"[{key}]", where)
    unknown = sorted(set(data) - _KEYS)
    if unknown:
        raise ConfigError(
            f"{where}: unknown key {', '.join(unknown)}; known: {', '.join(sorted(_KEYS))}"
        )
    base = Config()
    extends = data.get("extends")
    if isinstance(extends, str) and extends not in PRESETS:
        parent = (path.parent / extends).resolve()
        if not parent.is_file():
            raise ConfigError(
                f"{where}: extends {extends!r}: neither a preset ({', '.join(PRESETS)}) nor a file"
            )
        base = _load(parent, registry, (*seen, path.resolve()))
    elif extends is not None and extends not in PRESETS:
        raise ConfigError(f"{where}: extends must be a preset name or a file path")
    severities = dict(base.severities)
    for key, value in (data.get("rules") or {}).items():
        rule = registry.find(str(key))
        if rule is None:
            raise ConfigError(
                f"{where}: [rules] {key!r}: no such rule; `agreement rules` lists them"
            )
        if value not in (*SEVERITIES, "off"):
            raise ConfigError(
                f"{where}: [rules] {key!r} = {value!r}: use one of {', '.join(SEVERITIES)}, off"
            )
        severities[rule.code] = str(value)
    select = _selectors(data.get("select"), "select", where, registry) or base.select
    raw_ignore: Any = data.get("ignore")
    pairs: list[dict[str, Any]] = []
    if isinstance(raw_ignore, list):
        pairs = [i for i in raw_ignore if isinstance(i, dict)]
        raw_ignore = [i for i in raw_ignore if not isinstance(i, dict)]
    ignore = (*base.ignore, *_selectors(raw_ignore, "ignore", where, registry))
    ignore_text = (*base.ignore_text, *_ignore_text(pairs, where, registry))
    fail_on = data.get("fail_on", base.fail_on)
    if fail_on is not None and fail_on not in FAIL_ON:
        raise ConfigError(f"{where}: fail_on must be one of {', '.join(FAIL_ON)}")
    raw_limits = data.get("limits") or {}
    if not isinstance(raw_limits, dict):
        raise ConfigError(f"{where}: [limits] must be a table of positive whole numbers")
    Limits.from_mapping(raw_limits, f"{where}: [limits]")
    limits = {**base.limits, **raw_limits}
    inline = data.get("inline_suppressions", base.inline_suppressions)
    if inline not in INLINE_SUPPRESSIONS:
        raise ConfigError(
            f"{where}: inline_suppressions must be one of {', '.join(INLINE_SUPPRESSIONS)}"
        )
    preview = data.get("preview", base.preview)
    if not isinstance(preview, bool):
        raise ConfigError(f"{where}: preview must be true or false")
    preset = extends if extends in PRESETS else base.preset
    return Config(
        str(preset),
        severities,
        select,
        ignore,
        fail_on,
        limits,
        where,
        ignore_text,
        inline,
        preview,
    )


def _table(value: Any, name: str, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: {name} must be a table")
    return value


def _ignore_text(
    pairs: list[dict[str, Any]], where: str, registry: Registry
) -> Iterator[tuple[str, str]]:
    for pair in pairs:
        rule = registry.find(str(pair.get("code", "")))
        text = pair.get("text")
        if rule is None or not isinstance(text, str) or not text or set(pair) != {"code", "text"}:
            raise ConfigError(
                f"{where}: ignore: {pair!r}: a table needs exactly a rule 'code' and a 'text'"
            )
        yield rule.code, text


def _selectors(value: Any, key: str, where: str, registry: Registry) -> tuple[str, ...]:
    if value is None:
        return ()
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list):
        raise ConfigError(f"{where}: {key} must be a list of rule codes, names or components")
    families = {r.code[:3] for r in registry}
    if any(not isinstance(item, str) for item in items):
        raise ConfigError(f"{where}: {key} must be a list of rule codes, names or components")
    out = []
    for item in items:
        known = registry.find(item) is not None or item in families or item in registry.components
        if not known:
            raise ConfigError(
                f"{where}: {key}: {item!r} is not a rule code, name, family or component"
            )
        rule = registry.find(item)
        out.append(rule.code if rule else item)
    return tuple(out)
