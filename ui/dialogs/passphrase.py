"""The cache's passphrase, where there is no secure keyring: chosen (typed twice)
on the first start, typed to unlock afterwards."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _
from desktop.store.cache_keys import MIN_PASSPHRASE


class PassphraseDialog(QDialog):
    def __init__(self, new: bool, problem: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.new = new
        self.setWindowTitle(_("Choose a passphrase") if new else _("Unlock the cache"))
        intro = QLabel(_(
            "No secure keyring is available, so your cache is encrypted with a passphrase. "
            "Choose one of at least {n} characters. Without it the cache cannot be read: "
            "a forgotten passphrase means downloading everything again from the server, "
            "and losing edits not yet sent.").format(n=MIN_PASSPHRASE) if new else _(
            "Type the passphrase of your Fieldbook cache."))
        intro.setWordWrap(True)
        self.first = QLineEdit()
        self.first.setEchoMode(QLineEdit.EchoMode.Password)
        self.again = QLineEdit()
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel(problem or "")
        self.message.setWordWrap(True)
        self.message.setObjectName("error")
        form = QFormLayout()
        form.addRow(_("Passphrase:"), self.first)
        if new:
            form.addRow(_("Again:"), self.again)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def passphrase(self) -> str:
        return self.first.text()

    def _accept(self) -> None:
        if self.new and len(self.first.text()) < MIN_PASSPHRASE:
            self.message.setText(_("A passphrase needs at least {n} characters.").format(
                n=MIN_PASSPHRASE))
            return
        if self.new and self.first.text() != self.again.text():
            self.message.setText(_("The two passphrases differ."))
            return
        if not self.first.text():
            return
        self.accept()
