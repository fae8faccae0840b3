"""The app's start unlocks the cache: keyring, passphrase dialog, lost key."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.services.account_list import AccountFilter
from desktop.services.container import Services
from desktop.settings import SettingsFile
from desktop.store.cache_keys import default_keys, salt_path
from desktop.store.cipher import connect, is_encrypted
from tests.desktop.test_cache_encryption import MemoryKeys
from ui.cache_unlock import unlock_cache
from ui.dialogs.passphrase import PassphraseDialog


class Answers:
    """The rep's answers, in order; every question asked is recorded."""

    def __init__(self, passphrases: list[str | None], fresh: bool = False) -> None:
        self.passphrases, self.fresh = passphrases, fresh
        self.asked: list[tuple[str, object]] = []

    def passphrase(self, new: bool, problem: str | None) -> str | None:
        self.asked.append(("passphrase", (new, problem)))
        return self.passphrases.pop(0)

    def start_fresh(self, text: str) -> bool:
        self.asked.append(("start_fresh", text))
        return self.fresh

    def error(self, text: str) -> None:
        self.asked.append(("error", text))

    def busy(self, text: str, work: Callable[[], object]) -> object:
        self.asked.append(("busy", text))
        return work()


def _plain_cache(path: Path) -> None:
    conn = connect(path, None)
    conn.execute("CREATE TABLE accounts(name)")
    conn.execute("INSERT INTO accounts VALUES ('Quokka Plain Co')")
    conn.commit()
    conn.close()


def test_a_plain_cache_is_encrypted_under_a_new_keyring_key(tmp_path: Path) -> None:
    path, keys, answers = tmp_path / "c.sqlite3", MemoryKeys(), Answers([])
    _plain_cache(path)
    key = unlock_cache(path, answers, lambda: keys)
    assert key is not None and keys.load(path) == key
    assert [kind for kind, _ in answers.asked] == ["busy"]  # no question: just the progress
    assert is_encrypted(path)
    assert connect(path, key).execute("SELECT name FROM accounts").fetchall() == [
        ("Quokka Plain Co",)]


def test_a_mistyped_passphrase_is_asked_again_with_the_reason(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop.store import cache_keys

    monkeypatch.setattr(cache_keys, "ARGON2", {"time_cost": 1, "memory_cost": 1024,
                                               "parallelism": 1})  # the real cost: elsewhere
    path = tmp_path / "c.sqlite3"
    _plain_cache(path)
    first = unlock_cache(path, Answers(["short", "long enough"]), lambda: None)
    assert first is not None and is_encrypted(path) and salt_path(path).exists()
    answers = Answers(["wrong one!", "long enough"])
    assert unlock_cache(path, answers, lambda: None) == first
    (_q1, (new1, why1)), (_q2, (new2, why2)) = [a for a in answers.asked
                                                 if a[0] == "passphrase"]
    assert [kind for kind, _ in answers.asked].count("busy") == 2  # argon2 off the GUI thread
    assert (new1, why1) == (False, None)
    assert new2 is False and "cannot be unlocked" in str(why2)


def test_a_lost_key_offers_a_fresh_start_or_quits(tmp_path: Path) -> None:
    path, keys = tmp_path / "c.sqlite3", MemoryKeys()
    _plain_cache(path)
    unlock_cache(path, Answers([]), lambda: keys)
    quitting = Answers([], fresh=False)
    assert unlock_cache(path, quitting, lambda: MemoryKeys()) is None
    (kind, text), = quitting.asked
    assert kind == "start_fresh" and "edits not yet sent" in str(text)
    assert is_encrypted(path)  # nothing touched
    fresh_keys = MemoryKeys()
    key = unlock_cache(path, Answers([], fresh=True), lambda: fresh_keys)
    assert key is not None and fresh_keys.load(path) == key and not path.exists()
    assert [p.name.split(".unreadable-")[0] for p in tmp_path.iterdir()
            if ".unreadable-" in p.name] == ["c.sqlite3"]


def test_the_new_passphrase_dialog_wants_it_twice(qtbot: QtBot) -> None:
    dialog = PassphraseDialog(True, None)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.first, "abc")
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "at least 8" in dialog.message.text()
    qtbot.keyClicks(dialog.first, "defghij")
    qtbot.keyClicks(dialog.again, "abcdefgXij")
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.message.text() == "The two passphrases differ."
    dialog.again.clear()
    qtbot.keyClicks(dialog.again, "abcdefghij")
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert dialog.passphrase() == "abcdefghij"


@pytest.mark.usefixtures("qapp", "test_keyring")
def test_the_apps_start_encrypts_a_plain_cache(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """``fieldbook --db`` on a plain cache: encrypted before the window opens, its key
    in the keyring; the window shows the cache's rows."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from desktop.settings import cache_settings_path
    from ui import app as app_module
    from ui import cli

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    db = tmp_path / "cache.sqlite3"
    plain = Services.open(db, SettingsFile(cache=db))
    plain.accounts.create_account({"name": "Quokka Start Co"})
    plain.close()
    cache_settings_path(db).write_text('{"version": 1, "offered_demo_data": true}',
                                       encoding="utf-8")
    seen: dict[str, object] = {}
    build = app_module.Fieldbook.build.__func__  # type: ignore[attr-defined]

    def watched(cls: type, *args: object, **kwargs: object) -> object:
        built = build(cls, *args, **kwargs)
        seen["key"] = kwargs.get("key")

        def painted() -> None:
            seen["names"] = [r.name for r in built.services.account_list.page(
                AccountFilter()).rows]
            QTimer.singleShot(0, built.window.close)

        QTimer.singleShot(0, lambda: built.window.accounts.first_painted.connect(painted))
        return built

    monkeypatch.setattr(app_module.Fieldbook, "build", classmethod(watched))
    guard = QTimer()
    guard.setSingleShot(True)
    guard.timeout.connect(QApplication.closeAllWindows)
    guard.start(60_000)
    try:
        assert cli.main(["--db", str(db)]) == 0
    finally:
        guard.stop()
    assert is_encrypted(db) and seen["names"] == ["Quokka Start Co"]
    assert default_keys() is not None and default_keys().load(db) == seen["key"]  # type: ignore[union-attr]
    assert b"Quokka Start Co" not in db.read_bytes()


@pytest.mark.usefixtures("qapp")
def test_slow_work_runs_on_a_worker_and_hands_back_its_result() -> None:
    import threading

    from ui.cache_unlock import QtUnlockPrompts

    main = threading.get_ident()
    ran_on: list[int] = []

    def work() -> int:
        ran_on.append(threading.get_ident())
        return 42

    assert QtUnlockPrompts().busy("Unlocking", work) == 42
    assert ran_on and ran_on[0] != main

    def fails() -> None:
        raise ValueError("export mismatch")

    with pytest.raises(ValueError, match="export mismatch"):
        QtUnlockPrompts().busy("Encrypting", fails)
