"""The first start on an empty cache: three ways in (connect to the company's
server, explore the demo book, start empty), asked once per cache.

And the empty Accounts list says how to add the first account."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QCommandLinkButton, QDialog, QLabel, QVBoxLayout, QWidget

from desktop.i18n import _

if TYPE_CHECKING:
    from ui.app import Fieldbook
    from ui.views.accounts_view import AccountsView


class FirstRunDialog(QDialog):
    def __init__(self, parent: QWidget | None, demo_accounts: int) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Welcome to Fieldbook"))
        self.choice: str | None = None
        layout = QVBoxLayout(self)
        title = QLabel(_("Your account cache is empty. How would you like to start?"))
        title.setWordWrap(True)
        layout.addWidget(title)
        self.connect_button = self._path(
            layout, "connect", _("Connect to my company's server"),
            _("Sign in and bring down your accounts, contacts and history."))
        self.demo_button = self._path(
            layout, "demo", _("Explore demo data"),
            _("A demo book of business: {n:,} accounts with contacts and two years of "
              "history.").format(n=demo_accounts))
        self.empty_button = self._path(
            layout, "empty", _("Start empty"),
            _("Add your first account yourself (Ctrl+N)."))
        self.demo_button.setDefault(True)

    def _path(self, layout: QVBoxLayout, key: str, text: str,
              detail: str) -> QCommandLinkButton:
        button = QCommandLinkButton(text, detail)
        button.clicked.connect(lambda: self._choose(key))
        layout.addWidget(button)
        return button

    def _choose(self, key: str) -> None:
        self.choice = key
        self.accept()


def offer(fieldbook: Fieldbook) -> FirstRunDialog | None:
    """Shows the three ways in on a first start with an empty cache (once)."""
    services, window = fieldbook.services, fieldbook.window
    settings = services.settings
    if settings.offered_demo_data or not services.is_empty():
        return None
    settings.offered_demo_data = True
    services.settings_file.save(settings)
    dialog = FirstRunDialog(window, settings.demo_accounts)

    def chosen() -> None:
        if dialog.choice == "demo":
            fieldbook.load_demo_data(settings.demo_accounts)
        elif dialog.choice == "connect":
            window.sign_in()
        else:
            window.accounts.focus_search()

    dialog.accepted.connect(chosen)
    window.active_dialog = dialog
    dialog.open()
    return dialog


class EmptyHint(QObject):
    """A line over the empty Accounts list: how to add the first account, or
    that nothing matches the search."""

    def __init__(self, view: AccountsView) -> None:
        super().__init__(view)
        self.view = view
        self.label = QLabel(view.table.viewport())
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setWordWrap(True)
        self.label.setObjectName("emptyHint")
        self.label.hide()
        view.model.total_changed.connect(self.update)
        view.model.modelReset.connect(self.update)
        view.table.viewport().installEventFilter(self)
        self.update()  # the first page may have loaded already

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's
        if event.type() == QEvent.Type.Resize:
            self._place()
        return False

    def _place(self) -> None:
        area = self.view.table.viewport().rect().adjusted(24, 24, -24, -24)
        self.label.setGeometry(area.x(), area.y(), area.width(), min(area.height(), 120))

    def update(self, *_args: object) -> None:
        model = self.view.model
        if model.total or not model.total_exact or model.rowCount():
            self.label.hide()
            return
        plain = type(model.filter)()
        unfiltered = model.filter._replace(sort=plain.sort, descending=plain.descending) == plain
        self.label.setText(
            _("No accounts yet. Press Ctrl+N (File ▸ New account) to add your first "
              "account.") if unfiltered else
            _("No account matches the search and filters."))
        self._place()
        self.label.show()
