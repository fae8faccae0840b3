"""The choice fields of the pipeline's rows (leads, opportunities, events,
attendees, quotas, stages) and the editable fields of those without a rules
module of their own.

Declared once in the domain, like ``desktop.domain.rules``: the desktop's forms
offer these lists, and the server (``server.validate``) refuses any other value
in a pushed row. Lead form fields live in ``desktop.domain.lead_rules``.
"""

from __future__ import annotations

from enum import StrEnum

from desktop.domain.rules import Rule
from desktop.domain.schema.enums import (
    AttendeeStatus,
    EventKind,
    ForecastCategory,
    LeadSource,
    LeadStatus,
    LeadTiming,
    PeriodKind,
    QuotaMetric,
    StageKind,
)
from desktop.i18n import N_

# table -> field -> the only values it may hold
CHOICES: dict[str, dict[str, type[StrEnum]]] = {
    "leads": {"source": LeadSource, "status": LeadStatus, "timing": LeadTiming},
    "opportunities": {"forecast_category": ForecastCategory, "outcome": StageKind},
    "opportunity_stages": {"kind": StageKind},
    "quotas": {"metric": QuotaMetric, "period_kind": PeriodKind},
    "events": {"kind": EventKind},
    "event_attendees": {"status": AttendeeStatus},
}

OPPORTUNITY_RULES: dict[str, Rule] = {
    "name": Rule(N_("Name"), required=True),
    "account_id": Rule(N_("Account"), "ref", required=True),
    "contact_id": Rule(N_("Contact"), "ref"),
    "stage": Rule(N_("Stage"), required=True),  # an opportunity_stages key
    "forecast_category": Rule(N_("Forecast category"), "choice", required=True,
                              choices=ForecastCategory),
    "competitor": Rule(N_("Competitor")),
    "next_step": Rule(N_("Next step")),
    "outcome_reason": Rule(N_("Won or lost because")),
    "description": Rule(N_("Description")),
    "broker_id": Rule(N_("Broker"), "ref"),
}

EVENT_RULES: dict[str, Rule] = {
    "name": Rule(N_("Name"), required=True),
    "kind": Rule(N_("Kind"), "choice", required=True, choices=EventKind),
    "place": Rule(N_("Place")),
    "city": Rule(N_("City")),
    "notes": Rule(N_("Notes")),
    "territory_id": Rule(N_("Territory"), "ref"),
}

ATTENDEE_RULES: dict[str, Rule] = {
    "status": Rule(N_("Status"), "choice", required=True, choices=AttendeeStatus),
}

QUOTA_RULES: dict[str, Rule] = {
    "owner_id": Rule(N_("Rep"), "ref", required=True),
    "period_kind": Rule(N_("Period"), "choice", required=True, choices=PeriodKind),
    "metric": Rule(N_("Measure"), "choice", required=True, choices=QuotaMetric),
    "product_line": Rule(N_("Product line")),
}

STAGE_RULES: dict[str, Rule] = {
    "key": Rule(N_("Key"), required=True),
    "name": Rule(N_("Name"), required=True),
    "position": Rule(N_("Position"), "int", required=True, low=0, high=1000),
    "probability": Rule(N_("Probability"), "float", required=True, low=0, high=1),
    "kind": Rule(N_("Kind"), "choice", required=True, choices=StageKind),
}


def choices_of(table: str) -> dict[str, type[StrEnum]]:
    """The choice fields of ``table`` (empty for a table without any)."""
    return CHOICES.get(table, {})
