"""A keyring for tests and benchmarks that start the real app: entries in a JSON
file named by ``FIELDBOOK_TEST_KEYRING`` (a scratch file), so a child process
finds what an earlier one stored. Chosen through keyring's own configuration
(``PYTHON_KEYRING_BACKEND=tests.file_keyring.FileKeyring``) or ``set_keyring``;
viable only while that variable is set, so it is never picked up by accident."""

from __future__ import annotations

import json
import os
from pathlib import Path

from jaraco.classes import properties
from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

VARIABLE = "FIELDBOOK_TEST_KEYRING"


class FileKeyring(KeyringBackend):
    @classmethod
    def _file(cls) -> Path:
        name = os.environ.get(VARIABLE)
        if not name:
            raise RuntimeError(f"{VARIABLE} is not set")
        return Path(name)

    @properties.classproperty
    def priority(cls) -> float:
        cls._file()  # not viable without the variable
        return 1.0

    def _read(self) -> dict[str, str]:
        path = self._file()
        return json.loads(path.read_text()) if path.exists() else {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._read().get(f"{service}\n{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        entries = self._read()
        entries[f"{service}\n{username}"] = password
        self._file().write_text(json.dumps(entries))

    def delete_password(self, service: str, username: str) -> None:
        entries = self._read()
        if entries.pop(f"{service}\n{username}", None) is None:
            raise PasswordDeleteError(username)
        self._file().write_text(json.dumps(entries))
