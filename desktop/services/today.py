"""What to do now: the Today view's sections, each one indexed query on plain
sqlite3 (the view reads them off the GUI thread right after the window's first
paint, and no section loads the ORM).

* visits: today's stops of my trips (``trip_days.date`` is today), in route order;
* due: my own open follow-ups due today or earlier (``ix_follow_ups_open_assignee_due``);
* tasks: open tasks colleagues handed me, whatever their due date;
* deals: my open deals gone stale (the pipeline's rule, ``PipelineBoard``);
* goals: the goals of my action plans running today, done this week and in the period;
* dormant: dormant accounts within ``NEAR_KM`` of today's stops (a box on
  ``ix_accounts_latitude_longitude``, then the distance);
* orders: open orders of my accounts that are expedited or late (needed by, or a
  line still to ship dated, before today);
* notes: field notes flagged for my audiences and still open.

"Mine" is the signed-in user's; with nobody signed in (a local cache), everything
in the cache.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from desktop.domain.stored import parse_time
from desktop.services.account_detail import follow_ups_due_totals
from desktop.services.base import Service
from desktop.services.tasks import TaskRow
from desktop.services.today_rows import (  # noqa: F401 - re-exported
    Due,
    DueItem,
    FollowUps,
    Goal,
    LateOrder,
    Nearby,
    Visit,
)
from desktop.store.derived_today import ACCOUNT_FACTS, indexed_by

# What the view reads: follow_ups fills two sections (due, and tasks from colleagues).
READS = ("visits", "follow_ups", "deals", "goals", "dormant", "orders", "notes")
NEAR_KM = 25.0
LIMIT = 50
OPEN_ORDER = "o.status NOT IN ('delivered', 'invoiced', 'cancelled')"


class TodayService(Service):
    def load(self, section: str, today: date) -> Any:
        """One section's rows."""
        return getattr(self, section)(today)

    def load_many(self, sections: Iterable[str], today: date) -> dict[str, Any]:
        """These sections' rows in one read transaction (the view's one task on the
        worker): one snapshot, so a sync committing meanwhile cannot split them."""
        conn = self.store.reads()
        if conn.in_transaction:  # inside someone's snapshot already
            return {name: self.load(name, today) for name in sections}
        conn.execute("BEGIN")
        try:
            return {name: self.load(name, today) for name in sections}
        finally:
            conn.execute("COMMIT")  # it only read: ends the snapshot

    def _me(self) -> str | None:
        return self.user_id.hex if self.user_id is not None else None

    def visits(self, today: date) -> list[Visit]:
        me = self._me()
        rows = self.store.reads().execute(
            "SELECT s.id, d.trip_id, s.account_id, a.name, coalesce(a.billing_city, ''), "
            "s.start_at, s.purpose, s.status FROM trip_days d "
            "JOIN trip_stops s ON s.trip_id = d.trip_id AND s.day_index = d.day_index "
            "JOIN accounts a ON a.id = s.account_id "
            "WHERE d.date = :today AND d.deleted_at IS NULL AND s.deleted_at IS NULL "
            "AND (:me IS NULL OR d.owner_id = :me) "
            "ORDER BY s.start_at, s.sequence, a.name",
            {"today": today.isoformat(), "me": me}).fetchall()
        return [Visit(uuid.UUID(hex=r[0]), uuid.UUID(hex=r[1]), uuid.UUID(hex=r[2]), r[3], r[4],
                      parse_time(r[5]) if r[5] else None, r[6], r[7]) for r in rows]

    def follow_ups(self, today: date) -> FollowUps:
        """My open follow-ups: my own due today or earlier, and the tasks colleagues
        handed me (any date)."""
        me = self._me()
        conn = self.store.reads()
        if me is None:  # a cache without a user: every open follow-up due by today
            # The first page, and all of them counted from the indexes (reading
            # every one took 0.3-2.8 s at 1,000,000 accounts: 41,000 are due).
            rows = conn.execute(
                "SELECT f.id, f.account_id, a.name, f.title, f.due_date, NULL, '', f.notes "
                "FROM follow_ups f "
                "JOIN accounts a ON a.id = f.account_id WHERE f.due_date <= :today "
                "AND f.done_at IS NULL AND f.deleted_at IS NULL AND a.deleted_at IS NULL "
                "ORDER BY f.due_date, a.name, f.id LIMIT :limit",
                {"today": today.isoformat(), "limit": LIMIT}).fetchall()
            due = Due(tuple(_due_item(r) for r in rows),
                      *follow_ups_due_totals(conn, today, today))
            return FollowUps(due, [])
        # My open range of ix_follow_ups_open_assignee_due (a partial index of open
        # follow-ups covering who handed each over and its account): my own up to
        # today counted from the index, and only the first page's accounts read for
        # their names; then colleagues' tasks of any date (few).
        args = {"me": me, "today": today.isoformat(), "limit": LIMIT}
        count, overdue, last = conn.execute(
            f"WITH mine AS ({_MINE.format(facts=indexed_by(conn, ACCOUNT_FACTS))}) "  # nosec B608 - identifiers from code, values bound
            "SELECT (SELECT count(*) FROM mine), "  # nosec B608 - identifiers from code, values bound
            "(SELECT count(*) FROM mine WHERE due_date < :today), "
            "(SELECT due_date FROM mine LIMIT 1 OFFSET :limit - 1)", args).fetchone()
        page = conn.execute(
            f"{_SELECT} AND f.due_date <= :last AND (f.assigned_by IS NULL "  # nosec B608 - identifiers from code, values bound
            "OR f.assigned_by = :me) ORDER BY f.due_date, a.name, f.id LIMIT :limit",
            {**args, "last": last or args["today"]}).fetchall()
        given = conn.execute(  # (a range on the due date: the open index, not every row)
            f"{_SELECT} AND f.due_date >= '0000' AND f.assigned_by IS NOT NULL "  # nosec B608 - identifiers from code, values bound
            "AND f.assigned_by != :me ORDER BY f.due_date, a.name, f.id LIMIT :limit",
            args).fetchall()
        name = self._name(me)
        tasks = [TaskRow(uuid.UUID(hex=r[0]), uuid.UUID(hex=r[1]), r[2], r[3],
                         date.fromisoformat(r[4]), self.user_id, name, uuid.UUID(hex=r[5]),
                         r[6], False, r[7]) for r in given]
        return FollowUps(Due(tuple(_due_item(r) for r in page), count, overdue), tasks)

    def due(self, today: date) -> Due:
        """My own follow-ups due today or earlier (tasks from colleagues: ``tasks``)."""
        return self.follow_ups(today).due

    def tasks(self, today: date) -> list[TaskRow]:
        """Open tasks colleagues handed me, soonest due first."""
        return self.follow_ups(today).tasks

    def _name(self, user: str | None) -> str:
        row = self.store.reads().execute("SELECT name FROM users WHERE id = ?",
                                         (user,)).fetchone() if user else None
        return str(row[0]) if row else ""

    def deals(self, today: date) -> list[Any]:
        """Stale open deals (``PipelineBoard.Card``), the soonest close date first."""
        from desktop.services.pipeline_board import PipeFilter, PipelineBoard

        board = PipelineBoard(self.store, session=self.session)
        owners = (self.user_id,) if self.user_id is not None else None
        return board.page(PipeFilter(owners=owners, stale_only=True), limit=LIMIT).cards

    def goals(self, today: date) -> list[Goal]:
        from desktop.planning.goal_counts import count_done, period_span
        from desktop.services.today_goals import count_done_daily

        me = self._me()
        if me is None:
            return []
        conn = self.store.reads()
        rows = conn.execute(
            "SELECT p.id, p.name, p.period_start, p.period_end, g.channel, g.segment, "
            "g.target_count FROM action_plans p JOIN action_plan_goals g ON g.plan_id = p.id "
            "WHERE p.owner_id = :me AND p.period_start <= :today AND p.period_end >= :today "
            "AND p.deleted_at IS NULL AND g.deleted_at IS NULL "
            "ORDER BY p.period_start, p.name, g.channel, g.segment",
            {"me": me, "today": today.isoformat()}).fetchall()
        settings = self.session.settings
        monday = today - timedelta(days=today.weekday())
        out: list[Goal] = []
        periods: dict[str, tuple[dict[tuple[str, str], int], dict[tuple[str, str], int]]] = {}
        for plan_id, name, start_text, end_text, channel, segment, target in rows:
            start, end = date.fromisoformat(start_text), date.fromisoformat(end_text)
            if plan_id not in periods:
                channels = {r[4] for r in rows if r[0] == plan_id}
                since, until = period_span(settings, start, end)
                week = period_span(settings, max(monday, start), min(monday + timedelta(6), end))
                counts = []
                for span in ({"owner": me, "since": since, "until": until},
                             {"owner": me, "since": week[0], "until": week[1]}):
                    daily = count_done_daily(conn, channels, span)
                    counts.append(count_done(conn, channels, span) if daily is None else daily)
                periods[plan_id] = (counts[0], counts[1])
            done, week_done = periods[plan_id]
            weeks = max(1, math.ceil(((end - start).days + 1) / 7))
            out.append(Goal(uuid.UUID(hex=plan_id), name, channel, segment, int(target),
                            done.get((channel, segment), 0), week_done.get((channel, segment), 0),
                            math.ceil(int(target) / weeks)))
        return out

    def dormant(self, today: date) -> list[Nearby]:
        """Dormant accounts near today's stops, nearest first."""
        me = self._me()
        stops = self.store.reads().execute(
            "SELECT a.id, a.name, a.latitude, a.longitude FROM trip_days d "
            "JOIN trip_stops s ON s.trip_id = d.trip_id AND s.day_index = d.day_index "
            "JOIN accounts a ON a.id = s.account_id WHERE d.date = :today "
            "AND d.deleted_at IS NULL AND s.deleted_at IS NULL AND a.latitude IS NOT NULL "
            "AND (:me IS NULL OR d.owner_id = :me)",
            {"today": today.isoformat(), "me": me}).fetchall()
        if not stops:
            return []
        dlat = NEAR_KM / 111.0
        lats = [s[2] for s in stops]
        scale = max(math.cos(math.radians(max(abs(v) for v in lats))), 0.05)
        dlon = NEAR_KM / (111.0 * scale)
        lons = [s[3] for s in stops]
        found = self.store.reads().execute(
            "SELECT a.id, a.name, coalesce(a.billing_city, ''), a.latitude, a.longitude "
            "FROM accounts a "
            "WHERE a.latitude BETWEEN ? AND ? AND a.longitude BETWEEN ? AND ? "
            # "+status": the box's latitude index, not the (long) list of every dormant account
            "AND +a.status = 'dormant' AND a.deleted_at IS NULL AND NOT a.archived",
            (min(lats) - dlat, max(lats) + dlat, min(lons) - dlon, max(lons) + dlon)).fetchall()
        on_route = {s[0] for s in stops}
        out = []
        for account_id, name, city, lat, lon in found:
            if account_id in on_route:
                continue
            km, near = min((_km(lat, lon, s[2], s[3]), s[1]) for s in stops)
            if km <= NEAR_KM:
                out.append(Nearby(uuid.UUID(hex=account_id), name, city, round(km, 1), near))
        out.sort(key=lambda n: (n.km, n.name))
        return out[:LIMIT]

    def orders(self, today: date) -> list[LateOrder]:
        """Open orders of mine, expedited or late, soonest needed first. A line late
        to ship is one still to ship dated before today: the shipping schedule's
        kept ``open_ship_date`` (``derived_shipping``, a range of its partial index),
        not a probe of every open order's lines (28 -> 9 ms on 100,000 accounts)."""
        me = self._me()
        facts = indexed_by(self.store.reads(), ACCOUNT_FACTS)
        late = "(o.needed_by < :today OR (o.status != 'shipped' AND o.id IN lines))"
        rows = self.store.reads().execute(
            "WITH lines AS MATERIALIZED (SELECT order_id FROM order_lines "  # nosec B608 - identifiers from code, values bound
            "WHERE open_ship_date < :today) "
            "SELECT o.id, o.account_id, a.name, coalesce(o.number, o.provisional_number), "
            f"o.status, o.expedite, o.needed_by, {late} "
            f"FROM orders o JOIN accounts a{facts} ON a.id = o.account_id "
            f"WHERE o.deleted_at IS NULL AND {OPEN_ORDER} AND (o.expedite OR {late}) "
            "AND (:me IS NULL OR a.owner_id = :me OR o.author_id = :me) "
            "ORDER BY o.needed_by IS NULL, o.needed_by, o.entered_at LIMIT :limit",
            {"today": today.isoformat(), "me": me, "limit": LIMIT}).fetchall()
        return [LateOrder(uuid.UUID(hex=r[0]), uuid.UUID(hex=r[1]), r[2], r[3], r[4], bool(r[5]),
                          bool(r[7]), date.fromisoformat(r[6]) if r[6] else None) for r in rows]

    def notes(self, today: date) -> list[Any]:
        """Open field notes for my audiences (``FieldNoteService.for_me``)."""
        from desktop.services.field_notes import FieldNoteService

        return FieldNoteService(self.store, session=self.session).for_me(limit=LIMIT)


_SELECT = ("SELECT f.id, f.account_id, a.name, f.title, f.due_date, f.assigned_by, "
           "coalesce(b.name, ''), f.notes FROM follow_ups f JOIN accounts a ON a.id = f.account_id "
           "LEFT JOIN users b ON b.id = f.assigned_by WHERE f.assignee_id = :me "
           "AND f.done_at IS NULL AND f.deleted_at IS NULL AND a.deleted_at IS NULL")
# My own open follow-ups due by today, from the index, each with one probe of
# its account's narrow index (present and not deleted), in due order.
_MINE = ("SELECT f.due_date FROM follow_ups f WHERE f.assignee_id = :me "
         "AND f.done_at IS NULL AND f.deleted_at IS NULL AND f.due_date <= :today "
         "AND (f.assigned_by IS NULL OR f.assigned_by = :me) AND EXISTS (SELECT 1 FROM "
         "accounts a{facts} WHERE a.id = f.account_id "
         "AND a.deleted_at IS NULL) ORDER BY f.due_date")


def _due_item(r: Any) -> DueItem:
    return DueItem(uuid.UUID(hex=r[0]), uuid.UUID(hex=r[1]), r[2], r[3], date.fromisoformat(r[4]))


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine), in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 6371.0 * 2 * math.asin(math.sqrt(min(1.0, a)))
