"""Property-based fuzzing: the spec loader and every reader on random and mutated input.

The only acceptable outcomes are a result or one of the project's own errors
(:class:`~agreement_builder.core.errors.AgreementError`): any other exception is a bug. The seeds
are real: the sample specs, and a DOCX, PDF and text built from a sample.
"""

from __future__ import annotations

import io
import os
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agreement_builder.core.errors import AgreementError
from agreement_builder.read import read_document
from agreement_builder.spec.schemas import load_spec, parse_spec

from .conftest import ROOT

SAMPLE_TEXTS = {
    p.name: p.read_text(encoding="utf-8") for p in sorted((ROOT / "samples").glob("*.yaml"))
}
FUZZ = settings(
    deadline=None,
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "60")),
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def outcome(fn: Callable[[], object]) -> object:
    """A result, or None for one of our own errors; anything else propagates (a bug)."""
    try:
        return fn()
    except AgreementError as exc:
        assert str(exc).strip(), "an error without a message"
        return None


# ---------------------------------------------------------------- mutations

_OPS = st.sampled_from(("flip", "set", "insert", "delete", "duplicate", "truncate"))
_MUTATIONS = st.lists(
    st.tuples(_OPS, st.floats(0, 1), st.integers(0, 255), st.integers(1, 64)),
    min_size=1,
    max_size=8,
)


def mutate(data: bytes, ops: list[tuple[str, float, int, int]]) -> bytes:
    buf = bytearray(data)
    for op, where, value, length in ops:
        if not buf:
            buf.extend(bytes([value]) * length)
            continue
        at = min(int(where * len(buf)), len(buf) - 1)
        if op == "flip":
            buf[at] ^= 1 << (value % 8)
        elif op == "set":
            buf[at : at + length] = bytes([value]) * min(length, len(buf) - at)
        elif op == "insert":
            buf[at:at] = bytes([value]) * length
        elif op == "delete":
            del buf[at : at + length]
        elif op == "duplicate":
            buf[at:at] = buf[at : at + length]
        else:
            del buf[at:]
    return bytes(buf)


@pytest.fixture(scope="module")
def scratch() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="agreement-fuzz-") as folder:
        yield Path(folder)


def _write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


# ---------------------------------------------------------------- the spec loader


@FUZZ
@given(st.text(max_size=2000))
def test_spec_loader_random_text(text: str) -> None:
    outcome(lambda: parse_spec(text, "fuzz.yaml"))


_TOKENS = [*"ab:- \n{}[],&*!'\"#|>?%@`\\0\t", "!!python/object ", "<<", "&a ", "*a", "---\n"]
_YAMLISH = st.lists(st.sampled_from(_TOKENS), max_size=120).map("".join)


@FUZZ
@given(_YAMLISH)
def test_spec_loader_yaml_syntax_soup(text: str) -> None:
    outcome(lambda: parse_spec(text, "fuzz.yaml"))


@FUZZ
@given(st.sampled_from(sorted(SAMPLE_TEXTS)), _MUTATIONS)
def test_spec_loader_mutated_samples(
    scratch: Path, name: str, ops: list[tuple[str, float, int, int]]
) -> None:
    data = mutate(SAMPLE_TEXTS[name].encode("utf-8"), ops)
    path = _write(scratch, "mutated.yaml", data)
    outcome(lambda: load_spec(path))


_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**20), 10**20)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=40)
    | st.dates(min_value=date(1, 1, 1)),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=12,
)


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _paths(value, (*prefix, index))


@FUZZ
@given(st.sampled_from(sorted(SAMPLE_TEXTS)), st.data())
def test_spec_loader_sample_with_random_values(name: str, data: st.DataObject) -> None:
    """A real spec with one value anywhere replaced by anything: located errors, never a crash."""
    spec = yaml.safe_load(SAMPLE_TEXTS[name])
    for _ in range(data.draw(st.integers(1, 3))):
        paths = [p for p in _paths(spec) if p]
        path = data.draw(st.sampled_from(paths))
        parent = spec
        for part in path[:-1]:
            parent = parent[part]
        parent[path[-1]] = data.draw(_VALUES)
    text = yaml.safe_dump(spec, allow_unicode=True)
    outcome(lambda: parse_spec(text, "fuzz.yaml"))


# ---------------------------------------------------------------- the readers


@pytest.fixture(scope="module")
def seeds(scratch: Path) -> dict[str, bytes]:
    """A real DOCX and PDF built from a sample, and its text as .txt and .md."""
    from agreement_builder.api import build

    out = scratch / "built"
    build([ROOT / "samples" / "joint_venture.yaml"], out, ["docx", "pdf"])
    docx = (out / "joint_venture.docx").read_bytes()
    text = read_document(out / "joint_venture.docx").text.encode("utf-8")
    return {
        "docx": docx,
        "pdf": (out / "joint_venture.pdf").read_bytes(),
        "txt": text,
        "md": b"# Agreement\n\n" + text.replace(b"\n", b"\n\n", 50),
    }


def _read(scratch: Path, name: str, data: bytes) -> object:
    path = _write(scratch, name, data)
    return outcome(lambda: read_document(path, max_pages=20))


@FUZZ
@given(st.sampled_from(("docx", "pdf", "txt", "md")), _MUTATIONS)
def test_readers_on_mutated_files(
    seeds: dict[str, bytes], scratch: Path, kind: str, ops: list[tuple[str, float, int, int]]
) -> None:
    _read(scratch, f"mutated.{kind}", mutate(seeds[kind], ops))


def _rezip(data: bytes, member: str, change: Callable[[bytes], bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            payload = src.read(info)
            if info.filename == member:
                payload = change(payload)
            dst.writestr(info.filename, payload, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


_PARTS = st.sampled_from(
    (
        "word/document.xml",
        "word/numbering.xml",
        "word/styles.xml",
        "word/_rels/document.xml.rels",
        "_rels/.rels",
        "[Content_Types].xml",
    )
)


@FUZZ
@given(_PARTS, _MUTATIONS)
def test_docx_reader_on_mutated_xml(
    seeds: dict[str, bytes], scratch: Path, member: str, ops: list[tuple[str, float, int, int]]
) -> None:
    """The ZIP stays valid; one XML part is damaged (the parser and the walker are fuzzed)."""
    names = zipfile.ZipFile(io.BytesIO(seeds["docx"])).namelist()
    if member not in names:
        member = "word/document.xml"
    _read(scratch, "xml.docx", _rezip(seeds["docx"], member, lambda b: mutate(b, ops)))


_XML_SNIPPETS = st.sampled_from(
    (
        b"<w:numPr><w:ilvl w:val='99'/><w:numId w:val='-1'/></w:numPr>",
        b"<w:lvlText w:val='%9%9%9%0'/>",
        b"<w:start w:val='-2147483649'/>",
        b"<w:numFmt w:val='upperRoman'/><w:start w:val='4000000'/>",
        b"<w:pStyle w:val='Heading99'/>",
        b"<w:outlineLvl w:val='-5'/>",
        b"<w:abstractNumId w:val='x'/>",
        b"<w:basedOn w:val='Normal'/>",
        b"<w:t>\x00</w:t>",
        b"<!-- -->",
        b"&#0;",
        b"<![CDATA[x]]>",
    )
)


@FUZZ
@given(_PARTS, st.lists(st.tuples(st.floats(0, 1), _XML_SNIPPETS), min_size=1, max_size=6))
def test_docx_reader_on_odd_wordprocessingml(
    seeds: dict[str, bytes], scratch: Path, member: str, inserts: list[tuple[float, bytes]]
) -> None:
    """Well-placed but odd WordprocessingML: numbering out of range, style loops, NULs."""

    def change(xml: bytes) -> bytes:
        for where, snippet in inserts:
            at = xml.find(b"<", int(where * len(xml)))
            if at > 0:
                xml = xml[:at] + snippet + xml[at:]
        return xml

    names = zipfile.ZipFile(io.BytesIO(seeds["docx"])).namelist()
    _read(
        scratch, "odd.docx", _rezip(seeds["docx"], member if member in names else names[0], change)
    )


@FUZZ
@given(st.binary(max_size=4096), st.sampled_from(("x.docx", "x.pdf", "x.txt", "x.md", "x.bin")))
def test_readers_on_random_bytes(scratch: Path, data: bytes, name: str) -> None:
    for prefix in (b"", b"PK\x03\x04", b"%PDF-1.7\n"):
        _read(scratch, name, prefix + data)
