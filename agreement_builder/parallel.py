"""Where work runs: in isolated worker processes, in a process pool, or on a dask cluster.

Results always come back in input order with a bounded number of tasks in flight, so a run
over a million files keeps memory flat. Nothing here knows what the work is.

Documents are read by native libraries (PDFium, lxml) that can abort the process or blow up
its memory on a hostile file. :func:`run_isolated` runs each task in a worker process under an
address-space cap; a worker that dies, runs out of memory or overruns its time costs that one
task (``on_failure`` turns it into a result) and is replaced, and the run goes on.
"""

from __future__ import annotations

import os
import signal
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Generic, TypeVar

from .core.errors import AgreementError

T = TypeVar("T")
R = TypeVar("R")

EXECUTORS = ("local", "dask")


def ordered_map(
    submit: Callable[..., Any], fn: Callable[[T], R], items: Iterable[T], window: int
) -> Iterator[R]:
    """``fn`` over ``items`` on an executor, results in input order, at most ``window`` in flight.

    Unlike ``Executor.map`` this never submits the whole input at once, so memory stays flat
    however many files a run covers. ``submit`` is any ``Executor.submit``-like callable whose
    futures have ``.result()`` (concurrent.futures and dask.distributed both fit).
    """
    pending: deque[Any] = deque()
    for item in items:
        pending.append(submit(fn, item))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def run_ordered(
    fn: Callable[[T], R],
    items: Iterable[T],
    jobs: int = 1,
    executor: str = "local",
    scheduler: str | None = None,
) -> Iterator[R]:
    """``fn`` over ``items``, in order: here (``jobs`` <= 1), in ``jobs`` processes, or on the
    dask.distributed cluster at ``scheduler`` (a ``LocalCluster`` of ``jobs`` workers when no
    address is given). ``fn`` and the items must pickle for anything but a local serial run."""
    if executor not in EXECUTORS:
        raise AgreementError(f"unknown executor {executor!r}; choose local or dask")
    if executor == "dask":
        yield from _run_dask(fn, items, jobs, scheduler)
        return
    if jobs <= 1:
        yield from map(fn, items)
        return
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from ordered_map(pool.submit, fn, items, window=jobs * 4)


def run_isolated(
    fn: Callable[[T], R],
    items: Iterable[T],
    on_failure: Callable[[T, str], R],
    jobs: int = 1,
    memory_mb: int | None = None,
    seconds_of: Callable[[T], float | None] | None = None,
) -> Iterator[R]:
    """``fn`` over ``items`` in ``jobs`` worker processes (at least one), results in order.

    Each worker may grow its address space by ``memory_mb`` at most (POSIX ``RLIMIT_AS``,
    set to what the forked worker starts with plus ``memory_mb``). A task whose
    worker dies (a signal such as SIGABRT or SIGSEGV from a native library, the memory cap, an
    exit) or that runs well past its own time limit (``seconds_of(item)``: half as long again
    plus 10 s, for a C call that ignores the in-process limit) yields ``on_failure(item,
    reason)`` instead, and a fresh worker takes the next task. An exception raised by ``fn`` is re-raised here, as with a plain map.
    Workers are forked, so ``fn`` needs no pickling; items and results do.
    """
    import multiprocessing

    context = multiprocessing.get_context("fork" if hasattr(os, "fork") else "spawn")
    window = max(jobs, 1) * 4
    todo = iter(enumerate(items))
    pending: deque[tuple[int, T]] = deque()  # read from ``items``, not yet given to a worker
    done: dict[int, tuple[str, Any]] = {}
    idle: list[_Worker[T]] = [_Worker(context, fn, memory_mb) for _ in range(max(jobs, 1))]
    busy: list[_Worker[T]] = []
    next_out = 0
    exhausted = False
    try:
        while True:
            while not exhausted and len(pending) + len(busy) + len(done) < window:
                try:
                    pending.append(next(todo))
                except StopIteration:
                    exhausted = True
            while pending and idle:
                worker = idle.pop()
                index, item = pending.popleft()
                seconds = seconds_of(item) if seconds_of else None
                worker.give(index, item, seconds * 1.5 + 10 if seconds else None)
                busy.append(worker)
            while next_out in done:
                status, value = done.pop(next_out)
                next_out += 1
                if status == "raised":
                    raise value
                yield value
            if exhausted and not pending and not busy:
                return
            for worker in _wait(busy):
                busy.remove(worker)
                index, item = worker.task  # type: ignore[misc]
                outcome = worker.collect()
                if outcome is None:  # the worker died or overran: replace it
                    reason = worker.failure(memory_mb)
                    worker.stop()
                    worker = _Worker(context, fn, memory_mb)
                    done[index] = ("ok", on_failure(item, reason))
                else:
                    done[index] = outcome
                idle.append(worker)
    finally:
        for worker in (*idle, *busy):
            worker.stop()


class _Worker(Generic[T]):
    """One worker process and the pipe to it; runs one task at a time."""

    def __init__(self, context: Any, fn: Callable[[T], Any], memory_mb: int | None) -> None:
        self.conn, child = context.Pipe()
        self.process = context.Process(
            target=_worker_main, args=(child, fn, memory_mb), daemon=True
        )
        self.process.start()
        child.close()
        self.task: tuple[int, T] | None = None
        self.started = 0.0
        self.deadline: float | None = None  # seconds the task may take, or None

    def give(self, index: int, item: T, deadline: float | None) -> None:
        self.task = (index, item)
        self.started = time.monotonic()
        self.deadline = deadline
        self.conn.send(item)

    def collect(self) -> tuple[str, Any] | None:
        """The task's ``(status, value)``, or None when the worker died or overran."""
        if self.overran():
            return None
        try:
            if self.conn.poll():
                status, value = self.conn.recv()
                return ("ok", value) if status == "ok" else ("raised", value)
        except (EOFError, OSError):
            pass
        return None

    def overran(self) -> bool:
        return self.deadline is not None and time.monotonic() - self.started > self.deadline

    def ends_by(self) -> float | None:
        return None if self.deadline is None else self.started + self.deadline

    def failure(self, memory_mb: int | None) -> str:
        """Why the task yielded no result, in words for the report."""
        if self.overran() and self.process.is_alive():
            return f"its reader did not finish within {self.deadline:.0f} seconds and was stopped"
        self.process.join(1)
        code = self.process.exitcode
        if code is not None and code < 0:
            try:
                name = signal.Signals(-code).name
            except ValueError:
                name = f"signal {-code}"
            cap = (
                f" (memory cap {memory_mb} MB)"
                if memory_mb and name in ("SIGABRT", "SIGKILL", "SIGSEGV")
                else ""
            )
            return f"its reader crashed ({name}){cap}"
        return f"its reader stopped unexpectedly (exit code {code})"

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()


def _wait(busy: list[_Worker[Any]]) -> list[_Worker[Any]]:
    """The busy workers that have a result, died, or overran (blocking until one has)."""
    from multiprocessing.connection import wait

    if not busy:
        return []
    ends = [end for end in (w.ends_by() for w in busy) if end is not None]
    timeout = max(0.0, min(ends) - time.monotonic()) + 0.05 if ends else None
    ready = set(wait([w.conn for w in busy] + [w.process.sentinel for w in busy], timeout))
    return [w for w in busy if w.conn in ready or w.process.sentinel in ready or w.overran()]


def _worker_main(conn: Any, fn: Callable[[Any], Any], memory_mb: int | None) -> None:
    """In the worker: cap memory, then run tasks until the parent closes the pipe."""
    if memory_mb:
        try:
            import resource

            # on top of what the forked worker starts with (the parent's address space: small
            # for the CLI, large in a long-running service or a test session)
            cap = _address_space() + memory_mb * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
        except (ImportError, ValueError, OSError):  # not POSIX, or a lower hard limit
            pass
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    import faulthandler

    faulthandler.disable()  # a crash here is reported as a finding, not as a stack dump
    while True:
        try:
            item = conn.recv()
        except (EOFError, OSError):
            return
        try:
            reply: tuple[str, Any] = ("ok", fn(item))
        except BaseException as exc:  # handed to the parent, which raises it there
            reply = ("raised", exc)
        try:
            conn.send(reply)
        except (OSError, ValueError, TypeError) as exc:  # e.g. an exception that will not pickle
            conn.send(("raised", RuntimeError(f"{type(exc).__name__}: {exc}")))


def _address_space() -> int:
    """This process's virtual memory size in bytes (Linux), else 0."""
    try:
        with open("/proc/self/statm", encoding="ascii") as handle:
            return int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _run_dask(
    fn: Callable[[T], R], items: Iterable[T], jobs: int, scheduler: str | None
) -> Iterator[R]:
    """``fn`` over ``items`` on a dask.distributed cluster, in order, bounded in flight."""
    import importlib

    try:  # through importlib: distributed is untyped, and optional
        distributed: Any = importlib.import_module("distributed")
    except ImportError as exc:
        raise AgreementError(
            "--executor dask needs dask.distributed, which is not installed\n"
            "  hint: pip install 'agreement-builder[dask]'"
        ) from exc
    import logging

    cluster: Any = None
    try:
        if scheduler:
            client = distributed.Client(scheduler)
        else:
            cluster = distributed.LocalCluster(
                n_workers=max(jobs, 1),
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
            )
            client = distributed.Client(cluster)
    except OSError as exc:
        raise AgreementError(f"cannot reach the dask scheduler {scheduler}: {exc}") from exc
    try:
        workers = len(client.scheduler_info().get("workers", {})) or max(jobs, 1)

        def submit(task: Callable[..., Any], item: Any) -> Any:
            return client.submit(task, item, pure=False)

        yield from ordered_map(submit, fn, items, window=max(workers, jobs) * 4)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def render_pdfs(pages: list[str], jobs: int) -> list[bytes]:
    """The PDF of each HTML page: in this process with one engine, or laid out by ``jobs``
    worker processes (each starts WeasyPrint once) when there are several."""
    if jobs <= 1 or len(pages) < 2:
        from .render.pdf import PdfEngine

        engine = PdfEngine()
        return [engine.render(page) for page in pages]
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=min(jobs, len(pages))) as pool:
        return list(pool.map(_render_pdf, pages))


_WORKER_ENGINE: Any = None


def _render_pdf(html: str) -> bytes:
    """In a worker process: one PdfEngine for every PDF this worker lays out."""
    global _WORKER_ENGINE
    if _WORKER_ENGINE is None:
        from .render.pdf import PdfEngine

        _WORKER_ENGINE = PdfEngine()
    data: bytes = _WORKER_ENGINE.render(html)
    return data
