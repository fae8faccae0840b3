"""The SQLAlchemy engine over the cache, used for writes and migrations."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event

from desktop.store import pragmas


def _on_connect(dbapi_connection: Any, _record: Any) -> None:
    pragmas.apply(dbapi_connection)


def make_engine(path: Path) -> Engine:
    path.parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(f"sqlite:///{path}")
    event.listen(engine, "connect", _on_connect)
    return engine
