"""What the app asks of sync: sign in, sync, status, conflicts, rejected edits.

Qt-free. The UI runs :meth:`SyncService.sync` on a worker thread; everything
else is quick reads or one unit of work on the GUI thread. The sync client,
transport and wire codecs load on first use. The window builds this service
right after its first paint (ui/main_window.py).
"""

from __future__ import annotations

import json
import sqlite3
import threading
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from desktop.domain.stored import parse_time
from desktop.i18n import _
from desktop.services.base import NotFound
from desktop.settings import Settings, SettingsFile
from desktop.store.changes import Changes
from desktop.store.store import Store
from desktop.store.writer import USER
from desktop.sync.credentials import Tokens, TokenStore
from desktop.sync.errors import AuthRequired, DeviceRevoked

if TYPE_CHECKING:
    from desktop.sync.client import OnChanges, Progress, SyncClient, SyncReport


class SyncStatus(NamedTuple):
    configured: bool
    signed_in: bool
    pending: int  # local edits waiting to be pushed
    conflicts: int  # unresolved
    rejected: int
    last_sync_at: datetime | None
    files_missing: int = 0  # attachments' files the server does not have yet


class ConflictRow(NamedTuple):
    id: uuid.UUID
    table_name: str
    row_id: uuid.UUID
    account_id: uuid.UUID | None
    account_name: str | None
    field: str
    kind: str  # field | delete | restored
    kept_value: Any
    lost_value: Any
    detected_at: datetime


class RejectedRow(NamedTuple):
    seq: int
    table_name: str
    row_id: uuid.UUID
    op: str
    changes: dict[str, Any]
    reason: str
    rejected_at: datetime


class SyncService:
    def __init__(self, store: Store, settings: Settings, settings_file: SettingsFile,
                 tokens: Tokens | None = None) -> None:
        self.store = store
        self.settings = settings
        self.settings_file = settings_file
        self.tokens = tokens or TokenStore()
        self._lock = threading.Lock()  # one sync at a time in this process

    # -- configuration -----------------------------------------------------------
    @property
    def configured(self) -> bool:
        return self.settings.sync_configured

    def sign_in(self, url: str, login: str, password: str, *, allow_insecure: bool = False,
                client_name: str | None = None, ca_file: str | None = None) -> uuid.UUID:
        """Exchange the password for a token (kept in the keyring, never in a
        file); the password itself is not stored anywhere. The sign-in is a
        device the server lists under ``client_name`` (this computer's name).
        ``ca_file``: the CA to trust from now on (``desktop.sync.tls``); None
        keeps the one in the settings, "" goes back to the system's store."""
        from desktop.sync.transport import Transport, check_url

        client_name = client_name or device_name()

        url = check_url(url, allow_insecure)
        trusted = self.settings.sync_ca_file if ca_file is None else (ca_file or None)
        transport = Transport(url, allow_insecure=allow_insecure, ca_file=trusted)
        try:
            answer = transport.login(login, password, client_name)
        finally:
            transport.close()
        self.tokens.save(url, login, answer["token"])
        user_id = uuid.UUID(hex=answer["user"]["id"])
        self.settings.sync_server_url = url
        self.settings.sync_login = login
        self.settings.sync_allow_insecure = allow_insecure
        self.settings.sync_ca_file = trusted
        self.settings.current_user_id = user_id.hex
        self.settings_file.save(self.settings)
        return user_id

    def sign_out(self) -> None:
        if self.configured:
            assert self.settings.sync_server_url and self.settings.sync_login
            self.tokens.delete(self.settings.sync_server_url, self.settings.sync_login)
        self.settings.sync_server_url = None
        self.settings.sync_login = None
        self.settings_file.save(self.settings)

    def _client(self, on_changes: OnChanges | None = None) -> SyncClient:
        from desktop.sync.client import SyncClient
        from desktop.sync.transport import Transport

        url, login = self.settings.sync_server_url, self.settings.sync_login
        if not url or not login or not self.settings.current_user_id:
            raise AuthRequired(_("Sign in to a Fieldbook server first."))
        token = self.tokens.load(url, login)
        if not token:
            raise AuthRequired(_("Sign in again: no saved session for {login}.").format(
                login=login))
        transport = Transport(url, token, allow_insecure=self.settings.sync_allow_insecure,
                              ca_file=self.settings.sync_ca_file)
        return SyncClient(self.store.path, transport, user_id=self.settings.current_user_id,
                          writer=self.store.writer, on_changes=on_changes)

    # -- syncing -------------------------------------------------------------------
    def sync(self, progress: Progress | None = None, cancel: threading.Event | None = None,
             on_changes: OnChanges | None = None, **options: bool) -> SyncReport:
        """One sync; ``on_changes`` hears each write's rows as it commits."""
        with self._lock:
            client = self._client(on_changes)
            try:
                return client.sync(progress, cancel, **options)
            except DeviceRevoked as exc:
                revoked = exc
            finally:
                client.transport.close()
                client.close()
            raise self._wipe(revoked)

    def _wipe(self, revoked: DeviceRevoked) -> DeviceRevoked:
        """An administrator revoked this device: its data goes (``desktop.sync.wipe``),
        and so do the token and the sign-in; the error says what was lost."""
        from desktop.sync.wipe import revoked_error, wipe

        wiped = wipe(self.store)
        self.sign_out()
        return revoked_error(revoked, wiped)

    def start_fresh(self) -> Path:
        """Set the current cache aside (backup) so the server's data can load."""
        with self._lock:
            client = self._client()
            try:
                return client.start_fresh()
            finally:
                client.transport.close()
                client.close()

    # -- status -------------------------------------------------------------------
    def status(self) -> SyncStatus:
        reads = self.store.reads()

        def one(sql: str) -> Any:
            return reads.execute(sql).fetchone()[0]

        last = reads.execute("SELECT value FROM sync_state WHERE key = 'last_sync_at'").fetchone()
        return SyncStatus(
            configured=self.configured,
            signed_in=self.configured,
            pending=int(one("SELECT count(*) FROM sync_outbox")),
            conflicts=int(one("SELECT count(*) FROM sync_conflicts WHERE resolved_at IS NULL "
                              "AND deleted_at IS NULL")),
            rejected=int(one("SELECT count(*) FROM sync_rejected")),
            last_sync_at=datetime.fromisoformat(last[0]) if last else None,
            files_missing=int(one("SELECT count(*) FROM sync_state "
                                  "WHERE key LIKE 'blob_missing:%'")),
        )

    # -- conflicts ------------------------------------------------------------------
    def conflicts(self) -> list[ConflictRow]:
        rows = self.store.reads().execute(
            "SELECT c.id, c.table_name, c.row_id, c.account_id, a.name, c.field, c.kind, "
            "c.kept_value, c.lost_value, c.detected_at FROM sync_conflicts c "
            "LEFT JOIN accounts a ON a.id = c.account_id "
            "WHERE c.resolved_at IS NULL AND c.deleted_at IS NULL "
            "ORDER BY c.detected_at DESC, c.id").fetchall()
        return [ConflictRow(uuid.UUID(hex=i), t, uuid.UUID(hex=r),
                            uuid.UUID(hex=a) if a else None, n, f, k,
                            json.loads(kv) if kv is not None else None,
                            json.loads(lv) if lv is not None else None,
                            parse_time(d) or datetime.now(UTC))
                for i, t, r, a, n, f, k, kv, lv, d in rows]

    def resolve(self, conflict_id: uuid.UUID, choice: str, value: Any = None) -> Changes:
        """``mine`` keeps this user's side, ``theirs`` the other side, ``edit``
        sets ``value``; the resolution syncs as an ordinary edit."""
        from desktop.domain.schema import SyncConflict

        if choice not in ("mine", "theirs", "edit"):
            raise ValueError(choice)
        me = self.settings.current_user_id
        with self.store.unit_of_work() as uow:
            conflict = uow.session.get(SyncConflict, conflict_id)
            if conflict is None or conflict.resolved_at is not None:
                raise NotFound(_("That conflict was already resolved."))
            row = uow.session.get(_entity(conflict.table_name), conflict.row_id)
            now = datetime.now(UTC)
            if row is not None:
                i_won = conflict.kept_by is not None and conflict.kept_by.hex == me
                _apply_choice(row, conflict, choice, value, i_won, now)
            conflict.resolved_at = now
            conflict.resolution = choice
            conflict.updated_at = now
            return uow.commit()

    # -- rejected edits -------------------------------------------------------------
    def rejected(self) -> list[RejectedRow]:
        rows = self.store.reads().execute(
            "SELECT seq, table_name, row_id, op, changes, reason, rejected_at "
            "FROM sync_rejected ORDER BY seq").fetchall()
        return [RejectedRow(s, t, uuid.UUID(hex=r), o, json.loads(c), reason,
                            parse_time(at) or datetime.now(UTC))
                for s, t, r, o, c, reason, at in rows]

    def retry_rejected(self, seq: int) -> Changes:
        """Queue the refused change again (after the cause was fixed on the server)."""
        def retry(conn: sqlite3.Connection) -> Changes:
            row = conn.execute("SELECT table_name, row_id FROM sync_rejected WHERE seq = ?",
                               (seq,)).fetchone()
            conn.execute("INSERT INTO sync_outbox(table_name, row_id, op, base, changes, "
                         "created_at) SELECT table_name, row_id, op, base, changes, rejected_at "
                         "FROM sync_rejected WHERE seq = ?", (seq,))
            conn.execute("DELETE FROM sync_rejected WHERE seq = ?", (seq,))
            return _touched(row)
        return self._write(retry)

    def discard_rejected(self, seq: int) -> Changes:
        """Drop the refused change; the next sync's check restores the server's row."""
        def discard(conn: sqlite3.Connection) -> Changes:
            row = conn.execute("SELECT table_name, row_id FROM sync_rejected WHERE seq = ?",
                               (seq,)).fetchone()
            if row is not None:
                # Mark the row stale so the verification re-downloads its bucket.
                conn.execute(f"UPDATE {row[0]} SET sync_version = -1 WHERE id = ?",  # nosec B608 - identifiers from code, values bound
                             (row[1],))
                conn.execute("DELETE FROM sync_state WHERE key = 'verified_at'")
            conn.execute("DELETE FROM sync_rejected WHERE seq = ?", (seq,))
            return _touched(row)
        return self._write(discard)

    def _write(self, fn: Callable[[sqlite3.Connection], Changes]) -> Changes:
        """Bookkeeping of rejected changes, as one job of the store's writer."""
        return self.store.writer.transaction(fn, priority=USER)


def device_name() -> str:
    """How the server lists this sign-in: the computer's name."""
    import platform

    return _("Fieldbook on {computer}").format(
        computer=platform.node() or _("an unnamed computer"))[:120]


def _touched(row: tuple[str, str] | None) -> Changes:
    return Changes.of_stored([row]) if row else Changes()


def _entity(table_name: str) -> Any:
    from desktop.domain.schema.base import Base

    return next(m.class_ for m in Base.registry.mappers
                if getattr(m.class_, "__tablename__", None) == table_name)


def _apply_choice(row: Any, conflict: Any, choice: str, value: Any, i_won: bool,
                  now: datetime) -> None:
    """Carry out the chosen side. In a field conflict the lost value is the
    other user's when this user won; in a delete conflict the lost side is the
    delete of whoever pushed it; in a restore, the earlier delete."""
    if conflict.kind == "field":
        if choice == "edit":
            wanted = value
        elif (choice == "theirs") == i_won:
            wanted = conflict.lost_value
        else:
            return
        from desktop.domain import wire

        kinds = wire.tables()[conflict.table_name].kinds
        setattr(row, conflict.field, wire.decode(kinds[conflict.field], wanted, conflict.field))
    else:
        pusher_wanted_delete = conflict.kind == "delete"
        wants_pusher_side = (choice == "mine") == i_won
        delete = pusher_wanted_delete == wants_pusher_side
        row.deleted_at = now if delete else None
    row.updated_at = now
