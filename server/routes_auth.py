"""Sign-in and sign-out over HTTP, and the dependency that checks tokens."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, HTTPException, Request, Response

from server.auth import AuthError, Principal, RateLimited, authenticate, revoke_token, sign_in

router = APIRouter()


def _bearer(request: Request) -> str:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise HTTPException(401, "Sign in first.", headers={"WWW-Authenticate": "Bearer"})
    return token.strip()


def require_principal(request: Request) -> Principal:
    try:
        return authenticate(request.app.state.db, _bearer(request), datetime.now(UTC))
    except AuthError as exc:
        raise HTTPException(401, str(exc), headers={"WWW-Authenticate": "Bearer"}) from None


@router.post("/v1/login")
def login(body: dict[str, Any], request: Request) -> dict[str, Any]:
    name, password = body.get("login"), body.get("password")
    if not isinstance(name, str) or not isinstance(password, str):
        raise HTTPException(422, "login and password are required")
    remote = request.client.host if request.client else "unknown"
    try:
        issued = sign_in(request.app.state.db, request.app.state.config, name, password,
                         remote, str(body.get("client_name") or ""), datetime.now(UTC))
    except RateLimited as exc:
        raise HTTPException(429, str(exc), headers={"Retry-After": str(exc.retry_after)}) \
            from None
    except AuthError as exc:
        raise HTTPException(401, str(exc)) from None
    p = issued.principal
    return {"token": issued.token, "expires_at": issued.expires_at.isoformat(),
            "user": {"id": p.user_id.hex, "name": p.name, "role": p.role, "login": p.login}}


@router.post("/v1/logout", status_code=204)
def logout(request: Request) -> Response:
    revoke_token(request.app.state.db, _bearer(request), datetime.now(UTC))
    return Response(status_code=204)
