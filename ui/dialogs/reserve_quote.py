"""Reserve stock for a quote: a soft hold on its catalogue lines that lapses
after a few days (the default is a setting). The server grants or refuses it
on the next sync; the Orders view's Stock tab shows the outcome."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QComboBox, QFormLayout, QSpinBox, QWidget

from desktop.domain import proposal_states
from desktop.i18n import _
from desktop.services.container import Services
from desktop.services.validation import ValidationError
from desktop.store.changes import Changes
from ui.dialogs.form_dialog import FormDialog
from ui.operations import Operations


class ReserveQuoteDialog(FormDialog):
    def __init__(self, services: Services, parent: QWidget | None = None, *,
                 ops: Operations) -> None:
        super().__init__(ops, parent)
        self.services = services
        self.changes: Changes | None = None
        self.setWindowTitle(_("Reserve stock for a quote"))
        self.setMinimumWidth(460)
        self.proposal = QComboBox()
        for row in services.proposals.rows():
            if row.status in proposal_states.HOLDS_STOCK:
                self.proposal.addItem(f"{row.number} rev {row.revision} · {row.account}", row.id)
        self.warehouse = QComboBox()
        self.warehouse.addItems(services.stock.warehouses())
        self.days = QSpinBox()
        self.days.setRange(1, 90)
        self.days.setValue(services.settings.reservation_days)
        self.days.setSuffix(_(" days"))
        form = QFormLayout()
        self.errors.add_row(form, _("Quote"), "proposal", self.proposal)
        self.errors.add_row(form, _("Warehouse"), "warehouse", self.warehouse)
        self.errors.add_row(form, _("Hold for"), "days", self.days)
        self._finish(form, save_text=_("Request hold"))

    def _job(self) -> Callable[[], Changes]:
        proposal = self.proposal.currentData()
        if proposal is None:
            raise ValidationError({"proposal": _("No open quote to reserve for.")})
        warehouse, days, stock = self.warehouse.currentText(), self.days.value(), \
            self.services.stock
        if not warehouse:
            raise ValidationError({"warehouse": _("No stock snapshot yet: sync first.")})
        return lambda: stock.reserve_for_proposal(proposal, warehouse, days)

    def _saved(self, result: Changes) -> None:
        self.changes = result
