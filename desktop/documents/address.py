"""Postal address lines as the country writes them on an envelope.

North America and Australia put the city, region and postcode on one line
("Kimberly, WI 54136"); most of Europe puts the postcode before the city
("10115 Berlin") and seldom prints a region.
"""

from __future__ import annotations

CITY_REGION_POSTCODE = {"US", "CA", "AU"}


def address_lines(street: str | None, city: str | None, region: str | None,
                  postcode: str | None, country: str | None) -> tuple[str, ...]:
    country = (country or "").upper()
    lines: tuple[str | None, ...]
    if country in CITY_REGION_POSTCODE:
        place = ", ".join(x for x in (city, " ".join(x for x in (region, postcode) if x)) if x)
        lines = (street, place)
    else:
        lines = (street, " ".join(x for x in (postcode, city) if x), region)
    return tuple(x for x in (*lines, country) if x)
