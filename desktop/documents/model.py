"""What a proposal PDF shows, as plain values: the renderer needs no database."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from desktop.i18n import _


@dataclass(frozen=True)
class Branding:
    company: str = "Fieldbook Supply Co."
    address: tuple[str, ...] = ("100 Market Street", "Springfield, IL 62701", "United States")
    footer: str = "Fieldbook Supply Co. · +1 217 555 0100 · sales@fieldbook.example"
    colour: str = "#1f6f78"  # headings, table header, rules
    logo: Path | None = None


@dataclass(frozen=True)
class DocLine:
    sku: str
    description: str
    quantity: Decimal
    unit: str
    unit_price: Decimal
    discount: Decimal  # amount off the line
    total: Decimal  # net of discount, before tax
    optional: bool = False


@dataclass(frozen=True)
class ProposalDoc:
    number: str  # e.g. "AR-0042"
    revision: int
    issued: date
    valid_until: date
    currency: str
    locale: str
    customer: str
    customer_address: tuple[str, ...]
    contact: str | None
    rep: str
    title: str = "Proposal"
    cover_letter: str = ""
    summary: str = ""
    lines: tuple[DocLine, ...] = ()
    net: Decimal = Decimal(0)
    discount: Decimal = Decimal(0)
    tax: Decimal = Decimal(0)
    total: Decimal = Decimal(0)
    optional_total: Decimal = Decimal(0)
    terms: tuple[tuple[str, str], ...] = field(default_factory=tuple)  # (heading, text)

    @property
    def reference(self) -> str:
        return f"{self.number} rev {self.revision}"


@dataclass(frozen=True)
class ContractDoc:
    """A sales contract made from an accepted proposal."""

    number: str  # e.g. "AR-0042-C1"
    proposal_reference: str
    effective: date
    currency: str
    locale: str
    customer: str
    customer_address: tuple[str, ...]
    customer_signatory: str
    supplier_signatory: str
    lines: tuple[DocLine, ...]
    net: Decimal
    tax: Decimal
    total: Decimal
    clauses: tuple[tuple[str, str], ...]  # (heading, text), from the clause library
    title: str = ""  # contract_from gives it in the installed language

    @property
    def reference(self) -> str:
        return self.number


def contract_from(proposal: ProposalDoc, *, number: str, effective: date,
                  clauses: tuple[tuple[str, str], ...],
                  supplier_signatory: str | None = None) -> ContractDoc:
    """The accepted proposal's parties, products and prices, with contract terms."""
    kept = tuple(line for line in proposal.lines if not line.optional)
    return ContractDoc(
        number=number, proposal_reference=proposal.reference, effective=effective,
        currency=proposal.currency, locale=proposal.locale, customer=proposal.customer,
        customer_address=proposal.customer_address,
        customer_signatory=proposal.contact or proposal.customer,
        supplier_signatory=supplier_signatory or proposal.rep, lines=kept, net=proposal.net,
        tax=proposal.tax, total=proposal.total, clauses=clauses, title=_("Sales contract"))
