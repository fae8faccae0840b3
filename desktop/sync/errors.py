"""Why a sync stopped, in words the rep can act on."""

from __future__ import annotations


class SyncError(Exception):
    """Base: the message is shown to the user as it is."""


class Offline(SyncError):
    """The server cannot be reached; everything stays queued."""


class AuthRequired(SyncError):
    """The token is missing, expired or revoked: sign in again."""


class VersionMismatch(SyncError):
    """Protocol or schema differ: nothing was applied."""


class InsecureServer(SyncError):
    """A plain http:// server that is not on this machine."""


class ServerError(SyncError):
    """The server failed; the outbox is untouched and the next sync retries."""


class NeedsDecision(SyncError):
    """The cache holds data that did not come from this server (demo data, or
    another server or user): the rep must choose before anything syncs."""


class MassDelete(SyncError):
    """A pull would delete most of the cache at once; the rep must confirm."""

    def __init__(self, message: str, rows: int, cached: int) -> None:
        super().__init__(message)
        self.rows = rows
        self.cached = cached


class Cancelled(SyncError):
    """Stopped by the user between pages; everything applied so far is kept."""
