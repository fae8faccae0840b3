"""HTTP endpoints of the sync protocol. Versions are checked before anything
is read or applied (invariant 11)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request, Response

from desktop.domain import wire
from server.auth import Principal
from server.pull import fetch_bucket, pull, verify
from server.push import ClientIdReused, push
from server.routes_auth import require_principal
from server.validate import Invalid

router = APIRouter()


def _check_versions(body: dict[str, Any]) -> None:
    if body.get("protocol") != wire.PROTOCOL_VERSION:
        raise HTTPException(409, {"code": "protocol", "server": wire.PROTOCOL_VERSION,
                                  "message": "This Fieldbook version cannot sync with the "
                                             "server: update the app or the server."})
    if body.get("schema") != wire.schema_fingerprint():
        raise HTTPException(409, {"code": "schema", "server": wire.schema_fingerprint(),
                                  "message": "The app and the server disagree on the data "
                                             "schema: update the app or the server."})


@router.get("/v1/hello")
def hello(request: Request) -> dict[str, Any]:
    db = request.app.state.db
    with db.read() as conn:
        head, epoch = db.head(conn)
        start = db.epoch_start(conn)
    return {"protocol": wire.PROTOCOL_VERSION, "schema": wire.schema_fingerprint(),
            "epoch": epoch, "epoch_start": start, "head": head,
            "time": datetime.now(UTC).isoformat()}


@router.post("/v1/push")
def push_route(body: dict[str, Any], request: Request,
               principal: Principal = Depends(require_principal)) -> dict[str, Any]:  # noqa: B008
    _check_versions(body)
    config = request.app.state.config
    mutations = body.get("mutations")
    if not isinstance(mutations, list) or len(mutations) > config.push_max_mutations:
        raise HTTPException(422, f"mutations: a list of at most {config.push_max_mutations}")
    try:
        client_id = uuid.UUID(hex=str(body.get("client_id")))
        return push(request.app.state.db, principal.user_id, client_id, mutations,
                    datetime.now(UTC), config.test_stall_push_seconds)
    except ClientIdReused as exc:
        raise HTTPException(409, {"code": "client_id_reused", "message": str(exc)}) from None
    except (Invalid, ValueError) as exc:
        raise HTTPException(422, str(exc)) from None


@router.post("/v1/pull")
def pull_route(body: dict[str, Any], request: Request,
               principal: Principal = Depends(require_principal)) -> Response:  # noqa: B008
    _check_versions(body)
    cursor, limit = body.get("cursor", 0), body.get("limit", 1000)
    if not isinstance(cursor, int) or not isinstance(limit, int) or cursor < 0 or limit < 1:
        raise HTTPException(422, "cursor and limit must be non-negative integers")
    limit = min(limit, request.app.state.config.pull_max_rows)
    page = pull(request.app.state.db, principal.user_id, cursor, limit)
    return Response(page, media_type="application/json")


@router.post("/v1/verify")
def verify_route(body: dict[str, Any], request: Request,
                 principal: Principal = Depends(require_principal)) -> dict[str, Any]:  # noqa: B008
    _check_versions(body)
    return verify(request.app.state.db, principal.user_id, bool(body.get("deep")))


@router.post("/v1/fetch")
def fetch_route(body: dict[str, Any], request: Request,
                principal: Principal = Depends(require_principal)) -> dict[str, Any]:  # noqa: B008
    _check_versions(body)
    try:
        return fetch_bucket(request.app.state.db, principal.user_id, str(body.get("table")),
                            str(body.get("bucket")), bool(body.get("ids_only")))
    except ValueError as exc:
        raise HTTPException(422, str(exc)) from None
