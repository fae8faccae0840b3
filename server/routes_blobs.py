"""HTTP for blobs: how much is here, send a chunk, fetch the content."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Path, Query, Request, Response
from sqlalchemy.exc import IntegrityError
from starlette.concurrency import run_in_threadpool

from desktop.domain.protocol import (
    BLOB_CHUNK_MAX,
    BLOB_SIZE_MAX,
    BlobStatus,
    ErrorBody,
    ErrorCode,
)
from server import blobs, possession
from server.auth import Principal
from server.errors import RESPONSES, refuse
from server.routes_auth import require_principal
from server.scope import scope_of

router = APIRouter(responses=RESPONSES)
Signed = Depends(require_principal)
Sha = Annotated[str, Path(pattern=r"^[0-9a-f]{64}$", description="The content's SHA-256")]
ChunkSha = Annotated[str, Header(alias="X-Chunk-SHA256", pattern=r"^[0-9a-fA-F]{64}$",
                                 description="The SHA-256 of this chunk's bytes, checked on "
                                             "arrival")]
CHUNK_BODY = {"requestBody": {"required": True, "content": {"application/octet-stream": {
    "schema": {"type": "string", "format": "binary", "maxLength": BLOB_CHUNK_MAX}}}}}


def _may_see(request: Request, principal: Principal, sha: str) -> bool:
    """The caller sent the whole blob, or an attachment in their scope or the
    shared library names it."""
    with request.app.state.db.read() as conn:
        return blobs.holds(conn, sha, principal.user_id) or possession.named_in_sight(
            conn, scope_of(conn, principal.user_id), sha)


@router.get("/v1/blobs/{sha}")
def blob_status(sha: Sha, request: Request, principal: Principal = Signed) -> BlobStatus:
    """A complete blob the caller may see, or else how much of it the caller has
    sent: a blob that is not theirs answers as one that does not exist."""
    try:
        return BlobStatus.model_validate(blobs.status(
            request.app.state.db, sha, principal.user_id, _may_see(request, principal, sha)))
    except blobs.BlobError as exc:
        raise refuse(422, ErrorCode.REFUSED, str(exc)) from None


@router.put("/v1/blobs/{sha}", openapi_extra=CHUNK_BODY,
            responses={409: {"model": ErrorBody, "description": "Another upload of the same "
                             "chunk got there first; ask for the status and go on"}})
async def blob_chunk(sha: Sha, request: Request,
                     size: Annotated[int, Query(ge=1, le=BLOB_SIZE_MAX)],
                     offset: Annotated[int, Query(ge=0, lt=BLOB_SIZE_MAX)],
                     chunk_sha: ChunkSha, principal: Principal = Signed) -> BlobStatus:
    """The chunk is the raw request body, at most 1 MiB, placed at ``offset``,
    with its SHA-256 in ``X-Chunk-SHA256``; another chunk at the same offset
    replaces a wrong one. The blob completes when the caller's chunks cover it
    and hash to its SHA-256."""
    data = await request.body()
    try:
        # On a worker thread: the chunk's transaction may wait for the write lock,
        # and the event loop must not wait with it.
        seen = await run_in_threadpool(_may_see, request, principal, sha)
        return BlobStatus.model_validate(await run_in_threadpool(
            blobs.put_chunk, request.app.state.db, sha, size, offset, data, chunk_sha,
            principal.user_id, datetime.now(UTC), seen))
    except blobs.BlobError as exc:
        raise refuse(422, ErrorCode.REFUSED, str(exc)) from None
    except IntegrityError:
        raise refuse(409, ErrorCode.CONFLICT, "Another upload of this file stored the same "
                     "part at the same time; ask again how much is here.") from None


@router.get("/v1/blobs/{sha}/content", response_class=Response, responses={
    200: {"content": {"application/octet-stream": {"schema": {"type": "string",
                                                              "format": "binary"}}},
          "description": "The file's bytes"},
    404: {"model": ErrorBody, "description": "No such file, or not yours to read"}})
def blob_content(sha: Sha, request: Request, principal: Principal = Signed) -> Response:
    """Only for someone who can see an attachment that names this blob, or
    anyone signed in when the shared sales-materials library names it."""
    data = blobs.content(request.app.state.db, sha) if _may_see(request, principal, sha) \
        else None
    if data is None:
        raise refuse(404, ErrorCode.NOT_FOUND, "No such file, or not yours to read.")
    return Response(data, media_type="application/octet-stream")
