"""The one definition of every entity's fields: client store, wire and server.

Each synced entity derives from :class:`SyncedBase`. Columns marked
``info={"local": True}`` are derived caches of the local store and never go
over the wire.
"""

from desktop.schema.base import Base, SyncedBase, UTCDateTime, synced_entities
from desktop.schema.entities import (
    Account,
    Concern,
    Contact,
    FollowUp,
    Interaction,
    Territory,
    User,
)
from desktop.schema.enums import (
    AccountKind,
    AccountStatus,
    Channel,
    ConcernStatus,
    ContactRole,
    Direction,
    Tier,
    UserRole,
)

__all__ = [
    "Account",
    "AccountKind",
    "AccountStatus",
    "Base",
    "Channel",
    "Concern",
    "ConcernStatus",
    "Contact",
    "ContactRole",
    "Direction",
    "FollowUp",
    "Interaction",
    "SyncedBase",
    "Territory",
    "Tier",
    "UTCDateTime",
    "User",
    "UserRole",
    "synced_entities",
]
