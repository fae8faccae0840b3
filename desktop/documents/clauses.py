"""The clause library: standard terms a proposal or contract picks by key.

Plain text with ``{placeholders}`` filled from the document (days, months,
currency). Companies replace or extend the library through settings later;
the keys stay stable because documents record which clauses they used.
"""

from __future__ import annotations

from typing import NamedTuple

from desktop.i18n import N_, _


class Clause(NamedTuple):
    """A clause as written (English, marked for the catalogue); ``heading`` and
    ``text`` give it in the installed language."""

    key: str
    heading_source: str
    text_source: str

    @property
    def heading(self) -> str:
        return _(self.heading_source)

    @property
    def text(self) -> str:
        return _(self.text_source)


LIBRARY: dict[str, Clause] = {c.key: c for c in (
    Clause("payment-net", N_("Payment"),
           N_("Invoices are payable within {payment_days} days of the invoice date, in "
              "{currency}, without deduction.")),
    Clause("delivery-exw", N_("Delivery"),
           N_("Goods are delivered Ex Works (Incoterms 2020) from our warehouse; the risk "
              "passes to the customer when the goods are made available for collection.")),
    Clause("delivery-dap", N_("Delivery"),
           N_("Goods are delivered DAP (Incoterms 2020) to the customer's address; delivery "
              "dates are estimates unless confirmed in writing.")),
    Clause("term", N_("Term"),
           N_("This agreement starts on the effective date and runs for {term_months} months.")),
    Clause("renewal-auto", N_("Renewal"),
           N_("It renews automatically for further periods of {renewal_months} months unless "
              "either party gives written notice at least {notice_days} days before the end "
              "of the current period.")),
    Clause("renewal-none", N_("Renewal"),
           N_("It ends at the end of the term unless both parties agree a renewal in writing.")),
    Clause("warranty", N_("Warranty"),
           N_("Products are free from defects in material and workmanship for 12 months from "
              "delivery; the remedy is repair or replacement.")),
    Clause("liability", N_("Limitation of liability"),
           N_("Neither party is liable for indirect or consequential loss; total liability is "
              "limited to the amounts paid under this agreement in the preceding 12 months.")),
    Clause("confidentiality", N_("Confidentiality"),
           N_("Each party keeps the other's non-public information confidential and uses it "
              "only for this agreement.")),
    Clause("validity", N_("Validity"),
           N_("This proposal is valid until {valid_until}. Prices exclude taxes unless stated.")),
)}


def fill(keys: list[str], **values: object) -> tuple[tuple[str, str], ...]:
    """The chosen clauses as (heading, text), placeholders filled; unknown keys
    raise KeyError so a document never silently drops a term."""
    return tuple((LIBRARY[k].heading, LIBRARY[k].text.format(**values)) for k in keys)
