"""A cache with a signed-in rep and helpers to place accounts on the map."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from desktop.domain.schema import User
from desktop.services.container import Services
from tests.conftest import FIXED_NOW

SPRINGFIELD = (39.7817, -89.6501)  # Illinois: America/Chicago
ALBANY = (42.6526, -73.7562)  # New York: America/New_York


@pytest.fixture
def rep(services: Services) -> uuid.UUID:
    rep = uuid.uuid4()
    with services.store.unit_of_work() as uow:
        uow.session.add(User(id=rep, name="Ann Rep", email="ann@example.com",
                             created_at=FIXED_NOW, updated_at=FIXED_NOW))
        uow.commit()
    services.set_current_user(rep)
    services.settings.home_latitude, services.settings.home_longitude = SPRINGFIELD
    services.settings.home_place_name = "Home office"
    return rep


def account(services: Services, name: str, lat: float | None = None, lon: float | None = None,
            **values: Any) -> uuid.UUID:
    """An account at a point (or nowhere, or at its ZIP code)."""
    fields = {"name": name, "kind": "customer", **values}
    if lat is not None and lon is not None:
        fields.update(latitude=lat, longitude=lon)
    return services.accounts.create_account(fields).id


def offset(point: tuple[float, float], north_miles: float, east_miles: float = 0.0
           ) -> tuple[float, float]:
    """A point some miles north and east of another (flat-earth, fine at these scales)."""
    import math

    lat = point[0] + north_miles / 69.05
    lon = point[1] + east_miles / (69.17 * math.cos(math.radians(point[0])))
    return lat, lon
