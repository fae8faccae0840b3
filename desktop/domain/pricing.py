"""Unit prices from price lists, line and proposal totals.

Price choice, most specific first: the account's own list, then its tier's
list, then the product's list price; within a list the highest volume break
the quantity reaches. A discount (percent or amount) above the rep's ceiling
is allowed only with a manager's approval. Tax is per line, on the discounted
amount, and every money figure is rounded in the proposal's currency.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from desktop.domain.money import round_money
from desktop.i18n import _

ZERO = Decimal(0)
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class PriceEntry:
    """One row of a price list: a price from ``min_quantity`` up."""

    product_id: str
    currency: str
    min_quantity: Decimal
    unit_price: Decimal
    account_id: str | None = None  # a list for one account
    tier: str | None = None  # a list for a customer tier (A/B/C)


class PricingError(ValueError):
    """A price or discount that cannot be used; the message names why."""


def unit_price(product_id: str, quantity: Decimal, currency: str, list_price: Decimal | None,
               entries: Iterable[PriceEntry], *, account_id: str | None = None,
               tier: str | None = None) -> Decimal:
    candidates = [e for e in entries if e.product_id == product_id
                  and e.currency == currency and e.min_quantity <= quantity]
    for matches in ([e for e in candidates if account_id and e.account_id == account_id],
                    [e for e in candidates if tier and e.account_id is None and e.tier == tier],
                    [e for e in candidates if e.account_id is None and e.tier is None]):
        if matches:
            return max(matches, key=lambda e: e.min_quantity).unit_price
    if list_price is None:
        raise PricingError(_("No {currency} price for this product.").format(currency=currency))
    return list_price


@dataclass(frozen=True)
class Line:
    quantity: Decimal
    unit_price: Decimal
    discount_percent: Decimal = ZERO  # 0-100
    discount_amount: Decimal = ZERO  # off the line, in the currency
    tax_rate: Decimal = ZERO  # 0.19 for 19 %
    optional: bool = False  # shown, not in the total


@dataclass(frozen=True)
class LineTotal:
    gross: Decimal  # quantity x unit price
    discount: Decimal
    net: Decimal
    tax: Decimal
    total: Decimal


@dataclass(frozen=True)
class Totals:
    lines: tuple[LineTotal, ...]
    net: Decimal
    discount: Decimal
    tax: Decimal
    total: Decimal
    optional_total: Decimal


def line_total(line: Line, currency: str) -> LineTotal:
    if line.quantity <= 0:
        raise PricingError(_("The quantity must be more than zero."))
    if not ZERO <= line.discount_percent <= HUNDRED:
        raise PricingError(_("A discount is between 0 and 100 %."))
    gross = round_money(line.quantity * line.unit_price, currency)
    discount = round_money(gross * line.discount_percent / HUNDRED + line.discount_amount,
                           currency)
    if discount > gross or discount < 0:
        raise PricingError(_("The discount is larger than the line."))
    net = gross - discount
    tax = round_money(net * line.tax_rate, currency)
    return LineTotal(gross, discount, net, tax, net + tax)


def totals(lines: Sequence[Line], currency: str) -> Totals:
    computed = tuple(line_total(line, currency) for line in lines)
    counted = [t for t, line in zip(computed, lines, strict=True) if not line.optional]
    optional = [t for t, line in zip(computed, lines, strict=True) if line.optional]
    return Totals(
        lines=computed,
        net=sum((t.net for t in counted), ZERO),
        discount=sum((t.discount for t in counted), ZERO),
        tax=sum((t.tax for t in counted), ZERO),
        total=sum((t.total for t in counted), ZERO),
        optional_total=sum((t.total for t in optional), ZERO),
    )


def discount_share(line: Line, currency: str) -> Decimal:
    """The line's discount as a share of its gross (0-1), whatever its form."""
    t = line_total(line, currency)
    return t.discount / t.gross if t.gross else ZERO


def needs_approval(lines: Sequence[Line], currency: str, ceiling: Decimal) -> list[int]:
    """Indexes of lines whose discount is above the rep's ceiling (a share, 0-1)."""
    return [i for i, line in enumerate(lines) if discount_share(line, currency) > ceiling]
