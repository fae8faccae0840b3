"""Everything the account page shows, read in one short session."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any, NamedTuple

from desktop.domain import stored
from desktop.domain.rules import CONTACT_RULES, INTERACTION_RULES
from desktop.domain.stored import parse_time, parse_uuid
from desktop.services.account_hierarchy import Hierarchy, hierarchy
from desktop.services.base import NotFound
from desktop.services.detail_rows import ConcernRow, ContactRow, FollowUpRow, TimelineEntry
from desktop.store.store import Store


class AccountDetail(NamedTuple):
    values: dict[str, Any]  # the editable fields, as stored
    territory_name: str | None
    owner_name: str | None
    contacts: list[ContactRow]
    open_follow_ups: list[FollowUpRow]
    concerns: list[ConcernRow]
    interaction_count: int

    @property
    def id(self) -> uuid.UUID:
        return self.values["id"]


class TimelineCursor(NamedTuple):
    occurred_at: str
    rowid: int


def _values(table: str, names: list[str], row: Any) -> dict[str, Any]:
    """The first ``len(names)`` values of ``row``, columns of ``table``, as the ORM
    would give them; a column the schema does not know (a local sort key) is skipped."""
    known = stored.kinds(table)
    pairs = [(n, v) for n, v in zip(names, row, strict=False) if n in known]
    own = [n for n, _v in pairs]
    return dict(zip(own, stored.reader(table, own)([v for _n, v in pairs]), strict=True))


class AccountReader:
    """Read side of the account page, on the store's plain sqlite3 connection."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def detail(self, account_id: uuid.UUID, *, include_archived_contacts: bool = False
               ) -> AccountDetail:
        conn = self.store.reads()
        hex_id = account_id.hex
        cursor = conn.execute(
            "SELECT a.*, t.name, u.name, (SELECT count(*) FROM interactions i "
            "WHERE i.account_id = a.id AND i.deleted_at IS NULL) "
            "FROM accounts a LEFT JOIN territories t ON t.id = a.territory_id "
            "LEFT JOIN users u ON u.id = a.owner_id WHERE a.id = ? AND a.deleted_at IS NULL",
            (hex_id,))
        row = cursor.fetchone()
        if row is None:
            raise NotFound("That account no longer exists.")
        names = [d[0] for d in cursor.description][:-3]
        values = _values("accounts", names, row)
        contacts = conn.execute(
            "SELECT id, first_name || ' ' || last_name, title, role, work_phone, mobile_phone, "  # nosec B608 - identifiers from code, values bound
            "email, preferred_channel, do_not_contact, archived FROM contacts "
            "WHERE account_id = ? AND deleted_at IS NULL"
            + ("" if include_archived_contacts else " AND archived = 0")
            + " ORDER BY last_name COLLATE NOCASE, first_name COLLATE NOCASE", (hex_id,)
        ).fetchall()
        follow_ups = conn.execute(
            "SELECT f.id, f.account_id, ?, f.title, f.due_date, f.done_at IS NOT NULL, "
            "f.notes FROM follow_ups f WHERE f.account_id = ? AND f.deleted_at IS NULL "
            "AND f.done_at IS NULL ORDER BY f.due_date", (values["name"], hex_id)).fetchall()
        concerns = conn.execute(
            "SELECT id, title, details, status, opened_at, resolution FROM concerns "
            "WHERE account_id = ? AND deleted_at IS NULL "
            "ORDER BY status = 'resolved', opened_at DESC", (hex_id,)).fetchall()
        return AccountDetail(
            values=values,
            territory_name=row[-3],
            owner_name=row[-2],
            contacts=[_contact(c) for c in contacts],
            open_follow_ups=[_follow_up(f) for f in follow_ups],
            concerns=[ConcernRow(uuid.UUID(hex=c[0]), c[1], c[2], c[3],
                                 parse_time(c[4]), c[5])  # type: ignore[arg-type]
                      for c in concerns],
            interaction_count=int(row[-1]),
        )

    def hierarchy(self, account_id: uuid.UUID) -> Hierarchy:
        """Broker, parents, children and clients of an account (the Links box)."""
        return hierarchy(self.store.reads(), account_id)

    def contact_values(self, contact_id: uuid.UUID) -> dict[str, Any]:
        """A contact's editable fields, as stored (for the edit dialog)."""
        cursor = self.store.reads().execute(
            "SELECT * FROM contacts WHERE id = ? AND deleted_at IS NULL", (contact_id.hex,))
        row = cursor.fetchone()
        if row is None:
            raise NotFound("That contact no longer exists.")
        values = _values("contacts", [d[0] for d in cursor.description], row)
        return {k: values[k] for k in CONTACT_RULES}

    def interaction_values(self, interaction_id: uuid.UUID) -> dict[str, Any]:
        """An interaction's editable fields, as stored (for the edit dialog)."""
        cursor = self.store.reads().execute(
            "SELECT * FROM interactions WHERE id = ? AND deleted_at IS NULL",
            (interaction_id.hex,))
        row = cursor.fetchone()
        if row is None:
            raise NotFound("That interaction no longer exists.")
        values = _values("interactions", [d[0] for d in cursor.description], row)
        return {k: values[k] for k in INTERACTION_RULES}

    def timeline(
        self,
        account_id: uuid.UUID,
        channels: frozenset[str] = frozenset(),
        after: TimelineCursor | None = None,
        limit: int = 200,
    ) -> tuple[list[TimelineEntry], TimelineCursor | None]:
        """Interactions newest first, optionally only some channels, a page at a time."""
        where = ["i.account_id = :a", "i.deleted_at IS NULL"]
        params: dict[str, Any] = {"a": account_id.hex}
        if channels:
            names = [f"c{n}" for n in range(len(channels))]
            where.append(f"i.channel IN ({', '.join(':' + n for n in names)})")
            params.update(zip(names, sorted(channels), strict=True))
        if after is not None:
            where.append("(i.occurred_at < :t OR (i.occurred_at = :t AND i.rowid < :r))")
            params.update(t=after.occurred_at, r=after.rowid)
        statement = (
            "SELECT i.rowid, i.id, i.occurred_at, i.channel, i.direction, i.duration_minutes, "
            "i.subject, i.notes, i.outcome, c.first_name || ' ' || c.last_name, u.name "
            "FROM interactions i LEFT JOIN contacts c ON c.id = i.contact_id "
            "LEFT JOIN users u ON u.id = i.author_id "
            f"WHERE {' AND '.join(where)} ORDER BY i.occurred_at DESC, i.rowid DESC "
            f"LIMIT {int(limit)}"
        )
        rows = self.store.reads().execute(statement, params).fetchall()
        entries = [
            TimelineEntry(r[0], uuid.UUID(hex=r[1]), parse_time(r[2]), *r[3:])  # type: ignore[arg-type]
            for r in rows
        ]
        more = TimelineCursor(rows[-1][2], rows[-1][0]) if len(rows) == limit else None
        return entries, more

    def follow_ups_due(self, until: date, *, limit: int = 500) -> list[FollowUpRow]:
        """Open follow-ups across all accounts due on or before ``until``."""
        rows = self.store.reads().execute(
            FOLLOW_UPS_DUE, {"until": until.isoformat(), "limit": limit}).fetchall()
        return [_follow_up(r) for r in rows]

    def follow_ups_due_totals(self, until: date, today: date) -> tuple[int, int]:
        """See :func:`follow_ups_due_totals`."""
        return follow_ups_due_totals(self.store.reads(), until, today)


# Open follow-ups due by a day, soonest first: read through the partial index of
# open ones by due date (``ix_follow_ups_open_due``, migration 0023).
FOLLOW_UPS_DUE = (
    "SELECT f.id, f.account_id, a.name, f.title, f.due_date, 0, f.notes "
    "FROM follow_ups f JOIN accounts a ON a.id = f.account_id "
    "WHERE f.done_at IS NULL AND f.deleted_at IS NULL AND a.deleted_at IS NULL "
    "AND f.due_date <= :until ORDER BY f.due_date, a.name LIMIT :limit")
# All of them, from the open-due index alone, less those of deleted accounts
# (read from their index: ``ix_accounts_deleted``, migration 0025).
_OPEN_DUE = "f.done_at IS NULL AND f.deleted_at IS NULL AND f.due_date <= :until"
FOLLOW_UPS_DUE_TOTALS = (
    f"SELECT 0 AS part, count(*), coalesce(sum(f.due_date < :today), 0) FROM follow_ups f "
    f"WHERE {_OPEN_DUE} UNION ALL SELECT 1, count(*), coalesce(sum(f.due_date < :today), 0) "
    "FROM accounts a INDEXED BY ix_accounts_deleted CROSS JOIN follow_ups f ON f.account_id = a.id "
    f"WHERE a.deleted_at IS NOT NULL AND {_OPEN_DUE} ORDER BY part")


def follow_ups_due_totals(conn: Any, until: date, today: date) -> tuple[int, int]:
    """How many open follow-ups are due on or before ``until``, and how many
    of those before ``today`` (overdue): all of them, not only a list's first."""
    (_, due, overdue), (_, gone, gone_overdue) = conn.execute(
        FOLLOW_UPS_DUE_TOTALS, {"until": until.isoformat(), "today": today.isoformat()}
    ).fetchall()
    return int(due - gone), int(overdue - gone_overdue)


def _follow_up(r: Any) -> FollowUpRow:
    return FollowUpRow(
        parse_uuid(r[0]), parse_uuid(r[1]), r[2], r[3],  # type: ignore[arg-type]
        date.fromisoformat(r[4]), bool(r[5]), r[6],
    )


def _contact(c: Any) -> ContactRow:
    return ContactRow(
        id=uuid.UUID(hex=c[0]), name=c[1], title=c[2], role=c[3], work_phone=c[4],
        mobile_phone=c[5], email=c[6], preferred_channel=c[7], do_not_contact=bool(c[8]),
        archived=bool(c[9]),
    )
