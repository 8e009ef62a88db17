"""The web pages with Flask's test client and real files: a DOCX with known defects built
with python-docx (a placeholder, an undefined term, a broken cross-reference, a tracked
insertion and a comment) reviewed through the form; CSRF; the draft editor's check, build and
preview; the catalogues; and the markup every page must have (lang, title, one h1, labelled
controls)."""

from __future__ import annotations

import io
import itertools
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient
from lxml import etree
from lxml import html as lxml_html

from agreement_builder import api

ROOT = Path(__file__).resolve().parents[2]
DEFECTS_TXT = ROOT / "tests" / "fixtures" / "lint" / "defects.txt"
SAMPLE = ROOT / "samples" / "referral.yaml"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

PARAGRAPHS = (
    "RESELLER AGREEMENT",
    'This Reseller Agreement is made between Harbour Systems Limited ("Harbour") and '
    '[PARTY NAME] ("Crestline").',
    "1. Appointment. Harbour appoints Crestline as a non-exclusive reseller of its software.",
    "2. Fees. Crestline shall pay the fees set out in Section 9 within thirty (30) days.",
    "3. Launch. Harbour shall pay the Launch Fee on signature. The Launch Fee is not "
    "refundable, except that any Launch Fee paid for a cancelled event shall be credited.",
    "4. Term. This Agreement continues for two (2) years.",
    "5. Termination. Either party may terminate this Agreement on ninety (90) days' "
    "written notice.",
    "6. Governing Law. This Agreement is governed by the laws of Ontario.",
)


def defective_docx() -> bytes:
    """A reseller agreement with three drafting defects, a tracked insertion by
    'Harbourview Legal' and an open comment, saved by python-docx."""
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    paragraphs = [document.add_paragraph(text) for text in PARAGRAPHS]
    # a tracked insertion nobody accepted, at the end of the term clause
    inserted = parse_xml(
        f'<w:ins xmlns:w="{W}" w:id="91" w:author="Harbourview Legal" '
        f'w:date="2027-01-05T10:00:00Z"><w:r><w:t xml:space="preserve"> and renews '
        f"yearly</w:t></w:r></w:ins>"
    )
    paragraphs[5]._p.append(inserted)
    document.add_comment(
        paragraphs[6].runs, text="Can we make this sixty days?", author="Dana Reviewer"
    )
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def token(client: FlaskClient, path: str = "/review") -> str:
    page = client.get(path).get_data(as_text=True)
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found, f"{path} has no CSRF field"
    return found.group(1)


def review(client: FlaskClient, data: bytes, name: str, **fields: Any) -> Any:
    form = {"csrf_token": token(client), "document": (io.BytesIO(data), name), **fields}
    return client.post("/review", data=form, content_type="multipart/form-data")


def tree(response: Any) -> Any:
    return lxml_html.fromstring(response.get_data(as_text=True))


def text_of(element: Any) -> str:
    return "".join(element.itertext())


@pytest.fixture(scope="module")
def docx_data() -> bytes:
    return defective_docx()


@pytest.fixture
def reviewed(client: FlaskClient, docx_data: bytes) -> Any:
    response = review(client, docx_data, "Crestline draft.docx", mode="presign", preview="on")
    assert response.status_code == 200, response.get_data(as_text=True)[:2000]
    return response


# ---------------------------------------------------------------- review


def test_review_marks_each_finding_where_it_applies(reviewed: Any) -> None:
    page = tree(reviewed)
    body = page.get_element_by_id("document-text")
    text = text_of(body)
    assert "Harbour appoints Crestline" in text
    marks = {m.get("id"): m for m in body.iter("mark") if m.get("id")}
    findings = page.get_element_by_id("findings")
    by_code: dict[str, list[Any]] = {}
    for item in findings.findall("li"):
        code = text_of(item.find_class("code")[0])
        by_code.setdefault(code, []).append(item)
    # the placeholder, the undefined term and the broken reference, each marked at its text
    expected = {"DRF101": "[PARTY NAME]", "DRF105": "Launch Fee", "DRF107": "Section 9"}
    for code, words in expected.items():
        assert code in by_code, f"{code} not listed: {sorted(by_code)}"
        item = by_code[code][0]
        link = item.xpath(".//a[@class='to-text']")[0]
        target = link.get("href").lstrip("#")
        assert target in marks, f"{code} links to {target}, which is no mark"
        mark = marks[target]
        pieces = "".join(text_of(e) for e in body.xpath(f".//*[@data-span='{target}']"))
        assert words in pieces, (code, pieces)
        # the mark says its severity in words (title) and by class; a link leads back
        assert mark.get("title", "").startswith(("Error:", "Warning:", "Info:"))
        back = body.xpath(f".//a[@href='#{item.get('id')}']")
        assert back, f"no link from the text back to {item.get('id')}"
    # severity is shown in words and by an icon, not by colour alone
    first = findings.findall("li")[0]
    sev = first.find_class("sev")[0]
    assert text_of(sev).strip().split()[-1] in ("Error", "Warning", "Info")
    assert sev.find_class("icon")[0].get("aria-hidden") == "true"


def test_review_shows_the_verdict_first(reviewed: Any) -> None:
    page = tree(reviewed)
    verdict = page.get_element_by_id("verdict")
    words = " ".join(text_of(verdict).split()[1:])
    assert words == "NOT READY: 1 unresolved change by Harbourview Legal, 1 open comment"
    assert "blocked" in verdict.get("class")
    # before the findings and the text
    html = reviewed.get_data(as_text=True)
    assert html.index('id="verdict"') < html.index('id="findings"') < html.index("document-text")
    assert page.xpath("//h1")[0].text_content() == "Review of Crestline draft.docx"


def test_review_lists_components_with_links_to_their_evidence(reviewed: Any) -> None:
    page = tree(reviewed)
    present = page.get_element_by_id("components-present")
    term = present.xpath("li[@id='component-term']")[0]
    link = term.xpath(".//a")[0]
    target = link.get("href").lstrip("#")
    assert page.get_element_by_id(target).get("class") == "evidence"
    pieces = "".join(text_of(e) for e in page.xpath(f"//*[@data-span='{target}']"))
    # the first evidence is the clause that states the term (the classifier's best clause,
    # or the "Term" heading when the patterns alone decide)
    assert "continues for two (2) years" in pieces or "Term" in pieces, pieces
    # the kind is a guess from the title: nothing is called required, what was not found is
    # listed as such (DOC001 needs a known kind; RDR104 says so once)
    assert "guessed from the document" in text_of(page.get_element_by_id("kind-guessed"))
    absent = [text_of(li) for li in page.get_element_by_id("components-absent").findall("li")]
    assert "payment terms" in absent, absent


def test_review_with_the_kind_chosen_lists_the_required_components_missing(
    client: FlaskClient, docx_data: bytes
) -> None:
    response = review(client, docx_data, "Crestline draft.docx", mode="lint", kind="reseller")
    assert response.status_code == 200, response.get_data(as_text=True)[:2000]
    page = tree(response)
    assert not page.xpath("//*[@id='kind-guessed']")
    missing = page.get_element_by_id("components-missing")
    labels = [text_of(li) for li in missing.findall("li")]
    assert any("payment terms" in label and "required" in label for label in labels), labels


def test_review_lists_tracked_changes_and_comments(reviewed: Any) -> None:
    page = tree(reviewed)
    revisions = page.get_element_by_id("revisions")
    [change] = revisions.findall("li")
    assert "Harbourview Legal" in text_of(change)
    assert "and renews yearly" in text_of(change.xpath(".//ins")[0])
    anchor = change.xpath(".//a")[0].get("href").lstrip("#")
    pieces = "".join(text_of(e) for e in page.xpath(f"//*[@data-span='{anchor}']"))
    assert pieces.strip() == "and renews yearly"
    comments = page.get_element_by_id("comments")
    [comment] = comments.findall("li")
    assert "Can we make this sixty days?" in text_of(comment)
    assert "Dana Reviewer" in text_of(comment)
    assert text_of(comment).startswith("Open")


def test_review_offers_the_three_reports_as_downloads(reviewed: Any) -> None:
    import base64
    import json

    page = tree(reviewed)
    got = {}
    for fmt in ("json", "sarif", "html"):
        link = page.get_element_by_id(f"download-{fmt}")
        href = link.get("href")
        assert link.get("download") == f"Crestline draft-presign.{fmt}"
        assert href.startswith("data:") and ";base64," in href
        got[fmt] = base64.b64decode(href.split(",", 1)[1]).decode("utf-8")
    report = json.loads(got["json"])
    [document] = report["documents"]
    assert document["path"] == "Crestline draft.docx"
    codes = {f["code"] for f in document["findings"]}
    assert {"DRF101", "DRF105", "DRF107"} <= codes
    sarif = json.loads(got["sarif"])
    assert sarif["version"] == "2.1.0"
    assert "Pre-signing review: Crestline draft.docx" in got["html"]
    assert reviewed.headers["Cache-Control"] == "no-store"


@pytest.fixture(scope="module")
def built_referral() -> bytes:
    from agreement_builder.service import jobs
    from agreement_builder.service.settings import Settings

    return jobs.build_spec(Settings(), SAMPLE.read_text(), "docx", "referral.yaml").data


def test_review_with_the_spec_and_sent_version_of_a_clean_build_is_ready(
    client: FlaskClient, built_referral: bytes
) -> None:
    response = review(
        client,
        built_referral,
        "referral.docx",
        spec=(io.BytesIO(SAMPLE.read_bytes()), "referral.yaml"),
        sent=(io.BytesIO(built_referral), "sent.docx"),
    )
    assert response.status_code == 200
    page = tree(response)
    verdict = page.get_element_by_id("verdict")
    assert " ".join(text_of(verdict).split()[1:]).startswith("READY to sign")
    assert "ready" in verdict.get("class").split()
    meta = text_of(page.xpath("//dl[@class='meta']")[0])
    assert "referral.yaml" in meta and "sent.docx" in meta


def test_review_marks_an_untracked_edit_since_the_version_sent(
    client: FlaskClient, built_referral: bytes
) -> None:
    from tests.presign.documents import replace_text

    edited = replace_text(built_referral, "Singapore", "Malaysia")
    sent = (io.BytesIO(built_referral), "sent.docx")
    response = review(client, edited, "referral.docx", sent=sent)
    page = tree(response)
    assert " ".join(text_of(page.get_element_by_id("verdict")).split()[1:]) == (
        "NOT READY: 1 untracked edit"
    )
    [change] = page.get_element_by_id("changes").findall("li")
    assert text_of(change.xpath(".//del")[0]).strip() == "Singapore"
    assert text_of(change.xpath(".//ins")[0]).strip() == "Malaysia"
    target = change.xpath(".//a")[0].get("href").lstrip("#")
    pieces = "".join(text_of(e) for e in page.xpath(f"//*[@data-span='{target}']"))
    assert "laws of Malaysia, whose registered address" in pieces


def test_review_of_text_keeps_offsets(client: FlaskClient) -> None:
    response = review(client, DEFECTS_TXT.read_bytes(), "defects.txt", mode="lint")
    assert response.status_code == 200
    page = tree(response)
    marks = page.get_element_by_id("document-text").xpath(".//mark[@id]")
    shown = {text_of(m) for m in marks}
    assert "[DATE]" in shown and "31 April 2027" in shown
    assert "drafting check (lint)" in text_of(page.xpath("//dl[@class='meta']")[0])


def test_review_without_a_csrf_token_is_refused(client: FlaskClient, docx_data: bytes) -> None:
    form = {"document": (io.BytesIO(docx_data), "draft.docx")}
    response = client.post("/review", data=form, content_type="multipart/form-data")
    assert response.status_code == 400
    assert "Reload the page" in response.get_data(as_text=True)
    token(client)  # a session now exists; another token is still wrong
    form = {"csrf_token": "forged", "document": (io.BytesIO(docx_data), "draft.docx")}
    response = client.post("/review", data=form, content_type="multipart/form-data")
    assert response.status_code == 400


def test_a_token_from_another_session_is_refused(app: Any, docx_data: bytes) -> None:
    theirs = token(app.test_client())
    mine = app.test_client()
    token(mine)
    form = {"csrf_token": theirs, "document": (io.BytesIO(docx_data), "draft.docx")}
    response = mine.post("/review", data=form, content_type="multipart/form-data")
    assert response.status_code == 400


def test_session_cookie_is_httponly_lax_and_secure_on_https(app: Any) -> None:
    cookie = app.test_client().get("/review").headers["Set-Cookie"]
    assert cookie.startswith("agreement_session=")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    https = app.test_client().get("/review", base_url="https://localhost")
    secure = https.headers["Set-Cookie"]
    assert "Secure" in secure


def test_a_wrong_file_type_is_shown_on_the_form(client: FlaskClient) -> None:
    response = review(client, b"MZ\x90\x00", "setup.exe", kind="pilot", mode="lint")
    assert response.status_code == 415
    page = tree(response)
    errors = page.get_element_by_id("form-errors")
    assert "setup.exe: the document must be one of .docx" in text_of(errors)
    # the form is kept, with the choices made
    assert page.get_element_by_id("document").get("aria-invalid") == "true"
    assert page.xpath("//select[@id='kind']/option[@selected]")[0].get("value") == "pilot"
    assert page.get_element_by_id("mode-lint").get("checked") is not None


def test_an_unreadable_document_is_shown_on_the_form(client: FlaskClient) -> None:
    response = review(client, b"PK\x03\x04 not really a zip", "broken.docx")
    assert response.status_code == 422
    errors = text_of(tree(response).get_element_by_id("form-errors")).strip()
    assert errors.splitlines()[0] == "\u2716 The document could not be reviewed"
    assert "broken.docx: not a readable DOCX" in errors
    assert "agreement-upload" not in response.get_data(as_text=True)  # no path of ours
    assert "Traceback" not in response.get_data(as_text=True)


def test_an_invalid_spec_is_shown_on_the_review_form(client: FlaskClient) -> None:
    form = {
        "csrf_token": token(client),
        "document": (io.BytesIO(DEFECTS_TXT.read_bytes()), "defects.txt"),
        "spec": (io.BytesIO(b"agreement:\n  kind: referal\n"), "deal.yaml"),
    }
    response = client.post("/review", data=form, content_type="multipart/form-data")
    assert response.status_code == 422
    errors = text_of(tree(response).get_element_by_id("form-errors"))
    assert "deal.yaml:2:9: agreement.kind: 'referal' is not one of" in errors
    assert "agreement-upload" not in response.get_data(as_text=True)


# ---------------------------------------------------------------- draft


def draft(client: FlaskClient, text: str, action: str, **fields: str) -> Any:
    form = {"csrf_token": token(client, "/draft"), "kind": "referral", "spec": text}
    form.update(name="deal.yaml", action=action, **fields)
    return client.post("/draft", data=form)


def test_draft_starts_from_the_kinds_starter(client: FlaskClient) -> None:
    page = tree(client.get("/draft?kind=pilot"))
    editor = page.get_element_by_id("spec-text")
    assert editor.text.strip() == api.starter("pilot").strip()
    assert page.xpath("//label[@for='spec-text']")
    selected = page.xpath("//select[@id='starter-kind']/option[@selected]")[0]
    assert selected.get("value") == "pilot"


def test_draft_check_shows_the_problem_next_to_its_line(client: FlaskClient) -> None:
    text = SAMPLE.read_text().replace("kind: referral", "kind: referal", 1)
    line = text.split("\n").index("  kind: referal") + 1
    response = draft(client, text, "check")
    assert response.status_code == 422
    page = tree(response)
    [problem] = page.get_element_by_id("problems").findall("li")
    link = problem.xpath(".//a[@class='to-line']")[0]
    assert link.get("href") == f"#line-{line}"
    assert text_of(link) == f"Line {line}, column 9"
    assert "'referal' is not one of" in text_of(problem)
    row = page.get_element_by_id(f"line-{line}")
    assert row.get("tabindex") == "-1"  # a link there moves focus to it
    assert text_of(row.find("code")) == "  kind: referal"
    beside = row.find_class("line-problems")[0]
    assert "'referal' is not one of" in text_of(beside)
    # the editor keeps what was typed
    assert page.get_element_by_id("spec-text").text == text


def test_draft_check_of_a_valid_spec_says_so(client: FlaskClient) -> None:
    response = draft(client, SAMPLE.read_text(), "check")
    assert response.status_code == 200
    result = tree(response).get_element_by_id("check-result")
    assert "No problems" in text_of(result) or result.xpath(".//ol[@id='problems']")


def test_draft_check_lists_rule_findings_by_line(client: FlaskClient) -> None:
    text = (ROOT / "samples" / "co_marketing.yaml").read_text()
    text = text.replace("{party: ridgeline, percent: 45}", "{party: ridgeline, percent: 40}")
    line = next(n for n, s in enumerate(text.split("\n"), 1) if "lattice, percent: 55" in s)
    response = draft(client, text, "check")
    assert response.status_code == 200  # a valid spec, with a finding of a rule
    page = tree(response)
    [item] = page.get_element_by_id("problems").findall("li")
    assert "the splits total 95%, not 100%" in text_of(item)
    assert "ECO101" in text_of(item) and "Error" in text_of(item)
    assert item.xpath(".//a[@class='to-line']")[0].get("href") == f"#line-{line}"
    row = page.get_element_by_id(f"line-{line}")
    assert "the splits total 95%" in text_of(row.find_class("line-problems")[0])


def test_build_downloads_a_docx_python_docx_opens(client: FlaskClient) -> None:
    import docx

    response = draft(client, SAMPLE.read_text(), "docx")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == 'attachment; filename="deal.docx"'
    document = docx.Document(io.BytesIO(response.data))
    assert any("Referral" in p.text for p in document.paragraphs[:40])


def test_build_downloads_a_pdf(client: FlaskClient) -> None:
    import pypdfium2

    response = draft(client, SAMPLE.read_text(), "pdf")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == 'attachment; filename="deal.pdf"'
    assert response.mimetype == "application/pdf"
    pdf = pypdfium2.PdfDocument(response.data)
    try:
        first = pdf[0].get_textpage().get_text_range()
        assert "Referral Exchange Agreement" in first
    finally:
        pdf.close()


def test_build_of_an_invalid_spec_shows_the_problems(client: FlaskClient) -> None:
    response = draft(client, "agreement:\n  kind: referal\n", "docx")
    assert response.status_code == 422
    page = tree(response)
    assert page.get_element_by_id("line-2") is not None
    assert "agreement.kind" in text_of(page.get_element_by_id("problems"))


def test_preview_shows_the_agreement_inside_the_page(client: FlaskClient) -> None:
    response = draft(client, SAMPLE.read_text(), "preview")
    assert response.status_code == 200
    page = tree(response)
    preview = page.get_element_by_id("preview")
    assert "Referral Exchange Agreement" in text_of(preview)
    assert len(page.xpath("//h1")) == 1  # the agreement's title moved under the page's
    assert not preview.xpath(".//style|.//script|.//*[@style]")
    ids = [e.get("id") for e in preview.xpath(".//*[@id]")]
    assert all(i.startswith("preview") for i in ids)
    hrefs = [a.get("href") for a in preview.xpath(".//a[@href]")]
    assert hrefs and all(h.startswith("#preview-") for h in hrefs)


# ---------------------------------------------------------------- catalogues


def test_rules_list_filters_and_rule_page(client: FlaskClient) -> None:
    page = tree(client.get("/rules?severity=error&target=document"))
    rows = page.get_element_by_id("rules-table").xpath("tbody/tr")
    assert rows
    for row in rows:
        assert "error" in text_of(row.xpath("td")[1])
        assert "document" in text_of(row.xpath("td")[2])
    codes = [text_of(r.xpath("td/a")[0]) for r in rows]
    assert "DRF113" in codes and "DRF101" not in codes  # DRF101 is a warning
    rule = api.find_rule("DRF107")
    detail = tree(client.get("/rules/DRF107"))
    assert text_of(detail.get_element_by_id("rule-why")) == rule.why
    assert text_of(detail.get_element_by_id("rule-fix")) == rule.fix
    assert text_of(detail.get_element_by_id("rule-source")) == rule.source
    assert client.get("/rules/NOPE999").status_code == 404


def test_rule_with_an_example(client: FlaskClient) -> None:
    rule = next(r for r in api.rules() if r.example)
    page = tree(client.get(f"/rules/{rule.code}"))
    assert text_of(page.get_element_by_id("rule-example")) == rule.example
    eco = tree(client.get("/rules/ECO101")).get_element_by_id("rule-cases")
    assert [text_of(li) for li in eco.findall("li")] == [
        "set economics.splits[1].percent to 30",
        "set economics.splits[1].percent to 45",
    ]
    cmp = tree(client.get("/rules/CMP002")).get_element_by_id("rule-cases")
    assert text_of(cmp.findall("li")[0]) == "leave out kpis"


def test_clauses_list_filters_and_clause_page(client: FlaskClient) -> None:
    page = tree(client.get("/clauses?component=term"))
    rows = page.get_element_by_id("clauses-table").xpath("tbody/tr")
    wanted = [c for c in api.clauses() if c.component == "term"]
    assert len(rows) == len(wanted) > 0
    clause = wanted[0]
    detail = tree(client.get(f"/clauses/{clause.id}"))
    assert text_of(detail.get_element_by_id("clause-text")) == clause.body
    assert clause.title in text_of(detail.xpath("//h1")[0])
    pilot = tree(client.get("/clauses?kind=pilot")).get_element_by_id("clauses-table")
    assert len(pilot.xpath("tbody/tr")) == len(api.clauses("pilot"))
    assert client.get("/clauses/no.such").status_code == 404


# ---------------------------------------------------------------- every page's markup


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def _pages(client: FlaskClient, docx_data: bytes) -> dict[str, str]:
    out = {p: client.get(p).get_data(as_text=True) for p in GET_PAGES}
    out["review result"] = review(client, docx_data, "d.docx").get_data(as_text=True)
    out["review error"] = review(client, b"x", "d.exe").get_data(as_text=True)
    out["draft check"] = draft(client, "agreement:\n  kind: x\n", "check").get_data(as_text=True)
    out["draft preview"] = draft(client, SAMPLE.read_text(), "preview").get_data(as_text=True)
    out["error"] = client.get("/no-such-page").get_data(as_text=True)
    return out


GET_PAGES = ("/", "/review", "/draft", "/rules", "/rules/DRF101", "/clauses")


def test_every_page_has_lang_title_one_h1_landmarks_and_labels(
    client: FlaskClient, docx_data: bytes
) -> None:
    first_clause = api.clauses()[0].id
    pages = _pages(client, docx_data)
    pages[f"/clauses/{first_clause}"] = client.get(f"/clauses/{first_clause}").get_data(
        as_text=True
    )
    for name, html in pages.items():
        parsed = _Page()
        parsed.feed(html)
        tags = parsed.tags
        html_tag = next(a for t, a in tags if t == "html")
        assert html_tag.get("lang") == "en", name
        root = lxml_html.fromstring(html)
        assert root.findtext(".//title").strip(), name
        assert len(root.xpath("//h1")) == 1, name
        assert root.xpath("//main[@id='main']") and root.xpath("//nav"), name
        assert root.xpath("//header") and root.xpath("//footer"), name
        # heading levels never skip on the way down
        levels = [int(h.tag[1]) for h in root.iter("h1", "h2", "h3", "h4", "h5", "h6")]
        for before, after in itertools.pairwise(levels):
            assert after <= before + 1, (name, levels)
        # every form control has a label
        labelled = {label.get("for") for label in root.iter("label")}
        for control in root.xpath("//input|//select|//textarea"):
            if control.get("type") in ("hidden", "submit"):
                continue
            assert control.get("id") in labelled or control.get("aria-label"), (
                name,
                etree.tostring(control)[:100],
            )
        ids = [e.get("id") for e in root.xpath("//*[@id]")]
        assert len(ids) == len(set(ids)), (name, [i for i in ids if ids.count(i) > 1][:5])
        # nothing inline for the CSP to block
        assert not root.xpath("//style|//script[not(@src)]|//*[@style]"), name
        assert not [a for _, attrs in tags for a in attrs if a.startswith("on")], name


def test_a_too_large_upload_is_shown_on_the_review_form(settings: Any) -> None:
    from dataclasses import replace

    from agreement_builder.service import create_app

    client = create_app(replace(settings, max_upload_mb=1)).test_client()
    # the body written out here: the test client spools a large file field to a temporary
    # file that it never closes when the application refuses the request unread
    boundary = "agreement-test-boundary"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n'
            f"{token(client)}\r\n--{boundary}\r\nContent-Disposition: form-data; "
            f'name="document"; filename="big.txt"\r\nContent-Type: text/plain\r\n\r\n'
        ).encode()
        + b"x" * (1024 * 1024 + 10)
        + f"\r\n--{boundary}--\r\n".encode()
    )
    response = client.post(
        "/review", data=body, content_type=f"multipart/form-data; boundary={boundary}"
    )
    assert response.status_code == 413
    page = tree(response)
    assert "larger than 1 MB" in text_of(page.get_element_by_id("form-errors"))
    assert page.get_element_by_id("review-form") is not None


def test_bidi_controls_from_a_document_are_shown_not_obeyed(client: FlaskClient) -> None:
    text = DEFECTS_TXT.read_text().replace("[DATE]", "[DA\u202eTE]", 1)
    text = text.replace("Jane Doe", "Jane \u202eeoD", 1)
    response = review(client, text.encode(), "bidi.txt", mode="lint")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "\u202e" not in html
    body = text_of(tree(response).get_element_by_id("document-text"))
    assert "Jane <U+202E>eoD" in body


def test_review_says_how_far_a_demoted_component_can_be_trusted(client: FlaskClient) -> None:
    # rules/detection.yaml demotes governing law for recall: its absence is "not recognised",
    # with the held-out figure, in the list of required components missing (DOC009)
    from tests.engine.test_detection import NO_LAW

    response = review(client, NO_LAW.encode(), "alliance.txt", kind="strategic_alliance")
    assert response.status_code == 200, response.get_data(as_text=True)[:2000]
    page = tree(response)
    law = page.get_element_by_id("components-missing").xpath("li[@id='component-governing_law']")
    [caution] = law[0].xpath("p[@class='caution']")
    assert text_of(caution).startswith("not recognised; the checker recognises this clause in")
    assert "of 100 contracts that have one" in text_of(caution)
