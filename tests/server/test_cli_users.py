"""``set-user``, ``users``, ``devices`` and ``revoke-device`` on SQLite and PostgreSQL,
with sign-ins and requests over the HTTP API."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from desktop.domain import wire
from server.app import create_app
from server.auth import hash_password
from server.cli import main
from server.config import ServerConfig
from server.db import Database
from server.rows import table_of
from server.tables import logins, user_territories
from tests.server import factories
from tests.server.pipeline_rows import create, edit, row

PASSWORD = "correct horse"


def _cli(url: str, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main([*args, "--database-url", url])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def app(server_url: str) -> Iterator[tuple[TestClient, Database, str]]:
    application = create_app(ServerConfig(database_url=server_url))
    with TestClient(application, raise_server_exceptions=False) as http:
        yield http, application.state.db, server_url
    application.state.db.dispose()


def _with_password(db: Database, user_id: uuid.UUID) -> None:
    from sqlalchemy import update

    with db.plain() as conn:
        conn.execute(update(logins).where(logins.c.user_id == user_id)
                     .values(password_hash=hash_password(PASSWORD)))


def _sign_in(http: TestClient, login: str, device: str) -> str:
    answer = http.post("/v1/login", json={"login": login, "password": PASSWORD,
                                          "client_name": device})
    assert answer.status_code == 200, answer.text
    return str(answer.json()["token"])


def _pull(http: TestClient, token: str) -> Any:
    body = {"protocol": wire.PROTOCOL_VERSION, "schema": wire.schema_fingerprint(),
            "cursor": 0, "limit": 100}
    return http.post("/v1/pull", json=body, headers={"authorization": f"Bearer {token}"})


def _territories(db: Database, user_id: uuid.UUID) -> list[str]:
    t = table_of("territories")
    with db.plain() as conn:
        return sorted(conn.execute(select(t.c.code).join(
            user_territories, user_territories.c.territory_id == t.c.id)
            .where(user_territories.c.user_id == user_id)).scalars())


def test_set_user_refuses_with_reasons(server_url: str, server_db: Database,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    factories.territory(server_db, "EAST")
    ann = factories.user(server_db, "ann", "rep", ("EAST",))
    boss = factories.user(server_db, "max", "manager", ("EAST",))
    factories.user(server_db, "bob", "rep", ())
    cases = [
        (("set-user", "nobody", "--role", "rep"), "no user with the login 'nobody'"),
        (("set-user", "ann", "--territories", "MOON"), "unknown territory 'MOON' (known: EAST)"),
        (("set-user", "ann", "--discount-ceiling", "150%"), "a share from 0 to 1"),
        (("set-user", "ann", "--discount-ceiling", "-0.1"), "a share from 0 to 1"),
        (("set-user", "ann", "--discount-ceiling", "lots"), "not a number"),
        (("set-user", "ann", "--discount-ceiling", "NaN"), "not a number"),
        (("set-user", "ann", "--discount-ceiling", "12.345%"), "at most 2 decimals"),
        (("set-user", "ann"), "nothing to change"),
        (("set-user", "ann", "--manager", "bob"), "bob is a rep, not a manager"),
        (("set-user", "ann", "--manager", "ann"), "cannot be their own manager"),
        (("set-user", "ann", "--manager", "ghost"), "no manager with the login 'ghost'"),
    ]
    for args, message in cases:
        code, out, err = _cli(server_url, capsys, *args)
        assert (code, out) == (2, ""), args
        assert message in err, (args, err)
    assert _cli(server_url, capsys, "set-user", "ann", "--manager", "max")[0] == 0
    assert _cli(server_url, capsys, "set-user", "ann", "--role", "manager")[0] == 0
    code, _out, err = _cli(server_url, capsys, "set-user", "max", "--manager", "ann")
    assert code == 2
    assert "ann reports to max: a manager cannot report to their own report" in err
    # A refused change changed nothing.
    assert _territories(server_db, ann) == ["EAST"]
    assert boss != ann


def test_set_user_is_a_synced_change(server_url: str, server_db: Database,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    factories.territory(server_db, "WEST")
    boss = factories.user(server_db, "max", "manager", ("WEST",))
    ann = factories.user(server_db, "ann", "rep", ("EAST",))
    users = table_of("users")
    with server_db.plain() as conn:
        before = conn.execute(select(users.c.sync_version).where(users.c.id == ann)).scalar()
    code, out, _err = _cli(server_url, capsys, "set-user", "ann", "--territories", "WEST",
                           "EAST", "--manager", "max", "--role", "manager",
                           "--discount-ceiling", "12.5%")
    assert code == 0
    assert "Changed ann: role manager; manager max; territories WEST, EAST; discount " \
           "ceiling 12.5%." in out
    assert _territories(server_db, ann) == ["EAST", "WEST"]
    with server_db.plain() as conn:
        after = conn.execute(select(users).where(users.c.id == ann)).mappings().one()
        role = conn.execute(select(logins.c.role).where(logins.c.user_id == ann)).scalar()
    assert after["sync_version"] > before
    assert (after["role"], role, after["manager_id"]) == ("manager", "manager", boss)
    assert str(after["discount_ceiling"]).rstrip("0") == "0.125"
    assert after["territory_id"] == factories.territory(server_db, "WEST")
    code, out, _err = _cli(server_url, capsys, "users", "--format", "json")
    listed = {u["login"]: u for u in json.loads(out)}
    assert listed["ann"]["territories"] == ["EAST", "WEST"]
    assert (listed["ann"]["manager"], listed["ann"]["discount_ceiling"]) == ("max", "0.125")
    assert (listed["max"]["manager"], listed["max"]["discount_ceiling"]) == (None, None)
    _cli(server_url, capsys, "set-user", "ann", "--territories", "--manager", "none",
         "--discount-ceiling", "default")
    assert _territories(server_db, ann) == []
    code, out, _err = _cli(server_url, capsys, "users")
    assert code == 0
    assert [line.split()[:3] for line in out.splitlines()] == [
        ["LOGIN", "NAME", "ROLE"], ["ann", "Ann", "manager"], ["max", "Max", "manager"]]
    assert "default" in out.splitlines()[1]


def test_a_lower_ceiling_holds_from_the_next_push(app: tuple[TestClient, Database, str],
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    http, db, url = app
    east = factories.territory(db, "EAST")
    ann = factories.user(db, "ann", "rep", ("EAST",))
    token = factories.token(db, ann)
    seq = iter(range(1, 100))

    def push(*mutations: dict[str, Any]) -> list[dict[str, Any]]:
        body = {"protocol": wire.PROTOCOL_VERSION, "schema": wire.schema_fingerprint(),
                "client_id": uuid.UUID(int=7).hex,
                "mutations": [{**m, "seq": next(seq)} for m in mutations]}
        answer = http.post("/v1/push", json=body, headers={"authorization": f"Bearer {token}"})
        assert answer.status_code == 200, answer.text
        return list(answer.json()["results"])

    def sent_with(discount: str) -> str:
        acc = row("accounts", territory_id=east)
        proposal = row("proposals", account_id=acc["id"], number=uuid.uuid4().hex[:12],
                       status="draft")
        line = row("proposal_lines", proposal_id=proposal["id"], account_id=acc["id"],
                   position=1, description="Widget", quantity="10", unit="each",
                   unit_price="100", discount_percent=discount, discount_amount="0",
                   tax_rate="0", optional=False)
        results = push(create(0, "accounts", acc), create(0, "proposals", proposal),
                       create(0, "proposal_lines", line),
                       edit(0, "proposals", proposal["id"], {"status": "draft"},
                            {"status": "sent"}))
        assert [r["status"] for r in results[:3]] == ["applied"] * 3
        return str(results[3]["status"])  # the send: within the ceiling or refused

    assert _cli(url, capsys, "set-user", "ann", "--discount-ceiling", "25%")[0] == 0
    assert sent_with("20") == "applied"
    assert _cli(url, capsys, "set-user", "ann", "--discount-ceiling", "0.15")[0] == 0
    assert sent_with("20") == "rejected"
    assert sent_with("15") == "applied"


def test_devices_list_sign_ins_and_a_revoked_one_hears_why(
        app: tuple[TestClient, Database, str], capsys: pytest.CaptureFixture[str]) -> None:
    http, db, url = app
    ann = factories.user(db, "ann", "rep", ("EAST",))
    _with_password(db, ann)
    laptop = _sign_in(http, "ann", "Fieldbook on ann-laptop")
    desktop = _sign_in(http, "ann", "Fieldbook on ann-desktop")
    code, out, _err = _cli(url, capsys, "devices", "ann", "--format", "json")
    found = json.loads(out)
    assert code == 0
    assert [(d["name"], d["state"], d["address"]) for d in found] == [
        ("Fieldbook on ann-laptop", "signed in", "testclient"),
        ("Fieldbook on ann-desktop", "signed in", "testclient")]
    code, out, _err = _cli(url, capsys, "devices", "ann")
    assert [line.split()[0] for line in out.splitlines()] == [
        "ID", found[0]["short_id"], found[1]["short_id"]]
    assert _cli(url, capsys, "revoke-device", "ann", "nothing")[2].startswith(
        "fieldbook-server: no device 'nothing' (devices: ")
    code, out, _err = _cli(url, capsys, "revoke-device", "ann", "Fieldbook on ann-laptop")
    assert code == 0 and f"Revoked device {found[0]['short_id']}" in out
    assert "1 session(s) ended" in out and "edits it had not sent are lost" in out
    refused = _pull(http, laptop)
    assert refused.status_code == 401
    assert refused.json()["code"] == "device_revoked"
    assert "sign in again" in refused.json()["detail"]
    assert _pull(http, desktop).status_code == 200
    code, out, _err = _cli(url, capsys, "devices", "ann", "--format", "json")
    states = [d["state"] for d in json.loads(out)]
    assert states == ["revoked", "signed in"]
    # by id, again: it says so and changes nothing
    code, out, _err = _cli(url, capsys, "revoke-device", "ann", found[0]["short_id"])
    assert code == 0 and "already revoked" in out
    # A sign-out is not a revocation: the token just ends.
    http.post("/v1/logout", headers={"authorization": f"Bearer {desktop}"})
    ended = _pull(http, desktop)
    assert (ended.status_code, ended.json()["code"]) == (401, "sign_in")
    code, out, _err = _cli(url, capsys, "devices", "ann", "--format", "json")
    assert [d["state"] for d in json.loads(out)] == ["revoked", "signed out"]


def test_a_name_two_devices_share_needs_an_id(app: tuple[TestClient, Database, str],
                                              capsys: pytest.CaptureFixture[str]) -> None:
    http, db, url = app
    ann = factories.user(db, "ann", "rep", ())
    _with_password(db, ann)
    first, second = _sign_in(http, "ann", "Laptop"), _sign_in(http, "ann", "Laptop")
    code, _out, err = _cli(url, capsys, "revoke-device", "ann", "Laptop")
    assert code == 2 and "2 devices are named 'Laptop': give one's id" in err
    ids = [d["id"] for d in json.loads(_cli(url, capsys, "devices", "ann", "--format",
                                            "json")[1])]
    assert _cli(url, capsys, "revoke-device", "ann", ids[1][:6])[0] == 0
    assert _pull(http, first).status_code == 200
    assert _pull(http, second).json()["code"] == "device_revoked"
    assert _cli(url, capsys, "devices", "nobody")[2] == \
        "fieldbook-server: no user with the login 'nobody'\n"


def test_tokens_from_before_devices_become_devices(server_url: str, server_db: Database,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    from alembic import command

    from server.schema import _config, migrate

    ann = factories.user(server_db, "ann", "rep", ())
    with server_db.engine.begin() as conn:
        command.downgrade(_config(conn), "0013_audit")  # type: ignore[arg-type]
    token = factories.token(server_db, ann)  # signed in as "test"
    migrate(server_db.engine)
    code, out, _err = _cli(server_url, capsys, "devices", "ann", "--format", "json")
    [device] = json.loads(out)
    assert (code, device["name"], device["state"]) == (0, "test", "signed in")
    assert _cli(server_url, capsys, "revoke-device", "ann", "test")[0] == 0
    application = create_app(ServerConfig(database_url=server_url))
    with TestClient(application, raise_server_exceptions=False) as http:
        assert _pull(http, token).json()["code"] == "device_revoked"
    application.state.db.dispose()
