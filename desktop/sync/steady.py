"""The steady state: a sync is one request.

A cache that is bound to this server and user and has pulled before skips the
hello. With no edits waiting it asks for its next page straight away; with a
batch or less of edits waiting it sends them and gets the next page in the same
request (``/v1/round``). The page names the server's epoch and head, which is
all the hello would have told: when they show that the server went back in
time (a restored backup), the page is dropped and the sync takes the full path
(hello, re-push). A round carries the epoch and cursor the cache knows, and a
server that went back applies nothing of it and says so (``stale``), since
edits must not reach a restored server before the re-push. The protocol and
schema versions travel in the request itself (the server answers 409 when
they differ), so nothing goes unchecked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from desktop.sync import blobs
from desktop.sync.transport import ClientIdReused

if TYPE_CHECKING:
    from desktop.sync.client import SyncClient, SyncReport


def first_page(client: SyncClient, report: SyncReport) -> dict[str, Any] | None:
    """The first pull page (after pushing what waits, when it fits one round), or
    None when the full path (hello first) is needed."""
    local = client.local
    if (local.get("server_url") != client.transport.base_url
            or local.get("user_id") != client.user_id):
        return None  # not bound yet, or bound elsewhere: the hello path decides
    cursor = local.cursor()
    if cursor == 0:
        return None  # a first load
    waiting = local.outbox_count()
    if waiting > client.push_batch:
        return None  # several pushes: the full path
    if waiting:
        # Files first, so that an attachment never reaches others before its bytes.
        report.blob_bytes_sent += blobs.upload_missing(local, client.blobs, client.transport)
        return _round(client, report, cursor)
    page = client.transport.post("/v1/pull", {"cursor": cursor, "limit": client.pull_page})
    if page["epoch"] != local.get("epoch") or int(page["head"]) < cursor:
        return None  # the server went back: restore handling needs the hello
    return page


def _round(client: SyncClient, report: SyncReport, cursor: int) -> dict[str, Any] | None:
    local = client.local
    batch = local.outbox_batch(client.push_batch)
    try:
        answer = client.transport.post("/v1/round", {
            "client_id": local.client_id(), "mutations": batch, "epoch": local.get("epoch"),
            "cursor": cursor, "limit": client.pull_page})
    except ClientIdReused:
        return None  # the full path renews the id and pushes again
    if answer["stale"]:
        return None
    client.acknowledge(batch, answer["push"]["results"], report)
    page: dict[str, Any] = answer["page"]
    return page
