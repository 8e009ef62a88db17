"""Errors as RFC 9457 problem details (``application/problem+json``), one shape for the API.

A problem carries the same located messages the CLI prints: ``problems`` lists each located
problem of a spec (file, line, column, path, message), ``hint`` says what to do. No
traceback ever reaches a client: an unexpected error is logged and answered 500 with an
identifier to quote.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

from flask import Response, current_app, json

from ..api import AgreementError

LOG = logging.getLogger("agreement_builder.service")
PROBLEM_TYPE = "https://agreement-builder.invalid/problems/"  # documented in docs/service.md


def problem(status: int, detail: str, kind: str = "", **extra: Any) -> Response:
    """A problem-details response: ``type``, ``title``, ``status``, ``detail`` and ``extra``."""
    phrase = HTTPStatus(status).phrase
    body: dict[str, Any] = {
        "type": PROBLEM_TYPE + (kind or phrase.lower().replace(" ", "-")),
        "title": phrase,
        "status": status,
        "detail": detail,
    }
    body.update({k: v for k, v in extra.items() if v is not None})
    response = current_app.response_class(
        json.dumps(body, ensure_ascii=False), status=status, mimetype="application/problem+json"
    )
    return response


def from_error(error: AgreementError, names: Mapping[str, str] | None = None) -> Response:
    """An input error from the pipeline: 422 with its located problems (the CLI's exit 2).

    ``names`` maps the temporary paths of uploads back to the names the client sent, so a
    message never shows a server path.
    """
    from ..api import SpecError

    def clean(text: str) -> str:
        for path, name in (names or {}).items():
            text = text.replace(path, name)
        return text

    located = None
    if isinstance(error, SpecError):
        located = [
            {
                "file": clean(p.file),
                "line": p.line,
                "column": p.column,
                "path": p.path,
                "message": p.message,
            }
            for p in error.problems
        ]
    hint = getattr(error, "hint", "") or None
    message = clean(str(error).split("\n  hint: ")[0])
    return problem(422, message, "invalid-input", problems=located, hint=hint)


def internal_error(error: BaseException) -> Response:
    """500 without internals: the traceback goes to the log under an id the client can quote."""
    incident = uuid.uuid4().hex[:12]
    LOG.error("internal error %s", incident, exc_info=error)
    return problem(
        500,
        f"the service failed on this request; quote incident {incident} when reporting it",
        "internal-error",
        incident=incident,
    )
