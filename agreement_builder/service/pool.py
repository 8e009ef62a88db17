"""PDF rendering in a bounded pool of warm worker processes (HTML in, PDF bytes out).

WeasyPrint costs about a second to import and set up its fonts, and holds on to memory after
each document it lays out. So each gunicorn worker keeps ``pdf_workers`` processes that load
it once (:func:`agreement_builder.api.pdf_renderer`) and lay out one warm-up page before the
first request, and retires each after ``pdf_recycle_after`` renders, starting a fresh one in
its place. At most ``pdf_workers + pdf_queue`` renders are in a worker at once (rendering or
waiting); one more is refused at once with :class:`PoolFull` (429 and ``Retry-After``), so a
burst never builds an unbounded queue of memory-hungry work.

The assembly and the HTML are made in the request's own thread (fast, and under the spec's
``max_seconds``); only the layout goes to the pool. A render that outlives the request's
remaining time is stopped by killing its process (WeasyPrint cannot be interrupted):
:class:`RenderTimeout`, answered 503.

The pool is made lazily, in the process that uses it (:func:`get_pool`), so a gunicorn
worker makes its own after the fork; its processes are fresh interpreters
(``python -m agreement_builder.service.pool``: nothing of the worker's memory or threads is
inherited, and no main module is imported again) and stopped by
:func:`shutdown_pool` (gunicorn's ``worker_exit`` hook, and ``atexit``).
"""

from __future__ import annotations

import atexit
import contextlib
import math
import os
import queue
import signal
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from .settings import Settings

# a page with a heading and a paragraph: loads the fonts the agreements use
WARM_UP_HTML = (
    "<html><head><style>body{font-family:serif}</style></head>"
    "<body><h1>Warm-up</h1><p>This page loads the fonts.</p></body></html>"
)
STOP_SECONDS = 5.0  # how long a retiring process gets to exit before it is killed


class PoolFull(Exception):
    """Every worker is busy and the queue is full: try again after ``retry_after`` seconds."""

    def __init__(self, retry_after: int, waiting: int) -> None:
        super().__init__(f"{waiting} PDF builds are already waiting; try again later")
        self.retry_after = retry_after


class RenderTimeout(Exception):
    """The render did not finish within the request's remaining time; it was stopped."""


class RenderFailed(Exception):
    """The render process died or raised (the message says which; no document content)."""


def _child_main(conn: Any) -> None:
    """A pool process: load WeasyPrint once, warm up, then render pages until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is for gunicorn, which stops us
    started = time.perf_counter()
    from agreement_builder import api

    render = api.pdf_renderer()
    render(WARM_UP_HTML)
    conn.send(("ready", time.perf_counter() - started))
    while True:
        try:
            html = conn.recv()
        except (EOFError, OSError):
            return
        if html is None:
            return
        began = time.perf_counter()
        try:
            data = render(html)
        except Exception as error:  # reported to the parent, which answers 500 without it
            conn.send(("error", f"{type(error).__name__}"))
            continue
        conn.send(("ok", data, time.perf_counter() - began))


class _Duplex:
    """Two one-way pipes as one connection (send, recv, poll, close)."""

    def __init__(self, read_fd: int, write_fd: int) -> None:
        from multiprocessing.connection import Connection

        self._in = Connection(read_fd, writable=False)
        self._out = Connection(write_fd, readable=False)

    def send(self, obj: Any) -> None:
        self._out.send(obj)

    def recv(self) -> Any:
        return self._in.recv()

    def poll(self, timeout: float | None) -> bool:
        return self._in.poll(timeout)

    def close(self) -> None:
        self._in.close()
        self._out.close()


class _Child:
    """One pool process (``python -m agreement_builder.service.pool``: a fresh interpreter
    that inherits nothing of the worker's memory or threads) and the pipes to it."""

    def __init__(self) -> None:
        import subprocess
        import sys
        from pathlib import Path

        to_child, from_parent = os.pipe()
        to_parent, from_child = os.pipe()
        package_root = str(Path(__file__).resolve().parents[2])
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (package_root, env.get("PYTHONPATH", "")) if p
        )
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "agreement_builder.service.pool",
                str(to_child),
                str(from_child),
            ],
            pass_fds=(to_child, from_child),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            env=env,
            start_new_session=False,
        )
        os.close(to_child)
        os.close(from_child)
        self.conn = _Duplex(to_parent, from_parent)
        self.renders = 0
        self.ready_seconds: float | None = None  # import + fonts + warm-up page

    @property
    def pid(self) -> int:
        return self.process.pid

    def alive(self) -> bool:
        return self.process.poll() is None

    def _died(self) -> RenderFailed:
        return RenderFailed(f"the PDF process died (exit {self.process.poll()})")

    def _recv(self, deadline: float | None) -> Any:
        timeout = None if deadline is None else max(deadline - time.monotonic(), 0.0)
        try:
            if not self.conn.poll(timeout):
                raise RenderTimeout()
            return self.conn.recv()
        except (EOFError, OSError):
            raise self._died() from None

    def render(self, html: str, deadline: float | None) -> tuple[bytes, float]:
        while self.ready_seconds is None:
            message = self._recv(deadline)
            if message[0] == "ready":
                self.ready_seconds = message[1]
        try:
            self.conn.send(html)
        except OSError:
            raise self._died() from None
        message = self._recv(deadline)
        self.renders += 1
        if message[0] == "error":
            raise RenderFailed(f"the PDF layout failed ({message[1]})")
        return message[1], message[2]

    def stop(self, wait: float = STOP_SECONDS) -> None:
        with contextlib.suppress(OSError):
            self.conn.send(None)
        self._reap(wait)

    def kill(self) -> None:
        self.process.kill()
        self._reap(STOP_SECONDS)

    def _reap(self, wait: float) -> None:
        import subprocess

        try:
            self.process.wait(wait)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(wait)
        self.conn.close()


@dataclass
class PoolStats:
    """What the pool did: renders, recycled and killed processes, refused requests, and
    the seconds each process took to get ready and each render took."""

    renders: int = 0
    recycled: int = 0
    killed: int = 0
    refused: int = 0
    ready_seconds: list[float] = field(default_factory=list)
    render_seconds: list[float] = field(default_factory=list)


class PdfPool:
    """``workers`` warm processes, at most ``queue`` renders waiting for one; see the module."""

    def __init__(self, workers: int, queue_size: int, recycle_after: int) -> None:
        self.workers = max(workers, 1)
        self.queue_size = max(queue_size, 0)
        self.recycle_after = max(recycle_after, 1)
        self.pid = os.getpid()
        self.stats = PoolStats()
        self._admitted = threading.BoundedSemaphore(self.workers + self.queue_size)
        self._lock = threading.Lock()
        self._in_flight = 0
        self._closed = False
        self._idle: queue.Queue[_Child] = queue.Queue()
        self._children: set[_Child] = set()
        for _ in range(self.workers):
            self._idle.put(self._start())

    def _start(self) -> _Child:
        child = _Child()
        with self._lock:
            self._children.add(child)
        return child

    def _retire(self, child: _Child, kill: bool = False) -> None:
        with self._lock:
            self._children.discard(child)
        if child.ready_seconds is not None:
            self.stats.ready_seconds.append(child.ready_seconds)
        child.kill() if kill else child.stop()

    def retry_after(self) -> int:
        """Seconds after which a refused request may well find room: the queue ahead of it
        at the recent render time, shared by the workers (at least one second)."""
        recent = self.stats.render_seconds[-20:]
        per_render = sorted(recent)[len(recent) // 2] if recent else 2.0
        return max(1, math.ceil(per_render * (self.queue_size + self.workers) / self.workers))

    def render(self, html: str, timeout: float | None = None) -> bytes:
        """The PDF of ``html``; ``timeout`` bounds the wait and the render together.

        Raises :class:`PoolFull` at once when ``workers + queue`` renders are in flight,
        :class:`RenderTimeout` when the time runs out (a render in progress is killed and
        its process replaced), :class:`RenderFailed` when the layout fails.
        """
        if self._closed:
            raise RenderFailed("the PDF pool is shut down")
        if not self._admitted.acquire(blocking=False):
            self.stats.refused += 1
            raise PoolFull(self.retry_after(), self.queue_size)
        with self._lock:
            self._in_flight += 1
        deadline = None if timeout is None else time.monotonic() + timeout
        try:
            try:
                wait = None if deadline is None else max(deadline - time.monotonic(), 0.0)
                child = self._idle.get(timeout=wait)
            except queue.Empty:
                raise RenderTimeout() from None
            replace = False
            try:
                data, seconds = child.render(html, deadline)
            except RenderTimeout:
                self.stats.killed += 1
                self._retire(child, kill=True)
                replace = True
                raise
            except RenderFailed:
                if child.alive() and child.renders < self.recycle_after:
                    self._idle.put(child)  # the layout raised; the process is fine
                else:
                    self._retire(child, kill=True)
                    replace = True
                raise
            finally:
                if replace and not self._closed:
                    self._idle.put(self._start())
            self.stats.renders += 1
            self.stats.render_seconds.append(seconds)
            del self.stats.render_seconds[:-200]
            if child.renders >= self.recycle_after:  # WeasyPrint holds memory: start afresh
                self.stats.recycled += 1
                self._retire(child)
                child = self._start()
            if self._closed:
                self._retire(child)
            else:
                self._idle.put(child)
            return data
        finally:
            with self._lock:
                self._in_flight -= 1
            self._admitted.release()

    @property
    def shape(self) -> tuple[int, int, int]:
        return (self.workers, self.queue_size, self.recycle_after)

    @property
    def in_flight(self) -> int:
        """Renders admitted and not yet answered (rendering or waiting for a process)."""
        return self._in_flight

    def child_pids(self) -> list[int]:
        with self._lock:
            return [c.pid for c in self._children]

    def shutdown(self) -> None:
        """Stop every process (each finishes the page it is laying out, for a few seconds)."""
        self._closed = True
        with self._lock:
            children = list(self._children)
        for child in children:
            self._retire(child)


class _Slots:
    """At most ``size`` holders at once in this process; the rest wait their turn."""

    def __init__(self, size: int) -> None:
        self.size, self.pid = size, os.getpid()
        self._semaphore = threading.BoundedSemaphore(size)

    @contextlib.contextmanager
    def hold(self, timeout: float | None) -> Iterator[None]:
        if not self._semaphore.acquire(timeout=None if timeout is None else max(timeout, 0)):
            raise RenderTimeout()  # the caller's time ran out while it waited
        try:
            yield
        finally:
            self._semaphore.release()


_REVIEW_SLOTS: _Slots | None = None


def review_slot(
    settings: Settings, timeout: float | None
) -> contextlib.AbstractContextManager[None]:
    """One of this worker's ``review_processes`` turns to read and lint a document (in a
    process of its own, parallel.run_isolated); the others wait, for at most ``timeout``
    seconds (then :class:`RenderTimeout`). A gthread worker takes ``threads`` requests at
    once, but on two cores more documents at once than cores only add memory (each reader
    process may grow to ``max_memory_mb``) and lengthen every request (docs/benchmarks.md)."""
    global _REVIEW_SLOTS
    with _POOL_LOCK:
        slots = _REVIEW_SLOTS
        if slots is None or slots.pid != os.getpid() or slots.size != settings.review_processes:
            slots = _REVIEW_SLOTS = _Slots(settings.review_processes)
    return slots.hold(timeout)


_POOL: PdfPool | None = None
_POOL_LOCK = threading.Lock()


def get_pool(settings: Settings) -> PdfPool:
    """This process's pool, made on first use (after gunicorn's fork: a pool inherited from
    another process is never used)."""
    global _POOL
    shape = (settings.pdf_workers, settings.pdf_queue, settings.pdf_recycle_after)
    with _POOL_LOCK:
        old = _POOL
        pool = old
        if pool is None or pool.pid != os.getpid() or pool.shape != shape:
            pool = _POOL = PdfPool(*shape)
    if old is not None and old is not pool and old.pid == os.getpid():
        old.shutdown()  # settings changed (tests, an app made again): the old one goes
    return pool


def shutdown_pool() -> None:
    """Stop this process's pool, if it has one (gunicorn's ``worker_exit``; ``atexit``)."""
    global _POOL
    with _POOL_LOCK:
        pool, _POOL = _POOL, None
    if pool is not None and pool.pid == os.getpid():
        pool.shutdown()


atexit.register(shutdown_pool)


def _child_from_argv(argv: list[str]) -> None:
    _child_main(_Duplex(int(argv[0]), int(argv[1])))


if __name__ == "__main__":
    import sys

    _child_from_argv(sys.argv[1:])
