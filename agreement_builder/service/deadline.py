"""The per-request time limit (``Settings.request_seconds``).

A request's clock starts when it arrives (``start``, a ``before_request`` hook). The work it
does is bounded by what is left: a document is linted in a worker process whose own
``max_seconds`` (the ``[limits]`` key) is cut to the time left, a PDF waits for and runs in
the pool for at most the time left, and between the stages :func:`check` stops a request
whose time is up. Past its time a request is answered 503 with ``Retry-After``
(:class:`RequestTimeout`), never a late 200. gunicorn's own ``timeout`` is set above
``request_seconds`` (server.py): it only ever kills a worker that is stuck.
"""

from __future__ import annotations

import math
import time

from flask import g, has_request_context


class RequestTimeout(Exception):
    """The request used up its ``request_seconds`` (answered 503)."""

    def __init__(self, seconds: float) -> None:
        super().__init__(
            f"the request took longer than its limit of {seconds:g} seconds and was stopped; "
            "try a smaller document, or again when the service is less busy"
        )
        self.seconds = seconds


def start(seconds: float) -> None:
    g.agreement_deadline = (time.monotonic() + seconds, seconds)


def remaining() -> float | None:
    """Seconds this request has left (None outside a request or without a limit)."""
    if not has_request_context() or "agreement_deadline" not in g:
        return None
    deadline: float = g.agreement_deadline[0]
    return deadline - time.monotonic()


def check() -> None:
    """Raise :class:`RequestTimeout` when the request's time is up."""
    left = remaining()
    if left is not None and left <= 0:
        raise RequestTimeout(g.agreement_deadline[1])


def bounded_seconds(limit: int) -> int:
    """``limit`` (a ``max_seconds``) cut to the whole seconds this request has left (at
    least one)."""
    left = remaining()
    if left is None:
        return limit
    return max(1, min(limit, math.ceil(left)))


def limit() -> float | None:
    """This request's limit in seconds, or None."""
    if not has_request_context() or "agreement_deadline" not in g:
        return None
    seconds: float = g.agreement_deadline[1]
    return seconds
