"""Sign in to a Fieldbook server: URL, user, password (never stored).

What was typed stays on a refusal; Escape or Cancel ask before dropping it.
The message line is reserved, so a refusal moves nothing."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _
from ui import style
from ui.prompts import Unsaved
from ui.sync.controller import SyncController


class SignInDialog(QDialog):
    def __init__(self, controller: SyncController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.setWindowTitle(_("Sign in to a Fieldbook server"))
        settings = controller.service.settings
        self.url = QLineEdit(settings.sync_server_url or "")
        self.url.setPlaceholderText("https://fieldbook.example.com")
        self.login = QLineEdit(settings.sync_login or "")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.insecure = QCheckBox(_("Allow an insecure http:// connection"))
        self.insecure.setChecked(settings.sync_allow_insecure)
        warning = QLabel(_("Only on a network you trust: anyone on it could read your data "
                           "and your password."))
        warning.setWordWrap(True)
        style.muted(warning)
        # A server with a certificate authority of its own (desktop.sync.tls).
        self.ca_file = QLineEdit(settings.sync_ca_file or "")
        self.ca_file.setPlaceholderText(_("The system's certificates"))
        self.choose_ca = QPushButton(_("Choose…"))
        self.choose_ca.clicked.connect(lambda: self._choose_ca())
        ca_row = QHBoxLayout()
        ca_row.addWidget(self.ca_file, 1)
        ca_row.addWidget(self.choose_ca)
        self.error = QLabel()
        self.error.setWordWrap(True)
        style.error_line(self.error)
        self.error.setMinimumHeight(2 * self.error.fontMetrics().lineSpacing())
        note = QLabel(_("Your password is sent once to get a session token, which is kept in "
                        "the system keyring. The password itself is never stored."))
        note.setWordWrap(True)
        style.muted(note)
        form = QFormLayout()
        form.addRow(_("Server"), self.url)
        form.addRow(_("User name"), self.login)
        form.addRow(_("Password"), self.password)
        form.addRow("", self.insecure)
        form.addRow("", warning)
        form.addRow(_("Certificate authority"), ca_row)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Sign in"))
        self.buttons.accepted.connect(lambda: self.submit())
        self.buttons.rejected.connect(lambda: self.reject())
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(note)
        layout.addWidget(self.buttons)
        self.resize(460, self.sizeHint().height())
        self._opened = self._typed()
        self._busy_now = False

    def _typed(self) -> tuple[str, str, str, bool, str]:
        return (self.url.text(), self.login.text(), self.password.text(),
                self.insecure.isChecked(), self.ca_file.text())

    def _choose_ca(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("The certificate authority of your company's server"), self.ca_file.text(),
            _("Certificates (*.pem *.crt *.cer);;All files (*)"))
        if path:
            self.ca_file.setText(path)

    def reject(self) -> None:
        """Escape, Cancel, the close button: ask before dropping what was typed."""
        if self._busy_now:
            return
        if self._typed() != self._opened:
            answer = self.controller.prompts.unsaved(self, _("Sign in with what you typed?"))
            if answer is Unsaved.CANCEL:
                return
            if answer is Unsaved.SAVE:
                self.submit()
                return
        super().reject()

    def submit(self) -> None:
        url, login, password = self.url.text().strip(), self.login.text().strip(), \
            self.password.text()
        missing = [name for name, value in ((_("server"), url), (_("user name"), login),
                                            (_("password"), password)) if not value]
        if missing:
            self._show_error(_("Fill in the {fields}.").format(fields=", ".join(missing)))
            return
        self._busy(True)
        self.controller.sign_in(url, login, password, self.insecure.isChecked(), self._done,
                                ca_file=self.ca_file.text().strip())

    def _done(self, error: BaseException | None) -> None:
        self._busy(False)
        if error is None:
            self.password.clear()
            self.accept()
        else:  # what was typed stays, so the rep fixes only what was wrong
            self._show_error(str(error))

    def _show_error(self, text: str) -> None:
        self.error.setText(text)

    def _busy(self, busy: bool) -> None:
        self._busy_now = busy
        for widget in (self.url, self.login, self.password, self.insecure, self.ca_file,
                       self.choose_ca, self.buttons):
            widget.setEnabled(not busy)
        if busy:
            self.error.setText("")
