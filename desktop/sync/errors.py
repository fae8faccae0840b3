"""Why a sync stopped, in words the rep can act on.

Errors raised from a server's answer are typed by what the rep (or the sync)
should do, never by matching words or numbers in a message: they carry the
HTTP ``status`` and the protocol's error ``code`` (see
``desktop.domain.protocol.ErrorBody``).

=========================  ====================================================
answer                     error
=========================  ====================================================
no answer at all           Offline: everything stays queued
401 device_revoked         DeviceRevoked: an admin revoked this device; the
                           cache is wiped (desktop.sync.wipe), then sign in
401, 403                   AuthRequired: sign in again
404                        NotFound
409 protocol / schema      VersionMismatch: update the app or the server
409 client_id_reused       ClientIdReused: take a new client id and push again
409 (other)                Conflict: another request got there first; try again
400, 413, 422 (other 4xx)  Refused, with the server's reason
429                        RateLimited, with ``retry_after`` seconds
5xx, or an answer that     ServerError: the outbox is untouched, the next sync
does not fit the protocol  retries
=========================  ====================================================
"""

from __future__ import annotations


class SyncError(Exception):
    """Base: the message is shown to the user as it is."""

    status: int | None = None  # the HTTP status, when a server answered
    code: str | None = None  # the protocol's error code, when the answer had one


class Offline(SyncError):
    """The server cannot be reached; everything stays queued."""


class AuthRequired(SyncError):
    """The token is missing, expired or revoked: sign in again."""


class DeviceRevoked(AuthRequired):
    """An administrator revoked this device: its cache must be wiped. After the
    wipe (``desktop.sync.wipe``) ``lost`` says how many unsent edits went with it."""

    lost: int = 0


class VersionMismatch(SyncError):
    """Protocol or schema differ: nothing was applied."""


class ClientIdReused(SyncError):
    """The server saw our mutation ids with other content: take a new client id."""


class Conflict(SyncError):
    """Another request changed the same thing at the same time: try again."""


class NotFound(SyncError):
    """The server has no such thing (or it is not the user's to read)."""


class Refused(SyncError):
    """The server will not take this request as it is; the message says why."""


class RateLimited(SyncError):
    """Too many requests (failed sign-ins): wait ``retry_after`` seconds. Not a sign-in
    problem: the session, if any, is still good."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


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
