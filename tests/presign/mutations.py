"""Changed terms for measuring conformance: each one a spec path and a new value, applied to
a sample spec; a document built from the changed spec, checked against the original, must
report that path (and only paths changed)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any

from agreement_builder.core.values import NA, Duration, Money
from agreement_builder.spec.model import AgreementSpec, resolve_path

from .documents import mutate


@dataclass(frozen=True)
class Change:
    name: str
    changes: tuple[tuple[str, Any], ...]

    @property
    def paths(self) -> set[str]:
        return {path for path, _ in self.changes}

    def apply(self, spec: AgreementSpec) -> AgreementSpec:
        for path, new in self.changes:
            spec = mutate(spec, path, new)
        return spec


def _get(spec: AgreementSpec, path: str) -> Any:
    found, na = resolve_path(spec, path)
    return None if na or found is NA else found


def _longer(d: Duration) -> Duration:
    return Duration(d.amount + (15 if d.unit == "day" else 1), d.unit)


def changes_for(spec: AgreementSpec) -> Iterator[Change]:
    """Every change that applies to ``spec`` (its decided terms)."""
    for path in (
        "exit.convenience.notice",
        "exit.cause.cure_period",
        "term.duration",
        "term.renewal.period",
        "term.renewal.non_renewal_notice",
        "economics.commission.tail",
        "exclusivity.duration",
        "pilot.duration",
    ):
        value = _get(spec, path)
        if isinstance(value, Duration):
            yield Change(path, ((path, _longer(value)),))
    due = _get(spec, "economics.due_days")
    if due:
        yield Change("economics.due_days", (("economics.due_days", due + 15),))
    splits = _get(spec, "economics.splits")
    if splits and len(splits) >= 2:
        yield Change(
            "economics.splits",
            (
                ("economics.splits[0].percent", splits[0].percent + 5),
                ("economics.splits[1].percent", splits[1].percent - 5),
            ),
        )
    rate = _get(spec, "economics.commission.rate_percent")
    if rate:
        yield Change("commission rate", (("economics.commission.rate_percent", rate + 2),))
    fees = _get(spec, "economics.fees")
    for k, fee in enumerate(fees or ()):
        doubled = Money(fee.amount.amount * 2, fee.amount.currency)
        yield Change(f"economics.fees[{k}].amount", ((f"economics.fees[{k}].amount", doubled),))
    currency = _get(spec, "economics.currency")
    if currency:
        yield Change("economics.currency", (("economics.currency", "CHF"),))
    for path in ("liability.cap", "pilot.investment"):
        money = _get(spec, path)
        if isinstance(money, Money):
            yield Change(path, ((path, Money(money.amount * 2 + Decimal(1000), money.currency)),))
    law = spec.agreement.governing_law
    if law:
        other = "Scotland" if "Scotland" not in law else "Ireland"
        yield Change("agreement.governing_law", (("agreement.governing_law", other),))
    if _get(spec, "disputes.arbitration.seat"):
        yield Change("disputes.arbitration.seat", (("disputes.arbitration.seat", "Geneva"),))
    if _get(spec, "disputes.arbitration.rules"):
        yield Change(
            "disputes.arbitration.rules",
            (("disputes.arbitration.rules", "ICC Rules of Arbitration"),),
        )
    venue = _get(spec, "disputes.courts.venue")
    if venue:
        # another place than the sample's own (the three-party sample already uses England)
        other = "Ireland" if "England" in str(venue) else "England and Wales"
        yield Change(
            "disputes.courts.venue", (("disputes.courts.venue", f"The courts of {other}"),)
        )
    if spec.agreement.effective_date:
        shifted = spec.agreement.effective_date + timedelta(days=1)
        yield Change("agreement.effective_date", (("agreement.effective_date", shifted),))
    for path in ("pilot.decision_date",):
        when = _get(spec, path)
        if when:
            yield Change(path, ((path, when + timedelta(days=7)),))
    last = len(spec.parties) - 1
    party = spec.parties[last]
    yield Change(
        "legal name",
        (
            (
                f"parties[{last}].legal_name",
                party.legal_name.replace(party.legal_name.split()[0], "Greystone", 1),
            ),
        ),
    )
    if party.short_name:
        yield Change("short name", ((f"parties[{last}].short_name", "Greystone"),))
    first = spec.parties[0]
    if first.signatory:
        yield Change("signatory name", (("parties[0].signatory.name", "Jordan Whitaker"),))
        if first.signatory.title:
            yield Change(
                "signatory title", (("parties[0].signatory.title", "Head of Procurement"),)
            )
    kpis = _get(spec, "kpis")
    for k, kpi in enumerate(kpis or ()):
        if kpi.target is not None:
            yield Change(f"kpis[{k}].target", ((f"kpis[{k}].target", kpi.target + 3),))
        if kpi.deadline is not None:
            yield Change(
                f"kpis[{k}].deadline", ((f"kpis[{k}].deadline", kpi.deadline + timedelta(days=31)),)
            )
        break  # the first KPI with a target stands for the table
    licences = _get(spec, "ip.licences")
    for k, licence in enumerate(licences or ()):
        if licence.royalty_percent is not None:
            path = f"ip.licences[{k}].royalty_percent"
            yield Change(path, ((path, licence.royalty_percent + 1),))
