"""Rules as data: the rule registry loaded from ``rules/*.yaml``, validated before use.

A rule file is a YAML list of rules. Each rule names its *type* (a small Python function in
:mod:`.types`), its parameters, and the words a reader sees: message, why, fix, source.
Unknown rule types, unknown or missing parameters and duplicate codes or names are load-time
errors that point at the rule file, line and column.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from ..core.errors import ConfigError
from ..core.findings import SEVERITIES
from ..core.resources import data_dir
from ..core.taxonomy import KINDS as AGREEMENT_KINDS
from ..core.yamlsafe import LoadedYaml, load_yaml
from .types import RULE_TYPES, Demotion, Detection

CODE_RE = re.compile(r"^[A-Z]{3}\d{3}$")
NAME_RE = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*(\.[a-z][a-z0-9]*(-[a-z0-9]+)*)+$")
TARGETS = ("spec", "document")
_FIELDS = {
    "code": True,
    "name": True,
    "type": True,
    "severity": True,
    "message": True,
    "why": True,
    "fix": True,
    "source": True,
    "components": True,
    "targets": True,
    "params": False,
    "kinds": False,
    "strict": False,
    "cases": False,
    "example": False,
    "preview": False,
}


@dataclass(frozen=True)
class Rule:
    code: str  # family prefix + digits, e.g. SPL101; never reused
    name: str  # dotted, e.g. economics.split-total
    type: str  # the rule type: one of engine.types.RULE_TYPES
    severity: str
    message: str  # may use {placeholders} the rule type fills in
    why: str
    fix: str
    source: str
    components: tuple[str, ...]
    targets: tuple[str, ...]
    params: Mapping[str, Any] = field(default_factory=dict)
    kinds: tuple[str, ...] = AGREEMENT_KINDS  # agreement kinds the rule applies to
    strict: str | None = None  # severity under the ``strict`` preset (default: warning -> error)
    cases: Mapping[str, Any] = field(default_factory=dict, compare=False)
    example: str | None = None  # a failing spec fragment shown by ``agreement rules CODE``
    # a preview rule runs only in preview mode (``--preview`` or ``preview = true`` in the
    # config): its measured precision is below the bar of its severity (docs/accuracy.md)
    preview: bool = False
    file: str = ""
    line: int = 0

    def applies_to(self, target: str, agreement_kind: str | None) -> bool:
        return target in self.targets and (agreement_kind is None or agreement_kind in self.kinds)


@dataclass(frozen=True)
class Registry:
    rules: tuple[Rule, ...]
    components: Mapping[str, Any]  # rules/components.yaml: presence tests and titles
    profiles: Mapping[str, Any]  # rules/profiles.yaml: required / recommended per kind
    # rules/detection.yaml: components whose detection missed a target on the held-out part
    detection: Mapping[str, Detection] = field(default_factory=dict)

    def __iter__(self) -> Iterator[Rule]:
        return iter(self.rules)

    def find(self, key: str) -> Rule | None:
        """A rule by code (case-insensitive) or name."""
        wanted = key.strip()
        for rule in self.rules:
            if rule.code == wanted.upper() or rule.name == wanted:
                return rule
        return None

    def profile(self, agreement_kind: str) -> dict[str, tuple[str, ...]]:
        return profile_for(agreement_kind, self.profiles)


def default_rules_dir() -> Path:
    """``_data/rules`` inside an installed package, else the source tree's ``rules/``."""
    return data_dir("rules")


@cache
def load_registry(root: str | None = None) -> Registry:
    """Every rule under ``root`` (default: the bundled rules), checked; loaded once per process."""
    base = Path(root) if root else default_rules_dir()
    if not base.is_dir():
        raise ConfigError(f"{base}: rules folder not found; reinstall agreement-builder")
    components = _mapping(load_yaml(base / "components.yaml", what="component table"))
    profiles = _mapping(load_yaml(base / "profiles.yaml", what="profile table"))
    rules: list[Rule] = []
    for path in sorted(base.glob("*/*.yaml")):
        rules.extend(_load_rule_file(load_yaml(path, what="rule file"), set(components)))
    _check_unique(rules)
    for kind in AGREEMENT_KINDS:
        for level, ids in profile_for(kind, profiles).items():
            unknown = [c for c in ids if c not in components]
            if unknown:
                raise ConfigError(
                    f"{base / 'profiles.yaml'}: {kind}.{level}: unknown component "
                    f"{', '.join(unknown)}"
                )
    detection = _detection(base / "detection.yaml", set(components))
    return Registry(tuple(sorted(rules, key=lambda r: r.code)), components, profiles, detection)


def profile_for(agreement_kind: str, profiles: Mapping[str, Any]) -> dict[str, tuple[str, ...]]:
    """Required and recommended components for a kind: the ``all`` entry plus the kind's own."""
    base = profiles.get("all", {})
    own = profiles.get(agreement_kind, {})
    out: dict[str, tuple[str, ...]] = {}
    for level in ("required", "recommended"):
        ids = list(base.get(level, ())) + list(own.get(level, ()))
        dropped = set(own.get("not_" + level, ()))
        out[level] = tuple(dict.fromkeys(i for i in ids if i not in dropped))
    out["recommended"] = tuple(c for c in out["recommended"] if c not in out["required"])
    return out


DETECTION_MEASURES = ("recall", "precision", "evidence")


def _detection(path: Path, component_ids: set[str]) -> dict[str, Detection]:
    """rules/detection.yaml, checked: known components, known measures, figures in [0, 1]
    below their target, a reason for each (an absent file: nothing demoted)."""
    if not path.is_file():
        return {}
    loaded = load_yaml(path, what="detection table")
    table = _mapping(loaded) if loaded.data is not None else {}
    out: dict[str, Detection] = {}
    for component, raw in table.items():
        loc = loaded.locate((component,))
        where = f"{loaded.file}:{loc.line}:{loc.column}: {component}"
        if component not in component_ids:
            raise ConfigError(f"{where}: unknown component")
        if not isinstance(raw, Mapping) or not raw or set(raw) - set(DETECTION_MEASURES):
            raise ConfigError(f"{where}: expected one or more of {', '.join(DETECTION_MEASURES)}")
        measures: dict[str, Demotion] = {}
        for measure, entry in raw.items():
            if not isinstance(entry, Mapping) or set(entry) != {"measured", "target", "reason"}:
                raise ConfigError(f"{where}.{measure}: expected measured, target and reason")
            measured, target = entry["measured"], entry["target"]
            numbers = all(isinstance(v, (int, float)) and 0 <= v <= 1 for v in (measured, target))
            if not numbers or measured >= target or not str(entry["reason"]).strip():
                raise ConfigError(
                    f"{where}.{measure}: measured and target are figures between 0 and 1, the "
                    "measured one below the target, with a reason (a met target is no demotion)"
                )
            measures[measure] = Demotion(float(measured), float(target), str(entry["reason"]))
        out[component] = Detection(**measures)
    return out


def _mapping(loaded: LoadedYaml) -> Mapping[str, Any]:
    if not isinstance(loaded.data, Mapping):
        raise ConfigError(f"{loaded.file}: expected a mapping at the top level")
    return loaded.data


def _load_rule_file(loaded: LoadedYaml, component_ids: set[str]) -> Iterator[Rule]:
    if not isinstance(loaded.data, list):
        raise ConfigError(f"{loaded.file}:1:1: a rule file is a YAML list of rules")
    for index, raw in enumerate(loaded.data):
        loc = loaded.locate((index,))
        where = f"{loaded.file}:{loc.line}:{loc.column}"
        if not isinstance(raw, Mapping):
            raise ConfigError(f"{where}: each rule is a mapping")
        yield _make_rule(raw, where, loaded.file, loc.line, component_ids)


def _make_rule(
    raw: Mapping[str, Any], where: str, file: str, line: int, component_ids: set[str]
) -> Rule:
    label = f"{where}: rule {raw.get('code', '?')}"
    unknown = sorted(set(raw) - set(_FIELDS))
    if unknown:
        raise ConfigError(f"{label}: unknown key {', '.join(unknown)}")
    missing = [k for k, needed in _FIELDS.items() if needed and not raw.get(k)]
    if missing:
        raise ConfigError(f"{label}: missing {', '.join(missing)}")
    code, name, rule_type = str(raw["code"]), str(raw["name"]), str(raw["type"])
    if not CODE_RE.match(code):
        raise ConfigError(f"{label}: code must be three capitals and three digits, e.g. SPL101")
    if not NAME_RE.match(name):
        raise ConfigError(f"{label}: name must be dotted lower-case words, e.g. economics.split")
    if rule_type not in RULE_TYPES:
        raise ConfigError(
            f"{label}: unknown rule type {rule_type!r}; known types: {', '.join(RULE_TYPES)}"
        )
    for key in ("severity", "strict"):
        if key in raw and raw[key] not in SEVERITIES:
            raise ConfigError(f"{label}: {key} must be one of {', '.join(SEVERITIES)}")
    if not isinstance(raw.get("preview", False), bool):
        raise ConfigError(f"{label}: preview must be true or false")
    targets = tuple(_strings(raw["targets"]))
    bad_targets = [t for t in targets if t not in TARGETS]
    components = tuple(_strings(raw["components"]))
    bad_components = [c for c in components if c not in component_ids]
    kinds = tuple(_strings(raw.get("kinds", "all")))
    if kinds == ("all",):
        kinds = AGREEMENT_KINDS
    bad_kinds = [k for k in kinds if k not in AGREEMENT_KINDS]
    for what, bad in (
        ("target", bad_targets),
        ("component", bad_components),
        ("agreement kind", bad_kinds),
    ):
        if bad:
            raise ConfigError(f"{label}: unknown {what} {', '.join(bad)}")
    params = raw.get("params") or {}
    if not isinstance(params, Mapping):
        raise ConfigError(f"{label}: params must be a mapping")
    spec = RULE_TYPES[rule_type]
    unknown_params = sorted(set(params) - set(spec.params))
    if unknown_params:
        raise ConfigError(
            f"{label}: rule type {rule_type!r} has no parameter {', '.join(unknown_params)}; "
            f"it takes {', '.join(spec.params) or 'none'}"
        )
    missing_params = [p for p, needed in spec.params.items() if needed and p not in params]
    if missing_params:
        raise ConfigError(f"{label}: rule type {rule_type!r} needs {', '.join(missing_params)}")
    unsupported = [t for t in targets if t not in spec.targets]
    if unsupported:
        raise ConfigError(f"{label}: rule type {rule_type!r} cannot check a {unsupported[0]}")
    try:
        spec.prepare(params)
    except (ValueError, re.error) as exc:
        raise ConfigError(f"{label}: {exc}") from None
    return Rule(
        code=code,
        name=name,
        type=rule_type,
        severity=str(raw["severity"]),
        message=str(raw["message"]).strip(),
        why=" ".join(str(raw["why"]).split()),
        fix=" ".join(str(raw["fix"]).split()),
        source=" ".join(str(raw["source"]).split()),
        components=components,
        targets=targets,
        params=params,
        kinds=kinds,
        strict=raw.get("strict"),
        cases=raw.get("cases") or {},
        example=raw.get("example"),
        preview=bool(raw.get("preview", False)),
        file=file,
        line=line,
    )


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [str(v) for v in value]
    return [str(value)]


def _check_unique(rules: list[Rule]) -> None:
    seen: dict[str, Rule] = {}
    for rule in rules:
        for key in (rule.code, rule.name):
            if key in seen:
                first = seen[key]
                raise ConfigError(
                    f"{rule.file}:{rule.line}: {key} is already used by the rule at "
                    f"{first.file}:{first.line}; codes and names must be unique"
                )
            seen[key] = rule
