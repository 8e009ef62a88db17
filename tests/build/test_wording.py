"""Text hygiene and locale on real built agreements (issue 15 items 4 and 5): every sample is
built to DOCX, read back with python-docx, and its text scanned: no enum value printed, one
word for the unit, two-party wording, effective-date wording, spelling by locale, entity
descriptions by jurisdiction, late interest and the jury-trial waiver."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docx import Document
from marshmallow import Schema

from agreement_builder import api
from agreement_builder.build.wording import (
    governing_law_phrase,
    late_interest_statute,
    legal_system,
    rewrite_template,
    several_systems,
    spelling_table,
    us_state,
)
from agreement_builder.core.english import a_or_an
from agreement_builder.core.errors import AgreementError
from agreement_builder.spec.schemas import spec as schemas
from agreement_builder.spec.schemas.fields import Choice, OrNotApplicable, TupleList

from ..conftest import GAP_SAMPLES, ROOT, SAMPLES

US_PILOT = ROOT / "samples" / "us_pilot_ny.yaml"
_MISSING = re.compile(r"\[MISSING: [^\]]*\]")


def _choices(field: object) -> tuple[str, ...]:
    if isinstance(field, OrNotApplicable):
        return ("not_applicable", *_choices(field.inner))
    if isinstance(field, TupleList):
        return _choices(field.inner)
    if isinstance(field, Choice):
        return field.choices
    return ()


def enum_values() -> set[str]:
    """Every value a spec may choose from (Choice fields of every schema), with an underscore:
    the ones that are identifiers, not words ("not_applicable", "contributing_party")."""
    values: set[str] = set()
    for obj in vars(schemas).values():
        if isinstance(obj, type) and issubclass(obj, Schema):
            for field in obj._declared_fields.values():
                values.update(v for v in _choices(field) if "_" in v)
    return values


def docx_text(path: Path) -> str:
    """The body text of a built DOCX: paragraphs, then table cells, without the Open Items
    table (it names spec paths on purpose)."""
    document = Document(str(path))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        header = [c.text for c in table.rows[0].cells]
        if "Spec path to fill" in header:
            continue
        lines += [" | ".join(c.text for c in row.cells) for row in table.rows]
    return "\n".join(lines)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[str, object]]:
    """name -> (DOCX text, spec) for every sample and gap sample."""
    out = tmp_path_factory.mktemp("built")
    texts: dict[str, tuple[str, object]] = {}
    for sample in SAMPLES + GAP_SAMPLES:
        folder = out / sample.parent.name
        (result,) = api.build([sample], folder, formats=("docx",))
        texts[sample.stem] = (docx_text(result.outputs[0]), result.assembly.spec)
    return texts


def test_the_enum_list_holds_the_values_that_slipped_before() -> None:
    values = enum_values()
    assert {"not_applicable", "contributing_party", "one_off", "controller_processor"} <= values


def test_no_sample_prints_an_enum_value(built: dict[str, tuple[str, object]]) -> None:
    pattern = re.compile(r"\b(" + "|".join(sorted(enum_values(), key=len, reverse=True)) + r")\b")
    for name, (text, _) in built.items():
        found = pattern.findall(_MISSING.sub("", text))
        assert not found, f"{name}: enum values printed as text: {sorted(set(found))}"


def test_not_applicable_for_shared_assets_leaves_the_point_out(tmp_path: Path) -> None:
    text = (ROOT / "samples" / "pilot.yaml").read_text(encoding="utf-8")
    text = re.sub(r"shared_assets: .*", "shared_assets: not_applicable", text)
    spec = tmp_path / "pilot.yaml"
    spec.write_text(text, encoding="utf-8")
    (result,) = api.build([spec], tmp_path / "out", formats=("docx",))
    body = docx_text(result.outputs[0])
    assert "not_applicable" not in body
    assert "shared assets are dealt with" not in body
    assert "each licensee will stop using the licensed rights" in body  # the next point stays


def test_not_applicable_where_text_is_expected_is_a_located_problem(tmp_path: Path) -> None:
    text = (ROOT / "samples" / "pilot.yaml").read_text(encoding="utf-8")
    text = text.replace("scope: Home deliveries", "scope: not_applicable #", 1)
    spec = tmp_path / "pilot.yaml"
    spec.write_text(text, encoding="utf-8")
    with pytest.raises(AgreementError) as caught:
        api.validate(spec)
    assert "purpose.scope" in str(caught.value)
    assert "'not_applicable' cannot stand for text here" in str(caught.value)


def test_no_sentence_runs_into_the_next(built: dict[str, tuple[str, object]]) -> None:
    """ "in United States.A non-exclusive licence": a full stop glued to the next sentence,
    or a list item glued to the one before ("...undertaking.- Corrib grants")."""
    glued = re.compile(r"[a-z)]\.(?:[A-Z][a-z]|- )")
    for name, (text, _) in built.items():
        assert not glued.findall(text), f"{name}: {glued.findall(text)}"


def test_one_word_for_the_unit(built: dict[str, tuple[str, object]]) -> None:
    for name, (text, _) in built.items():
        assert "this Article" not in text, name
        assert not re.search(r"\bArticle \d", text), name
        assert "this Section" in text or "Section 1" in text, name


def test_an_article_agreement_says_article_throughout(tmp_path: Path) -> None:
    text = (ROOT / "samples" / "strategic_alliance.yaml").read_text(encoding="utf-8")
    text = text.replace("  locale: en-GB\n", "  locale: en-GB\n  unit: Article\n", 1)
    spec = tmp_path / "alliance.yaml"
    spec.write_text(text, encoding="utf-8")
    (result,) = api.build([spec], tmp_path / "out", formats=("docx",))
    body = docx_text(result.outputs[0])
    assert "Section" not in body.replace("Spec path", "")
    assert "preceding steps of this Article" in body
    assert re.search(r"under Article 22\.1 \(Escalation\)", body)
    assert "a reference to an Article or a Schedule is to an article of" in body


def test_two_party_deals_speak_of_the_other_party(built: dict[str, tuple[str, object]]) -> None:
    plural = re.compile(r"\b(the other Parties|each other Party|all other Parties|the others)\b")
    for name, (text, spec) in built.items():
        if len(spec.parties) == 2:  # type: ignore[attr-defined]
            assert not plural.findall(text), f"{name}: {plural.findall(text)}"
            assert "the other Party" in text
    three = built["joint_venture"]
    assert len(three[1].parties) == 3  # type: ignore[attr-defined]
    assert "the other Parties" in three[0]


def test_the_effective_date_stays_true_when_signatures_come_later(
    built: dict[str, tuple[str, object]],
) -> None:
    for name, (text, spec) in built.items():
        assert "is made on" not in text, name
        if spec.agreement.locale == "en-US":  # type: ignore[attr-defined]
            assert "is entered into as of " in text, name
        else:
            assert "is made with effect from " in text, name
    assert "on the dates written below" in built["pilot"][0]


def test_governing_law_is_named_as_a_law(built: dict[str, tuple[str, object]]) -> None:
    alliance = built["strategic_alliance"][0]
    assert "in accordance with the laws of England and Wales." in alliance
    for name, (text, _) in built.items():
        assert not re.search(r"the laws? of (English|Irish|New York) law", text), name
    assert (
        "the laws of the State of New York, without regard to its conflict-of-laws rules"
        in (built["co_marketing"][0])
    )


@pytest.mark.parametrize(
    ("written", "phrase"),
    [
        ("English law", "the laws of England and Wales"),
        ("England and Wales", "the laws of England and Wales"),
        ("the laws of England and Wales", "the laws of England and Wales"),
        ("New York", "the laws of the State of New York"),
        ("New York law", "the laws of the State of New York"),
        ("the State of New York", "the laws of the State of New York"),
        ("Massachusetts", "the laws of the Commonwealth of Massachusetts"),
        ("Irish law", "the laws of Ireland"),
        ("Singapore", "the laws of Singapore"),
        ("Ontario law", "Ontario law"),
        (
            "the Province of Ontario and the federal laws of Canada applicable in it",
            "the laws of the Province of Ontario and the federal laws of Canada applicable in it",
        ),
    ],
)
def test_governing_law_phrase(written: str, phrase: str) -> None:
    assert governing_law_phrase(written) == phrase


def test_legal_systems_states_and_articles() -> None:
    assert legal_system("Delaware, United States") == "us"
    assert legal_system("the state and federal courts in New York County, New York") == "us"
    assert legal_system("England and Wales") == "england"
    assert legal_system("Ontario, Canada") is None
    assert us_state("West Virginia, United States") == "West Virginia"
    assert us_state("Tbilisi, Georgia") is None
    assert several_systems("United States") and several_systems("the laws of the UK")
    assert not several_systems("New York")
    assert late_interest_statute("English law") == (
        "the Late Payment of Commercial Debts (Interest) Act 1998"
    )
    assert late_interest_statute("New York") is None
    assert [a_or_an(w) for w in ("Ontario corporation", "limited company", "LLC", "US firm")] == [
        "an",
        "a",
        "an",
        "a",
    ]


def test_rewriting_a_template_leaves_names_paths_and_enum_values_alone() -> None:
    table = spelling_table("en-US")
    from agreement_builder.build.wording import Rewriter

    rewrite = Rewriter(table)
    source = (
        "{% if economics.model == 'licence_fee' %}The Licence of {{ ip.licences[0].subject }}"
        '{{ " is organised" }}{% endif %} (ip.licences) {# licence #} AUTHORISED'
    )
    assert rewrite_template(source, rewrite) == (
        "{% if economics.model == 'licence_fee' %}The License of {{ ip.licences[0].subject }}"
        '{{ " is organized" }}{% endif %} (ip.licences) {# licence #} AUTHORIZED'
    )


EN_GB_FORMS = (
    "licence",
    "licences",
    "organised",
    "organisational",
    "authorised",
    "unauthorised",
    "authorisation",
    "reorganisation",
    "defence",
    "favour",
    "cancelled",
    "per cent",
    "trade mark",
    "trade marks",
    "programme",
    "behaviour",
    "centre",
    "recognise",
)


def _en_gb(text: str) -> set[str]:
    pattern = re.compile(r"\b(" + "|".join(re.escape(w) for w in EN_GB_FORMS) + r")\b", re.I)
    return {m.lower() for m in pattern.findall(text)}


def test_en_us_builds_spell_our_clauses_the_us_way(built: dict[str, tuple[str, object]]) -> None:
    """Every en-GB form left in an en-US build is one the spec itself wrote."""
    for name, (text, spec) in built.items():
        if spec.agreement.locale != "en-US":  # type: ignore[attr-defined]
            continue
        own = _en_gb((ROOT / "samples" / f"{name}.yaml").read_text(encoding="utf-8"))
        assert _en_gb(text) <= own, f"{name}: {_en_gb(text) - own}"
        assert "license" in text.lower() or "organized" in text


def test_en_gb_builds_keep_british_spelling(built: dict[str, tuple[str, object]]) -> None:
    text = built["strategic_alliance"][0]
    assert "organisational" in text and "Licences" in text and "commercialise" in text
    assert "Licenses" not in text and "organized" not in text


def test_entity_descriptions_follow_the_jurisdiction(built: dict[str, tuple[str, object]]) -> None:
    us = built["co_marketing"][0]
    assert (
        "Lattice Workspace, Inc., a Delaware corporation with its principal place of business at "
        "88 Greenwich Street" in us
    )
    assert "registered address" not in us.split("Contents")[0]
    england = built["strategic_alliance"][0]
    assert (
        "Northwind Analytics Limited, a private limited company incorporated in England and "
        "Wales whose registered office is at 14 Tanner Street" in england
    )
    ontario = built["pilot"][0]
    assert "Maplefresh Grocers Inc., an Ontario corporation organised under the laws of" in ontario


def test_late_interest_only_from_a_statute_or_the_spec(tmp_path: Path) -> None:
    for sample, law, expected in (
        (
            "strategic_alliance",
            "English law",
            "Late payments carry interest under the Late "
            "Payment of Commercial Debts (Interest) Act 1998.",
        ),
        ("strategic_alliance", "the State of New York", None),
    ):
        text = (ROOT / "samples" / f"{sample}.yaml").read_text(encoding="utf-8")
        text = re.sub(r"\n  late_interest_percent: .*", "", text)
        text = re.sub(r"governing_law: .*", f"governing_law: {law}", text, count=1)
        spec = tmp_path / f"{sample}.yaml"
        spec.write_text(text, encoding="utf-8")
        (result,) = api.build([spec], tmp_path / law.replace(" ", "_"), formats=("docx",))
        body = docx_text(result.outputs[0])
        assert "rate set by the law that governs" not in body
        if expected:
            assert expected in body
        else:
            assert "Late payments carry interest" not in body
    rate = "Late payments carry interest at 4% a year above the base rate"
    assert rate in docx_text_of(tmp_path, "strategic_alliance")


def docx_text_of(tmp_path: Path, name: str) -> str:
    (result,) = api.build([ROOT / "samples" / f"{name}.yaml"], tmp_path / name, formats=("docx",))
    return docx_text(result.outputs[0])


def test_jury_waiver_only_where_us_courts_are_chosen(
    built: dict[str, tuple[str, object]],
) -> None:
    waiver = "WAIVES, TO THE FULLEST EXTENT PERMITTED BY APPLICABLE LAW, ANY RIGHT IT MAY HAVE TO A TRIAL BY JURY"
    with_waiver = {name for name, (text, _) in built.items() if waiver in text}
    assert "licensing" in with_waiver  # Delaware courts
    assert not with_waiver & {"strategic_alliance", "pilot", "joint_venture", "referral"}


def test_the_us_pilot_reads_as_a_us_agreement(
    built: dict[str, tuple[str, object]], tmp_path: Path
) -> None:
    """samples/us_pilot_ny.yaml, built to DOCX and PDF: US descriptions and spelling, New York
    law, the jury waiver, an agreed interest rate, and none of the slips of issue 15."""
    from ..conftest import pdf_text

    docx = built["us_pilot_ny"][0]
    (result,) = api.build([US_PILOT], tmp_path, formats=("pdf",))
    pdf = " ".join(" ".join(pdf_text(result.outputs[0].read_bytes())).split())
    for text in (docx, pdf):
        flat = " ".join(text.split())
        assert "is entered into as of March 1, 2027" in flat
        assert "Shiftwell Labs, Inc., a Delaware corporation with its principal place of" in flat
        assert "a New York not-for-profit corporation with its principal place of business" in flat
        assert "the laws of the State of New York, without regard to its conflict-of-laws" in flat
        assert "TRIAL BY JURY" in flat
        assert "Late payments carry interest at 2% a year" in flat
        assert "in the United States." in flat
        assert "as follows: Shiftwell returns or deletes" in flat
        assert not _en_gb(flat), _en_gb(flat)
        assert "the other Parties" not in flat and "this Article" not in flat
    assert not result.assembly.gaps


def test_the_us_pilot_lints_and_presigns_clean(tmp_path: Path) -> None:
    """Our own review of our own build: lint finds nothing, presign against the spec finds
    nothing (the blank signature dates are not noted: the agreement states its date)."""
    (result,) = api.build([US_PILOT], tmp_path, formats=("docx",))
    (report,) = list(api.lint([result.outputs[0]]))
    assert report.kind == "pilot"
    assert [f.code for f in report.findings] == []
    presigned = api.presign(result.outputs[0], spec=US_PILOT)
    assert [f.code for f in presigned.findings] == []
    assert api.presign_ready(presigned)


@pytest.mark.parametrize(
    ("courts", "waived"),
    [
        (
            '{venue: "the courts of the State of New York sitting in New York County", exclusive: false}',
            True,
        ),
        ('{venue: "the Superior Court of Justice of Ontario in Toronto", exclusive: false}', False),
        ('{venue: "the courts of England and Wales", exclusive: true}', False),
    ],
)
def test_jury_waiver_follows_the_courts_chosen(tmp_path: Path, courts: str, waived: bool) -> None:
    text = US_PILOT.read_text(encoding="utf-8")
    text = re.sub(r"  courts: \{venue: .*\}", f"  courts: {courts}", text)
    spec = tmp_path / "deal.yaml"
    spec.write_text(text, encoding="utf-8")
    (result,) = api.build([spec], tmp_path / "out", formats=("docx",))
    body = docx_text(result.outputs[0])
    assert ("ANY RIGHT IT MAY HAVE TO A TRIAL BY JURY" in body) is waived
    assert "have non-exclusive jurisdiction" in body or "exclusive: true" in courts


def test_times_of_day_follow_the_locale(built: dict[str, tuple[str, object]]) -> None:
    """US agreements write business hours on the 12-hour clock; the others keep 9:00 to 17:00."""
    us_text, _ = built["us_pilot_ny"]
    assert "outside 9:00 a.m. to 5:00 p.m. on a business day" in us_text
    assert "received at 9:00 a.m. on the next business day" in us_text
    assert "17:00" not in us_text
    gb_text, _ = built["strategic_alliance"]
    assert "outside 9:00 to 17:00 on a business day" in gb_text
