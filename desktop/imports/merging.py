"""Duplicates met during an import: matched, then merged, skipped or imported as new.

A row of the file matches a cached record of its own kind (an account an
account, a contact a contact) by phone, email or a similar name
(:class:`desktop.services.duplicates.DuplicateFinder`). The rep chooses per
row, or for all: ``merge`` fills the cached record's empty fields from the row
(a field both have with different values is a conflict: the cache's is kept
and the review shows both), ``skip`` leaves the row out, ``new`` imports it as
a record of its own. A merged account keeps the file's id and name as aliases
in the batch, so the file's contacts and activities attach to it. The batch
keeps each filled field's previous value, so undo puts the record back exactly.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any, NamedTuple

from desktop.imports.mappings import fold

if TYPE_CHECKING:
    from desktop.imports.importer import Parsed
    from desktop.services.container import Services
    from desktop.store.changes import Changes

CHOICES = ("merge", "skip", "new")
ALIASES = {"report": "new"}  # the earlier name of "new": import and name them
# Never filled from a file: what the import sets by default rather than reads,
# and what ties the record to others.
KEPT = frozenset({"kind", "status", "tags", "billing_country", "account_id", "owner_id",
                  "author_id", "currency", "locale", "archived"})
_COLUMNS = {"accounts": ("name", "phone", "billing_country"),
            "contacts": ("first_name", "last_name", "work_phone", "mobile_phone", "email")}


class Match(NamedTuple):
    """A row of the file and the cached record it likely duplicates."""

    line: int
    table: str
    existing: uuid.UUID
    label: str  # "Acme Feed & Seed, Urbana"
    reasons: str  # "same phone, similar name 92 %"
    item: Parsed
    fills: dict[str, Any]  # empty fields of the record the row would fill
    conflicts: dict[str, tuple[Any, Any]]  # field -> (cached value kept, the file's)


def choice(policy: str) -> str:
    """``merge``, ``skip`` or ``new`` (``report`` is ``new``); ValueError otherwise."""
    policy = ALIASES.get(policy, policy)
    if policy not in CHOICES:
        raise ValueError(f"duplicates must be one of {', '.join(CHOICES)}")
    return policy


class Known(NamedTuple):
    """Every phone and email (lower case) the cache holds, read once per import:
    a row whose phones and email are not among them cannot match on them, so its
    lookup skips those queries (most rows of a large file)."""

    phones: frozenset[str]
    emails: frozenset[str]
    staffed: frozenset[str]  # accounts (hex ids) with a live contact: a name can match there


_PHONES = ("SELECT phone FROM accounts WHERE phone IS NOT NULL",
           "SELECT work_phone FROM contacts WHERE work_phone IS NOT NULL",
           "SELECT mobile_phone FROM contacts WHERE mobile_phone IS NOT NULL",
           "SELECT phone FROM leads WHERE phone IS NOT NULL")
_EMAILS = ("SELECT email FROM contacts WHERE email IS NOT NULL",
           "SELECT alt_email FROM contacts WHERE alt_email IS NOT NULL",
           "SELECT email FROM leads WHERE email IS NOT NULL")


_EXACT = ("phone", "work_phone", "mobile_phone", "email")
_PHONE_NAMES = _EXACT[:3]


def known(services: Services) -> Known:
    conn = services.store.reads()
    phones = {r[0] for sql in _PHONES for r in conn.execute(sql)}
    emails = {str(r[0]).strip().lower() for sql in _EMAILS for r in conn.execute(sql)}
    staffed = {r[0] for r in conn.execute(
        "SELECT DISTINCT account_id FROM contacts WHERE deleted_at IS NULL")}
    return Known(frozenset(phones), frozenset(emails), frozenset(staffed))


def find(services: Services, kind: str, item: Parsed, seen: Known | None = None
         ) -> Match | None:
    """The best cached record of ``kind`` the row likely duplicates, or None. A
    contact matches by phone or email, or by a similar name at the same account
    (two people of one name at two customers are two people)."""
    columns = _COLUMNS.get(kind)
    if columns is None:
        return None
    values = item.values
    fields = {k: values.get(k) for k in columns}
    if seen is not None:  # stored phones are E.164, as the row's are once checked
        for name in _PHONE_NAMES:
            if name in fields and fields[name] not in seen.phones:
                del fields[name]
        if "email" in fields and str(fields["email"] or "").strip().lower() not in seen.emails:
            del fields["email"]
        account = values.get("account_id")
        if kind == "contacts" and not any(fields.get(n) for n in _EXACT) and (
                account is None or account.hex not in seen.staffed):
            return None  # no phone or email known, no one at the account to share a name
    for found in services.duplicates.candidates(kind, fields, limit=3):
        if kind == "contacts" and all(w.kind == "name" for w in found.why) \
                and found.account_id != item.values.get("account_id"):
            continue
        if found.table == kind:
            fills, conflicts = compare(services, kind, found.id, item.values)
            return Match(item.line, kind, found.id, found.label, found.reasons(), item,
                         fills, conflicts)
    return None


def compare(services: Services, kind: str, row_id: uuid.UUID, values: Mapping[str, Any]
            ) -> tuple[dict[str, Any], dict[str, tuple[Any, Any]]]:
    """(fields the row fills, fields both have with other values) against the cache."""
    names = [k for k in values if k not in KEPT]
    if not names:
        return {}, {}
    cols = ", ".join(f'"{n}"' for n in names)
    row = services.store.reads().execute(
        f"SELECT {cols} FROM {kind} WHERE id = ?", (row_id.hex,)).fetchone()  # nosec B608 - identifiers from code, values bound
    if row is None:
        return {}, {}
    fills: dict[str, Any] = {}
    conflicts: dict[str, tuple[Any, Any]] = {}
    for name, cached in zip(names, row, strict=True):
        new = values[name]
        if cached in (None, ""):
            fills[name] = new
        elif str(cached) != str(new):
            conflicts[name] = (cached, new)
    return fills, conflicts


def resolve(matches: list[Match], policy: str, choices: Mapping[int, str] | None
            ) -> tuple[list[Parsed], list[Match], int]:
    """(rows to import as new, matches to merge, rows skipped): each match's
    choice is ``choices[line]`` when given, else the ``policy``."""
    default = choice(policy)
    new: list[Parsed] = []
    merges: list[Match] = []
    skipped = 0
    for match in matches:
        chosen = choice((choices or {}).get(match.line, default))
        if chosen == "new":
            new.append(match.item)
        elif chosen == "merge":
            merges.append(match)
        else:
            skipped += 1
    return new, merges, skipped


def merge_job(services: Services, kind: str, merges: list[Match], now: datetime
              ) -> tuple[dict[str, dict[str, Any]], int, Changes]:
    """On the writer: fill each record's fields that are empty now (the rep may
    have typed one since the check). Returns the previous values by record id
    (hex) for undo, how many rows were merged (their record still there), and
    the change record."""
    from sqlalchemy import select

    from desktop.imports.importer import ENTITIES

    entity = ENTITIES[kind]
    before_all: dict[str, dict[str, Any]] = {}
    count = 0
    with services.store.unit_of_work() as uow:
        rows = {r.id: r for r in uow.session.execute(select(entity).where(
            entity.id.in_([m.existing for m in merges]))).scalars()}
        for match in merges:
            row = rows.get(match.existing)
            if row is None or row.deleted_at is not None:
                continue
            count += 1
            before: dict[str, Any] = {}
            for name, value in match.item.values.items():
                if name not in KEPT and getattr(row, name, "x") in (None, ""):
                    before[name] = getattr(row, name)
                    setattr(row, name, value)
            if before and row.id.hex not in before_all:
                before["updated_at"] = _stamp(row.updated_at)
                row.updated_at = now
                before_all[row.id.hex] = before
        return before_all, count, uow.commit()


def unmerge_job(services: Services, kind: str, merged: dict[str, dict[str, Any]]
                ) -> tuple[int, Changes]:
    """On the writer: put the merged records' filled fields (and their
    ``updated_at``) back as they were before the import."""
    from sqlalchemy import select

    from desktop.imports.importer import ENTITIES

    entity = ENTITIES[kind]
    with services.store.unit_of_work() as uow:
        rows = uow.session.execute(select(entity).where(
            entity.id.in_([uuid.UUID(h) for h in merged]))).scalars().all()
        for row in rows:
            before = dict(merged[row.id.hex])
            stamp = before.pop("updated_at", None)
            for name, value in before.items():
                setattr(row, name, value)
            if stamp is not None:
                row.updated_at = datetime.fromisoformat(stamp)
        return len(rows), uow.commit()


def aliases(match: Match) -> dict[str, str]:
    """The refs and names a merged account answers to in this batch (so the
    file's contacts and activities attach to the cached account)."""
    out = {"name:" + fold(str(match.item.values.get("name", ""))): match.existing.hex}
    if match.item.ref:
        out[match.item.ref] = match.existing.hex
    return out


def _stamp(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None
