"""``fieldbook plan solve``'s plain sqlite3 path (desktop.planning.plain_trip)
against the trip service's ORM path: the same problem, and the same rows and
outbox entries after saving the same plans (so sync sends the same edits)."""

from __future__ import annotations

import json
import sqlite3
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import update

from desktop.domain.schema.planning import TripDay, TripStop
from desktop.planning import plain_trip
from desktop.planning.problem import (
    DayPlan,
    Dropped,
    DropReason,
    Place,
    SolveStatus,
    TripPlan,
    Visit,
)
from desktop.planning.targets import TargetFilter
from desktop.services.base import NotFound
from desktop.services.container import Services
from desktop.services.validation import ValidationError
from desktop.settings import SettingsFile
from tests.desktop.planning.conftest import ALBANY, SPRINGFIELD, account, offset

CHICAGO = ZoneInfo("America/Chicago")
MONDAY = date(2026, 12, 7)
LATER = datetime(2026, 12, 1, 9, 15, 30, 250_000, tzinfo=UTC)
CALENDAR = b"""BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//Test//Busy//EN\r
BEGIN:VEVENT\r
UID:meeting@test\r
DTSTAMP:20261101T000000Z\r
DTSTART;TZID=America/Chicago:20261207T100000\r
DTEND;TZID=America/Chicago:20261207T113000\r
SUMMARY:Team meeting\r
END:VEVENT\r
END:VCALENDAR\r
"""


def _trip(services: Services) -> tuple[uuid.UUID, dict[str, uuid.UUID]]:
    """A two-day trip with what the problem reads: opening hours, another time
    zone, no location, an appointment, a pin, a contact, busy times (synced and
    the older kind in the settings) and a visited stop (left out)."""
    hours = {"mon": [["08:00", "12:00"], ["13:00", "17:00"]], "tue": [["10:00", "11:00"]]}
    account(services, "Alpha", *offset(SPRINGFIELD, 10), opening_hours=hours, phone="+12175550100")
    account(services, "Bravo", *offset(SPRINGFIELD, 14, 6), billing_street="1 Main St",
            billing_city="Decatur", billing_region="IL", billing_postal_code="62521")
    account(services, "Charlie", *ALBANY)
    account(services, "Delta")
    echo = account(services, "Echo", *offset(SPRINGFIELD, -8))
    account(services, "Foxtrot", *offset(SPRINGFIELD, 3, -3), opening_hours={})
    contact = services.accounts.add_contact(echo, {"first_name": "Eve", "last_name": "Otto",
                                                   "mobile_phone": "+12175550199"}).id
    trip = services.trips.create("Two days", MONDAY, 2).id
    services.trips.add_stops(trip, services.targets.search(TargetFilter()))
    ids = {s.account_name: s.id for s in services.trips.stops(trip)}
    booked = datetime(2026, 12, 7, 11, tzinfo=CHICAGO)
    services.trips.edit_stop(ids["Alpha"], {"window_start": booked,
                                            "window_end": booked + timedelta(hours=3),
                                            "fixed_start": booked, "purpose": "Demo"})
    services.trips.edit_stop(ids["Echo"], {"contact_id": contact})
    services.trips.pin(ids["Bravo"], 1, 0)
    services.trips.import_busy(trip, CALENDAR)
    services.settings.trip_busy[str(trip)] = [{"start": "2026-12-08T15:00:00+00:00",
                                               "end": "2026-12-08T16:00:00+00:00",
                                               "summary": "Old call"}]
    with services.store.unit_of_work() as uow:
        stop = uow.session.get(TripStop, ids["Foxtrot"])
        assert stop is not None
        stop.status = "visited"
        uow.commit()
    return trip, ids


def test_the_problem_is_the_services(services: Services, rep: uuid.UUID) -> None:
    trip, ids = _trip(services)
    orm = services.trips.problem(trip)
    plain = plain_trip.problem(services.store, trip, services.settings)
    assert plain == orm
    stops = {s.place.name: s for s in plain.stops}
    assert set(stops) == {"Alpha", "Bravo", "Charlie", "Delta", "Echo"}  # Foxtrot visited
    assert stops["Charlie"].place.time_zone == "America/New_York"
    assert stops["Delta"].place.located is False
    assert stops["Alpha"].fixed_start is not None and stops["Bravo"].pinned_day == 1
    assert [len(d.busy) for d in plain.days] == [1, 1]  # the meeting, the older call
    assert (stops["Echo"].contact_name, stops["Echo"].contact_phone) == ("Eve Otto",
                                                                         "+12175550199")
    with pytest.raises(NotFound):
        plain_trip.problem(services.store, uuid.uuid4(), services.settings)
    empty = services.trips.create("No days", MONDAY, 1).id
    with services.store.unit_of_work() as uow:
        uow.session.execute(update(TripDay).where(TripDay.trip_id == empty)
                            .values(deleted_at=LATER))
        uow.commit()
    for read in (lambda: services.trips.problem(empty),
                 lambda: plain_trip.problem(services.store, empty, services.settings)):
        with pytest.raises(ValidationError) as caught:
            read()
        assert "no days" in str(caught.value.errors)


def _copy(services: Services, target: Path) -> Services:
    """A second cache with the same rows (sqlite's backup), its clock at LATER."""
    src = sqlite3.connect(services.store.path)
    dst = sqlite3.connect(target)
    src.backup(dst)
    src.close()
    dst.close()
    copy = Services.open(target, SettingsFile(target.with_suffix(".json")), clock=lambda: LATER)
    copy.set_current_user(services.user_id)
    return copy


def _state(services: Services) -> dict[str, Any]:
    """The trip tables as stored, and the outbox entries without their sequence
    number and stamp, in a stable order (the ORM flushes rows in no set order)."""
    conn = services.store.reads()
    tables = {t: conn.execute(f"SELECT * FROM {t} ORDER BY id").fetchall()  # noqa: S608
              for t in ("trips", "trip_days", "trip_stops")}
    outbox = sorted(conn.execute("SELECT table_name, row_id, op, base, changes "
                                 "FROM sync_outbox").fetchall())
    return {**tables, "outbox": outbox}


def _plans(trip: uuid.UUID, ids: dict[str, uuid.UUID]) -> list[TripPlan]:
    t = datetime(2026, 12, 7, 9, tzinfo=CHICAGO)
    hotel = Place("Hotel Lincoln " + "x" * 130, 40.1, -88.9, "5 Hotel Rd", "America/Chicago")
    day0 = DayPlan(0, (
        Visit(ids["Bravo"], 0, 0, t, t + timedelta(minutes=10), t + timedelta(minutes=55),
              20, 24.5),
        Visit(ids["Alpha"], 0, 1, t + timedelta(hours=1), t + timedelta(hours=1),
              t + timedelta(hours=1, minutes=45), 5, 6.0),
        Visit(ids["Foxtrot"], 0, 2, t + timedelta(hours=2), t + timedelta(hours=2),
              t + timedelta(hours=3), 5, 6.0)),
        t - timedelta(minutes=20), t + timedelta(hours=4), 15, 18.0, t + timedelta(hours=3))
    first = TripPlan(trip, (day0,), (
        Dropped(ids["Charlie"], DropReason.OUTSIDE_WINDOWS, "Opens Saturday only"),
        Dropped(uuid.uuid4(), DropReason.TOO_FAR, "Not on this trip")),
        SolveStatus.SOLVED, 1.5, stays=(hotel,))
    t1 = t + timedelta(days=1)
    day1 = DayPlan(1, (Visit(ids["Alpha"], 1, 0, t1, t1, t1 + timedelta(minutes=45), 7, 8.25),),
                   t1 - timedelta(minutes=30), t1 + timedelta(hours=2), 30, 40.0, None)
    second = TripPlan(trip, (day0.__class__(0, (), t, t + timedelta(hours=1), 0, 0.0, None),
                             day1),
                      (Dropped(ids["Bravo"], DropReason.TOO_FAR, "Too far"),),
                      SolveStatus.STOPPED, 0.4)
    return [first, first, second]


def test_saving_writes_the_same_rows_and_outbox_entries(services: Services, rep: uuid.UUID,
                                                        tmp_path: Path) -> None:
    trip, ids = _trip(services)
    orm, plain = _copy(services, tmp_path / "orm.sqlite3"), _copy(services, tmp_path / "p.sqlite3")
    try:
        before = written = len(_state(orm)["outbox"])
        assert _state(orm) == _state(plain)
        for n, plan in enumerate(_plans(trip, ids)):
            orm_changes = orm.trips.save_plan(trip, plan)
            plain_changes = plain_trip.save_plan(plain.store, trip, plan, plain.clock)
            assert plain_changes == orm_changes, n
            orm_state, plain_state = _state(orm), _state(plain)
            assert plain_state == orm_state, n
            if n == 1:  # the same plan again at the same time: nothing changed
                assert not plain_changes and len(plain_state["outbox"]) == written
            written = len(plain_state["outbox"])
        assert written - before >= 8
        entries = [json.loads(r[4]) for r in plain_state["outbox"][before:]]
        assert any("updated_at" in e for e in entries)
        assert orm.trips.stored_plan(trip) == plain.trips.stored_plan(trip)
        foxtrot = {s.id: s for s in plain.trips.stops(trip)}[ids["Foxtrot"]]
        assert foxtrot.status == "visited" and foxtrot.start_at is None  # not re-planned
        day0, day1 = plain.trips.days(trip)
        assert day0.end_name == "Hotel Lincoln " + "x" * 106 and day1.start_name == day0.end_name
    finally:
        orm.close()
        plain.close()


def test_saving_an_unknown_trip_or_a_value_out_of_bounds(services: Services,
                                                        rep: uuid.UUID) -> None:
    trip, ids = _trip(services)
    plan = _plans(trip, ids)[0]
    with pytest.raises(NotFound):
        plain_trip.save_plan(services.store, uuid.uuid4(), plan, services.clock)
    t = datetime(2500, 1, 1, tzinfo=UTC)
    far = TripPlan(trip, (DayPlan(0, (Visit(ids["Alpha"], 0, 0, t, t, t, 2**40, 1.0),),
                                  t, t, 0, 0.0, None),), (), SolveStatus.SOLVED, 0.1)
    outbox = services.store.reads().execute("SELECT count(*) FROM sync_outbox").fetchone()
    for save in (lambda: services.trips.save_plan(trip, far),
                 lambda: plain_trip.save_plan(services.store, trip, far, services.clock)):
        with pytest.raises(ValidationError) as caught:
            save()
        assert set(caught.value.errors) & {"arrive_at", "drive_minutes", "leave_at"}
    assert services.store.reads().execute(
        "SELECT count(*) FROM sync_outbox").fetchone() == outbox  # nothing written


def test_text_limits_are_the_schemas() -> None:
    from desktop.domain.bounds import TEXT_MAX

    for name, limit in plain_trip.TEXT_LIMITS.items():
        table = TripStop.__table__ if name.startswith("dropped") else TripDay.__table__
        assert (getattr(table.c[name].type, "length", None) or TEXT_MAX) == limit, name
