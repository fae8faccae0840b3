"""Opportunities (Salesforce Opportunities, Sage CRM Opportunity): a row's
values for ``OpportunityService.create``, its stage matched to the cache's."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from os.path import commonprefix
from typing import Any

from desktop.domain.stages import Stage
from desktop.imports.mappings import fold
from desktop.imports.rows import Accounts, account_of
from desktop.services import lead_columns


def stage_for(text: str, stages: Sequence[Stage]) -> str:
    """The stage a source's stage name means: same name or key, one the prefix of
    the other (``Proposal/Price Quote`` -> proposal), won or lost by its words,
    an open stage sharing its first six letters; else the first open stage (a
    source's own open stages vary)."""
    folded = fold(text)
    for stage in stages:
        names = (fold(stage.name), fold(stage.key))
        if folded and any(n == folded or folded.startswith(n) or n.startswith(folded)
                          for n in names):
            return stage.key
    for word, kind in (("won", "won"), ("lost", "lost"), ("closed", "won")):
        if word in folded:
            match = next((s for s in stages if s.kind == kind and s.active), None)
            if match is not None:
                return match.key
    for stage in stages:  # "Negotiating" -> negotiation
        if stage.kind == "open" and len(commonprefix([folded, fold(stage.name)])) >= 6:
            return stage.key
    return next(s.key for s in stages if s.kind == "open" and s.active)


def _number(text: str) -> Decimal | None:
    cleaned = re.sub(r"[^0-9.,-]", "", text)
    if "," in cleaned and "." not in cleaned:  # 1234,50 (a German export)
        cleaned = cleaned.replace(",", ".")
    try:
        return Decimal(cleaned.replace(",", ""))
    except InvalidOperation:
        return None


def opportunity_values(fields: Mapping[str, str], accounts: Accounts,
                       stages: Sequence[Stage]) -> tuple[dict[str, Any], list[str]]:
    problems: list[str] = []
    account = account_of(fields, accounts, problems)
    values: dict[str, Any] = {"name": fields.get("name", ""),
                              "stage": stage_for(fields.get("stage", ""), stages)}
    for key in ("description", "next_step"):
        if fields.get(key):
            values[key] = fields[key]
    if fields.get("amount"):
        amount = _number(fields["amount"])
        if amount is None:
            problems.append(f"amount '{fields['amount']}' is not a number")
        values["amount"] = amount
    if fields.get("probability"):
        share = _number(fields["probability"])
        if share is None or not 0 <= share <= 100:
            problems.append(f"probability '{fields['probability']}' is not 0 to 100 %")
        else:
            values["probability"] = share / 100
    try:
        values["close_date"] = lead_columns.received(fields.get("close_date", "")).date()
    except ValueError:
        problems.append(f"close date '{fields.get('close_date', '')}' is not a date "
                        "(use 2026-11-30 or 11/30/2026)")
    if not values["name"]:
        problems.append("Name: name the deal")
    if problems or account is None:
        return {}, problems
    values["account_id"] = account[0]
    return values, []
