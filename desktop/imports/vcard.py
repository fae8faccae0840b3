"""Contacts as vCards (``.vcf``, read by phones, Outlook and Apple Contacts) and
back: name, title, organisation (the account), work and mobile phones, emails.

Import lands each card on the account its ORG names (cards naming none, or an
account not in the cache, are rejected with the reason) as one undoable batch.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.imports import importer
from desktop.imports.importer import (
    Parsed,
    Rejected,
    Result,
    accounts_index,
    duplicate,
)
from desktop.imports.rows import contact_values

if TYPE_CHECKING:
    from desktop.services.container import Services

PROPERTIES = {"N": "first_name, last_name", "ORG": "account", "TITLE": "title",
              "EMAIL": "email, alt_email", "TEL;TYPE=WORK": "work_phone",
              "TEL;TYPE=CELL": "mobile_phone"}


def export(services: Services, out: Path) -> int:
    """Every live contact as a vCard 3.0; the number written."""
    import vobject

    cards = []
    for first, last, title, email, alt, work, mobile, org in services.store.reads().execute(
            "SELECT c.first_name, c.last_name, c.title, c.email, c.alt_email, c.work_phone, "
            "c.mobile_phone, a.name FROM contacts c JOIN accounts a ON a.id = c.account_id "
            "WHERE c.deleted_at IS NULL AND a.deleted_at IS NULL "
            "ORDER BY a.name, c.last_name, c.first_name, c.id"):
        card = vobject.vCard()
        card.add("n").value = vobject.vcard.Name(family=last, given=first)
        card.add("fn").value = f"{first} {last}".strip()
        card.add("org").value = [org]
        if title:
            card.add("title").value = title
        for address, kind in ((email, "WORK"), (alt, "HOME")):
            if address:
                entry = card.add("email")
                entry.value, entry.type_param = address, kind
        for number, kind in ((work, "WORK"), (mobile, "CELL")):
            if number:
                entry = card.add("tel")
                entry.value, entry.type_param = number, kind
        cards.append(card.serialize())
    out.write_text("".join(cards), encoding="utf-8", newline="")
    return len(cards)


def _fields(card: Any) -> dict[str, str]:
    contents = card.contents
    fields: dict[str, str] = {}
    if "n" in contents:
        name = card.n.value
        fields["first_name"] = " ".join(filter(None, [name.given, name.additional])).strip()
        fields["last_name"] = str(name.family).strip()
    elif "fn" in contents:
        first, _sep, last = card.fn.value.strip().rpartition(" ")
        fields["first_name"], fields["last_name"] = first, last
    if "org" in contents and card.org.value:
        fields["account"] = card.org.value[0]
    if "title" in contents:
        fields["title"] = card.title.value
    for entry in contents.get("email", []):
        key = "email" if "email" not in fields else "alt_email"
        if key in fields:
            continue
        fields[key] = entry.value
    for entry in contents.get("tel", []):
        kinds = {t.upper() for t in entry.params.get("TYPE", [])}
        key = "mobile_phone" if kinds & {"CELL", "MOBILE"} else "work_phone"
        fields.setdefault(key, entry.value)
    return fields


def import_cards(services: Services, path: Path, *, dry_run: bool = False
                 ) -> tuple[int, list[Rejected], str | None]:
    """(contacts written, rejected cards (``line`` = the card's number), batch id)."""
    result = run(services, path, dry_run=dry_run)
    return result.imported, result.rejected, result.batch


def run(services: Services, path: Path, *, dry_run: bool = False, duplicates: str = "report",
        progress: Callable[[int, int], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
        checked: Callable[[int], None] | None = None,
        keep: list[Parsed] | None = None) -> Result:
    """The cards as :func:`desktop.imports.importer.run` reports a CSV import
    (``rows``: cards read; ``line``: a card's number; ``columns``: vCard
    properties -> fields), with the same duplicates, progress and cancelling."""
    import vobject

    accounts = accounts_index(services)
    good: list[Parsed] = []
    rejected: list[Rejected] = []
    notes: list[tuple[int, str]] = []
    skipped = 0
    text = path.read_text(encoding="utf-8-sig")
    for number, card in enumerate(vobject.readComponents(text), start=1):
        if number % importer.CHECKED == 0:
            if checked is not None:
                checked(number)
            if cancelled is not None and cancelled():
                return Result("contacts", number, 0, rejected, notes, skipped, PROPERTIES, [],
                              "utf-8", None, True)
        fields = _fields(card)
        values, problems = contact_values(fields, accounts)
        if problems:
            rejected.append(Rejected(number, "; ".join(problems), list(fields.values())))
            continue
        dup = duplicate(services, "contacts", values) if duplicates != "ignore" else None
        if dup:
            notes.append((number, dup))
            if duplicates == "skip":
                skipped += 1
                continue
        good.append(Parsed(number, [], values, ""))
    total = len(good) + len(rejected) + skipped
    result = Result("contacts", total, 0, rejected, notes, skipped, PROPERTIES, [], "utf-8",
                    None, False)
    if dry_run:
        if keep is not None:
            keep.extend(good)
        return result
    return importer.write_checked(services, result, good, path, progress, cancelled)
