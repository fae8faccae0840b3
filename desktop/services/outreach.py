"""One step from a list of accounts (dormant customers, cross-sell targets) to
work: an action plan's targets, a trip's stops, or a follow-up on each.

Each is one unit of work and returns its ``Changes``; an account already on the
plan or the trip is not added twice. Follow-ups are the current user's, like
those logged on the account page.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from desktop.domain.schema.entities import FollowUp
from desktop.i18n import _
from desktop.planning.action_plans import ActionPlanService
from desktop.planning.targets import TargetRow
from desktop.planning.trips import TripService
from desktop.services.base import Service
from desktop.services.validation import Checker
from desktop.store.changes import Changes
from desktop.store.store import Store


class Outreach(Service):
    def __init__(self, store: Store, plans: ActionPlanService, trips: TripService,
                 **kwargs: Any) -> None:
        super().__init__(store, **kwargs)
        self.plans = plans
        self.trips = trips

    def add_to_plan(self, plan_id: uuid.UUID, account_ids: Iterable[uuid.UUID],
                    purpose: str | None = None) -> Changes:
        return self.plans.add_targets(plan_id, list(account_ids), purpose)

    def add_to_trip(self, trip_id: uuid.UUID, account_ids: Iterable[uuid.UUID]) -> Changes:
        return self.trips.add_stops(trip_id, self.targets(list(account_ids)))

    def add_follow_ups(self, account_ids: Sequence[uuid.UUID],
                       values: Mapping[str, Any]) -> Changes:
        """The same follow-up (title, due date, notes) on each account; a
        ``{account hex: title}`` under ``titles`` gives an account its own title."""
        titles: Mapping[str, str] = values.get("titles") or {}
        check = Checker()
        for title in [values.get("title"), *titles.values()]:
            check.text("title", title, FollowUp.__table__.c.title, required=True,
                       label=_("Follow-up"))
        due = values.get("due_date")
        if not isinstance(due, date) or isinstance(due, datetime):
            check.fail("due_date", _("The follow-up needs a due date."))
        check.raise_if_any()
        notes = (values.get("notes") or "").strip() or None
        with self.store.unit_of_work() as uow:
            for account_id in dict.fromkeys(account_ids):
                title = str(titles.get(account_id.hex) or values["title"]).strip()
                uow.session.add(self._new(FollowUp, account_id=account_id,
                                          assignee_id=self.user_id, title=title,
                                          due_date=due, notes=notes))
            return uow.commit()

    def targets(self, account_ids: list[uuid.UUID]) -> list[TargetRow]:
        """Trip targets for these accounts (in this order; gone ones left out)."""
        found: dict[str, TargetRow] = {}
        conn = self.store.reads()
        for start in range(0, len(account_ids), 500):
            chunk = [a.hex for a in account_ids[start:start + 500]]
            for r in conn.execute(
                    "SELECT id, name, billing_city, billing_region, billing_postal_code, tier, "  # nosec B608 - identifiers from code, values bound
                    "kind, status, latitude, longitude FROM accounts WHERE deleted_at IS NULL "
                    f"AND id IN ({', '.join('?' * len(chunk))})", chunk):  # noqa: S608
                found[r[0]] = TargetRow(uuid.UUID(hex=r[0]), r[1], r[2], r[3], r[4], r[5], r[6],
                                        r[7], r[8], r[9], None, None, None, False)
        return [found[a.hex] for a in account_ids if a.hex in found]
