"""The domain's derived facts: which tables belong to an account, which are bulk;
proposal states."""

from __future__ import annotations

from pathlib import Path

from desktop.domain.schema.base import Base, account_children, bulk_tables, synced_entities


def test_account_children_are_the_tables_that_reference_an_account() -> None:
    children = account_children()
    tables = Base.metadata.tables
    assert set(children) == {name for name, t in tables.items() if "account_id" in t.c}
    assert "accounts" not in children
    assert {"contacts", "interactions", "proposals", "proposal_lines", "orders",
            "order_lines", "trip_stops", "action_plan_targets"} <= set(children)


def test_account_children_come_parents_first() -> None:
    children = account_children()
    position = {name: n for n, name in enumerate(children)}
    for name in children:
        for fk in Base.metadata.tables[name].foreign_keys:
            parent = fk.column.table.name
            if parent in position and parent != name:
                assert position[parent] < position[name], (parent, name)


def test_bulk_tables_are_the_contact_history() -> None:
    assert set(bulk_tables()) == {"contacts", "interactions", "follow_ups", "concerns",
                                  "sync_conflicts"}
    assert set(bulk_tables()) <= set(account_children())
    assert all(not e.bulk for e in synced_entities() if e.__tablename__ == "accounts")


def test_every_proposal_state_has_a_label_and_its_actions() -> None:
    from desktop.domain import proposal_states as ps

    assert set(ps.LABELS) == set(ps.ACTIONS) == {s.value for s in ps.ProposalState}
    assert ps.label("sent") == "Sent"
    assert ps.label("from-a-newer-client") == "from-a-newer-client"
    assert ps.actions("draft") == {"edit", "preview"}
    assert "order" in ps.actions("accepted") and "order" not in ps.actions("sent")
    assert ps.actions("unknown") == frozenset()
    assert set(ps.OPEN) | set(ps.HOLDS_STOCK) | set(ps.ACCEPTABLE) <= set(ps.LABELS)


def test_a_sent_proposal_past_its_date_shows_as_expired() -> None:
    from desktop.domain.proposal_states import shown_state

    assert shown_state("sent", "2026-01-31", "2026-02-01") == "expired"
    assert shown_state("sent", "2026-02-01", "2026-02-01") == "sent"
    assert shown_state("accepted", "2026-01-31", "2026-02-01") == "accepted"


# --- the one decoder of stored rows ---------------------------------------------------------


def test_from_store_gives_each_kind_its_python_value() -> None:
    import uuid
    from datetime import UTC, date, datetime
    from decimal import Decimal

    from desktop.domain.stored import from_store, parse_time, parse_uuid, store_time

    hex_id = uuid.UUID(int=7).hex
    assert from_store("uuid", hex_id) == uuid.UUID(int=7)
    when = datetime(2026, 11, 20, 15, 30, 1, 5, tzinfo=UTC)
    assert from_store("datetime", store_time(when)) == when
    assert from_store("datetime", "2026-11-20 15:30:00") == when.replace(second=0, microsecond=0)
    assert from_store("date", "2026-02-28") == date(2026, 2, 28)
    assert from_store("decimal", "19.90") == Decimal("19.9")
    assert from_store("json", '{"a": [1]}') == {"a": [1]}
    assert from_store("bool", 0) is False and from_store("bool", 1) is True
    assert from_store("int", 3) == 3 and from_store("float", 1.5) == 1.5
    assert from_store("str", "") == ""
    for kind in ("uuid", "datetime", "date", "decimal", "json", "bool", "str"):
        assert from_store(kind, None) is None
    assert parse_time("") is None and parse_uuid("") is None


def test_the_reader_decodes_rows_as_the_orm_does(tmp_path: Path) -> None:
    """Rows written through SQLAlchemy, read raw from SQLite and decoded by the
    reader, equal what the ORM reads back, column for column."""
    import sqlite3
    import uuid
    from datetime import UTC, date, datetime
    from decimal import Decimal

    from sqlalchemy import create_engine
    from sqlalchemy.orm import Session

    from desktop.domain import stored
    from desktop.domain.schema import Account, Contact
    from desktop.domain.schema.orders import Order, OrderEvent, OrderLine

    now = datetime(2026, 11, 20, 15, 30, 0, 123456, tzinfo=UTC)
    account = Account(id=uuid.uuid4(), name="Acme", kind="customer", created_at=now,
                      updated_at=now, tags=["VIP", "east"], latitude=39.8, longitude=-89.6,
                      opening_hours={"mon": [["08:00", "17:00"]]}, archived=True,
                      last_contact_at=now)
    contact = Contact(id=uuid.uuid4(), account_id=account.id, first_name="Ann",
                      last_name="Lee", do_not_contact=True, created_at=now, updated_at=now)
    order = Order(id=uuid.uuid4(), account_id=account.id, provisional_number="P-1",
                  currency="USD", status="shipped", entered_at=now, expedite=True,
                  needed_by=date(2026, 12, 1), created_at=now, updated_at=now)
    line = OrderLine(id=uuid.uuid4(), order_id=order.id, account_id=account.id, position=1,
                     description="Bolts", quantity=Decimal("2.5"), unit_price=Decimal("19.90"),
                     discount_percent=Decimal(0), tax_rate=Decimal("0.0725"),
                     created_at=now, updated_at=now)
    event = OrderEvent(id=uuid.uuid4(), order_id=order.id, account_id=account.id,
                       status="shipped", at=now, ship_date=date(2026, 11, 21),
                       shipped={uuid.uuid4().hex: "2.5"}, created_at=now, updated_at=now)
    path = tmp_path / "rows.sqlite3"
    engine = create_engine(f"sqlite:///{path}")
    Base.metadata.create_all(engine)
    with Session(engine) as session:
        session.add_all([account, contact, order, line, event])
        session.commit()
        expected = {}
        for entity in (account, contact, order, line, event):
            table = entity.__table__.name
            expected[table] = (entity.id, {c: getattr(entity, c) for c in stored.kinds(table)
                                           if hasattr(entity, c)})
    engine.dispose()
    conn = sqlite3.connect(path)
    try:
        for table, (row_id, values) in expected.items():
            names = list(values)
            raw = conn.execute(f"SELECT {', '.join(names)} FROM {table} WHERE id = ?",
                               (row_id.hex,)).fetchone()
            decoded = dict(zip(names, stored.reader(table, names)(raw), strict=True))
            assert decoded == values, table
    finally:
        conn.close()


def test_the_generated_column_kinds_match_the_schema() -> None:
    """desktop/domain/column_kinds.py is generated (``python -m desktop.domain.stored``);
    a schema change without regenerating it fails here."""
    from desktop.domain import column_kinds, stored

    assert stored.schema_kinds() == column_kinds.KINDS
    assert stored.write_column_kinds() == Path(column_kinds.__file__).read_text(encoding="utf-8")
