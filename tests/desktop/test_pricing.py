"""Money, price lists, volume breaks, discounts, tax and rounding."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from desktop.domain.money import digits, format_money, round_money
from desktop.domain.pricing import (
    Line,
    PriceEntry,
    PricingError,
    needs_approval,
    totals,
    unit_price,
)


def test_currencies_round_to_their_own_digits() -> None:
    assert (digits("USD"), digits("EUR"), digits("JPY"), digits("BHD")) == (2, 2, 0, 3)
    assert round_money(D("2.345"), "USD") == D("2.35")  # half up, not banker's
    assert round_money(D("1234.5"), "JPY") == D("1235")
    assert format_money(D("1234.5"), "EUR", "de_DE") == "1.234,50\xa0€"
    assert format_money(D("1234.5"), "USD", "en_US") == "$1,234.50"
    assert format_money(D("1234.4"), "JPY", "ja_JP") == "￥1,234"


# By hand, USD: 3 x 33.33 = 99.99, 10 % off = 10.00, net 89.99, tax 7.1992 -> 7.20;
# 199.99 - 20 = 179.99, tax 14.3992 -> 14.40. JPY rounds every step to whole yen:
# 99.99 -> 100, -10 = 90, tax 7.2 -> 7; 199.99 -> 200, -20 = 180, tax 14.4 -> 14.
@pytest.mark.parametrize(("currency", "expected"), [
    ("USD", (D("269.98"), D("21.60"), D("291.58"))),
    ("EUR", (D("269.98"), D("21.60"), D("291.58"))),
    ("JPY", (D("270"), D("21"), D("291"))),
])
def test_totals_with_discount_and_tax(currency: str, expected: tuple[D, D, D]) -> None:
    lines = [
        Line(D("3"), D("33.33"), discount_percent=D("10"), tax_rate=D("0.08")),
        Line(D("1"), D("199.99"), discount_amount=D("20"), tax_rate=D("0.08")),
        Line(D("5"), D("10"), optional=True),
    ]
    result = totals(lines, currency)
    assert (result.net, result.tax, result.total) == expected
    assert result.optional_total == D("50")  # shown, not counted


def test_jpy_lines_round_each_line_to_whole_yen() -> None:
    result = totals([Line(D("3"), D("333.5"), tax_rate=D("0.1"))], "JPY")
    assert result.lines[0].gross == D("1001")  # 1000.5 -> 1001
    assert result.tax == D("100") and result.total == D("1101")


ENTRIES = [
    PriceEntry("p1", "USD", D("1"), D("10.00")),
    PriceEntry("p1", "USD", D("100"), D("9.00")),
    PriceEntry("p1", "USD", D("1000"), D("8.00")),
    PriceEntry("p1", "USD", D("1"), D("9.50"), tier="A"),
    PriceEntry("p1", "USD", D("500"), D("7.50"), tier="A"),
    PriceEntry("p1", "USD", D("1"), D("7.00"), account_id="acme"),
    PriceEntry("p1", "EUR", D("1"), D("9.20")),
]


@pytest.mark.parametrize(("quantity", "tier", "account", "expected"), [
    (D("1"), None, None, D("10.00")),
    (D("99"), None, None, D("10.00")),
    (D("100"), None, None, D("9.00")),  # volume break
    (D("5000"), None, None, D("8.00")),
    (D("10"), "A", None, D("9.50")),  # tier list beats the general list
    (D("600"), "A", None, D("7.50")),
    (D("10"), "A", "acme", D("7.00")),  # the account's own list beats all
    (D("10"), "B", "other", D("10.00")),
])
def test_price_list_and_volume_breaks(quantity: D, tier: str | None, account: str | None,
                                      expected: D) -> None:
    assert unit_price("p1", quantity, "USD", D("12.00"), ENTRIES, account_id=account,
                      tier=tier) == expected


def test_list_price_when_no_list_and_error_when_no_price() -> None:
    assert unit_price("p2", D("1"), "USD", D("12.00"), ENTRIES) == D("12.00")
    assert unit_price("p1", D("1"), "EUR", None, ENTRIES) == D("9.20")
    with pytest.raises(PricingError, match="No GBP price"):
        unit_price("p1", D("1"), "GBP", None, ENTRIES)


def test_discount_over_the_ceiling_needs_approval() -> None:
    lines = [Line(D("1"), D("100"), discount_percent=D("10")),
             Line(D("1"), D("100"), discount_percent=D("25")),
             Line(D("2"), D("100"), discount_amount=D("50"))]  # 25 % as an amount
    assert needs_approval(lines, "USD", ceiling=D("0.15")) == [1, 2]
    assert needs_approval(lines, "USD", ceiling=D("0.30")) == []


def test_impossible_lines_are_refused() -> None:
    with pytest.raises(PricingError, match="quantity"):
        totals([Line(D("0"), D("5"))], "USD")
    with pytest.raises(PricingError, match="larger than the line"):
        totals([Line(D("1"), D("5"), discount_amount=D("6"))], "USD")
