"""Money is ``Decimal``, rounded the way each currency is written.

JPY has no minor unit, most currencies two, a few three (babel's CLDR data
knows). Rounding is half-up, as invoices do, and happens per line and per
total, never on floats.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from functools import cache


@cache
def digits(currency: str) -> int:
    from babel.numbers import get_currency_precision

    return int(get_currency_precision(currency.upper()))


def round_money(amount: Decimal, currency: str) -> Decimal:
    return amount.quantize(Decimal(1).scaleb(-digits(currency)), rounding=ROUND_HALF_UP)


def format_money(amount: Decimal, currency: str, locale: str = "en_US") -> str:
    """As the customer reads it: ``$1,234.50``, ``1.234,50 €``, ``￥1,235``."""
    from babel.numbers import format_currency

    return str(format_currency(round_money(amount, currency), currency.upper(), locale=locale))


def format_percent(rate: Decimal, locale: str = "en_US") -> str:
    from babel.numbers import format_percent as babel_percent

    return str(babel_percent(rate, format="#,##0.##%", locale=locale))
