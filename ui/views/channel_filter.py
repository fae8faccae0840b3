"""A row of toggle buttons that narrows the history to some channels."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QToolButton, QWidget

from desktop.domain.schema.enums import Channel, label
from desktop.i18n import N_, _

SHORT = {
    Channel.PHONE: N_("Calls"), Channel.EMAIL: N_("Emails"), Channel.CHAT: N_("Chats"),
    Channel.FAX: N_("Faxes"), Channel.WEB: N_("Web"), Channel.VISIT: N_("Visits"),
    Channel.MEETING: N_("Meetings"), Channel.NOTE: N_("Notes"),
}


class ChannelFilter(QWidget):
    changed = Signal(frozenset)  # the channels shown; empty means all

    def __init__(self, selected: frozenset[str] = frozenset(),
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.all_button = QToolButton()
        self.all_button.setText(_("All"))
        self.all_button.setCheckable(True)
        self.all_button.clicked.connect(self._all_clicked)
        layout.addWidget(self.all_button)
        self.buttons: dict[str, QToolButton] = {}
        for channel in Channel:
            button = QToolButton()
            button.setText(_(SHORT[channel]))
            button.setToolTip(_("Show only: {c}").format(c=label(channel)))
            button.setCheckable(True)
            button.setChecked(channel.value in selected)
            button.clicked.connect(self._emit)
            self.buttons[channel.value] = button
            layout.addWidget(button)
        layout.addStretch(1)
        self.all_button.setChecked(not selected)

    def selected(self) -> frozenset[str]:
        return frozenset(c for c, b in self.buttons.items() if b.isChecked())

    def set_selected(self, channels: frozenset[str]) -> None:
        for channel, button in self.buttons.items():
            button.setChecked(channel in channels)
        self._emit()

    def _all_clicked(self) -> None:
        for button in self.buttons.values():
            button.setChecked(False)
        self._emit()

    def _emit(self) -> None:
        chosen = self.selected()
        self.all_button.setChecked(not chosen)
        self.changed.emit(chosen)
