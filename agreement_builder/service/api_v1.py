"""The REST API, ``/api/v1``: flask-smorest blueprints over :mod:`agreement_builder.api`.

flask-smorest validates requests and responses with marshmallow schemas (:mod:`.schemas`)
and writes the OpenAPI 3 document served at ``/api/v1/openapi.json``.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.views import MethodView
from flask_smorest import Api, Blueprint
from marshmallow import Schema, fields

from .. import __version__
from .settings import Settings

PREFIX = "/api/v1"


class HealthSchema(Schema):
    status = fields.String(required=True, metadata={"example": "ok"})
    version = fields.String(required=True, metadata={"example": __version__})


health = Blueprint("health", __name__, url_prefix=PREFIX, description="Is the service up?")


@health.route("/health")
class Health(MethodView):
    @health.response(200, HealthSchema)
    def get(self) -> dict[str, Any]:
        """The service is up and answers requests."""
        return {"status": "ok", "version": __version__}


def register(app: Flask, settings: Settings) -> Api:
    app.config.update(
        API_TITLE="agreement-builder",
        API_VERSION=__version__,
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX=PREFIX,
        OPENAPI_JSON_PATH="openapi.json",
    )
    api = Api(app)
    api.register_blueprint(health)
    return api
