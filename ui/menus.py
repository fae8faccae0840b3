"""The window's menu bar: File, Edit, View, (Sync,) Help.

The window's own actions (new account, find, undo, quit …) go into the menus
here; the dialogs behind the new entries (backups, help) load when first
chosen, never at start-up. The Sync menu is made with the window's sync parts
(ui/sync/status_button.py); File, Edit and View go before it, Help after.
"""

from __future__ import annotations

from types import ModuleType
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu

from desktop.i18n import _

if TYPE_CHECKING:
    from ui.main_window import MainWindow

MAX_VIEW_KEYS = 9  # Ctrl+1 … Ctrl+9


class Menus:
    """The menus and the actions this module adds (tests trigger them)."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        bar = window.menuBar()
        first = bar.actions()[0] if bar.actions() else None  # the Sync menu, when there
        self.file = QMenu(_("&File"), window)
        self.edit = QMenu(_("&Edit"), window)
        self.view = QMenu(_("&View"), window)
        for menu in (self.file, self.edit, self.view):
            if first is not None:
                bar.insertMenu(first, menu)
            else:
                bar.addMenu(menu)
        self.help = bar.addMenu(_("&Help"))
        self._file_menu()
        self._edit_menu()
        self._view_menu()
        self._help_menu()
        from ui.first_run import EmptyHint

        self.empty_hint = EmptyHint(window.accounts)

    def _action(self, menu: QMenu, text: str, slot: object,
                keys: QKeySequence | None = None) -> QAction:
        action = QAction(text, self.window)
        if keys is not None:
            action.setShortcut(keys)
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _file_menu(self) -> None:
        w, menu = self.window, self.file
        menu.addActions([w.new_account_action, w.capture_lead_action, w.new_opportunity_action])
        menu.addSeparator()
        self.open_cache = self._action(menu, _("&Open another cache…"),
                                       lambda: _backups().open_other_cache(w))
        self.import_crm = self._action(menu, _("&Import from another CRM…"),
                                       lambda: _import_wizard().open_wizard(w))
        self.export_list = self._action(menu, _("&Export current list…"),
                                        lambda: _exports().export_current(w))
        w.sidebar.currentRowChanged.connect(lambda _r: _exports().add_context_export(w))
        menu.addSeparator()
        self.back_up = self._action(menu, _("&Back up now"), lambda: _backups().back_up_now(w))
        self.restore = self._action(menu, _("&Restore from a backup…"),
                                    lambda: _backups().choose_restore(w))
        menu.addSeparator()
        if not w.quit_action.shortcuts():  # Windows, and Qt's plain Unix theme: none
            w.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        menu.addAction(w.quit_action)

    def _edit_menu(self) -> None:
        w = self.window
        self.edit.addAction(w.undo_action)
        self.edit.addSeparator()
        self.edit.addActions([w.find_action, w.log_action])

    def _view_menu(self) -> None:
        """One entry per sidebar view (Ctrl+1 …), checked for the view shown."""
        sidebar = self.window.sidebar
        self.view_group = QActionGroup(self.window)
        self.view_actions: list[QAction] = []
        for row in range(sidebar.count()):
            keys = QKeySequence(f"Ctrl+{row + 1}") if row < MAX_VIEW_KEYS else None
            action = self._action(self.view, sidebar.item(row).text(),
                                  lambda _c=False, r=row: sidebar.setCurrentRow(r), keys)
            action.setCheckable(True)
            self.view_group.addAction(action)
            self.view_actions.append(action)
        self.view.aboutToShow.connect(self._sync_view_menu)
        sidebar.currentRowChanged.connect(self._check_view)
        self._check_view(sidebar.currentRow())

    def _sync_view_menu(self) -> None:
        """Views the sidebar no longer has (Conflicts without a server) are hidden."""
        for row, action in enumerate(self.view_actions):
            action.setVisible(row < self.window.sidebar.count())

    def _check_view(self, row: int) -> None:
        if 0 <= row < len(self.view_actions):
            self.view_actions[row].setChecked(True)

    def _help_menu(self) -> None:
        w, menu = self.window, self.help
        self.shortcuts = self._action(menu, _("&Keyboard shortcuts"),
                                      lambda: _help().show_shortcuts(w),
                                      QKeySequence(QKeySequence.StandardKey.HelpContents))
        self.open_logs = self._action(menu, _("Open the &log folder"),
                                      lambda: _help().open_log_folder(w))
        self.diagnostics = self._action(menu, _("&Copy diagnostics"),
                                        lambda: _help().copy_diagnostics(w))
        menu.addSeparator()
        self.about = self._action(menu, _("&About Fieldbook"), lambda: _help().show_about(w))


def _help() -> ModuleType:
    import ui.help

    return ui.help


def _import_wizard() -> ModuleType:
    import ui.dialogs.import_wizard

    return ui.dialogs.import_wizard


def _exports() -> ModuleType:
    import ui.export_actions

    return ui.export_actions


def _backups() -> ModuleType:
    import ui.backup_actions

    return ui.backup_actions


def build_menus(window: MainWindow) -> Menus:
    return Menus(window)
