"""HTTP for blobs: how much is here, send a chunk, fetch the content."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from desktop.domain.protocol import (
    BLOB_CHUNK_MAX,
    BLOB_SIZE_MAX,
    BlobStatus,
    ErrorBody,
    ErrorCode,
)
from server import blobs
from server.auth import Principal
from server.errors import RESPONSES, refuse
from server.routes_auth import require_principal
from server.rows import scoped_select, table_of
from server.scope import scope_of

router = APIRouter(responses=RESPONSES)
Signed = Depends(require_principal)
Sha = Annotated[str, Path(pattern=r"^[0-9a-f]{64}$", description="The content's SHA-256")]
CHUNK_BODY = {"requestBody": {"required": True, "content": {"application/octet-stream": {
    "schema": {"type": "string", "format": "binary", "maxLength": BLOB_CHUNK_MAX}}}}}


def _may_see(request: Request, principal: Principal, sha: str) -> bool:
    """An attachment in the caller's scope or the shared library names the blob."""
    t, shared = table_of("attachments"), table_of("sales_materials")
    with request.app.state.db.read() as conn:
        scope = scope_of(conn, principal.user_id)
        allowed = conn.execute(scoped_select("attachments", scope)
                               .with_only_columns(t.c.id).where(t.c.sha256 == sha)).first()
        if allowed is None:
            allowed = conn.execute(select(shared.c.id).where(
                shared.c.sha256 == sha, shared.c.deleted_at.is_(None))).first()
    return allowed is not None


@router.get("/v1/blobs/{sha}")
def blob_status(sha: Sha, request: Request, principal: Principal = Signed) -> BlobStatus:
    """A complete blob the caller may not see answers as absent (the same answer)."""
    try:
        return BlobStatus.model_validate(blobs.status(request.app.state.db, sha,
                                                      _may_see(request, principal, sha)))
    except blobs.BlobError as exc:
        raise refuse(422, ErrorCode.REFUSED, str(exc)) from None


@router.put("/v1/blobs/{sha}", openapi_extra=CHUNK_BODY,
            responses={409: {"model": ErrorBody, "description": "Another upload of the same "
                             "chunk got there first; ask for the status and go on"}})
async def blob_chunk(sha: Sha, request: Request,
                     size: Annotated[int, Query(ge=1, le=BLOB_SIZE_MAX)],
                     offset: Annotated[int, Query(ge=0, lt=BLOB_SIZE_MAX)],
                     principal: Principal = Signed) -> BlobStatus:
    """The chunk is the raw request body, at most 1 MiB, placed at ``offset``;
    another chunk at the same offset replaces a wrong one."""
    data = await request.body()
    try:
        return BlobStatus.model_validate(blobs.put_chunk(
            request.app.state.db, sha, size, offset, data, datetime.now(UTC),
            _may_see(request, principal, sha)))
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
