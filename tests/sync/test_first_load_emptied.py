"""A cache emptied while a first load is under way (a device revoked, "start
fresh") gets back every index and trigger the load had set aside: emptying
clears the note of them, so without putting them back they never return."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from desktop.store.store import Store
from desktop.sync import first_load
from desktop.sync.wipe import wipe
from tests.sync.test_first_load_triggers import _schema, killed_mid_load


def test_a_wipe_during_a_first_load_puts_back_what_it_set_aside(
        make_replica: Any, tmp_path: Path) -> None:
    bob, fresh = killed_mid_load(make_replica, tmp_path)
    store = Store(bob.path)
    try:
        wipe(store)
        assert store.reads().execute("SELECT count(*) FROM derived_suspended").fetchone() == (0,)
    finally:
        store.close()
    assert _schema(bob.path) == fresh


def test_starting_fresh_during_a_first_load_puts_back_what_it_set_aside(
        make_replica: Any, tmp_path: Path) -> None:
    bob, fresh = killed_mid_load(make_replica, tmp_path)
    bob.reopen()
    assert first_load.suspended(bob.client.local)
    bob.client.start_fresh()
    assert not first_load.suspended(bob.client.local)
    assert _schema(bob.path) == fresh
    bob.sync()  # and a first load from scratch ends as it should
    assert _schema(bob.path) == fresh
    assert bob.rows("SELECT count(*) FROM accounts") == [(12,)]
