"""The cache's key at the app's start, before the window.

The key comes from the OS keyring (made on the first start) or, without a
secure keyring, from a passphrase asked here. A plain cache is encrypted on a
worker thread while a progress dialog turns. A wrong passphrase is asked again;
a lost key offers to start fresh from the server or to quit. The app never
opens its cache without a key.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from desktop.i18n import _
from desktop.store import encrypt
from desktop.store.cache_keys import (
    KeyLost,
    KeyStore,
    KeyUnavailable,
    PassphraseTooShort,
    default_keys,
    obtain,
)
from desktop.store.cipher import CacheKey, WrongKey

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget


class UnlockPrompts(Protocol):
    """The questions of the unlock, replaceable in tests."""

    def passphrase(self, new: bool, problem: str | None) -> str | None: ...
    def start_fresh(self, text: str) -> bool: ...
    def error(self, text: str) -> None: ...
    def busy(self, text: str, work: Callable[[], Any]) -> Any: ...


def unlock_cache(db_path: Path, prompts: UnlockPrompts,
                 keys: Callable[[], KeyStore | None] = default_keys) -> CacheKey | None:
    """The key the app opens ``db_path`` with, or None when the rep quits."""
    store = keys()
    problem: str | None = None

    def slow(work: Callable[[], CacheKey]) -> CacheKey:  # argon2: not on the GUI thread
        return prompts.busy(_("Unlocking the cache…"), work)

    while True:
        def ask(new: bool, why: str | None = problem) -> str | None:
            return prompts.passphrase(new, why)
        try:
            key = obtain(db_path, ask, store, slow)
        except WrongKey as exc:
            if store is None:  # a mistyped passphrase: ask again, saying why
                problem = str(exc)
                continue
            if not _fresh(db_path, prompts, str(exc)):
                return None
            continue
        except KeyLost as exc:
            if not _fresh(db_path, prompts, str(exc)):
                return None
            continue
        except PassphraseTooShort as exc:
            problem = str(exc)
            continue
        except KeyUnavailable as exc:
            prompts.error(str(exc))
            return None
        if encrypt.needs_work(db_path):
            prompts.busy(_("Encrypting the cache… (once; it can take a minute on a big one)"),
                         _securing(db_path, key))
        return key


def _securing(db_path: Path, key: CacheKey) -> Callable[[], object]:
    return lambda: encrypt.secure(db_path, key)


def _fresh(db_path: Path, prompts: UnlockPrompts, why: str) -> bool:
    """Offer to start fresh; True when the old cache was moved aside."""
    if not prompts.start_fresh(why):
        return False
    encrypt.start_fresh(db_path)
    return True


class QtUnlockPrompts:
    """The unlock's questions as dialogs (there is no window yet)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self.parent = parent

    def passphrase(self, new: bool, problem: str | None) -> str | None:
        from ui.dialogs.passphrase import PassphraseDialog

        dialog = PassphraseDialog(new, problem, self.parent)
        return dialog.passphrase() if dialog.exec() else None

    def start_fresh(self, text: str) -> bool:
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Warning, _("The cache cannot be opened"), text,
                          QMessageBox.StandardButton.NoButton, self.parent)
        fresh = box.addButton(_("Start fresh from the server"),
                              QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(_("Quit"), QMessageBox.ButtonRole.RejectRole)
        box.exec()
        return box.clickedButton() is fresh

    def error(self, text: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.warning(self.parent, _("The cache stays locked"), text)

    def busy(self, text: str, work: Callable[[], Any]) -> Any:
        """Run ``work`` on a thread while a dialog says what is happening; its result."""
        from PySide6.QtCore import QEventLoop, Qt, QTimer
        from PySide6.QtWidgets import QProgressDialog

        dialog = QProgressDialog(text, "", 0, 0, self.parent)
        dialog.setCancelButton(None)
        dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
        dialog.setMinimumDuration(0)
        dialog.show()
        failure: list[BaseException] = []
        result: list[Any] = []

        def run() -> None:
            try:
                result.append(work())
            except BaseException as exc:  # noqa: BLE001 - raised again on the GUI thread
                failure.append(exc)

        thread = threading.Thread(target=run, name="fieldbook-encrypt")
        thread.start()
        loop = QEventLoop()
        timer = QTimer()
        timer.timeout.connect(lambda: None if thread.is_alive() else loop.quit())
        timer.start(50)
        loop.exec()
        timer.stop()
        dialog.close()
        thread.join()
        if failure:
            raise failure[0]
        return result[0]
