"""HTTP for blobs: how much is here, send a chunk, fetch the content."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request, Response

from server import blobs
from server.auth import Principal
from server.routes_auth import require_principal
from server.rows import scoped_select, table_of
from server.scope import scope_of

router = APIRouter()


@router.get("/v1/blobs/{sha}")
def blob_status(sha: str, request: Request,
                _p: Principal = Depends(require_principal)) -> dict[str, Any]:  # noqa: B008
    try:
        return blobs.status(request.app.state.db, sha)
    except blobs.BlobError as exc:
        raise HTTPException(422, str(exc)) from None


@router.put("/v1/blobs/{sha}")
async def blob_chunk(sha: str, size: int, offset: int, request: Request,
                     _p: Principal = Depends(require_principal)) -> dict[str, Any]:  # noqa: B008
    data = await request.body()
    try:
        return blobs.put_chunk(request.app.state.db, sha, size, offset, data, datetime.now(UTC))
    except blobs.BlobError as exc:
        raise HTTPException(422, str(exc)) from None


@router.get("/v1/blobs/{sha}/content")
def blob_content(sha: str, request: Request,
                 principal: Principal = Depends(require_principal)) -> Response:  # noqa: B008
    """Only for someone who can see an attachment that names this blob."""
    db = request.app.state.db
    t = table_of("attachments")
    with db.read() as conn:
        scope = scope_of(conn, principal.user_id)
        allowed = conn.execute(scoped_select("attachments", scope)
                               .with_only_columns(t.c.id).where(t.c.sha256 == sha)).first()
    data = blobs.content(db, sha) if allowed is not None else None
    if data is None:
        raise HTTPException(404, "No such file, or not yours to read.")
    return Response(data, media_type="application/octet-stream")

