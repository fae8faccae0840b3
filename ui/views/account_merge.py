"""“Merge with…” on the account page: the accounts that look like this one (the
duplicate finder's, off the GUI thread), one picked, then the merge view with
this account as the one kept."""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop.i18n import _

if TYPE_CHECKING:
    from desktop.services.duplicates import Candidate
    from ui.views.account_page import AccountPage


def merge_with(page: AccountPage) -> None:
    detail = page.detail
    if detail is None:
        return
    values = detail.values
    typed = {"name": str(values.get("name") or ""), "phone": str(values.get("phone") or ""),
             "billing_country": str(values.get("billing_country") or "")}
    services, account_id = page.services, detail.id
    page.ops.query(lambda: [c for c in services.duplicates.candidates("accounts", typed,
                                                                   exclude=account_id)
                            if c.table == "accounts"],
                   lambda found: _pick(page, found), page)


def _pick(page: AccountPage, found: list[Candidate]) -> None:
    from ui.dialogs.merge_dialog import MergeDialog

    detail = page.detail
    if detail is None:
        return
    if not found:
        page.prompts.error(page, _("Merge with…"),
                           _("No other account looks like this one."))
        return
    names = [f"{c.label} ({', '.join(w.describe() for w in c.why)})" for c in found]
    pick = page.prompts.choice(page, _("Merge with…"), _("Merge into “{name}”:").format(
        name=detail.values.get("name")), names)
    if pick is None:
        return
    dialog = MergeDialog(page.services, "accounts", detail.id, found[pick].id, page,
                         ops=page.ops)
    page.active_dialog = dialog
    dialog.open()
