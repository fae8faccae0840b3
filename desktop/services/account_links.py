"""An account's links to other accounts: the broker or partner that brings
its business (``broker_id``) and its parent (``parent_id``, a hierarchy with no
cycles), checked on save and read for the account page."""

from __future__ import annotations

import uuid
from typing import Any

from desktop.domain.schema import Account
from desktop.i18n import _
from desktop.services.account_hierarchy import BROKER_KINDS, is_under
from desktop.services.validation import ValidationError


def check_links(session: Any, cleaned: dict[str, Any], account_id: uuid.UUID | None) -> None:
    """Refuse a broker that is not a broker or partner account, and a parent
    that is the account itself or one of its descendants (a cycle)."""
    broker_id = cleaned.get("broker_id")
    if broker_id is not None:
        broker = session.get(Account, broker_id)
        if broker is None or broker.deleted_at is not None or broker_id == account_id:
            raise ValidationError({"broker_id": _("Choose a broker or partner account.")})
        if broker.kind not in BROKER_KINDS:
            raise ValidationError({"broker_id": _(
                "{name} is not a broker or partner.").format(name=broker.name)})
    parent_id = cleaned.get("parent_id")
    if parent_id is None:
        return
    parent = session.get(Account, parent_id)
    if parent is None or parent.deleted_at is not None:
        raise ValidationError({"parent_id": _("Choose an existing account.")})
    if account_id is None:
        return  # a new account has no descendants
    if is_under(session, parent_id, account_id):
        raise ValidationError({"parent_id": _(
            "{name} belongs under this account: it cannot be its parent.").format(
            name=parent.name)})
