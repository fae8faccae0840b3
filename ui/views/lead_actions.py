"""Opening the lead dialogs from anywhere: capture (Ctrl+Shift+L), convert,
merge. The main window and the lead inbox share one of these, so a capture
that ends in "Convert onto this account" or "Merge" goes on to that dialog the
same way from both."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from desktop.i18n import _
from desktop.services.container import Services
from desktop.services.lead_list import LeadRow
from ui.operations import Operations


class LeadActions(QObject):
    open_record = Signal(object)  # a duplicate's Candidate to show (account, contact, lead)
    lead_saved = Signal(object)  # a new lead's id (the inbox selects it)

    def __init__(self, services: Services, ops: Operations, parent: QWidget) -> None:
        super().__init__(parent)
        self.services = services
        self.ops = ops
        self.window = parent
        self.dialog: QWidget | None = None  # the one open now (tests reach it here)

    def capture(self) -> None:
        """The capture dialog, at once: its reads (weights, duplicates) follow."""
        from ui.dialogs.lead_capture import LeadCaptureDialog

        if self.dialog is not None and self.dialog.isVisible() \
                and isinstance(self.dialog, LeadCaptureDialog):
            self.dialog.activateWindow()  # already open: pressing again shows it
            return
        dialog = LeadCaptureDialog(self.services, self.window, ops=self.ops)
        dialog.open_record.connect(self.open_record)
        dialog.accepted.connect(lambda: self._captured(dialog))
        self._open(dialog)

    def _captured(self, dialog: QWidget) -> None:
        from ui.dialogs.lead_capture import LeadCaptureDialog

        assert isinstance(dialog, LeadCaptureDialog)
        if dialog.saved is None:
            return
        lead_id = dialog.saved.id
        self.lead_saved.emit(lead_id)
        if dialog.then is None:
            return
        what, other = dialog.then
        if what == "merge":  # the lead already there survives; the new one merges into it
            self.merge("leads", other, lead_id)
        else:
            self._then_convert(lead_id, other)

    def _then_convert(self, lead_id: uuid.UUID, account_id: uuid.UUID) -> None:
        listing, reader = self.services.lead_list, self.services.reader

        def read() -> tuple[LeadRow | None, str]:
            detail = reader.detail(account_id)
            return listing.row(lead_id), str(detail.values.get("name") or "")

        def show(answer: tuple[LeadRow | None, str]) -> None:
            lead, name = answer
            if lead is not None:
                self.convert(lead, (account_id, name))

        self.ops.query(read, show, self.window)

    def convert(self, lead: LeadRow, account: tuple[uuid.UUID, str] | None = None,
                done: Callable[[], None] | None = None) -> None:
        from ui.dialogs.convert_lead import ConvertLeadDialog

        dialog = ConvertLeadDialog(self.services, lead, self.window, ops=self.ops,
                                   account=account)
        if done is not None:
            dialog.accepted.connect(done)
        self._open(dialog)

    def merge(self, table: str, survivor: uuid.UUID, loser: uuid.UUID,
              done: Callable[[], None] | None = None) -> None:
        from ui.dialogs.merge_dialog import MergeDialog

        if survivor == loser:
            self.ops.prompts.error(self.window, _("Merge duplicates"),
                                   _("A record cannot be merged with itself."))
            return
        dialog = MergeDialog(self.services, table, survivor, loser, self.window, ops=self.ops)
        if done is not None:
            dialog.accepted.connect(done)
        self._open(dialog)

    def _open(self, dialog: QWidget) -> None:
        self.dialog = dialog
        dialog.open()  # type: ignore[attr-defined]
