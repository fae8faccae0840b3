"""The editable fields of a lead: label, kind, limits, choices.

In the domain (like ``desktop.domain.rules``) so the capture dialog, the CSV
import and the server's checks of a pushed lead read the same rules.
"""

from __future__ import annotations

from desktop.domain.rules import Rule
from desktop.domain.schema.enums import LeadSource, LeadTiming
from desktop.i18n import N_

LEAD_RULES: dict[str, Rule] = {
    "source": Rule(N_("Source"), "choice", required=True, choices=LeadSource),
    "company": Rule(N_("Company")),
    "first_name": Rule(N_("First name")),
    "last_name": Rule(N_("Last name")),
    "title": Rule(N_("Title")),
    "phone": Rule(N_("Phone"), "phone"),
    "email": Rule(N_("Email"), "email"),
    "street": Rule(N_("Street")),
    "city": Rule(N_("City")),
    "region": Rule(N_("State / region")),
    "postal_code": Rule(N_("Postal code")),
    "country": Rule(N_("Country"), "country", required=True),
    "need": Rule(N_("Need")),
    "currency": Rule(N_("Currency")),
    "timing": Rule(N_("Timing"), "choice", required=True, choices=LeadTiming),
    "notes": Rule(N_("Notes")),
    "referrer_contact_id": Rule(N_("Referred by (contact)"), "ref"),
    "referrer_account_id": Rule(N_("Referred by (broker or partner)"), "ref"),
    "event_id": Rule(N_("Event"), "ref"),
    "owner_id": Rule(N_("Owner"), "ref"),
    "territory_id": Rule(N_("Territory"), "ref"),
}
# ``budget`` (an exact decimal) and ``received_at`` are checked by the lead
# service itself: the rule kinds above have no money or optional time.

LEAD_DEFAULTS = {"country": "US", "timing": LeadTiming.UNKNOWN.value}

# What a lead must have to be worth keeping: a company or a person's name.
NAME_FIELDS = ("company", "first_name", "last_name")
