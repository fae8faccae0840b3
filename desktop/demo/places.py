"""Real US places for the demo book, from the offline ``zipcodes`` data."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

TERRITORIES: dict[str, tuple[str, ...]] = {
    "Northeast": ("ME", "NH", "VT", "MA", "RI", "CT", "NY"),
    "Mid-Atlantic": ("NJ", "PA", "DE", "MD", "DC", "VA", "WV"),
    "Southeast": ("NC", "SC", "GA", "FL", "AL", "MS", "TN", "KY"),
    "Great Lakes": ("OH", "MI", "IN", "IL", "WI", "MN", "IA", "MO"),
    "Texas & Plains": ("TX", "OK", "KS", "NE", "SD", "ND", "AR", "LA"),
    "Mountain": ("CO", "UT", "NV", "AZ", "NM", "WY", "MT", "ID"),
    "Pacific Northwest": ("WA", "OR", "AK", "HI"),
    "California": ("CA",),
}
TERRITORY_OF = {state: name for name, states in TERRITORIES.items() for state in states}


@dataclass(frozen=True, slots=True)
class Place:
    city: str
    state: str
    zip_code: str
    latitude: float
    longitude: float
    area_code: str | None


@cache
def us_places() -> tuple[Place, ...]:
    """Standard, active ZIP codes with coordinates, in a stable order."""
    import zipcodes

    places = []
    for z in zipcodes.list_all():
        if z.get("zip_code_type") != "STANDARD" or not z.get("active"):
            continue
        if z.get("state") not in TERRITORY_OF or not z.get("lat") or not z.get("long"):
            continue
        codes = z.get("area_codes") or [None]
        places.append(Place(z["city"].title(), z["state"], z["zip_code"], float(z["lat"]),
                            float(z["long"]), codes[0]))
    places.sort(key=lambda p: p.zip_code)
    return tuple(places)
