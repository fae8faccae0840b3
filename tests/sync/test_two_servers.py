"""No state in server memory: two server processes on one PostgreSQL serve
clients at the same time, and every client ends with everything."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from desktop.sync.client import SyncClient
from desktop.sync.transport import Transport
from tests.sync.conftest import ServerProcess, territory_id


def test_clients_sync_through_two_servers_at_once(make_replica: Any,
                                                  server: ServerProcess) -> None:
    if not server.db_url.startswith("postgresql"):
        pytest.skip("several server processes share one PostgreSQL")
    second = ServerProcess(server.db_url).start()
    try:
        replicas = [make_replica(f"rep{i}") for i in range(4)]
        for i, r in enumerate(replicas):
            if i % 2:  # every other laptop talks to the second process
                r.client.close()
                r.client = SyncClient(r.path, Transport(second.url, r.token),
                                      user_id=r.user_id.hex, pull_page=50)
            r.sync()
        errors: list[BaseException] = []

        def work(i: int) -> None:
            r = replicas[i]
            try:
                tid = territory_id(r, "EAST")
                for round_ in range(3):
                    for n in range(5):
                        r.accounts.create_account({"name": f"R{i} round {round_} #{n}",
                                                   "kind": "customer", "territory_id": tid})
                    r.sync()
            except BaseException as exc:  # noqa: BLE001
                errors.append(exc)

        threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        assert errors == []
        for r in replicas:
            r.sync()
        names = [sorted(n for (n,) in r.rows("SELECT name FROM accounts")) for r in replicas]
        assert len(names[0]) == 60 and len(set(names[0])) == 60
        assert all(n == names[0] for n in names)
        assert all(r.sync(deep=True).verified for r in replicas)
    finally:
        second.stop()
