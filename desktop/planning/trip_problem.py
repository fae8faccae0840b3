"""A trip in the cache as the solver's :class:`TripProblem`.

Each day starts on the day's time zone's clock and ends on the clock of its
end place, which may be in another zone (a hotel over a zone line). Each stop's
windows are its account's opening hours (or the default hours setting) on
every trip day, in the account's own time zone (found offline from its
coordinates), intersected with the appointment window if there is one.

Two cases the contract's "no windows = any time" must not swallow:

* an account closed on every trip day gets its next opening after the trip
  (or, with no opening hours at all, an empty span at the first day's start),
  so the solver reports it as outside its windows;
* an appointment window outside the opening hours wins over them: the
  customer agreed to that time, the hours are only the usual ones.

Only stops still "planned" go in; a stop without a location goes in at
(0, 0) with ``located=False`` and the solver drops it as NO_LOCATION.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from desktop.i18n import _
from desktop.planning import busy
from desktop.planning.geo import point_of, time_zone_at
from desktop.planning.hours import Hours, local, open_spans
from desktop.planning.problem import Place, Stop, TravelModel, TripDay, TripProblem, Window
from desktop.services.validation import ValidationError
from desktop.settings import Settings

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from desktop.domain.schema import Account, Contact
    from desktop.domain.schema.planning import Trip, TripStop
    from desktop.domain.schema.planning import TripDay as DayRow

LOOK_AHEAD_DAYS = 14


def build(session: Session, trip: Trip, settings: Settings) -> TripProblem:
    # The ORM loads here: ``fieldbook plan solve`` reads the same rows on plain
    # sqlite3 (desktop.planning.plain_trip) and shares ``assemble``.
    from sqlalchemy import select

    from desktop.domain.schema import Account, Contact
    from desktop.domain.schema.planning import TripDay as DayRow
    from desktop.domain.schema.planning import TripStop
    from desktop.planning import busy_rows

    rows = session.execute(select(DayRow).where(
        DayRow.trip_id == trip.id, DayRow.deleted_at.is_(None))
        .order_by(DayRow.day_index)).scalars().all()
    if not rows:
        raise ValidationError({"days": _("The trip has no days.")})
    stops = session.execute(select(TripStop).where(
        TripStop.trip_id == trip.id, TripStop.deleted_at.is_(None),
        TripStop.status == "planned").order_by(TripStop.created_at, TripStop.id)).scalars().all()
    accounts = {a.id: a for a in session.execute(select(Account).where(
        Account.id.in_([s.account_id for s in stops]))).scalars()}
    contact_ids = [s.contact_id for s in stops if s.contact_id is not None]
    contacts = {c.id: c for c in session.execute(select(Contact).where(
        Contact.id.in_(contact_ids))).scalars()} if contact_ids else {}
    problem = assemble(trip, rows, stops, accounts, contacts, settings)
    blocks = busy_rows.on_days(session, trip.owner_id, trip.id, problem.days, settings)
    return busy.with_busy(problem, blocks) if blocks else problem


def assemble(trip: Any, rows: Sequence[Any], stops: Sequence[Any], accounts: Mapping[Any, Any],
             contacts: Mapping[Any, Any], settings: Settings) -> TripProblem:
    """The problem of rows read either way: ORM objects or plain rows with the same
    attributes (trip ``id``, ``name``; the day, stop, account and contact columns
    ``_day`` and ``_stop`` read; a contact's ``full_name``). Busy times not included."""
    if not rows:
        raise ValidationError({"days": _("The trip has no days.")})
    days = tuple(_day(n, row, settings) for n, row in enumerate(rows))
    out = []
    for stop in stops:
        account = accounts[stop.account_id]
        contact = contacts.get(stop.contact_id) if stop.contact_id else None
        out.append(_stop(stop, account, contact, days, settings))
    return TripProblem(trip_id=trip.id, name=trip.name, days=days, stops=tuple(out),
                       travel=TravelModel(), open_nights=_open_nights(days, settings),
                       lodging=_lodging(settings))


def _open_nights(days: tuple[TripDay, ...], settings: Settings) -> frozenset[int]:
    """Nights spent at the trip's home (its first start place): the planner may
    stay away instead. A night the rep (or an earlier plan) put elsewhere is kept."""
    if not settings.trip_stay_away:
        return frozenset()
    home = days[0].start_place
    at_home = (home.latitude, home.longitude)
    return frozenset(n for n in range(len(days) - 1)
                     if (days[n].end_place.latitude, days[n].end_place.longitude) == at_home
                     and (days[n + 1].start_place.latitude,
                          days[n + 1].start_place.longitude) == at_home)


def _lodging(settings: Settings) -> tuple[Place, ...]:
    out = []
    for entry in settings.trip_lodging:
        try:
            lat, lon = float(entry["latitude"]), float(entry["longitude"])
        except (KeyError, TypeError, ValueError):
            continue  # a hand-edited entry without a point: not a place to stay
        out.append(Place(str(entry.get("name") or _("Hotel")), lat, lon,
                         str(entry.get("address") or ""), time_zone_at(lat, lon)))
    return tuple(out)


def _place(name: str, address: str | None, lat: float | None, lon: float | None,
           zone: str, fallback: tuple[float | None, float | None]) -> Place:
    if lat is None or lon is None:
        lat, lon = fallback
    if lat is None or lon is None:
        return Place(name or _("Start"), 0.0, 0.0, address or "", zone, located=False)
    return Place(name or _("Start"), float(lat), float(lon), address or "", zone)


def _day(n: int, row: DayRow, settings: Settings) -> TripDay:
    zone = row.time_zone or "UTC"
    home = (settings.home_latitude, settings.home_longitude)
    start = _place(row.start_name, row.start_address, row.start_latitude, row.start_longitude,
                   zone, home)
    end = _place(row.end_name, row.end_address, row.end_latitude, row.end_longitude, zone,
                 (start.latitude, start.longitude) if start.located else home)
    end_zone = zone
    if end.located and (end.latitude, end.longitude) != (start.latitude, start.longitude):
        end_zone = time_zone_at(end.latitude, end.longitude)  # a hotel over a zone line
        end = replace(end, time_zone=end_zone)
    if not (start.located and end.located):
        raise ValidationError({"start_latitude": _(
            "Day {n} has no start or end place on the map: set your home place in the "
            "settings or the day's places.").format(n=n + 1)})
    earliest = latest = None
    if row.lunch_minutes > 0 and row.lunch_earliest and row.lunch_latest:
        earliest = local(row.date, row.lunch_earliest, zone)
        latest = local(row.date, row.lunch_latest, zone)
    return TripDay(
        index=n, start_place=start, end_place=end,
        work_start=local(row.date, row.work_start, zone),
        work_end=local(row.date, row.work_end, end_zone),  # the clock where the day ends
        max_drive_minutes=row.max_drive_minutes,
        lunch_earliest=earliest, lunch_latest=latest,
        lunch_minutes=row.lunch_minutes if earliest is not None else 0)


def address_line(a: Account) -> str:
    city = ", ".join(p for p in (a.billing_city, " ".join(
        p for p in (a.billing_region, a.billing_postal_code) if p)) if p)
    return ", ".join(p for p in (a.billing_street, city) if p)


def _stop(stop: TripStop, account: Account, contact: Contact | None,
          days: tuple[TripDay, ...], settings: Settings) -> Stop:
    point = point_of(account.latitude, account.longitude, account.billing_postal_code,
                     account.billing_country, account.shipping_postal_code,
                     account.shipping_country)
    if point is None:
        zone = days[0].start_place.time_zone
        place = Place(account.name, 0.0, 0.0, address_line(account), zone, located=False)
    else:
        zone = time_zone_at(point.latitude, point.longitude)
        place = Place(account.name, point.latitude, point.longitude, address_line(account), zone)
    hours = account.opening_hours if account.opening_hours is not None \
        else settings.default_opening_hours
    windows = stop_windows(hours, [d.work_start for d in days], zone, stop.window_start,
                           stop.window_end)
    phone = ""
    if contact is not None:
        phone = contact.mobile_phone or contact.work_phone or ""
    return Stop(
        id=stop.id, account_id=account.id, place=place, visit_minutes=stop.visit_minutes,
        windows=windows, priority=stop.priority, fixed_start=stop.fixed_start,
        pinned_day=stop.pinned_day if stop.pinned else None,
        pinned_position=stop.pinned_position if stop.pinned else None,
        purpose=stop.purpose or "", contact_name=contact.full_name if contact else "",
        contact_phone=phone or account.phone or "")


def stop_windows(hours: Hours, day_starts: list[datetime], zone: str,
                 appointment_start: datetime | None = None,
                 appointment_end: datetime | None = None) -> tuple[Window, ...]:
    """Opening spans on each trip day (the account's local date of the day's start),
    intersected with the appointment window; see the module docstring for the
    closed and the outside-hours cases."""
    tz = ZoneInfo(zone)
    local_days = sorted({start.astimezone(tz).date() for start in day_starts})
    spans = [s for d in local_days for s in open_spans(hours, d, zone)]
    if appointment_start is not None and appointment_end is not None:
        a = appointment_start.astimezone(tz)
        b = appointment_end.astimezone(tz)
        clipped = [(max(s, a), min(e, b)) for s, e in spans if max(s, a) < min(e, b)]
        return tuple(Window(s, e) for s, e in (clipped or [(a, b)]))
    if spans:
        return tuple(Window(s, e) for s, e in spans)
    return (_next_opening(hours, local_days[-1], zone, day_starts[0]),)


def _next_opening(hours: Hours, last: date, zone: str, first_start: datetime) -> Window:
    for n in range(1, LOOK_AHEAD_DAYS + 1):
        spans = open_spans(hours, last + timedelta(days=n), zone)
        if spans:
            return Window(*spans[0])
    start = first_start.astimezone(ZoneInfo(zone)).replace(hour=0, minute=0)
    return Window(start, start)  # never open: an empty span no visit fits
