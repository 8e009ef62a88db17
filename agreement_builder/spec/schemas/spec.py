"""The agreement spec as marshmallow schemas; ``post_load`` returns ``model`` dataclasses."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, ClassVar

from marshmallow import (
    RAISE,
    Schema,
    ValidationError,
    fields,
    post_load,
    validate,
    validates_schema,
)

from ...core.taxonomy import COMPONENTS, KINDS
from .. import model as m
from .fields import (
    Bool,
    Choice,
    DurationField,
    EmailAddress,
    Figure,
    FigureOrText,
    MoneyField,
    OrNotApplicable,
    Percent,
    Text,
    TupleList,
    currency_code,
)

CADENCES = ("weekly", "fortnightly", "monthly", "quarterly", "semi_annually", "annually")
PRIORITIES = ("high", "medium", "low")
DAYS = validate.Range(min=1, max=365, error="{input} is not a number of days from 1 to 365")
CURRENCY = currency_code  # ISO 4217 (core/currencies.py), with a did-you-mean


class Base(Schema):
    """Strict: unknown keys are errors; the loaded object is the model dataclass."""

    result_type: ClassVar[type]

    class Meta:
        unknown = RAISE

    @post_load
    def make(self, data: dict[str, Any], **kwargs: Any) -> Any:
        return self.result_type(**data)


class TermDefinitions(fields.Dict):
    """``definitions: {Joint Offering: the combined offering of ...}``: the deal's own terms."""

    _TERM = re.compile(r"^[A-Z][A-Za-z0-9'&/ -]{0,59}$")

    def __init__(self) -> None:
        super().__init__(keys=fields.String(), values=fields.String())

    def deserialize(
        self, value: Any, attr: str | None = None, data: Any = None, **kwargs: Any
    ) -> Any:
        if value is None:  # ``definitions:`` with its examples commented out: none yet
            return ()
        return super().deserialize(value, attr, data, **kwargs)

    def _deserialize(  # type: ignore[override]
        self, value: Any, attr: str | None, data: Any, **kwargs: Any
    ) -> tuple[tuple[str, str], ...]:
        result = super()._deserialize(value, attr, data, **kwargs)  # type: ignore[no-untyped-call]
        out = []
        for term, meaning in result.items():
            term, meaning = " ".join(term.split()), " ".join(meaning.split())
            if not self._TERM.match(term):
                raise ValidationError(
                    f"{term!r}: a defined term starts with a capital letter (at most 60 characters)"
                )
            if not meaning:
                raise ValidationError(f"{term!r}: say what the term means")
            out.append((term, meaning))
        return tuple(out)


def nested(
    schema: type[Schema], required: bool = False, na: bool = True, **kwargs: Any
) -> fields.Field[Any]:
    inner = fields.Nested(schema, required=required, **kwargs)
    return OrNotApplicable(inner, required=required) if na else inner


def many(schema: type[Schema], **kwargs: Any) -> fields.Field[Any]:
    return TupleList(fields.Nested(schema), load_default=(), **kwargs)


def texts(**kwargs: Any) -> fields.Field[Any]:
    return TupleList(Text(), load_default=(), **kwargs)


def opt(field: fields.Field[Any]) -> fields.Field[Any]:
    field.allow_none = True
    field.load_default = None
    return field


class ContactSchema(Base):
    result_type = m.Contact
    name = Text(required=True)
    title = opt(Text())
    email = opt(EmailAddress())
    phone = opt(Text())


class ContributionSchema(Base):
    result_type = m.Contribution
    description = Text(required=True)
    kind = Choice(
        ("cash", "in_kind", "ip", "personnel", "channel", "technology", "other"),
        load_default="other",
    )
    value = opt(MoneyField())


class PartySchema(Base):
    result_type = m.Party
    id = Text(required=True)
    legal_name = Text(required=True)
    short_name = opt(Text())
    entity_type = opt(Text())
    jurisdiction = opt(Text())
    address = opt(Text())
    registration_number = opt(Text())
    signatory = opt(fields.Nested(ContactSchema))
    manager = opt(fields.Nested(ContactSchema))
    responsibilities = texts()
    contributions = many(ContributionSchema)

    @validates_schema(skip_on_field_errors=False)
    def check_id(self, data: dict[str, Any], **kwargs: Any) -> None:
        pid = data.get("id", "")
        if pid and not pid.replace("_", "").replace("-", "").isalnum():
            raise ValidationError(
                "use letters, digits, '-' or '_' only (it is a reference, not a name)", "id"
            )


class AgreementInfoSchema(Base):
    result_type = m.AgreementInfo
    kind = Choice(KINDS, required=True)
    title = opt(Text())
    effective_date = opt(fields.Date())
    governing_law = opt(Text())
    locale = Choice(
        ("en-US", "en-GB", "en-IE", "en-AU", "en-CA", "en-IN", "en-SG"), load_default="en-US"
    )
    language = Choice(("en",), load_default="en")
    reference = opt(Text())
    unit = Choice(("Section", "Article"), load_default="Section")


class PurposeSchema(Base):
    result_type = m.Purpose
    statement = Text(required=True)
    objectives = texts()
    scope = opt(Text())


class KPISchema(Base):
    result_type = m.KPI
    metric = Text(required=True)
    target = opt(Figure())
    unit = opt(Text())
    baseline = opt(FigureOrText())
    deadline = opt(fields.Date())
    period = opt(Choice((*CADENCES, "term")))
    owner = opt(Text())
    priority = opt(Choice(PRIORITIES))
    measurement = opt(Text())
    data_source = opt(Text())


class LicenceSchema(Base):
    result_type = m.Licence
    licensor = Text(required=True)
    licensee = Text(required=True)
    subject = Text(required=True)
    type = Choice(
        ("trademark", "software", "patent", "content", "data", "know_how", "other"),
        load_default="other",
    )
    scope = opt(Text())
    territory = opt(Text())
    exclusive = Bool(load_default=False)
    sublicensable = Bool(load_default=False)
    usage_limits = texts()
    royalty_percent = opt(Percent())


FOREGROUND_OWNERS = ("joint", "contributing_party", "assigned")


class ForegroundSubjectSchema(Base):
    result_type = m.ForegroundSubject
    subject = Text(required=True)
    owner = Choice(FOREGROUND_OWNERS, required=True)
    assigned_to = opt(Text())

    @validates_schema(skip_on_field_errors=False)
    def check_assignment(self, data: dict[str, Any], **kwargs: Any) -> None:
        if data.get("owner") == "assigned" and not data.get("assigned_to"):
            raise ValidationError(
                "required when owner is 'assigned': the party that receives it", "assigned_to"
            )
        if data.get("assigned_to") and data.get("owner") not in (None, "assigned"):
            raise ValidationError(
                "only with owner: assigned; leave it out or set owner: assigned", "assigned_to"
            )


class ForegroundField(fields.Field[Any]):
    """``foreground: joint`` (one rule for all Foreground IP) or a list of
    ``{subject, owner, assigned_to}``, one per subject."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.one = Choice(FOREGROUND_OWNERS)
        self.each = TupleList(fields.Nested(ForegroundSubjectSchema))

    def _bind_to_schema(self, field_name: str, parent: Any) -> None:
        super()._bind_to_schema(field_name, parent)
        self.one._bind_to_schema(field_name, parent)
        self.each._bind_to_schema(field_name, parent)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if isinstance(value, list):
            if not value:
                raise ValidationError(
                    "an empty list decides nothing: give one {subject, owner} per subject"
                )
            subjects: tuple[Any, ...] = tuple(self.each.deserialize(value, attr, data, **kwargs))
            seen: set[str] = set()
            for number, item in enumerate(subjects):
                key = item.subject.casefold()
                if key in seen:
                    raise ValidationError(
                        {number: {"subject": [f"{item.subject!r} is listed twice"]}}
                    )
                seen.add(key)
            return subjects
        if isinstance(value, Mapping):
            raise ValidationError(
                "expected joint, contributing_party or assigned, or a list of "
                "{subject, owner} (one '- subject: ...' per line)"
            )
        return self.one.deserialize(value, attr, data, **kwargs)


class IPSchema(Base):
    result_type = m.IntellectualProperty
    background = Choice(("retained", "retained_with_licence"), load_default="retained")
    foreground = opt(ForegroundField())
    assigned_to = opt(Text())
    joint_development = opt(Bool())
    licences = many(LicenceSchema)
    feedback = opt(Choice(("free_use", "owner_only")))

    @validates_schema(skip_on_field_errors=False)
    def check_assignment(self, data: dict[str, Any], **kwargs: Any) -> None:
        if data.get("foreground") == "assigned" and not data.get("assigned_to"):
            raise ValidationError(
                "required when foreground is 'assigned': the party that receives it", "assigned_to"
            )


class SplitSchema(Base):
    result_type = m.Split
    party = Text(required=True)
    percent = Percent(required=True)


class FeeSchema(Base):
    result_type = m.Fee
    payer = Text(required=True)
    payee = Text(required=True)
    amount = MoneyField(required=True)
    description = Text(required=True)
    frequency = Choice(
        ("one_off", "monthly", "quarterly", "annually", "milestone"), load_default="one_off"
    )


class CommissionSchema(Base):
    result_type = m.Commission
    payer = Text(required=True)
    payee = Text(required=True)
    rate_percent = Percent(required=True)
    basis = opt(Text())
    tail = opt(DurationField())


class AuditSchema(Base):
    result_type = m.Audit
    notice = opt(DurationField())
    frequency = opt(Text())
    cost = opt(Choice(("auditing_party", "audited_party_if_discrepancy")))


ECONOMIC_MODELS = (
    "revenue_share",
    "profit_share",
    "commission",
    "fixed_fees",
    "licence_fee",
    "cost_share",
    "none",
)


class AttributionSchema(Base):
    result_type = m.Attribution
    registration = opt(Bool())
    record = opt(Text())
    valid_for = opt(DurationField())
    rule = opt(Text())


class EconomicsSchema(Base):
    result_type = m.Economics
    model = Choice(ECONOMIC_MODELS, required=True)
    splits = many(SplitSchema)
    revenue_basis = opt(Text())
    fees = many(FeeSchema)
    commission = nested(CommissionSchema)
    payment_schedule = opt(
        Choice(("monthly", "quarterly", "semi_annually", "annually", "milestone", "on_invoice"))
    )
    due_days = opt(fields.Integer(strict=True, validate=DAYS))
    currency = opt(fields.String(validate=CURRENCY))
    reporting = opt(Choice(CADENCES))
    audit = nested(AuditSchema)
    cost_allocation = opt(Text())
    late_interest_percent = opt(Percent())
    collected_by = opt(Text())
    statement_days = opt(fields.Integer(strict=True, validate=DAYS))
    attribution = nested(AttributionSchema)
    tail = opt(DurationField())


class RenewalSchema(Base):
    result_type = m.Renewal
    type = Choice(("none", "automatic", "mutual"), required=True)
    period = opt(DurationField())
    non_renewal_notice = opt(DurationField())


class TermSchema(Base):
    result_type = m.Term
    duration = opt(DurationField())
    end_date = opt(fields.Date())
    renewal = nested(RenewalSchema)

    @validates_schema(skip_on_field_errors=False)
    def one_end(self, data: dict[str, Any], **kwargs: Any) -> None:
        if data.get("duration") and data.get("end_date"):
            raise ValidationError("give either a duration or an end_date, not both", "end_date")


class ConvenienceSchema(Base):
    result_type = m.Convenience
    notice = opt(DurationField())
    by = texts()


class CauseSchema(Base):
    result_type = m.Cause
    cure_period = opt(DurationField())


class ExitEffectsSchema(Base):
    result_type = m.ExitEffects
    final_accounting = opt(DurationField())
    return_confidential = opt(Bool())
    wind_down = opt(DurationField())
    shared_assets = opt(OrNotApplicable(Text()))  # not_applicable: there are none
    licences = opt(Choice(("terminate", "survive", "wind_down")))


class DefaultingPartySchema(Base):
    result_type = m.DefaultingParty
    valuation = opt(Choice(("fair_value", "book_value")))
    discount_percent = opt(
        Percent(validate=validate.Range(max=50, error="{input} is more than 50: a forfeit"))
    )
    valuer = opt(Text())


class KpiExitSchema(Base):
    result_type = m.KpiExit
    missed_periods = opt(
        fields.Integer(
            strict=True,
            validate=validate.Range(min=1, max=12, error="{input} is not a number from 1 to 12"),
        )
    )
    notice = opt(DurationField())
    priority = opt(Choice(PRIORITIES))


class ExitSchema(Base):
    result_type = m.Exit
    convenience = nested(ConvenienceSchema)
    cause = nested(CauseSchema)
    insolvency = opt(Bool())
    change_of_control = opt(Bool())
    effects = nested(ExitEffectsSchema)
    survival = TupleList(Choice(COMPONENTS), load_default=())
    defaulting_party = nested(DefaultingPartySchema)
    kpi_failure = nested(KpiExitSchema)


class EscalationStepSchema(Base):
    result_type = m.EscalationStep
    level = Text(required=True)
    days = opt(fields.Integer(strict=True, validate=DAYS))


class MediationSchema(Base):
    result_type = m.Mediation
    provider = opt(Text())
    days = opt(fields.Integer(strict=True, validate=DAYS))
    seat = opt(Text())


class ArbitrationSchema(Base):
    result_type = m.Arbitration
    rules = opt(Text())
    seat = opt(Text())
    arbitrators = opt(
        fields.Integer(
            strict=True,
            validate=validate.OneOf((1, 3, 5), error="{input} arbitrators: choose 1, 3 or 5"),
        )
    )
    language = opt(Text())


class CourtsSchema(Base):
    result_type = m.Courts
    venue = opt(Text())
    exclusive = opt(Bool())


class DisputesSchema(Base):
    result_type = m.Disputes
    escalation = many(EscalationStepSchema)
    mediation = nested(MediationSchema)
    arbitration = nested(ArbitrationSchema)
    courts = nested(CourtsSchema)


class PublicitySchema(Base):
    result_type = m.Publicity
    announcements = opt(Choice(("prior_approval", "joint_only", "factual")))
    approval_days = opt(fields.Integer(strict=True, validate=DAYS))
    launch = opt(Text())
    partner_listing = opt(Bool())


class ConfidentialitySchema(Base):
    result_type = m.Confidentiality
    type = Choice(("mutual", "one_way"), load_default="mutual")
    discloser = opt(Text())
    duration = opt(DurationField())
    publicity = nested(PublicitySchema)

    @validates_schema(skip_on_field_errors=False)
    def one_way_needs_discloser(self, data: dict[str, Any], **kwargs: Any) -> None:
        if data.get("type") == "one_way" and not data.get("discloser"):
            raise ValidationError(
                "required for one_way confidentiality: the party that discloses", "discloser"
            )


class LeadMarketingSchema(Base):
    result_type = m.LeadMarketing
    consents = opt(Bool())
    laws = texts()
    handoff = opt(Text())
    opt_out_days = opt(fields.Integer(strict=True, validate=DAYS))


class DataProtectionSchema(Base):
    result_type = m.DataProtection
    personal_data = opt(Bool())
    data_sharing = opt(Bool())
    regimes = TupleList(
        Choice(("GDPR", "UK_GDPR", "CCPA", "HIPAA", "PIPEDA", "LGPD", "PDPA", "other")),
        load_default=(),
    )
    dpa = opt(Bool())
    roles = opt(Choice(("independent_controllers", "joint_controllers", "controller_processor")))
    marketing = nested(LeadMarketingSchema)


class MeetingSchema(Base):
    result_type = m.Meeting
    type = Choice(("strategy", "tactical", "results", "other"), required=True)
    cadence = Choice(CADENCES, required=True)
    attendees = opt(Text())
    purpose = opt(Text())


class SteeringCommitteeSchema(Base):
    result_type = m.SteeringCommittee
    members_per_party = opt(
        fields.Integer(
            strict=True, validate=validate.Range(min=1, max=10, error="{input} is not from 1 to 10")
        )
    )
    decision_rule = opt(Choice(("unanimous", "majority")))
    deadlock = opt(
        Choice(
            (
                "escalation",
                "mediation",
                "casting_vote",
                "buy_sell",
                "termination",
                "expert",
                "wind_up",
            )
        )
    )
    chair = opt(Text())
    expert = opt(Text())


class ManagerAuthoritySchema(Base):
    result_type = m.ManagerAuthority
    may_agree = texts()
    may_not_agree = texts()
    spending_limit = opt(MoneyField())

    @validates_schema(skip_on_field_errors=False)
    def says_something(self, data: dict[str, Any], **kwargs: Any) -> None:
        if not data.get("may_agree") and not data.get("may_not_agree"):
            raise ValidationError(
                "say what the managers may agree (may_agree), what they may not "
                "(may_not_agree), or both",
                "may_agree",
            )


class GovernanceSchema(Base):
    result_type = m.Governance
    meetings = many(MeetingSchema)
    steering_committee = nested(SteeringCommitteeSchema)
    reporting = opt(Choice(CADENCES))
    manager_authority = nested(ManagerAuthoritySchema)


class PilotSchema(Base):
    result_type = m.Pilot
    duration = opt(DurationField())
    investment = opt(MoneyField())
    success_criteria = texts()
    decision_date = opt(fields.Date())
    decision_maker = opt(Text())


class LiabilitySchema(Base):
    result_type = m.Liability
    cap = opt(MoneyField())
    cap_basis = opt(Text())
    floor = opt(MoneyField())
    exclusions = texts()


class ForceMajeureSchema(Base):
    result_type = m.ForceMajeure
    termination_after = opt(DurationField())


class ExclusivitySchema(Base):
    result_type = m.Exclusivity
    exclusive = Bool(load_default=False)
    non_compete = Bool(load_default=False)
    scope = opt(Text())
    territory = opt(Text())
    duration = opt(DurationField())


class NonSolicitationSchema(Base):
    result_type = m.NonSolicitation
    employees = Bool(load_default=True)
    customers = Bool(load_default=False)
    duration = opt(DurationField())


class IndemnitiesSchema(Base):
    result_type = m.Indemnities
    mutual = Bool(load_default=True)
    scope = texts()


class InsuranceSchema(Base):
    result_type = m.Insurance
    types = texts()
    minimum = opt(MoneyField())


class NoticesSchema(Base):
    result_type = m.Notices
    methods = TupleList(
        Choice(("email", "courier", "registered_post", "hand")), load_default=("email", "courier")
    )


class WaiverSchema(Base):
    result_type = m.Waiver
    rule = Text(required=True)
    reason = Text(
        required=True,
        error_messages={"required": "a waiver needs a reason: say why the drafters accept it"},
    )


class AgreementSpecSchema(Base):
    result_type = m.AgreementSpec
    agreement = fields.Nested(AgreementInfoSchema, required=True)
    parties = TupleList(fields.Nested(PartySchema), required=True)
    purpose = nested(PurposeSchema)
    kpis = OrNotApplicable(TupleList(fields.Nested(KPISchema)))
    ip = nested(IPSchema)
    economics = nested(EconomicsSchema)
    term = nested(TermSchema)
    exit = nested(ExitSchema)
    disputes = nested(DisputesSchema)
    confidentiality = nested(ConfidentialitySchema)
    data_protection = nested(DataProtectionSchema)
    governance = nested(GovernanceSchema)
    pilot = nested(PilotSchema)
    liability = nested(LiabilitySchema)
    indemnities = nested(IndemnitiesSchema)
    warranties = OrNotApplicable(Bool())
    insurance = nested(InsuranceSchema)
    force_majeure = nested(ForceMajeureSchema)
    exclusivity = nested(ExclusivitySchema)
    non_solicitation = nested(NonSolicitationSchema)
    notices = nested(NoticesSchema)
    definitions = TermDefinitions()
    waivers = many(WaiverSchema)

    @validates_schema(skip_on_field_errors=False, pass_original=True)
    def parties_unique(self, data: dict[str, Any], original: Any, **kwargs: Any) -> None:
        raw = original.get("parties") if isinstance(original, dict) else None
        if isinstance(raw, list) and len(raw) < 2:  # said even when a party has other errors
            raise ValidationError("a partnership needs at least two parties", "parties")
        parties = data.get("parties")
        if not isinstance(parties, tuple) or not all(isinstance(p, m.Party) for p in parties):
            return  # missing or invalid: the field errors already say so
        seen: set[str] = set()
        errors: dict[int, dict[str, list[str]]] = {}
        for i, party in enumerate(parties):
            if party.id in seen:
                errors[i] = {
                    "id": [f"party id {party.id!r} is used twice; each party needs its own id"]
                }
            seen.add(party.id)
        if errors:
            raise ValidationError({"parties": errors})
