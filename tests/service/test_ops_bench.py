"""bench.service_load's table and how it goes into docs/benchmarks.md (the load itself runs
with ``python -m bench.service_load``; tests/service/test_ops_server.py starts the server)."""

from __future__ import annotations

import argparse
from collections import Counter

from bench.service_load import BEGIN, END, Phase, multipart, splice, table


def phase(name: str, latencies: list[float], statuses: dict[int, int]) -> Phase:
    return Phase(
        name,
        requests=len(latencies),
        seconds=len(latencies) / 25,  # 25 a second
        latencies=latencies,
        statuses=Counter(statuses),
        peak_rss=300 * 1024 * 1024,
        rss_after=[200 * 1024 * 1024] * 100 + [210 * 1024 * 1024] * 100,
    )


def test_the_table_has_throughput_quantiles_memory_and_answers() -> None:
    args = argparse.Namespace(quick=False, workers=2, concurrency=8, pdf_concurrency=4, repeat=3)
    lint = {"gthread": phase("lint", [1.0] * 95 + [3.0] * 5, {200: 100})}
    pdf = phase("pdf", [2.0] * 28 + [9.0] * 2, {200: 28, 429: 2})
    memory = phase("memory", [0.5] * 200, {200: 200})
    three = {"service": 1.5, "cli": 4.0, "soffice": None}
    text = table(args, lint, pdf, 6.0, memory, three, "45 CUAD development texts, cycled")
    assert (
        "| lint, concurrency 8, `gthread` workers | 100 | 25.0/s | 1.00 s | 3.00 s | 300 MB | 200: 100 |"
        in text
    )
    assert "| 200: 28, 429: 2 |" in text
    assert "after the first 100 200 MB, after the last 100 210 MB (+5.0%)" in text
    assert "| service, warm pool (`POST /api/v1/build?format=pdf`) | 1.50 |" in text
    assert (
        "| LibreOffice, our DOCX (`soffice --headless --convert-to pdf`) | not installed |" in text
    )


def test_write_replaces_only_its_own_block() -> None:
    first = splice("# Benchmarks\n\nolder text\n", "table one")
    assert first.startswith("# Benchmarks\n\nolder text\n\n## The service under load")
    assert f"{BEGIN}\ntable one\n{END}" in first
    again = splice(first + "\nafter the block\n", "table two")
    assert "table one" not in again and f"{BEGIN}\ntable two\n{END}" in again
    assert again.count(BEGIN) == 1 and again.endswith("after the block\n")
    assert "older text" in again


def test_multipart_body_carries_the_file_under_its_name() -> None:
    body, content_type = multipart("document", "deal.txt", b"The Parties agree.")
    boundary = content_type.split("boundary=")[1]
    assert body.startswith(f"--{boundary}\r\n".encode())
    assert b'name="document"; filename="deal.txt"' in body
    assert b"\r\n\r\nThe Parties agree.\r\n" in body
    assert body.endswith(f"--{boundary}--\r\n".encode())
