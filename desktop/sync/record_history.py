"""A record's change history: the server's audit log, plus this cache's unsent edits.

Qt-free; the app calls :meth:`RecordHistory.fetch` on a worker (it reads the
cache and asks the server). The audit log lives only on the server (the cache
keeps no history of who changed what), so offline, or signed out, the answer
says so and still lists what this device has not sent yet.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from desktop.domain.stored import parse_time
from desktop.i18n import _
from desktop.sync.errors import SyncError

if TYPE_CHECKING:
    from desktop.settings import Settings
    from desktop.store.store import Store
    from desktop.sync.credentials import Tokens
    from desktop.sync.service import SyncService

SKIPPED = frozenset({"id", "created_at", "updated_at"})  # as the server's log leaves them out


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: Any
    new: Any
    decided: bool = False  # the server's value, not the one sent


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    table: str
    row_id: str
    op: str  # create | update | delete | restore
    who: str  # a user's name, "the server", or "you" for an unsent edit
    device: str
    changes: tuple[FieldChange, ...]
    sent: bool = True  # False: still in this device's outbox


@dataclass
class History:
    entries: list[HistoryEntry] = field(default_factory=list)  # the server's, newest first
    unsent: list[HistoryEntry] = field(default_factory=list)  # this device's, newest first
    online: bool = True
    message: str = ""  # why the server's part is missing (offline, signed out, ...)
    more: bool = False  # the server holds older entries than these


class RecordHistory:
    """Built from the sync service's settings and tokens (the same sign-in)."""

    def __init__(self, store: Store, settings: Settings, tokens: Tokens) -> None:
        self.store = store
        self.settings = settings
        self.tokens = tokens

    @classmethod
    def of(cls, service: SyncService) -> RecordHistory:
        return cls(service.store, service.settings, service.tokens)

    def fetch(self, table: str, row_id: uuid.UUID, *, account: bool = False,
              limit: int = 200) -> History:
        """``account``: the account's own row and every row under it."""
        history = History(unsent=self.unsent(table, row_id, account=account))
        try:
            answer = self._ask({"account": row_id.hex, "limit": limit} if account else
                               {"table": table, "id": row_id.hex, "limit": limit})
        except SyncError as exc:
            history.online = False
            history.message = _("The change history is kept on the server and cannot be "
                                "read now: {reason}").format(reason=str(exc))
            return history
        history.entries = [_entry(e) for e in answer["entries"]]
        history.more = bool(answer["more"])
        return history

    def _ask(self, params: dict[str, Any]) -> dict[str, Any]:
        from desktop.domain.audit_protocol import AUDIT_PAGE
        from desktop.sync.errors import AuthRequired, NotFound
        from desktop.sync.transport import Transport

        url, login = self.settings.sync_server_url, self.settings.sync_login
        if not url or not login:
            raise AuthRequired(_("this copy is not signed in to a Fieldbook server"))
        token = self.tokens.load(url, login)
        if not token:
            raise AuthRequired(_("sign in again to read it"))
        options: dict[str, Any] = {"allow_insecure": self.settings.sync_allow_insecure,
                                   "timeout": 20.0}
        ca_file = getattr(self.settings, "sync_ca_file", None)  # a server's own CA (TLS)
        if ca_file:
            options["ca_file"] = ca_file
        transport = Transport(url, token, **options)
        try:  # checked against the audit API's model like every sync answer
            return transport._json("GET", "/v1/audit", AUDIT_PAGE, params=params)
        except NotFound:  # not on the server yet (never sent), or no longer in scope
            return {"entries": [], "more": False}
        finally:
            transport.close()

    def unsent(self, table: str, row_id: uuid.UUID, *, account: bool = False) \
            -> list[HistoryEntry]:
        """This device's outbox entries for the row (and, for an account, its rows)."""
        conn = self.store.reads()
        rows = conn.execute("SELECT table_name, row_id, op, base, changes, created_at "
                            "FROM sync_outbox WHERE table_name = ? AND row_id = ?",
                            (table, row_id.hex)).fetchall()
        if account:
            from desktop.domain.schema.base import account_children

            present = {t for (t,) in conn.execute(
                "SELECT DISTINCT table_name FROM sync_outbox WHERE table_name != 'accounts'")}
            for child in sorted(present & set(account_children())):
                rows += conn.execute(
                    "SELECT o.table_name, o.row_id, o.op, o.base, o.changes, o.created_at "
                    f"FROM sync_outbox o JOIN {child} c ON c.id = o.row_id "  # nosec B608 - identifiers from code, values bound
                    "WHERE o.table_name = ? AND c.account_id = ?", (child, row_id.hex)
                ).fetchall()
        found = [_unsent(*r) for r in rows]
        return sorted(found, key=lambda e: e.at, reverse=True)


def _entry(e: dict[str, Any]) -> HistoryEntry:
    who = e.get("user_name") or (_("the server") if e.get("user_id") is None else
                                 _("a former user"))
    return HistoryEntry(
        at=datetime.fromisoformat(e["at"]), table=e["table"], row_id=e["row_id"], op=e["op"],
        who=who, device=e.get("device") or "",
        changes=tuple(FieldChange(c["field"], c.get("old"), c.get("new"),
                                  bool(c.get("decided"))) for c in e["changes"]))


def _unsent(table: str, row_id: str, op: str, base: str | None, changes: str,
            created_at: str) -> HistoryEntry:
    before = (json.loads(base) if base else None) or {}  # a new row's base is null
    after = json.loads(changes) or {}
    fields = tuple(FieldChange(k, before.get(k), v) for k, v in after.items()
                   if k not in SKIPPED and before.get(k) != v)
    kind = "delete" if op == "delete" else "create" if not before else "update"
    return HistoryEntry(at=parse_time(created_at) or datetime.min, table=table,
                        row_id=uuid.UUID(row_id).hex, op=kind, who=_("you"),
                        device=_("this computer"), changes=fields, sent=False)
