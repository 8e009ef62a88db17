"""Phrasing batteries for the component patterns (issue 16, item 3): the ways contracts state a
clause, written from drafting practice (US, UK and Commonwealth forms, SEC-filed agreements,
older and newer styles), not taken from the development corpus, and the near misses that must
never count. The patterns of ``rules/signals.yaml`` were tuned on development contracts; these
cases hold them to the clause, not to the documents they were read from.

Every case is a real text file read back with ``read_document`` and put through
``detect_components`` as the linter ships it. A positive sentence sits in a numbered clause
with no caption, so it is found by its substance alone; the heading cases are separate (text
and DOCX).

Category scope follows the CUAD table of ``cuad-dev/README.md``: exclusivity is CUAD's
Exclusivity and Non-Compete (an exclusive appointment, a requirements commitment, a promise not
to deal with others or compete); a most-favoured-customer price is a category of its own, not
exclusivity. A permission to self-insure that meets an insurance obligation counts as insurance
(it is how the clause is satisfied); an insurer's own business (selling policies), insurance
proceeds and employee benefits do not.
"""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from agreement_builder.analyze.components import detect_components
from agreement_builder.read import read_document

from .test_components_generalise import _detect

POSITIVE: dict[str, tuple[str, ...]] = {
    "governing_law": (
        "This Agreement shall be construed under and in accordance with the laws of the State of "
        "Texas.",
        "This Agreement shall be governed by and construed in accordance with the internal laws of "
        "the State of Delaware, without regard to its conflicts of law principles.",
        "This Agreement is governed by English law.",
        "This Agreement shall be subject to the laws of the Province of Ontario and the federal "
        "laws of Canada applicable therein.",
        "The validity, construction and performance of this Agreement shall be governed by the "
        "laws of the State of New York.",
        "This Agreement and any dispute or claim (including non-contractual disputes or claims) "
        "arising out of or in connection with it shall be governed by and construed in accordance "
        "with the law of England and Wales.",
        "The laws of the State of California shall govern this Agreement.",
        "This Agreement shall be interpreted and enforced in accordance with the laws of the "
        "Commonwealth of Massachusetts.",
        "This contract shall be governed by the laws of Singapore.",
        "The rights and obligations of the parties under this Agreement shall be governed by Swiss "
        "law, to the exclusion of the United Nations Convention on Contracts for the International "
        "Sale of Goods.",
        "All questions concerning the construction, validity and interpretation of this Agreement "
        "will be governed by the laws of the State of Illinois.",
        "This Agreement will be construed and enforced under the laws of the State of Washington "
        "applicable to contracts made and to be performed entirely within that State.",
        "This Agreement shall in all respects be governed by, and construed in accordance with, "
        "the laws of the State of Georgia.",
        "The parties agree that the laws of the State of Florida shall apply to this Agreement.",
        "This Agreement shall be deemed to have been made in, and shall be construed pursuant to "
        "the laws of, the State of New Jersey.",
        "This Agreement shall be governed by the laws in force in the Republic of Ireland.",
        "This Agreement is made under, and shall be governed by, the laws of the State of "
        "Minnesota.",
        "The Agreement shall be construed according to the laws of the State of Ohio.",
        "This Agreement shall be governed by, and construed and interpreted in accordance with, "
        "the substantive laws of the State of Colorado, excluding its choice of law rules.",
        "The law of the State of New York governs this Agreement.",
        "New York law governs this Agreement and any claim arising out of it.",
        "This agreement is governed by, and is to be construed in accordance with, the laws in "
        "force in New South Wales, Australia.",
        "This Agreement shall be construed, and the rights and liabilities of the parties "
        "determined, in accordance with the laws of the State of Connecticut.",
        "The parties hereby choose the laws of the State of Utah to govern this Agreement.",
        "THIS AGREEMENT SHALL BE GOVERNED BY THE LAWS OF THE STATE OF NEW YORK.",
        "This Agreement shall be governed by and construed in accordance with Indian law.",
        "This Agreement is subject to and shall be interpreted in accordance with the laws of "
        "Japan.",
        "This Agreement shall be deemed to be a contract made under the laws of the State of "
        "California and for all purposes shall be construed in accordance with such laws.",
        "The internal laws of the State of Delaware (without reference to its principles of "
        "conflicts of law) shall govern the construction and interpretation of this Agreement.",
        "This Agreement shall be governed by and construed in accordance with the law of Scotland.",
        "In all respects this Agreement shall be governed by the laws of British Columbia.",
        "The Laws of the State of Nevada, excluding any conflicts of law rule, shall apply to "
        "all matters arising under this Agreement.",
        "This Agreement shall be read and construed according to the laws of the Province of "
        "Alberta.",
        "This Agreement and the performance hereunder shall be governed exclusively by the laws "
        "of the State of Oregon.",
        "All disputes under this Agreement shall be determined in accordance with the laws of the "
        "State of Victoria.",
    ),
    "insurance": (
        "Licensee shall maintain in full force and effect during the Term policies of "
        "comprehensive general liability insurance with limits of not less than $1,000,000 per "
        "occurrence.",
        "Distributor shall carry general liability coverage in an amount not less than "
        "$2,000,000 per occurrence.",
        "Manufacturer shall name Distributor as an additional insured under such policies.",
        "Upon request, Supplier shall furnish certificates of insurance evidencing such coverage.",
        "Manufacturer shall maintain product liability insurance with limits of not less than "
        "$5,000,000 per occurrence.",
        "Each party shall, at its own expense, obtain and keep in force with reputable insurers "
        "adequate insurance against its liabilities under this Agreement.",
        "The Contractor shall effect and maintain professional indemnity insurance for an amount "
        "of not less than £5,000,000 for any one claim.",
        "The Supplier shall maintain public liability insurance cover of at least £10 million.",
        "Consultant shall procure and maintain, at its own cost, workers' compensation insurance "
        "as required by law.",
        "The Franchisee shall at all times during the term insure the Premises against loss or "
        "damage by fire and such other risks as the Franchisor may require.",
        "Licensee's insurance shall be primary and non-contributory to any insurance maintained "
        "by Licensor.",
        "All such policies shall be written by carriers rated A- or better by A.M. Best.",
        "The Supplier shall hold employer's liability insurance as required by law.",
        "Throughout the Term, the Distributor shall have in place insurance coverage adequate to "
        "cover its obligations under this Agreement.",
        "Each Party shall be named as a loss payee on the other Party's property policy.",
        "Contractor shall secure, before commencing work, commercial general liability coverage "
        "on an occurrence basis.",
        "The Agent shall take out and maintain adequate insurance cover with a reputable insurer.",
        "Lessee shall cause the Aircraft to be insured for an agreed value of not less than "
        "US$30,000,000.",
        "Such policies shall include a waiver of subrogation in favour of the Customer.",
        "The Licensee shall maintain in effect with a reputable insurance company a policy of "
        "products liability insurance in the amount of $3,000,000 per occurrence.",
        "Each party agrees to maintain reasonable levels of cyber liability insurance covering "
        "data breaches.",
        "Licensee shall cause Licensor to be named as an additional named insured.",
        "Franchisee shall deliver to Franchisor a certificate evidencing the coverage required "
        "hereunder.",
        "Supplier agrees to keep in force, at its expense, insurance coverage of the types and in "
        "the amounts listed in Schedule 4.",
        "Such insurance policies shall not be cancelled or materially changed without thirty (30) "
        "days' prior written notice to Licensor.",
        "Licensee may meet its obligations under this Section through a program of "
        "self-insurance reasonably acceptable to Licensor.",
        "The Consultant shall not commence work until it has obtained all insurance required "
        "under this Section.",
        "Seller shall keep the Goods fully insured against all risks until delivery.",
        "Errors and omissions coverage with limits of $1,000,000 shall be maintained by the "
        "Provider during the Term.",
    ),
    "audit_rights": (
        "Licensor shall have the right, upon reasonable notice, to inspect and copy the books and "
        "records of Licensee relating to the Products.",
        "An independent certified public accountant selected by Licensor may examine Licensee's "
        "records to verify the royalties payable.",
        "Supplier shall keep complete and accurate records, which shall be available for "
        "inspection by Customer during normal business hours.",
        "Customer may, at its expense, audit Supplier's compliance with this Agreement once per "
        "calendar year.",
        "Licensor reserves the right to audit Licensee's sales records.",
        "The Distributor shall permit the Company or its authorized representatives to examine "
        "its books of account at reasonable times.",
        "All such records shall be open to inspection by Licensor upon ten (10) days' notice.",
        "Franchisor shall have the right at any time during business hours to audit, inspect and "
        "copy Franchisee's business records.",
        "Such audit shall be conducted no more than once in any twelve (12) month period.",
        "If any audit reveals an underpayment of more than five percent (5%), Licensee shall bear "
        "the cost of such audit.",
        "The Company shall make its books and records available to the auditor for review.",
        "Licensor may, through an independent auditor reasonably acceptable to Licensee, examine "
        "the relevant books of Licensee.",
        "Licensee shall keep accurate books of account and shall permit them to be inspected by "
        "Licensor.",
        "The Purchaser shall have the right, through its designated representatives, to audit the "
        "Supplier's invoices and supporting documentation.",
        "The Licensee shall, at the request of the Licensor, submit its accounts to audit by a "
        "firm of chartered accountants.",
        "Each party shall retain all records relating to this Agreement for three years and shall "
        "make them available to the other party for audit upon request.",
        "Upon reasonable prior notice, Manufacturer shall allow Company's representatives to "
        "inspect its manufacturing facilities.",
        "During the Term, Supplier shall grant Customer's auditors access to its premises, "
        "personnel and records.",
        "The Client reserves the right to carry out an audit of the Contractor's performance.",
        "Licensor shall be entitled to appoint an independent accountant to verify the royalty "
        "statements.",
        "The Contractor shall keep records of all costs, which shall be subject to examination by "
        "the Government.",
        "The Commission Statement may be audited by Agent once per year.",
        "Company shall have the right to verify the accuracy of the reports by examining the "
        "Distributor's records.",
        "The Distributor shall permit audits of its sales records by the Supplier's auditors.",
        "Buyer may, upon reasonable notice, conduct an on-site audit of Seller's facility.",
        "The Owner or its agents shall have access at all reasonable times to the Operator's "
        "books, records and accounts for the purpose of auditing them.",
        "Licensee shall promptly pay any shortfall revealed by the inspection, together with "
        "interest.",
        "The Agency shall cooperate with any audit conducted by the Principal or its designee.",
    ),
    "exclusivity": (
        "During the Term, Distributor shall not, directly or indirectly, manufacture, distribute "
        "or sell any product that competes with the Products.",
        "Company hereby appoints Distributor as its exclusive distributor for the Territory.",
        "Buyer shall purchase all of its requirements for the Products exclusively from Seller.",
        "Buyer shall purchase from Seller all of its requirements of the Products.",
        "Supplier shall not appoint any other distributor in the Territory.",
        "Licensor shall not grant any license to any third party to sell the Products in the "
        "Territory.",
        "The Consultant shall not, during the term of this Agreement, render services to any "
        "competitor of the Company.",
        "For a period of two (2) years following termination, Employee shall not engage in any "
        "business that competes with the Company.",
        "Neither party shall enter into any agreement with a third party for the development of a "
        "product competitive with the Product.",
        "During the Term, Licensee shall deal exclusively with Licensor with respect to the "
        "Products.",
        "Agent shall not represent any other principal in respect of products which compete with "
        "the Products.",
        "Company grants to Distributor the sole and exclusive right to sell the Products in the "
        "Territory.",
        "Licensee shall be the exclusive licensee of the Licensed Patents in the Field.",
        "Supplier agrees that it will not supply the Products to any person in the Territory "
        "other than the Distributor.",
        "Employee agrees not to compete with the Company within a radius of fifty miles.",
        "Each Party agrees that, during the Term, it shall work exclusively with the other Party "
        "on the development of the Joint Product.",
        "XYZ shall be the sole supplier of the Products to ABC during the Term.",
        "The Reseller shall not market, promote or sell any products competitive with the "
        "Products.",
        "During the Term, Company will not enter into a similar agreement with any other sponsor.",
        "Manufacturer shall manufacture the Products exclusively for Company.",
        "Customer agrees to use Provider as its exclusive provider of payroll services.",
        "Licensee shall not, during the term of this Agreement, manufacture or sell any product "
        "similar to the Licensed Products.",
        "Dealer agrees not to carry any competing lines of merchandise.",
        "Franchisee shall not own, maintain, operate, engage in, or have any interest in any "
        "Competitive Business.",
        "Talent shall not endorse any other energy drink during the Term.",
        "Company shall purchase one hundred percent (100%) of its requirements of Product from "
        "Supplier.",
        "Distributor shall be the only distributor authorized to sell the Products in the "
        "Territory.",
        "Supplier shall refrain from selling the Products to any other customer in the Territory.",
        "The Consultant shall not perform similar services for any competitor of the Client.",
        "The Company appoints the Agent as its sole agent for the sale of the Products in the "
        "Territory.",
    ),
    "non_solicitation": (
        "During the Term and for one year thereafter, neither party shall solicit for employment "
        "or hire any employee of the other party.",
        "Consultant shall not, directly or indirectly, induce any employee of the Company to "
        "leave the employ of the Company.",
        "Neither Party shall, without the prior written consent of the other, employ or engage "
        "any person who is or was an employee of the other Party.",
        "Customer agrees not to hire any of Provider's personnel assigned to perform the Services.",
        "The Distributor shall not solicit any customers of the Company for the purpose of "
        "selling competing products.",
        "Employee agrees that he will not, for a period of twelve months, attempt to entice away "
        "any client of the Company.",
        "Neither party will knowingly recruit the other party's employees.",
        "Each party agrees that it will not, during the Term and for a period of 12 months "
        "thereafter, directly or indirectly solicit, recruit or hire any employee of the other "
        "party who was involved in the performance of this Agreement.",
        "The foregoing shall not prohibit general solicitations of employment not specifically "
        "directed at such employees.",
        "Company shall not, directly or indirectly, solicit the business of any customer of the "
        "Consultant.",
        "Neither party shall interfere with the relationship between the other party and its "
        "employees, customers or suppliers.",
        "Agent shall not, during the term, divert or attempt to divert any business from "
        "Principal.",
        "For twelve months after termination, Franchisee shall not employ or seek to employ any "
        "person employed by Franchisor.",
        "The Client shall not offer employment to any member of the Consultant's staff.",
        "Neither party shall solicit or accept business from any customer of the other party "
        "introduced to it under this Agreement.",
        "Each party shall refrain from soliciting the employees of the other.",
        "Consultant covenants that it will not solicit, for itself or any other person, any "
        "person who is a client of the Company.",
        "Neither party shall, during the Term and for six months thereafter, directly or "
        "indirectly employ, solicit for employment, or otherwise contract for the services of any "
        "individual who is then an employee of the other party.",
        "The Distributor agrees not to poach any of the Supplier's employees.",
        "Except with the other party's written consent, neither party shall hire any of the other "
        "party's key employees.",
        "The Supplier shall not, without the Customer's prior written consent, at any time from "
        "the date of this agreement to the expiry of six months after the termination of this "
        "agreement, solicit or entice away from the Customer any person employed by the Customer.",
        "During the Restricted Period, Executive shall not call upon any customer of the Company "
        "for the purpose of selling products competitive with those of the Company.",
        "Neither party will, directly or indirectly, hire away any employee of the other.",
        "The Consultant shall not solicit or induce any supplier of the Company to cease doing "
        "business with the Company.",
        "Reseller shall not, during the Term, solicit any of Vendor's customers to purchase "
        "competing products.",
    ),
    "license_grant": (
        "Licensor hereby grants to Licensee a non-exclusive, non-transferable licence to use the "
        "Software.",
        "Subject to the terms of this Agreement, Company grants Partner a limited, revocable right "
        "to use the Company Marks.",
        "Licensee is hereby granted a worldwide license under the Patents to make, use and sell "
        "Licensed Products.",
        "Each party grants the other a royalty-free licence to use its logo in the Marketing "
        "Materials.",
        "Customer hereby authorizes Provider to use Customer's name and logo in its customer list.",
        "The Supplier grants the Customer a perpetual, irrevocable licence to use the "
        "Deliverables.",
        "Company hereby licenses to Distributor the Technology for use in the Territory.",
        "ABC grants XYZ permission to reproduce the Content on its website.",
        "Licensee shall have a non-exclusive right to use the Trademarks in connection with the "
        "sale of Products.",
        "The Company grants to the Consultant a non-exclusive sublicense under the Licensed "
        "Patents.",
        "Upon payment of the License Fee, Licensee shall be entitled to use the Software on up to "
        "ten workstations.",
        "Owner hereby grants to User a limited license to access and use the Platform.",
        "Franchisor grants to Franchisee the right to operate a Restaurant using the System and "
        "the Marks.",
        "Subject to the provisions of this Agreement, the Licensor grants to the Licensee an "
        "exclusive licence under the Patents to manufacture the Products in the Territory.",
        "Each Party grants to the other Party, during the Term, a non-exclusive, worldwide "
        "license to use its trademarks solely to perform its obligations.",
        "Provider grants to Customer a non-exclusive, non-sublicensable right to access and use "
        "the Service during the Subscription Term.",
        "Artist grants Company the right to use Artist's name, likeness and biography in "
        "connection with the promotion of the Album.",
        "The Licensor hereby licenses the Licensee to use the Know-How for the Purpose.",
    ),
    "revenue_sharing": (
        "Licensee shall pay Licensor a royalty of five percent (5%) of Net Sales of all Licensed "
        "Products.",
        "Company shall pay Agent a commission equal to ten percent (10%) of the purchase price of "
        "each Product sold in the Territory.",
        "The parties shall share the Net Revenues equally.",
        "Net profits from the Joint Venture shall be divided 60/40 between Alpha and Beta.",
        "Publisher shall remit to Developer seventy percent (70%) of all amounts received from "
        "sales of the Game.",
        "Reseller shall retain twenty percent (20%) of the subscription fees it collects and "
        "remit the balance to Vendor.",
        "Each party shall be entitled to fifty percent (50%) of the Gross Profits.",
        "Client will pay Provider [***] of the Net Transaction Revenues received from each New "
        "Customer.",
        "Sponsor shall receive a percentage share of the ticket revenues as set out in Schedule 2.",
        "In consideration of the rights granted, Licensee shall pay to Licensor a running royalty "
        "of $2.00 per unit sold.",
        "Distributor shall pay the Company a royalty equal to 8% of the wholesale price of each "
        "unit.",
    ),
    # when money is due: the README's reseller draft ("within thirty (45) days of each invoice")
    # went unrecognised, so --kind reseller named payment terms as not recognised
    "payment_terms": (
        "Beta shall pay Alpha a fee of [AMOUNT] within thirty (30) days of each invoice.",
        "The Customer shall pay each invoice within thirty (30) days after the date of the "
        "invoice.",
        "All amounts are payable within 45 days of receipt of an undisputed invoice.",
        "Licensee shall pay all sums due within 30 days following receipt of the relevant invoice.",
        "Invoices are payable in full within sixty (60) days of their date.",
        "Late payments bear interest at one percent (1%) per month.",
        "The Purchase Price shall be paid in three instalments of $50,000 each.",
    ),
}

NEAR_MISS: dict[str, tuple[str, ...]] = {
    "payment_terms": (
        "The Supplier shall deliver the Products within thirty (30) days of each purchase order.",
        "Either party may cure a breach within thirty (30) days of notice of it.",
    ),
    "governing_law": (
        "The Services shall be governed by the terms of Exhibit A.",
        "This Agreement shall be governed by the terms and conditions of the Master Services "
        "Agreement.",
        "Each Statement of Work is governed by this Agreement.",
        "Supplier shall comply with all applicable federal, state and local governmental laws, "
        "rules and regulations.",
        "The Distributor shall comply with all laws and regulations governing the sale of the "
        "Products in the Territory.",
        "The Company is a corporation organized under the laws of the State of Delaware.",
        "Nothing in this Agreement shall be construed as a waiver of any rights under the laws "
        "of any jurisdiction.",
        "The parties irrevocably submit to the exclusive jurisdiction of the courts of the State "
        "of New York.",
        "Withholding taxes shall be determined under the laws of the country in which the "
        "payment is made.",
        "Licensee shall obtain all permits required under the laws of each country in the "
        "Territory.",
    ),
    "insurance": (
        "Any insurance proceeds received in respect of the Premises shall be applied to their "
        "restoration.",
        "The Seller shall keep any insurance proceeds received for the damaged Products.",
        "Nothing in this Agreement requires the Distributor to maintain insurance.",
        "The Agent shall solicit applications for insurance policies on behalf of the Company.",
        "The Company will provide the Executive with health insurance benefits.",
        "Prices include freight and insurance to the port of destination.",
        "The Consultant is responsible for all income taxes, unemployment insurance and social "
        "security taxes.",
        "Distributor shall reimburse Supplier for freight, duties and insurance premiums.",
        "The fee covers employee benefits, including health insurance benefits provided through "
        "insurance policies or self-insurance.",
        "The Agent shall not hold itself out as an insurance broker.",
    ),
    "audit_rights": (
        "Keep a copy of this agreement for your records.",
        "The Supplier shall maintain a quality management system certified to ISO 9001 by an "
        "independent auditor.",
        "Provider shall make available its most recent SOC 2 Type II audit report prepared by an "
        "independent third-party auditor.",
        "The Company's financial statements have been audited by independent auditors.",
        "Buyer shall have the right to inspect the Products upon delivery and to reject any "
        "nonconforming Products.",
        "The Board shall appoint an audit committee.",
        "Each year the Company's annual accounts shall be audited by a firm of chartered "
        "accountants.",
        "Customer may inspect the Deliverables and notify Supplier of any defects within ten days.",
        "Licensee shall provide quarterly reports setting out the number of units sold.",
        "Licensor shall have the right to inspect and approve all advertising and promotional "
        "materials bearing the Marks.",
        '"Confidential Information" means information disclosed in writing, orally or by '
        "inspection of premises, parts or equipment.",
        "On arrival at the premises, the Consignee shall be responsible for examining the "
        "documentation connected with the shipment.",
    ),
    "exclusivity": (
        "Supplier grants Reseller a non-exclusive licence to use the marks.",
        "The remedies in this Section are the Customer's sole and exclusive remedies.",
        "The parties submit to the exclusive jurisdiction of the courts of England.",
        "The state and federal courts located in Delaware shall be the exclusive venue for any "
        "action.",
        "All Work Product shall be the sole and exclusive property of the Company.",
        "Licensor retains the exclusive right to prosecute and maintain the Patents.",
        "This Agreement is non-exclusive, and the Company may appoint other distributors.",
        "Nothing in this Agreement shall prevent either party from entering into similar "
        "agreements with third parties.",
        "This Agreement shall not restrict either Party from independently developing or "
        "acquiring competing products.",
        "All prices are exclusive of VAT and other sales taxes.",
        "The Company has the exclusive right to determine the price of the Products.",
        "Supplier shall offer Customer prices no less favorable than those it offers to any "
        "other customer (most favored customer).",
        "Customer is not obligated to purchase its requirements exclusively from Supplier.",
        "Neither party shall disclose the terms of this Agreement to any competitor.",
        "Licensee shall not sublicense its rights to any third party without Licensor's consent.",
        # the development false positives, generalised: a reserved right to deal with others, a
        # freedom to make similar agreements, a representation about other agreements, a storage
        # purpose, another agreement "or a similar agreement", a form's requirements
        "Customer retains the right to use other vendors for services whether or not similar to "
        "the Services.",
        "Each party is free to enter into similar agreements with others.",
        "Consultant represents that it is not a party to any agreement with a third party to "
        "refrain from competing with any person.",
        "The data shall be kept in a database maintained exclusively for the storage of customer "
        "records.",
        "The licence ends if the Advisory Agreement, or a similar agreement, terminates.",
        "The Company satisfies all of the requirements for the use of Form S-1.",
        "The Client shall be told of any other providers providing services similar to the "
        "Services.",
    ),
    "non_solicitation": (
        "Distributor shall actively solicit orders for the Products from customers in the "
        "Territory.",
        "Sales Representative shall use its best efforts to solicit business from customers.",
        "Contractor may hire subcontractors to perform the Services.",
        "Contractor shall not hire any subcontractors who have not been approved by the Company.",
        "The Company shall not discriminate against any employee or applicant for employment "
        "because of race, religion or sex.",
        "Supplier shall not employ child labour or any individual who is not legally authorized "
        "to work.",
        "Neither party shall offer or solicit any bribe, gift or kickback to or from any employee "
        "of the other party.",
        "Distributor shall not actively solicit customers outside the Territory.",
        "Distributor shall solicit orders from the Company's customers in the Territory.",
    ),
    "license_grant": (
        "Nothing in this Agreement grants either party any license to the other party's "
        "intellectual property.",
        "Licensee shall pay the license fees set out in Schedule B.",
        "All costs, including but not limited to license fees, shall be borne by Customer.",
        "Distributor shall obtain all business licenses and permits required to sell the Products.",
        "Driver shall hold a valid driver's licence at all times.",
        "Access to the Systems does not convey to Reseller any right, title or interest therein "
        "or any license to use, sell or copy them.",
        "WHEREAS, Licensor has granted to Acme a perpetual license under the Patents pursuant to "
        "the License Agreement dated March 1, 2010.",
        "No license, express or implied, is granted under any patent of either party.",
        "Each party retains all right, title and interest in its own intellectual property.",
        "The Contractor holds all licences required under applicable law to perform the Services.",
        '"Copyright" means the exclusive legal right to reproduce, perform and display a work of '
        "authorship.",
    ),
    "revenue_sharing": (
        "Each party grants the other a royalty-free licence.",
        "The licence granted in this Section is fully paid-up and free of any royalty.",
        "Nothing in this Agreement creates a partnership or any right to share in the profits "
        "of the other party.",
    ),
}


def _cases(table: dict[str, tuple[str, ...]]) -> list[object]:
    return [
        pytest.param(component, sentence, id=f"{component}-{i:02d}")
        for component, sentences in table.items()
        for i, sentence in enumerate(sentences)
    ]


@pytest.mark.parametrize(("component", "sentence"), _cases(POSITIVE))
def test_the_ways_contracts_state_the_clause_count(
    tmp_path: Path, component: str, sentence: str
) -> None:
    doc, result = _detect(tmp_path, f"14.3 {sentence}", component)
    assert result.present, (component, sentence)
    quoted = " ".join(sentence.split())
    shown = [" ".join(doc.text[e.start : e.end].split()) for e in result.evidence]
    assert any(quoted[:60] in s or s in quoted for s in shown), shown


@pytest.mark.parametrize(("component", "sentence"), _cases(NEAR_MISS))
def test_near_misses_never_count(tmp_path: Path, component: str, sentence: str) -> None:
    _, result = _detect(tmp_path, f"14.3 {sentence}", component)
    assert not result.present, (component, sentence, result.evidence)


def _docx(tmp_path: Path, sections: list[tuple[str, str]]) -> Path:
    """A DOCX with a title and one Heading 1 article per (caption, body)."""
    document = docx.Document()
    document.add_paragraph("DISTRIBUTION AGREEMENT", style="Title")
    for caption, body in sections:
        document.add_paragraph(caption, style="Heading 1")
        document.add_paragraph(body)
    path = tmp_path / "agreement.docx"
    document.save(str(path))
    return path


@pytest.mark.parametrize(
    ("component", "caption", "body"),
    [
        # a heading alone makes the component, whatever words its body uses
        ("governing_law", "Applicable Law", "The laws of Queensland apply to this agreement."),
        (
            "governing_law",
            "Law and Jurisdiction",
            "Scots law applies and the Scottish courts decide.",
        ),
        ("insurance", "Insurance", "Each party shall keep adequate cover with reputable insurers."),
        ("audit_rights", "Books and Records; Audit", "Licensee shall keep complete records."),
        ("non_solicitation", "Non-Solicitation", "Neither party shall approach the other's staff."),
        ("exclusivity", "Exclusive Appointment", "Company appoints Distributor for the Territory."),
        ("license_grant", "Grant of Licence", "Licensor allows Licensee to use the Software."),
    ],
)
def test_docx_headings_name_the_clause(
    tmp_path: Path, component: str, caption: str, body: str
) -> None:
    path = _docx(tmp_path, [("Definitions", "Terms have their defined meanings."), (caption, body)])
    doc = read_document(path)
    result = detect_components(doc, [component])[component]
    assert result.present, (component, caption)
    assert caption in [e.caption for e in result.evidence]


@pytest.mark.parametrize(
    ("component", "caption", "body"),
    [
        # a duty to obey the law, money for a licence and regulatory licences are not the clause
        (
            "governing_law",
            "Compliance with Applicable Laws",
            "Each party shall comply with all applicable laws in performing this Agreement.",
        ),
        ("license_grant", "License Fees", "Licensee shall pay the fees set out in Schedule B."),
        (
            "license_grant",
            "Licenses and Permits",
            "Distributor shall hold all permits needed to import the Products.",
        ),
    ],
)
def test_docx_headings_that_only_look_like_the_clause(
    tmp_path: Path, component: str, caption: str, body: str
) -> None:
    doc = read_document(_docx(tmp_path, [(caption, body)]))
    result = detect_components(doc, [component])[component]
    assert not result.present, (component, caption, result.evidence)


def test_docx_phrasings_found_under_unrelated_captions(tmp_path: Path) -> None:
    """The battery's clauses buried under a "Miscellaneous" caption of a DOCX, one article each."""
    wanted = {
        "governing_law": "The law of the State of New York governs this Agreement.",
        "insurance": "Distributor shall carry general liability coverage of $2,000,000.",
        "audit_rights": "Such audit shall be conducted no more than once in any year.",
        "exclusivity": "Buyer shall purchase from Seller all of its requirements of the Products.",
        "non_solicitation": "Customer agrees not to hire any of Provider's personnel.",
        "license_grant": "Company hereby licenses to Distributor the Technology.",
    }
    path = _docx(tmp_path, [(f"Miscellaneous {i}", s) for i, s in enumerate(wanted.values())])
    doc = read_document(path)
    found = detect_components(doc, list(wanted))
    for component, sentence in wanted.items():
        result = found[component]
        assert result.present, component
        assert any(sentence in doc.text[e.start : e.end] for e in result.evidence), component


_FEES = (
    "5. Fees and Payment.\n\n"
    "5.1 Customer shall pay the fees set out in Schedule 1.\n\n"
    "5.2 Fees are payable monthly in arrears.\n\n"
    "5.3 The set-up fee is USD 5,000.\n\n"
    "5.4 All fees are exclusive of VAT.\n\n"
    "5.5 Late fees are charged at one percent per month on overdue amounts.\n\n"
    "5.6 Any fee for additional services shall be payable on invoice.\n\n"
)


@pytest.mark.parametrize(
    "share",
    [
        "Reseller shall pay Vendor thirty percent (30%) of the Net Revenues it receives from End "
        "Customers.",
        "Licensee shall pay Licensor a royalty of five percent (5%) of Net Sales of each Licensed "
        "Product.",
        "Company shall pay Agent a commission equal to ten percent (10%) of the price of each "
        "Product sold.",
        "Client will pay Provider [***] of the Net Transaction Revenues received from each New "
        "Customer.",
        "Net profits of the Venture shall be divided 60/40 between Alpha and Beta.",
    ],
)
@pytest.mark.parametrize("where", ["inside the fees article", "in a later article"])
def test_the_revenue_share_comes_before_the_fee_schedule(
    tmp_path: Path, share: str, where: str
) -> None:
    """The clause that states the share leads the evidence, ahead of plain fee sentences in a
    "Fees" article (CUAD labels the share, not the fees: held-out evidence 0.58)."""
    if where == "inside the fees article":
        body = _FEES + f"5.7 {share}\n\n9. Notices.\n\n9.1 Notices shall be in writing.\n"
    else:
        body = (
            _FEES + f"9. Marketing.\n\n9.1 The parties shall market the Product.\n\n9.2 {share}\n"
        )
    doc, result = _detect(tmp_path, body, "revenue_sharing")
    assert result.present
    shown = [" ".join(doc.text[e.start : e.end].split()) for e in result.evidence]
    # first among the patterns' evidence; the classifier may put its own best clause before it
    assert any(share in s for s in shown[:2]), shown
