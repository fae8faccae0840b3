"""Input checks with messages a rep can act on.

Limits come from the schema's column lengths, so the form, the store and the
server agree on them.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING, Any, Protocol

from desktop.domain.errors import ValidationError as ValidationError  # raised by the store too
from desktop.i18n import _

if TYPE_CHECKING:
    from sqlalchemy import ColumnElement

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
URL_RE = re.compile(r"^(https?://)?[\w.-]+\.[A-Za-z]{2,}(/\S*)?$")


class Labelled(Protocol):
    @property
    def label(self) -> str: ...


def _named(label: str | Labelled, field: str) -> str:
    return (label if isinstance(label, str) else label.label) or field


@cache
def _values_of(allowed: type) -> frozenset[str]:
    """A choice's allowed values (an enum's), worked out once per enum."""
    return frozenset(m.value for m in allowed)  # type: ignore[attr-defined]


class Checker:
    """Collects messages for one form, then raises them all at once."""

    def __init__(self) -> None:
        self.errors: dict[str, str] = {}

    def fail(self, field: str, message: str) -> None:
        self.errors.setdefault(field, message)

    def text(
        self, field: str, value: str | None, column: ColumnElement[Any], *, required: bool = False,
        label: str | Labelled = "",
    ) -> str | None:
        """``label``: the field's name in messages, or what has one (a rule: its
        translation is looked up only for a message, not for every value)."""
        cleaned = (value or "").strip()
        if not cleaned:
            if required:
                self.fail(field, _("{label} is required.").format(label=_named(label, field)))
            return None
        limit = getattr(column.type, "length", None)
        if limit is not None and len(cleaned) > limit:
            self.fail(
                field,
                _("{label} is too long: {n} characters, at most {limit}.").format(
                    label=_named(label, field), n=len(cleaned), limit=limit
                ),
            )
        return cleaned

    def choice(self, field: str, value: str | None, allowed: type, *, required: bool) -> str | None:
        if not value:
            if required:
                self.fail(field, _("Choose a value."))
            return None
        values = _values_of(allowed)
        if value not in values:
            self.fail(field, _("'{v}' is not one of: {all}.").format(
                v=value, all=", ".join(sorted(values))))
            return None
        return value

    def phone(self, field: str, value: str | None, region: str | None) -> str | None:
        import phonenumbers  # large: loaded on first use, not at start-up

        cleaned = (value or "").strip()
        if not cleaned:
            return None
        try:
            number = phonenumbers.parse(cleaned, (region or "US").upper())
        except phonenumbers.NumberParseException:
            self.fail(field, _("'{v}' is not a phone number.").format(v=cleaned))
            return None
        if not phonenumbers.is_valid_number(number):
            self.fail(
                field,
                _("'{v}' is not a valid phone number for {region}. Include the country code "
                  "(+44 ...) for a number abroad.").format(v=cleaned, region=(region or "US")),
            )
            return None
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)

    def email(self, field: str, value: str | None, column: ColumnElement[Any]) -> str | None:
        cleaned = self.text(field, value, column, label=_("Email"))
        if cleaned and not EMAIL_RE.match(cleaned):
            self.fail(field, _("'{v}' is not an email address (name@example.com).")
                      .format(v=cleaned))
            return None
        return cleaned.lower() if cleaned else None

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


def format_phone(e164: str | None, home_region: str = "US") -> str:
    """An E.164 number as people write it: national format at home, else
    international (:func:`desktop.domain.formats.phone`)."""
    from desktop.domain.formats import phone

    return phone(e164, home_region)
