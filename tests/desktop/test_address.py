"""Addresses print the way each country writes them."""

from __future__ import annotations

from desktop.documents.address import address_lines


def test_us_city_region_and_zip_on_one_line() -> None:
    assert address_lines("668 Oak Ave", "Kimberly", "WI", "54136", "US") == (
        "668 Oak Ave", "Kimberly, WI 54136", "US")


def test_europe_postcode_before_city() -> None:
    assert address_lines("Unter den Linden 1", "Berlin", None, "10117", "de") == (
        "Unter den Linden 1", "10117 Berlin", "DE")


def test_missing_parts_leave_no_gaps() -> None:
    assert address_lines(None, "Toronto", "ON", None, "CA") == ("Toronto, ON", "CA")
    assert address_lines("1 Main St", None, None, None, None) == ("1 Main St",)
