"""The book of accounts as map pins, and pins as trip targets.

One plain sqlite3 read over the cache (like the target search): every live
account with a place, its stored coordinates or else its ZIP code's centre,
and its last visit from the kept ``accounts.last_visit_at`` (triggers keep it;
no scan of the interactions). Run it on a worker: a large book takes a while.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime

from desktop.clock import Clock, utc_now
from desktop.domain.stored import parse_time
from desktop.i18n import _
from desktop.planning.book_grid import BookIndex
from desktop.planning.geo import point_of
from desktop.planning.map_scene import AccountPin
from desktop.planning.targets import TargetRow
from desktop.store.store import Store

_SQL = ("SELECT id, name, tier, status, latitude, longitude, billing_postal_code, "
        "billing_country, shipping_postal_code, shipping_country, last_visit_at "
        "FROM accounts WHERE deleted_at IS NULL AND archived = 0")


class BookReader:
    """The pins of the book (the accounts this cache holds)."""

    def __init__(self, store: Store, clock: Clock = utc_now) -> None:
        self.store = store
        self.clock = clock

    def pins(self) -> list[AccountPin]:
        """Located accounts as pins; those without coordinates or a US ZIP are left out."""
        out = []
        new, hex_id, parse = AccountPin, uuid.UUID, parse_time
        for row in self.store.reads().execute(_SQL):
            lat, lon = row[4], row[5]
            if lat is None or lon is None:
                point = point_of(None, None, row[6], row[7], row[8], row[9])
                if point is None:
                    continue
                lat, lon = point
            out.append(new(hex_id(hex=row[0]), row[1], float(lat), float(lon), row[2],
                           row[3] or "active", parse(row[10]) if row[10] else None))
        return out

    def index(self) -> BookIndex:
        """The pins, projected and bucketed for the map (the slow part of opening it)."""
        index = BookIndex(self.pins(), self.clock())
        index.precompute()  # every zoom level's clusters, so no zoom waits for them
        return index


def as_targets(pins: Iterable[AccountPin]) -> list[TargetRow]:
    """Pins as the target rows ``TripService.add_stops`` takes (id and tier matter)."""
    return [TargetRow(p.id, p.name, None, None, None, p.tier, "", p.status, p.latitude,
                      p.longitude, None, p.last_visit, None, True) for p in pins]


def visit_age(pin: AccountPin, now: datetime) -> str:
    """"12 days ago", or "never" for an account with no visit yet (for the lists)."""
    if pin.last_visit is None:
        return _("never")
    return _("{n} days ago").format(n=max(0, (now - pin.last_visit).days))
