"""The editable fields of accounts, contacts and interactions: label, kind, limits, choices.

Declared once in the domain, so the desktop's forms (``desktop.services.fields.clean``)
and the server's checks of a pushed row (``server.validate``) read the same rules.
"""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple

from desktop.domain.schema.enums import (
    AccountKind,
    AccountStatus,
    Channel,
    ContactRole,
    Direction,
    GeoSource,
    Tier,
)
from desktop.i18n import _


class Rule(NamedTuple):
    label: str
    kind: str = "text"  # text | choice | phone | email | url | float | int | bool | tags |
    # country | hours
    required: bool = False
    choices: type[StrEnum] | None = None
    low: float | None = None
    high: float | None = None


ACCOUNT_RULES: dict[str, Rule] = {
    "name": Rule(_("Name"), required=True),
    "kind": Rule(_("Kind"), "choice", required=True, choices=AccountKind),
    "status": Rule(_("Status"), "choice", required=True, choices=AccountStatus),
    "tier": Rule(_("Tier"), "choice", choices=Tier),
    "industry": Rule(_("Industry")),
    "segment": Rule(_("Segment")),
    "billing_street": Rule(_("Street")),
    "billing_city": Rule(_("City")),
    "billing_region": Rule(_("State / region")),
    "billing_postal_code": Rule(_("Postal code")),
    "billing_country": Rule(_("Country"), "country", required=True),
    "shipping_street": Rule(_("Shipping street")),
    "shipping_city": Rule(_("Shipping city")),
    "shipping_region": Rule(_("Shipping state / region")),
    "shipping_postal_code": Rule(_("Shipping postal code")),
    "shipping_country": Rule(_("Shipping country"), "country"),
    "latitude": Rule(_("Latitude"), "float", low=-90, high=90),
    "longitude": Rule(_("Longitude"), "float", low=-180, high=180),
    "geo_source": Rule(_("Location source"), "choice", choices=GeoSource),
    "opening_hours": Rule(_("Opening hours"), "hours"),
    "phone": Rule(_("Phone"), "phone"),
    "website": Rule(_("Website"), "url"),
    "tags": Rule(_("Tags"), "tags"),
    "notes": Rule(_("Notes")),
    "territory_id": Rule(_("Territory"), "ref"),
    "owner_id": Rule(_("Owner"), "ref"),
}

CONTACT_RULES: dict[str, Rule] = {
    "first_name": Rule(_("First name"), required=True),
    "last_name": Rule(_("Last name"), required=True),
    "title": Rule(_("Title")),
    "role": Rule(_("Role"), "choice", choices=ContactRole),
    "work_phone": Rule(_("Work phone"), "phone"),
    "mobile_phone": Rule(_("Mobile phone"), "phone"),
    "email": Rule(_("Email"), "email"),
    "alt_email": Rule(_("Other email"), "email"),
    "preferred_channel": Rule(_("Preferred channel"), "choice", choices=Channel),
    "do_not_contact": Rule(_("Do not contact"), "bool"),
    "notes": Rule(_("Notes")),
}

INTERACTION_RULES: dict[str, Rule] = {
    "channel": Rule(_("Channel"), "choice", required=True, choices=Channel),
    "direction": Rule(_("Direction"), "choice", required=True, choices=Direction),
    "occurred_at": Rule(_("When"), "datetime", required=True),
    "duration_minutes": Rule(_("Duration"), "int", low=0, high=24 * 60),
    "subject": Rule(_("Subject"), required=True),
    "notes": Rule(_("Notes")),
    "outcome": Rule(_("Outcome")),
    "contact_id": Rule(_("Contact"), "ref"),
}

ACCOUNT_DEFAULTS = {"kind": AccountKind.CUSTOMER.value, "status": AccountStatus.ACTIVE.value}
