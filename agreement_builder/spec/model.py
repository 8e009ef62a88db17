"""The spec as the schemas load it: ``AgreementSpec`` and its parts, and dotted paths into it."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import field, fields, is_dataclass
from datetime import date
from typing import Any

from ..core.startup import _Value, value
from ..core.values import NA, Duration, Maybe, Money


@value
class Contact(_Value):
    name: str
    title: str | None = None
    email: str | None = None
    phone: str | None = None


@value
class Contribution(_Value):
    description: str
    kind: str = "other"  # cash | in_kind | ip | personnel | channel | other
    value: Money | None = None


@value
class Party(_Value):
    id: str
    legal_name: str
    short_name: str | None = None
    entity_type: str | None = None
    jurisdiction: str | None = None
    address: str | None = None
    registration_number: str | None = None  # company or registration number, as registered
    signatory: Contact | None = None
    manager: Contact | None = None
    responsibilities: tuple[str, ...] = ()
    contributions: tuple[Contribution, ...] = ()

    @property
    def name(self) -> str:
        """The name the agreement uses after the preamble."""
        return self.short_name or self.legal_name


@value
class AgreementInfo(_Value):
    kind: str
    title: str | None = None
    effective_date: date | None = None
    governing_law: str | None = None
    locale: str = "en-US"
    language: str = "en"
    reference: str | None = None
    unit: str = "Section"  # what the agreement calls its numbered parts: Section | Article


@value
class Purpose(_Value):
    statement: str
    objectives: tuple[str, ...] = ()
    scope: str | None = None


@value
class KPI(_Value):
    metric: str
    target: float | None = None
    unit: str | None = None
    baseline: float | str | None = None  # a number, or text ("the 2026 average")
    deadline: date | None = None
    period: str | None = None  # monthly | quarterly | annually | over the term
    owner: str | None = None
    priority: str | None = None  # high | medium | low
    measurement: str | None = None  # how the metric is measured or counted
    data_source: str | None = None  # the records the measurement is taken from

    @property
    def timing(self) -> date | str | None:
        """When the KPI is measured: its deadline, else its period (None: undecided)."""
        return self.deadline or self.period


@value
class Licence(_Value):
    licensor: str
    licensee: str
    subject: str
    type: str = "other"  # trademark | software | patent | content | data | other
    scope: str | None = None
    territory: str | None = None
    exclusive: bool = False
    sublicensable: bool = False
    usage_limits: tuple[str, ...] = ()
    royalty_percent: float | None = None


@value
class ForegroundSubject(_Value):
    """Who owns the Foreground IP of one subject (``ip.foreground`` as a list)."""

    subject: str
    owner: str  # joint | contributing_party | assigned
    assigned_to: str | None = None


@value
class IntellectualProperty(_Value):
    background: str = "retained"  # retained | retained_with_licence
    # one rule for all Foreground IP (joint | contributing_party | assigned), or one per subject
    foreground: str | tuple[ForegroundSubject, ...] | None = None
    assigned_to: str | None = None
    joint_development: bool | None = None
    licences: tuple[Licence, ...] = ()
    feedback: str | None = None  # free_use | owner_only


@value
class Split(_Value):
    party: str
    percent: float


@value
class Fee(_Value):
    payer: str
    payee: str
    amount: Money
    description: str
    frequency: str = "one_off"  # one_off | monthly | quarterly | annually | milestone


@value
class Commission(_Value):
    payer: str
    payee: str
    rate_percent: float
    basis: str | None = None
    tail: Duration | None = None


@value
class Audit(_Value):
    notice: Duration | None = None
    frequency: str | None = None  # e.g. once per year
    cost: str | None = None  # auditing_party | audited_party_if_discrepancy


@value
class Attribution(_Value):
    """Which sales earn the revenue share: deal registration and the record that decides."""

    registration: bool | None = None  # a sale counts only if the deal was registered first
    record: str | None = None  # where deals are registered (the system of record)
    valid_for: Duration | None = None  # how long a registration protects the registering party
    rule: str | None = None  # anything else that decides attribution, in the parties' words


@value
class Economics(_Value):
    model: str  # revenue_share | profit_share | commission | fixed_fees | licence_fee | cost_share | none
    splits: tuple[Split, ...] = ()
    revenue_basis: str | None = None
    fees: tuple[Fee, ...] = ()
    commission: Commission | None = None
    payment_schedule: str | None = None  # monthly | quarterly | annually | milestone | on_invoice
    due_days: int | None = None
    currency: str | None = None
    reporting: str | None = None  # monthly | quarterly | annually
    audit: Maybe[Audit] = None
    cost_allocation: str | None = None
    late_interest_percent: float | None = None
    collected_by: str | None = None  # revenue share: the party that collects and pays, or "each"
    statement_days: int | None = None  # days after each period to deliver the statement
    attribution: Maybe[Attribution] = None
    tail: Duration | None = None  # the share runs on for attributed sales after termination


@value
class Renewal(_Value):
    type: str  # none | automatic | mutual
    period: Duration | None = None
    non_renewal_notice: Duration | None = None


@value
class Term(_Value):
    duration: Duration | None = None
    end_date: date | None = None
    renewal: Maybe[Renewal] = None


@value
class Convenience(_Value):
    notice: Duration | None = None
    by: tuple[str, ...] = ()  # party ids allowed to terminate; empty means any party


@value
class Cause(_Value):
    cure_period: Duration | None = None


@value
class ExitEffects(_Value):
    final_accounting: Duration | None = None
    return_confidential: bool | None = None
    wind_down: Duration | None = None
    shared_assets: Maybe[str] = None  # NA: there are no shared assets
    licences: str | None = None  # terminate | survive | wind_down


@value
class DefaultingParty(_Value):
    """With three or more parties: the others may buy out a party in default and continue."""

    valuation: str | None = None  # fair_value | book_value
    discount_percent: float | None = None  # off the value, for a party in default
    valuer: str | None = None  # who appoints the valuer if the parties do not agree


@value
class KpiExit(_Value):
    """A right to end the agreement when KPIs keep being missed."""

    missed_periods: int | None = None  # consecutive measurement periods a KPI is missed
    notice: Duration | None = None
    priority: str | None = None  # only KPIs of this priority count; None: every KPI


@value
class Exit(_Value):
    convenience: Maybe[Convenience] = None
    cause: Maybe[Cause] = None
    insolvency: bool | None = None
    change_of_control: bool | None = None
    effects: ExitEffects | None = None
    survival: tuple[str, ...] = ()
    defaulting_party: Maybe[DefaultingParty] = None
    kpi_failure: Maybe[KpiExit] = None


@value
class EscalationStep(_Value):
    level: str
    days: int | None = None


@value
class Mediation(_Value):
    provider: str | None = None
    days: int | None = None
    seat: str | None = None


@value
class Arbitration(_Value):
    rules: str | None = None
    seat: str | None = None
    arbitrators: int | None = None
    language: str | None = None


@value
class Courts(_Value):
    venue: str | None = None
    exclusive: bool | None = None


@value
class Disputes(_Value):
    escalation: tuple[EscalationStep, ...] = ()
    mediation: Maybe[Mediation] = None
    arbitration: Maybe[Arbitration] = None
    courts: Maybe[Courts] = None


@value
class Publicity(_Value):
    """Press releases and other public statements about the partnership."""

    announcements: str | None = None  # prior_approval | joint_only | factual
    approval_days: int | None = None  # days to answer a request for approval
    launch: str | None = None  # an agreed launch announcement
    partner_listing: bool | None = None  # each may name the other as a partner


@value
class Confidentiality(_Value):
    type: str = "mutual"  # mutual | one_way
    discloser: str | None = None
    duration: Duration | None = None
    publicity: Maybe[Publicity] = None


@value
class LeadMarketing(_Value):
    """Marketing to the leads a partnership produces: consents, hand-off, opt-outs."""

    consents: bool | None = None  # leads are passed and contacted only with the required consents
    laws: tuple[str, ...] = ()  # the marketing laws named, e.g. CAN-SPAM Act, PECR
    handoff: str | None = None  # how and when a lead is handed to the other party
    opt_out_days: int | None = None  # days to honour an opt-out passed on by the other party


@value
class DataProtection(_Value):
    personal_data: bool | None = None
    data_sharing: bool | None = None
    regimes: tuple[str, ...] = ()
    dpa: bool | None = None
    roles: str | None = None  # independent_controllers | joint_controllers | controller_processor
    marketing: Maybe[LeadMarketing] = None


@value
class Meeting(_Value):
    type: str  # strategy | tactical | results | other
    cadence: str  # weekly | fortnightly | monthly | quarterly | semi_annually | annually
    attendees: str | None = None
    purpose: str | None = None


@value
class SteeringCommittee(_Value):
    members_per_party: int | None = None
    decision_rule: str | None = None  # unanimous | majority
    # escalation | mediation | casting_vote | buy_sell | termination | expert | wind_up
    deadlock: str | None = None
    chair: str | None = None
    expert: str | None = None  # who appoints the expert for deadlock: expert


@value
class ManagerAuthority(_Value):
    """What the partnership managers may agree for their parties, and what they may not."""

    may_agree: tuple[str, ...] = ()
    may_not_agree: tuple[str, ...] = ()
    spending_limit: Money | None = None  # the most a manager may commit alone


@value
class Governance(_Value):
    meetings: tuple[Meeting, ...] = ()
    steering_committee: Maybe[SteeringCommittee] = None
    reporting: str | None = None
    manager_authority: Maybe[ManagerAuthority] = None


@value
class Pilot(_Value):
    duration: Duration | None = None
    investment: Money | None = None
    success_criteria: tuple[str, ...] = ()
    decision_date: date | None = None
    decision_maker: str | None = None


@value
class Liability(_Value):
    cap: Money | None = None
    cap_basis: str | None = None  # e.g. "fees paid in the 12 months before the claim"
    floor: Money | None = None  # the least the cap can be, whatever cap_basis gives
    exclusions: tuple[str, ...] = ()


@value
class ForceMajeure(_Value):
    termination_after: Duration | None = None


@value
class Exclusivity(_Value):
    exclusive: bool = False
    non_compete: bool = False
    scope: str | None = None
    territory: str | None = None
    duration: Duration | None = None


@value
class NonSolicitation(_Value):
    employees: bool = True
    customers: bool = False
    duration: Duration | None = None


@value
class Indemnities(_Value):
    mutual: bool = True
    scope: tuple[str, ...] = ()


@value
class Insurance(_Value):
    types: tuple[str, ...] = ()
    minimum: Money | None = None


@value
class Notices(_Value):
    methods: tuple[str, ...] = ("email", "courier")


@value
class Waiver(_Value):
    rule: str
    reason: str


@value
class SpecLocation(_Value):
    file: str
    line: int
    column: int


@value
class AgreementSpec(_Value):
    agreement: AgreementInfo
    parties: tuple[Party, ...]
    purpose: Maybe[Purpose] = None
    kpis: Maybe[tuple[KPI, ...]] = None
    ip: Maybe[IntellectualProperty] = None
    economics: Maybe[Economics] = None
    term: Maybe[Term] = None
    exit: Maybe[Exit] = None
    disputes: Maybe[Disputes] = None
    confidentiality: Maybe[Confidentiality] = None
    data_protection: Maybe[DataProtection] = None
    governance: Maybe[Governance] = None
    pilot: Maybe[Pilot] = None
    liability: Maybe[Liability] = None
    indemnities: Maybe[Indemnities] = None
    warranties: Maybe[bool] = None
    insurance: Maybe[Insurance] = None
    force_majeure: Maybe[ForceMajeure] = None
    exclusivity: Maybe[Exclusivity] = None
    non_solicitation: Maybe[NonSolicitation] = None
    notices: Maybe[Notices] = None
    definitions: tuple[tuple[str, str], ...] = ()  # the deal's own terms: (term, meaning)
    waivers: tuple[Waiver, ...] = ()
    source: str = "<spec>"
    locations: Mapping[str, SpecLocation] = field(default_factory=dict, compare=False, repr=False)

    @property
    def kind(self) -> str:
        return self.agreement.kind

    def party(self, party_id: str) -> Party | None:
        return next((p for p in self.parties if p.id == party_id), None)

    def locate(self, path: str) -> SpecLocation:
        """The location of ``path`` in the spec file, or of its nearest ancestor. A step that
        selects a list item by key (``parties[id=acme]``) is located as that item's index."""
        if "=" in path:
            path = _indexed(self, path)
        while True:
            if path in self.locations:
                return self.locations[path]
            if not path:
                return SpecLocation(self.source, 1, 1)
            cut = max(path.rfind("."), path.rfind("["))
            path = path[:cut] if cut > 0 else ""


_PATH_PART = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]|\[([a-z_]+)=([^\]]+)\]")


def _indexed(obj: Any, path: str) -> str:
    """``parties[id=acme].address`` as ``parties[1].address`` (unchanged where no item has
    the key): the form spec locations are recorded in."""
    out: list[str] = []
    current = obj
    for match in _PATH_PART.finditer(path):
        name, index, key, wanted = match.groups()
        if name is not None:
            out.append(("." if out else "") + name)
            current = getattr(current, name, None)
        elif index is not None:
            out.append(f"[{index}]")
            seq = tuple(current) if isinstance(current, tuple) else ()
            current = seq[int(index)] if int(index) < len(seq) else None
        else:
            seq = tuple(current) if isinstance(current, tuple) else ()
            found = next(
                (i for i, item in enumerate(seq) if str(getattr(item, key, None)) == wanted), None
            )
            if found is None:
                return "".join(out)
            out.append(f"[{found}]")
            current = seq[found]
    return "".join(out)


def resolve_path(
    obj: Any, path: str, lookups: dict[tuple[int, str], dict[str, Any]] | None = None
) -> tuple[Any, bool]:
    """Follow ``a.b[0].c`` or ``a.b[party=x].c`` through the spec.

    Returns ``(value, not_applicable)``: ``value`` is None when anything on the way is undecided;
    ``not_applicable`` is True when the drafters marked a step ``not_applicable``.
    ``lookups``, a dict the caller keeps while ``obj`` lives, indexes each list once by the key
    a ``[key=value]`` step uses: resolving one path per party is then linear in the parties,
    not quadratic (2,000 parties took 13 s).
    """
    current = obj
    for match in _PATH_PART.finditer(path):
        if current is NA:
            return None, True
        if current is None:
            return None, False
        name, index, key, wanted = match.groups()
        if name is not None:
            current = getattr(current, name, None)
        elif index is not None:
            seq = tuple(current)
            current = seq[int(index)] if int(index) < len(seq) else None
        elif lookups is None:
            current = next(
                (item for item in current if str(getattr(item, key, None)) == wanted), None
            )
        else:
            index_key = (id(current), key)
            table = lookups.get(index_key)
            if table is None:
                table = {}
                for item in current:
                    table.setdefault(str(getattr(item, key, None)), item)
                lookups[index_key] = table
            current = table.get(wanted)
    if current is NA:
        return None, True
    return current, False


# the optional sections of a spec: each is a decision, not_applicable, or left out (undecided)
SPEC_SECTIONS = tuple(f.name for f in fields(AgreementSpec) if f.default is None)


# what walk_strings leaves out by default: where each key was read, and the waivers
NOT_CONTENT = ("locations", "source", "waivers")


def walk_strings(
    obj: Any, path: str = "", skip: tuple[str, ...] = NOT_CONTENT
) -> Iterator[tuple[str, str]]:
    """Every text value under ``obj`` (a spec or a part of one) with its dotted path
    (``parties[0].legal_name``), skipping the fields named in ``skip``."""
    if isinstance(obj, str):
        yield path, obj
    elif isinstance(obj, tuple):
        for index, item in enumerate(obj):
            yield from walk_strings(item, f"{path}[{index}]", skip)
    elif is_dataclass(obj) and not isinstance(obj, type):
        for f in fields(obj):
            if f.name not in skip:
                yield from walk_strings(
                    getattr(obj, f.name), f"{path}.{f.name}" if path else f.name, skip
                )
