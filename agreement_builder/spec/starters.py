"""Commented starter specs for ``agreement init``: one per agreement kind, valid as written.

A starter fills in only what the format requires (the kind, two or three parties with an id
and a legal name). Every decision section is present as an empty key, which loads as "not
decided yet", with a commented example underneath: removing the ``# `` in front of the
example lines turns it into a decision. Explanations are comments in the first column;
example lines are indented comments, so the two never mix.
"""

from __future__ import annotations

from ..core.taxonomy import KINDS

# id, legal name and role of each party in the starter, per kind
_PARTIES: dict[str, tuple[tuple[str, str, str], ...]] = {
    "strategic_alliance": (
        ("first", "First Party Ltd", "an alliance partner"),
        ("second", "Second Party Ltd", "the other alliance partner"),
    ),
    "joint_venture": (
        ("first", "First Party Ltd", "a venturer"),
        ("second", "Second Party Ltd", "a venturer"),
        ("third", "Third Party Ltd", "a venturer (delete this party for a two-party venture)"),
    ),
    "co_marketing": (
        ("first", "First Party Ltd", "a brand in the joint campaigns"),
        ("second", "Second Party Ltd", "the other brand"),
    ),
    "referral": (
        ("first", "First Party Ltd", "the referrer: sends clients and earns the commission"),
        ("second", "Second Party Ltd", "the provider: serves referred clients and pays"),
    ),
    "reseller": (
        ("first", "First Party Ltd", "the supplier of the products"),
        ("second", "Second Party Ltd", "the reseller (distributor)"),
    ),
    "licensing": (
        ("first", "First Party Ltd", "the licensor"),
        ("second", "Second Party Ltd", "the licensee"),
    ),
    "pilot": (
        ("first", "First Party Ltd", "the customer running the pilot"),
        ("second", "Second Party Ltd", "the supplier"),
    ),
}

_TITLES = {
    "strategic_alliance": "Strategic Alliance Agreement",
    "joint_venture": "Joint Venture Agreement",
    "co_marketing": "Co-Marketing Agreement",
    "referral": "Referral Agreement",
    "reseller": "Reseller Agreement",
    "licensing": "Licence Agreement",
    "pilot": "Pilot Agreement",
}

_HEADER = """\
# Starter spec for a {title} ({kind}), written by `agreement init --kind {kind}`.
#
# Each top-level key is one part of the agreement, in one of three states:
#   - empty (or removed): NOT DECIDED YET. The checks flag it as a gap and the drafted
#     agreement shows a [MISSING: ...] marker where the decision belongs;
#   - not_applicable: LEFT OUT ON PURPOSE. No clause is drafted for it and no gap is flagged;
#   - a value: THE DECISION. Remove the "# " in front of the example lines and edit them.
# Value formats: durations '90 days', '6 months', '3 years'; money 'EUR 50000' or
# {{amount: 50000, currency: EUR}}; percentages 0 to 100; dates YYYY-MM-DD.
# Party ids (first, second ...) are references: use them wherever a key names a party.
# Every key is described in docs/spec-format.md. Check the file with:
#   agreement validate FILE
"""


def _block(key: str, help_text: str, example: str, value: str = "") -> str:
    """One top-level section: explanation, the live key, its commented example lines."""
    lines = [f"# {line}".rstrip() for line in help_text.strip("\n").splitlines()]
    lines.append(f"{key}: {value}".rstrip())
    lines.extend(f"  # {line}" for line in example.strip("\n").splitlines())
    return "\n".join(lines) + "\n"


def _agreement(kind: str) -> str:
    return f"""\
# AGREEMENT: the kind (required), the title on the cover page and the governing law.
# locale: en-US (default), en-GB, en-IE, en-AU, en-CA, en-IN or en-SG (spelling and dates).
agreement:
  kind: {kind}
  title: {_TITLES[kind]}
  # reference: DEAL-2027-001
  # effective_date: 2027-01-01
  # governing_law: England and Wales
  # locale: en-GB
"""


def _contact(name: str, title: str, email: str) -> str:
    return f"{{name: {name}, title: {title}, email: {email}}}"


def _parties(kind: str) -> str:
    lines = [
        "# PARTIES (required, at least two): each needs an id and a legal_name. Give each one",
        "# responsibilities, a signatory and a partnership manager: the checks ask for them.",
        "# contribution kind: cash, in_kind, ip, personnel, channel, technology or other.",
        "parties:",
    ]
    for pid, legal_name, role in _PARTIES[kind]:
        short = legal_name.removesuffix(" Ltd")
        signatory = _contact("Signatory Name", "Director", f"signatory@{pid}.example")
        manager = _contact("Manager Name", "Partnership Manager", f"manager@{pid}.example")
        lines += [
            f"  - id: {pid}  # {role}",
            f"    legal_name: {legal_name}",
            f"    # short_name: {short}",
            "    # entity_type: private limited company",
            "    # jurisdiction: England and Wales",
            "    # address: 1 Example Street, Example Town",
            f"    # signatory: {signatory}",
            f"    # manager: {manager}",
            "    # responsibilities:",
            "    #   - One obligation of this party per line",
            "    # contributions:",
            "    #   - {description: What this party brings, kind: cash, value: EUR 10000}",
        ]
    return "\n".join(lines) + "\n"


_PURPOSE = _block(
    "purpose",
    """
PURPOSE: why the partnership exists (recitals and the scope clause).""",
    """
statement: The parties will work together to ...
scope: The products, services, customers or territory covered
objectives:
  - One objective per line""",
)

_KPI_EXAMPLES = {
    "strategic_alliance": ("New joint customers signed", "10", "customers", "second"),
    "joint_venture": ("Facility output", "5000", "tonnes per year", "first"),
    "co_marketing": ("Webinar registrations", "1000", "registrations", "first"),
    "referral": ("Qualified referrals sent", "12", "referrals", "first"),
    "reseller": ("Units sold in the territory", "200", "units", "second"),
    "licensing": ("Licensed products launched", "1", "products", "second"),
    "pilot": ("Reduction in cost per order", "10", "percent", "second"),
}


def _kpis(kind: str) -> str:
    metric, target, unit, owner = _KPI_EXAMPLES[kind]
    return _block(
        "kpis",
        """
KPIS: measurable objectives. Each needs a metric, a numeric target, a deadline (YYYY-MM-DD)
or a period (weekly ... annually, or term) and an owner (a party id).
priority: high, medium or low.""",
        f"""
- metric: {metric}
  target: {target}
  unit: {unit}
  deadline: 2027-12-31
  owner: {owner}
  priority: high
- {{metric: Partner satisfaction score, target: 8, period: quarterly, owner: first}}""",
    )


_IP_HELP = """
IP: who owns what. background: retained | retained_with_licence. foreground (IP created
under the agreement): joint | contributing_party | assigned (then assigned_to: a party id).
joint_development: true needs a foreground decision. feedback: free_use | owner_only.
licences: type trademark | software | patent | content | data | know_how | other; a
trademark licence needs usage_limits; royalty_percent is 0 to 100."""

_TRADEMARK = """\
  - licensor: first
    licensee: second
    type: trademark
    subject: The FIRST PARTY name and logo
    scope: Marketing under this agreement
    territory: United Kingdom
    usage_limits:
      - Only in the forms in the licensor's brand guidelines"""

_IP_EXAMPLES = {
    "strategic_alliance": ("retained_with_licence", "contributing_party", "true", _TRADEMARK),
    "joint_venture": (
        "retained_with_licence",
        "joint",
        "true",
        """\
  - licensor: first
    licensee: second
    type: know_how
    subject: First Party's process know-how
    scope: Operating the joint venture only
    territory: United Kingdom""",
    ),
    "co_marketing": ("retained_with_licence", "joint", "true", _TRADEMARK),
    "referral": ("retained", "contributing_party", "false", _TRADEMARK),
    "reseller": ("retained_with_licence", "contributing_party", "false", _TRADEMARK),
    "licensing": (
        "retained",
        "contributing_party",
        "false",
        """\
  - licensor: first
    licensee: second
    type: software
    subject: The licensed software, with updates released during the term
    scope: Embedding in the licensee's products in object code
    territory: Worldwide
    exclusive: false
    sublicensable: false
    royalty_percent: 5""",
    ),
    "pilot": (
        "retained",
        "contributing_party",
        "false",
        """\
  - licensor: second
    licensee: first
    type: software
    subject: The supplier's service used in the pilot
    scope: Internal use for the pilot only
    territory: United Kingdom""",
    ),
}


def _ip(kind: str) -> str:
    background, foreground, joint, licence = _IP_EXAMPLES[kind]
    return _block(
        "ip",
        _IP_HELP,
        f"""
background: {background}
foreground: {foreground}
joint_development: {joint}
feedback: free_use
licences:
{licence}""",
    )


_ECONOMICS_HELP = """
ECONOMICS: the money. model: revenue_share | profit_share | commission | fixed_fees |
licence_fee | cost_share | none. splits (party id + percent) must total 100; for cost_share
they are the shares of the joint costs. fees: payer, payee, amount, description, frequency
(one_off, monthly, quarterly, annually, milestone). Payments need payment_schedule (monthly,
quarterly, semi_annually, annually, milestone, on_invoice), currency (ISO code) and due_days.
audit needs a notice period; write audit: not_applicable when there is nothing to audit."""

_PAYMENT = """\
payment_schedule: {schedule}
due_days: 30
currency: EUR
reporting: {reporting}
audit: {{notice: 30 days, frequency: once per year, cost: audited_party_if_discrepancy}}"""

_ECONOMICS_EXAMPLES = {
    "strategic_alliance": """\
model: revenue_share
revenue_basis: Net revenue received from joint customers
splits:
  - {party: first, percent: 60}
  - {party: second, percent: 40}""",
    "joint_venture": """\
model: profit_share
revenue_basis: Distributable profit of the joint venture in each financial year
splits:
  - {party: first, percent: 40}
  - {party: second, percent: 35}
  - {party: third, percent: 25}
cost_allocation: Cash calls are funded in the same proportions as the profit shares""",
    "co_marketing": """\
model: cost_share
splits:
  - {party: first, percent: 50}
  - {party: second, percent: 50}
cost_allocation: Joint campaign costs are shared as above; each party bears its own staff costs""",
    "referral": """\
model: commission
commission:
  payer: second
  payee: first
  rate_percent: 10
  basis: Net fees invoiced to each referred client
  tail: 12 months""",
    "reseller": """\
model: revenue_share
revenue_basis: Net sales of the products in the territory
splits:
  - {party: first, percent: 70}
  - {party: second, percent: 30}""",
    "licensing": """\
model: licence_fee
fees:
  - payer: second
    payee: first
    amount: EUR 100000
    description: Upfront licence fee
    frequency: one_off
  - payer: second
    payee: first
    amount: EUR 25000
    description: Annual minimum royalty
    frequency: annually""",
    "pilot": """\
model: fixed_fees
fees:
  - payer: first
    payee: second
    amount: EUR 25000
    description: Pilot fee, paid when the final pilot report is delivered
    frequency: milestone""",
}


def _economics(kind: str) -> str:
    schedule = {"pilot": "milestone", "joint_venture": "annually"}.get(kind, "quarterly")
    reporting = "monthly" if kind in ("pilot", "referral", "co_marketing") else "quarterly"
    payment = _PAYMENT.format(schedule=schedule, reporting=reporting)
    return _block("economics", _ECONOMICS_HELP, f"{_ECONOMICS_EXAMPLES[kind]}\n{payment}")


_AUTOMATIC = "renewal: {{type: automatic, period: 1 year, non_renewal_notice: {notice}}}"
_TERM_EXAMPLES = {
    "joint_venture": "duration: 10 years\nrenewal: {type: mutual, period: 5 years}",
    "licensing": "duration: 5 years\n" + _AUTOMATIC.format(notice="6 months"),
    "pilot": "duration: 4 months\nrenewal: {type: none}",
}


def _term(kind: str) -> str:
    default = "duration: 2 years\n" + _AUTOMATIC.format(notice="90 days")
    return _block(
        "term",
        """
TERM: a duration ('2 years') or an end_date (YYYY-MM-DD), not both. renewal type: none |
automatic | mutual; automatic renewal needs a non_renewal_notice.""",
        _TERM_EXAMPLES.get(kind, default),
    )


def _exit(kind: str) -> str:
    notice = {"pilot": "30 days", "joint_venture": "12 months"}.get(kind, "90 days")
    return _block(
        "exit",
        """
EXIT (termination): convenience notice (shorter than the term; 'by' lists the party ids
allowed, empty means any party) or convenience: not_applicable; cause needs a cure_period.
effects.licences: terminate | survive | wind_down. survival lists component ids and should
include confidentiality and ip_ownership.""",
        f"""
convenience: {{notice: {notice}}}
cause: {{cure_period: 30 days}}
insolvency: true
change_of_control: true
effects:
  final_accounting: 60 days
  return_confidential: true
  wind_down: 30 days
  shared_assets: What happens to jointly used materials and assets
  licences: terminate
survival: [confidentiality, ip_ownership, payment_terms, liability, dispute_resolution]""",
    )


def _disputes(kind: str) -> str:
    if kind == "joint_venture":
        forum = (
            "arbitration: not_applicable\n"
            "courts: {venue: the courts of England and Wales, exclusive: true}"
        )
    else:
        forum = (
            "arbitration: {rules: LCIA Rules, seat: London, arbitrators: 1, language: English}\n"
            "courts: not_applicable"
        )
    return _block(
        "disputes",
        """
DISPUTES: escalation steps first (days for each), then mediation, then EITHER arbitration
(rules and seat) OR courts (venue; exclusive: true/false). Set the forum you do not use
to not_applicable: arbitration and exclusive courts together contradict each other.""",
        f"""
escalation:
  - {{level: Partnership managers, days: 15}}
  - {{level: Chief executives, days: 15}}
mediation: {{provider: CEDR, days: 30, seat: London}}
{forum}""",
    )


_CONFIDENTIALITY = _block(
    "confidentiality",
    """
CONFIDENTIALITY: type mutual | one_way (one_way needs discloser: a party id); duration.""",
    "type: mutual\nduration: 5 years",
)

_DATA_PROTECTION = _block(
    "data_protection",
    """
DATA PROTECTION: whether personal data is processed or shared. regimes: GDPR, UK_GDPR,
CCPA, HIPAA, PIPEDA, LGPD, PDPA, other. roles: independent_controllers | joint_controllers |
controller_processor. Write data_protection: not_applicable only if no personal data at all.""",
    """
personal_data: true
data_sharing: true
regimes: [UK_GDPR]
dpa: true
roles: independent_controllers""",
)


def _governance(kind: str) -> str:
    if kind == "joint_venture":
        committee = (
            "steering_committee: {members_per_party: 2, decision_rule: unanimous, "
            "deadlock: buy_sell, chair: first}"
        )
    elif kind in ("strategic_alliance", "licensing"):
        committee = (
            "steering_committee: {members_per_party: 2, decision_rule: unanimous, "
            "deadlock: escalation}"
        )
    else:
        committee = "steering_committee: not_applicable"
    return _block(
        "governance",
        """
GOVERNANCE: meetings (type strategy | tactical | results | other; cadence weekly,
fortnightly, monthly, quarterly, semi_annually, annually). Plan at least a quarterly
strategy meeting. A steering committee deciding unanimously needs a deadlock rule:
escalation | mediation | casting_vote | buy_sell | termination.""",
        f"""
meetings:
  - {{type: strategy, cadence: quarterly, attendees: Executive sponsors and partnership managers}}
  - {{type: tactical, cadence: monthly, attendees: Partnership managers}}
{committee}
reporting: monthly""",
    )


def _pilot(kind: str) -> str:
    if kind != "pilot":
        return (
            "# PILOT: only for a time-boxed first project. To start small, replace\n"
            "# not_applicable with a pilot block: duration, investment, success_criteria,\n"
            "# decision_date and decision_maker (see docs/spec-format.md).\n"
            "pilot: not_applicable\n"
        )
    return _block(
        "pilot",
        """
PILOT: the time-boxed first project. duration, investment, success criteria (one per
line, each measurable), the go / no-go decision_date (inside the pilot duration) and the
decision_maker (a party id).""",
        """
duration: 90 days
investment: EUR 25000
success_criteria:
  - Cost per order at least 10% below the baseline in the final month
decision_date: 2027-03-20
decision_maker: first""",
    )


_LIABILITY = _block(
    "liability",
    """
LIABILITY: a cap (money) or a cap_basis (how the cap is worked out), and the excluded losses.""",
    """
cap_basis: the amounts paid under this agreement in the twelve months before the claim
exclusions: [loss of profits, indirect or consequential loss]""",
)

_INDEMNITIES = _block(
    "indemnities",
    """
INDEMNITIES: mutual (true/false) and the claims covered.""",
    """
mutual: true
scope: [third-party intellectual property claims, breach of data protection law]""",
)

_WARRANTIES = (
    "# WARRANTIES: true for the standard warranties (authority, no conflict, compliance\n"
    "# with law), false for none, not_applicable to leave the clause out.\n"
    "warranties:\n"
)

_INSURANCE = _block(
    "insurance",
    """
INSURANCE: the cover each party keeps and the minimum amount.""",
    """
types: [professional indemnity, public liability]
minimum: EUR 1000000""",
)

_FORCE_MAJEURE = _block(
    "force_majeure",
    """
FORCE MAJEURE: after how long an event beyond control allows termination.""",
    "termination_after: 90 days",
)


def _exclusivity(kind: str) -> str:
    if kind == "reseller":
        example = """
exclusive: true
non_compete: true
scope: Selling products that compete with the supplier's products
territory: United Kingdom
duration: 2 years"""
    elif kind == "licensing":
        example = """
exclusive: true
non_compete: false
scope: Licensing the licensed technology to others in the licensee's field
territory: Worldwide
duration: 5 years"""
    else:
        example = """
exclusive: false
non_compete: true
scope: Working with a direct competitor of the other party on the same offering
territory: United Kingdom
duration: 12 months"""
    return _block(
        "exclusivity",
        """
EXCLUSIVITY: exclusive and/or non_compete; either one needs a territory and a duration.
Write exclusivity: not_applicable for a non-exclusive deal.""",
        example,
    )


_NON_SOLICITATION = _block(
    "non_solicitation",
    """
NON-SOLICITATION: no poaching of employees and/or customers, and for how long.""",
    "employees: true\ncustomers: false\nduration: 12 months",
)

_NOTICES = _block(
    "notices",
    """
NOTICES: how formal notices are given: email, courier, registered_post, hand.""",
    "methods: [email, courier]",
)

_WAIVERS = """\
# WAIVERS: accept a check finding on purpose; each waiver needs the rule and a reason, e.g.
# waivers:
#   - {rule: RULE-CODE, reason: Why the drafters accept it}
"""


def render_starter(kind: str) -> str:
    """The commented starter spec for ``kind``; it loads as a valid spec as written."""
    if kind not in KINDS:
        raise ValueError(f"unknown agreement kind {kind!r}; expected one of: {', '.join(KINDS)}")
    parts = [
        _HEADER.format(title=_TITLES[kind], kind=kind),
        _agreement(kind),
        _parties(kind),
        _PURPOSE,
        _kpis(kind),
        _pilot(kind),
        _ip(kind),
        _economics(kind),
        _term(kind),
        _exit(kind),
        _disputes(kind),
        _CONFIDENTIALITY,
        _DATA_PROTECTION,
        _governance(kind),
        _LIABILITY,
        _INDEMNITIES,
        _WARRANTIES,
        _INSURANCE,
        _FORCE_MAJEURE,
        _exclusivity(kind),
        _NON_SOLICITATION,
        _NOTICES,
        _WAIVERS,
    ]
    return "\n".join(parts)
