"""``fieldbook-server audiences``: which field notes a user reads, stored on the
user's row with a new version (so it syncs), checked against the audiences."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from server.cli import main
from server.db import Database
from server.rows import table_of
from tests.server import factories


def test_audiences_are_set_cleared_and_checked(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'server.sqlite3'}"
    assert main(["migrate", "--database-url", url]) == 0
    db = Database(url)
    user = factories.user(db, "pat", "rep", ("WEST",))
    users = table_of("users")

    def row() -> tuple[object, int]:
        with db.read() as conn:
            found = conn.execute(select(users.c.audiences, users.c.sync_version)
                                 .where(users.c.id == user)).one()
        return found[0], found[1]

    before = row()[1]
    assert main(["audiences", "pat", "support", "product", "--database-url", url]) == 0
    assert row()[0] == ["product", "support"] and row()[1] > before
    assert "product, support" in capsys.readouterr().out
    assert main(["audiences", "pat", "sales", "--database-url", url]) == 2
    assert "not an audience" in capsys.readouterr().err
    assert row()[0] == ["product", "support"]
    assert main(["audiences", "nobody", "product", "--database-url", url]) == 2
    assert main(["audiences", "pat", "--database-url", url]) == 0
    assert row()[0] == []
    db.dispose()
