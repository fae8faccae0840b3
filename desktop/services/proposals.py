"""Proposals: numbers unique offline, lines priced from the catalogue, totals,
revisions (a sent revision is frozen), and the PDF's content."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import timedelta
from decimal import Decimal
from typing import Any, NamedTuple

from sqlalchemy import func, select

from desktop.documents import clauses as clause_library
from desktop.documents.address import address_lines
from desktop.documents.model import DocLine, ProposalDoc
from desktop.domain import formats, pricing, proposal_states
from desktop.domain.schema import Account, Contact, User
from desktop.domain.schema.sales import PriceEntry, Product, Proposal, ProposalLine
from desktop.i18n import _
from desktop.services.base import Saved, Service
from desktop.services.validation import ValidationError
from desktop.store.changes import Changes

VALID_DAYS = 30


def number_prefix(user: User | None) -> str:
    """The rep's initials and four hex digits of their id: no two reps share a
    prefix, so numbers made offline never collide."""
    if user is None:
        return "XX0000"
    initials = "".join(part[0] for part in user.name.split()[:2]).upper() or "XX"
    return f"{initials}{user.id.hex[:4].upper()}"


class ProposalRow(NamedTuple):
    id: uuid.UUID
    number: str
    revision: int
    status: str
    account: str
    issued_on: str
    valid_until: str


class ProposalService(Service):
    def rows(self, account_id: uuid.UUID | None = None) -> list[ProposalRow]:
        """Every proposal (or one account's), newest first, for the list view."""
        sql = ("SELECT p.id, p.number, p.revision, p.status, a.name, p.issued_on, p.valid_until "
               "FROM proposals p JOIN accounts a ON a.id = p.account_id "
               "WHERE p.deleted_at IS NULL")
        args: tuple[str, ...] = ()
        if account_id is not None:
            sql += " AND p.account_id = ?"
            args = (account_id.hex,)
        rows = self.store.reads().execute(
            sql + " ORDER BY p.issued_on DESC, p.number DESC, p.revision DESC", args).fetchall()
        today = self.clock().date().isoformat()
        return [ProposalRow(uuid.UUID(hex=r[0]), r[1], r[2],
                            proposal_states.shown_state(r[3], r[6], today), *r[4:])
                for r in rows]

    def create(self, account_id: uuid.UUID, *, contact_id: uuid.UUID | None = None,
               title: str | None = None, valid_days: int = VALID_DAYS,
               clause_keys: list[str] | None = None,
               opportunity_id: uuid.UUID | None = None) -> Saved:
        """A new draft; from an opportunity (``opportunity_id``) it names the
        deal and starts with the deal's lines, contact and name."""
        with self.store.unit_of_work() as uow:
            account = self._get(uow.session, Account, account_id)
            opp = _opportunity(uow.session, opportunity_id, account.id)
            if opp is not None:
                contact_id = contact_id or opp.contact_id
                title = title or opp.name
            if contact_id is not None:
                contact = self._get(uow.session, Contact, contact_id)
                if contact.account_id != account.id:
                    raise ValidationError({"contact_id": _("That contact is not at this account.")})
            user = uow.session.get(User, self.user_id) if self.user_id else None
            prefix = number_prefix(user)
            count = uow.session.execute(select(func.count()).select_from(Proposal).where(
                Proposal.number.like(f"{prefix}-%"), Proposal.revision == 1)).scalar_one()
            today = self.clock().date()
            proposal = self._new(
                Proposal, account_id=account.id, contact_id=contact_id, author_id=self.user_id,
                number=f"{prefix}-{count + 1:04d}", title=title or _("Proposal"),
                currency=account.currency, issued_on=today,
                valid_until=today + timedelta(days=valid_days),
                clauses=clause_keys or ["validity", "payment-net", "delivery-dap"],
                opportunity_id=opportunity_id)
            uow.session.add(proposal)
            if opp is not None:
                from desktop.services.opportunity_fields import copy_lines_to_proposal

                uow.session.flush()
                copy_lines_to_proposal(uow.session, self, opp.id, proposal.id)
            return Saved(proposal.id, uow.commit())

    def add_line(self, proposal_id: uuid.UUID, values: Mapping[str, Any]) -> Saved:
        """A catalogue line (``product_id``; priced from the lists when no
        ``unit_price`` is given) or free text (``description`` and ``unit_price``)."""
        with self.store.unit_of_work() as uow:
            proposal = self._draft(uow.session, proposal_id)
            account = self._get(uow.session, Account, proposal.account_id)
            try:
                quantity = Decimal(str(values.get("quantity", 1)))
            except ArithmeticError:
                raise ValidationError({"quantity": _("The quantity is not a number.")}) from None
            if not quantity.is_finite() or quantity <= 0:
                raise ValidationError({"quantity": _("The quantity must be more than zero.")})
            product = None
            if values.get("product_id"):
                product = self._get(uow.session, Product, values["product_id"])
            unit_price = values.get("unit_price")
            if unit_price is None:
                if product is None:
                    raise ValidationError({"unit_price": _("A free-text line needs a price.")})
                unit_price = self._price(uow.session, product, quantity, proposal, account)
            position = uow.session.execute(select(func.coalesce(func.max(
                ProposalLine.position), 0)).where(ProposalLine.proposal_id == proposal.id)
            ).scalar_one() + 1
            line = self._new(
                ProposalLine, proposal_id=proposal.id, account_id=proposal.account_id,
                position=position, product_id=product.id if product else None,
                sku=product.sku if product else None,
                description=values.get("description") or (product.name if product else ""),
                quantity=quantity, unit=product.unit if product else values.get("unit", "each"),
                unit_price=Decimal(str(unit_price)),
                discount_percent=Decimal(str(values.get("discount_percent", 0))),
                discount_amount=Decimal(str(values.get("discount_amount", 0))),
                tax_rate=product.tax_rate if product else Decimal(str(values.get("tax_rate", 0))),
                optional=bool(values.get("optional", False)))
            try:
                pricing.line_total(_spec(line), proposal.currency)
            except pricing.PricingError as exc:
                raise ValidationError({"quantity": str(exc)}) from None
            if not line.description.strip():
                raise ValidationError({"description": _("Describe the line.")})
            uow.session.add(line)
            self._apply(proposal, {"approved_by": None})  # approvals cover what was seen
            return Saved(line.id, uow.commit())

    def totals(self, proposal_id: uuid.UUID) -> pricing.Totals:
        with self.store.unit_of_work() as uow:
            proposal = self._get(uow.session, Proposal, proposal_id)
            return pricing.totals([_spec(line) for line in _lines(uow.session, proposal.id)],
                                  proposal.currency)

    def mark_sent(self, proposal_id: uuid.UUID, pdf: bytes | None = None) -> Changes:
        """Freeze this revision; archive the exact PDF that went out (by its
        SHA-256, as an attachment that syncs) and log it in the history."""
        from desktop.domain.schema import Interaction
        from desktop.domain.schema.sales import Attachment

        sha = self.store.blobs.put(pdf) if pdf is not None else None
        with self.store.unit_of_work() as uow:
            proposal = self._draft(uow.session, proposal_id)
            over = over_ceiling(uow.session, proposal)
            if over and proposal.approved_by is None:
                raise ValidationError({"approval": _(
                    "Needs manager approval: the discount on line {lines} is above the rep's "
                    "ceiling.").format(lines=", ".join(str(n) for n in over))})
            now = self.clock()
            self._apply(proposal, {"status": proposal_states.SENT, "sent_at": now})
            label = f"{proposal.number} rev {proposal.revision}"
            if pdf is not None and sha is not None:
                uow.session.add(self._new(
                    Attachment, account_id=proposal.account_id, record_table="proposals",
                    record_id=proposal.id, kind="sent-proposal", file_name=f"{label}.pdf",
                    sha256=sha, size=len(pdf)))
            total = pricing.totals([_spec(line) for line in _lines(uow.session, proposal.id)],
                                   proposal.currency).total
            uow.session.add(self._new(
                Interaction, account_id=proposal.account_id, contact_id=proposal.contact_id,
                author_id=self.user_id, channel="email", direction="out", occurred_at=now,
                subject=_("Sent proposal {label}").format(label=label),
                notes=_("Total {total} {currency}").format(total=total,
                                                           currency=proposal.currency),
                outcome=_("Proposal sent")))
            return uow.commit()

    def revise(self, proposal_id: uuid.UUID) -> Saved:
        """A new draft revision with the same lines, for changes after sending."""
        with self.store.unit_of_work() as uow:
            old = self._get(uow.session, Proposal, proposal_id)
            latest = uow.session.execute(select(func.max(Proposal.revision)).where(
                Proposal.number == old.number)).scalar_one()
            today = self.clock().date()
            copy = self._new(Proposal, **{c: getattr(old, c) for c in _COPIED},
                             revision=latest + 1, status=proposal_states.DRAFT, issued_on=today,
                             valid_until=today + (old.valid_until - old.issued_on))
            uow.session.add(copy)
            uow.session.flush()
            for line in _lines(uow.session, old.id):
                uow.session.add(self._new(ProposalLine, proposal_id=copy.id,
                                          **{c: getattr(line, c) for c in _LINE_COPIED}))
            from desktop.domain.schema.sales import Attachment

            for brochure in uow.session.execute(select(Attachment).where(  # picked brochures
                    Attachment.record_id == old.id, Attachment.kind == "brochure",
                    Attachment.deleted_at.is_(None))).scalars():
                uow.session.add(self._new(Attachment, record_id=copy.id, **{
                    c: getattr(brochure, c) for c in ("account_id", "record_table", "kind",
                                                      "file_name", "media_type", "sha256",
                                                      "size")}))
            return Saved(copy.id, uow.commit())

    def document(self, proposal_id: uuid.UUID) -> ProposalDoc:
        """Everything the PDF shows, read in one go."""
        with self.store.unit_of_work() as uow:
            s = uow.session
            p = self._get(s, Proposal, proposal_id)
            account = self._get(s, Account, p.account_id)
            contact = s.get(Contact, p.contact_id) if p.contact_id else None
            author = s.get(User, p.author_id) if p.author_id else None
            lines = _lines(s, p.id)
            result = pricing.totals([_spec(line) for line in lines], p.currency)
            address = address_lines(account.billing_street, account.billing_city,
                                    account.billing_region, account.billing_postal_code,
                                    account.billing_country)
            terms = clause_library.fill(p.clauses, valid_until=formats.day(p.valid_until),
                                        payment_days=30, currency=p.currency, term_months=12,
                                        renewal_months=12, notice_days=60)
            return ProposalDoc(
                number=p.number, revision=p.revision, issued=p.issued_on,
                valid_until=p.valid_until, currency=p.currency, locale=account.locale,
                customer=account.name, customer_address=address,
                contact=contact.full_name if contact else None,
                rep=author.name if author else "", title=p.title,
                cover_letter=p.cover_letter or "", summary=p.summary or "",
                lines=tuple(DocLine(line.sku or "", line.description, line.quantity, line.unit,
                                    line.unit_price, t.discount, t.net, line.optional)
                            for line, t in zip(lines, result.lines, strict=True)),
                net=result.net, discount=result.discount, tax=result.tax, total=result.total,
                optional_total=result.optional_total, terms=terms)

    # -- helpers ---------------------------------------------------------------------
    def _draft(self, session: Any, proposal_id: uuid.UUID) -> Proposal:
        proposal = self._get(session, Proposal, proposal_id)
        if proposal.status != proposal_states.DRAFT:
            raise ValidationError({"status": _(
                "Revision {n} was sent and is frozen: make a new revision to change it."
            ).format(n=proposal.revision)})
        return proposal

    def _price(self, session: Any, product: Product, quantity: Decimal, proposal: Proposal,
               account: Account) -> Decimal:
        rows = session.execute(select(PriceEntry).where(
            PriceEntry.product_id == product.id, PriceEntry.deleted_at.is_(None))).scalars()
        entries = [pricing.PriceEntry(e.product_id.hex, e.currency, e.min_quantity,
                                      e.unit_price, e.account_id.hex if e.account_id else None,
                                      e.tier) for e in rows]
        try:
            return pricing.unit_price(product.id.hex, quantity, proposal.currency, None, entries,
                                      account_id=account.id.hex, tier=account.tier)
        except pricing.PricingError as exc:
            raise ValidationError({"unit_price": str(exc)}) from None


_COPIED = ("account_id", "contact_id", "opportunity_id", "author_id", "number", "title",
           "currency", "cover_letter", "summary", "clauses")
_LINE_COPIED = ("account_id", "position", "product_id", "sku", "description", "quantity",
                "unit", "unit_price", "discount_percent", "discount_amount", "tax_rate",
                "optional", "ship_date")


def _opportunity(session: Any, opportunity_id: uuid.UUID | None,
                 account_id: uuid.UUID) -> Any:
    if opportunity_id is None:
        return None
    from desktop.domain.schema.pipeline import Opportunity

    opp = session.get(Opportunity, opportunity_id)
    if opp is None or opp.deleted_at is not None or opp.account_id != account_id:
        raise ValidationError({"opportunity_id": _("That deal is not at this account.")})
    return opp


def advance_opportunity(service: Service, session: Any, proposal: Proposal, *,
                        order_placed: bool) -> None:
    """The proposal's deal moves forward in the caller's unit of work: accepted,
    to the open stage after "proposal" (negotiation), never backwards; once the
    order is placed, to won. A deal already won or lost stays as it is (a rep
    closed it on purpose)."""
    if proposal.opportunity_id is None:
        return
    from desktop.domain import stages
    from desktop.domain.schema.pipeline import Opportunity
    from desktop.services.opportunities import move, stored_stages

    opp = session.get(Opportunity, proposal.opportunity_id)
    if opp is None or opp.deleted_at is not None or opp.outcome != stages.OPEN:
        return
    all_stages = stored_stages(session)
    target = (stages.closing(all_stages, stages.WON) if order_placed
              else stages.after_proposal(all_stages, opp.stage))
    if target is not None:
        move(service, session, opp, target,
             _("Order placed from proposal {n}").format(n=proposal.number)
             if order_placed else None)


def ceiling(session: Any, proposal: Proposal) -> Decimal:
    """The discount ceiling of the proposal's rep (a share of the line)."""
    from desktop.domain.approval import ceiling_of

    rep = session.get(User, proposal.author_id) if proposal.author_id else None
    return ceiling_of(rep.discount_ceiling if rep is not None else None)


def over_ceiling(session: Any, proposal: Proposal) -> list[int]:
    """Line numbers (1-based, as listed) whose discount is above the rep's ceiling."""
    lines = _lines(session, proposal.id)
    over = pricing.needs_approval([_spec(x) for x in lines], proposal.currency,
                                  ceiling(session, proposal))
    return [i + 1 for i in over]


def _lines(session: Any, proposal_id: uuid.UUID) -> list[ProposalLine]:
    return list(session.execute(select(ProposalLine).where(
        ProposalLine.proposal_id == proposal_id, ProposalLine.deleted_at.is_(None))
        .order_by(ProposalLine.position)).scalars())


def _spec(line: ProposalLine) -> pricing.Line:
    return pricing.Line(line.quantity, line.unit_price, line.discount_percent,
                        line.discount_amount, line.tax_rate, line.optional)
