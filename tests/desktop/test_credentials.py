"""The token goes to a real Secret Service, and never to a file."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from desktop.sync.credentials import NoSecureKeyring, TokenStore

SCRIPT = """
from desktop.sync.credentials import TokenStore
s = TokenStore("fieldbook-test")
s.save("https://crm.example", "ann", "tok-123")
print("loaded", s.load("https://crm.example", "ann"))
s.delete("https://crm.example", "ann")
print("after", s.load("https://crm.example", "ann"))
"""


def test_without_a_secure_keyring_nothing_is_stored(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        with pytest.raises(NoSecureKeyring, match="plain file"):
            TokenStore().save("https://crm.example", "ann", "secret-token")
        with pytest.raises(NoSecureKeyring):
            TokenStore().load("https://crm.example", "ann")
    finally:
        keyring.set_keyring(previous)
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert not any("secret-token" in p.read_text(errors="ignore") for p in written)


def test_round_trip_through_gnome_keyring() -> None:
    """A real Secret Service: dbus session plus an unlocked gnome-keyring-daemon."""
    command = ("echo -n test | gnome-keyring-daemon --unlock --components=secrets >/dev/null; "
               f"{sys.executable} -c '{SCRIPT}'")
    result = subprocess.run(["dbus-run-session", "--", "sh", "-c", command],
                            capture_output=True, text=True, timeout=60,
                            cwd=Path(__file__).resolve().parents[2])
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.splitlines() == ["loaded tok-123", "after None"]
