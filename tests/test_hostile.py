"""The hostile battery (tests/hostile/make_hostile.py) through every command that takes it.

Each command runs in a subprocess under a 1.5 GB address-space limit and a timeout, and must
end with the documented exit code and one clear message naming the file and the problem:
never a traceback, never an "internal error". Rendering never evaluates spec values as
templates and never fetches anything; outputs are written atomically and only where asked.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
import zipfile
import zlib
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

from tests.hostile import make_hostile
from tests.hostile.make_hostile import CANARY_TEXT, CASES, Case

from .conftest import ROOT

MEMORY_LIMIT = 1536 * 1024 * 1024  # RLIMIT_AS for every subprocess
# The limit is set in the child before the CLI is imported (like a preexec_fn, but safe to
# start from several threads at once).
AGREEMENT = [
    sys.executable,
    "-c",
    "import resource, runpy, sys; "
    f"resource.setrlimit(resource.RLIMIT_AS, ({MEMORY_LIMIT}, {MEMORY_LIMIT})); "
    "sys.argv[0] = 'agreement'; runpy.run_module('agreement_builder', run_name='__main__')",
]
TIMEOUT = 60.0
SPEC_CASES = [c for c in CASES if c.target == "spec"]
DOC_CASES = [c for c in CASES if c.target == "document"]
SPEC_COMMANDS = ("validate", "check", "build")


# ---------------------------------------------------------------- running the CLI


@dataclass
class Run:
    args: list[str]
    code: int
    out: str
    err: str
    seconds: float
    peak_mb: int = 0  # the runner's peak resident memory so far (battery runs only)

    @property
    def output(self) -> str:
        return self.out + self.err

    def __str__(self) -> str:  # shown when an assertion fails
        return f"$ agreement {' '.join(self.args)}\nexit {self.code}\n{self.output[-3000:]}"


def agreement(*args: str | Path, cwd: Path | None = None, timeout: float = TIMEOUT) -> Run:
    """Run the CLI in a subprocess with a memory limit; fail the test on timeout."""
    argv = [str(a) for a in args]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_PROXY": "*", "no_proxy": "*"}
    started = time.monotonic()
    try:
        done = subprocess.run(
            [*AGREEMENT, *argv],
            cwd=cwd or ROOT,
            env=env,
            capture_output=True,
            text=True,
            errors="replace",
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"agreement {' '.join(argv)}: still running after {timeout:.0f} s")
    return Run(argv, done.returncode, done.stdout, done.stderr, time.monotonic() - started)


def assert_clean(run: Run) -> None:
    """No traceback, no internal error, no out-of-memory, within the time bound."""
    assert "Traceback" not in run.output, run
    assert "internal error" not in run.output, run
    assert "MemoryError" not in run.output, run
    assert run.code in (0, 1, 2), run
    assert run.seconds < TIMEOUT, run
    assert run.peak_mb < 1024, run  # far below the 1.5 GB the child may use


# ---------------------------------------------------------------- the battery and a canary


class _Canary(BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.hits.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def canary() -> Iterator[tuple[str, list[str]]]:
    """A local web server: any request it receives is a fetch that should never happen."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Canary)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", _Canary.hits
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def hostile(tmp_path_factory: pytest.TempPathFactory, canary: tuple[str, list[str]]) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    started = time.monotonic()
    make_hostile.generate(folder, canary[0])
    assert time.monotonic() - started < 30, "the generator must stay light"
    return folder


def agreement_many(commands: list[list[str]], timeout: float) -> dict[tuple[str, ...], Run]:
    """Many command lines in one child under the memory limit (tests/hostile/run_many.py)."""
    started = time.monotonic()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_PROXY": "*", "no_proxy": "*"}
    with subprocess.Popen(
        [sys.executable, str(ROOT / "tests" / "hostile" / "run_many.py"), str(MEMORY_LIMIT)],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        errors="replace",
    ) as child:
        try:
            out, err = child.communicate(json.dumps(commands), timeout=timeout)
        except subprocess.TimeoutExpired:
            child.kill()
            out, err = child.communicate()
            last = [json.loads(x) for x in out.splitlines() if x.startswith('{"start"')]
            pytest.fail(f"still running after {timeout:.0f} s: {last[-1] if last else '-'}")
    runs: dict[tuple[str, ...], Run] = {}
    current: list[str] = []
    for line in out.splitlines():
        item = json.loads(line)
        if "start" in item:
            current = item["start"]
            continue
        runs[tuple(item["args"])] = Run(
            item["args"],
            item["code"],
            item["out"],
            item["err"],
            item["seconds"],
            item["peak_rss_mb"],
        )
    assert child.returncode == 0, f"the runner died ({child.returncode}) in {current}: {err}"
    assert len(runs) == len(commands), f"the runner stopped in {current}: {err}"
    assert time.monotonic() - started < timeout
    return runs


def _spec_command(case: Case, command: str, hostile: Path) -> list[str]:
    path = str(hostile / case.name)
    if command == "build":
        return ["build", path, "-o", str(hostile / "out" / case.name), "--format", "html,docx"]
    return [command, path]


def _doc_command(case: Case, hostile: Path) -> list[str]:
    return ["lint", str(hostile / case.name), "--format", "json"]


@pytest.fixture(scope="session")
def battery(hostile: Path) -> dict[tuple[str, ...], Run]:
    """Every hostile spec through validate, check and build, and every document through
    lint: two children (specs, documents) running side by side."""
    specs = [
        _spec_command(c, cmd, hostile)
        for c in SPEC_CASES
        if c.outcome == "refused"
        for cmd in SPEC_COMMANDS
    ]
    docs = [_doc_command(c, hostile) for c in DOC_CASES]
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda cmds: agreement_many(cmds, 4 * TIMEOUT), (specs, docs)))
    return {**results[0], **results[1]}


def _findings(run: Run) -> list[dict[str, object]]:
    data = json.loads(run.out)
    return [f for doc in data["documents"] for f in doc["findings"]]


# ---------------------------------------------------------------- the generator


def test_generator_writes_every_case(hostile: Path) -> None:
    names = {c.name for c in CASES}
    assert len(names) == len(CASES)
    for name in names:
        assert (hostile / name).is_file(), name
    total = sum((hostile / n).stat().st_size for n in names)
    assert total < 120 * 1024 * 1024


def test_zip_bomb_is_real(hostile: Path) -> None:
    """The bomb's central directory honestly claims 1 GiB from about 1 MB."""
    with zipfile.ZipFile(hostile / "zip_bomb.docx") as archive:
        info = archive.getinfo("word/document.xml")
        assert info.file_size == 1 << 30
        assert info.compress_size < 2 * 1024 * 1024
        with archive.open(info) as handle:  # the first megabytes really are zeros
            assert handle.read(4 << 20) == bytes(4 << 20)
    crc = 0
    chunk = bytes(1 << 20)
    for _ in range(1024):
        crc = zlib.crc32(chunk, crc)
    assert crc == make_hostile._ZEROS_CRC


# ---------------------------------------------------------------- specs


@pytest.mark.parametrize("command", SPEC_COMMANDS)
@pytest.mark.parametrize(
    "case", [c for c in SPEC_CASES if c.outcome == "refused"], ids=lambda c: c.name
)
def test_hostile_spec_refused(
    case: Case, command: str, battery: dict[tuple[str, ...], Run], hostile: Path
) -> None:
    run = battery[tuple(_spec_command(case, command, hostile))]
    assert_clean(run)
    assert run.code == 2, run
    assert str(hostile / case.name) in run.err, run
    assert case.problem in run.err.lower(), run
    assert not (hostile / "PWNED").exists(), "a YAML tag ran code"
    if command == "build":
        assert not (hostile / "out" / case.name).exists(), run


def test_python_tags_construct_nothing(hostile: Path) -> None:
    run = agreement("validate", hostile / "yaml_python_object.yaml")
    assert run.code == 2, run
    assert "python/object/apply" in run.err
    assert not (hostile / "PWNED").exists()


def test_injection_spec_validates_and_checks(hostile: Path) -> None:
    spec = hostile / "spec_injection.yaml"
    run = agreement("validate", spec)
    assert_clean(run)
    assert run.code == 0, run
    run = agreement("check", spec)
    assert_clean(run)
    assert run.code in (0, 1), run


def _docx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    return html.unescape(re.sub(r"<[^>]+>", "", xml))


def _pdf_facts(path: Path) -> tuple[str, int]:
    """The PDF's text (whitespace squeezed) and how many image objects it has."""
    import pypdfium2
    import pypdfium2.raw as pdfium_c

    document = pypdfium2.PdfDocument(path)
    texts: list[str] = []
    images = 0
    try:
        for index in range(len(document)):
            page = document[index]
            texts.append(page.get_textpage().get_text_range())
            images += sum(1 for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE]))
    finally:
        document.close()
    return " ".join(" ".join(texts).split()), images


def test_injection_rendered_literally_and_nothing_fetched(
    hostile: Path, tmp_path: Path, canary: tuple[str, list[str]]
) -> None:
    url, hits = canary
    canary_file = (hostile / "canary.txt").resolve()
    values = make_hostile.injection_values(url, canary_file)
    run = agreement(
        "build", hostile / "spec_injection.yaml", "-o", tmp_path, "--format", "html,docx,pdf"
    )
    assert_clean(run)
    assert run.code == 0, run
    page = (tmp_path / "spec_injection.html").read_text(encoding="utf-8")
    docx_text = _docx_text(tmp_path / "spec_injection.docx")
    pdf_text, images = _pdf_facts(tmp_path / "spec_injection.pdf")
    for name, value in values.items():
        assert (
            html.escape(value, quote=False) in page.replace("&#x27;", "'").replace("&quot;", '"')
            or html.escape(value) in page
        ), f"{name} not literal in the HTML"
        assert value in docx_text, f"{name} not literal in the DOCX"
    # PDF text extraction may break long values across lines; their words must all be there.
    for fragment in ("{{ ''.__class__.__mro__ }}", "{% for x in range(3) %}", "<script>"):
        assert fragment in pdf_text, fragment
    assert "file:///etc/passwd" in pdf_text
    for raw in ("<script", "<img", "<link", "<style>@import", 'style="background'):
        assert raw not in page.split("</style>", 1)[-1], f"raw markup {raw!r} in the HTML"
    assert "LOOPLOOP" not in page + docx_text + pdf_text, "a Jinja loop was evaluated"
    assert "<class" not in page + docx_text + pdf_text, "a Jinja expression was evaluated"
    assert images == 0, "the PDF holds an image: something was fetched"
    assert hits == [], f"the renderer fetched {hits}"
    outputs = b"".join(p.read_bytes() for p in tmp_path.iterdir())
    for leaked in (CANARY_TEXT.encode(), b"root:x:0:0", b"/bin/bash"):
        assert leaked not in outputs
    assert CANARY_TEXT not in pdf_text + docx_text + page


# ---------------------------------------------------------------- documents


@pytest.mark.parametrize("case", DOC_CASES, ids=lambda c: c.name)
def test_hostile_document_linted(
    case: Case, battery: dict[tuple[str, ...], Run], hostile: Path
) -> None:
    run = battery[tuple(_doc_command(case, hostile))]
    assert_clean(run)
    findings = _findings(run)
    unreadable = [f for f in findings if f["code"] == "DOC003"]
    if case.outcome == "refused":
        assert run.code == 1, run
        assert len(findings) == 1 and len(unreadable) == 1, run
        finding = unreadable[0]
        assert finding["location"] == {"file": str(hostile / case.name)}, run
        message = str(finding["message"]).lower()
        assert re.search(case.problem, message), run
        assert str(hostile) not in message, "the path is in the location, not the message"
    else:
        assert run.code in (0, 1), run
        assert not unreadable, run
        if case.problem:
            assert any(case.problem in str(f["message"]).lower() for f in findings), run
    assert "root:x:0:0" not in run.output and CANARY_TEXT not in run.output
    # a bidi control from a document never reaches a report raw: it would reorder it
    assert not re.search("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]", run.output)
    if case.name == "lookalike_governing_law.txt":  # the zero-width space hides no clause
        assert not [f for f in findings if "governing law" in str(f["message"]).lower()], run
    if case.name == "lookalike_bidi_figure.txt":
        assert any("<U+202E>" in str(f["location"].get("excerpt", "")) for f in findings), run


def test_text_output_names_file_and_problem(hostile: Path) -> None:
    run = agreement("lint", hostile / "zip_bomb.docx")
    assert_clean(run)
    assert run.code == 1
    line = next(x for x in run.out.splitlines() if "DOC003" in x)
    assert str(hostile / "zip_bomb.docx") in line and "zip bomb" in line


def _good_files(folder: Path) -> list[Path]:
    from agreement_builder.api import build

    build([ROOT / "samples" / "referral.yaml"], folder, ["docx", "pdf"])
    docx = folder / "referral.docx"
    from agreement_builder.read import read_document

    text = folder / "referral.txt"
    text.write_text(read_document(docx).text, encoding="utf-8")
    return [docx, folder / "referral.pdf", text]


@pytest.mark.parametrize("how", ["--jobs 1", "--jobs 2", "api"])
def test_batch_lint_good_files_unaffected(hostile: Path, tmp_path: Path, how: str) -> None:
    """One folder, good files among all the hostile ones: the good ones report as if alone,
    every hostile one is reported too, in one run: from the CLI with one or two worker
    processes, and through the API (issue 18: one file never takes the batch down)."""
    mixed = tmp_path / "mixed"
    shutil.copytree(hostile, mixed)
    good = _good_files(mixed)
    alone = {}
    runs = agreement_many([["lint", str(p), "--format", "json"] for p in good], TIMEOUT)
    for path, run in zip(good, runs.values(), strict=True):
        assert_clean(run)
        alone[str(path)] = json.loads(run.out)["documents"][0]
    if how == "api":
        from agreement_builder import api

        out = api.render_reports(list(api.lint([mixed], jobs=2)), "json", "document")
    else:
        jobs = how.split()[1]
        run = agreement("lint", mixed, "--format", "json", "--jobs", jobs, timeout=2 * TIMEOUT)
        assert_clean(run)
        assert run.code == 1, run
        out = run.out
    documents = {d["path"]: d for d in json.loads(out)["documents"]}
    assert len(documents) >= len(good) + 10, sorted(documents)
    for path in good:
        assert documents[str(path)] == alone[str(path)]
    for case in DOC_CASES:
        if case.name.endswith((".docx", ".docm", ".pdf", ".txt", ".md")):
            report = documents[str(mixed / case.name)]
            codes = {f["code"] for f in report["findings"]}
            assert ("DOC003" in codes) == (case.outcome == "refused"), case.name


# ---------------------------------------------------------------- limits


def test_limits_from_config(hostile: Path, tmp_path: Path) -> None:
    folder = tmp_path / "limited"
    folder.mkdir()
    shutil.copy(hostile / "pdf_3000_pages.pdf", folder / "long.pdf")
    (folder / "agreement.toml").write_text("[limits]\nmax_pages = 10\n", encoding="utf-8")
    run = agreement("lint", folder / "long.pdf", "--format", "json", cwd=folder)
    assert_clean(run)
    messages = [str(f["message"]) for f in _findings(run)]
    assert any("first 10 of 3000 pages" in m for m in messages), run

    (folder / "agreement.toml").write_text("[limits]\nmax_file_mb = 1\n", encoding="utf-8")
    shutil.copy(hostile / "zip_bomb.docx", folder / "bomb.docx")
    run = agreement("lint", folder / "bomb.docx", "--format", "json", cwd=folder)
    assert_clean(run)
    assert "too large" in str(_findings(run)[0]["message"]), run

    (folder / "agreement.toml").write_text("[limits]\nmax_pagez = 10\n", encoding="utf-8")
    run = agreement("lint", folder / "long.pdf", cwd=folder)
    assert_clean(run)
    assert run.code == 2, run
    assert "max_pagez" in run.err and "max_pages" in run.err, run


def test_limits_api_and_defence_in_depth(hostile: Path) -> None:
    """In-process: the Limits keys, their validation, and each ZIP bound on its own."""
    from agreement_builder.core.errors import ConfigError, InputError
    from agreement_builder.read import LIMIT_KEYS, Limits, read_document

    assert set(LIMIT_KEYS) >= {"max_file_mb", "max_pages", "zip_max_ratio", "yaml_max_depth"}
    for bad in ({"max_pagez": 1}, {"max_pages": 0}, {"max_pages": True}, {"max_pages": "9"}):
        with pytest.raises(ConfigError):
            Limits.from_mapping(bad)
    from agreement_builder.core.limits import parse_limit_options

    assert parse_limit_options(["max-pages=5", "max_pages=7", "zip_max_ratio=9"]) == {
        "max_pages": 7,
        "zip_max_ratio": 9,
    }
    for bad in ("max_pages", "max_pages=x", "max_pages=0", "nope=3", "max_pages=-1"):
        with pytest.raises(ConfigError, match="--limit"):
            parse_limit_options([bad])
    bomb = hostile / "zip_bomb.docx"
    with pytest.raises(InputError, match="expands to 1024 MB"):  # ratio allowed: total refuses
        read_document(bomb, limits={"zip_max_ratio": 5000})
    with pytest.raises(InputError, match="larger than 64 MB"):  # both allowed: the read stops
        read_document(bomb, limits={"zip_max_ratio": 5000, "zip_max_expanded_mb": 4096})
    with pytest.raises(InputError, match="larger than 1 MB"):
        read_document(
            bomb,
            limits=Limits(zip_max_ratio=5000, zip_max_expanded_mb=4096, xml_max_part_mb=1),
        )
    doc = read_document(hostile / "pdf_3000_pages.pdf", limits=Limits(max_pages=5))
    assert doc.pages == 3000 and "first 5 of 3000" in doc.notes[0]
    with pytest.raises(InputError, match="more than"):
        read_document(hostile / "pdf_3000_pages.pdf", limits=Limits(max_text_chars=1000))


def test_time_limit_per_file(tmp_path: Path) -> None:
    """A document that takes long to lint is stopped after max_seconds; the next one goes on.

    The slow document must take well over the limit on a fast machine too (the linter got
    faster and a smaller one finished inside it): 45,000 clauses with cross-references and
    figures, 8.6 million characters (under the 10 million text limit), take about 8 s.
    """
    paragraphs = [
        f"{i}. Clause {i}\n\nThe Receiving Party shall keep the Confidential Information "
        f"secret for thirty (30) days after Section {i // 2 + 1} (Clause {i // 2 + 1}) and "
        "the Parties shall cooperate in good faith."
        for i in range(1, 45_000)
    ]
    (tmp_path / "a_slow.txt").write_text("\n\n".join(paragraphs), encoding="utf-8")
    (tmp_path / "b_quick.txt").write_text("1. Term\n\nTwo years.\n", encoding="utf-8")
    (tmp_path / "agreement.toml").write_text("[limits]\nmax_seconds = 1\n", encoding="utf-8")
    run = agreement("lint", tmp_path, "--format", "json", cwd=tmp_path)
    assert_clean(run)
    documents = json.loads(run.out)["documents"]
    slow = documents[0]["findings"]
    assert [f["code"] for f in slow] == ["DOC003"], run
    assert "longer than 1 seconds" in slow[0]["message"]
    assert all(f["code"] != "DOC003" for f in documents[1]["findings"])
    assert run.seconds < 30, run


# ---------------------------------------------------------------- outputs


def _sample(tmp_path: Path, name: str = "deal.yaml") -> Path:
    spec = tmp_path / name
    shutil.copy(ROOT / "samples" / "referral.yaml", spec)
    return spec


def test_failing_build_leaves_previous_output(hostile: Path, tmp_path: Path) -> None:
    spec = _sample(tmp_path)
    out = tmp_path / "out"
    run = agreement("build", spec, "-o", out, "--format", "html,docx")
    assert run.code == 0, run
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    assert set(before) == {"deal.html", "deal.docx"}
    spec.write_text(spec.read_text(encoding="utf-8").replace("Referral", "Changed"), "utf-8")
    run = agreement(
        "build", spec, hostile / "yaml_duplicate_split.yaml", "-o", out, "--format", "html,docx"
    )
    assert_clean(run)
    assert run.code == 2, run
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # no .part files either


def test_output_equal_to_input_refused(tmp_path: Path) -> None:
    spec = _sample(tmp_path, "deal.html")  # a YAML spec that happens to end in .html
    original = spec.read_bytes()
    run = agreement("build", spec, "-o", tmp_path, "--format", "html")
    assert_clean(run)
    assert run.code == 2, run
    assert "refusing to overwrite an input" in run.err and str(spec) in run.err, run
    assert spec.read_bytes() == original
    assert sorted(p.name for p in tmp_path.iterdir()) == ["deal.html"]


def test_symlinked_output_is_replaced_not_followed(tmp_path: Path) -> None:
    spec = _sample(tmp_path)
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "deal.html").symlink_to(victim)
    run = agreement("build", spec, "-o", out, "--format", "html")
    assert run.code == 0, run
    assert victim.read_text(encoding="utf-8") == "keep me"
    assert not (out / "deal.html").is_symlink()
    # a link to the input itself is refused
    (out / "deal.html").unlink()
    (out / "deal.html").symlink_to(spec)
    run = agreement("build", spec, "-o", out, "--format", "html")
    assert run.code == 2 and "refusing to overwrite an input" in run.err, run


def test_output_into_missing_or_bad_folder(tmp_path: Path) -> None:
    spec = _sample(tmp_path)
    nested = tmp_path / "a" / "b" / "c"
    run = agreement("build", spec, "-o", nested, "--format", "html")
    assert run.code == 0, run
    assert (nested / "deal.html").is_file()
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    for target in (blocker, blocker / "below"):
        run = agreement("build", spec, "-o", target, "--format", "html")
        assert_clean(run)
        assert run.code == 2 and str(blocker) in run.err, run
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "deal.html").mkdir()  # a folder where the output should go
    run = agreement("build", spec, "-o", tmp_path / "out", "--format", "html")
    assert_clean(run)
    assert run.code == 2 and "is a folder" in run.err, run


@pytest.mark.parametrize(
    "name", ["..yaml", "...yaml", ".hidden.yaml", "a b;$(touch x)&.yaml", "--o.yaml", "ünï.yaml"]
)
def test_output_names_stay_in_output_folder(tmp_path: Path, name: str) -> None:
    specs = tmp_path / "specs"
    specs.mkdir()
    spec = _sample(specs, name)
    out = tmp_path / "out"
    run = agreement("build", "--format", "html", "-o", out, "--", spec)
    assert_clean(run)
    assert run.code == 0, run
    written = [p for p in out.iterdir()]
    assert len(written) == 1 and written[0].suffix == ".html", written
    assert not written[0].name.startswith("."), written
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "specs"]
    assert sorted(p.name for p in specs.iterdir()) == [name]
