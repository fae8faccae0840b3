"""Accounts and their contacts: create, edit, archive."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from desktop.domain.rules import ACCOUNT_DEFAULTS, ACCOUNT_RULES, CONTACT_RULES
from desktop.domain.schema import Account, Contact, Territory, User
from desktop.services.base import Saved, Service
from desktop.services.fields import clean
from desktop.services.validation import ValidationError
from desktop.store.changes import Changes

if TYPE_CHECKING:
    from desktop.services.account_hierarchy import Hierarchy


class AccountService(Service):
    def create_account(self, values: Mapping[str, Any]) -> Saved:
        merged = {**ACCOUNT_DEFAULTS, "billing_country": "US", **values}
        region = str(merged.get("billing_country") or "US")
        cleaned = clean(Account, ACCOUNT_RULES, merged, region=region, creating=True)
        cleaned["tags"] = cleaned.get("tags") or []
        _mark_typed_location(cleaned)
        cleaned = {k: v for k, v in cleaned.items() if v is not None}
        with self.store.unit_of_work() as uow:
            self._check_refs(uow.session, cleaned)
            cleaned.setdefault("owner_id", self.user_id)
            account = self._new(Account, **cleaned)
            uow.session.add(account)
            return Saved(account.id, uow.commit())

    def update_account(self, account_id: uuid.UUID, values: Mapping[str, Any]) -> Changes:
        with self.store.unit_of_work() as uow:
            account = self._get(uow.session, Account, account_id)
            region = values.get("billing_country") or account.billing_country
            cleaned = clean(Account, ACCOUNT_RULES, values, region=str(region))
            self._check_refs(uow.session, cleaned, account.id)
            if "tags" in cleaned and cleaned["tags"] is None:
                cleaned["tags"] = []
            _mark_typed_location(cleaned)
            self._apply(account, cleaned)
            return uow.commit()

    def set_archived(self, account_id: uuid.UUID, archived: bool) -> Changes:
        """Archive hides an account from lists without deleting anything."""
        with self.store.unit_of_work() as uow:
            account = self._get(uow.session, Account, account_id)
            self._apply(account, {"archived": archived})
            return uow.commit()

    def add_contact(self, account_id: uuid.UUID, values: Mapping[str, Any]) -> Saved:
        with self.store.unit_of_work() as uow:
            account = self._get(uow.session, Account, account_id)
            cleaned = clean(Contact, CONTACT_RULES, values, region=account.billing_country,
                            creating=True)
            contact = self._new(Contact, account_id=account.id,
                                **{k: v for k, v in cleaned.items() if v is not None})
            uow.session.add(contact)
            return Saved(contact.id, uow.commit())

    def update_contact(self, contact_id: uuid.UUID, values: Mapping[str, Any]) -> Changes:
        with self.store.unit_of_work() as uow:
            contact = self._get(uow.session, Contact, contact_id)
            account = self._get(uow.session, Account, contact.account_id)
            cleaned = clean(Contact, CONTACT_RULES, values, region=account.billing_country)
            self._apply(contact, cleaned)
            return uow.commit()

    def set_contact_archived(self, contact_id: uuid.UUID, archived: bool) -> Changes:
        with self.store.unit_of_work() as uow:
            contact = self._get(uow.session, Contact, contact_id)
            self._apply(contact, {"archived": archived})
            return uow.commit()

    def hierarchy(self, account_id: uuid.UUID) -> Hierarchy:
        """The account page's links: its parents up to the top, its children and its broker."""
        from desktop.services.account_hierarchy import hierarchy

        return hierarchy(self.store.reads(), account_id)

    def _check_refs(self, session: Any, cleaned: dict[str, Any],
                    account_id: uuid.UUID | None = None) -> None:
        for field, entity in (("territory_id", Territory), ("owner_id", User)):
            ref = cleaned.get(field)
            if ref is not None and session.get(entity, ref) is None:
                raise ValidationError({field: f"Unknown {entity.__name__.lower()}."})
        from desktop.services.account_links import check_links

        check_links(session, cleaned, account_id)


def _mark_typed_location(cleaned: dict[str, Any]) -> None:
    """Coordinates typed in by the rep count as a manual pin, unless a source is given."""
    if cleaned.get("geo_source") is not None:
        return
    typed = [cleaned[k] for k in ("latitude", "longitude") if k in cleaned]
    if typed:
        cleaned["geo_source"] = "manual" if all(v is not None for v in typed) else None
