"""The action-plan forms: a new plan, a goal, and the accounts to target.

Each form hands its values to ``submit`` (a service call given by the view,
run as an operation on the store's writer) and stays open with everything
typed when the service refuses them.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QSize
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain import formats
from desktop.domain.schema.enums import Channel, label
from desktop.domain.schema.planning import GOAL_SEGMENTS
from desktop.i18n import _, ngettext
from desktop.services.account_list import AccountFilter
from desktop.services.container import Services
from desktop.services.rows import AccountRow
from ui import style
from ui.dialogs.form_dialog import FormDialog
from ui.dialogs.trip_dialogs import _date, _day, _form
from ui.models.action_plan_models import segment_label
from ui.models.row_table import Column, RowTableModel
from ui.operations import Operations
from ui.views.account_people import table_view

Submit = Callable[[dict[str, Any]], Any]


def this_month(today: date) -> tuple[date, date]:
    first = today.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return first, following - timedelta(days=1)


class _Dialog(FormDialog):
    def __init__(self, submit: Submit, parent: QWidget | None, ops: Operations) -> None:
        super().__init__(ops, parent)
        self.submit = submit
        self.setMinimumWidth(420)

    def values(self) -> dict[str, Any]:
        raise NotImplementedError

    def _job(self) -> Callable[[], Any]:
        submit, values = self.submit, self.values()
        return lambda: submit(values)


class NewPlanDialog(_Dialog):
    """A name and the period (this month unless changed)."""

    def __init__(self, submit: Submit, today: date, parent: QWidget | None = None, *,
                 ops: Operations) -> None:
        super().__init__(submit, parent, ops)
        self.setWindowTitle(_("New action plan"))
        first, last = this_month(today)
        self.name = QLineEdit()
        self.name.setPlaceholderText(_("e.g. {month} push").format(month=formats.month_name(first)))
        self.period_start, self.period_end = _date(first), _date(last)
        form = _form()
        self.errors.add_row(form, _("Name"), "name", self.name)
        self.errors.add_row(form, _("First day"), "period_start", self.period_start)
        self.errors.add_row(form, _("Last day"), "period_end", self.period_end)
        self._finish(form, save_text=_("Create plan"))
        self.name.setFocus()

    def values(self) -> dict[str, Any]:
        return {"name": self.name.text().strip(),
                "period_start": _day(self.period_start, "period_start"),
                "period_end": _day(self.period_end, "period_end")}


class GoalDialog(_Dialog):
    """A channel, a segment and how many; the count is typed, so a bad one stays to fix."""

    def __init__(self, submit: Submit, parent: QWidget | None = None, *,
                 ops: Operations) -> None:
        super().__init__(submit, parent, ops)
        self.setWindowTitle(_("Add goal"))
        self.channel = QComboBox()
        for member in Channel:
            if member is not Channel.NOTE:
                self.channel.addItem(label(member), member.value)
        self.channel.setCurrentIndex(self.channel.findData(Channel.VISIT.value))
        self.segment = QComboBox()
        for segment in GOAL_SEGMENTS:
            self.segment.addItem(segment_label(segment), segment)
        self.count = QLineEdit()
        self.count.setPlaceholderText(_("e.g. 40"))
        form = _form()
        self.errors.add_row(form, _("Channel"), "channel", self.channel)
        self.errors.add_row(form, _("With"), "segment", self.segment)
        self.errors.add_row(form, _("How many"), "target_count", self.count)
        self._finish(form, save_text=_("Add goal"))
        self.count.setFocus()

    def values(self) -> dict[str, Any]:
        text = self.count.text().strip().replace(",", "")
        count: Any = int(text) if text.isdigit() else text  # the service refuses non-numbers
        return {"channel": self.channel.currentData(), "segment": self.segment.currentData(),
                "target_count": count}


class TargetDialog(_Dialog):
    """Search accounts by name or city, select some, give them one purpose."""

    def __init__(self, submit: Submit, services: Services,
                 parent: QWidget | None = None, *, ops: Operations) -> None:
        super().__init__(submit, parent, ops)
        self.services = services
        self.setWindowTitle(_("Add target accounts"))
        self.query = QLineEdit()
        self.query.setPlaceholderText(_("Account name, city or phone"))
        self.query.setProperty("transient", True)  # a search, not a field to save
        self.query.returnPressed.connect(self.search)
        search = QPushButton(_("Search"))
        search.clicked.connect(lambda: self.search())
        top = QHBoxLayout()
        top.addWidget(self.query, 1)
        top.addWidget(search)
        self.model: RowTableModel[AccountRow] = RowTableModel([
            Column(_("Account"), lambda r: r.name),
            Column(_("City"), lambda r: ", ".join(p for p in (r.city, r.region) if p)),
        ])
        self.table = table_view(self.model)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.count = style.muted(QLabel())
        self.purpose = QLineEdit()
        self.purpose.setPlaceholderText(_("Why these accounts (optional)"))
        form = _form()
        self.errors.add_row(form, _("Purpose"), "purpose", self.purpose)
        box = QVBoxLayout()
        box.addLayout(top)
        box.addWidget(self.count)
        box.addWidget(self.table, 1)
        self._finish(box, form, save_text=_("Add selected"))
        self.search()

    def preferred_size(self) -> QSize:
        return QSize(560, 520)

    def search(self) -> None:
        page = self.services.account_list.page(AccountFilter(text=self.query.text().strip()),
                                                None, 200)
        self.model.set_rows(page.rows)
        self.count.setText(ngettext("{n:,} account shown", "{n:,} accounts shown",
                                    len(page.rows)).format(n=len(page.rows)))

    def values(self) -> dict[str, Any]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        ids: list[uuid.UUID] = [self.model.row_at(r).id for r in rows]
        return {"account_ids": ids, "purpose": self.purpose.text().strip()}
