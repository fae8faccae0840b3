"""Busy times from a rep's calendar reach the rep's other laptop, whose planner
plans around them, and nobody else; the server decides whose they are and
refuses impossible ones with a reason."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from desktop.domain.schema.busy import BusyTime
from desktop.planning.solver import solve
from desktop.planning.targets import TargetFilter, TargetSearch
from desktop.planning.trips import TripService
from desktop.settings import Settings
from server.db import Database
from tests.server import factories
from tests.sync.conftest import Replica, territory_id
from tests.sync.test_sales_sync import _add, _stamp

CHICAGO = ZoneInfo("America/Chicago")
MONDAY = date(2026, 11, 23)


def _calendar(*events: tuple[str, str, str]) -> bytes:
    """An .ics of (start, end, summary) events on Chicago's clock ("20261123T090000")."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Test//Sync//EN"]
    for n, (start, end, summary) in enumerate(events):
        lines += ["BEGIN:VEVENT", f"UID:{n}@sync.test", "DTSTAMP:20261101T000000Z",
                  f"DTSTART;TZID=America/Chicago:{start}", f"DTEND;TZID=America/Chicago:{end}",
                  f"SUMMARY:{summary}", "END:VEVENT"]
    return "\r\n".join([*lines, "END:VCALENDAR", ""]).encode()


CALENDAR = _calendar(("20261123T090000", "20261123T120000", "Team meeting"),
                     ("20261124T130000", "20261124T140000", "Call with head office"))


def _trips(replica: Replica) -> TripService:
    home = Settings(home_latitude=39.78, home_longitude=-89.65)  # Springfield, Illinois
    return TripService(replica.store, user_id=replica.user_id, settings=home)


def _at(day: int, hour: int) -> datetime:
    return datetime(2026, 11, 23 + day, hour, tzinfo=CHICAGO)


def test_busy_times_reach_the_reps_other_laptop_and_nobody_else(
        make_replica: Any, admin_db: Database) -> None:
    boss = factories.user(admin_db, "dana", "manager", ("EAST",))
    ann_id = factories.user(admin_db, "ann", "rep", ("EAST",), manager=boss)
    ann, laptop = make_replica("ann", user_id=ann_id), make_replica("ann-laptop", user_id=ann_id)
    bob, dana = make_replica("bob", ("EAST",)), make_replica("dana", user_id=boss)
    root = make_replica("root", (), role="admin")
    ann.sync()
    for n in range(4):  # around Springfield, Illinois
        ann.accounts.create_account({"name": f"Account {n}", "kind": "customer",
                                     "territory_id": territory_id(ann, "EAST"),
                                     "latitude": 39.78 + 0.05 * n, "longitude": -89.65})
    trip = _trips(ann).create("Busy week", MONDAY, 2, time_zone="America/Chicago").id
    _trips(ann).add_stops(trip, TargetSearch(ann.store).search(TargetFilter()))
    found = _trips(ann).import_busy(trip, CALENDAR)
    assert len(found.blocks) == 2
    assert ann.sync().rejected == 0
    for replica in (laptop, bob, dana, root):
        replica.sync()

    want = [(_at(0, 9).astimezone(UTC), _at(0, 12).astimezone(UTC), "Team meeting"),
            (_at(1, 13).astimezone(UTC), _at(1, 14).astimezone(UTC), "Call with head office")]
    got = [(b.start, b.end, b.summary) for b in _trips(laptop).busy_times(trip)]
    assert got == want
    problem = _trips(laptop).problem(trip)
    assert [[(w.start, w.end) for w in d.busy] for d in problem.days] == [
        [want[0][:2]], [want[1][:2]]]
    plan = solve(problem, time_limit_s=1.0)
    visits = [v for d in plan.days for v in d.visits]
    assert len(visits) == 4
    for start, end, _summary in want:  # the laptop's planner keeps the meeting free
        assert [v for v in visits if v.start < end and v.depart > start] == []
    # Not another rep, not the manager, not an administrator: a calendar is private.
    for replica in (bob, dana, root):
        assert replica.rows("SELECT count(*) FROM busy_times") == [(0,)]
    assert laptop.rows("SELECT DISTINCT owner_id FROM busy_times") == [(ann_id.hex,)]

    # A deletion on the laptop (a new import replaces them) reaches the first.
    _trips(laptop).import_busy(trip, CALENDAR.replace(b"Team meeting", b"Moved meeting"))
    assert laptop.sync().rejected == 0
    ann.sync()
    assert [b.summary for b in _trips(ann).busy_times(trip)] == [
        "Moved meeting", "Call with head office"]


def test_the_server_decides_the_owner_and_refuses_impossible_times(
        make_replica: Any) -> None:
    ann, bob = make_replica("ann", ("EAST",)), make_replica("bob", ("EAST",))
    ann.sync()
    bob.sync()
    start = datetime(2026, 11, 23, 15, tzinfo=UTC)
    anns = BusyTime(**_stamp(), owner_id=ann.user_id, starts_at=start,
                    ends_at=start + timedelta(hours=1), summary="Dentist")
    _add(ann, anns)
    assert ann.sync().rejected == 0
    # Bob names Ann as the owner: it is stored as Bob's, and Ann never sees it.
    forged = BusyTime(**_stamp(), owner_id=ann.user_id, starts_at=start,
                      ends_at=start + timedelta(hours=2), summary="Planted")
    backwards = BusyTime(**_stamp(), owner_id=bob.user_id, starts_at=start,
                         ends_at=start - timedelta(hours=1), summary="Backwards")
    too_long = BusyTime(**_stamp(), owner_id=bob.user_id, starts_at=start,
                        ends_at=start + timedelta(days=40), summary="Forever")
    # Bob writes over Ann's busy time by its id: refused.
    overwrite = BusyTime(id=anns.id, created_at=start, updated_at=start, owner_id=bob.user_id,
                         starts_at=start, ends_at=start + timedelta(hours=3), summary="Mine")
    _add(bob, forged, backwards, too_long, overwrite)
    result = bob.sync()
    assert result.rejected == 3
    reasons = sorted(r[0] for r in bob.rows("SELECT reason FROM sync_rejected"))
    assert reasons == ["A busy time lasts at most 31 days.",
                       "A busy time must end after it starts.",
                       "This busy time belongs to another user."]
    bob.sync()
    assert bob.rows("SELECT owner_id, summary FROM busy_times WHERE id = ?", forged.id.hex) == [
        (bob.user_id.hex, "Planted")]
    ann.sync()
    assert ann.rows("SELECT owner_id, summary FROM busy_times") == [(ann.user_id.hex, "Dentist")]
