"""Offline geocoding: ZIP centres, kept coordinates, manual pins, time zones."""

from __future__ import annotations

import socket
import uuid

import pytest

from desktop.planning.geo import haversine_miles, time_zone_at, zip_point
from desktop.services.container import Services
from desktop.services.validation import ValidationError
from tests.desktop.planning.conftest import account


def test_zip_codes_give_their_centre() -> None:
    springfield = zip_point("62701")
    assert springfield is not None
    assert springfield.latitude == pytest.approx(39.80, abs=0.05)
    assert springfield.longitude == pytest.approx(-89.65, abs=0.05)
    assert zip_point("62701-1234") == springfield
    assert zip_point(" 62701 ") == springfield
    for bad in ("", None, "6270", "ABCDE", "00000", "K1A 0B1"):
        assert zip_point(bad) is None


def test_time_zones_offline(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_network(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("went online")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    assert time_zone_at(41.88, -87.63) == "America/Chicago"
    assert time_zone_at(40.71, -74.01) == "America/New_York"
    assert time_zone_at(33.45, -112.07) == "America/Phoenix"
    assert time_zone_at(21.31, -157.86) == "Pacific/Honolulu"


def test_haversine_known_distance() -> None:
    # Chicago to New York: about 712 miles great-circle.
    assert haversine_miles(41.8781, -87.6298, 40.7128, -74.0060) == pytest.approx(712, abs=3)
    assert haversine_miles(10.0, 20.0, 10.0, 20.0) == 0.0


def test_accounts_keep_coordinates_else_zip_else_none(services: Services, rep: uuid.UUID) -> None:
    placed = account(services, "Placed", 40.0, -88.0, billing_postal_code="62701")
    by_zip = account(services, "By ZIP", billing_postal_code="62701")
    by_ship = account(services, "By shipping ZIP", shipping_postal_code="10001",
                      shipping_country="US")
    nowhere = account(services, "Nowhere")
    abroad = account(services, "Abroad", billing_postal_code="70173", billing_country="DE")
    geo = services.geo
    assert geo.locate(placed) == (40.0, -88.0)
    assert geo.locate(by_zip) == zip_point("62701")
    assert geo.locate(by_ship) == zip_point("10001")
    assert geo.locate(nowhere) is None
    assert geo.locate(abroad) is None  # a German postcode is not a US ZIP
    assert geo.time_zone(by_zip) == "America/Chicago"
    assert geo.time_zone(nowhere) is None

    changes = geo.fill_from_zip()
    assert changes.ids("accounts") == {by_zip, by_ship}
    rows = dict(services.store.reads().execute(
        "SELECT name, geo_source FROM accounts").fetchall())
    assert rows == {"Placed": "manual", "By ZIP": "zip", "By shipping ZIP": "zip",
                    "Nowhere": None, "Abroad": None}
    assert geo.locate(placed) == (40.0, -88.0)  # coordinates it had are kept


def test_manual_pin(services: Services, rep: uuid.UUID) -> None:
    acc = account(services, "Pin me", billing_postal_code="62701")
    services.geo.fill_from_zip()
    changes = services.geo.set_location(acc, 39.9, -89.7)
    assert changes.ids("accounts") == {acc}
    row = services.store.reads().execute(
        "SELECT latitude, longitude, geo_source FROM accounts WHERE id = ?", (acc.hex,)).fetchone()
    assert row == (39.9, -89.7, "manual")
    outbox = services.store.reads().execute(
        "SELECT changes FROM sync_outbox WHERE row_id = ? ORDER BY seq DESC LIMIT 1",
        (acc.hex,)).fetchone()[0]
    assert '"geo_source": "manual"' in outbox  # the pin syncs
    services.geo.fill_from_zip()  # a later ZIP pass leaves the pin alone
    assert services.geo.locate(acc) == (39.9, -89.7)
    with pytest.raises(ValidationError, match="not on the map"):
        services.geo.set_location(acc, 91.0, 0.0)


def test_opening_hours_are_checked_by_the_account_service(services: Services,
                                                          rep: uuid.UUID) -> None:
    acc = account(services, "Hours", opening_hours={
        "tue": [["13:00", "17:00"], ["08:00", "12:00"]], "sat": []})
    stored = services.store.reads().execute(
        "SELECT opening_hours FROM accounts WHERE id = ?", (acc.hex,)).fetchone()[0]
    assert stored == '{"tue": [["08:00", "12:00"], ["13:00", "17:00"]]}'  # sorted, empty dropped
    for bad, message in (({"mon": [["9:00", "17:00"]]}, "not a time of day"),
                         ({"mon": [["17:00", "09:00"]]}, "is not before"),
                         ({"mon": [["08:00", "12:00"], ["11:00", "14:00"]]}, "overlap"),
                         ({"monday": [["08:00", "12:00"]]}, "Unknown weekday")):
        with pytest.raises(ValidationError, match=message) as caught:
            services.accounts.update_account(acc, {"opening_hours": bad})
        assert set(caught.value.errors) == {"opening_hours"}
    services.accounts.update_account(acc, {"opening_hours": None})
    assert services.store.reads().execute(
        "SELECT opening_hours FROM accounts WHERE id = ?", (acc.hex,)).fetchone()[0] is None
    services.accounts.update_account(acc, {"latitude": 40.1, "longitude": -88.2})
    assert services.store.reads().execute(
        "SELECT geo_source FROM accounts WHERE id = ?", (acc.hex,)).fetchone()[0] == "manual"
