"""An opportunity's typed fields checked, and its lines priced like proposal lines."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from desktop.domain import pricing
from desktop.domain.codes import currency_code
from desktop.domain.schema.enums import ForecastCategory
from desktop.domain.schema.pipeline import Opportunity, OpportunityLine
from desktop.domain.schema.sales import PriceEntry, Product
from desktop.i18n import _
from desktop.services.validation import ValidationError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from desktop.domain.schema import Account
    from desktop.services.base import Service
    from desktop.services.opportunities import LineRow

TEXTS = {"name": 200, "competitor": 120, "next_step": 200, "description": 20_000}
IDS = ("contact_id", "owner_id", "source_lead_id", "event_id", "broker_id")
EDITABLE = frozenset({*TEXTS, *IDS, "amount", "currency", "close_date", "stage", "probability",
                      "forecast_category", "next_step_on", "outcome_reason"})


def clean_opportunity(values: Mapping[str, Any], *, creating: bool = False) -> dict[str, Any]:
    """The values to store, or a ``ValidationError`` naming every bad field.
    Only the fields given are checked (``creating`` requires name and close
    date; a name given is never blank)."""
    extra = set(values) - EDITABLE - {"account_id"}
    if extra:
        raise ValueError(f"not editable on Opportunity: {sorted(extra)}")
    errors: dict[str, str] = {}
    out: dict[str, Any] = {}
    for name, limit in TEXTS.items():
        if name in values:
            text = (values[name] or "").strip() or None
            if text is not None and len(text) > limit:
                errors[name] = _("At most {limit} characters.").format(limit=limit)
            out[name] = text
    if (creating or "name" in values) and not out.get("name"):
        errors["name"] = _("Name the deal.")
    for name in IDS:
        if name in values:
            if values[name] is not None and not isinstance(values[name], uuid.UUID):
                errors[name] = _("Choose one.")
            out[name] = values[name]
    if "amount" in values:
        amount = _decimal(values["amount"])
        if amount is None or amount < 0:
            errors["amount"] = _("The amount is a number, zero or more.")
        out["amount"] = amount
    if "probability" in values:
        if values["probability"] in (None, ""):
            out["probability"] = None
        else:
            share = _decimal(values["probability"])
            if share is None or not Decimal(0) <= share <= Decimal(1):
                errors["probability"] = _("A probability is between 0 and 1 (0.25 for 25 %).")
            out["probability"] = share
    if "currency" in values:
        code = currency_code(values["currency"])
        if code is None:
            errors["currency"] = _("Use a three-letter currency code (USD, EUR).")
        out["currency"] = code
    for name in ("close_date", "next_step_on"):
        if name in values or (creating and name == "close_date"):
            day = values.get(name)
            if day is not None and not isinstance(day, date):
                errors[name] = _("Give a date.")
            elif day is None and name == "close_date":
                errors[name] = _("Give the expected close date.")
            out[name] = day
    if "forecast_category" in values:
        category = values["forecast_category"] or ForecastCategory.PIPELINE.value
        if category not in {c.value for c in ForecastCategory}:
            errors["forecast_category"] = _("'{v}' is not a forecast category.").format(
                v=category)
        out["forecast_category"] = category
    if values.get("stage") is not None:
        out["stage"] = str(values["stage"])
    if errors:
        raise ValidationError(errors)
    if creating:
        out = {k: v for k, v in out.items() if v is not None}
    return out


def _decimal(value: Any) -> Decimal | None:
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def priced_line(service: Service, s: Session, opp: Opportunity, account: Account,
                values: Mapping[str, Any], position: int) -> OpportunityLine:
    """A new line: a product priced from the account's lists in the deal's
    currency (unless ``unit_price`` is given), or free text with a price."""
    quantity = _decimal(values.get("quantity", 1))
    if quantity is None or quantity <= 0:
        raise ValidationError({"quantity": _("The quantity must be more than zero.")})
    product = service._get(s, Product, values["product_id"]) if values.get("product_id") \
        else None
    price = _decimal(values["unit_price"]) if values.get("unit_price") is not None else None
    if price is None:
        if product is None:
            raise ValidationError({"unit_price": _("A free-text line needs a price.")})
        entries = [pricing.PriceEntry(e.product_id.hex, e.currency, e.min_quantity,
                                      e.unit_price, e.account_id.hex if e.account_id else None,
                                      e.tier)
                   for e in s.execute(select(PriceEntry).where(
                       PriceEntry.product_id == product.id,
                       PriceEntry.deleted_at.is_(None))).scalars()]
        try:
            price = pricing.unit_price(product.id.hex, quantity, opp.currency, None, entries,
                                       account_id=account.id.hex, tier=account.tier)
        except pricing.PricingError as exc:
            raise ValidationError({"unit_price": str(exc)}) from None
    discount = _decimal(values.get("discount_percent") or 0)
    if discount is None:
        raise ValidationError({"discount_percent": _("The discount is not a number.")})
    line = service._new(
        OpportunityLine, opportunity_id=opp.id, account_id=opp.account_id, position=position,
        product_id=product.id if product else None, sku=product.sku if product else None,
        description=(values.get("description") or (product.name if product else "")).strip(),
        quantity=quantity, unit=product.unit if product else values.get("unit", "each"),
        unit_price=price, discount_percent=discount)
    try:
        pricing.line_total(_spec(line), opp.currency)
    except pricing.PricingError as exc:
        raise ValidationError({"discount_percent": str(exc)}) from None
    if not line.description:
        raise ValidationError({"description": _("Describe the line.")})
    return line


def _lines(s: Session, opp: Opportunity) -> list[OpportunityLine]:
    return list(s.execute(select(OpportunityLine).where(
        OpportunityLine.opportunity_id == opp.id, OpportunityLine.deleted_at.is_(None))
        .order_by(OpportunityLine.position)).scalars())


def _spec(line: OpportunityLine) -> pricing.Line:
    return pricing.Line(line.quantity, line.unit_price, line.discount_percent)


def lines_total(s: Session, opp: Opportunity) -> Decimal:
    """The deal's worth from its lines: their net amounts (tax aside)."""
    return pricing.totals([_spec(x) for x in _lines(s, opp)], opp.currency).net


def has_lines(s: Session, opp: Opportunity) -> bool:
    return bool(_lines(s, opp))


def next_position(s: Session, opp: Opportunity) -> int:
    return int(s.execute(select(func.coalesce(func.max(OpportunityLine.position), 0)).where(
        OpportunityLine.opportunity_id == opp.id)).scalar_one()) + 1


def line_rows(s: Session, opp: Opportunity) -> list[LineRow]:
    from desktop.services.opportunities import LineRow

    return [LineRow(x.id, x.position, x.product_id, x.sku, x.description, x.quantity, x.unit,
                    x.unit_price, x.discount_percent) for x in _lines(s, opp)]


def copy_lines_to_proposal(s: Session, service: Service, opp_id: uuid.UUID,
                           proposal_id: uuid.UUID) -> int:
    """The deal's lines as the new proposal's lines (tax from the product); how many."""
    from desktop.domain.schema.sales import ProposalLine

    opp = s.get(Opportunity, opp_id)
    if opp is None:
        return 0
    lines = _lines(s, opp)
    for line in lines:
        product = s.get(Product, line.product_id) if line.product_id else None
        s.add(service._new(
            ProposalLine, proposal_id=proposal_id, account_id=opp.account_id,
            position=line.position, product_id=line.product_id, sku=line.sku,
            description=line.description, quantity=line.quantity, unit=line.unit,
            unit_price=line.unit_price, discount_percent=line.discount_percent,
            tax_rate=product.tax_rate if product else Decimal(0)))
    return len(lines)
