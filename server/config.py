"""Server settings, declared once with their defaults."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


def default_database_url() -> str:
    from platformdirs import user_data_dir

    folder = Path(user_data_dir("fieldbook-server", appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'server.sqlite3'}"


@dataclass
class ServerConfig:
    database_url: str
    token_ttl_days: int = 30
    # Failed sign-ins allowed per login and per remote address in the window.
    login_failures_per_login: int = 5
    login_failures_per_remote: int = 20
    login_window_seconds: int = 300
    push_max_mutations: int = 500
    # The most rows one pull page holds. A first load asks for pages of about 4 MiB
    # (desktop.sync.paging, up to 20,000 rows); at 5,000 the quick book's rep's
    # pull took the server 3.7-4.1 s (1.8-1.9 s of its CPU), at 20,000 2.9-3.0 s
    # (1.1-1.2 s) with the page's end summed up in the database (server.pull).
    pull_max_rows: int = 20_000
    # Days a push's stored results stay for replays: the default of
    # ``fieldbook-server prune --days`` (see server.retention).
    replay_retention_days: int = 90

    @classmethod
    def from_env(cls, database_url: str | None = None) -> ServerConfig:
        url = database_url or os.environ.get("FIELDBOOK_DATABASE_URL") or default_database_url()
        return cls(database_url=url)
