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
from desktop.i18n import N_, _


class Rule(NamedTuple):
    label_source: str  # as written (English, marked for the catalogue); ``label`` shows it
    kind: str = "text"  # text | choice | phone | email | url | float | int | bool | tags |
    # country | hours | currency | locale | ref
    required: bool = False
    choices: type[StrEnum] | None = None
    low: float | None = None
    high: float | None = None

    @property
    def label(self) -> str:
        """The field's label in the installed language."""
        return _(self.label_source)


ACCOUNT_RULES: dict[str, Rule] = {
    "name": Rule(N_("Name"), required=True),
    "kind": Rule(N_("Kind"), "choice", required=True, choices=AccountKind),
    "status": Rule(N_("Status"), "choice", required=True, choices=AccountStatus),
    "tier": Rule(N_("Tier"), "choice", choices=Tier),
    "industry": Rule(N_("Industry")),
    "segment": Rule(N_("Segment")),
    "billing_street": Rule(N_("Street")),
    "billing_city": Rule(N_("City")),
    "billing_region": Rule(N_("State / region")),
    "billing_postal_code": Rule(N_("Postal code")),
    "billing_country": Rule(N_("Country"), "country", required=True),
    "shipping_street": Rule(N_("Shipping street")),
    "shipping_city": Rule(N_("Shipping city")),
    "shipping_region": Rule(N_("Shipping state / region")),
    "shipping_postal_code": Rule(N_("Shipping postal code")),
    "shipping_country": Rule(N_("Shipping country"), "country"),
    "latitude": Rule(N_("Latitude"), "float", low=-90, high=90),
    "longitude": Rule(N_("Longitude"), "float", low=-180, high=180),
    "geo_source": Rule(N_("Location source"), "choice", choices=GeoSource),
    "opening_hours": Rule(N_("Opening hours"), "hours"),
    "phone": Rule(N_("Phone"), "phone"),
    "website": Rule(N_("Website"), "url"),
    "tags": Rule(N_("Tags"), "tags"),
    "notes": Rule(N_("Notes")),
    "territory_id": Rule(N_("Territory"), "ref"),
    "owner_id": Rule(N_("Owner"), "ref"),
    "currency": Rule(N_("Currency"), "currency"),  # ISO 4217, checked with babel
    "locale": Rule(N_("Language and region"), "locale"),  # a CLDR locale (de_DE)
    "broker_id": Rule(N_("Broker or partner"), "ref"),  # an account of kind broker/partner
    "parent_id": Rule(N_("Parent account"), "ref"),  # never one of its descendants
}

CONTACT_RULES: dict[str, Rule] = {
    "first_name": Rule(N_("First name"), required=True),
    "last_name": Rule(N_("Last name"), required=True),
    "title": Rule(N_("Title")),
    "role": Rule(N_("Role"), "choice", choices=ContactRole),
    "work_phone": Rule(N_("Work phone"), "phone"),
    "mobile_phone": Rule(N_("Mobile phone"), "phone"),
    "email": Rule(N_("Email"), "email"),
    "alt_email": Rule(N_("Other email"), "email"),
    "preferred_channel": Rule(N_("Preferred channel"), "choice", choices=Channel),
    "do_not_contact": Rule(N_("Do not contact"), "bool"),
    "notes": Rule(N_("Notes")),
}

INTERACTION_RULES: dict[str, Rule] = {
    "channel": Rule(N_("Channel"), "choice", required=True, choices=Channel),
    "direction": Rule(N_("Direction"), "choice", required=True, choices=Direction),
    "occurred_at": Rule(N_("When"), "datetime", required=True),
    "duration_minutes": Rule(N_("Duration"), "int", low=0, high=24 * 60),
    "subject": Rule(N_("Subject"), required=True),
    "notes": Rule(N_("Notes")),
    "outcome": Rule(N_("Outcome")),
    "contact_id": Rule(N_("Contact"), "ref"),
}

ACCOUNT_DEFAULTS = {"kind": AccountKind.CUSTOMER.value, "status": AccountStatus.ACTIVE.value}
