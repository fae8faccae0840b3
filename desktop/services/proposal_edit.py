"""Editing a draft proposal: its header, its lines (edit, remove, reorder),
the manager's approval of discounts above the rep's ceiling, and the
customer's answer (declined, expired).

Every edit of a line clears an approval: a manager approves the discounts
they saw, not the ones made afterwards.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, NamedTuple

from desktop.documents import clauses as clause_library
from desktop.domain import approval, pricing, proposal_states
from desktop.domain.schema import Account, Contact, Interaction, User
from desktop.domain.schema.sales import Product, Proposal, ProposalLine
from desktop.i18n import _
from desktop.services.base import NotFound
from desktop.services.proposals import ProposalService, _lines, _spec, ceiling, over_ceiling
from desktop.services.validation import ValidationError
from desktop.store.changes import Changes

HEADER_FIELDS = ("title", "contact_id", "valid_until", "cover_letter", "summary", "clauses")
LINE_DECIMALS = ("quantity", "unit_price", "discount_percent", "discount_amount", "tax_rate")


class Approval(NamedTuple):
    """Where a proposal stands against its rep's discount ceiling."""

    over: tuple[int, ...]  # line numbers (1-based, as listed) above the ceiling
    ceiling: Decimal  # a share, 0-1
    approved_by: str | None  # the approver's name
    can_approve: bool  # the current user may approve this rep's discounts

    @property
    def needed(self) -> bool:
        return bool(self.over) and self.approved_by is None


class LineRow(NamedTuple):
    """One line as the editor lists it, with its computed amount."""

    id: uuid.UUID
    number: int  # 1-based, as listed
    sku: str
    description: str
    quantity: Decimal
    unit: str
    unit_price: Decimal
    discount_percent: Decimal
    discount_amount: Decimal
    tax_rate: Decimal
    optional: bool
    ship_date: date | None
    net: Decimal  # after discount, before tax
    over_ceiling: bool


class Header(NamedTuple):
    """The proposal's own fields, for the editor."""

    id: uuid.UUID
    account_id: uuid.UUID
    account: str
    locale: str
    contact_id: uuid.UUID | None
    number: str
    revision: int
    status: str
    title: str
    currency: str
    issued_on: date
    valid_until: date
    cover_letter: str
    summary: str
    clauses: tuple[str, ...]


def parse_decimal(field: str, value: Any) -> Decimal:
    """A typed number ("12.5", "12,5", "") as Decimal, or a message for ``field``."""
    text = str(value if value is not None else "").strip().replace(" ", "")
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    try:
        number = Decimal(text or "0")
    except InvalidOperation:
        raise ValidationError({field: _("“{text}” is not a number.").format(text=value)}) from None
    if not number.is_finite() or number < 0:
        raise ValidationError({field: _("Enter zero or more.")})
    return number


class ProposalEditor(ProposalService):
    def header(self, proposal_id: uuid.UUID) -> Header:
        with self.store.unit_of_work() as uow:
            p = self._get(uow.session, Proposal, proposal_id)
            account = self._get(uow.session, Account, p.account_id)
            return Header(p.id, account.id, account.name, account.locale, p.contact_id,
                          p.number, p.revision, p.status, p.title, p.currency, p.issued_on,
                          p.valid_until, p.cover_letter or "", p.summary or "",
                          tuple(p.clauses))

    def line_rows(self, proposal_id: uuid.UUID) -> list[LineRow]:
        with self.store.unit_of_work() as uow:
            proposal = self._get(uow.session, Proposal, proposal_id)
            lines = _lines(uow.session, proposal.id)
            totals = pricing.totals([_spec(x) for x in lines], proposal.currency)
            over = set(over_ceiling(uow.session, proposal))
            return [LineRow(x.id, n, x.sku or "", x.description, x.quantity, x.unit,
                            x.unit_price, x.discount_percent, x.discount_amount, x.tax_rate,
                            x.optional, x.ship_date, t.net, n in over)
                    for n, (x, t) in enumerate(zip(lines, totals.lines, strict=True), start=1)]

    def update_header(self, proposal_id: uuid.UUID, values: Mapping[str, Any]) -> Changes:
        errors: dict[str, str] = {}
        with self.store.unit_of_work() as uow:
            proposal = self._draft(uow.session, proposal_id)
            update = {k: values[k] for k in HEADER_FIELDS if k in values}
            if "title" in update:
                update["title"] = str(update["title"]).strip()
                if not update["title"]:
                    errors["title"] = _("Give the proposal a title.")
                elif len(update["title"]) > 200:
                    errors["title"] = _("At most 200 characters.")
            for key in ("cover_letter", "summary"):
                if key in update:
                    update[key] = str(update[key] or "").strip() or None
            if isinstance(update.get("valid_until"), date) and \
                    update["valid_until"] < proposal.issued_on:
                errors["valid_until"] = _("Valid until must be on or after the issue date.")
            if update.get("contact_id") is not None:
                contact = uow.session.get(Contact, update["contact_id"])
                if contact is None or contact.account_id != proposal.account_id:
                    errors["contact_id"] = _("That contact is not at this account.")
            if "clauses" in update:
                unknown = [k for k in update["clauses"] if k not in clause_library.LIBRARY]
                if unknown:
                    errors["clauses"] = _("Unknown clause: {keys}").format(keys=", ".join(unknown))
                update["clauses"] = list(update["clauses"])
            if errors:
                raise ValidationError(errors)
            self._apply(proposal, update)
            return uow.commit()

    def update_line(self, line_id: uuid.UUID, values: Mapping[str, Any]) -> Changes:
        """Change a line; a new quantity on a catalogue line is priced again
        from the lists unless a unit price comes with it."""
        errors: dict[str, str] = {}
        update: dict[str, Any] = {}
        for key in LINE_DECIMALS:
            if key in values:
                try:
                    update[key] = parse_decimal(key, values[key])
                except ValidationError as exc:
                    errors.update(exc.errors)
        if update.get("tax_rate", 0) >= 1:
            errors["tax_rate"] = _("A tax rate is below 100 % (0.19 for 19 %).")
        if "description" in values:
            update["description"] = str(values["description"]).strip()
            if not update["description"]:
                errors["description"] = _("Describe the line.")
        for key in ("optional", "ship_date"):
            if key in values:
                update[key] = values[key]
        if errors:
            raise ValidationError(errors)
        with self.store.unit_of_work() as uow:
            line = self._get(uow.session, ProposalLine, line_id)
            proposal = self._draft(uow.session, line.proposal_id)
            if "quantity" in update and update["quantity"] <= 0:
                raise ValidationError({"quantity": _("The quantity must be more than zero.")})
            if "unit_price" not in values and line.product_id is not None and \
                    update.get("quantity", line.quantity) != line.quantity:
                product = self._get(uow.session, Product, line.product_id)
                account = self._get(uow.session, Account, proposal.account_id)
                update["unit_price"] = self._price(uow.session, product, update["quantity"],
                                                   proposal, account)
            merged = {c: update.get(c, getattr(line, c)) for c in LINE_DECIMALS + ("optional",)}
            try:
                pricing.line_total(pricing.Line(**merged), proposal.currency)
            except pricing.PricingError as exc:
                field = "discount_percent" if "%" in str(exc) else "discount_amount"
                raise ValidationError({field: str(exc)}) from None
            if self._apply(line, update):
                self._apply(proposal, {"approved_by": None})
            return uow.commit()

    def remove_line(self, line_id: uuid.UUID) -> Changes:
        with self.store.unit_of_work() as uow:
            line = self._get(uow.session, ProposalLine, line_id)
            proposal = self._draft(uow.session, line.proposal_id)
            self._apply(line, {"deleted_at": self.clock()})
            self._apply(proposal, {"approved_by": None})
            return uow.commit()

    def restore_line(self, line_id: uuid.UUID) -> Changes:
        """Undo ``remove_line``: the line comes back where it was (a draft only)."""
        with self.store.unit_of_work() as uow:
            line = uow.session.get(ProposalLine, line_id)
            if line is None:
                raise NotFound(_("That record no longer exists."))
            proposal = self._draft(uow.session, line.proposal_id)
            if line.deleted_at is not None:
                self._apply(line, {"deleted_at": None})
                self._apply(proposal, {"approved_by": None})
            return uow.commit()

    def move_line(self, line_id: uuid.UUID, offset: int) -> Changes:
        """Move a line up (-1) or down (+1) by swapping it with its neighbour."""
        with self.store.unit_of_work() as uow:
            line = self._get(uow.session, ProposalLine, line_id)
            self._draft(uow.session, line.proposal_id)
            lines = _lines(uow.session, line.proposal_id)
            at = next(i for i, x in enumerate(lines) if x.id == line.id)
            other = at + offset
            if 0 <= other < len(lines):
                a, b = lines[at], lines[other]
                a_pos, b_pos = a.position, b.position
                if a_pos == b_pos:
                    b_pos = a_pos + offset
                self._apply(a, {"position": b_pos})
                self._apply(b, {"position": a_pos})
            return uow.commit()

    # -- approval ----------------------------------------------------------------------
    def approval(self, proposal_id: uuid.UUID) -> Approval:
        with self.store.unit_of_work() as uow:
            s = uow.session
            proposal = self._get(s, Proposal, proposal_id)
            rep = s.get(User, proposal.author_id) if proposal.author_id else None
            me = s.get(User, self.user_id) if self.user_id else None
            approver = s.get(User, proposal.approved_by) if proposal.approved_by else None
            allowed = approval.can_approve(me.id if me else None, me.role if me else None,
                                           rep.id if rep else None,
                                           rep.manager_id if rep else None)
            return Approval(tuple(over_ceiling(s, proposal)), ceiling(s, proposal),
                            (approver.name if approver else _("a manager"))
                            if proposal.approved_by else None, allowed)

    def approve(self, proposal_id: uuid.UUID) -> Changes:
        """A manager (of the rep) or an administrator approves the discounts as
        they stand; logged in the account's history."""
        state = self.approval(proposal_id)
        if not state.can_approve:
            raise ValidationError({"approval": _(
                "Only the rep's manager or an administrator can approve these discounts.")})
        with self.store.unit_of_work() as uow:
            proposal = self._draft(uow.session, proposal_id)
            me = uow.session.get(User, self.user_id)
            assert me is not None
            now = self.clock()
            self._apply(proposal, {"approved_by": me.id})
            uow.session.add(self._new(
                Interaction, account_id=proposal.account_id, contact_id=proposal.contact_id,
                author_id=self.user_id, channel="note", direction="out", occurred_at=now,
                subject=_("Discounts approved on {number} rev {revision}").format(
                    number=proposal.number, revision=proposal.revision),
                notes=_("Approved by {name}; lines {lines}.").format(
                    name=me.name, lines=", ".join(str(n) for n in state.over) or "-")))
            return uow.commit()

    # -- the customer's answer -----------------------------------------------------------
    def decline(self, proposal_id: uuid.UUID) -> Changes:
        return self._answer(proposal_id, proposal_states.DECLINED)

    def expire(self, proposal_id: uuid.UUID) -> Changes:
        return self._answer(proposal_id, proposal_states.EXPIRED)

    def _answer(self, proposal_id: uuid.UUID, status: str) -> Changes:
        with self.store.unit_of_work() as uow:
            proposal = self._get(uow.session, Proposal, proposal_id)
            if proposal.status not in proposal_states.ANSWERABLE:
                raise ValidationError({"status": _("Only a sent proposal can be {what}.").format(
                    what=_("declined") if status == proposal_states.DECLINED else _("expired"))})
            self._apply(proposal, {"status": status})
            return uow.commit()
