"""The PDF pool: warm processes, recycled after N renders, bounded (429), stopped on time
(503), and gone after shutdown. Real WeasyPrint renders, read back with pypdfium2."""

from __future__ import annotations

import threading
import time

import psutil
import pypdfium2 as pdfium
import pytest

from agreement_builder.service.pool import PdfPool, PoolFull, RenderTimeout


def page(title: str, paragraphs: int = 1) -> str:
    body = "".join(f"<p>Clause {i}: the Parties agree as follows.</p>" for i in range(paragraphs))
    return f"<html><body><h1>{title}</h1>{body}</body></html>"


SLOW = page("Slow", 6000)  # half a minute of layout: stopped long before
BUSY = page("Busy", 600)  # a couple of seconds


def pdf_text(data: bytes) -> str:
    document = pdfium.PdfDocument(data)
    try:
        return "".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    finally:
        document.close()


def wait_for(condition, seconds: float = 30.0) -> None:  # type: ignore[no-untyped-def]
    end = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < end, "condition not met in time"
        time.sleep(0.02)


def test_renders_warm_and_recycles_after_n() -> None:
    pool = PdfPool(workers=1, queue_size=0, recycle_after=2)
    try:
        [first_pid] = pool.child_pids()
        texts = [
            pdf_text(pool.render(page(f"Agreement number {i}"), timeout=120)) for i in range(3)
        ]
        assert [f"Agreement number {i}" in t for i, t in enumerate(texts)] == [True] * 3
        [second_pid] = pool.child_pids()
        assert second_pid != first_pid  # retired after 2 renders, a fresh one in its place
        assert not psutil.pid_exists(first_pid) or psutil.Process(first_pid).status() == "zombie"
        assert (pool.stats.renders, pool.stats.recycled) == (3, 1)
        # the retired process got ready (import, fonts, warm-up page) once, then rendered twice
        assert len(pool.stats.ready_seconds) == 1 and pool.stats.ready_seconds[0] > 0
        assert len(pool.stats.render_seconds) == 3
    finally:
        pool.shutdown()


def test_a_full_queue_is_refused_at_once_with_retry_after() -> None:
    pool = PdfPool(workers=1, queue_size=1, recycle_after=50)
    results: list[object] = []
    try:
        threads = [
            threading.Thread(target=lambda: results.append(pool.render(BUSY, timeout=120)))
            for _ in range(2)
        ]
        for thread in threads:
            thread.start()
        wait_for(lambda: pool.in_flight == 2)  # one rendering, one waiting: the queue is full
        began = time.monotonic()
        with pytest.raises(PoolFull) as refused:
            pool.render(page("Third"), timeout=120)
        assert time.monotonic() - began < 1.0  # refused at once, not after a wait
        assert refused.value.retry_after >= 1
        assert "1 PDF builds are already waiting" in str(refused.value)
        assert pool.stats.refused == 1
        for thread in threads:
            thread.join(120)
        assert len(results) == 2 and all(isinstance(r, bytes) for r in results)
        assert "Third" in pdf_text(pool.render(page("Third"), timeout=120))  # room again
    finally:
        pool.shutdown()


def test_a_render_past_its_time_is_killed_and_replaced() -> None:
    pool = PdfPool(workers=1, queue_size=0, recycle_after=50)
    try:
        assert "Warm" in pdf_text(pool.render(page("Warm"), timeout=120))
        [pid] = pool.child_pids()
        began = time.monotonic()
        with pytest.raises(RenderTimeout):
            pool.render(SLOW, timeout=0.5)
        assert time.monotonic() - began < 5
        assert pool.stats.killed == 1
        assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == "zombie"
        [fresh] = pool.child_pids()
        assert fresh != pid
        assert "After" in pdf_text(pool.render(page("After"), timeout=120))
    finally:
        pool.shutdown()


def test_shutdown_stops_every_process() -> None:
    pool = PdfPool(workers=2, queue_size=0, recycle_after=50)
    pids = pool.child_pids()
    assert len(pids) == 2
    pool.render(page("Once"), timeout=120)
    pool.shutdown()
    assert pool.child_pids() == []
    for pid in pids:
        assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == "zombie"


def test_reviews_take_turns_within_their_time() -> None:
    from agreement_builder.service.pool import review_slot
    from agreement_builder.service.settings import Settings

    settings = Settings(review_processes=1)
    holding = threading.Event()
    release = threading.Event()

    def hold() -> None:
        with review_slot(settings, timeout=5):
            holding.set()
            release.wait(10)

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert holding.wait(5)
        began = time.monotonic()
        with pytest.raises(RenderTimeout), review_slot(settings, timeout=0.3):
            pass
        assert 0.25 < time.monotonic() - began < 3  # waited its time, then gave up
    finally:
        release.set()
        holder.join(10)
    with review_slot(settings, timeout=1):  # free again
        pass
    two = Settings(review_processes=2)
    with review_slot(two, timeout=0.1), review_slot(two, timeout=0.1):  # two turns at once
        pass
