"""What a rep typed, checked against the field rules of ``desktop.domain.rules``.

``clean`` turns what a rep typed into stored values, or raises a
``ValidationError`` naming every bad field. Only the fields given are checked,
so a form can save one edited field at a time.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from desktop.domain.rules import Rule
from desktop.i18n import _
from desktop.services.validation import URL_RE, Checker

if TYPE_CHECKING:
    from desktop.domain.schema.base import SyncedBase


def clean(
    entity: type[SyncedBase],
    rules: Mapping[str, Rule],
    values: Mapping[str, Any],
    *,
    region: str | None = None,
    creating: bool = False,
) -> dict[str, Any]:
    """Validate ``values`` against ``rules``; return the values to store."""
    check = Checker()
    out: dict[str, Any] = {}
    unknown = set(values) - set(rules)
    if unknown:
        raise ValueError(f"not editable on {entity.__name__}: {sorted(unknown)}")
    plan = _plan(entity, rules)
    for name in (rules if creating else values):
        rule, column, optional = plan[name]
        raw = values.get(name)
        if optional and (raw is None or raw == ""):
            out[name] = None  # what each check below makes of nothing (an import's most fields)
            continue
        if rule.kind == "text":
            out[name] = check.text(name, raw, column, required=rule.required, label=rule)
        elif rule.kind == "choice":
            assert rule.choices is not None
            out[name] = check.choice(name, raw, rule.choices, required=rule.required)
        elif rule.kind == "phone":
            out[name] = check.phone(name, raw, region)
        elif rule.kind == "email":
            out[name] = check.email(name, raw, column)
        elif rule.kind == "url":
            url = check.text(name, raw, column, label=rule)
            if url and not URL_RE.match(url):
                check.fail(name, _("'{v}' is not a web address.").format(v=url))
            out[name] = url
        elif rule.kind == "country":
            code = (raw or "").strip().upper()
            if not code and rule.required:
                check.fail(name, _("{label} is required.").format(label=rule.label))
            elif code and (len(code) != 2 or not code.isalpha()):
                check.fail(name, _("Use the two-letter country code (US, DE, MX)."))
            out[name] = code or None
        elif rule.kind in ("currency", "locale"):
            from desktop.domain.codes import currency_code, locale_code

            text = (raw or "").strip()
            code = (currency_code if rule.kind == "currency" else locale_code)(text)
            if not text and not creating:  # the column always has one
                check.fail(name, _("{label} is required.").format(label=rule.label))
            elif text and code is None:
                check.fail(name, _("Use a three-letter currency code (USD, EUR, JPY).")
                           if rule.kind == "currency" else
                           _("'{v}' is not a known language and region (en_US, de_DE).")
                           .format(v=text))
            out[name] = code
        elif rule.kind in ("float", "int"):
            out[name] = _number(check, name, rule, raw)
        elif rule.kind == "bool":
            out[name] = bool(raw)
        elif rule.kind == "tags":
            items = raw.split(",") if isinstance(raw, str) else list(raw or [])
            unique: dict[str, str] = {}
            for tag in (str(t).strip() for t in items if t and str(t).strip()):
                unique.setdefault(tag.casefold(), tag)  # "VIP" and "vip" are one tag
            out[name] = sorted(unique.values(), key=str.casefold)
        elif rule.kind == "hours":
            from desktop.planning.hours import BadHours, clean_hours

            try:
                out[name] = clean_hours(raw)
            except BadHours as exc:
                check.fail(name, str(exc))
                out[name] = None
        elif rule.kind == "datetime":
            if not isinstance(raw, datetime) or raw.tzinfo is None:
                check.fail(name, _("{label} needs a date and time.").format(label=rule.label))
            out[name] = raw
        elif rule.kind == "date":
            if not isinstance(raw, date):
                check.fail(name, _("{label} needs a date.").format(label=rule.label))
            out[name] = raw
        else:  # ref: an id chosen from a list, checked by the service
            out[name] = raw
    check.raise_if_any()
    return out


# Kinds whose check turns an empty, optional value into None without a message.
_EMPTY_IS_NONE = frozenset({"text", "choice", "phone", "email", "url", "country", "float", "int"})
_PLANS: dict[tuple[type, int], tuple[Mapping[str, Rule], dict[str, tuple[Rule, Any, bool]]]] = {}


def _plan(entity: type[SyncedBase], rules: Mapping[str, Rule]
          ) -> dict[str, tuple[Rule, Any, bool]]:
    """Each field's rule, column and whether nothing typed is simply None, worked
    out once per entity and rules (an import checks 100,000 rows with them)."""
    key = (entity, id(rules))
    found = _PLANS.get(key)
    if found is not None and found[0] is rules:
        return found[1]
    columns = entity.__table__.c
    plan = {name: (rule, columns.get(name),
                   not rule.required and rule.kind in _EMPTY_IS_NONE)
            for name, rule in rules.items()}
    if len(_PLANS) > 64:  # rules are module constants; a made-up dict must not pile up
        _PLANS.clear()
    _PLANS[key] = (rules, plan)
    return plan


def _number(check: Checker, name: str, rule: Rule, raw: Any) -> float | int | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        if rule.required:
            check.fail(name, _("{label} is required.").format(label=rule.label))
        return None
    try:
        value: float | int = float(raw)
        if rule.kind == "int":
            if not float(value).is_integer():
                raise ValueError(raw)
            value = int(value)
    except (TypeError, ValueError, OverflowError):
        kind = _("a whole number") if rule.kind == "int" else _("a number")
        check.fail(name, _("'{v}' is not {kind}.").format(v=raw, kind=kind))
        return None
    if math.isnan(value):
        check.fail(name, _("'{v}' is not {kind}.").format(v=raw, kind=_("a number")))
        return None
    if (rule.low is not None and value < rule.low) or (rule.high is not None and value > rule.high):
        check.fail(
            name,
            _("{label} must be between {low} and {high}.").format(
                label=rule.label, low=rule.low, high=rule.high
            ),
        )
        return None
    return value
