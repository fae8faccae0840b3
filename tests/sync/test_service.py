"""The app-facing sync service: sign-in, status, resolving conflicts, rejected edits."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from desktop.services.accounts import AccountService
from desktop.settings import SettingsFile
from desktop.store.store import Store
from desktop.sync.errors import AuthRequired, InsecureServer
from desktop.sync.service import SyncService
from server.users import create_user


class MemoryTokens:
    """Stands in for the OS keyring (tested in tests/desktop/test_credentials.py)."""

    def __init__(self) -> None:
        self.saved: dict[tuple[str, str], str] = {}

    def save(self, url: str, login: str, token: str) -> None:
        self.saved[(url, login)] = token

    def load(self, url: str, login: str) -> str | None:
        return self.saved.get((url, login))

    def delete(self, url: str, login: str) -> None:
        self.saved.pop((url, login), None)


@pytest.fixture
def app_sync(tmp_path: Path, server: Any, admin_db: Any) -> Any:
    create_user(admin_db, name="Cara Rep", email="cara@example.com", login="cara",
                password="correct horse", role="rep", territory_codes=["EAST"],
                manager_login=None, now=datetime.now(UTC))
    settings_file = SettingsFile(tmp_path / "settings.json")
    store = Store(tmp_path / "app.sqlite3")
    service = SyncService(store, settings_file.load(), settings_file, MemoryTokens())
    yield service
    store.close()


def test_sign_in_keeps_the_token_not_the_password(app_sync: Any, server: Any,
                                                  tmp_path: Path) -> None:
    with pytest.raises(AuthRequired):
        app_sync.sign_in(server.url, "cara", "wrong password")
    with pytest.raises(InsecureServer):
        app_sync.sign_in("http://crm.example.com", "cara", "correct horse")
    user_id = app_sync.sign_in(server.url, "cara", "correct horse")
    assert app_sync.settings.current_user_id == user_id.hex
    assert list(app_sync.tokens.saved) == [(server.url, "cara")]
    settings_text = (tmp_path / "settings.json").read_text()
    assert "correct horse" not in settings_text
    assert app_sync.tokens.saved[(server.url, "cara")] not in settings_text
    app_sync.sync()
    status = app_sync.status()
    assert (status.configured, status.pending, status.conflicts, status.rejected) == (
        True, 0, 0, 0)
    assert status.last_sync_at is not None


def test_conflict_resolved_with_keep_theirs_syncs(app_sync: Any, server: Any,
                                                  make_replica: Any) -> None:
    app_sync.sign_in(server.url, "cara", "correct horse")
    app_sync.sync()
    me = AccountService(app_sync.store, user_id=uuid.UUID(hex=app_sync.settings.current_user_id))
    tid = uuid.UUID(hex=app_sync.store.reads().execute(
        "SELECT id FROM territories WHERE code = 'EAST'").fetchone()[0])
    acc = me.create_account({"name": "Acme", "kind": "customer", "territory_id": tid}).id
    app_sync.sync()
    other = make_replica("dan")
    other.sync()
    other.accounts.update_account(acc, {"segment": "Dan's segment"})
    me.update_account(acc, {"segment": "Cara's segment"})
    other.sync()
    app_sync.sync()  # Cara pushed later: her value wins, Dan's is kept in the conflict
    [conflict] = app_sync.conflicts()
    assert (conflict.field, conflict.kept_value, conflict.lost_value) == (
        "segment", "Cara's segment", "Dan's segment")
    assert conflict.account_name == "Acme"
    assert app_sync.status().conflicts == 1
    app_sync.resolve(conflict.id, "theirs")
    assert app_sync.status().conflicts == 0
    app_sync.sync()
    other.sync()
    for rows in (app_sync.store.reads().execute("SELECT segment FROM accounts").fetchall(),
                 other.rows("SELECT segment FROM accounts")):
        assert rows == [("Dan's segment",)]
    assert other.rows("SELECT resolution FROM sync_conflicts") == [("theirs",)]


def test_rejected_edit_can_be_retried_or_discarded(app_sync: Any, server: Any) -> None:
    app_sync.sign_in(server.url, "cara", "correct horse")
    app_sync.sync()
    me = AccountService(app_sync.store, user_id=uuid.UUID(hex=app_sync.settings.current_user_id))
    tid = uuid.UUID(hex=app_sync.store.reads().execute(
        "SELECT id FROM territories WHERE code = 'EAST'").fetchone()[0])
    acc = me.create_account({"name": "Acme", "kind": "customer", "territory_id": tid}).id
    app_sync.sync()
    def refused(conn: Any) -> None:  # a change the server will refuse
        conn.execute("UPDATE accounts SET kind = 'spaceship' WHERE id = ?", (acc.hex,))
        conn.execute("INSERT INTO sync_outbox(table_name, row_id, op, base, changes, created_at) "
                     "VALUES ('accounts', ?, 'upsert', ?, ?, '2026-11-02 09:00:00.000000')",
                     (acc.hex, json.dumps({"kind": "customer"}), json.dumps({"kind": "spaceship"})))
    app_sync.store.writer.transaction(refused)
    app_sync.sync()
    [rejected] = app_sync.rejected()
    assert "spaceship" in rejected.reason and rejected.changes == {"kind": "spaceship"}
    retried = app_sync.retry_rejected(rejected.seq)
    assert retried.ids("accounts") == {acc}  # a change record names the row
    assert app_sync.status().pending == 1
    app_sync.sync()
    [again] = app_sync.rejected()
    app_sync.discard_rejected(again.seq)
    report = app_sync.sync()
    assert report.repaired  # the server's row came back
    kind = app_sync.store.reads().execute("SELECT kind FROM accounts").fetchone()[0]
    assert kind == "customer" and app_sync.rejected() == []




def test_keep_mine_after_losing_and_edit_a_new_value(app_sync: Any, server: Any,
                                                     make_replica: Any) -> None:
    app_sync.sign_in(server.url, "cara", "correct horse")
    app_sync.sync()
    me = AccountService(app_sync.store, user_id=uuid.UUID(hex=app_sync.settings.current_user_id))
    tid = uuid.UUID(hex=app_sync.store.reads().execute(
        "SELECT id FROM territories WHERE code = 'EAST'").fetchone()[0])
    acc = me.create_account({"name": "Acme", "kind": "customer", "territory_id": tid}).id
    app_sync.sync()
    dan = make_replica("dan")
    dan.sync()
    me.update_account(acc, {"segment": "Cara's", "industry": "Cara's"})
    dan.accounts.update_account(acc, {"segment": "Dan's", "industry": "Dan's"})
    app_sync.sync()
    dan.sync()  # Dan pushed later: his values win, Cara's two are the lost ones
    app_sync.sync()
    by_field = {c.field: c for c in app_sync.conflicts()}
    assert by_field["segment"].lost_value == "Cara's"
    app_sync.resolve(by_field["segment"].id, "mine")  # Cara wants hers back
    app_sync.resolve(by_field["industry"].id, "edit", "Both, really")
    app_sync.sync()
    dan.sync()
    assert dan.rows("SELECT segment, industry FROM accounts") == [("Cara's", "Both, really")]
    assert app_sync.conflicts() == []
