"""The steady state: a sync with nothing to send is one request.

A cache that is bound to this server and user, has pulled before and has no
edits waiting skips the hello and asks for its next page straight away. The
page names the server's epoch and head, which is all the hello would have
told: when they show that the server went back in time (a restored backup),
the page is dropped and the sync takes the full path (hello, re-push). The
protocol and schema versions travel in the pull request itself (the server
answers 409 when they differ), so nothing goes unchecked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from desktop.sync.client import SyncClient


def first_page(client: SyncClient) -> dict[str, Any] | None:
    """The first pull page, or None when the full path (hello first) is needed."""
    local = client.local
    if (local.get("server_url") != client.transport.base_url
            or local.get("user_id") != client.user_id):
        return None  # not bound yet, or bound elsewhere: the hello path decides
    cursor = local.cursor()
    if cursor == 0 or local.outbox_count():
        return None  # a first load, or edits to push before pulling
    page = client.transport.post("/v1/pull", {"cursor": cursor, "limit": client.pull_page})
    if page["epoch"] != local.get("epoch") or int(page["head"]) < cursor:
        return None  # the server went back: restore handling needs the hello
    return page
