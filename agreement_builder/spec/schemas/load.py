"""Load a spec file: safe YAML with locations -> schema -> ``AgreementSpec``, or every problem."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from marshmallow import Schema, ValidationError, fields

from ...core.errors import Problem, SpecError
from ...core.yamlsafe import LoadedYaml, format_path, load_yaml, parse_yaml
from ..model import AgreementSpec, SpecLocation
from .fields import OrNotApplicable
from .spec import AgreementSpecSchema, ForegroundField

_MESSAGES = {
    "Missing data for required field.": "missing; this key is required",
    "Unknown field.": "unknown key",
    "Field may not be null.": "must have a value (use not_applicable to leave it out on purpose)",
    "Not a valid date.": "not a date; write it as YYYY-MM-DD",
    "Not a valid boolean.": "expected true or false",
    "Not a valid integer.": "expected a whole number",
    "Not a valid number.": "expected a number",
    "Not a valid string.": "expected text",
    "Not a valid list.": "expected a list (one '- item' per line)",
    "Not a valid email address.": "not a valid email address",
    "Invalid input type.": "expected a mapping of keys and values",
    "Invalid value.": "value out of range",
}
_SCHEMA = AgreementSpecSchema()


def load_spec(path: str | Path, limits: Any = None) -> AgreementSpec:
    """Read and validate one spec file (YAML or JSON).

    ``limits`` (a ``limits.Limits``) overrides the YAML size, depth and node limits.
    """
    if limits is None:
        return _to_spec(load_yaml(path, what="spec (YAML or JSON)"))
    loaded = load_yaml(
        path,
        limits.yaml_max_bytes,
        "spec (YAML or JSON)",
        max_depth=limits.yaml_max_depth,
        max_nodes=limits.yaml_max_nodes,
    )
    return _to_spec(loaded)


def parse_spec(text: str, file: str = "<string>") -> AgreementSpec:
    """Validate spec text; ``file`` names it in error messages."""
    return _to_spec(parse_yaml(text, file, what="spec (YAML or JSON)"))


def _to_spec(loaded: LoadedYaml) -> AgreementSpec:
    if not isinstance(loaded.data, Mapping):
        raise SpecError(
            loaded.file,
            [
                Problem(
                    loaded.file,
                    1,
                    1,
                    "",
                    "a spec is a mapping with 'agreement:' and 'parties:' at the top",
                )
            ],
        )
    try:
        spec: AgreementSpec = _SCHEMA.load(loaded.data)
    except ValidationError as exc:
        raise SpecError(loaded.file, list(_problems(loaded, exc.messages, ()))) from None
    locations = {
        format_path(path): SpecLocation(loaded.file, loc.line, loc.column)
        for path, loc in loaded.locations.items()
    }
    return AgreementSpec(
        **{
            f: getattr(spec, f)
            for f in spec.__dataclass_fields__
            if f not in ("source", "locations")
        },
        source=loaded.file,
        locations=locations,
    )


def _problems(loaded: LoadedYaml, messages: Any, path: tuple[str | int, ...]) -> Any:
    if isinstance(messages, Mapping):
        for key, value in messages.items():
            if key == "_schema":
                yield from _problems(loaded, value, path)
            else:
                part: str | int = key if isinstance(key, int) else str(key)
                yield from _problems(loaded, value, (*path, part))
        return
    if isinstance(messages, list) and messages and all(isinstance(x, str) for x in messages):
        for text in dict.fromkeys(messages):
            yield _problem(loaded, path, text)
        return
    if isinstance(messages, list):
        for item in messages:
            yield from _problems(loaded, item, path)
        return
    yield _problem(loaded, path, str(messages))


def _problem(loaded: LoadedYaml, path: tuple[str | int, ...], text: str) -> Problem:
    message = _MESSAGES.get(text, text)
    is_unknown = text == "Unknown field."
    if is_unknown:
        known = _known_keys(path[:-1])
        close = difflib.get_close_matches(str(path[-1]), known, n=1, cutoff=0.6)
        if close:
            message += f"; did you mean {close[0]!r}?"
        elif known:
            message += f"; expected one of: {', '.join(sorted(known))}"
    if text.startswith("Must be one of") or text == "Invalid value.":
        message = _MESSAGES.get(text, text)
    loc = loaded.locate(path, key=is_unknown)
    return Problem(loaded.file, loc.line, loc.column, format_path(path), message)


def _known_keys(path: tuple[str | int, ...]) -> list[str]:
    """The keys the schema accepts at ``path`` (for 'did you mean')."""
    schema: Schema | None = _SCHEMA
    for part in path:
        if schema is None:
            return []
        if isinstance(part, int):
            continue
        field = next((f for f in schema.fields.values() if (f.data_key or f.name) == part), None)
        schema = _schema_of(field)
    return [(f.data_key or f.name or "") for f in schema.fields.values()] if schema else []


def _schema_of(field: fields.Field[Any] | None) -> Schema | None:
    while field is not None:
        if isinstance(field, (OrNotApplicable, fields.List)):
            field = field.inner
        elif isinstance(field, ForegroundField):
            field = field.each
        elif isinstance(field, fields.Nested):
            schema = field.schema
            return schema if isinstance(schema, Schema) else None
        else:
            return None
    return None
