"""A rep's busy times: appointments from their calendar (an imported .ics) that
the planner keeps free of visits and driving (``desktop.planning.busy``).

They are the rep's own, on every laptop the rep signs in to and nowhere else:
the server sends a busy time to its owner only (not the manager, not an
administrator) and decides the owner from who pushes it (``server.busy_rules``).
A busy time ends after it starts and lasts at most ``MAX_DAYS`` days
(:func:`problem`, checked by the app before it stores and by the server).
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from desktop.domain.schema.base import SyncedBase
from desktop.i18n import N_

MAX_DAYS = 31  # a month away (leave, a trade fair) is a busy time; a year is a mistake


class BusyTime(SyncedBase):
    __tablename__ = "busy_times"

    owner_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"),
                                                       default=None)  # the server sets it
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    summary: Mapped[str] = mapped_column(String(200), default="")

    __table_args__ = (Index("ix_busy_times_owner_starts", "owner_id", "starts_at"),)


def problem(starts_at: datetime, ends_at: datetime) -> str | None:
    """Why a busy time cannot be stored (a template marked for translation), or None."""
    if ends_at <= starts_at:
        return N_("A busy time must end after it starts.")
    if ends_at - starts_at > timedelta(days=MAX_DAYS):
        return N_("A busy time lasts at most 31 days.")
    return None


__all__ = ["MAX_DAYS", "BusyTime", "problem"]
