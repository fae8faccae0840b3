"""A cache emptied while a first load is under way (a device revoked, "start
fresh") gets back every index and trigger the load had set aside: emptying
clears the note of them, so without putting them back they never return."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from desktop.store.store import Store
from desktop.sync import first_load
from desktop.sync.wipe import wipe
from tests.sync.test_first_load_triggers import _book, _fresh, _schema


def _killed_mid_load(make_replica: Any, tmp_path: Path) -> tuple[Any, list[Any]]:
    ann = make_replica("ann")
    ann.sync()
    _book(ann)
    fresh = _fresh(tmp_path)
    bob = make_replica("bob")
    bob.close()
    code = subprocess.run([sys.executable, "-m", "tests.sync.child", "pull", str(bob.path),
                           bob.server.url, bob.token, bob.user_id.hex, "3"], timeout=60).returncode
    assert code == -9
    assert _schema(bob.path) != fresh  # set aside
    return bob, fresh


def test_a_wipe_during_a_first_load_puts_back_what_it_set_aside(
        make_replica: Any, tmp_path: Path) -> None:
    bob, fresh = _killed_mid_load(make_replica, tmp_path)
    store = Store(bob.path)
    try:
        wipe(store)
        assert store.reads().execute("SELECT count(*) FROM derived_suspended").fetchone() == (0,)
    finally:
        store.close()
    assert _schema(bob.path) == fresh


def test_starting_fresh_during_a_first_load_puts_back_what_it_set_aside(
        make_replica: Any, tmp_path: Path) -> None:
    bob, fresh = _killed_mid_load(make_replica, tmp_path)
    bob.reopen()
    assert first_load.suspended(bob.client.local)
    bob.client.start_fresh()
    assert not first_load.suspended(bob.client.local)
    assert _schema(bob.path) == fresh
    bob.sync()  # and a first load from scratch ends as it should
    assert _schema(bob.path) == fresh
    assert bob.rows("SELECT count(*) FROM accounts") == [(12,)]
