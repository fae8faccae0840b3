"""HTTP endpoints of the sync protocol. Versions are checked before anything
is read or applied (invariant 11): before the body's own validation, so a
client of another protocol version hears "update", not "malformed"."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Depends, Request, Response

from desktop.domain import wire
from desktop.domain.protocol import (
    ErrorBody,
    ErrorCode,
    FetchIds,
    FetchRequest,
    FetchRows,
    Hello,
    PullPage,
    PullRequest,
    PushRequest,
    PushResponse,
    VerifyRequest,
    VerifyResponse,
)
from server.auth import Principal
from server.errors import RESPONSES, refuse
from server.pull import fetch_bucket, pull, verify
from server.push import ClientIdReused, push
from server.routes_auth import require_principal
from server.validate import Invalid

VERSIONS: dict[int | str, dict[str, Any]] = {409: {
    "model": ErrorBody, "description": "Another protocol or schema (code protocol or schema), "
                                       "or a client id used for other changes"}}
router = APIRouter(responses=RESPONSES)


async def check_versions(request: Request) -> None:
    """409 when the body names another protocol or schema; a body that is no
    JSON object is left to its model to refuse."""
    try:
        body = await request.json()
    except Exception:  # noqa: BLE001 - not JSON: the body's validation says so
        return
    if not isinstance(body, dict):
        return
    if "protocol" in body and body["protocol"] != wire.PROTOCOL_VERSION:
        raise refuse(409, ErrorCode.PROTOCOL, "This Fieldbook version cannot sync with the "
                     "server: update the app or the server.", server=wire.PROTOCOL_VERSION)
    if "schema" in body and body["schema"] != wire.schema_fingerprint():
        raise refuse(409, ErrorCode.SCHEMA, "The app and the server disagree on the data "
                     "schema: update the app or the server.", server=wire.schema_fingerprint())


# Sign-in first, then the versions, then the body.
Signed = Depends(require_principal)
Versions = Depends(check_versions)


@router.get("/v1/hello")
def hello(request: Request) -> Hello:
    db = request.app.state.db
    with db.read() as conn:
        head, epoch = db.head(conn)
        start = db.epoch_start(conn)
    return Hello.model_validate({
        "protocol": wire.PROTOCOL_VERSION, "schema": wire.schema_fingerprint(), "epoch": epoch,
        "epoch_start": start, "head": head, "time": datetime.now(UTC).isoformat()})


@router.post("/v1/push", responses=VERSIONS)
def push_route(body: PushRequest, request: Request, principal: Principal = Signed,
               _v: None = Versions) -> PushResponse:
    config = request.app.state.config
    if len(body.mutations) > config.push_max_mutations:
        raise refuse(413, ErrorCode.TOO_LARGE, f"mutations: at most "
                     f"{config.push_max_mutations} in one push")
    try:
        result = push(request.app.state.db, principal.user_id, uuid.UUID(hex=body.client_id),
                      [m.model_dump() for m in body.mutations], datetime.now(UTC),
                      device_id=principal.device_id)
    except ClientIdReused as exc:
        raise refuse(409, ErrorCode.CLIENT_ID_REUSED, str(exc)) from None
    except (Invalid, ValueError) as exc:
        raise refuse(422, ErrorCode.REFUSED, str(exc)) from None
    return PushResponse.model_validate(result)


@router.post("/v1/pull", response_model=PullPage, responses=VERSIONS)
def pull_route(body: PullRequest, request: Request, principal: Principal = Signed,
               _v: None = Versions) -> Response:
    """The page is encoded by the database (see ``server.row_json``) and sent
    as it is; its shape is PullPage."""
    limit = min(body.limit, request.app.state.config.pull_max_rows)
    page = pull(request.app.state.db, principal.user_id, body.cursor, limit)
    return Response(page, media_type="application/json")


@router.post("/v1/verify", responses=VERSIONS)
def verify_route(body: VerifyRequest, request: Request, principal: Principal = Signed,
                 _v: None = Versions) -> VerifyResponse:
    return VerifyResponse.model_validate(
        verify(request.app.state.db, principal.user_id, body.deep))


@router.post("/v1/fetch", responses=VERSIONS)
def fetch_route(body: FetchRequest, request: Request, principal: Principal = Signed,
                _v: None = Versions) -> FetchIds | FetchRows:
    found: dict[str, Any] = fetch_bucket(request.app.state.db, principal.user_id, body.table,
                                         body.bucket, body.ids_only)
    return FetchIds.model_validate(found) if body.ids_only else FetchRows.model_validate(found)
