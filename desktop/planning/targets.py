"""Which accounts to visit: filters over the cache, light rows back.

A radius filter reads a bounding box through the (latitude, longitude) index,
then keeps what is really within the distance (haversine); accounts without
coordinates are placed by their ZIP code. "Due for a visit" compares the last
visit (the latest interaction on the visit channel) with the tier's visit
frequency from the settings. Plain sqlite3 reads, like the account list.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple

from desktop.clock import Clock, utc_now
from desktop.domain import proposal_states
from desktop.domain.stored import parse_time, store_time
from desktop.i18n import _
from desktop.planning.geo import EARTH_RADIUS_KM, KM_PER_MILE, Point, haversine_miles, point_of
from desktop.services.base import NotFound
from desktop.settings import Settings
from desktop.store.store import Store

EARTH_RADIUS_MILES = EARTH_RADIUS_KM / KM_PER_MILE
OPEN_QUOTE = proposal_states.OPEN
CLOSED_ORDER = ("delivered", "invoiced", "cancelled")


@dataclass(frozen=True)
class TargetFilter:
    territory_id: uuid.UUID | None = None
    owner_id: uuid.UUID | None = None
    tiers: frozenset[str] = frozenset()
    kinds: frozenset[str] = frozenset()
    statuses: frozenset[str] = frozenset()
    region: str | None = None  # state
    city: str | None = None
    postal_code: str | None = None  # a prefix: "627" is every ZIP starting so
    near: Point | None = None  # with within_miles: around a place
    near_account_id: uuid.UUID | None = None  # or around another account
    within_miles: float | None = None
    no_contact_days: int | None = None
    follow_ups_due: bool = False
    open_quotes: bool = False
    open_orders: bool = False
    due_for_visit: bool = False
    include_archived: bool = False
    exclude: frozenset[uuid.UUID] = field(default_factory=frozenset)  # e.g. already on the trip
    limit: int = 500


class TargetRow(NamedTuple):
    """Immutable and cheap to make: a radius search may return thousands."""

    id: uuid.UUID
    name: str
    city: str | None
    state: str | None
    postal_code: str | None
    tier: str | None
    kind: str
    status: str
    latitude: float | None
    longitude: float | None
    distance_miles: float | None  # from the filter's centre, when it has one
    last_visit_at: datetime | None
    due_on: date | None  # the next visit is due on this day (None: never visited)
    due: bool  # due_on is today or earlier, or never visited


# last_visit_at: the latest visit, kept by triggers (desktop.store.derived_visits).
_COLUMNS = ("a.id, a.name, a.billing_city, a.billing_region, a.billing_postal_code, a.tier, "
            "a.kind, a.status, a.latitude, a.longitude, a.billing_country, "
            "a.shipping_postal_code, a.shipping_country, a.last_visit_at AS last_visit")


def visit_days(settings: Settings) -> dict[str | None, int]:
    """Days between visits per tier; no tier counts as C."""
    c = settings.visit_days_tier_c
    return {"A": settings.visit_days_tier_a, "B": settings.visit_days_tier_b, "C": c, None: c}


def bounding_box(centre: Point, miles: float) -> tuple[float, float, float, float]:
    """(south, north, west, east) holding every point within ``miles`` of ``centre``."""
    arc = miles / EARTH_RADIUS_MILES  # radians of great circle
    dlat = math.degrees(arc)
    cos_lat = math.cos(math.radians(centre.latitude))
    ratio = math.sin(arc) / cos_lat if cos_lat > 1e-9 else 2.0
    dlon = 180.0 if ratio >= 1 or arc >= math.pi / 2 else math.degrees(math.asin(ratio))
    slack = 1e-6
    return (centre.latitude - dlat - slack, centre.latitude + dlat + slack,
            centre.longitude - dlon - slack, centre.longitude + dlon + slack)


class TargetSearch:
    def __init__(self, store: Store, settings: Settings | None = None,
                 clock: Clock = utc_now) -> None:
        self.store = store
        self.settings = settings or Settings()
        self.clock = clock

    def centre(self, flt: TargetFilter) -> Point | None:
        if flt.near is not None:
            return flt.near
        if flt.near_account_id is None:
            return None
        row = self.store.reads().execute(
            "SELECT latitude, longitude, billing_postal_code, billing_country, "
            "shipping_postal_code, shipping_country FROM accounts WHERE id = ? "
            "AND deleted_at IS NULL", (flt.near_account_id.hex,)).fetchone()
        if row is None:
            raise NotFound(_("That account no longer exists."))
        point = point_of(*row)
        if point is None:
            raise NotFound(_("That account has no location yet: pin it on the map first."))
        return point

    def search(self, flt: TargetFilter) -> list[TargetRow]:
        """Matching accounts: nearest first around a centre, else by name."""
        centre = self.centre(flt)
        radius = flt.within_miles if centre is not None else None
        where, params = self._where(flt)
        conn = self.store.reads()
        if radius is None:
            sql = (f"SELECT * FROM (SELECT {_COLUMNS} FROM accounts a WHERE "
                   f"{' AND '.join(where)}) WHERE {self._due_sql(flt, params)} "
                   f"ORDER BY name COLLATE NOCASE LIMIT {int(flt.limit)}")
            rows = conn.execute(sql, params).fetchall()
            return self._rows([(None, r) for r in rows], centre)
        assert centre is not None
        south, north, west, east = bounding_box(centre, radius)
        params.update(south=south, north=north, west=west, east=east)
        box = "a.latitude BETWEEN :south AND :north AND "
        if west < -180 or east > 180:  # the box crosses the antimeridian: any longitude
            box += "a.longitude IS NOT NULL"
        else:
            box += "a.longitude BETWEEN :west AND :east"
        due = self._due_sql(flt, params)
        raw = conn.execute(f"SELECT * FROM (SELECT {_COLUMNS} FROM accounts a WHERE {box} AND "  # nosec B608 - identifiers from code, values bound
                           f"{' AND '.join(where)}) WHERE {due}", params).fetchall()
        # Accounts without coordinates: placed by their ZIP code.
        raw += conn.execute(f"SELECT * FROM (SELECT {_COLUMNS} FROM accounts a WHERE "  # nosec B608 - identifiers from code, values bound
                            f"a.latitude IS NULL AND {' AND '.join(where)}) WHERE {due}",
                            params).fetchall()
        # The corners of the box are outside the circle: measure before building rows.
        lat0, lon0 = math.radians(centre.latitude), math.radians(centre.longitude)
        cos0, sin, cos, asin, sqrt, rad = (math.cos(lat0), math.sin, math.cos, math.asin,
                                           math.sqrt, math.radians)
        limit = 2 * EARTH_RADIUS_MILES
        near: list[tuple[float, Any]] = []
        for r in raw:
            lat, lon = r[8], r[9]
            if lat is None:
                point = point_of(None, None, r[4], r[10], r[11], r[12])
                if point is None:
                    continue
                lat, lon = point
            p1 = rad(lat)
            h = sin((p1 - lat0) / 2) ** 2 + cos0 * cos(p1) * sin((rad(lon) - lon0) / 2) ** 2
            miles = limit * asin(min(1.0, sqrt(h)))
            if miles <= radius:
                near.append((miles, r))
        near.sort(key=lambda pair: (pair[0], pair[1][1].casefold()))
        return self._rows(near[:flt.limit], centre)

    def _where(self, flt: TargetFilter) -> tuple[list[str], dict[str, Any]]:
        where = ["a.deleted_at IS NULL"]
        params: dict[str, Any] = {}
        if not flt.include_archived:
            where.append("a.archived = 0")
        for column, values in (("status", flt.statuses), ("kind", flt.kinds), ("tier", flt.tiers)):
            if values:
                names = [f"{column}{i}" for i in range(len(values))]
                where.append(f"a.{column} IN ({', '.join(':' + n for n in names)})")
                params.update(zip(names, sorted(values), strict=True))
        for column, value in (("territory_id", flt.territory_id), ("owner_id", flt.owner_id)):
            if value is not None:
                where.append(f"a.{column} = :{column}")
                params[column] = value.hex
        if flt.region:
            where.append("a.billing_region = :region COLLATE NOCASE")
            params["region"] = flt.region.strip()
        if flt.city:
            where.append("a.billing_city = :city COLLATE NOCASE")
            params["city"] = flt.city.strip()
        if flt.postal_code:
            where.append("a.billing_postal_code LIKE :zip")
            params["zip"] = flt.postal_code.strip().replace("%", "").replace("_", "") + "%"
        now = self.clock()
        today = now.date().isoformat()
        if flt.no_contact_days is not None:
            where.append("(a.last_contact_at IS NULL OR a.last_contact_at < :since)")
            params["since"] = store_time(now - timedelta(days=flt.no_contact_days))
        if flt.follow_ups_due:
            where.append("EXISTS (SELECT 1 FROM follow_ups f WHERE f.account_id = a.id AND "
                         "f.done_at IS NULL AND f.deleted_at IS NULL AND f.due_date <= :today)")
            params["today"] = today
        if flt.open_quotes:
            where.append("EXISTS (SELECT 1 FROM proposals p WHERE p.account_id = a.id AND "
                         f"p.deleted_at IS NULL AND p.status IN {OPEN_QUOTE!r})")
        if flt.open_orders:
            where.append("EXISTS (SELECT 1 FROM orders o WHERE o.account_id = a.id AND "
                         f"o.deleted_at IS NULL AND o.status NOT IN {CLOSED_ORDER!r})")
        for n, account_id in enumerate(sorted(flt.exclude)):
            where.append(f"a.id != :x{n}")
            params[f"x{n}"] = account_id.hex
        return where, params

    def _due_sql(self, flt: TargetFilter, params: dict[str, Any]) -> str:
        if not flt.due_for_visit:
            return "1"
        now = self.clock()
        days = visit_days(self.settings)
        for tier, key in (("A", "cut_a"), ("B", "cut_b"), (None, "cut_c")):
            # Due today or earlier: the last visit was at least N days before today's end.
            end_of_today = datetime.combine(now.date() + timedelta(days=1), datetime.min.time(),
                                            tzinfo=now.tzinfo)
            params[key] = store_time(end_of_today - timedelta(days=days[tier]))
        return ("(last_visit IS NULL OR last_visit < CASE tier WHEN 'A' THEN :cut_a "
                "WHEN 'B' THEN :cut_b ELSE :cut_c END)")

    def _rows(self, found: Sequence[tuple[float | None, Any]], centre: Point | None
              ) -> list[TargetRow]:
        every = visit_days(self.settings)
        every_c = every[None]
        today = self.clock().date()
        new, hex_id, parse, delta = TargetRow, uuid.UUID, parse_time, timedelta
        out = []
        for distance, r in found:
            lat, lon = r[8], r[9]
            if lat is None or lon is None:
                point = point_of(None, None, r[4], r[10], r[11], r[12])
                lat, lon = point if point is not None else (None, None)
            if distance is None and centre is not None and lat is not None:
                distance = haversine_miles(centre.latitude, centre.longitude, lat, lon)
            last = parse(r[13]) if r[13] else None
            due_on = last.date() + delta(days=every.get(r[5], every_c)) if last else None
            out.append(new(hex_id(hex=r[0]), r[1], r[2], r[3], r[4], r[5], r[6], r[7], lat, lon,
                           distance, last, due_on, due_on is None or due_on <= today))
        return out
