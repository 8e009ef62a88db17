"""The service under load, on loopback: ``python -m bench.service_load [--write docs/benchmarks.md]``.

Starts ``agreement serve`` (gunicorn, ``--workers 2``) on a free port and drives it with
threads and ``http.client`` (no dependency; wrk is not needed):

- ``lint``: 300 ``POST /api/v1/lint`` of CUAD contracts (``/work/shared/corpus/cuad-dev``,
  else ``AGREEMENT_CUAD_DEV``, else the lint fixtures of tests/fixtures) at concurrency 8;
- ``pdf``: 30 ``POST /api/v1/build?format=pdf`` of the sample specs at concurrency 4; the
  first build (the pool's processes still starting) is reported apart from the warm ones;
- ``memory``: 1,000 more lint requests, of short documents (the lint fixtures and the
  sample draft: what is measured is what a request leaves behind in the workers, not the
  documents' size), the RSS of the whole service (gunicorn master, workers, lint processes
  and PDF processes, summed) after each; the median of the first 100 against the last 100;
- one PDF of samples/strategic_alliance.yaml three ways in the same run: the warm service,
  the CLI as a whole process (``agreement build --format pdf``), and LibreOffice converting
  our DOCX (``soffice --headless --convert-to pdf``), median of three each.

Every answer must be 200 or 429 (counted; anything else is listed and the run exits 1).
Peak memory is sampled every 50 ms. ``--classes gthread,sync`` runs the lint phase again
under each further gunicorn worker class (``--class-requests`` of them, 100 by default). ``--write FILE`` puts the table between this module's markers
in FILE (docs/benchmarks.md); ``--quick`` runs a tenth of everything.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CUAD_DEV = Path(os.environ.get("AGREEMENT_CUAD_DEV", "/work/shared/corpus/cuad-dev"))
FIXTURES = ROOT / "tests" / "fixtures" / "lint"
SPECS = sorted((ROOT / "samples").glob("*.yaml"))
SAMPLE = ROOT / "samples" / "strategic_alliance.yaml"
BEGIN = "<!-- bench.service_load: generated from here -->"
END = "<!-- bench.service_load: generated to here -->"


def documents() -> list[Path]:
    """The CUAD development texts, or the lint fixtures when the corpus is absent."""
    found = sorted((CUAD_DEV / "texts").glob("*.txt")) if CUAD_DEV.is_dir() else []
    return found or sorted(p for p in FIXTURES.iterdir() if p.suffix in (".txt", ".md"))


def short_documents() -> list[Path]:
    """Small documents for the long memory run."""
    return [
        *sorted(p for p in FIXTURES.iterdir() if p.suffix in (".txt", ".md")),
        ROOT / "samples" / "documents" / "partner_draft.txt",
    ]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


# ---------------------------------------------------------------- the server


class Server:
    """``agreement serve`` as a subprocess, in a folder of its own (no agreement.toml)."""

    def __init__(self, workers: int, worker_class: str, env: dict[str, str] | None = None):
        self.port = free_port()
        self.work = Path(tempfile.mkdtemp(prefix="service-load-"))
        self.log = (self.work / "server.log").open("wb")
        environ = {**os.environ, **(env or {}), "AGREEMENT_WORKER_CLASS": worker_class}
        environ["PYTHONPATH"] = os.pathsep.join(
            filter(None, (str(ROOT), environ.get("PYTHONPATH")))
        )
        self.process = subprocess.Popen(
            [sys.executable, "-m", "agreement_builder", "serve", "--port", str(self.port),
             "--workers", str(workers)],
            cwd=self.work, env=environ, stdout=self.log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        self.wait_ready()

    def wait_ready(self, seconds: float = 60) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            if self.process.poll() is not None:
                raise SystemExit(
                    f"the server exited ({self.process.returncode}); see {self.log.name}"
                )
            try:
                if request(self.port, "GET", "/api/v1/health")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise SystemExit("the server did not answer /api/v1/health within a minute")

    def stop(self) -> int:
        self.process.terminate()
        code = self.process.wait(60)
        self.log.close()
        shutil.rmtree(self.work, ignore_errors=True)
        return code


def tree_rss(pid: int) -> int:
    """Bytes of resident memory of ``pid`` and every process below it."""
    import psutil

    try:
        root = psutil.Process(pid)
        processes = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0
    total = 0
    for process in processes:
        with contextlib.suppress(psutil.NoSuchProcess):
            total += process.memory_info().rss
    return total


class Sampler:
    """The peak of :func:`tree_rss` every 50 ms while it runs."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak, self._stop = pid, 0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(0.05):
            self.peak = max(self.peak, tree_rss(self.pid))

    def __enter__(self) -> Sampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


# ---------------------------------------------------------------- requests


def request(
    port: int,
    method: str,
    path: str,
    body: bytes = b"",
    headers: dict[str, str] | None = None,
    timeout: float = 600,
) -> tuple[int, bytes, dict[str, str]]:
    """One HTTP request to the service on loopback: status, body, headers."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path, body=body or None, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read(), dict(response.getheaders())
    finally:
        connection.close()


def multipart(field_name: str, filename: str, data: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{field_name}"; '
            f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'
        ).encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return body, f"multipart/form-data; boundary={boundary}"


def lint_call(path: Path) -> Callable[[int], tuple[int, bytes, dict[str, str]]]:
    body, content_type = multipart("document", path.name, path.read_bytes())
    return lambda port: request(port, "POST", "/api/v1/lint", body, {"Content-Type": content_type})


def build_call(spec: Path, fmt: str = "pdf") -> Callable[[int], tuple[int, bytes, dict[str, str]]]:
    body = spec.read_bytes()
    headers = {"Content-Type": "application/yaml", "Accept": "application/pdf"}
    return lambda port: request(port, "POST", f"/api/v1/build?format={fmt}", body, headers)


@dataclass
class Phase:
    name: str
    requests: int = 0
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)
    peak_rss: int = 0
    rss_after: list[int] = field(default_factory=list)
    odd: list[str] = field(default_factory=list)  # answers neither 200 nor 429

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def quantile(self, q: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0


def run_phase(
    name: str,
    server: Server,
    calls: Sequence[Callable[[int], tuple[int, bytes, dict[str, str]]]],
    concurrency: int,
    track_rss: bool = False,
) -> Phase:
    phase = Phase(name, len(calls))
    lock = threading.Lock()

    def one(call: Callable[[int], tuple[int, bytes, dict[str, str]]]) -> None:
        began = time.perf_counter()
        try:
            status, body, _ = call(server.port)
        except OSError as error:
            status, body = 0, str(error).encode()
        elapsed = time.perf_counter() - began
        rss = tree_rss(server.process.pid) if track_rss else 0
        with lock:
            phase.latencies.append(elapsed)
            phase.statuses[status] += 1
            if track_rss:
                phase.rss_after.append(rss)
            if status not in (200, 429):
                phase.odd.append(f"{status}: {body[:200]!r}")

    with Sampler(server.process.pid) as sampler, ThreadPoolExecutor(concurrency) as pool:
        began = time.perf_counter()
        list(pool.map(one, calls))
        phase.seconds = time.perf_counter() - began
    phase.peak_rss = sampler.peak
    return phase


# ---------------------------------------------------------------- PDF three ways


def median_seconds(action: Callable[[], object], times: int) -> float:
    spent = []
    for _ in range(times):
        began = time.perf_counter()
        action()
        spent.append(time.perf_counter() - began)
    return statistics.median(spent)


def cli(*args: str, cwd: Path) -> None:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, (str(ROOT), os.environ.get("PYTHONPATH")))),
    }
    subprocess.run([sys.executable, "-m", "agreement_builder", *args], cwd=cwd, env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip


def pdf_three_ways(server: Server, times: int) -> dict[str, float | None]:
    work = Path(tempfile.mkdtemp(prefix="service-pdf-"))
    try:
        call = build_call(SAMPLE)
        call(server.port)  # this worker's pool warm too

        def service() -> None:
            status, _, _ = call(server.port)
            if status != 200:
                raise SystemExit(f"service PDF build answered {status}")

        result: dict[str, float | None] = {"service": median_seconds(service, times)}
        result["cli"] = median_seconds(
            lambda: cli("build", str(SAMPLE), "-o", str(work / "cli"), "--format", "pdf", cwd=work),
            times,
        )
        cli("build", str(SAMPLE), "-o", str(work / "docx"), "--format", "docx", cwd=work)
        soffice = shutil.which("soffice") or shutil.which("libreoffice")
        if soffice is None:
            result["soffice"] = None
            return result
        profile = (work / "lo-profile").as_uri()
        docx = work / "docx" / f"{SAMPLE.stem}.docx"

        def libreoffice() -> None:
            subprocess.run(
                [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                 "--outdir", str(work / "lo"), str(docx)],
                check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300,
            )  # fmt: skip

        libreoffice()  # the profile is made on the first run; not counted
        result["soffice"] = median_seconds(libreoffice, times)
        return result
    finally:
        shutil.rmtree(work, ignore_errors=True)


# ---------------------------------------------------------------- the table


def mb(n: int) -> str:
    return f"{n / 1024 / 1024:,.0f} MB"


def row(phase: Phase, label: str) -> str:
    statuses = ", ".join(f"{s}: {n}" for s, n in sorted(phase.statuses.items()))
    return (
        f"| {label} | {phase.requests} | {phase.rate:.1f}/s | {phase.quantile(0.5):.2f} s "
        f"| {phase.quantile(0.95):.2f} s | {mb(phase.peak_rss)} | {statuses} |"
    )


def table(
    args: argparse.Namespace,
    lint: dict[str, Phase],
    pdf: Phase | None,
    first_pdf: float | None,
    memory: Phase | None,
    three: dict[str, float | None] | None,
    corpus: str,
) -> str:
    lines = [
        f"Measured {date.today().isoformat()} on loopback, {os.cpu_count()} cores shared, "
        f"`python -m bench.service_load{' --quick' if args.quick else ''}`: `agreement serve "
        f"--workers {args.workers}` (gunicorn, default settings: {_pool_words()}); documents: "
        f"{corpus}.",
        "",
        "| phase | requests | throughput | p50 | p95 | peak RSS (all processes) | answers |",
        "|---|---|---|---|---|---|---|",
    ]
    for worker_class, phase in lint.items():
        lines.append(row(phase, f"lint, concurrency {args.concurrency}, `{worker_class}` workers"))
    if pdf is not None:
        lines.append(row(pdf, f"PDF build, concurrency {args.pdf_concurrency}"))
    if memory is not None:
        lines.append(
            row(memory, f"lint, short documents (memory run), concurrency {args.concurrency}")
        )
    lines.append("")
    if memory is not None and len(memory.rss_after) >= 200:
        first = statistics.median(memory.rss_after[:100])
        last = statistics.median(memory.rss_after[-100:])
        lines.append(
            f"Memory over {memory.requests} requests: median RSS after the first 100 "
            f"{mb(int(first))}, after the last 100 {mb(int(last))} "
            f"({(last - first) / first:+.1%})."
        )
    if first_pdf is not None and pdf is not None:
        warm = f"{three['service']:.2f} s" if three else "(not measured)"
        lines.append(
            f"First PDF build of samples/{SAMPLE.name} by a fresh worker (its pool still "
            f"starting: WeasyPrint imported, fonts set up, a warm-up page) {first_pdf:.2f} s; "
            f"the same spec from the warm pool, one at a time, {warm} (below); under load "
            f"(concurrency {args.pdf_concurrency}, every sample spec) p50 "
            f"{pdf.quantile(0.5):.2f} s."
        )
    if three is not None:
        lines += [
            "",
            f"One PDF of samples/{SAMPLE.name}, median of {args.repeat}, same run:",
            "",
            "| how | seconds |",
            "|---|---|",
            f"| service, warm pool (`POST /api/v1/build?format=pdf`) | {three['service']:.2f} |",
            f"| CLI, whole process (`agreement build --format pdf`) | {three['cli']:.2f} |",
        ]
        soffice = three.get("soffice")
        lines.append(
            "| LibreOffice, our DOCX (`soffice --headless --convert-to pdf`) | "
            + (f"{soffice:.2f} |" if soffice is not None else "not installed |")
        )
    return "\n".join(lines)


def splice(existing: str, section: str) -> str:
    block = f"{BEGIN}\n{section.rstrip()}\n{END}"
    head, sep, rest = existing.partition(BEGIN)
    if not sep:
        heading = "## The service under load (issue 17, `python -m bench.service_load`)"
        return f"{existing.rstrip()}\n\n{heading}\n\n{block}\n"
    _, sep2, tail = rest.partition(END)
    if not sep2:
        raise SystemExit(f"{BEGIN!r} without {END!r}: fix the file by hand")
    return f"{head}{block}{tail}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--pdf", type=int, default=30)
    parser.add_argument("--pdf-concurrency", type=int, default=4)
    parser.add_argument("--memory-requests", type=int, default=1000)
    parser.add_argument("--class-requests", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--classes", default="gthread", help="worker classes to run lint under")
    parser.add_argument("--quick", action="store_true", help="a tenth of every count")
    parser.add_argument("--write", type=Path, help="put the table into this Markdown file")
    args = parser.parse_args(argv)
    if args.quick:
        args.requests, args.pdf = max(args.requests // 10, 8), max(args.pdf // 10, 4)
        args.memory_requests, args.repeat = max(args.memory_requests // 10, 200), 1
        args.class_requests = max(args.class_requests // 10, 8)
    docs = documents()
    corpus = (
        f"{len(docs)} CUAD development texts, cycled"
        if docs and docs[0].is_relative_to(CUAD_DEV)
        else "tests/fixtures/lint (CUAD absent)"
    )
    lint_calls = [lint_call(docs[i % len(docs)]) for i in range(args.requests)]
    lint: dict[str, Phase] = {}
    pdf = memory = None
    first_pdf = None
    three = None
    odd: list[str] = []
    for position, worker_class in enumerate(args.classes.split(",")):
        server = Server(args.workers, worker_class)
        try:
            print(f"lint under {worker_class} ...", file=sys.stderr)
            calls = lint_calls[: args.class_requests] if position else lint_calls
            lint[worker_class] = run_phase("lint", server, calls, args.concurrency)
            odd += lint[worker_class].odd
            if position:
                continue
            print("PDF builds ...", file=sys.stderr)
            began = time.perf_counter()
            status, body, _ = build_call(SAMPLE)(server.port)
            first_pdf = time.perf_counter() - began
            if status != 200:
                raise SystemExit(f"the first PDF build answered {status}: {body[:300]!r}")
            pdf_calls = [build_call(SPECS[i % len(SPECS)]) for i in range(args.pdf)]
            pdf = run_phase("pdf", server, pdf_calls, args.pdf_concurrency)
            odd += pdf.odd
            print("PDF three ways ...", file=sys.stderr)
            three = pdf_three_ways(server, args.repeat)
            print(f"memory run of {args.memory_requests} ...", file=sys.stderr)
            short = short_documents()
            memory_calls = [lint_call(short[i % len(short)]) for i in range(args.memory_requests)]
            memory = run_phase("memory", server, memory_calls, args.concurrency, track_rss=True)
            odd += memory.odd
        finally:
            code = server.stop()
            if code != 0:
                odd.append(f"the server exited {code} on SIGTERM")
    text = table(args, lint, pdf, first_pdf, memory, three, corpus)
    print(text)
    if odd:
        print("\nanswers other than 200 or 429:\n" + "\n".join(odd[:20]), file=sys.stderr)
    if args.write:
        existing = args.write.read_text(encoding="utf-8") if args.write.is_file() else ""
        args.write.write_text(splice(existing, text), encoding="utf-8")
    return 1 if odd else 0


def _pool_words() -> str:
    """The PDF pool the defaults give each worker, as the table's head says it."""
    from agreement_builder.service.settings import Settings

    defaults = Settings()
    return (
        f"{defaults.threads} threads and a PDF pool of {defaults.pdf_workers} process"
        f"{'es' if defaults.pdf_workers != 1 else ''} with {defaults.pdf_queue} waiting a worker"
    )


if __name__ == "__main__":
    sys.exit(main())
