"""The checksums: the app sums its own rows while the server works out its sums,
not after (each side scans every table: a wait of both, one after the other, at
the end of every first load)."""

from __future__ import annotations

import threading
from typing import Any

from desktop.sync.local import Local


def test_the_app_sums_its_rows_while_the_server_does(make_replica: Any,
                                                     monkeypatch: Any) -> None:
    ann = make_replica("ann")
    ann.sync()
    ann.accounts.create_account({"name": "Harbour Supplies", "kind": "customer"})
    ann.sync()
    counting = threading.Event()
    buckets = Local.buckets

    def summing(self: Local, *args: Any) -> Any:
        counting.set()
        return buckets(self, *args)
    monkeypatch.setattr(Local, "buckets", summing)
    post = ann.client.transport.post
    overlapped: list[bool] = []

    def verify(path: str, body: Any) -> Any:
        if path == "/v1/verify":  # the server's answer waits for the app to start its sums
            overlapped.append(counting.wait(10))
        return post(path, body)
    ann.client.transport.post = verify
    report = ann.sync(deep=True)
    assert overlapped == [True]
    assert report.verified and report.repaired == []
