"""Deterministic benchmark inputs: agreements at ~10/40/160 pages and a messy text corpus.

Everything here is a pure function of its arguments (seeded ``random.Random``), so two runs
of the harness lint and build the same bytes.

Agreements are generated as specs: the ~10-page one is the pilot sample with its optional
blocks switched off; the 40 and 160-page ones are the strategic-alliance sample with many
more objectives, responsibilities, KPIs, licences and indemnity items (long, generated
sentences). Each is rendered to DOCX and PDF by our own renderers and to text by reading the
DOCX back with our reader.

The corpus texts are our samples' texts in the shapes found in the wild: sections run
together on one line, page numbers and running headers glued into the text, redaction
markers (``[*]``, ``[***]``, ``[REDACTED]``), hard-wrapped lines and stray whitespace.
"""

from __future__ import annotations

import copy
import random
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"

# Extra items per list for each target size, calibrated once against the PDF page count
# (the real page counts are measured and printed by the harness).
SIZES: dict[int, int | None] = {10: None, 40: 50, 160: 340}
SMOKE_SIZES: dict[int, int | None] = {10: None, 40: None, 160: None}  # one small build

_WORDS = [
    "the",
    "partner",
    "shall",
    "provide",
    "maintain",
    "deliver",
    "report",
    "quarterly",
    "written",
    "notice",
    "within",
    "days",
    "services",
    "platform",
    "customer",
    "data",
    "reasonable",
    "efforts",
    "agreed",
    "plan",
    "territory",
    "market",
    "launch",
    "support",
    "training",
    "documentation",
    "product",
    "revenue",
    "fees",
    "invoice",
    "audit",
    "records",
    "compliance",
    "applicable",
    "law",
    "confidential",
    "information",
    "steering",
    "committee",
    "escalation",
    "milestone",
    "review",
    "marketing",
    "materials",
    "joint",
    "account",
    "pipeline",
    "forecast",
    "integration",
    "interface",
    "security",
    "incident",
    "response",
    "subcontractor",
    "personnel",
    "qualified",
    "standard",
    "industry",
    "practice",
    "schedule",
]


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(_WORDS) for _ in range(words))
    return text[0].upper() + text[1:]


def _load(name: str) -> dict[str, Any]:
    data = yaml.safe_load((SAMPLES / f"{name}.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def small_spec() -> dict[str, Any]:
    """The pilot sample with the optional blocks off: our shortest full agreement."""
    spec = _load("pilot")
    spec["governance"] = "not_applicable"
    spec["data_protection"] = {"personal_data": False, "data_sharing": False, "dpa": False}
    spec["kpis"] = spec["kpis"][:1]
    spec["insurance"] = "not_applicable"
    spec["non_solicitation"] = "not_applicable"
    spec["exclusivity"] = "not_applicable"
    spec["ip"].pop("licences", None)
    spec["pilot"]["success_criteria"] = spec["pilot"]["success_criteria"][:1]
    spec["disputes"]["mediation"] = "not_applicable"
    spec["exit"]["survival"] = ["confidentiality", "liability"]
    spec["indemnities"] = "not_applicable"
    for party in spec["parties"]:
        party["responsibilities"] = party["responsibilities"][:1]
    return spec


def scaled_spec(extra: int, seed: int = 0) -> dict[str, Any]:
    """The strategic-alliance sample with ``extra`` more items in every list that grows."""
    rng = random.Random(seed)
    spec = copy.deepcopy(_load("strategic_alliance"))
    purpose = spec["purpose"]
    purpose["objectives"] = list(purpose.get("objectives") or []) + [
        sentence(rng, 30) for _ in range(extra)
    ]
    ids = [p["id"] for p in spec["parties"]]
    for party in spec["parties"]:
        party["responsibilities"] = list(party.get("responsibilities") or []) + [
            sentence(rng, 40) for _ in range(extra)
        ]
    spec["kpis"] = list(spec.get("kpis") or []) + [
        {
            "metric": sentence(rng, 12),
            "target": 10 + i,
            "unit": "percent",
            "period": "quarterly",
            "owner": ids[i % len(ids)],
            "priority": ("high", "medium", "low")[i % 3],
        }
        for i in range(extra)
    ]
    return spec


def spec_for(pages: int, smoke: bool = False) -> dict[str, Any]:
    extra = (SMOKE_SIZES if smoke else SIZES)[pages]
    return small_spec() if extra is None else scaled_spec(extra, seed=pages)


def write_spec(spec: dict[str, Any], path: Path) -> Path:
    path.write_text(yaml.safe_dump(spec, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


# ------------------------------------------------------------------ messy corpus

_REDACT = ("[*]", "[***]", "[REDACTED]", "[* * *]")
_MONEY = re.compile(r"(?:[A-Z]{3}|[$€£])\s?\d[\d,.]*(?:\s?(?:million|thousand))?")
_NAMEISH = re.compile(r"\b[A-Z][a-z]+ [A-Z][a-z]+\b")


def messy(text: str, rng: random.Random, pages: int = 20) -> str:
    """``text`` as a scanned-and-OCRed or copy-pasted contract looks: one shape per region."""
    lines = text.splitlines()
    out: list[str] = []
    per_page = max(1, len(lines) // pages)
    page = 1
    i = 0
    header = rng.choice(("CONFIDENTIAL", "Execution Version", "EXHIBIT 10.1", "Source: FORM 8-K"))
    while i < len(lines):
        shape = rng.random()
        chunk = lines[i : i + rng.randint(3, 12)]
        i += len(chunk)
        if shape < 0.3:  # sections run together on one line
            out.append(" ".join(chunk))
        elif shape < 0.45:  # hard-wrapped at ~70 characters
            for line in chunk:
                while len(line) > 72:
                    cut = line.rfind(" ", 40, 72)
                    cut = cut if cut > 0 else 72
                    out.append(line[:cut])
                    line = line[cut:].lstrip()
                out.append(line)
        else:
            out.extend(chunk)
        if i // per_page >= page:  # a page break: number glued to the next text
            page += 1
            glue = rng.choice(
                (
                    f"{page - 1}",
                    f"- {page - 1} -",
                    f"Page {page - 1} of {pages}",
                    f"{header} {page - 1}",
                )
            )
            if out and rng.random() < 0.5:
                out[-1] = out[-1] + glue
            else:
                out.append(glue + (" " if rng.random() < 0.5 else "") + (out.pop() if out else ""))
    body = "\n".join(out)
    body = _MONEY.sub(lambda m: rng.choice(_REDACT) if rng.random() < 0.6 else m.group(0), body)
    body = _NAMEISH.sub(lambda m: rng.choice(_REDACT) if rng.random() < 0.05 else m.group(0), body)
    if rng.random() < 0.3:
        body = body.replace("\n", "\n\n")
    if rng.random() < 0.2:
        body = re.sub(r"  +", " ", body.replace("\t", "    "))
    return body


def corpus(base_texts: list[str], count: int, seed: int = 7) -> Iterator[tuple[str, str]]:
    """``count`` (name, text) pairs: each a messy copy of one base text, some doubled in length."""
    rng = random.Random(seed)
    for n in range(count):
        base = base_texts[n % len(base_texts)]
        if rng.random() < 0.25:  # an agreement with its amendment appended: longer
            base = base + "\n" + base_texts[(n + 1) % len(base_texts)]
        yield f"doc{n:05d}.txt", messy(base, random.Random(rng.random()))


def write_corpus(base_texts: list[str], count: int, folder: Path, seed: int = 7) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in corpus(base_texts, count, seed):
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def fresh_corpus(count: int, prefix: str) -> Path:
    """A new temporary folder holding ``count`` messy texts made from the samples."""
    import tempfile

    work = Path(tempfile.mkdtemp(prefix=prefix))
    return write_corpus(sample_texts(work / "samples"), count, work / "corpus")


def sample_texts(folder: Path, names: list[str] | None = None) -> list[str]:
    """Text of our samples' agreements: each built to DOCX, then read back by our reader."""
    from agreement_builder.api import assemble_spec
    from agreement_builder.read import read_document
    from agreement_builder.render.docx import render_docx
    from agreement_builder.spec.schemas import load_spec

    folder.mkdir(parents=True, exist_ok=True)
    texts = []
    for name in names or sorted(p.stem for p in SAMPLES.glob("*.yaml")):
        path = folder / f"{name}.docx"
        path.write_bytes(render_docx(assemble_spec(load_spec(SAMPLES / f"{name}.yaml"))))
        texts.append(read_document(path).text)
    return texts
