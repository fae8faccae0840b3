"""Where an account is and what time it keeps there, without going online.

Coordinates come, in this order, from the account itself (the server's
geocoding or a manual pin), else from the centre of its US ZIP code (the
``zipcodes`` package's offline data). The time zone of a point comes from
``timezonefinder``'s offline polygons. Nothing here opens a network socket.
"""

from __future__ import annotations

import math
import uuid
from functools import cache
from typing import TYPE_CHECKING, NamedTuple

from desktop.i18n import _
from desktop.services.base import Service
from desktop.services.validation import ValidationError

if TYPE_CHECKING:
    from timezonefinder import TimezoneFinder

    from desktop.store.changes import Changes

EARTH_RADIUS_KM = 6371.0088
KM_PER_MILE = 1.609344


class Point(NamedTuple):
    latitude: float
    longitude: float


def haversine_km(a_lat: float, a_lon: float, b_lat: float, b_lon: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(a_lat), math.radians(b_lat)
    dp, dl = p2 - p1, math.radians(b_lon - a_lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def haversine_miles(a_lat: float, a_lon: float, b_lat: float, b_lon: float) -> float:
    return haversine_km(a_lat, a_lon, b_lat, b_lon) / KM_PER_MILE


@cache
def _zip_table() -> dict[str, Point]:
    """Every ZIP code with coordinates: read once (a dict beats zipcodes' list scan)."""
    import zipcodes

    table = {}
    for z in zipcodes.list_all():
        if z.get("lat") and z.get("long"):
            table[z["zip_code"]] = Point(float(z["lat"]), float(z["long"]))
    return table


def zip_point(postal_code: str | None) -> Point | None:
    """The centre of a US ZIP code ("62701" or "62701-1234"), or None."""
    digits = (postal_code or "").strip()[:5]
    if len(digits) != 5 or not digits.isdigit():
        return None
    return _zip_table().get(digits)


@cache
def _finder() -> TimezoneFinder:
    """Built once: loading the polygons takes a good part of a second."""
    from timezonefinder import TimezoneFinder

    return TimezoneFinder()


@cache
def time_zone_at(latitude: float, longitude: float) -> str:
    """The IANA time zone at a point; "UTC" where there is none (open sea)."""
    name = _finder().timezone_at(lng=longitude, lat=latitude)
    return name or "UTC"


class GeoService(Service):
    """Coordinates and time zones of accounts, read from the cache."""

    def locate(self, account_id: uuid.UUID) -> Point | None:
        """The account's coordinates, or its ZIP code's centre, or None."""
        row = self.store.reads().execute(
            "SELECT latitude, longitude, billing_postal_code, billing_country, "
            "shipping_postal_code, shipping_country FROM accounts WHERE id = ?",
            (account_id.hex,)).fetchone()
        if row is None:
            return None
        return point_of(*row)

    def time_zone(self, account_id: uuid.UUID) -> str | None:
        point = self.locate(account_id)
        return time_zone_at(*point) if point else None

    def set_location(self, account_id: uuid.UUID, latitude: float, longitude: float) -> Changes:
        """A pin the rep placed on the map: kept over anything a ZIP code says."""
        if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
            raise ValidationError({"latitude": _("That point is not on the map.")})
        from desktop.domain.schema import Account

        with self.store.unit_of_work() as uow:
            account = self._get(uow.session, Account, account_id)
            self._apply(account, {"latitude": float(latitude), "longitude": float(longitude),
                                  "geo_source": "manual"})
            return uow.commit()

    def fill_from_zip(self, account_ids: list[uuid.UUID] | None = None) -> Changes:
        """Give accounts without coordinates their ZIP code's centre (geo_source "zip").
        Accounts that have coordinates keep them."""
        from sqlalchemy import select

        from desktop.domain.schema import Account

        with self.store.unit_of_work() as uow:
            query = select(Account).where(Account.latitude.is_(None),
                                          Account.deleted_at.is_(None))
            if account_ids is not None:
                query = query.where(Account.id.in_(account_ids))
            for account in uow.session.execute(query).scalars():
                point = point_of(None, None, account.billing_postal_code,
                                 account.billing_country, account.shipping_postal_code,
                                 account.shipping_country)
                if point is not None:
                    self._apply(account, {"latitude": point.latitude,
                                          "longitude": point.longitude, "geo_source": "zip"})
            return uow.commit()


def point_of(latitude: float | None, longitude: float | None, billing_zip: str | None,
             billing_country: str | None, shipping_zip: str | None = None,
             shipping_country: str | None = None) -> Point | None:
    """Stored coordinates first, then the billing, then the shipping US ZIP code."""
    if latitude is not None and longitude is not None:
        return Point(float(latitude), float(longitude))
    for code, country in ((billing_zip, billing_country), (shipping_zip, shipping_country)):
        if (country or "US").upper() == "US":
            found = zip_point(code)
            if found is not None:
                return found
    return None
