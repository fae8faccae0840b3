"""Pick an account by typing part of its name: the matches (searched off the GUI
thread once typing pauses) fill a list beside the search box, the best first.

Used where a form needs one account out of possibly 100,000: the referrer of a
lead (brokers and partners first), the account a lead is converted onto.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QWidget

from desktop.i18n import _
from desktop.services.account_list import AccountFilter, AccountList
from desktop.services.rows import AccountRow
from ui.tasks import TaskRunner

LIMIT = 30
ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # the account's row


class AccountPicker(QWidget):
    changed = Signal(object)  # the chosen account's id, or None

    def __init__(self, listing: AccountList, runner: TaskRunner, *,
                 kinds: Iterable[str] = (), none_text: str = "", delay_ms: int = 150,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.listing = listing
        self.runner = runner
        self.kinds = frozenset(kinds)
        self.none_text = none_text or _("— none —")
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Type to search accounts"))
        self.search.setClearButtonEnabled(True)
        self.search.setProperty("transient", True)  # the choice is the field, not the search
        self.choice = QComboBox()
        self.choice.setMinimumContentsLength(18)
        self.choice.addItem(self.none_text, None)
        self.choice.currentIndexChanged.connect(lambda _i: self.changed.emit(self.account_id()))
        self._asked = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.search_now)
        self.search.textEdited.connect(lambda _t: self._timer.start())
        line = QHBoxLayout(self)
        line.setContentsMargins(0, 0, 0, 0)
        line.setSpacing(6)
        line.addWidget(self.search, 1)
        line.addWidget(self.choice, 1)
        self.setFocusProxy(self.search)

    def account_id(self) -> uuid.UUID | None:
        value = self.choice.currentData()
        return value if isinstance(value, uuid.UUID) else None

    def account_kind(self) -> str | None:
        row = self.choice.currentData(ROW_ROLE)
        return row.kind if isinstance(row, AccountRow) else None

    def set_account(self, account_id: uuid.UUID, name: str) -> None:
        """Choose ``account_id`` (shown as ``name``) without a search."""
        at = self.choice.findData(account_id)
        if at < 0:
            self.choice.addItem(name, account_id)
            at = self.choice.count() - 1
        self.choice.setCurrentIndex(at)

    def search_now(self) -> None:
        self._timer.stop()
        text, kinds, listing = self.search.text().strip(), self.kinds, self.listing
        self._asked += 1
        asked = self._asked
        flt = AccountFilter(text=text, kinds=kinds)
        self.runner.run(lambda _r: listing.page(flt, None, LIMIT).rows,
                        lambda rows: self._found(asked, rows),
                        lambda _exc: self._found(asked, []))

    def pending(self) -> bool:
        return self._timer.isActive()

    def _found(self, asked: int, rows: list[AccountRow]) -> None:
        if asked != self._asked:
            return  # newer typing asked again
        keep = self.account_id()
        self.choice.blockSignals(True)
        self.choice.clear()
        self.choice.addItem(self.none_text, None)
        for row in rows:
            where = row.city or ""
            self.choice.addItem(f"{row.name} · {where}" if where else row.name, row.id)
            self.choice.setItemData(self.choice.count() - 1, row, ROW_ROLE)
        at = self.choice.findData(keep) if keep is not None else -1
        if at < 0 and rows:
            at = 1  # the best match, so typing and Tab picks it
        self.choice.setCurrentIndex(max(at, 0))
        self.choice.blockSignals(False)
        self.changed.emit(self.account_id())
