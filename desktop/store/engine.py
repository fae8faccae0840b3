"""The SQLAlchemy engine over the cache, used for writes and migrations."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event

from desktop.store import pragmas
from desktop.store.cipher import CacheKey, connect, dbapi


def _on_connect(dbapi_connection: Any, _record: Any) -> None:
    pragmas.apply(dbapi_connection)


def make_engine(path: Path, key: CacheKey | None = None) -> Engine:
    path.parent.mkdir(parents=True, exist_ok=True)
    if key is None:
        engine = create_engine(f"sqlite:///{path}")
    else:  # SQLCipher's connections, and its error classes for SQLAlchemy to wrap
        engine = create_engine(
            f"sqlite:///{path}", module=dbapi(key),
            creator=lambda: connect(path, key, check_same_thread=False))
    event.listen(engine, "connect", _on_connect)
    return engine
