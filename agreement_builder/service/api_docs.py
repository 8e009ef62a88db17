"""``/api/v1/docs``: the OpenAPI document as a server-rendered page.

Every path and method with its parameters, request body and responses, and every schema
with its fields, read from the same document flask-smorest serves at
``/api/v1/openapi.json``; no script, no asset from anywhere but this service (the strict
Content-Security-Policy holds).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from flask import Blueprint, current_app, render_template

from .api_v1 import PREFIX

docs = Blueprint("api_docs", __name__, url_prefix=PREFIX, template_folder="templates")
METHODS = ("get", "post", "put", "patch", "delete")


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    required: bool
    description: str
    ref: str = ""  # the schema it refers to, for a link


@dataclass(frozen=True)
class Content:
    media: str
    ref: str  # the named schema it is or holds (linked)
    type: str  # its type in words
    fields: tuple[Field, ...] = ()


@dataclass(frozen=True)
class Reply:
    status: str
    description: str
    contents: tuple[Content, ...]
    headers: tuple[Field, ...]


@dataclass(frozen=True)
class Operation:
    anchor: str
    method: str
    path: str
    summary: str
    description: str
    secured: bool
    parameters: tuple[Field, ...]
    body: tuple[Content, ...]
    body_description: str
    replies: tuple[Reply, ...]


@dataclass(frozen=True)
class Model:
    name: str
    description: str
    fields: tuple[Field, ...]


@dataclass
class Page:
    title: str
    version: str
    description: str
    operations: list[Operation] = field(default_factory=list)
    models: list[Model] = field(default_factory=list)


def _ref_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def _type(schema: Mapping[str, Any]) -> tuple[str, str]:
    """A schema's type in words, and the named schema it refers to (if any)."""
    if "$ref" in schema:
        return _ref_name(schema["$ref"]), _ref_name(schema["$ref"])
    kind = schema.get("type", "any")
    if kind == "array":
        inner, ref = _type(schema.get("items", {}))
        return f"array of {inner}", ref
    if kind == "object" and isinstance(schema.get("additionalProperties"), Mapping):
        inner, ref = _type(schema["additionalProperties"])
        return f"map of {inner}", ref
    if "enum" in schema:
        return f"{kind}: one of {', '.join(str(v) for v in schema['enum'])}", ""
    if "format" in schema:
        return f"{kind} ({schema['format']})", ""
    return str(kind), ""


def _fields(schema: Mapping[str, Any]) -> tuple[Field, ...]:
    required = set(schema.get("required", ()))
    out = []
    for name, prop in (schema.get("properties") or {}).items():
        label, ref = _type(prop)
        out.append(Field(name, label, name in required, prop.get("description", ""), ref))
    return tuple(out)


def _contents(content: Mapping[str, Any]) -> tuple[Content, ...]:
    out = []
    for media, body in content.items():
        schema = body.get("schema", {})
        label, ref = _type(schema)
        inline = () if ref else _fields(schema)
        out.append(Content(media, ref, label, inline))
    return tuple(out)


def page_of(spec: Mapping[str, Any]) -> Page:
    """What the page shows, from an OpenAPI 3 document."""
    info = spec.get("info", {})
    page = Page(info.get("title", ""), info.get("version", ""), info.get("description", ""))
    components = spec.get("components", {})
    shared = components.get("responses", {})
    default_security = spec.get("security", [])
    for path, item in spec.get("paths", {}).items():
        for method in METHODS:
            op = item.get(method)
            if not op:
                continue
            parameters = tuple(
                Field(
                    f"{p['name']} ({p['in']})",
                    _type(p.get("schema", {}))[0],
                    bool(p.get("required")),
                    p.get("description", ""),
                )
                for p in (*item.get("parameters", ()), *op.get("parameters", ()))
            )
            body = op.get("requestBody", {})
            replies = []
            for status, reply in sorted(op.get("responses", {}).items()):
                if "$ref" in reply:
                    reply = shared.get(_ref_name(reply["$ref"]), {})
                headers = tuple(
                    Field(name, _type(h.get("schema", {}))[0], False, h.get("description", ""))
                    for name, h in (reply.get("headers") or {}).items()
                )
                replies.append(
                    Reply(
                        str(status),
                        reply.get("description", ""),
                        _contents(reply.get("content", {})),
                        headers,
                    )
                )
            page.operations.append(
                Operation(
                    anchor=f"{method}-{path.strip('/').replace('/', '-').replace('{', '').replace('}', '')}",
                    method=method.upper(),
                    path=path,
                    summary=op.get("summary", ""),
                    description=op.get("description", ""),
                    secured=bool(op.get("security", default_security)),
                    parameters=parameters,
                    body=_contents(body.get("content", {})),
                    body_description=body.get("description", ""),
                    replies=tuple(replies),
                )
            )
    for name, schema in sorted(components.get("schemas", {}).items()):
        page.models.append(Model(name, schema.get("description", ""), _fields(schema)))
    return page


@docs.route("/docs")
def api_docs() -> str:
    """The API's documentation page (open, as openapi.json is)."""
    spec = current_app.extensions["flask-smorest"]["apis"][""]["ext_obj"].spec.to_dict()
    return render_template("api_docs.html", page=page_of(spec))
