"""CSRF protection for the web pages' forms (not the API, which takes no cookies).

Each browser session gets a random token kept in Flask's session cookie, which is signed
with the application's ``SECRET_KEY`` (itsdangerous), so a page cannot forge or read it from
another site. Every form carries the token in a hidden field ``csrf_token``; a POST to a
page without it, or with another session's, is refused with a 400 page that says to reload.

The cookie is HttpOnly, SameSite=Lax, and Secure whenever the request came over https.
"""

from __future__ import annotations

import hmac
import secrets

from flask import Flask, Request, request, session
from flask.sessions import SecureCookieSessionInterface

FIELD = "csrf_token"
_KEY = "csrf"
COOKIE = "agreement_session"


class CsrfError(Exception):
    """A form posted without this session's token (answered with a 400 page)."""


class _SessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie session, with the cookie Secure exactly when the request is."""

    def get_cookie_secure(self, app: Flask) -> bool:
        current: Request = request
        return bool(current.is_secure)


def csrf_token() -> str:
    """This session's token (made on first use), for a form's hidden ``csrf_token`` field."""
    token = session.get(_KEY)
    if not isinstance(token, str) or not token:
        token = secrets.token_urlsafe(32)
        session[_KEY] = token
    return token


def check_csrf() -> None:
    """Raise :class:`CsrfError` unless the form's token is this session's."""
    expected = session.get(_KEY)
    sent = request.form.get(FIELD, "")
    if not isinstance(expected, str) or not expected:
        raise CsrfError("no session")
    if not hmac.compare_digest(sent.encode(), expected.encode()):
        raise CsrfError("wrong token")


def install(app: Flask) -> None:
    """The session cookie's settings on ``app`` (the pages' forms rely on them)."""
    app.session_interface = _SessionInterface()
    app.config.update(
        SESSION_COOKIE_NAME=COOKIE,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
    )
