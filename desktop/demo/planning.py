"""Call planning in the demo book: the demo rep's action plans for this month
and next, and a planned week's trip (Monday to Friday) from Albany, NY, with
about twenty stops across four states whose opening hours make the routing
interesting (some narrow windows, one appointment, one account that only opens
on Saturdays). Its nights are at home, so the planner may choose stays away.
Left unsolved: solving is the routing solver's job.

Written last, through the generator's raw cursor, so everything before it
comes out exactly as it did without it.
"""

from __future__ import annotations

import json
import math
from datetime import date, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop.demo.book import BookWriter

HOME = ("Home office", "Albany, NY 12207", 42.6526, -73.7562)
HOME_ZONE = "America/New_York"
STOPS = 20
TRIP_DAYS = 5  # too spread for day trips: a loop with nights away plans most stops
# Opening hours in the account's local time; None: the default hours setting.
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")
HOURS: tuple[dict[str, list[list[str]]] | None, ...] = (
    None,
    {d: [["07:30", "16:00"]] for d in WEEKDAYS},
    {d: [["08:00", "12:00"], ["13:00", "17:00"]] for d in WEEKDAYS},
    None,
    {d: [["09:00", "18:00"]] for d in (*WEEKDAYS, "sat")},
    {d: [["06:00", "14:00"]] for d in WEEKDAYS},
)
NARROW: tuple[dict[str, list[list[str]]], ...] = (
    {"tue": [["14:00", "15:30"]]},  # receiving dock: one afternoon slot
    {"mon": [["09:00", "10:00"]], "wed": [["09:00", "10:00"]]},  # before the shop opens
    {"mon": [["16:00", "17:00"]], "tue": [["16:00", "17:00"]], "wed": [["16:00", "17:00"]]},
)
IMPOSSIBLE = {"sat": [["09:00", "12:00"]]}  # only Saturdays: the trip is Monday to Friday
PURPOSES = ("Quarterly review", "Introduce the new line", "Collect the signed contract",
            "Follow up on the quote", "Check stock and reorder", "Meet the new buyer")


def write_planning(w: BookWriter) -> None:
    rep = w.rep_id.hex
    now = w.now_text
    stops = _nearest(w, rep)
    _action_plans(w, rep, now, stops)
    _trip(w, rep, now, stops)


def _nearest(w: BookWriter, rep: str) -> list[tuple[str, str | None, str | None]]:
    """The rep's open accounts nearest to home: (id, tier, first contact)."""
    lat0, lon0 = HOME[2], HOME[3]
    scale = math.cos(math.radians(lat0))
    found = []
    for account_id, lat, lon, tier in w.cur.execute(
            "SELECT id, latitude, longitude, tier FROM accounts WHERE owner_id = ? AND "
            "status IN ('active', 'prospect') AND latitude IS NOT NULL", (rep,)):
        found.append((((lat - lat0) ** 2 + ((lon - lon0) * scale) ** 2), account_id, tier))
    found.sort()
    out = []
    for _d, account_id, tier in found[:STOPS]:
        contact = w.cur.execute("SELECT id FROM contacts WHERE account_id = ? ORDER BY id LIMIT 1",
                                (account_id,)).fetchone()
        out.append((account_id, tier, contact[0] if contact else None))
    return out


def _action_plans(w: BookWriter, rep: str, now: str,
                  stops: list[tuple[str, str | None, str | None]]) -> None:
    first = w.today.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    after = (following + timedelta(days=32)).replace(day=1)
    goals = (
        (("visit", "customer", 40), ("visit", "prospect", 12), ("visit", "dormant", 4),
         ("phone", "any", 120), ("email", "any", 150), ("meeting", "broker", 3)),
        (("visit", "customer", 45), ("visit", "prospect", 15), ("phone", "any", 110),
         ("email", "prospect", 60)),
    )
    dormant = [r[0] for r in w.cur.execute(
        "SELECT id FROM accounts WHERE owner_id = ? AND status = 'dormant' ORDER BY id LIMIT 6",
        (rep,))]
    prospects = [r[0] for r in w.cur.execute(
        "SELECT id FROM accounts WHERE owner_id = ? AND kind = 'prospect' AND tier = 'A' "
        "ORDER BY id LIMIT 6", (rep,))]
    periods = ((first, following - timedelta(days=1), w.today.strftime("%B %Y")),
               (following, after - timedelta(days=1), following.strftime("%B %Y")))
    plans, plan_goals, targets = [], [], []
    for n, (start, end, name) in enumerate(periods):
        plan = w.new_id()
        plans.append((plan, rep, f"Action plan {name}", start.isoformat(), end.isoformat(),
                      "Win back the quiet accounts; first meetings with A-tier prospects."
                      if n == 0 else None, now, now))
        plan_goals += [(w.new_id(), plan, rep, c, s, t, now, now) for c, s, t in goals[n]]
        chosen = ([(a, "Win back") for a in dormant] + [(a, "First meeting") for a in prospects]
                  if n == 0 else [(a, "Trip follow-up") for a, _t, _c in stops[:5]])
        targets += [(w.new_id(), plan, rep, a, purpose, now, now) for a, purpose in chosen]
    w.cur.executemany("INSERT INTO action_plans (id, owner_id, name, period_start, period_end, "
                      "notes, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", plans)
    w.cur.executemany("INSERT INTO action_plan_goals (id, plan_id, owner_id, channel, segment, "
                      "target_count, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                      plan_goals)
    w.cur.executemany("INSERT INTO action_plan_targets (id, plan_id, owner_id, account_id, "
                      "purpose, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)", targets)
    w.counts["action_plans"] = len(plans)


def _trip(w: BookWriter, rep: str, now: str,
          stops: list[tuple[str, str | None, str | None]]) -> None:
    monday = w.today + timedelta(days=7 - w.today.weekday())  # next week's Monday
    trip = w.new_id()
    w.cur.execute("INSERT INTO trips (id, owner_id, name, status, notes, created_at, updated_at) "
                  "VALUES (?, ?, ?, 'planned', ?, ?, ?)",
                  (trip, rep, "Upstate and New England loop",
                   "A week out of Albany; solve it to see the route and where to stay.",
                   now, now))
    name, address, lat, lon = HOME
    w.cur.executemany(
        "INSERT INTO trip_days (id, trip_id, owner_id, day_index, date, time_zone, start_name, "
        "start_address, start_latitude, start_longitude, end_name, end_address, end_latitude, "
        "end_longitude, work_start, work_end, lunch_earliest, lunch_latest, lunch_minutes, "
        "max_drive_minutes, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
        "?, ?, '08:00', '17:30', '11:30', '13:30', 45, 480, ?, ?)",
        [(w.new_id(), trip, rep, n, (monday + timedelta(days=n)).isoformat(), HOME_ZONE, name,
          address, lat, lon, name, address, lat, lon, now, now) for n in range(TRIP_DAYS)])
    rows, hours = [], []
    for n, (account_id, tier, contact) in enumerate(stops):
        if n == len(stops) - 1 and n >= 3:
            opening: dict[str, list[list[str]]] | None = IMPOSSIBLE
        elif n % 6 == 2 and n // 6 < len(NARROW):
            opening = NARROW[n // 6]
        else:
            opening = HOURS[n % len(HOURS)]
        hours.append((json.dumps(opening) if opening is not None else None, account_id))
        window = fixed = None
        if n == 4:  # a booked appointment: Tuesday 10:30 Eastern (15:30 UTC in winter)
            at = _utc_text(monday + timedelta(days=1), 10, 30)
            window, fixed = (at, _utc_text(monday + timedelta(days=1), 11, 30)), at
        rows.append((w.new_id(), trip, rep, account_id, contact, 60 if tier == "A" else 45,
                     {"A": 1, "B": 2}.get(tier or "", 3), PURPOSES[n % len(PURPOSES)],
                     window[0] if window else None, window[1] if window else None, fixed,
                     now, now))
    w.cur.executemany("UPDATE accounts SET opening_hours = ? WHERE id = ?", hours)
    w.cur.executemany(
        "INSERT INTO trip_stops (id, trip_id, owner_id, account_id, contact_id, visit_minutes, "
        "priority, purpose, window_start, window_end, fixed_start, pinned, status, created_at, "
        "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 'planned', ?, ?)", rows)
    w.counts["trip_stops"] = len(rows)


def _utc_text(day: date, hour: int, minute: int) -> str:
    """A New York wall-clock time as the cache's UTC text."""
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    at = datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZoneInfo(HOME_ZONE))
    return at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.000000")
