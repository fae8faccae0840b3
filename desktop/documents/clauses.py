"""The clause library: standard terms a proposal or contract picks by key.

Plain text with ``{placeholders}`` filled from the document (days, months,
currency). Companies replace or extend the library through settings later;
the keys stay stable because documents record which clauses they used.
"""

from __future__ import annotations

from typing import NamedTuple

from desktop.i18n import _


class Clause(NamedTuple):
    key: str
    heading: str
    text: str


LIBRARY: dict[str, Clause] = {c.key: c for c in (
    Clause("payment-net", _("Payment"),
           _("Invoices are payable within {payment_days} days of the invoice date, in "
             "{currency}, without deduction.")),
    Clause("delivery-exw", _("Delivery"),
           _("Goods are delivered Ex Works (Incoterms 2020) from our warehouse; the risk "
             "passes to the customer when the goods are made available for collection.")),
    Clause("delivery-dap", _("Delivery"),
           _("Goods are delivered DAP (Incoterms 2020) to the customer's address; delivery "
             "dates are estimates unless confirmed in writing.")),
    Clause("term", _("Term"),
           _("This agreement starts on the effective date and runs for {term_months} months.")),
    Clause("renewal-auto", _("Renewal"),
           _("It renews automatically for further periods of {renewal_months} months unless "
             "either party gives written notice at least {notice_days} days before the end "
             "of the current period.")),
    Clause("renewal-none", _("Renewal"),
           _("It ends at the end of the term unless both parties agree a renewal in writing.")),
    Clause("warranty", _("Warranty"),
           _("Products are free from defects in material and workmanship for 12 months from "
             "delivery; the remedy is repair or replacement.")),
    Clause("liability", _("Limitation of liability"),
           _("Neither party is liable for indirect or consequential loss; total liability is "
             "limited to the amounts paid under this agreement in the preceding 12 months.")),
    Clause("confidentiality", _("Confidentiality"),
           _("Each party keeps the other's non-public information confidential and uses it "
             "only for this agreement.")),
    Clause("validity", _("Validity"),
           _("This proposal is valid until {valid_until}. Prices exclude taxes unless stated.")),
)}


def fill(keys: list[str], **values: object) -> tuple[tuple[str, str], ...]:
    """The chosen clauses as (heading, text), placeholders filled; unknown keys
    raise KeyError so a document never silently drops a term."""
    return tuple((LIBRARY[k].heading, LIBRARY[k].text.format(**values)) for k in keys)
