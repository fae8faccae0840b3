"""Leads: capture in seconds, qualify, assign, and convert in one step.

Every method is one unit of work (run it as a writer job: ``ops.write``) and
returns what changed. Conversion returns the ids it created, so the UI can open
them or offer an undo.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import date
from typing import Any, NamedTuple

from desktop.services.base import Saved, Service
from desktop.store.changes import Changes


class Converted(NamedTuple):
    """What a conversion made or used. ``created`` lists (table, id) of the rows
    it created (not the ones it reused), for an undo."""

    lead_id: uuid.UUID
    account_id: uuid.UUID
    contact_id: uuid.UUID | None
    opportunity_id: uuid.UUID | None
    created: tuple[tuple[str, uuid.UUID], ...]
    changes: Changes


class LeadService(Service):
    def capture(self, values: Mapping[str, Any]) -> Saved:
        """A new lead from the capture dialog, the CSV import or an event.

        ``values`` uses the ``LEAD_RULES`` fields plus ``budget`` (text or
        Decimal) and ``received_at`` (aware datetime; default now). The phone
        becomes E.164 in the lead's country (default: the rep's home region).
        Needs a company or a person's name. Status starts ``new``; the owner is
        the current rep unless ``owner_id`` is given (None: unassigned)."""
        raise NotImplementedError

    def update(self, lead_id: uuid.UUID, values: Mapping[str, Any]) -> Changes:
        """Edit the given fields of an open lead (status has its own method)."""
        raise NotImplementedError

    def set_status(self, lead_id: uuid.UUID, status: str, reason: str | None = None) -> Changes:
        """``new``, ``working``, ``qualified`` or ``disqualified`` (a reason is
        required and kept). ``converted`` is set by :meth:`convert` only."""
        raise NotImplementedError

    def assign(self, lead_id: uuid.UUID, owner_id: uuid.UUID | None) -> Changes:
        """Give the lead to a rep (a manager's inbox of unassigned leads)."""
        raise NotImplementedError

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
        raise NotImplementedError
