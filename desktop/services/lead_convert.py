"""The deal a converted lead opens, written inside the conversion's unit of work.

``OpportunityService.create`` opens a unit of work of its own, and a
conversion is one unit (account, contact, deal and lead together or nothing),
so the deal and its first stage-change row are built here with the same
stage rules (``opportunities.stored_stages``, ``desktop.domain.stages``).
"""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from desktop.domain import stages as stage_rules
from desktop.domain.schema.pipeline import Lead, Opportunity, OpportunityStageChange
from desktop.i18n import _
from desktop.services.validation import ValidationError

if TYPE_CHECKING:
    from desktop.domain.schema import Account, Contact
    from desktop.services.base import Service


def new_opportunity(service: Service, session: Session, account: Account,
                    contact: Contact | None, lead: Lead, name: str, close: date) -> uuid.UUID:
    """Add the deal at the first open stage, amount = the lead's budget."""
    from desktop.services.opportunities import stored_stages

    stage = stage_rules.first_open(stored_stages(session))
    if stage is None:
        raise ValidationError({"stage": _("There is no open stage to start a deal in.")})
    now = service.clock()
    amount = lead.budget if lead.budget is not None else Decimal(0)
    opp = service._new(
        Opportunity, account_id=account.id, contact_id=contact.id if contact else None,
        owner_id=lead.owner_id or service.user_id, name=name[:200], amount=amount,
        currency=lead.currency, close_date=close, stage=stage.key, outcome=stage.kind,
        stage_changed_at=now, source_lead_id=lead.id, event_id=lead.event_id,
        broker_id=lead.referrer_account_id or account.broker_id, description=lead.need)
    session.add(opp)
    session.flush()
    session.add(service._new(
        OpportunityStageChange, opportunity_id=opp.id, account_id=account.id,
        from_stage=None, to_stage=stage.key, amount=amount, changed_at=now,
        changed_by=service.user_id))
    return opp.id
