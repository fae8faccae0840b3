"""Create or upgrade the server database (``fieldbook-server migrate``)."""

from __future__ import annotations

import uuid
from pathlib import Path

from sqlalchemy import Engine, insert, select

from server.tables import sync_clock

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def _config(conn: object) -> object:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["connection"] = conn
    return cfg


def migrate(engine: Engine) -> None:
    """Bring the schema to head and make sure the sync clock exists."""
    from alembic import command

    with engine.begin() as conn:
        command.upgrade(_config(conn), "head")  # type: ignore[arg-type]
        if conn.execute(select(sync_clock.c.id)).first() is None:
            # A new database starts a new epoch: clients notice that the server
            # they knew is gone and push what it lacks instead of trusting cursors.
            conn.execute(insert(sync_clock).values(id=1, version=0, epoch=uuid.uuid4()))


def autogenerate(engine: Engine, message: str, rev_id: str) -> None:
    """Developer helper: write a new revision from the models."""
    from alembic import command

    with engine.begin() as conn:
        command.revision(_config(conn), message=message, autogenerate=True,  # type: ignore[arg-type]
                         rev_id=rev_id)
