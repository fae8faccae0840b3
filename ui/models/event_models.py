"""The Events view's tables: the events (upcoming first, handed to the view a
page at a time as it scrolls), and one event's attendees, sourced leads and
sourced deals (short lists)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal

from PySide6.QtCore import QModelIndex

from desktop.domain.schema.enums import (
    AttendeeStatus,
    EventKind,
    LeadSource,
    LeadStatus,
    label_of,
)
from desktop.i18n import _, ngettext
from desktop.services.event_sources import SourcedDeal, SourcedLead
from desktop.services.events import AttendeeRow, EventRow
from ui.formatting import day
from ui.models.row_table import Column, Index, RowTableModel

PAGE = 100
PAST = "#6B6B6B"


def money(amount: Decimal, currency: str, locale: str) -> str:
    """``$45,300``: whole units (a table cell has no room for cents)."""
    from ui.models.pipeline_models import whole_money

    return whole_money(amount, currency, locale)


def dates(starts: date, ends: date) -> str:
    """``Dec 17, 2026 – Dec 19, 2026`` (the detail pane)."""
    return day(starts) if starts == ends else f"{day(starts)} – {day(ends)}"


def when(starts: date, ends: date) -> str:
    """``Dec 17, 2026, 3 days``: short enough for a list cell."""
    days = (ends - starts).days + 1
    if days <= 1:
        return day(starts)
    return ngettext("{start}, {n} day", "{start}, {n} days", days).format(start=day(starts),
                                                                            n=days)


def where(row: EventRow) -> str:
    return ", ".join(x for x in (row.place, row.city) if x and x != row.city) or row.city or ""


class EventTableModel(RowTableModel[EventRow]):
    """Every event is read at once (a few hundred at most) but the view is given
    them ``PAGE`` at a time through ``fetchMore``, so a long past never costs a
    paint it does not show."""

    def __init__(self, today: Callable[[], date], locale: str) -> None:
        self.today = today

        def colour(r: EventRow) -> str | None:
            return PAST if r.ends_on < today() else None

        super().__init__([
            Column(_("When"), lambda r: when(r.starts_on, r.ends_on), colour=colour),
            Column(_("Event"), lambda r: r.name, colour=colour),
            Column(_("Kind"), lambda r: label_of(EventKind, r.kind), colour=colour),
            Column(_("Place"), where, colour=colour),
            Column(_("Attendees"), lambda r: str(r.attendees), colour=colour),
            Column(_("Cost"), lambda r: money(r.cost, r.currency, locale), colour=colour),
        ])
        self._later: list[EventRow] = []

    def set_rows(self, rows: Sequence[EventRow]) -> None:
        rows = list(rows)
        self._later = rows[PAGE:]
        super().set_rows(rows[:PAGE])

    def update_rows(self, rows: Sequence[EventRow],
                    key: Callable[[EventRow], object] | None = None) -> None:
        """In place: as many rows as the view has been given (at least a page)."""
        rows = list(rows)
        shown = max(PAGE, self.rowCount())
        self._later = rows[shown:]
        super().update_rows(rows[:shown], key)

    def all_rows(self) -> list[EventRow]:
        return [self.row_at(n) for n in range(self.rowCount())] + self._later

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008, N802
        return not parent.isValid() and bool(self._later)

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008, N802
        if parent.isValid() or not self._later:
            return
        more, self._later = self._later[:PAGE], self._later[PAGE:]
        first = self.rowCount()
        self.beginInsertRows(QModelIndex(), first, first + len(more) - 1)
        self._rows.extend(more)
        self.endInsertRows()


def attendee_columns() -> list[Column[AttendeeRow]]:
    def status(a: AttendeeRow) -> str:
        return label_of(AttendeeStatus, a.status)

    return [
        Column(_("Name"), lambda a: a.name or _("(no name)")),
        Column(_("Company"), lambda a: a.company),
        Column(_("Type"), lambda a: _("Contact") if a.contact_id else _("Lead")),
        Column(_("Status"), status,
               colour=lambda a: "#2E7D32" if a.status == AttendeeStatus.ATTENDED else None),
    ]


def lead_columns() -> list[Column[SourcedLead]]:
    return [
        Column(_("Received"), lambda r: day(r.received_at)),
        Column(_("Company"), lambda r: r.company),
        Column(_("Person"), lambda r: r.person),
        Column(_("Source"), lambda r: label_of(LeadSource, r.source)),
        Column(_("Status"), lambda r: label_of(LeadStatus, r.status)),
    ]


def deal_columns(locale: str, stage_names: Callable[[], dict[str, str]]
                 ) -> list[Column[SourcedDeal]]:
    def outcome_colour(d: SourcedDeal) -> str | None:
        return {"won": "#2E7D32", "lost": PAST}.get(d.outcome)

    return [
        Column(_("Deal"), lambda d: d.name),
        Column(_("Account"), lambda d: d.account),
        Column(_("Stage"), lambda d: stage_names().get(d.stage, d.stage),
               colour=outcome_colour),
        Column(_("Amount"), lambda d: money(d.amount, d.currency, locale)),
        Column(_("Close"), lambda d: day(d.close_date)),
    ]
