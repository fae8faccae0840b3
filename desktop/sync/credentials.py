"""The sync token in the OS keyring, and nowhere else.

The password is never stored; the token it bought lives in the platform's
secret store (Secret Service / GNOME Keyring or KWallet on Linux, Keychain on
macOS, Credential Locker on Windows). When no secure store is available the
app says so and keeps nothing: it never falls back to a plain file.
"""

from __future__ import annotations

import contextlib
from typing import Any, Protocol

from desktop.i18n import _
from desktop.store.cache_keys import secure_keyring
from desktop.sync.errors import SyncError


class Tokens(Protocol):
    """Where a sign-in token is kept: the OS keyring here, memory in tests."""

    def save(self, server_url: str, login: str, token: str) -> None: ...
    def load(self, server_url: str, login: str) -> str | None: ...
    def delete(self, server_url: str, login: str) -> None: ...


class NoSecureKeyring(SyncError):
    """No secure OS keyring: the token cannot be kept, so the rep signs in each time."""


def _secure_backend() -> Any:
    backend = secure_keyring()
    if backend is None:
        raise NoSecureKeyring(_(
            "No secure keyring is available (install and unlock GNOME Keyring or KWallet). "
            "Fieldbook will not keep your sign-in token in a plain file."))
    return backend


class TokenStore:
    def __init__(self, service: str = "fieldbook") -> None:
        self.service = service

    @staticmethod
    def _user(server_url: str, login: str) -> str:
        return f"{login}@{server_url}"

    def save(self, server_url: str, login: str, token: str) -> None:
        _secure_backend().set_password(self.service, self._user(server_url, login), token)

    def load(self, server_url: str, login: str) -> str | None:
        value = _secure_backend().get_password(self.service, self._user(server_url, login))
        return str(value) if value is not None else None

    def delete(self, server_url: str, login: str) -> None:
        from keyring.errors import PasswordDeleteError

        with contextlib.suppress(PasswordDeleteError):  # nothing stored: signed out already
            _secure_backend().delete_password(self.service, self._user(server_url, login))
