"""``GET /v1/audit``: a record's history, for a signed-in user within their scope.

``?table=T&id=ID`` gives one row's entries, ``?account=ID`` everything written
under an account. A record outside the caller's scope answers 404, the same as
one that does not exist, so the answer says nothing about other territories.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request

from desktop.domain import wire
from desktop.domain.audit_protocol import MAX_AUDIT_ENTRIES, AuditPage
from desktop.domain.protocol import ErrorBody, ErrorCode
from server import audit_query
from server.auth import Principal
from server.errors import RESPONSES, refuse
from server.routes_auth import require_principal
from server.scope import scope_of

router = APIRouter(responses=RESPONSES)
Signed = Depends(require_principal)
HEX_ID = r"^[0-9a-fA-F]{32}$"
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorBody, "description": "No such record in your scope"}}


@router.get("/v1/audit", responses=NOT_FOUND)
def audit_route(
        request: Request,
        table: Annotated[str | None, Query(max_length=40, description="A synced table")] = None,
        row_id: Annotated[str | None, Query(alias="id", pattern=HEX_ID,
                                            description="The row's id (32 hex digits)")] = None,
        account: Annotated[str | None, Query(pattern=HEX_ID,
                                             description="An account's id: all its rows")] = None,
        limit: Annotated[int, Query(ge=1, le=MAX_AUDIT_ENTRIES)] = 200,
        principal: Principal = Signed) -> AuditPage:
    if (account is None) == (table is None and row_id is None):
        raise refuse(422, ErrorCode.INVALID, "Ask for either ?table=...&id=... or ?account=...")
    if account is None and (table is None or row_id is None):
        raise refuse(422, ErrorCode.INVALID, "?table= and ?id= go together.")
    if table is not None and table not in wire.tables():
        raise refuse(422, ErrorCode.INVALID, "table: not a synced table.")
    wanted = uuid.UUID(hex=account or row_id)
    with request.app.state.db.read() as conn:
        scope = scope_of(conn, principal.user_id)
        seen, under = audit_query.visible(conn, scope, table or "accounts", wanted)
        if not seen:
            raise refuse(404, ErrorCode.NOT_FOUND, "No such record in your scope.")
        if account is not None:
            found, more = audit_query.entries(conn, account_id=wanted, limit=limit)
        else:
            found, more = audit_query.entries(
                conn, table=table, row_id=wanted, limit=limit,
                under_account=None if scope.everything else under)
    return AuditPage.model_validate({"entries": found, "more": more})
