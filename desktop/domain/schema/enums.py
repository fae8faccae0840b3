"""Closed vocabularies, stored as their string values.

Stored as plain strings (not database enums) so that adding a member later is
a code change, not a schema migration on every client and the server.
"""

from __future__ import annotations

from enum import StrEnum

from desktop.i18n import N_, _


class AccountKind(StrEnum):
    CUSTOMER = "customer"
    PROSPECT = "prospect"
    BROKER = "broker"
    PARTNER = "partner"
    DISTRIBUTOR = "distributor"
    VENDOR = "vendor"


class AccountStatus(StrEnum):
    ACTIVE = "active"
    DORMANT = "dormant"
    PROSPECT = "prospect"
    CLOSED = "closed"


class Tier(StrEnum):
    A = "A"
    B = "B"
    C = "C"


class Channel(StrEnum):
    PHONE = "phone"
    EMAIL = "email"
    CHAT = "chat"
    FAX = "fax"
    WEB = "web"
    VISIT = "visit"
    MEETING = "meeting"
    NOTE = "note"


class Direction(StrEnum):
    INBOUND = "in"
    OUTBOUND = "out"


class ContactRole(StrEnum):
    DECISION_MAKER = "decision_maker"
    BUYER = "buyer"
    INFLUENCER = "influencer"
    TECHNICAL = "technical"
    ACCOUNTS_PAYABLE = "accounts_payable"
    USER = "user"
    OTHER = "other"


class ConcernStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    RESOLVED = "resolved"


class GeoSource(StrEnum):
    """Where an account's coordinates came from."""

    SERVER = "server"  # geocoded by the server
    ZIP = "zip"  # the centre of its ZIP code, offline
    MANUAL = "manual"  # a pin the rep placed


class UserRole(StrEnum):
    REP = "rep"
    MANAGER = "manager"
    ADMIN = "admin"


def label(value: StrEnum) -> str:
    """The human label of an enum member, translated."""
    return _(LABELS.get(value, str(value).replace("_", " ").capitalize()))


# Every member's label, marked for the catalogue; ``label`` translates it where shown.
LABELS: dict[StrEnum, str] = {
    AccountKind.CUSTOMER: N_("Customer"),
    AccountKind.PROSPECT: N_("Prospect"),
    AccountKind.BROKER: N_("Broker"),
    AccountKind.PARTNER: N_("Partner"),
    AccountKind.DISTRIBUTOR: N_("Distributor"),
    AccountKind.VENDOR: N_("Vendor"),
    AccountStatus.ACTIVE: N_("Active"),
    AccountStatus.DORMANT: N_("Dormant"),
    AccountStatus.PROSPECT: N_("Prospect"),
    AccountStatus.CLOSED: N_("Closed"),
    Tier.A: N_("Tier A"),
    Tier.B: N_("Tier B"),
    Tier.C: N_("Tier C"),
    Channel.PHONE: N_("Phone call"),
    Channel.EMAIL: N_("Email"),
    Channel.CHAT: N_("Chat"),
    Channel.FAX: N_("Fax"),
    Channel.WEB: N_("Web inquiry"),
    Channel.VISIT: N_("Visit"),
    Channel.MEETING: N_("Meeting"),
    Channel.NOTE: N_("Note"),
    Direction.INBOUND: N_("Inbound"),
    Direction.OUTBOUND: N_("Outbound"),
    ContactRole.DECISION_MAKER: N_("Decision maker"),
    ContactRole.BUYER: N_("Buyer"),
    ContactRole.INFLUENCER: N_("Influencer"),
    ContactRole.TECHNICAL: N_("Technical"),
    ContactRole.ACCOUNTS_PAYABLE: N_("Accounts payable"),
    ContactRole.USER: N_("User"),
    ContactRole.OTHER: N_("Other"),
    ConcernStatus.OPEN: N_("Open"),
    ConcernStatus.IN_PROGRESS: N_("In progress"),
    ConcernStatus.RESOLVED: N_("Resolved"),
    GeoSource.SERVER: N_("Server"),
    GeoSource.ZIP: N_("Zip"),
    GeoSource.MANUAL: N_("Manual"),
    UserRole.REP: N_("Rep"),
    UserRole.MANAGER: N_("Manager"),
    UserRole.ADMIN: N_("Admin"),
}


def label_of(enum: type[StrEnum], value: str | None) -> str:
    """The label of a stored value; an unknown value (a newer client's) shows as is."""
    if value is None:
        return ""
    try:
        return label(enum(value))
    except ValueError:
        return value


class LeadSource(StrEnum):
    PHONE = "phone"
    EMAIL = "email"
    FAX = "fax"
    WEB = "web"  # a web inquiry
    REFERRAL = "referral"
    EVENT = "event"
    TELEMARKETING = "telemarketing"
    FIELD = "field"


class LeadStatus(StrEnum):
    NEW = "new"
    WORKING = "working"
    QUALIFIED = "qualified"
    DISQUALIFIED = "disqualified"  # with a reason
    CONVERTED = "converted"


class LeadTiming(StrEnum):
    """When the lead means to buy."""

    NOW = "now"
    QUARTER = "quarter"  # within three months
    HALF_YEAR = "half_year"
    YEAR = "year"
    UNKNOWN = "unknown"


class StageKind(StrEnum):
    OPEN = "open"
    WON = "won"
    LOST = "lost"


class ForecastCategory(StrEnum):
    PIPELINE = "pipeline"
    BEST_CASE = "best_case"
    COMMIT = "commit"
    OMITTED = "omitted"


class QuotaMetric(StrEnum):
    REVENUE = "revenue"
    UNITS = "units"  # per product line
    NEW_ACCOUNTS = "new_accounts"


class PeriodKind(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


class EventKind(StrEnum):
    TRADE_SHOW = "trade_show"
    SEMINAR = "seminar"
    TELEMARKETING = "telemarketing"
    WEBINAR = "webinar"
    OTHER = "other"


class AttendeeStatus(StrEnum):
    INVITED = "invited"
    REGISTERED = "registered"
    ATTENDED = "attended"
    NO_SHOW = "no_show"


class NoteAudience(StrEnum):
    """Who a flagged field note is for."""

    PRODUCT = "product"
    MARKETING = "marketing"
    SUPPORT = "support"
    MANAGEMENT = "management"


class NoteStatus(StrEnum):
    OPEN = "open"
    ACKNOWLEDGED = "acknowledged"
    CLOSED = "closed"
