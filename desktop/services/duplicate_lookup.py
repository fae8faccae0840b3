"""The duplicate check's exact lookups (phone, email) and the labels of the
rows it names, read through the indexes of migration 0012."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING

from desktop.store.cipher import OperationalError

if TYPE_CHECKING:
    from desktop.services.duplicates import Why

PHONE_FIELDS = ("phone", "work_phone", "mobile_phone")
EMAIL_FIELDS = ("email", "alt_email")
_LIVE = "deleted_at IS NULL AND merged_into_id IS NULL"


def _by(table: str, column: str, index: str, nocase: bool = False) -> tuple[str, str]:
    # INDEXED BY: statistics of a column still mostly empty must not turn this into a scan.
    collate = " COLLATE NOCASE" if nocase else ""
    extra = " AND status != 'converted'" if table == "leads" else ""
    return table, (f"SELECT rowid FROM {table} INDEXED BY {index} WHERE {column} = :v{collate} "
                   f"AND {_LIVE}{extra} LIMIT 20")


_PHONE_SQL = (
    _by("accounts", "phone", "ix_accounts_phone"),
    _by("contacts", "work_phone", "ix_contacts_work_phone"),
    _by("contacts", "mobile_phone", "ix_contacts_mobile_phone"),
    _by("leads", "phone", "ix_leads_phone"),
)
_EMAIL_SQL = (
    _by("contacts", "email", "ix_contacts_email_nocase", nocase=True),
    _by("contacts", "alt_email", "ix_contacts_alt_email_nocase", nocase=True),
    _by("leads", "email", "ix_leads_email_nocase", nocase=True),
)


def e164(raw: str | None, region: str) -> str | None:
    """A typed number as E.164 once it could be a whole number (not only a
    valid one: "(555) 010-2000" is "+15550102000"); None while it is too short."""
    text = (raw or "").strip()
    if sum(c.isdigit() for c in text) < 7:
        return None
    import phonenumbers

    try:
        number = phonenumbers.parse(text, region.upper())
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def exact_matches(conn: sqlite3.Connection, kind: str, fields: Mapping[str, str | None],
                  region: str, upto: Mapping[str, int] | None = None
                  ) -> Iterator[tuple[tuple[str, int], Why]]:
    """((table, rowid), why) of every live row with the same phone or email
    (with ``upto``, only rows of a table up to its rowid there)."""
    from desktop.services.duplicates import Why

    phones = {p for p in (e164(fields.get(f), region) for f in PHONE_FIELDS) if p}
    emails = {e.strip().lower() for e in (fields.get(f) for f in EMAIL_FIELDS)
              if e and "@" in e and "." in e.rsplit("@", 1)[-1]}
    for values, queries, why in ((phones, _PHONE_SQL, Why("phone", 100)),
                                 (emails, _EMAIL_SQL, Why("email", 100))):
        for value in values:
            for table, sql in queries:
                top = None if upto is None else upto.get(table, 0)
                for (rowid,) in _run(conn, sql, value, top):
                    yield (table, rowid), why


def _run(conn: sqlite3.Connection, sql: str, value: str, top: int | None = None
         ) -> list[tuple[int]]:
    params: dict[str, object] = {"v": value}
    if top is not None:
        sql = sql.replace(" LIMIT ", " AND rowid <= :top LIMIT ")
        params["top"] = top
    try:
        return conn.execute(sql, params).fetchall()
    except OperationalError:  # the index is away during a bulk load
        return conn.execute(sql.split(" INDEXED BY ")[0] + " WHERE "
                            + sql.split(" WHERE ", 1)[1], params).fetchall()


def labels(conn: sqlite3.Connection, table: str, rowid: int
           ) -> tuple[uuid.UUID, str, uuid.UUID | None] | None:
    """(id, what to show, account id) of a live row; None when it is gone."""
    if table == "accounts":
        row = conn.execute(f"SELECT id, name, billing_city FROM accounts WHERE rowid = ? "  # nosec B608 - identifiers from code, values bound
                           f"AND {_LIVE}", (rowid,)).fetchone()
        if row is None:
            return None
        return (uuid.UUID(hex=row[0]), ", ".join(p for p in row[1:] if p),
                uuid.UUID(hex=row[0]))
    if table == "contacts":
        row = conn.execute(
            "SELECT c.id, trim(c.first_name || ' ' || c.last_name), a.name, c.account_id "
            "FROM contacts c LEFT JOIN accounts a ON a.id = c.account_id WHERE c.rowid = ? "
            "AND c.deleted_at IS NULL AND c.merged_into_id IS NULL", (rowid,)).fetchone()
        if row is None:
            return None
        text = f"{row[1]} ({row[2]})" if row[2] else row[1]
        return uuid.UUID(hex=row[0]), text, uuid.UUID(hex=row[3])
    row = conn.execute(
        "SELECT id, company, trim(coalesce(first_name, '') || ' ' || coalesce(last_name, '')), "  # nosec B608 - identifiers from code, values bound
        f"converted_account_id FROM leads WHERE rowid = ? AND {_LIVE}", (rowid,)).fetchone()
    if row is None:
        return None
    text = ", ".join(p for p in (row[1], row[2]) if p)
    return uuid.UUID(hex=row[0]), text, uuid.UUID(hex=row[3]) if row[3] else None
