"""Which deal a document was built from: a fingerprint of a validated spec's content.

``agreement build`` records the fingerprint in the files it writes (DOCX custom property
``AgreementBuilderSpec``, PDF Info entry of the same name); ``presign --spec`` compares it
with the spec it is given. The fingerprint is the SHA-256 (hex) of a canonical JSON
serialisation of the validated spec, so it does not change with how the YAML is written:
comments, key order, quoting, flow or block style, ``90 days`` or ``90 day``, ``SGD 2500`` or
``{amount: 2500, currency: SGD}`` all give the same value.

What it covers: every decision of the deal. What it leaves out: where the spec came from
(``source``, ``locations``) and its ``waivers`` (they tell the checks what to accept; they
are not terms of the agreement). Fields equal to their default are left out as well, so a
later version that adds an optional field with a default does not change the fingerprint of
an existing spec. No dates of the build, no paths: equal deals give equal fingerprints on
any machine.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import MISSING, fields, is_dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from ..core.values import NA, Duration
from .model import AgreementSpec

# the names under which a built file records where it came from (DOCX custom properties,
# PDF Info entries, HTML <meta> names)
SPEC_PROPERTY = "AgreementBuilderSpec"
KIND_PROPERTY = "AgreementBuilderKind"
VERSION_PROPERTY = "AgreementBuilderVersion"

_LEFT_OUT = frozenset({"source", "locations", "waivers"})


def spec_fingerprint(spec: AgreementSpec) -> str:
    """SHA-256 hex digest of the spec's canonical content (see the module's docstring)."""
    canonical = json.dumps(
        _canonical(spec), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _canonical(value: Any) -> Any:
    if value is NA:
        return "not_applicable"
    if isinstance(value, Duration):
        return str(value)  # "90 days": the unit matters, 3 months is not 90 days
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int | float | Decimal):
        number = Decimal(str(value))
        if number == number.to_integral_value():
            return int(number)
        return str(number.normalize())
    if isinstance(value, date):
        return value.isoformat()
    if is_dataclass(value) and not isinstance(value, type):
        out = {}
        for f in fields(value):
            if f.name in _LEFT_OUT:
                continue
            item = getattr(value, f.name)
            if f.default is not MISSING and item == f.default and item is not NA:
                continue
            if f.default_factory is not MISSING and item == f.default_factory():
                continue
            out[f.name] = _canonical(item)
        return out
    if isinstance(value, Mapping):
        return {str(k): _canonical(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [_canonical(v) for v in value]
    return str(value)
