"""The rows of each exportable list: accounts (with the list's filters),
contacts, history and follow-ups, as (headers, rows) of plain values.

Accounts come page by page from the account list itself, so an export holds
exactly what the list shows under the same filter; the others are one query.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, NamedTuple

from desktop.i18n import N_, _
from desktop.services.account_list import AccountFilter

if TYPE_CHECKING:
    from desktop.services.container import Services

Value = str | int | float | date | datetime | None

LISTS = ("accounts", "contacts", "history", "follow-ups")


class Sheet(NamedTuple):
    title: str
    headers: list[str]
    rows: Iterator[list[Value]]


_ACCOUNT_HEADERS = (N_("Name"), N_("Kind"), N_("Status"), N_("Tier"), N_("City"),
                    N_("State / region"), N_("Country"), N_("Territory"), N_("Phone"),
                    N_("Last contact"), N_("Archived"))
_SQL = {
    "contacts": (
        (N_("Account"), N_("First name"), N_("Last name"), N_("Title"), N_("Email"),
         N_("Work phone"), N_("Mobile phone"), N_("Do not contact")),
        "SELECT a.name, c.first_name, c.last_name, c.title, c.email, c.work_phone, "
        "c.mobile_phone, c.do_not_contact FROM contacts c JOIN accounts a ON a.id = "
        "c.account_id WHERE c.deleted_at IS NULL AND a.deleted_at IS NULL "
        "ORDER BY a.name, c.last_name, c.first_name, c.id"),
    "history": (
        (N_("Account"), N_("When"), N_("Channel"), N_("Direction"), N_("Subject"),
         N_("Contact"), N_("Duration"), N_("Outcome"), N_("Notes")),
        "SELECT a.name, i.occurred_at, i.channel, i.direction, i.subject, "
        "nullif(trim(coalesce(c.first_name, '') || ' ' || coalesce(c.last_name, '')), ''), "
        "i.duration_minutes, i.outcome, i.notes FROM interactions i "
        "JOIN accounts a ON a.id = i.account_id LEFT JOIN contacts c ON c.id = i.contact_id "
        "WHERE i.deleted_at IS NULL AND a.deleted_at IS NULL "
        "ORDER BY i.occurred_at DESC, i.id"),
    "follow-ups": (
        (N_("Account"), N_("Due"), N_("Title"), N_("Contact"), N_("Done"), N_("Notes")),
        "SELECT a.name, f.due_date, f.title, "
        "nullif(trim(coalesce(c.first_name, '') || ' ' || coalesce(c.last_name, '')), ''), "
        "f.done_at, f.notes FROM follow_ups f JOIN accounts a ON a.id = f.account_id "
        "LEFT JOIN contacts c ON c.id = f.contact_id "
        "WHERE f.deleted_at IS NULL AND a.deleted_at IS NULL ORDER BY f.due_date, f.id"),
}
_TITLES = {"accounts": N_("Accounts"), "contacts": N_("Contacts"), "history": N_("History"),
           "follow-ups": N_("Follow-ups")}
_DATES = {"history": (1,), "follow-ups": (1, 4)}


def sheet(services: Services, name: str, flt: AccountFilter | None = None) -> Sheet:
    """The list ``name`` (one of :data:`LISTS`); ``flt`` filters the accounts."""
    if name == "accounts":
        return Sheet(_(_TITLES[name]), [_(h) for h in _ACCOUNT_HEADERS],
                     _accounts(services, flt or AccountFilter()))
    if name not in _SQL:
        raise ValueError(f"list must be one of {', '.join(LISTS)}")
    headers, sql = _SQL[name]
    return Sheet(_(_TITLES[name]), [_(h) for h in headers], _query(services, sql, _DATES.get(
        name, ())))


def _accounts(services: Services, flt: AccountFilter) -> Iterator[list[Value]]:
    after = None
    while True:
        page = services.account_list.page(flt, after, limit=2000)
        for r in page.rows:
            yield [r.name, r.kind, r.status, r.tier, r.city, r.region, r.country, r.territory,
                   r.phone, _naive(r.last_contact_at), r.archived]
        if page.next is None:
            return
        after = page.next


def _query(services: Services, sql: str, dates: tuple[int, ...]) -> Iterator[list[Value]]:
    for row in services.store.reads().execute(sql):
        values: list[Any] = list(row)
        for i in dates:
            values[i] = _when(values[i])
        yield values


def _when(text: str | None) -> date | datetime | None:
    """A stored time as naive UTC (a spreadsheet has no zones), a day as a date."""
    if not text:
        return None
    if len(text) == 10:
        return date.fromisoformat(text)
    return _naive(datetime.fromisoformat(text))


def _naive(value: datetime | None) -> datetime | None:
    if value is None or value.tzinfo is None:
        return value
    from datetime import UTC

    return value.astimezone(UTC).replace(tzinfo=None)
