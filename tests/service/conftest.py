"""Fixtures for the service: the application with test settings, and Flask's test client."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from agreement_builder.service import create_app
from agreement_builder.service.settings import Settings


@pytest.fixture
def settings() -> Settings:
    return Settings(secret_key="test-secret", pdf_workers=1)


@pytest.fixture
def app(settings: Settings) -> Iterator[Flask]:
    application = create_app(settings)
    application.config["TESTING"] = True
    yield application


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()
