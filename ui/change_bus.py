"""The one app-wide signal that tells views what changed.

Every mutation's ``Changes`` is published here with its initiator; each view
decides whether it shows any of it and refreshes only then.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from desktop.store.changes import Changes


class ChangeBus(QObject):
    changed = Signal(object, object)  # (Changes, initiator or None)

    def publish(self, changes: Changes, initiator: object | None = None) -> None:
        if changes:
            self.changed.emit(changes, initiator)
