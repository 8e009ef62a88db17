"""The web pages: server-rendered Jinja (templates/), no external assets (static/)."""

from __future__ import annotations

from flask import Blueprint, Flask, Response, make_response, render_template

from .settings import Settings

pages = Blueprint("pages", __name__, template_folder="templates", static_folder="static")


@pages.route("/")
def home() -> str:
    return render_template("home.html")


def error_page(status: int, detail: str) -> Response:
    """An error page that says what went wrong and what to do, never a traceback."""
    from http import HTTPStatus

    html = render_template(
        "error.html", status=status, title=HTTPStatus(status).phrase, detail=detail
    )
    return make_response(html, status)


def register(app: Flask, settings: Settings) -> None:
    app.register_blueprint(pages)
