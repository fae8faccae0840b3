"""A trip's routing problem read, and its solved plan saved, on plain sqlite3.

``fieldbook plan solve`` is a process of its own: importing SQLAlchemy and
configuring the ORM's mappers to read one trip and write one plan was about
half a second of its start (issue 15: 25 stops in at most 1 s, start-up
included). So the command reads through the store's read connection and
writes through its writer's plain connection, and never loads the ORM.

Both halves are the trip service's own, without the ORM:

* the problem is built by :func:`desktop.planning.trip_problem.assemble` from
  the same rows :func:`~desktop.planning.trip_problem.build` selects, with the
  rep's busy times as :mod:`desktop.planning.busy_rows` finds them;
* the plan's values come from :mod:`desktop.planning.plan_values`, written as
  one job of the store's one writer (one ``BEGIN IMMEDIATE``), each changed
  row with the outbox entry the unit of work's recorder writes for it (the
  changed wire fields, and the values they replaced as the base), so sync
  sends the plan as it sends one saved in the app. A row's ``updated_at``
  moves only when a value changed, as ``Service._apply`` does.

tests/desktop/planning/test_plain_trip.py holds both paths to the same
problem, the same rows and the same outbox entries.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Callable, Sequence
from datetime import datetime
from types import SimpleNamespace
from typing import Any

from desktop.clock import utc_now
from desktop.domain import stored, wire
from desktop.domain.value_bounds import TEXT_MAX, OutOfBounds, check_value
from desktop.i18n import _
from desktop.planning import busy, trip_problem
from desktop.planning.plan_values import DAY_PLAN_FIELDS, PLAN_FIELDS, day_values, stop_values
from desktop.planning.problem import TripDay, TripPlan, TripProblem
from desktop.services.base import NotFound
from desktop.services.validation import ValidationError
from desktop.settings import Settings
from desktop.store.changes import Changes
from desktop.store.store import Store
from desktop.store.writer import USER

_DAY = ("id", "date", "time_zone", "start_name", "start_address", "start_latitude",
        "start_longitude", "end_name", "end_address", "end_latitude", "end_longitude",
        "work_start", "work_end", "lunch_earliest", "lunch_latest", "lunch_minutes",
        "max_drive_minutes")
_STOP = ("id", "account_id", "contact_id", "visit_minutes", "priority", "purpose",
         "window_start", "window_end", "fixed_start", "pinned", "pinned_day", "pinned_position")
_ACCOUNT = ("id", "name", "latitude", "longitude", "billing_street", "billing_city",
            "billing_region", "billing_postal_code", "billing_country", "shipping_postal_code",
            "shipping_country", "opening_hours", "phone")
_CONTACT = ("id", "first_name", "last_name", "mobile_phone", "work_phone")
_PLACES = tuple(f"{side}_{c}" for side in ("start", "end")
                for c in ("name", "address", "latitude", "longitude"))
# The written columns' lengths (the schema's, checked by the test): what
# desktop.domain.bounds would refuse is refused here too.
TEXT_LIMITS = {"start_name": 120, "end_name": 120, "start_address": 200, "end_address": 200,
               "time_zone": 64, "dropped_reason": 24, "dropped_message": TEXT_MAX}


def _rows(conn: sqlite3.Connection, table: str, names: Sequence[str], where: str,
          args: tuple[Any, ...]) -> list[SimpleNamespace]:
    """Rows of ``table`` decoded as the ORM loads them, with attributes by column."""
    read = stored.reader(table, names)
    sql = f"SELECT {', '.join(names)} FROM {table} WHERE {where}"  # nosec B608 - identifiers from code, values bound
    return [SimpleNamespace(**dict(zip(names, read(r), strict=True)))
            for r in conn.execute(sql, args)]


def problem(store: Store, trip_id: uuid.UUID, settings: Settings) -> TripProblem:
    """The trip's routing problem, as ``TripService.problem`` builds it."""
    conn = store.reads()
    found = _rows(conn, "trips", ("id", "owner_id", "name"), "id = ? AND deleted_at IS NULL",
                  (trip_id.hex,))
    if not found:
        raise NotFound(_("That record no longer exists."))
    trip = found[0]
    days = _rows(conn, "trip_days", _DAY, "trip_id = ? AND deleted_at IS NULL "
                 "ORDER BY day_index", (trip_id.hex,))
    stops = _rows(conn, "trip_stops", _STOP, "trip_id = ? AND deleted_at IS NULL AND "
                  "status = 'planned' ORDER BY created_at, id", (trip_id.hex,))
    accounts = {a.id: a for a in _rows(
        conn, "accounts", _ACCOUNT, "id IN (SELECT value FROM json_each(?))",
        (json.dumps([s.account_id.hex for s in stops]),))}
    wanted = [s.contact_id.hex for s in stops if s.contact_id is not None]
    contacts = {c.id: c for c in _rows(
        conn, "contacts", _CONTACT, "id IN (SELECT value FROM json_each(?))",
        (json.dumps(wanted),))} if wanted else {}
    for c in contacts.values():
        c.full_name = f"{c.first_name} {c.last_name}".strip()  # as Contact.full_name
    built = trip_problem.assemble(trip, days, stops, accounts, contacts, settings)
    blocks = busy_on_days(conn, trip.owner_id, trip.id, built.days, settings)
    return busy.with_busy(built, blocks) if blocks else built


def busy_on_days(conn: sqlite3.Connection, owner: uuid.UUID, trip_id: uuid.UUID,
                 days: tuple[TripDay, ...], settings: Settings) -> tuple[busy.BusyBlock, ...]:
    """As :func:`desktop.planning.busy_rows.on_days`: the rep's busy times that
    touch ``days``, with the trip's older ones kept in the settings."""
    if not days:
        return ()
    first, last = min(d.work_start for d in days), max(d.work_end for d in days)
    blocks = [busy.BusyBlock(r.starts_at, r.ends_at, r.summary) for r in _rows(
        conn, "busy_times", ("starts_at", "ends_at", "summary"),
        "owner_id = ? AND deleted_at IS NULL AND starts_at < ? AND ends_at > ? "
        "ORDER BY starts_at, id", (owner.hex, stored.store_time(last), stored.store_time(first)))]
    blocks += busy.from_settings(settings.trip_busy.get(str(trip_id), []))
    return tuple(sorted(set(blocks), key=lambda b: (b.start, b.end, b.summary)))


def save_plan(store: Store, trip_id: uuid.UUID, plan: TripPlan,
              clock: Callable[[], datetime]) -> Changes:
    """The plan onto the trip's stops and days, as ``TripService.save_plan`` saves it."""
    def write(conn: sqlite3.Connection) -> list[tuple[str, uuid.UUID]]:
        if conn.execute("SELECT 1 FROM trips WHERE id = ? AND deleted_at IS NULL",
                        (trip_id.hex,)).fetchone() is None:
            raise NotFound(_("That record no longer exists."))
        stops = _rows(conn, "trip_stops", ("id", "status", "updated_at", *PLAN_FIELDS),
                      "trip_id = ? AND deleted_at IS NULL ORDER BY created_at, id",
                      (trip_id.hex,))
        days = {d.day_index: d for d in _rows(
            conn, "trip_days", ("id", "day_index", "updated_at", "time_zone", *_PLACES,
                                *DAY_PLAN_FIELDS),
            "trip_id = ? AND deleted_at IS NULL ORDER BY day_index", (trip_id.hex,))}
        by_id = {s.id: s for s in stops}
        edits = [("trip_stops", by_id[i], values)
                 for i, values in stop_values(plan, by_id).items()
                 if by_id[i].status == "planned"]
        edits += [("trip_days", days[i], values)
                  for i, values in day_values(plan, sorted(days), clock()).items()]
        touched = []
        for table, row, values in edits:
            if _update(conn, table, row, values, clock):
                touched.append((table, row.id))
        return touched

    return Changes.of(store.writer.transaction(write, priority=USER))


def _update(conn: sqlite3.Connection, table: str, row: SimpleNamespace,
            values: dict[str, Any], clock: Callable[[], datetime]) -> bool:
    """One row's changed values and their outbox entry; False when nothing changed."""
    changed = {n: v for n, v in values.items() if getattr(row, n) != v}
    if not changed:
        return False
    changed["updated_at"] = clock()
    kinds = stored.kinds(table)
    names = [n for n in kinds if n in changed and getattr(row, n) != changed[n]]
    for name in names:
        _check(name, changed[name])
    base = {n: wire.encode(kinds[n], getattr(row, n)) for n in names}
    new = {n: wire.encode(kinds[n], changed[n]) for n in names}
    conn.execute(
        f"UPDATE {table} SET {', '.join(f'{n} = ?' for n in names)} WHERE id = ?",  # nosec B608 - identifiers from code, values bound
        [*(wire.to_sqlite(kinds[n], new[n]) for n in names), row.id.hex])
    conn.execute(
        "INSERT INTO sync_outbox (table_name, row_id, op, base, changes, created_at) "
        "VALUES (?, ?, 'upsert', ?, ?, ?)",
        (table, row.id.hex, json.dumps(base), json.dumps(new),
         wire.encode("datetime", utc_now())))
    return True


def _check(name: str, value: Any) -> None:
    """The bounds the unit of work checks on these columns (desktop.domain.bounds,
    without the SQLAlchemy column: integers are 32-bit, text has its length)."""
    try:
        check_value(name, value, integer=True, text_limit=TEXT_LIMITS.get(name, TEXT_MAX))
    except OutOfBounds as exc:
        raise ValidationError({name: _(exc.template).format(**exc.values)}) from None
