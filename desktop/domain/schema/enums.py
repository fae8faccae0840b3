"""Closed vocabularies, stored as their string values.

Stored as plain strings (not database enums) so that adding a member later is
a code change, not a schema migration on every client and the server.
"""

from __future__ import annotations

from enum import StrEnum

from desktop.i18n import _


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


LABELS: dict[StrEnum, str] = {
    Channel.PHONE: "Phone call",
    Channel.EMAIL: "Email",
    Channel.CHAT: "Chat",
    Channel.FAX: "Fax",
    Channel.WEB: "Web inquiry",
    Channel.VISIT: "Visit",
    Channel.MEETING: "Meeting",
    Channel.NOTE: "Note",
    Direction.INBOUND: "Inbound",
    Direction.OUTBOUND: "Outbound",
    ContactRole.DECISION_MAKER: "Decision maker",
    ContactRole.ACCOUNTS_PAYABLE: "Accounts payable",
    ConcernStatus.IN_PROGRESS: "In progress",
    Tier.A: "Tier A",
    Tier.B: "Tier B",
    Tier.C: "Tier C",
}


def label_of(enum: type[StrEnum], value: str | None) -> str:
    """The label of a stored value; an unknown value (a newer client's) shows as is."""
    if value is None:
        return ""
    try:
        return label(enum(value))
    except ValueError:
        return value
