"""Where work runs: in this process, in a process pool, or on a dask.distributed cluster.

Results always come back in input order with a bounded number of tasks in flight, so a run
over a million files keeps memory flat. Nothing here knows what the work is.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

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
