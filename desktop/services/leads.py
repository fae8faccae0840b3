"""Leads: capture in seconds, qualify, assign, and convert in one step.

Every method is one unit of work (run it as a writer job: ``ops.write``) and
returns what changed. Conversion returns the ids it created, so the UI can open
them or offer an undo. The fit score shown locally comes from
``desktop.domain.scoring`` with the office's weights; the server recomputes it.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any, NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.lead_rules import LEAD_DEFAULTS, LEAD_RULES, NAME_FIELDS
from desktop.domain.schema import Account, Contact, User
from desktop.domain.schema.enums import AccountKind, AccountStatus, LeadStatus, LeadTiming
from desktop.domain.schema.pipeline import Lead, LeadScoreWeight
from desktop.i18n import _
from desktop.services.base import Saved, Service
from desktop.services.fields import clean
from desktop.services.lead_convert import new_opportunity
from desktop.services.validation import ValidationError
from desktop.store.changes import Changes

# When a lead means to buy -> the converted deal's expected close, in days.
CLOSE_IN_DAYS: dict[str, int] = {
    LeadTiming.NOW.value: 30, LeadTiming.QUARTER.value: 90, LeadTiming.HALF_YEAR.value: 182,
    LeadTiming.YEAR.value: 365, LeadTiming.UNKNOWN.value: 90,
}
_OPEN = frozenset({LeadStatus.NEW.value, LeadStatus.WORKING.value, LeadStatus.QUALIFIED.value})
_SETTABLE = _OPEN | {LeadStatus.DISQUALIFIED.value}


class Converted(NamedTuple):
    """What a conversion made or used. ``created`` lists (table, id) of the rows
    it created (not the ones it reused), for an undo."""

    lead_id: uuid.UUID
    account_id: uuid.UUID
    contact_id: uuid.UUID | None
    opportunity_id: uuid.UUID | None
    created: tuple[tuple[str, uuid.UUID], ...]
    changes: Changes


def parse_budget(raw: Any) -> Decimal | None:
    """A budget as typed ("25,000", "$ 1200.50", Decimal) or None; ValueError when not a sum."""
    if raw is None or isinstance(raw, Decimal):
        return raw
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        return Decimal(str(raw))
    text = str(raw).strip().replace(",", "").replace(" ", "").lstrip("$€£")
    if not text:
        return None
    scale = 1
    if text[-1] in "kK":  # "25k"
        text, scale = text[:-1], 1000
    try:
        value = Decimal(text) * scale
    except InvalidOperation:
        raise ValueError(raw) from None
    if not value.is_finite() or value < 0:
        raise ValueError(raw)
    return value


def score_weights(session: Session) -> dict[str, tuple[int, int | None]]:
    """The office's fit-score weights in the cache (empty: the defaults apply)."""
    rows = session.execute(select(LeadScoreWeight).where(
        LeadScoreWeight.deleted_at.is_(None))).scalars()
    return {r.factor: (r.weight, r.cap) for r in rows}


def lead_values(lead: Lead) -> dict[str, Any]:
    return {c.name: getattr(lead, c.name) for c in Lead.__table__.columns}


class LeadService(Service):
    def capture(self, values: Mapping[str, Any]) -> Saved:
        """A new lead from the capture dialog, the CSV import or an event.

        ``values`` uses the ``LEAD_RULES`` fields plus ``budget`` (text or
        Decimal) and ``received_at`` (aware datetime; default now). The phone
        becomes E.164 in the lead's country (default: the rep's home region).
        Needs a company or a person's name. Status starts ``new``; the owner is
        the current rep unless ``owner_id`` is given (None: unassigned)."""
        with self.store.unit_of_work() as uow:
            lead = self.new_lead(uow.session, values)
            uow.session.add(lead)
            return Saved(lead.id, uow.commit())

    def new_lead(self, session: Session, values: Mapping[str, Any]) -> Lead:
        """The checked, scored lead row (not added): ``capture``'s and the import's."""
        values = dict(values)
        owner_given = "owner_id" in values
        cleaned = self._clean(values, creating=True)
        if not any(cleaned.get(f) for f in NAME_FIELDS):
            raise ValidationError({"company": _("Give a company or a person's name.")})
        self._check_owner(session, cleaned.get("owner_id"))
        if not owner_given:
            cleaned["owner_id"] = self.user_id
        lead = self._new(Lead, status=LeadStatus.NEW.value,
                         **{k: v for k, v in cleaned.items() if v is not None
                            or k == "owner_id"})
        lead.fit_score = _score(session, lead)
        return lead

    def update(self, lead_id: uuid.UUID, values: Mapping[str, Any]) -> Changes:
        """Edit the given fields of an open lead (status has its own method)."""
        with self.store.unit_of_work() as uow:
            lead = self._open_lead(uow.session, lead_id)
            merged = dict(values)
            if "phone" in merged and "country" not in merged:
                merged["country"] = lead.country
            cleaned = self._clean(merged)
            after = {**lead_values(lead), **cleaned}
            if not any(after.get(f) for f in NAME_FIELDS):
                raise ValidationError({"company": _("Give a company or a person's name.")})
            self._check_owner(uow.session, cleaned.get("owner_id"))
            if self._apply(lead, cleaned):
                lead.fit_score = _score(uow.session, lead)
            return uow.commit()

    def set_status(self, lead_id: uuid.UUID, status: str, reason: str | None = None) -> Changes:
        """``new``, ``working``, ``qualified`` or ``disqualified`` (a reason is
        required and kept). ``converted`` is set by :meth:`convert` only."""
        if status not in _SETTABLE:
            raise ValidationError({"status": _("A lead is converted with Convert, not by "
                                               "setting its status.")
                                   if status == LeadStatus.CONVERTED.value
                                   else _("'{v}' is not a lead status.").format(v=status)})
        reason = (reason or "").strip() or None
        if status == LeadStatus.DISQUALIFIED.value and not reason:
            raise ValidationError({"disqualified_reason": _("Say why the lead is disqualified.")})
        limit = int(getattr(Lead.__table__.c.disqualified_reason.type, "length", 200))
        if reason and len(reason) > limit:
            raise ValidationError({"disqualified_reason": _(
                "The reason is too long: {n} characters, at most {limit}.").format(
                    n=len(reason), limit=limit)})
        with self.store.unit_of_work() as uow:
            lead = self._open_lead(uow.session, lead_id)
            self._apply(lead, {"status": status, "disqualified_reason":
                               reason if status == LeadStatus.DISQUALIFIED.value else None})
            return uow.commit()

    def assign(self, lead_id: uuid.UUID, owner_id: uuid.UUID | None) -> Changes:
        """Give the lead to a rep (a manager's inbox of unassigned leads);
        the lead takes the rep's territory when it has none."""
        with self.store.unit_of_work() as uow:
            lead = self._open_lead(uow.session, lead_id)
            values: dict[str, Any] = {"owner_id": owner_id}
            if owner_id is not None:
                rep = self._check_owner(uow.session, owner_id)
                if lead.territory_id is None and rep is not None:
                    values["territory_id"] = rep.territory_id
            self._apply(lead, values)
            return uow.commit()

    def convert(self, lead_id: uuid.UUID, *, account_id: uuid.UUID | None = None,
                contact_id: uuid.UUID | None = None, new_contact: bool = True,
                opportunity: bool = True, opportunity_name: str | None = None,
                close_date: date | None = None) -> Converted:
        """Turn a lead into an account + contact + opportunity in one unit of work.

        ``account_id`` None: a new account from the lead's company and address;
        else onto that existing account, with ``contact_id`` (an existing contact
        of it) or, when ``new_contact``, a new contact from the lead's person.
        The opportunity opens at the first open stage, amount = budget, close
        date from the timing (or ``close_date``). The lead becomes ``converted``
        with ``converted_*`` ids; converting twice raises ``ValidationError``."""
        with self.store.unit_of_work() as uow:
            s = uow.session
            lead = self._get(s, Lead, lead_id)
            if lead.status == LeadStatus.CONVERTED.value or lead.converted_at is not None:
                raise ValidationError({"status": _("This lead was converted already.")})
            if lead.merged_into_id is not None:
                raise ValidationError({"status": _("This lead was merged into another.")})
            created: list[tuple[str, uuid.UUID]] = []
            now = self.clock()
            if account_id is None:
                account = self._account_from(lead)
                s.add(account)
                created.append(("accounts", account.id))
            else:
                account = self._get(s, Account, account_id)
            contact = None
            if contact_id is not None:
                contact = self._get(s, Contact, contact_id)
                if contact.account_id != account.id:
                    raise ValidationError({"contact_id": _(
                        "That contact belongs to another account.")})
            elif new_contact and (lead.first_name or lead.last_name):
                contact = self._contact_from(lead, account)
                s.add(contact)
                created.append(("contacts", contact.id))
            opp_id = None
            if opportunity:
                s.flush()
                name = (opportunity_name or "").strip() or _opportunity_name(lead, account)
                when = close_date or (now + timedelta(days=CLOSE_IN_DAYS.get(
                    lead.timing, 90))).date()
                opp_id = new_opportunity(self, s, account, contact, lead, name, when)
                created.append(("opportunities", opp_id))
            self._apply(lead, {
                "status": LeadStatus.CONVERTED.value, "converted_at": now,
                "converted_account_id": account.id,
                "converted_contact_id": contact.id if contact else None,
                "converted_opportunity_id": opp_id})
            changes = uow.commit()
            return Converted(lead.id, account.id, contact.id if contact else None, opp_id,
                             tuple(created), changes)

    # -- helpers -------------------------------------------------------------

    def _clean(self, values: dict[str, Any], *, creating: bool = False) -> dict[str, Any]:
        errors: dict[str, str] = {}
        budget_given = "budget" in values
        raw_budget = values.pop("budget", None)
        received = values.pop("received_at", None)
        if creating:
            region = self.session.settings.home_region or "US"
            values = {**LEAD_DEFAULTS, "country": region,
                      **{k: v for k, v in values.items() if v is not None or k == "owner_id"}}
        country = str(values.get("country") or LEAD_DEFAULTS["country"]).upper()
        try:
            cleaned = clean(Lead, LEAD_RULES, values, region=country, creating=creating)
        except ValidationError as exc:
            errors.update(exc.errors)
            cleaned = {}
        if "currency" in cleaned and cleaned["currency"] is not None:
            cur = str(cleaned["currency"]).upper()
            if len(cur) != 3 or not cur.isalpha():
                errors["currency"] = _("Use the three-letter currency code (USD, EUR).")
            cleaned["currency"] = cur
        if creating and not cleaned.get("currency"):
            cleaned.pop("currency", None)
        if budget_given:
            try:
                cleaned["budget"] = parse_budget(raw_budget)
            except ValueError:
                errors["budget"] = _("'{v}' is not an amount.").format(v=raw_budget)
        if received is not None:
            if not isinstance(received, datetime) or received.tzinfo is None:
                errors["received_at"] = _("Received needs a date and time.")
            cleaned["received_at"] = received
        elif creating:
            cleaned["received_at"] = self.clock()
        if errors:
            raise ValidationError(errors)
        return cleaned

    def _check_owner(self, session: Session, owner_id: uuid.UUID | None) -> User | None:
        if owner_id is None:
            return None
        rep = session.get(User, owner_id)
        if rep is None:
            raise ValidationError({"owner_id": _("Unknown user.")})
        return rep

    def _open_lead(self, session: Session, lead_id: uuid.UUID) -> Lead:
        """A lead that may still change: not converted, not merged away."""
        lead = self._get(session, Lead, lead_id)
        if lead.status == LeadStatus.CONVERTED.value:
            raise ValidationError({"status": _("This lead was converted already.")})
        if lead.merged_into_id is not None:
            raise ValidationError({"status": _("This lead was merged into another.")})
        return lead

    def _account_from(self, lead: Lead) -> Account:
        name = lead.company or _person(lead) or _("Lead")
        return self._new(
            Account, name=name, kind=AccountKind.CUSTOMER.value,
            status=AccountStatus.PROSPECT.value, phone=lead.phone,
            billing_street=lead.street, billing_city=lead.city, billing_region=lead.region,
            billing_postal_code=lead.postal_code, billing_country=lead.country,
            currency=lead.currency, owner_id=lead.owner_id or self.user_id,
            territory_id=lead.territory_id, broker_id=lead.referrer_account_id,
            tags=[], notes=lead.need)

    def _contact_from(self, lead: Lead, account: Account) -> Contact:
        return self._new(Contact, account_id=account.id, first_name=lead.first_name or "",
                         last_name=lead.last_name or "", title=lead.title,
                         work_phone=lead.phone, email=lead.email)


def _person(lead: Lead) -> str:
    return " ".join(p for p in (lead.first_name, lead.last_name) if p)


def _opportunity_name(lead: Lead, account: Account) -> str:
    need = (lead.need or "").strip().splitlines()[0][:80] if (lead.need or "").strip() else ""
    return f"{account.name}: {need}" if need else account.name


def _score(session: Session, lead: Lead) -> int:
    from desktop.domain.scoring import fit_score

    return fit_score(lead_values(lead), score_weights(session))
