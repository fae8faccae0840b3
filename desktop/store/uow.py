"""The store and its unit of work.

A :class:`UnitOfWork` is one transaction: services do their reads and writes
through ``uow.session`` and call ``uow.commit()``; the ``changes`` it collects
are handed back to the caller (and, in the app, to the change signal).
A session lives for one unit of work and never crosses threads.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.orm import Session, sessionmaker

from desktop.schema import SyncedBase
from desktop.store import migrate
from desktop.store.changes import Changes
from desktop.store.engine import make_engine


class Store:
    """The local cache file: engine, migrations on open, units of work."""

    def __init__(self, path: Path, *, migrate_on_open: bool = True) -> None:
        self.path = path
        self.engine: Engine = make_engine(path)
        self.backup_path: Path | None = None
        if migrate_on_open:
            self.backup_path = migrate.ensure_current(self.engine, path)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    def unit_of_work(self) -> UnitOfWork:
        return UnitOfWork(self._sessions())

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A short read-only session for queries."""
        with self._sessions() as session:
            yield session

    def close(self) -> None:
        self.engine.dispose()


class UnitOfWork:
    def __init__(self, session: Session) -> None:
        self.session = session
        self._touched: list[tuple[str, uuid.UUID]] = []
        self.changes = Changes()
        event.listen(session, "after_flush", self._collect)

    def _collect(self, session: Session, _ctx: Any) -> None:
        for obj in (*session.new, *session.dirty, *session.deleted):
            if isinstance(obj, SyncedBase) and (obj in session.new or session.is_modified(obj)):
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
        self.session.commit()
        self.changes = self.changes.merged(Changes.of(self._touched))
        self._touched.clear()
        return self.changes

    def rollback(self) -> None:
        self.session.rollback()
        self._touched.clear()
