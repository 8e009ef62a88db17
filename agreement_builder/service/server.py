"""Running the service: gunicorn in production, Werkzeug's server only with ``--dev``."""

from __future__ import annotations

from typing import Any

from .settings import Settings


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
            options: dict[str, Any] = {
                "bind": f"{settings.host}:{settings.port}",
                "workers": settings.workers,
                # a request that outlives its own limit has a worker stuck: gunicorn restarts it
                "timeout": settings.request_seconds + 30,
                "accesslog": "-",
                "preload_app": True,
            }
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            return app

    Server().run()
