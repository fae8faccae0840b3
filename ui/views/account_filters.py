"""The Accounts view's search box and filter menus, and the filter they make."""

from __future__ import annotations

import uuid

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLineEdit, QSpinBox, QWidget

from desktop.domain.schema.enums import AccountKind, AccountStatus, Tier, label
from desktop.i18n import _
from desktop.services.account_list import AccountFilter
from desktop.services.search import HISTORY_MIN_LETTERS
from ui.resources import icon


class AccountFilterBar(QObject):
    changed = Signal()  # any search text, menu or box changed

    def __init__(self, stale_days: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search accounts, cities, contacts, emails, phones…"))
        self.search.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._changed)
        self.in_history = QCheckBox(_("Also search history"))
        self.in_history.setToolTip(_(
            "Also find accounts whose contact history mentions the words. Words of {n} "
            "letters or more search the history; shorter ones only the account's details."
        ).format(n=HISTORY_MIN_LETTERS))
        self.in_history.toggled.connect(self._history_toggled)
        self.in_history.toggled.connect(self._changed)

        self.status = self._combo(_("Any status"), [(label(s), s.value) for s in AccountStatus])
        self.kind = self._combo(_("Any kind"), [(label(k), k.value) for k in AccountKind])
        self.tier = self._combo(_("Any tier"), [(label(t), t.value) for t in Tier])
        self.territory = self._combo(_("Any territory"), [])
        self.region = self._combo(_("Any state"), [])
        self.city = QLineEdit()
        self.city.setPlaceholderText(_("City"))
        self.city.setMaximumWidth(130)
        self.city.textChanged.connect(self._changed)
        self.stale = QCheckBox(_("No contact in"))
        self.stale.toggled.connect(self._changed)
        self.stale_days = QSpinBox()
        self.stale_days.setRange(1, 3650)
        self.stale_days.setValue(stale_days)
        self.stale_days.setSuffix(_(" days"))
        self.stale_days.valueChanged.connect(self._changed)
        self.show_archived = QCheckBox(_("Archived"))
        self.show_archived.toggled.connect(self._changed)

    def _changed(self, *_args: object) -> None:
        self.changed.emit()

    def _combo(self, any_text: str, items: list[tuple[str, str]]) -> QComboBox:
        combo = QComboBox()
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        combo.addItem(any_text, "")
        for text, value in items:
            combo.addItem(text, value)
        combo.currentIndexChanged.connect(self._changed)
        return combo

    def rows(self, beside_search: QWidget) -> tuple[QHBoxLayout, ...]:
        """The search row (``beside_search`` at its end), the menus, the rest."""
        search_row = QHBoxLayout()
        search_row.addWidget(self.search, 1)
        search_row.addWidget(self.in_history)
        search_row.addWidget(beside_search)
        filters = QHBoxLayout()
        for widget in (self.status, self.kind, self.tier, self.territory):
            filters.addWidget(widget, 1)
        more_filters = QHBoxLayout()
        for extra in (self.region, self.city, self.stale, self.stale_days, self.show_archived):
            more_filters.addWidget(extra)
        more_filters.addStretch(1)
        return search_row, filters, more_filters

    def show_choices(self, choices: dict[str, list[tuple[str, str]]]) -> None:
        """The territories and states in the cache; the chosen ones stay chosen."""
        for combo, key in ((self.territory, "territories"), (self.region, "regions")):
            current = combo.currentData()
            combo.blockSignals(True)
            while combo.count() > 1:
                combo.removeItem(1)
            for value, text in choices[key]:
                combo.addItem(text, value)
            combo.setCurrentIndex(max(combo.findData(current), 0))
            combo.blockSignals(False)

    def current(self, base: AccountFilter) -> AccountFilter:
        """``base`` (its sort kept) with what the bar says."""
        def one(combo: QComboBox) -> frozenset[str]:
            value = combo.currentData()
            return frozenset([value]) if value else frozenset()

        territory = self.territory.currentData()
        return base._replace(
            text=self.search.text(),
            include_history=self.in_history.isChecked(),
            statuses=one(self.status), kinds=one(self.kind), tiers=one(self.tier),
            territory_id=uuid.UUID(territory) if territory else None,
            region=self.region.currentData() or None,
            city=self.city.text().strip() or None,
            no_contact_days=self.stale_days.value() if self.stale.isChecked() else None,
            include_archived=self.show_archived.isChecked(),
        )

    def _history_toggled(self, on: bool) -> None:
        self.search.setPlaceholderText(
            _("Search accounts and their history (words of {n}+ letters)…").format(
                n=HISTORY_MIN_LETTERS) if on else
            _("Search accounts, cities, contacts, emails, phones…"))
