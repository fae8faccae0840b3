"""The shortcuts of a large import's check and write give what the plain paths
gave: a row's values (and their order, and every message) cleaned over only the
rules it fills equal ``clean`` over every rule, and a column holding one object
in every row of a chunk binds as each value bound one by one."""

from __future__ import annotations

import random
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from desktop.domain.rules import ACCOUNT_RULES, CONTACT_RULES
from desktop.domain.schema import Contact
from desktop.domain.schema.sync_tables import outbox
from desktop.imports import bulk, importer, rows
from desktop.services import fields
from desktop.services.container import Services

ACCOUNT_CELLS: dict[str, list[str]] = {
    "name": ["Acme Feed & Seed", "", "x" * 400, "Prairie Co-op"],
    "kind": ["Customer - Direct", "Prospect", "", "Other"],
    "billing_country": ["USA", "Germany", "", "Atlantis", "DE"],
    "phone": ["(217) 555-0110", "+49 221 1234567", "call the office", "", "555"],
    "website": ["www.acme.example", "", "not a site", "https://prairie.example/x"],
    "billing_city": ["Urbana", "", " Köln "],
    "billing_postal_code": ["61801", "", "50667"],
    "industry": ["Agriculture", "", "y" * 300],
    "description": ["Buys feed", "", "line\nline"],
}
CONTACT_CELLS: dict[str, list[str]] = {
    "first_name": ["Jane", "", "Jürgen", "z" * 300],
    "last_name": ["Doe", "", "Weiß"],
    "email": ["jane@acme.example", "", "not an email", "J@X.DE"],
    "work_phone": ["(217) 555-0110", "0221 1234567", "nope", "", "+1 217 555 0111"],
    "mobile_phone": ["(217) 755-0110", "", "12"],
    "title": ["Buyer", "", "Einkauf"],
    "country": ["", "DE", "US", "Narnia"],
}


def _row(rng: random.Random, cells: dict[str, list[str]]) -> dict[str, str]:
    return {k: v for k, choices in cells.items() if (v := rng.choice(choices))}


def _full_clean(monkeypatch: pytest.MonkeyPatch) -> None:
    """The plain path: ``clean`` over every rule, as before the shortcut."""
    def every_rule(entity: type[Any], rules: Any, checked: Any, raw: Any, phones: Any,
                   region: str) -> dict[str, Any]:
        full = ACCOUNT_RULES if entity.__name__ == "Account" else CONTACT_RULES
        return fields.clean(entity, full, raw, region=region, creating=True)

    monkeypatch.setattr(rows, "_clean", every_rule)


def _outcome(call: Any) -> Any:
    values, problems = call()
    return list(values.items()), problems  # the order counts too


def test_a_row_cleaned_over_the_rules_it_fills_is_cleaned_as_over_every_rule(
        monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(7)
    account = (uuid.UUID(int=5), "US")
    accounts = rows.Accounts({"acme": account}, {"001": (uuid.UUID(int=6), "DE")})
    samples = [_row(rng, ACCOUNT_CELLS) for _ in range(400)]
    people = [{**_row(rng, CONTACT_CELLS), "account": rng.choice(["Acme", "", "Nobody"]),
               "account_ref": rng.choice(["", "001"])} for _ in range(400)]
    fast = ([_outcome(lambda r=r: rows.account_values(r)) for r in samples],
            [_outcome(lambda r=r: rows.contact_values(r, accounts)) for r in people])
    with monkeypatch.context() as m:
        _full_clean(m)
        plain = ([_outcome(lambda r=r: rows.account_values(r)) for r in samples],
                 [_outcome(lambda r=r: rows.contact_values(r, accounts)) for r in people])
    assert fast == plain
    good = sum(1 for _v, problems in fast[0] + fast[1] if not problems)
    assert 30 < good < 770  # both good rows and each kind of bad one were compared


class _Capture:
    def __init__(self, services: Services) -> None:
        self.dialect = services.store.engine.dialect
        self.sent: list[tuple[str, list[tuple[Any, ...]]]] = []

    def exec_driver_sql(self, sql: str, data: list[tuple[Any, ...]]) -> None:
        self.sent.append((sql, data))


@pytest.mark.parametrize("table", [Contact.__table__, outbox], ids=["contacts", "outbox"])
def test_a_column_of_one_object_binds_as_each_value_would(services: Services,
                                                          table: Any) -> None:
    now = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)
    names = [c.name for c in table.c]
    chunk = []
    for n in range(50):
        row: dict[str, Any] = dict.fromkeys(names)
        for c in table.c:
            try:
                kind = c.type.python_type
            except NotImplementedError:
                kind = object
            if kind is datetime:
                row[c.name] = now if n % 2 or c.name != "updated_at" else datetime.now(UTC)
            elif kind is uuid.UUID:
                row[c.name] = uuid.uuid4() if c.name != "account_id" else uuid.UUID(int=3)
            elif kind is str:
                row[c.name] = "same" if c.name != "first_name" else f"p{n}"
        chunk.append(row)
    conn = _Capture(services)
    bulk._insert_many(conn, table, chunk)
    (_sql, data), = conn.sent
    used = [n for n in names if n in chunk[0]]
    procs = [table.c[n].type._cached_bind_processor(conn.dialect) for n in used]
    one_by_one = [tuple(v if p is None else p(v) for v, p in
                        zip((row[n] for n in used), procs, strict=True)) for row in chunk]
    assert data == one_by_one
    assert any(p is not None for p in procs) and len(set(data)) == len(chunk)


def test_rows_of_white_space_are_skipped_and_a_row_with_one_cell_is_read(
        services: Services, tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes(b"Account Name,Billing City,Phone\r\n , \t,\r\n,,\r\n\"\r\n\",,\r\n"
                     b",Urbana,\r\nAcme,,\r\n")
    result = importer.run(services, "accounts", path, "salesforce", dry_run=True)
    assert result.rows == 2  # ",Urbana," (rejected: no name) and "Acme"
    assert [bad.line for bad in result.rejected] == [6]
