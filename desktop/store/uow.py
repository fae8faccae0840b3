"""The unit of work: one transaction, and the changes it made.

Services do their reads and writes through ``uow.session`` and call
``uow.commit()``; the ``Changes`` it collects go back to the caller (and, in
the app, to the change signal). A session lives for one unit of work and never
crosses threads.
"""

from __future__ import annotations

import uuid
from functools import cache
from types import TracebackType
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import Engine, event
from sqlalchemy.orm import Session, sessionmaker

from desktop.domain.schema import SyncedBase
from desktop.store.changes import Changes
from desktop.store.store import Store, WriteOutsideWriter

if TYPE_CHECKING:
    import sqlite3

__all__ = ["Store", "UnitOfWork"]


@cache
def _sessions(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


class UnitOfWork:
    def __init__(self, session: Session) -> None:
        self.session = session
        self._touched: list[tuple[str, uuid.UUID]] = []
        self._read_only = False
        self.changes = Changes()
        event.listen(session, "before_flush", self._record)
        event.listen(session, "after_flush", self._collect)

    @classmethod
    def for_engine(cls, engine: Engine) -> UnitOfWork:
        return cls(_sessions(engine)())

    def read_only(self) -> None:
        """Refuse every write of this unit (it runs outside the store's writer)."""
        self._read_only = True
        event.listen(self.session, "do_orm_execute", self._refuse_statement)

    def _refuse_statement(self, state: Any) -> None:
        if state.is_insert or state.is_update or state.is_delete:
            raise WriteOutsideWriter("a write outside the writer: run it as an operation")

    def _record(self, session: Session, _ctx: Any, _instances: Any) -> None:
        """Outbox entries join this flush, hence this transaction (sync invariant 1)."""
        from desktop.store.recorder import record

        if self._read_only and (session.new or session.dirty or session.deleted):
            raise WriteOutsideWriter("a write outside the writer: run it as an operation")
        objects = [o for o in (*session.new, *session.dirty) if isinstance(o, SyncedBase)]
        if any(o in session.deleted for o in objects) or any(
            isinstance(o, SyncedBase) for o in session.deleted
        ):
            raise RuntimeError("synced rows are never deleted: set deleted_at instead")
        _check_bounds(objects)
        record(session, objects)

    def _collect(self, session: Session, _ctx: Any) -> None:
        for obj in (*session.new, *session.dirty, *session.deleted):
            if isinstance(obj, SyncedBase) and (
                obj in session.new or obj in session.deleted or session.is_modified(obj)
            ):
                self._touched.append((obj.__tablename__, obj.id))

    def __enter__(self) -> UnitOfWork:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.rollback()
        self.session.close()

    def commit(self) -> Changes:
        self.session.flush()
        if any(table == "accounts" for table, _id in self._touched):
            self._keep_name_order()
        self.session.commit()
        self.changes = self.changes.merged(Changes.of(self._touched))
        self._touched.clear()
        return self.changes

    def _keep_name_order(self) -> None:
        """An account the search trigger could not number in name order (no room
        between its neighbours) is put in order in this same transaction (see
        :mod:`desktop.store.derived_name_order`): two index seeks when all is well."""
        from desktop.store import derived_name_order

        raw = cast("sqlite3.Connection", self.session.connection().connection.driver_connection)
        if derived_name_order.needs_repair(raw):
            derived_name_order.repair(raw)

    def rollback(self) -> None:
        self.session.rollback()
        self._touched.clear()


def _check_bounds(objects: list[Any]) -> None:
    """The server's bounds (``desktop.domain.bounds``), checked on what this flush
    writes, so a value the server would refuse is refused here, at once and
    next to its field, instead of after the next sync."""
    from sqlalchemy import inspect

    from desktop.domain import bounds
    from desktop.domain.errors import ValidationError
    from desktop.i18n import _

    errors: dict[str, str] = {}
    for obj in objects:
        state = inspect(obj)
        for column in obj.__table__.columns:
            attr = state.attrs.get(column.key)
            if attr is None or (not state.pending and not attr.history.has_changes()):
                continue
            value = attr.value
            if value is None:
                continue
            try:
                bounds.check(column.name, column, value)
            except bounds.OutOfBounds as exc:
                errors.setdefault(column.name, _(exc.template).format(**exc.values))
    if errors:
        raise ValidationError(errors)
