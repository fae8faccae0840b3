"""Opportunities (deals in the Sales Pipe): create, edit, move between stages,
won or lost with a reason, reopen; each move writes one stage-change row.

The server decides a deal's outcome from its stage's kind, ``closed_at`` and
a stage change's ``changed_by``; this service sets the same values locally so
the rep sees them at once. Lines are priced like proposal lines, and a deal
with lines is worth the sum of their net amounts (tax aside). When the cache
has no stages yet (nothing synced), the defaults of ``desktop.domain.stages``
stand in.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any, NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain import stages as stage_rules
from desktop.domain.schema import Account, Contact
from desktop.domain.schema.pipeline import (
    Opportunity,
    OpportunityLine,
    OpportunityStage,
    OpportunityStageChange,
)
from desktop.domain.stages import Stage
from desktop.i18n import _
from desktop.services import opportunity_fields as fields
from desktop.services.base import Saved, Service
from desktop.services.validation import ValidationError
from desktop.store.changes import Changes


class StageChangeRow(NamedTuple):
    from_stage: str | None  # None: the deal was created
    to_stage: str
    amount: Decimal
    changed_at: datetime
    changed_by: uuid.UUID | None


class LineRow(NamedTuple):
    id: uuid.UUID
    position: int
    product_id: uuid.UUID | None
    sku: str | None
    description: str
    quantity: Decimal
    unit: str
    unit_price: Decimal
    discount_percent: Decimal


class OpportunityDetail(NamedTuple):
    """Everything the opportunity dialog shows."""

    id: uuid.UUID
    values: dict[str, Any]  # every column of the row, decoded
    lines: list[LineRow]
    account_name: str
    stage_name: str


def stored_stages(session: Session) -> list[Stage]:
    """The stages in the cache (inactive ones too), or the defaults when none synced yet."""
    rows = session.execute(select(OpportunityStage).where(
        OpportunityStage.deleted_at.is_(None))).scalars().all()
    if not rows:
        return list(stage_rules.DEFAULT_STAGES)
    return stage_rules.ordered([Stage(r.key, r.name, r.position, r.probability, r.kind,
                                      r.active) for r in rows])


def move(service: Service, session: Session, opp: Opportunity, stage: Stage,
         reason: str | None = None) -> bool:
    """Move ``opp`` to ``stage`` inside the caller's unit of work and record the
    move (one stage-change row); False when it is already there."""
    if opp.stage == stage.key:
        return False
    now = service.clock()
    values: dict[str, Any] = {"stage": stage.key, "stage_changed_at": now,
                              "outcome": stage.kind}
    if stage.kind == stage_rules.OPEN:
        values.update(closed_at=None, outcome_reason=None)
    else:
        values.update(closed_at=now, outcome_reason=(reason or "").strip() or None)
    before = opp.stage
    service._apply(opp, values)
    session.add(_change(service, opp, before, now))
    return True


def _change(service: Service, opp: Opportunity, before: str | None,
            now: datetime) -> OpportunityStageChange:
    return service._new(OpportunityStageChange, opportunity_id=opp.id,
                        account_id=opp.account_id, from_stage=before, to_stage=opp.stage,
                        amount=opp.amount, changed_at=now, changed_by=service.user_id)


class OpportunityService(Service):
    def stages(self) -> list[Stage]:
        """Every stage (inactive too), in position order; the board's columns
        are ``desktop.domain.stages.open_stages`` of these."""
        with self.store.unit_of_work() as uow:
            return stored_stages(uow.session)

    def create(self, values: Mapping[str, Any],
               lines: Sequence[Mapping[str, Any]] = ()) -> Saved:
        """A new deal. ``values``: ``account_id`` and ``name`` (required),
        ``close_date`` (required), ``contact_id``, ``amount``, ``currency`` (the
        account's by default), ``stage`` (the first open stage by default),
        ``probability`` (None: the stage's), ``forecast_category``,
        ``competitor``, ``next_step``, ``next_step_on``, ``source_lead_id``,
        ``event_id``, ``broker_id`` (the account's broker by default),
        ``owner_id`` (the rep by default), ``description``. ``lines``: see
        :meth:`add_line`; with lines the amount is their sum."""
        with self.store.unit_of_work() as uow:
            s = uow.session
            account = self._get(s, Account, _required_id(values, "account_id"))
            cleaned = fields.clean_opportunity(values, creating=True)
            all_stages = stored_stages(s)
            stage = _stage(all_stages, cleaned.pop("stage", None)
                           or _first_open_key(all_stages))
            self._check_contact(s, account, cleaned.get("contact_id"))
            cleaned.setdefault("currency", account.currency)
            cleaned.setdefault("broker_id", account.broker_id)
            cleaned.setdefault("owner_id", self.user_id)
            now = self.clock()
            opp = self._new(Opportunity, account_id=account.id, stage=stage.key,
                            outcome=stage.kind, stage_changed_at=now,
                            closed_at=None if stage.kind == stage_rules.OPEN else now,
                            **cleaned)
            s.add(opp)
            s.flush()
            for n, line in enumerate(lines, start=1):
                s.add(fields.priced_line(self, s, opp, account, line, n))
            if lines:
                s.flush()
                opp.amount = fields.lines_total(s, opp)
            s.add(_change(self, opp, None, now))
            return Saved(opp.id, uow.commit())

    def update(self, opp_id: uuid.UUID, values: Mapping[str, Any], *,
               removed_lines: Sequence[uuid.UUID] = (),
               added_lines: Sequence[Mapping[str, Any]] = ()) -> Changes:
        """Edit fields (only those given). A new ``stage`` moves the deal as
        :meth:`move_stage` does; with lines, ``amount`` follows them. Lines
        removed and added (see :meth:`add_line`) go in the same unit of work:
        a refused field leaves the lines as they were."""
        with self.store.unit_of_work() as uow:
            s = uow.session
            opp = self._get(s, Opportunity, opp_id)
            if removed_lines or added_lines:
                self._edit_lines(s, opp, removed_lines, added_lines)
            cleaned = fields.clean_opportunity(values)
            key = cleaned.pop("stage", None)
            if "contact_id" in cleaned:
                self._check_contact(s, self._get(s, Account, opp.account_id),
                                    cleaned["contact_id"])
            if fields.has_lines(s, opp):
                cleaned.pop("amount", None)
            self._apply(opp, cleaned)
            if key is not None:
                move(self, s, opp, _stage(stored_stages(s), key),
                     values.get("outcome_reason"))
            return uow.commit()

    def move_stage(self, opp_id: uuid.UUID, stage_key: str, *,
                   reason: str | None = None) -> Changes:
        """Drag to another stage: the deal and ONE stage-change row (from, to,
        amount, when, by whom). Moving to a won or lost stage closes the deal
        (``reason`` is kept); moving a closed deal to an open stage reopens it.
        Nothing is written when it is already at ``stage_key``."""
        with self.store.unit_of_work() as uow:
            s = uow.session
            opp = self._get(s, Opportunity, opp_id)
            stage = _stage(stored_stages(s), stage_key)
            if stage.kind == stage_rules.LOST and not (reason or "").strip():
                raise ValidationError({"outcome_reason": _("Say why the deal was lost.")})
            move(self, s, opp, stage, reason)
            return uow.commit()

    def mark_won(self, opp_id: uuid.UUID, reason: str | None = None) -> Changes:
        """Move to the won stage (the first active stage of kind won)."""
        return self.move_stage(opp_id, self._closing_key(stage_rules.WON), reason=reason)

    def mark_lost(self, opp_id: uuid.UUID, reason: str) -> Changes:
        """Move to the lost stage; a reason is required."""
        return self.move_stage(opp_id, self._closing_key(stage_rules.LOST), reason=reason)

    def reopen(self, opp_id: uuid.UUID, stage_key: str | None = None) -> Changes:
        """A won or lost deal back in the pipe, at ``stage_key`` (default: the
        stage it was in before it closed, else the first open stage)."""
        with self.store.unit_of_work() as uow:
            s = uow.session
            opp = self._get(s, Opportunity, opp_id)
            if opp.outcome == stage_rules.OPEN:
                raise ValidationError({"stage": _("The deal is still open.")})
            all_stages = stored_stages(s)
            key = stage_key or _stage_before_close(s, opp, all_stages)
            stage = _stage(all_stages, key)
            if stage.kind != stage_rules.OPEN:
                raise ValidationError({"stage": _("Reopen to an open stage.")})
            move(self, s, opp, stage)
            return uow.commit()

    def add_line(self, opp_id: uuid.UUID, values: Mapping[str, Any]) -> Saved:
        """A catalogue line (``product_id``, ``quantity``; priced from the
        account's lists unless ``unit_price`` is given) or free text
        (``description``, ``unit_price``); ``discount_percent`` optional."""
        with self.store.unit_of_work() as uow:
            s = uow.session
            opp = self._get(s, Opportunity, opp_id)
            account = self._get(s, Account, opp.account_id)
            line = fields.priced_line(self, s, opp, account, values,
                                      fields.next_position(s, opp))
            s.add(line)
            s.flush()
            self._apply(opp, {"amount": fields.lines_total(s, opp)})
            return Saved(line.id, uow.commit())

    def _edit_lines(self, s: Session, opp: Opportunity, removed: Sequence[uuid.UUID],
                    added: Sequence[Mapping[str, Any]]) -> None:
        for line_id in removed:
            line = self._get(s, OpportunityLine, line_id)
            if line.opportunity_id != opp.id:
                raise ValidationError({"lines": _("That line belongs to another deal.")})
            self._apply(line, {"deleted_at": self.clock()})
        s.flush()
        account = self._get(s, Account, opp.account_id)
        for values in added:
            s.add(fields.priced_line(self, s, opp, account, values,
                                     fields.next_position(s, opp)))
            s.flush()
        self._apply(opp, {"amount": fields.lines_total(s, opp)})

    def remove_line(self, line_id: uuid.UUID) -> Changes:
        with self.store.unit_of_work() as uow:
            s = uow.session
            line = self._get(s, OpportunityLine, line_id)
            self._apply(line, {"deleted_at": self.clock()})
            s.flush()
            opp = self._get(s, Opportunity, line.opportunity_id)
            self._apply(opp, {"amount": fields.lines_total(s, opp)})
            return uow.commit()

    def history(self, opp_id: uuid.UUID) -> list[StageChangeRow]:
        """The deal's stage changes, oldest first."""
        with self.store.unit_of_work() as uow:
            rows = uow.session.execute(select(OpportunityStageChange).where(
                OpportunityStageChange.opportunity_id == opp_id,
                OpportunityStageChange.deleted_at.is_(None)).order_by(
                OpportunityStageChange.changed_at)).scalars()
            return [StageChangeRow(r.from_stage, r.to_stage, r.amount, r.changed_at,
                                   r.changed_by) for r in rows]

    def detail(self, opp_id: uuid.UUID) -> OpportunityDetail:
        with self.store.unit_of_work() as uow:
            s = uow.session
            opp = self._get(s, Opportunity, opp_id)
            account = s.get(Account, opp.account_id)
            stage = next((x for x in stored_stages(s) if x.key == opp.stage), None)
            values = {c.name: getattr(opp, c.name) for c in Opportunity.__table__.columns}
            return OpportunityDetail(opp.id, values, fields.line_rows(s, opp),
                                     account.name if account else "",
                                     stage.name if stage else opp.stage)

    # -- helpers ---------------------------------------------------------------------
    def _closing_key(self, kind: str) -> str:
        with self.store.unit_of_work() as uow:
            stage = stage_rules.closing(stored_stages(uow.session), kind)
        if stage is None:
            raise ValidationError({"stage": _("No {kind} stage is set up.").format(kind=kind)})
        return stage.key

    def _check_contact(self, s: Session, account: Account, contact_id: uuid.UUID | None) -> None:
        if contact_id is None:
            return
        contact = self._get(s, Contact, contact_id)
        if contact.account_id != account.id:
            raise ValidationError({"contact_id": _("That contact is not at this account.")})


def _required_id(values: Mapping[str, Any], name: str) -> uuid.UUID:
    value = values.get(name)
    if not isinstance(value, uuid.UUID):
        raise ValidationError({name: _("Choose one.")})
    return value


def _first_open_key(all_stages: Sequence[Stage]) -> str:
    first = stage_rules.first_open(all_stages)
    if first is None:
        raise ValidationError({"stage": _("No open stage is set up.")})
    return first.key


def _stage(all_stages: Sequence[Stage], key: str) -> Stage:
    found = next((s for s in all_stages if s.key == key and s.active), None)
    if found is None:
        raise ValidationError({"stage": _("'{v}' is not an active stage.").format(v=key)})
    return found


def _stage_before_close(s: Session, opp: Opportunity, all_stages: Sequence[Stage]) -> str:
    open_keys = {x.key for x in stage_rules.open_stages(all_stages)}
    last = s.execute(select(OpportunityStageChange.from_stage).where(
        OpportunityStageChange.opportunity_id == opp.id,
        OpportunityStageChange.to_stage == opp.stage,
        OpportunityStageChange.deleted_at.is_(None)).order_by(
        OpportunityStageChange.changed_at.desc()).limit(1)).scalar()
    return last if last in open_keys else _first_open_key(all_stages)


