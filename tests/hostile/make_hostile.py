"""Write the battery of hostile inputs into a folder (run at test time; nothing binary is committed).

    python tests/hostile/make_hostile.py OUT_DIR [--canary-url http://127.0.0.1:PORT]

Every file is described by a :class:`Case`: which commands take it and what the documented
outcome is, so ``tests/test_hostile.py`` can run the whole battery without knowing the files.
Generation is light: the 1 GiB zip bomb is written from one repeated, pre-compressed block
(about 1 MB on disk, a few milliseconds to write), and the PDFs come from a tiny hand-written
PDF writer (with RC4 encryption for the password cases).
"""

from __future__ import annotations

import hashlib
import io
import json
import struct
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"

#: text written into every file the canary may leak to: it must never appear in an output
CANARY_TEXT = "CANARY-7f3a9c-must-never-appear"


@dataclass(frozen=True)
class Case:
    """One hostile file and its documented outcome.

    ``target``: ``spec`` (validate, check, build) or ``document`` (lint).
    ``outcome``: ``refused`` (spec: exit 2; lint: exit 1 with DOC003 naming the file) or
    ``read`` (spec: valid; lint: no DOC003, the file is read).
    ``problem``: a lowercase fragment the message must contain (for ``refused``), or a reader
    note expected in the lint output (for ``read``; empty: none required).
    """

    name: str
    target: str
    outcome: str
    problem: str = ""


CASES: list[Case] = []
_MAKERS: dict[str, Callable[[Path, dict[str, Any]], None]] = {}


def _case(
    name: str, target: str, outcome: str, problem: str = ""
) -> Callable[[Callable[[Path, dict[str, Any]], None]], Callable[[Path, dict[str, Any]], None]]:
    def register(
        fn: Callable[[Path, dict[str, Any]], None],
    ) -> Callable[[Path, dict[str, Any]], None]:
        CASES.append(Case(name, target, outcome, problem))
        _MAKERS[name] = fn
        return fn

    return register


def generate(folder: str | Path, canary_url: str = "http://example.com") -> list[Case]:
    """Write every case into ``folder`` (created); ``canary_url`` is used for remote URLs."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    canary_file = out / "canary.txt"
    canary_file.write_text(CANARY_TEXT + "\n", encoding="utf-8")
    options = {"canary_url": canary_url.rstrip("/"), "canary_file": canary_file.resolve()}
    for case in CASES:
        _MAKERS[case.name](out / case.name, options)
    return list(CASES)


# ====================================================================== YAML specs


def _sample(name: str = "referral") -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((SAMPLES / f"{name}.yaml").read_text(encoding="utf-8"))
    return data


@_case("yaml_billion_laughs.yaml", "spec", "refused", "alias bomb")
def _billion_laughs(path: Path, _: dict[str, Any]) -> None:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 10):
        refs = ", ".join([f"*a{i - 1}"] * 10)
        lines.append(f"a{i}: &a{i} [{refs}]")
    lines.append("agreement: *a9")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@_case("yaml_deep_flow.yaml", "spec", "refused", "levels deep")
def _deep_flow(path: Path, _: dict[str, Any]) -> None:
    path.write_text("agreement: " + "[" * 10_000 + "]" * 10_000 + "\n", encoding="utf-8")


@_case("yaml_deep_mapping.yaml", "spec", "refused", "levels deep")
def _deep_mapping(path: Path, _: dict[str, Any]) -> None:
    # 10,000 levels of flow mappings: ``{a: {a: ... }}``
    path.write_text("agreement: " + "{a: " * 10_000 + "1" + "}" * 10_000 + "\n", encoding="utf-8")


@_case("yaml_deep_block.yaml", "spec", "refused", "levels deep")
def _deep_block(path: Path, _: dict[str, Any]) -> None:
    # 10,000 levels of compact block sequences on one line: ``- - - ... - 1``
    path.write_text("agreement:\n  " + "- " * 10_000 + "1\n", encoding="utf-8")


@_case("yaml_many_nodes.yaml", "spec", "refused", "values")
def _many_nodes(path: Path, _: dict[str, Any]) -> None:
    """Just under the size limit, a million tiny values: refused before a tree is built."""
    path.write_text("agreement: [" + "1," * 990_000 + "1]\n", encoding="utf-8")


@_case("yaml_huge_scalar.yaml", "spec", "refused", "over the")
def _huge_scalar(path: Path, _: dict[str, Any]) -> None:
    with path.open("w", encoding="utf-8") as handle:
        handle.write("agreement:\n  title: ")
        chunk = "x" * (1 << 20)
        for _ in range(30):
            handle.write(chunk)
        handle.write("\n")


@_case("yaml_duplicate_split.yaml", "spec", "refused", "duplicate key 'splits'")
def _duplicate_split(path: Path, _: dict[str, Any]) -> None:
    text = (SAMPLES / "joint_venture.yaml").read_text(encoding="utf-8")
    marker = "  splits:\n"
    assert marker in text
    # A second ``splits:`` under economics: "last one wins" would silently drop the first.
    dup = "  splits:\n    - {party: corrib, percent: 50}\n    - {party: shannon, percent: 50}\n"
    path.write_text(text.replace(marker, dup + marker, 1), encoding="utf-8")


@_case("spec_absurd_amount.yaml", "spec", "refused", "an amount can be at most")
def _absurd_amount(path: Path, _: dict[str, Any]) -> None:
    """A finite Decimal with a billion digits: it validated, then build used 2.7 GB."""
    text = (SAMPLES / "strategic_alliance.yaml").read_text(encoding="utf-8")
    marker = "minimum: {amount: 2000000, currency: GBP}"
    assert marker in text
    path.write_text(text.replace(marker, "minimum: {amount: 1e999999999, currency: GBP}"))


@_case("yaml_duplicate_key.yaml", "spec", "refused", "duplicate key 'agreement'")
def _duplicate_key(path: Path, _: dict[str, Any]) -> None:
    text = (SAMPLES / "referral.yaml").read_text(encoding="utf-8")
    path.write_text(text + "\nagreement:\n  kind: pilot\n", encoding="utf-8")


@_case("yaml_python_object.yaml", "spec", "refused", "is not allowed")
def _python_object(path: Path, options: dict[str, Any]) -> None:
    marker = options["canary_file"].parent / "PWNED"
    path.write_text(
        "agreement: !!python/object/apply:os.system\n"
        f'  - "touch {marker}"\n'
        "parties: !!python/object:builtins.object {}\n",
        encoding="utf-8",
    )


@_case("yaml_python_name.yaml", "spec", "refused", "is not allowed")
def _python_name(path: Path, _: dict[str, Any]) -> None:
    path.write_text("agreement: !!python/name:os.system ''\n", encoding="utf-8")


@_case("yaml_non_utf8.yaml", "spec", "refused", "not valid utf-8")
def _non_utf8(path: Path, _: dict[str, Any]) -> None:
    text = (SAMPLES / "referral.yaml").read_bytes()
    path.write_bytes(text.replace(b"title: Referral", "title: Réferral".encode("latin-1"), 1))


@_case("yaml_binary.yaml", "spec", "refused", "binary")
def _binary_yaml(path: Path, _: dict[str, Any]) -> None:
    path.write_bytes(b"agreement:\x00\x00\x00\x01\x02" * 100)


@_case("yaml_empty.yaml", "spec", "refused", "empty")
def _empty_yaml(path: Path, _: dict[str, Any]) -> None:
    path.write_bytes(b"  \n\n")


@_case("json_not_a_mapping.json", "spec", "refused", "mapping")
def _json_list(path: Path, _: dict[str, Any]) -> None:
    path.write_text('["agreement", {"kind": "referral"}]', encoding="utf-8")


def injection_values(canary_url: str, canary_file: Path) -> dict[str, str]:
    """Spec values that look like Jinja or carry HTML/CSS; each must appear literally."""
    return {
        "jinja_class": "{{ ''.__class__.__mro__ }}",
        "jinja_for": "{% for x in range(3) %}LOOP{% endfor %}",
        "script": "<script>alert('x')</script>",
        "img_passwd": '<img src="file:///etc/passwd">',
        "img_canary": f'<img src="file://{canary_file}">',
        "link": f'<link rel="stylesheet" href="{canary_url}/x.css">',
        "css_url": f'<p style="background:url({canary_url}/bg.png)">styled</p>',
        "css_import": f"</style><style>@import url('{canary_url}/i.css');</style>",
    }


@_case("spec_injection.yaml", "spec", "read")
def _injection(path: Path, options: dict[str, Any]) -> None:
    values = injection_values(options["canary_url"], options["canary_file"])
    data = _sample("referral")
    data["agreement"]["title"] = "Referral " + values["jinja_class"]
    data["parties"][0]["legal_name"] = "Merlion " + values["script"]
    data["parties"][1]["short_name"] = "Kallang " + values["jinja_for"]
    data["purpose"]["statement"] = " ".join(
        values[k] for k in ("img_passwd", "img_canary", "link", "css_url")
    )
    data["purpose"]["scope"] = "Office tenants " + values["css_import"]
    data["purpose"]["objectives"] = [values["jinja_for"], values["img_canary"]]
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


# ====================================================================== ZIP / DOCX

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="{main}"/>'
    "{extra}</Types>"
)
_DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_DOCM_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="{ns}/officeDocument" Target="word/document.xml"/>'
    "</Relationships>"
)
_OFFICE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_STRICT_REL = "http://purl.oclc.org/ooxml/officeDocument/relationships"

AGREEMENT_PARAGRAPHS = (
    "STRATEGIC ALLIANCE AGREEMENT",
    "1. Definitions",
    "In this Agreement, Confidential Information means any information disclosed by a party.",
    "2. Term",
    "This Agreement starts on the Effective Date and continues for two years.",
    "3. Governing Law",
    "This Agreement is governed by the laws of England and Wales.",
)


def _document_xml(paragraphs: Iterable[str] = AGREEMENT_PARAGRAPHS, ns: str = W_NS) -> str:
    body = "".join(
        f'<w:p><w:r><w:t xml:space="preserve">{_xml_escape(p)}</w:t></w:r></w:p>'
        for p in paragraphs
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{ns}"><w:body>{body}</w:body></w:document>'
    )


def _xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _docx_members(
    document: str | bytes | None = None, main_type: str = _DOCX_MAIN, rel_ns: str = _OFFICE_REL
) -> list[tuple[str, bytes]]:
    doc = _document_xml() if document is None else document
    return [
        ("[Content_Types].xml", _CONTENT_TYPES.format(main=main_type, extra="").encode()),
        ("_rels/.rels", _RELS.format(ns=rel_ns).encode()),
        ("word/document.xml", doc.encode() if isinstance(doc, str) else doc),
    ]


class _ZipWriter:
    """A minimal ZIP writer that can also write lying headers and pre-compressed streams."""

    def __init__(self, handle: Any) -> None:
        self.handle = handle
        self.central: list[bytes] = []
        self.offset = 0

    def _write(self, data: bytes) -> None:
        self.handle.write(data)
        self.offset += len(data)

    def add(
        self,
        name: str,
        data: bytes = b"",
        *,
        chunks: Iterable[bytes] | None = None,
        method: int = 8,
        crc: int | None = None,
        size: int | None = None,
        compressed_size: int | None = None,
    ) -> None:
        if chunks is None:
            payload = zlib.compress(data, 9)[2:-4] if method == 8 else data
            chunks = [payload]
            crc = zlib.crc32(data) if crc is None else crc
            size = len(data) if size is None else size
            compressed_size = len(payload) if compressed_size is None else compressed_size
        assert crc is not None and size is not None and compressed_size is not None
        raw = name.encode("utf-8")
        header = struct.pack(
            "<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0x800, method, 0, 0x21,
            crc, compressed_size, size, len(raw), 0,
        )  # fmt: skip
        local = self.offset
        self._write(header + raw)
        for chunk in chunks:
            self._write(chunk)
        central = struct.pack(
            "<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, 20, 0x800, method, 0, 0x21,
            crc, compressed_size, size, len(raw), 0, 0, 0, 0, 0, local,
        )  # fmt: skip
        self.central.append(central + raw)

    def close(self) -> None:
        start = self.offset
        directory = b"".join(self.central)
        self._write(directory)
        count = len(self.central)
        self._write(
            struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, count, count, len(directory), start, 0)
        )


def _write_zip(path: Path, members: Iterable[tuple[str, bytes]]) -> None:
    with path.open("wb") as handle:
        writer = _ZipWriter(handle)
        for name, data in members:
            writer.add(name, data)
        writer.close()


def docx_bytes(paragraphs: Iterable[str] = AGREEMENT_PARAGRAPHS) -> bytes:
    buffer = io.BytesIO()
    writer = _ZipWriter(buffer)
    for name, data in _docx_members(_document_xml(paragraphs)):
        writer.add(name, data)
    writer.close()
    return buffer.getvalue()


_GIB = 1 << 30
_ZEROS_CRC = 0x5B64C2B0  # zlib.crc32 of 1 GiB of zero bytes (checked in test_hostile)


def _zero_block() -> tuple[bytes, bytes]:
    """A raw-deflate block for 1 MiB of zeros ending in a full flush, and the stream end.

    After ``Z_FULL_FLUSH`` the compressor starts afresh, so the block can be repeated."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(bytes(1 << 20)) + compressor.flush(zlib.Z_FULL_FLUSH)
    return block, compressor.flush(zlib.Z_FINISH)


def _bomb_chunks(count: int) -> tuple[Iterator[bytes], int]:
    block, end = _zero_block()

    def chunks() -> Iterator[bytes]:
        for _ in range(count):
            yield block
        yield end

    return chunks(), len(block) * count + len(end)


def _write_bomb_docx(path: Path, crc: int, size: int) -> None:
    """A DOCX whose word/document.xml is 1 GiB of zeros in 1 MB, its header claiming ``size``."""
    chunks, compressed = _bomb_chunks(1024)
    with path.open("wb") as handle:
        writer = _ZipWriter(handle)
        for name, data in _docx_members()[:2]:
            writer.add(name, data)
        writer.add(
            "word/document.xml", chunks=chunks, crc=crc, size=size, compressed_size=compressed
        )
        writer.close()


@_case("zip_bomb.docx", "document", "refused", "zip bomb")
def _zip_bomb(path: Path, _: dict[str, Any]) -> None:
    """1 MB on disk, 1 GiB of zeros in word/document.xml, honest headers."""
    _write_bomb_docx(path, crc=_ZEROS_CRC, size=_GIB)


@_case("zip_bomb_lying.docx", "document", "refused", "corrupt docx")
def _zip_bomb_lying(path: Path, _: dict[str, Any]) -> None:
    """The header claims a 2 KB document.xml; the stream expands to 1 GiB."""
    _write_bomb_docx(path, crc=0, size=2048)


@_case("zip_bomb_total.docx", "document", "refused", "expands to")
def _zip_bomb_total(path: Path, _: dict[str, Any]) -> None:
    """Many members each just under the ratio floor, adding up to 300 MiB."""
    block, end = _zero_block()
    with path.open("wb") as handle:
        writer = _ZipWriter(handle)
        for name, data in _docx_members():
            writer.add(name, data)
        for i in range(300):
            writer.add(
                f"word/media/pad{i}.bin", chunks=[block, end], crc=zlib.crc32(bytes(1 << 20)),
                size=1 << 20, compressed_size=len(block) + len(end),
            )  # fmt: skip
        writer.close()


@_case("zip_many_members.docx", "document", "refused", "zip members")
def _zip_many(path: Path, _: dict[str, Any]) -> None:
    members = [*_docx_members(), *((f"word/x/{i}.xml", b"") for i in range(5000))]
    _write_zip(path, members)


@_case("zip_traversal.docx", "document", "refused", "unsafe zip member name")
def _zip_traversal(path: Path, options: dict[str, Any]) -> None:
    members = [
        *_docx_members(),
        ("../../../../tmp/evil.txt", b"evil"),
        ("/etc/evil.conf", b"evil"),
        ("C:\\Windows\\evil.dll", b"evil"),
    ]
    _write_zip(path, members)


@_case("zip_not_docx.docx", "document", "refused", "not a word document")
def _zip_not_docx(path: Path, _: dict[str, Any]) -> None:
    _write_zip(path, [("hello.txt", b"hello"), ("data/readme.md", b"# readme")])


@_case("zip_renamed.txt", "document", "refused", "not a word document")
def _zip_renamed(path: Path, _: dict[str, Any]) -> None:
    _write_zip(path, [("mimetype", b"application/epub+zip"), ("OEBPS/x.html", b"<p>x</p>")])


@_case("docx_truncated.docx", "document", "refused", "truncated")
def _docx_truncated(path: Path, _: dict[str, Any]) -> None:
    data = docx_bytes()
    path.write_bytes(data[: len(data) // 2])


@_case("docx_corrupt_member.docx", "document", "refused", "corrupt docx")
def _docx_corrupt_member(path: Path, _: dict[str, Any]) -> None:
    """Central directory intact, the deflate stream of document.xml garbled."""
    paragraphs = [*AGREEMENT_PARAGRAPHS] * 40
    data = bytearray(docx_bytes(paragraphs))
    start = data.index(b"word/document.xml") + len("word/document.xml")
    for i in range(start + 20, start + 220):
        data[i] ^= 0x5A
    path.write_bytes(bytes(data))


@_case("docx_empty_zip.docx", "document", "refused", "not a word document")
def _docx_empty_zip(path: Path, _: dict[str, Any]) -> None:
    _write_zip(path, [])


def _write_doctype_docx(path: Path, declarations: str, text: str) -> None:
    """A DOCX whose main part declares ``declarations`` in a DOCTYPE and says ``text``."""
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f"<!DOCTYPE w:document [{declarations}]>"
        f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p>'
        "</w:body></w:document>"
    )
    _write_zip(path, _docx_members(xml))


@_case("docx_xxe.docx", "document", "refused", "doctype")
def _docx_xxe(path: Path, options: dict[str, Any]) -> None:
    _write_doctype_docx(
        path,
        '<!ENTITY x SYSTEM "file:///etc/passwd">'
        f'<!ENTITY c SYSTEM "file://{options["canary_file"]}">'
        f'<!ENTITY n SYSTEM "{options["canary_url"]}/xxe">',
        "1. Leak &x; &c; &n;",
    )


@_case("docx_xxe_parameter.docx", "document", "refused", "doctype")
def _docx_xxe_param(path: Path, options: dict[str, Any]) -> None:
    _write_doctype_docx(path, f'<!ENTITY % p SYSTEM "{options["canary_url"]}/evil.dtd"> %p;', "x")


@_case("docx_billion_laughs.docx", "document", "refused", "doctype")
def _docx_laughs(path: Path, _: dict[str, Any]) -> None:
    entities = ['<!ENTITY l0 "lollollollollollollollollollol">']
    for i in range(1, 10):
        entities.append(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">')
    _write_doctype_docx(path, "".join(entities), "&l9;")


@_case("docx_xxe_rels.docx", "document", "refused", "doctype")
def _docx_xxe_rels(path: Path, _: dict[str, Any]) -> None:
    """The entity sits in a part read before the main part (the package relationships)."""
    rels = (
        '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{_OFFICE_REL}/officeDocument" Target="word/main.xml"/>'
        "</Relationships>"
    )
    _write_zip(
        path,
        [("_rels/.rels", rels.encode()), ("word/main.xml", _document_xml().encode())],
    )


@_case("docx_macro.docm", "document", "read", "macro")
def _docm(path: Path, _: dict[str, Any]) -> None:
    members = _docx_members(main_type=_DOCM_MAIN)
    members[0] = (
        "[Content_Types].xml",
        _CONTENT_TYPES.format(
            main=_DOCM_MAIN,
            extra='<Override PartName="/word/vbaProject.bin" '
            'ContentType="application/vnd.ms-office.vbaProject"/>',
        ).encode(),
    )
    members.append(("word/vbaProject.bin", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)))
    _write_zip(path, members)


@_case("docx_strict.docx", "document", "refused", "strict ooxml")
def _docx_strict(path: Path, _: dict[str, Any]) -> None:
    strict = "http://purl.oclc.org/ooxml/wordprocessingml/main"
    _write_zip(path, _docx_members(_document_xml(ns=strict), rel_ns=_STRICT_REL))


@_case("docx_strict_main_only.docx", "document", "refused", "strict ooxml")
def _docx_strict_main(path: Path, _: dict[str, Any]) -> None:
    strict = "http://purl.oclc.org/ooxml/wordprocessingml/main"
    _write_zip(path, _docx_members(_document_xml(ns=strict)))


@_case("docx_ole.docx", "document", "refused", "legacy word")
def _docx_ole(path: Path, _: dict[str, Any]) -> None:
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096))


@_case("docx_deep_xml.docx", "document", "refused", "corrupt docx")
def _docx_deep(path: Path, _: dict[str, Any]) -> None:
    """XML nested 50,000 levels deep (libxml2 refuses beyond 256 without huge_tree)."""
    xml = (
        f'<?xml version="1.0"?><w:document xmlns:w="{W_NS}"><w:body>'
        + "<w:sdt>" * 50_000
        + "</w:sdt>" * 50_000
        + "</w:body></w:document>"
    )
    _write_zip(path, _docx_members(xml))


def _numbered_docx(path: Path, level: str, paragraphs: int = 400) -> None:
    """A list whose one level is ``level`` (a w:lvl body), used by many paragraphs."""
    numbering = (
        f'<?xml version="1.0"?><w:numbering xmlns:w="{W_NS}">'
        f'<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0">{level}</w:lvl></w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>'
    )
    para = (
        '<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>'
        "<w:r><w:t>The Parties shall cooperate.</w:t></w:r></w:p>"
    )
    xml = (
        f'<?xml version="1.0"?><w:document xmlns:w="{W_NS}"><w:body>'
        + para * paragraphs
        + "</w:body></w:document>"
    )
    _write_zip(path, [*_docx_members(xml), ("word/numbering.xml", numbering.encode())])


@_case("docx_numbering_huge_start.docx", "document", "refused", "list numbering")
def _docx_huge_start(path: Path, _: dict[str, Any]) -> None:
    """Letter numbering from 10^23: the label would be 4 * 10^21 letters (was OverflowError)."""
    level = '<w:start w:val="1' + "0" * 23 + '"/><w:numFmt w:val="lowerLetter"/>'
    _numbered_docx(path, level + '<w:lvlText w:val="(%1)"/>')


@_case("docx_numbering_letters_expand.docx", "document", "refused", "list numbering")
def _docx_letters(path: Path, _: dict[str, Any]) -> None:
    """Letter numbering from 5,000,000: 190,000 letters a label, 400 labels (was ~2 GB)."""
    level = '<w:start w:val="5000000"/><w:numFmt w:val="upperLetter"/>'
    _numbered_docx(path, level + '<w:lvlText w:val="%1%1%1%1%1%1%1%1%1%1"/>')


@_case("docx_numbering_long_lvltext.docx", "document", "refused", "list numbering")
def _docx_long_lvltext(path: Path, _: dict[str, Any]) -> None:
    """A 20,000-character level text put in front of every paragraph."""
    _numbered_docx(path, '<w:numFmt w:val="decimal"/><w:lvlText w:val="' + "%1." * 6666 + '"/>')


# ====================================================================== PDF

_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def _rc4(key: bytes, data: bytes) -> bytes:
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) & 0xFF
        s[i], s[j] = s[j], s[i]
    out = bytearray()
    i = j = 0
    for byte in data:
        i = (i + 1) & 0xFF
        j = (j + s[i]) & 0xFF
        s[i], s[j] = s[j], s[i]
        out.append(byte ^ s[(s[i] + s[j]) & 0xFF])
    return bytes(out)


class _Encryption:
    """PDF standard security handler, revision 2 (RC4, 40-bit): enough for PDFium."""

    def __init__(self, user: str, owner: str) -> None:
        self.doc_id = hashlib.md5(b"agreement-builder hostile").digest()
        self.permissions = -4
        owner_key = hashlib.md5((owner.encode("latin-1") + _PAD)[:32]).digest()[:5]
        self.o = _rc4(owner_key, (user.encode("latin-1") + _PAD)[:32])
        seed = (
            (user.encode("latin-1") + _PAD)[:32]
            + self.o
            + struct.pack("<i", self.permissions)
            + self.doc_id
        )
        self.key = hashlib.md5(seed).digest()[:5]
        self.u = _rc4(self.key, _PAD)

    def encrypt(self, number: int, data: bytes) -> bytes:
        key = hashlib.md5(self.key + struct.pack("<I", number)[:3] + b"\x00\x00").digest()[:10]
        return _rc4(key, data)

    def dictionary(self) -> bytes:
        return (
            f"<< /Filter /Standard /V 1 /R 2 /O <{self.o.hex()}> /U <{self.u.hex()}> "
            f"/P {self.permissions} >>"
        ).encode()


def _pdf_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def pdf_bytes(
    pages: Iterable[Iterable[str]],
    encryption: _Encryption | None = None,
    text: bool = True,
    raw: Iterable[tuple[bytes, str]] = (),
) -> bytes:
    """A minimal PDF: one content stream per page, Helvetica text (or only a drawn box).

    ``raw``: more pages, each given as its content stream as written and the extra entries
    of its stream dictionary (``"/Filter /FlateDecode"``)."""
    objects: list[bytes] = []  # object n is objects[n - 1]
    page_refs: list[int] = []
    contents: list[tuple[int, bytes]] = []

    def reserve() -> int:
        objects.append(b"")
        return len(objects)

    catalog = reserve()
    pages_obj = reserve()
    font = reserve()
    for lines in pages:
        if text:
            ops = ["BT /F1 11 Tf 14 TL 72 760 Td"]
            ops += [f"({_pdf_escape(line)}) Tj T*" for line in lines]
            ops.append("ET")
        else:
            ops = ["0.2 g 72 72 400 600 re f"]
        stream = "\n".join(ops).encode("latin-1")
        content = reserve()
        contents.append((content, stream, ""))
        page = reserve()
        page_refs.append(page)
        objects[page - 1] = (
            f"<< /Type /Page /Parent {pages_obj} 0 R /MediaBox [0 0 612 792] "
            f"/Resources << /Font << /F1 {font} 0 R >> >> /Contents {content} 0 R >>"
        ).encode()
    for stream, extra in raw:
        content = reserve()
        contents.append((content, stream, extra))
        page = reserve()
        page_refs.append(page)
        objects[page - 1] = (
            f"<< /Type /Page /Parent {pages_obj} 0 R /MediaBox [0 0 612 792] "
            f"/Resources << /Font << /F1 {font} 0 R >> >> /Contents {content} 0 R >>"
        ).encode()
    for number, stream, extra in contents:
        if encryption is not None:
            stream = encryption.encrypt(number, stream)
        objects[number - 1] = (
            f"<< /Length {len(stream)} {extra}>>\nstream\n".encode() + stream + b"\nendstream"
        )
    objects[catalog - 1] = f"<< /Type /Catalog /Pages {pages_obj} 0 R >>".encode()
    kids = " ".join(f"{p} 0 R" for p in page_refs)
    objects[pages_obj - 1] = f"<< /Type /Pages /Kids [{kids}] /Count {len(page_refs)} >>".encode()
    objects[font - 1] = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    encrypt_ref = None
    if encryption is not None:
        encrypt_ref = reserve()
        objects[encrypt_ref - 1] = encryption.dictionary()

    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    trailer = f"<< /Size {len(objects) + 1} /Root {catalog} 0 R"
    if encryption is not None:
        doc_id = encryption.doc_id.hex()
        trailer += f" /Encrypt {encrypt_ref} 0 R /ID [<{doc_id}> <{doc_id}>]"
    out += f"trailer\n{trailer} >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _agreement_pages(count: int = 2) -> list[list[str]]:
    lines = list(AGREEMENT_PARAGRAPHS)
    return [lines if i == 0 else [f"Page {i + 1}", *lines[1:]] for i in range(count)]


@_case("pdf_encrypted_user.pdf", "document", "refused", "encrypted pdf")
def _pdf_user(path: Path, _: dict[str, Any]) -> None:
    path.write_bytes(pdf_bytes(_agreement_pages(), _Encryption("secret", "owner")))


@_case("pdf_encrypted_owner_only.pdf", "document", "read")
def _pdf_owner(path: Path, _: dict[str, Any]) -> None:
    path.write_bytes(pdf_bytes(_agreement_pages(), _Encryption("", "owner-secret")))


@_case("pdf_truncated.pdf", "document", "refused", "corrupt")
def _pdf_truncated(path: Path, _: dict[str, Any]) -> None:
    data = pdf_bytes(_agreement_pages(3))
    path.write_bytes(data[:40])


@_case("pdf_corrupt.pdf", "document", "refused", "corrupt")
def _pdf_corrupt(path: Path, _: dict[str, Any]) -> None:
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 64 + b"\n%%EOF\n")


@_case("pdf_cut_in_half.pdf", "document", "refused", "corrupt")
def _pdf_half(path: Path, _: dict[str, Any]) -> None:
    """Cut after the first pages' objects (no page tree, no xref): nothing to rebuild."""
    data = pdf_bytes(_agreement_pages(6))
    path.write_bytes(data[: int(len(data) * 0.6)])


@_case("pdf_3000_pages.pdf", "document", "read", "page limit")
def _pdf_many(path: Path, _: dict[str, Any]) -> None:
    pages = [[f"{n}. Clause {n}", f"Text of clause {n} of the agreement."] for n in range(3000)]
    path.write_bytes(pdf_bytes(pages))


@_case("pdf_no_text.pdf", "document", "read", "no text layer")
def _pdf_no_text(path: Path, _: dict[str, Any]) -> None:
    path.write_bytes(pdf_bytes(_agreement_pages(3), text=False))


@_case("pdf_no_pages.pdf", "document", "refused", "corrupt|no pages")
def _pdf_no_pages(path: Path, _: dict[str, Any]) -> None:
    path.write_bytes(pdf_bytes([]))


@_case("pdf_content_bomb.pdf", "document", "refused", "inflates to more than")
def _pdf_content_bomb(path: Path, _: dict[str, Any]) -> None:
    """2 MB on disk; the page content inflates to 2 GiB (PDFium aborted the process)."""
    chunks, _size = _bomb_chunks(2048)
    stream = b"\x78\xda" + b"".join(chunks) + bytes(4)  # zlib header, raw deflate, adler
    path.write_bytes(pdf_bytes(_agreement_pages(1), raw=[(stream, "/Filter /FlateDecode")]))


@_case("pdf_four_million_glyphs.pdf", "document", "refused", "characters, over the limit")
def _pdf_glyphs(path: Path, _: dict[str, Any]) -> None:
    """15 KB on disk: one page showing 4,000,000 characters (was 0.9-2.5 GB in PDFium)."""
    line = b"(Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.) Tj\n"
    content = b"BT /F1 1 Tf 72 700 Td\n" + line * 50_000 + b"ET"
    stream = zlib.compress(content, 9)
    path.write_bytes(pdf_bytes(_agreement_pages(1), raw=[(stream, "/Filter /FlateDecode")]))


# ====================================================================== text


@_case("text_50mb_line.txt", "document", "refused", "limit")
def _text_huge_line(path: Path, _: dict[str, Any]) -> None:
    with path.open("wb") as handle:
        chunk = b"The Parties shall cooperate in good faith. " * 24_000  # ~1 MB
        for _ in range(50):
            handle.write(chunk)


@_case("text_nul.txt", "document", "read", "nul byte")
def _text_nul(path: Path, _: dict[str, Any]) -> None:
    text = "\n\n".join(AGREEMENT_PARAGRAPHS).encode()
    path.write_bytes(text.replace(b" ", b" \x00", 5) + b"\x00\x00")


@_case("text_mostly_nul.txt", "document", "refused", "binary")
def _text_binary(path: Path, _: dict[str, Any]) -> None:
    path.write_bytes(b"1. Term\x00\x00\x00\x00\x00\x00\x00\x00" * 2000)


@_case("text_mixed_encoding.txt", "document", "read", "not valid utf-8")
def _text_mixed(path: Path, _: dict[str, Any]) -> None:
    utf8 = "\n\n".join(AGREEMENT_PARAGRAPHS).encode("utf-8") + "\n\nCafé ‘quoted’\n".encode()
    latin = "\n\nGebühren für die Vertragsparteien\n".encode("latin-1")
    path.write_bytes(utf8 + latin + "日本語 text\n".encode() + b"\x81\x8d\x8f\x90\x9d")


@_case("text_utf16.txt", "document", "read", "utf-16")
def _text_utf16(path: Path, _: dict[str, Any]) -> None:
    path.write_bytes("\n\n".join(AGREEMENT_PARAGRAPHS).encode("utf-16"))


@_case("text_control_chars.md", "document", "read")
def _text_control(path: Path, _: dict[str, Any]) -> None:
    text = "# Agreement\n\n" + "".join(chr(c) for c in range(1, 32) if c != 10) * 100
    text += "\n\n" + "\u202e\u200b\ufeff" * 1000 + "\n\n## 1. Term\n\n" + "*" * 10_000
    path.write_text(text, encoding="utf-8")


@_case("text_empty.txt", "document", "read", "no agreement text to check: the file is empty")
def _text_empty(path: Path, _: dict[str, Any]) -> None:
    path.write_bytes(b"")


@_case("text_only_invisible.txt", "document", "read", "only blank or invisible characters")
def _text_invisible(path: Path, _: dict[str, Any]) -> None:
    """Zero-width spaces, joiners, BOMs and soft hyphens: nothing to read (was exit 0...
    after 28 missing components on what looks like text)."""
    path.write_text(("\u200b\u2060\ufeff\u00ad \n") * 5000, encoding="utf-8")


@_case("markdown_comment_clauses.md", "document", "read", "markdown comment at line")
def _markdown_comments(path: Path, _: dict[str, Any]) -> None:
    visible = "\n\n".join(AGREEMENT_PARAGRAPHS)
    path.write_text(
        visible + "\n\n<!--\n4. Exclusivity. The Supplier is exclusive worldwide.\n-->\n",
        encoding="utf-8",
    )


@_case("docx_hidden_and_boxed.docx", "document", "read", "hidden text, not read")
def _docx_hidden(path: Path, _: dict[str, Any]) -> None:
    """A hidden clause (w:vanish), a clause in a text box, an embedded altChunk."""
    body = "".join(
        f'<w:p><w:r><w:t xml:space="preserve">{_xml_escape(p)}</w:t></w:r></w:p>'
        for p in AGREEMENT_PARAGRAPHS
    )
    body += (
        "<w:p><w:r><w:rPr><w:vanish/></w:rPr><w:t>4. Fees double each year.</w:t></w:r></w:p>"
        "<w:p><w:r><w:pict><w:txbxContent><w:p><w:r><w:t>5. Notices. In writing.</w:t></w:r>"
        "</w:p></w:txbxContent></w:pict></w:r></w:p>"
        '<w:altChunk xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
        ' r:id="rId9"/>'
    )
    xml = f'<?xml version="1.0"?><w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>'
    _write_zip(path, _docx_members(xml))


@_case("pdf_invisible_text.pdf", "document", "read", "invisible pdf text at page 1")
def _pdf_invisible(path: Path, _: dict[str, Any]) -> None:
    """Visible clauses, one clause in render mode 3 and one below the page."""
    hidden = (
        b"BT 3 Tr /F1 11 Tf 72 200 Td (4. Exclusivity. The Supplier is exclusive.) Tj ET\n"
        b"BT /F1 11 Tf 72 -300 Td (5. Fees double each year.) Tj ET"
    )
    ops = ["BT /F1 11 Tf 14 TL 72 760 Td"]
    ops += [f"({_pdf_escape(line)}) Tj T*" for line in AGREEMENT_PARAGRAPHS] + ["ET", ""]
    path.write_bytes(pdf_bytes([], raw=[("\n".join(ops).encode("latin-1") + hidden, "")]))


# ============================================= issue 18 remainders: lines, look-alikes


def _line(unit: str, size: int = 300_000, head: str = "") -> str:
    return head + unit * (size // len(unit)) + "\n"


_HEAD = "STRATEGIC ALLIANCE AGREEMENT\n\n"

# the six pattern families that took 2-4 s a megabyte (bench.linear): 300 KB of each
_LINES = {
    "notice_periods": "1 day notice ",
    "notices": "ninety (90) days prior written notice of non-renewal ",
    "convenience_notices": (
        "Either party may terminate this Agreement for convenience on 30 days notice "
    ),
    "renewal_notices": "notice at least 30 days prior to the expiration renew unless ",
    "share_tables": "Party Share\nAlpha Ltd 60%\nBeta Ltd 50%\n",
}
_LINE_PROBLEMS = {"share_tables": "the shares in the table"}

for _family, _unit in _LINES.items():

    def _write_line(path: Path, _: dict[str, Any], unit: str = _unit) -> None:
        path.write_text(_line(unit, head=_HEAD), encoding="utf-8")

    _case(f"line_{_family}.txt", "document", "read", _LINE_PROBLEMS.get(_family, ""))(_write_line)


@_case("line_notice_values.txt", "document", "read", "non-renewal notice given as")
def _notice_values(path: Path, _: dict[str, Any]) -> None:
    """Thousands of non-renewal notices of different lengths: past ENOUGH, counted."""
    body = " ".join(f"{i % 997 + 1} days' notice of non-renewal." for i in range(10_000))
    path.write_text(_HEAD + body + "\n", encoding="utf-8")


@_case("lookalike_governing_law.txt", "document", "read", "invisible u+200b")
def _lookalike_law(path: Path, _: dict[str, Any]) -> None:
    """A zero-width space inside "governed by the laws": the clause is still found (no
    missing governing law) and the character is reported."""
    text = "\n".join(AGREEMENT_PARAGRAPHS).replace("governed", "gov\u200berned")
    text = text.replace("3. Governing Law", "3. Miscellaneous")  # found by its sentence alone
    path.write_text(text + "\n", encoding="utf-8")


@_case("lookalike_bidi_figure.txt", "document", "read", "bidi control u+202e")
def _lookalike_bidi(path: Path, _: dict[str, Any]) -> None:
    """A right-to-left override inside a figure: "(<RLO>03)" shows as "(30)"; no report may
    carry the control raw (it would reorder the report)."""
    text = "\n".join(AGREEMENT_PARAGRAPHS) + (
        "\n4. Payment. Invoices are paid within thirty (\u202e03\u202c) days.\n"
    )
    path.write_text(text, encoding="utf-8")


@_case("docx_tiny_text.docx", "document", "read", "text too small to read")
def _docx_tiny(path: Path, _: dict[str, Any]) -> None:
    """A clause in 1-point type (w:sz 2), unreadable on the page: hidden, reported."""
    body = "".join(
        f'<w:p><w:r><w:t xml:space="preserve">{_xml_escape(p)}</w:t></w:r></w:p>'
        for p in AGREEMENT_PARAGRAPHS
    )
    body += (
        '<w:p><w:r><w:rPr><w:sz w:val="2"/></w:rPr><w:t>4. Fees double each year.</w:t></w:r></w:p>'
    )
    xml = f'<?xml version="1.0"?><w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>'
    _write_zip(path, _docx_members(xml))


@_case("pdf_text_under_a_box.pdf", "document", "read", "pdf text under a filled shape")
def _pdf_covered(path: Path, _: dict[str, Any]) -> None:
    """Visible clauses, then one clause with a black box drawn over it."""
    covered = (
        b"BT /F1 11 Tf 72 300 Td (4. Fees double each year.) Tj ET\n0 0 0 rg 60 290 300 30 re f\n"
    )
    ops = ["BT /F1 11 Tf 14 TL 72 760 Td"]
    ops += [f"({_pdf_escape(line)}) Tj T*" for line in AGREEMENT_PARAGRAPHS] + ["ET", ""]
    path.write_bytes(pdf_bytes([], raw=[("\n".join(ops).encode("latin-1") + covered, "")]))


@_case("spec_currency_typo.yaml", "spec", "refused", "'uds' is not an iso 4217 code")
def _currency_typo(path: Path, _: dict[str, Any]) -> None:
    text = (SAMPLES / "referral.yaml").read_text(encoding="utf-8")
    assert "currency: SGD" in text
    path.write_text(text.replace("currency: SGD", "currency: UDS", 1), encoding="utf-8")


@_case("spec_currency_withdrawn.yaml", "spec", "refused", "no longer an iso 4217 code")
def _currency_withdrawn(path: Path, _: dict[str, Any]) -> None:
    text = (SAMPLES / "referral.yaml").read_text(encoding="utf-8")
    path.write_text(text.replace("currency: SGD", "currency: BGN", 1), encoding="utf-8")


def main(argv: list[str]) -> int:
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__)
        return 0 if argv else 2
    canary = "http://example.com"
    if "--canary-url" in argv:
        canary = argv[argv.index("--canary-url") + 1]
    cases = generate(argv[0], canary)
    print(json.dumps([c.__dict__ for c in cases], indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
