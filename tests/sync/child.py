"""A client process that tests kill -9 at chosen moments.

    python -m tests.sync.child edit CACHE USER_HEX NAME
        create an account through the services, then SIGKILL itself before any sync
    python -m tests.sync.child pull CACHE URL TOKEN USER_HEX PAGES
        sync with tiny pages and SIGKILL itself after PAGES pull pages applied
"""

from __future__ import annotations

import os
import signal
import sys
import uuid
from pathlib import Path

from desktop.services.accounts import AccountService
from desktop.store.store import Store
from desktop.sync import paging
from desktop.sync.client import SyncClient, SyncProgress
from desktop.sync.transport import Transport


def edit(cache: str, user: str, name: str) -> None:
    store = Store(Path(cache))
    territory = store.reads().execute("SELECT id FROM territories").fetchone()[0]
    AccountService(store, user_id=uuid.UUID(hex=user)).create_account(
        {"name": name, "kind": "customer", "territory_id": uuid.UUID(hex=territory)})
    os.kill(os.getpid(), signal.SIGKILL)


def pull(cache: str, url: str, token: str, user: str, pages: str) -> None:
    Store(Path(cache))
    paging.PAGE_BYTES = 1  # pages stay tiny: a first load would ask for larger ones
    client = SyncClient(Path(cache), Transport(url, token), user_id=user, pull_page=7)
    seen = 0

    def progress(p: SyncProgress) -> None:
        nonlocal seen
        if p.phase == "pull":
            seen += 1
            if seen >= int(pages):
                os.kill(os.getpid(), signal.SIGKILL)

    client.sync(progress)
    sys.exit(3)  # finished without being killed: the test expected a kill


if __name__ == "__main__":
    {"edit": edit, "pull": pull}[sys.argv[1]](*sys.argv[2:])
