"""The one definition of every entity's fields: client store, wire and server.

Each synced entity derives from :class:`SyncedBase`. Columns marked
``info={"local": True}`` are derived caches of the local store and never go
over the wire. Names load on first use (PEP 562), so importing the enums does
not pull in SQLAlchemy: the window paints before the ORM is needed.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from desktop.domain.schema.enums import (
    AccountKind,
    AccountStatus,
    Channel,
    ConcernStatus,
    ContactRole,
    Direction,
    Tier,
    UserRole,
)

if TYPE_CHECKING:
    from desktop.domain.schema.base import Base, SyncedBase, UTCDateTime, synced_entities
    from desktop.domain.schema.entities import (
        Account,
        Concern,
        Contact,
        FollowUp,
        Interaction,
        SyncConflict,
        Territory,
        User,
    )

_LAZY = {
    "Base": "base", "SyncedBase": "base", "UTCDateTime": "base", "synced_entities": "base",
    "Account": "entities", "Concern": "entities", "Contact": "entities",
    "FollowUp": "entities", "Interaction": "entities", "Territory": "entities",
    "SyncConflict": "entities",
    "User": "entities",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'desktop.domain.schema' has no attribute {name!r}")
    value = getattr(import_module(f"desktop.domain.schema.{module}"), name)
    globals()[name] = value
    return value


__all__ = [
    "Account", "AccountKind", "AccountStatus", "Base", "Channel", "Concern", "ConcernStatus",
    "Contact", "ContactRole", "Direction", "FollowUp", "Interaction", "SyncConflict", "SyncedBase",
    "Territory", "Tier", "UTCDateTime", "User", "UserRole", "synced_entities",
]
