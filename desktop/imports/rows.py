"""One row of a file turned into a record's values, or the reasons it cannot be."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any, NamedTuple

from desktop.domain.rules import ACCOUNT_DEFAULTS, ACCOUNT_RULES, CONTACT_RULES, INTERACTION_RULES
from desktop.domain.schema import Account, Contact, Interaction
from desktop.imports.mappings import ACCOUNT_KINDS, CHANNELS, fold
from desktop.imports.phones import take_quick
from desktop.services import lead_columns
from desktop.services.fields import clean
from desktop.services.validation import ValidationError

_ACCOUNT_PHONES = {k: r for k, r in ACCOUNT_RULES.items() if r.kind == "phone"}
_CONTACT_PHONES = {k: r for k, r in CONTACT_RULES.items() if r.kind == "phone"}


class Accounts(NamedTuple):
    """Where a contact or an activity finds its account: the cache's names
    (folded) and the source system's ids kept by earlier imports."""

    by_name: Mapping[str, tuple[uuid.UUID, str]]  # folded name -> (id, country)
    by_ref: Mapping[str, tuple[uuid.UUID, str]]


def _reasons(exc: ValidationError, rules: Mapping[str, Any]) -> list[str]:
    out = []
    for field, message in exc.errors.items():
        rule = rules.get(field)
        out.append(f"{rule.label if rule else field}: {message}")
    return out


def _country(text: str, problems: list[str]) -> str | None:
    if not text:
        return None
    code = lead_columns.country(text)
    if code is None:
        problems.append(f"country '{text}' is not known")
    return code


def account_values(fields: Mapping[str, str]) -> tuple[dict[str, Any], list[str]]:
    problems: list[str] = []
    raw: dict[str, Any] = {k: v for k, v in fields.items()
                           if v and k in ACCOUNT_RULES and k not in ("kind",)}
    folded = fold(fields.get("kind", ""))
    raw["kind"] = next((kind for key, kind in ACCOUNT_KINDS if key in folded),
                       ACCOUNT_DEFAULTS["kind"])
    raw["status"] = ACCOUNT_DEFAULTS["status"]
    for key in ("billing_country", "shipping_country"):
        if key in raw:
            raw[key] = _country(raw[key], problems)
    raw["billing_country"] = raw.get("billing_country") or "US"
    if raw.get("website") and "://" not in raw["website"]:
        raw["website"] = "https://" + raw["website"]
    if problems:
        return {}, problems
    phones = take_quick(raw, _ACCOUNT_PHONES, raw["billing_country"])
    try:
        cleaned = clean(Account, ACCOUNT_RULES, raw, region=raw["billing_country"],
                        creating=True)
    except ValidationError as exc:
        return {}, _reasons(exc, ACCOUNT_RULES)
    cleaned.update(phones)
    cleaned["tags"] = []
    return {k: v for k, v in cleaned.items() if v is not None}, []


def account_of(fields: Mapping[str, str], accounts: Accounts,
             problems: list[str]) -> tuple[uuid.UUID, str] | None:
    ref, name = fields.get("account_ref", ""), fields.get("account", "")
    found = accounts.by_ref.get(ref) if ref else None
    found = found or (accounts.by_name.get(fold(name)) if name else None)
    found = found or (accounts.by_ref.get("name:" + fold(name)) if name else None)
    if found is None:
        problems.append(f"account '{name or ref}' is not in the cache" if name or ref
                        else "no account named")
    return found


def contact_values(fields: Mapping[str, str], accounts: Accounts
                   ) -> tuple[dict[str, Any], list[str]]:
    problems: list[str] = []
    account = account_of(fields, accounts, problems)
    region = _country(fields.get("country", ""), problems) or (account[1] if account else "US")
    if problems or account is None:
        return {}, problems
    raw = {k: v for k, v in fields.items() if v and k in CONTACT_RULES}
    phones = take_quick(raw, _CONTACT_PHONES, region)
    try:
        cleaned = clean(Contact, CONTACT_RULES, raw, region=region, creating=True)
    except ValidationError as exc:
        return {}, _reasons(exc, CONTACT_RULES)
    cleaned.update(phones)
    cleaned["account_id"] = account[0]
    return {k: v for k, v in cleaned.items() if v is not None}, []


def activity_values(fields: Mapping[str, str], accounts: Accounts
                    ) -> tuple[dict[str, Any], list[str]]:
    problems: list[str] = []
    account = account_of(fields, accounts, problems)
    raw: dict[str, Any] = {k: v for k, v in fields.items() if v and k in INTERACTION_RULES}
    folded = fold(fields.get("type", ""))
    raw["channel"], raw["direction"] = next(
        (pair for key, pair in CHANNELS if key in folded), ("note", "out"))
    if fields.get("occurred_at"):
        try:
            raw["occurred_at"] = lead_columns.received(fields["occurred_at"])
        except ValueError:
            problems.append(f"date '{fields['occurred_at']}' is not a date "
                            "(use 2026-11-30 or 11/30/2026)")
    else:
        problems.append("no date")
    if problems or account is None:
        return {}, problems
    try:
        cleaned = clean(Interaction, INTERACTION_RULES, raw, creating=True)
    except ValidationError as exc:
        return {}, _reasons(exc, INTERACTION_RULES)
    cleaned["account_id"] = account[0]
    return {k: v for k, v in cleaned.items() if v is not None}, []
