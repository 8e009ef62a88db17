"""The HTTP service: a REST API under ``/api/v1`` and web pages, over :mod:`agreement_builder.api`.

``create_app(settings)`` builds the Flask application (:mod:`.app`); ``agreement serve`` runs
it under gunicorn (:mod:`.server`). The service is a layer above ``api``, as the CLI is: it
turns requests into calls of the same functions and their results into the same JSON, SARIF
and HTML the CLI writes (docs/service.md).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask

    from .settings import Settings


def create_app(settings: Settings | None = None, **overrides: Any) -> Flask:
    """The application; ``settings`` default to the environment and ``agreement.toml``."""
    from .app import create_app as create

    return create(settings, **overrides)
