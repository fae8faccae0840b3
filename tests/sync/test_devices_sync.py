"""An admin changes a user or revokes a device; the caches follow on their next sync
(a real server process on SQLite and PostgreSQL)."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from desktop.backup import back_up
from desktop.domain import wire
from desktop.services.accounts import AccountService
from desktop.settings import SettingsFile
from desktop.store.store import Store
from desktop.sync.errors import AuthRequired, DeviceRevoked
from desktop.sync.service import SyncService
from server.cli import main
from server.users import create_user
from tests.sync.conftest import Replica, territory_id
from tests.sync.test_service import MemoryTokens

PASSWORD = "correct horse"


def _names(replica: Replica) -> list[str]:
    return [str(r[0]) for r in replica.rows("SELECT name FROM accounts ORDER BY name")]


def _cli(url: str, *args: str) -> int:
    return main([*args, "--database-url", url])


def test_set_user_moves_a_rep_and_their_cache_follows(make_replica: Any,
                                                      server_url: str) -> None:
    ann = make_replica("ann", ("EAST",))
    eve, wes = make_replica("eve", ("EAST",)), make_replica("wes", ("WEST",))
    eve.sync()
    wes.sync()
    east, west = territory_id(eve, "EAST"), territory_id(wes, "WEST")
    for i in range(24):  # enough that the move removes most of Ann's cache
        eve.accounts.create_account({"name": f"East {i:02}", "kind": "customer",
                                     "territory_id": east})
    shared = eve.accounts.create_account({"name": "East Shared", "kind": "customer",
                                          "territory_id": east}).id
    for name in ("West 1", "West 2"):
        wes.accounts.create_account({"name": name, "kind": "customer", "territory_id": west})
    eve.sync()
    wes.sync()
    ann.sync()
    own = ann.accounts.create_account({"name": "Ann Own", "kind": "customer",
                                       "territory_id": east}).id
    ann.sync()
    assert len(_names(ann)) == 26 and "West 1" not in _names(ann)
    # Offline, Ann edits her own account and one she sees through EAST...
    ann.accounts.update_account(own, {"notes": "Mine: survives the move"})
    ann.accounts.update_account(shared, {"notes": "Edited before the move"})
    # ...while the admin moves her to WEST.
    assert _cli(server_url, "set-user", "ann", "--territories", "WEST") == 0
    report = ann.sync()
    # Her own account stays hers (she owns it); the other edit is refused and
    # kept for her to see, with its text; EAST's accounts left, WEST's came.
    assert (report.pushed, report.rejected) == (1, 1)
    assert _names(ann) == ["Ann Own", "West 1", "West 2"]
    [(reason, changes)] = ann.rows("SELECT reason, changes FROM sync_rejected")
    assert "outside your territories" in reason and "Edited before the move" in changes
    assert ann.rows("SELECT notes FROM accounts WHERE id = ?", own.hex) == [
        ("Mine: survives the move",)]
    eve.sync()
    assert eve.rows("SELECT notes FROM accounts WHERE id = ?", own.hex) == [
        ("Mine: survives the move",)]
    assert eve.rows("SELECT notes FROM accounts WHERE id = ?", shared.hex) == [(None,)]
    # Nothing more to do on the next sync; and moving her back brings EAST back.
    again = ann.sync()
    assert (again.pulled, again.evicted, again.repaired) == (0, 0, [])
    assert _cli(server_url, "set-user", "ann", "--territories", "EAST", "WEST") == 0
    ann.sync()
    assert len(_names(ann)) == 28


def test_a_new_manager_sees_the_team_and_the_old_one_no_longer(make_replica: Any,
                                                               server_url: str) -> None:
    max_, liz = make_replica("max", (), role="manager"), make_replica("liz", (), role="manager")
    ann = make_replica("ann", ("EAST",))
    ann.sync()
    ann.accounts.create_account({"name": "Team Co", "kind": "customer",
                                 "territory_id": territory_id(ann, "EAST")})
    ann.sync()
    assert _cli(server_url, "set-user", "ann", "--manager", "max") == 0
    max_.sync()
    liz.sync()
    assert (_names(max_), _names(liz)) == (["Team Co"], [])
    assert _cli(server_url, "set-user", "ann", "--manager", "liz") == 0
    max_.sync()
    liz.sync()
    assert (_names(max_), _names(liz)) == ([], ["Team Co"])


def _app(folder: Path) -> SyncService:
    folder.mkdir()
    settings_file = SettingsFile(folder / "settings.json")
    store = Store(folder / "fieldbook.sqlite3")
    return SyncService(store, settings_file.load(), settings_file, MemoryTokens())


def test_a_revoked_device_wipes_its_cache_and_the_other_still_syncs(
        tmp_path: Path, server: Any, admin_db: Any, server_url: str,
        capsys: pytest.CaptureFixture[str]) -> None:
    create_user(admin_db, name="Cara Rep", email="cara@example.com", login="cara",
                password=PASSWORD, role="rep", territory_codes=["EAST"], manager_login=None,
                now=datetime.now(UTC))
    laptop, desk = _app(tmp_path / "laptop"), _app(tmp_path / "desk")
    try:
        user = laptop.sign_in(server.url, "cara", PASSWORD, client_name="Cara's laptop")
        desk.sign_in(server.url, "cara", PASSWORD, client_name="Cara's desktop")
        laptop.sync()
        cara = AccountService(laptop.store, user_id=user)
        tid = uuid.UUID(hex=laptop.store.reads().execute(
            "SELECT id FROM territories WHERE code = 'EAST'").fetchone()[0])
        acc = cara.create_account({"name": "Zanzibar Confidential", "kind": "customer",
                                   "territory_id": tid}).id
        laptop.sync()
        laptop.store.blobs.put(b"a signed contract")
        back_up(laptop.store.path)
        cara.update_account(acc, {"notes": "Never sent"})
        capsys.readouterr()
        assert _cli(server_url, "devices", "cara", "--format", "json") == 0
        listed = json.loads(capsys.readouterr().out)
        assert [(d["name"], d["state"]) for d in listed] == [
            ("Cara's laptop", "signed in"), ("Cara's desktop", "signed in")]
        assert _cli(server_url, "revoke-device", "cara", listed[0]["short_id"]) == 0
        with pytest.raises(DeviceRevoked) as caught:
            laptop.sync()
        assert caught.value.lost == 1
        assert "1 change that had not been sent was lost" in str(caught.value)
        assert isinstance(caught.value, AuthRequired)  # the app asks for a sign-in
        # The cache holds nothing, in its tables or its bytes; its copies are gone.
        reads = laptop.store.reads()
        for name in (*wire.tables(), "sync_outbox", "sync_rejected", "sync_state"):
            assert reads.execute(f"SELECT count(*) FROM {name}").fetchone() == (0,), name  # nosec B608 - identifiers from code, values bound
        path = laptop.store.path
        for part in (path, path.with_name(path.name + "-wal")):
            if part.exists():
                assert b"Zanzibar" not in part.read_bytes(), part
        assert not (path.parent / "fieldbook.sqlite3.blobs").exists()
        assert list((path.parent / "backups").glob("fieldbook.*")) == []
        assert laptop.tokens.saved == {} and not laptop.configured  # type: ignore[attr-defined]
        # The other device goes on as before.
        report = desk.sync()
        assert report.pulled > 0
        assert desk.store.reads().execute("SELECT name, notes FROM accounts").fetchall() == [
            ("Zanzibar Confidential", None)]
        # Signed in again, the laptop is a new device and loads the data again.
        laptop.sign_in(server.url, "cara", PASSWORD, client_name="Cara's laptop")
        laptop.sync()
        assert laptop.store.reads().execute("SELECT name FROM accounts").fetchall() == [
            ("Zanzibar Confidential",)]
        capsys.readouterr()
        _cli(server_url, "devices", "cara", "--format", "json")
        states = [d["state"] for d in json.loads(capsys.readouterr().out)]
        assert states == ["revoked", "signed in", "signed in"]
    finally:
        laptop.store.close()
        desk.store.close()
