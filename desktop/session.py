"""Who is working, with which settings and which clock.

Services keep a reference to the one session and read the user, the settings
and the time from it at each call, so signing in as someone else, signing out
or starting from the server's data takes effect everywhere at once (cosmicpython
passes its unit of work in at call time for the same reason).
"""

from __future__ import annotations

import uuid

from desktop.clock import Clock, utc_now
from desktop.settings import Settings, SettingsFile


class UserSession:
    def __init__(self, settings: Settings | None = None,
                 settings_file: SettingsFile | None = None, clock: Clock = utc_now) -> None:
        self.settings_file = settings_file
        self.settings = settings if settings is not None else (
            settings_file.load() if settings_file is not None else Settings())
        self.clock = clock

    @classmethod
    def fixed(cls, user_id: uuid.UUID | None = None, clock: Clock = utc_now,
              settings: Settings | None = None) -> UserSession:
        """A session that is never saved (scripts and tests)."""
        session = cls(settings or Settings(), None, clock)
        session.settings.current_user_id = user_id.hex if user_id else None
        return session

    @property
    def user_id(self) -> uuid.UUID | None:
        hex_id = self.settings.current_user_id
        return uuid.UUID(hex=hex_id) if hex_id else None

    def rebind(self, user_id: uuid.UUID | None) -> None:
        """A different rep works from now on (sign-in, demo data, a fresh start)."""
        self.settings.current_user_id = user_id.hex if user_id else None
        self.save()

    def save(self) -> None:
        if self.settings_file is not None:
            self.settings_file.save(self.settings)
