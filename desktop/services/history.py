"""The contact history: interactions, follow-ups and client concerns."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from desktop.domain.rules import INTERACTION_RULES
from desktop.domain.schema import Account, Concern, ConcernStatus, Contact, FollowUp, Interaction
from desktop.i18n import _
from desktop.services.base import Saved, Service
from desktop.services.fields import clean
from desktop.services.validation import Checker, ValidationError
from desktop.store.changes import Changes


class HistoryService(Service):
    def log_interaction(
        self,
        account_id: uuid.UUID,
        values: Mapping[str, Any],
        *,
        follow_up: Mapping[str, Any] | None = None,
    ) -> Saved:
        """Record one call, email, visit, ... and optionally the follow-up it needs,
        both in one transaction."""
        values = {"direction": "out", "occurred_at": self.clock(), **values}
        errors: dict[str, str] = {}
        try:
            cleaned = clean(Interaction, INTERACTION_RULES, values, creating=True)
        except ValidationError as exc:
            errors.update(exc.errors)
        try:
            follow = self._clean_follow_up(follow_up) if follow_up else None
        except ValidationError as exc:
            errors.update(exc.errors)
        if errors:  # every problem at once, the follow-up's too
            raise ValidationError(errors)
        with self.store.unit_of_work() as uow:
            account = self._get(uow.session, Account, account_id)
            self._check_contact(uow.session, account.id, cleaned.get("contact_id"))
            interaction = self._new(
                Interaction, account_id=account.id, author_id=self.user_id, **cleaned
            )
            uow.session.add(interaction)
            uow.session.flush()  # no ORM relationship orders the follow-up after it
            if follow is not None:
                uow.session.add(
                    self._new(
                        FollowUp,
                        account_id=account.id,
                        contact_id=cleaned.get("contact_id"),
                        interaction_id=interaction.id,
                        assignee_id=self.user_id,
                        **follow,
                    )
                )
            return Saved(interaction.id, uow.commit())

    def update_interaction(self, interaction_id: uuid.UUID, values: Mapping[str, Any]) -> Changes:
        cleaned = clean(Interaction, INTERACTION_RULES, values)
        with self.store.unit_of_work() as uow:
            row = self._get(uow.session, Interaction, interaction_id)
            if "contact_id" in cleaned:
                self._check_contact(uow.session, row.account_id, cleaned["contact_id"])
            self._apply(row, cleaned)
            return uow.commit()

    def delete_interaction(self, interaction_id: uuid.UUID) -> Changes:
        """Tombstone, so the deletion syncs; the row stays in the file."""
        with self.store.unit_of_work() as uow:
            row = self._get(uow.session, Interaction, interaction_id)
            now = self.clock()
            self._apply(row, {"deleted_at": now})
            return uow.commit()

    def add_follow_up(self, account_id: uuid.UUID, values: Mapping[str, Any]) -> Saved:
        follow = self._clean_follow_up(values)
        with self.store.unit_of_work() as uow:
            account = self._get(uow.session, Account, account_id)
            row = self._new(FollowUp, account_id=account.id, assignee_id=self.user_id, **follow)
            uow.session.add(row)
            return Saved(row.id, uow.commit())

    def set_follow_up_done(self, follow_up_id: uuid.UUID, done: bool) -> Changes:
        with self.store.unit_of_work() as uow:
            row = self._get(uow.session, FollowUp, follow_up_id)
            if row.done != done:
                self._apply(row, {"done_at": self.clock() if done else None})
            return uow.commit()

    def open_concern(self, account_id: uuid.UUID, title: str, details: str = "",
                     contact_id: uuid.UUID | None = None) -> Saved:
        check = Checker()
        clean_title = check.text("title", title, Concern.__table__.c.title, required=True,
                                 label=_("Concern"))
        check.raise_if_any()
        with self.store.unit_of_work() as uow:
            account = self._get(uow.session, Account, account_id)
            self._check_contact(uow.session, account.id, contact_id)
            row = self._new(Concern, account_id=account.id, contact_id=contact_id,
                            title=clean_title, details=details.strip() or None,
                            opened_at=self.clock(), status=ConcernStatus.OPEN.value)
            uow.session.add(row)
            return Saved(row.id, uow.commit())

    def set_concern_status(self, concern_id: uuid.UUID, status: ConcernStatus,
                           resolution: str = "") -> Changes:
        if status is ConcernStatus.RESOLVED and not resolution.strip():
            raise ValidationError({"resolution": _("Say how the concern was resolved.")})
        with self.store.unit_of_work() as uow:
            row = self._get(uow.session, Concern, concern_id)
            resolved = status is ConcernStatus.RESOLVED
            self._apply(row, {
                "status": status.value,
                "resolution": resolution.strip() or row.resolution,
                "resolved_at": (row.resolved_at or self.clock()) if resolved else None,
            })
            return uow.commit()

    def _clean_follow_up(self, values: Mapping[str, Any]) -> dict[str, Any]:
        check = Checker()
        title = check.text("follow_up_title", values.get("title"), FollowUp.__table__.c.title,
                           required=True, label=_("Follow-up"))
        due = values.get("due_date")
        if not isinstance(due, date) or isinstance(due, datetime):
            check.fail("follow_up_due", _("The follow-up needs a due date."))
        check.raise_if_any()
        notes = (values.get("notes") or "").strip() or None
        return {"title": title, "due_date": due, "notes": notes}

    def _check_contact(self, session: Any, account_id: uuid.UUID,
                       contact_id: uuid.UUID | None) -> None:
        if contact_id is None:
            return
        contact = session.get(Contact, contact_id)
        if contact is None or contact.account_id != account_id or contact.deleted_at:
            raise ValidationError({"contact_id": _("That contact is not on this account.")})
