"""What every service needs: the store, the clock and who is working."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from desktop.clock import Clock, utc_now
from desktop.i18n import _
from desktop.session import UserSession
from desktop.store.changes import Changes
from desktop.store.store import Store

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from desktop.domain.schema.base import SyncedBase

E = TypeVar("E", bound="SyncedBase")


class NotFound(LookupError):
    """The row does not exist or was deleted (possibly by a sync)."""


class Saved(NamedTuple):
    """The result of a mutation: the row's id and everything that changed."""

    id: uuid.UUID
    changes: Changes


class Service:
    """A service reads the user and the clock from the session at each call."""

    def __init__(self, store: Store, *, session: UserSession | None = None, clock: Clock = utc_now,
                 user_id: uuid.UUID | None = None):
        self.store = store
        self.session = session or UserSession.fixed(user_id, clock)

    @property
    def user_id(self) -> uuid.UUID | None:
        return self.session.user_id

    @property
    def clock(self) -> Clock:
        return self.session.clock

    def _get(self, session: Session, entity: type[E], row_id: uuid.UUID) -> E:
        row = session.get(entity, row_id)
        if row is None or row.deleted_at is not None:
            raise NotFound(_("That record no longer exists."))
        return row

    def _new(self, entity: type[E], **values: Any) -> E:
        now = self.clock()
        return entity(id=uuid.uuid4(), created_at=now, updated_at=now, **values)

    def _apply(self, row: SyncedBase, values: dict[str, Any]) -> bool:
        """Set changed fields and bump ``updated_at``; False if nothing changed."""
        changed = False
        for name, value in values.items():
            if getattr(row, name) != value:
                setattr(row, name, value)
                changed = True
        if changed:
            row.updated_at = self.clock()
        return changed
