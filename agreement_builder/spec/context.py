"""What expressions about a spec see: a clause's ``when``, a clause body, a rule's condition."""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from ..core.values import NA
from .model import AgreementSpec


def spec_context(spec: AgreementSpec) -> dict[str, Any]:
    """The names a ``when`` expression or a clause body sees: each spec section, plus helpers."""
    context: dict[str, Any] = {
        f.name: getattr(spec, f.name) for f in fields(spec) if f.name != "locations"
    }
    context.update(spec=spec, kind=spec.kind, decided=lambda v: v is not None and v is not NA)
    return context
