"""Running the service: gunicorn in production, Werkzeug's server only with ``--dev``.

gunicorn's settings (docs/service.md, "Running it"):

- ``workers`` processes (``--workers``), each with ``threads`` threads (the ``gthread``
  worker class by default; ``sync`` is one request at a time per worker). Measured on two
  cores (docs/benchmarks.md): with each worker reviewing one document at a time
  (``review_processes``; the document is read in a process of its own), gthread lints as
  fast as sync in the same memory, and it keeps answering what takes no CPU while the
  documents wait their turn (health checks, catalogues, pages) and refuses a burst of PDF
  builds with 429 instead of leaving it in the socket backlog. Unbounded (eight documents
  at once on two cores) gthread took 2.4 times the memory for no more throughput.
- ``timeout``: ``request_seconds`` + 30. Requests are stopped at ``request_seconds`` by the
  service itself (deadline.py); gunicorn's timeout only kills a worker that is stuck.
- Graceful shutdown: on SIGTERM (or Ctrl+C) gunicorn stops accepting connections, gives the
  requests in flight ``GRACEFUL_SECONDS`` to finish, each worker stops its PDF processes
  (``worker_exit``), and the master exits 0.
- An access log on stderr, one line a request, with its duration in milliseconds.
- HTTPS from a proxy: ``X-Forwarded-Proto`` is trusted from the addresses in gunicorn's
  ``FORWARDED_ALLOW_IPS`` environment variable (loopback by default).
"""

from __future__ import annotations

from typing import Any

from .settings import Settings

GRACEFUL_SECONDS = 30
ACCESS_LOG_FORMAT = '%(h)s "%(r)s" %(s)s %(B)s %(M)sms "%(a)s"'


def gunicorn_options(settings: Settings) -> dict[str, Any]:
    """gunicorn's configuration for ``settings`` (see the module's doc)."""
    from .pool import shutdown_pool

    def worker_exit(server: Any, worker: Any) -> None:
        shutdown_pool()

    return {
        "bind": f"{settings.host}:{settings.port}",
        "workers": settings.workers,
        "worker_class": settings.worker_class,
        "threads": settings.threads if settings.worker_class == "gthread" else 1,
        # a request that outlives its own limit has a worker stuck: gunicorn restarts it
        "timeout": settings.request_seconds + 30,
        "graceful_timeout": GRACEFUL_SECONDS,
        "keepalive": 5,
        "accesslog": "-",
        "access_log_format": ACCESS_LOG_FORMAT,
        "errorlog": "-",
        "preload_app": True,
        "worker_exit": worker_exit,
        # gunicorn 25.1+ opens a control socket at one path per user: a second service (or
        # a test beside a running one) would take it over; nothing of ours uses it
        "control_socket_disable": True,
    }


def serve(settings: Settings, dev: bool = False) -> None:
    """Serve until interrupted. The secret is made once here, so every worker shares it."""
    settings = settings.with_secret()
    from .app import create_app

    app = create_app(settings)
    if dev:
        app.run(host=settings.host, port=settings.port, debug=False, use_reloader=False)
        return
    from gunicorn.app.base import BaseApplication

    class Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            for key, value in gunicorn_options(settings).items():
                if key in self.cfg.settings:  # older gunicorn lacks the newest settings
                    self.cfg.set(key, value)

        def load(self) -> Any:
            return app

    Server().run()
