"""Sign-in and sign-out over HTTP, and the dependency that checks tokens."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter, Request, Response

from desktop.domain.protocol import ErrorBody, ErrorCode, LoginRequest, LoginResponse
from server.auth import (
    AuthError,
    DeviceRevoked,
    Principal,
    RateLimited,
    authenticate,
    revoke_token,
    sign_in,
)
from server.errors import RESPONSES, refuse
from server.login_guard import CountsMalformed, remote_of

router = APIRouter(responses=RESPONSES, route_class=CountsMalformed)
SIGN_IN = {"WWW-Authenticate": "Bearer"}


def _bearer(request: Request) -> str:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise refuse(401, ErrorCode.SIGN_IN, "Sign in first.", SIGN_IN)
    return token.strip()


def require_principal(request: Request) -> Principal:
    try:
        principal = authenticate(request.app.state.db, _bearer(request), datetime.now(UTC))
    except DeviceRevoked as exc:
        raise refuse(401, ErrorCode.DEVICE_REVOKED, str(exc), SIGN_IN) from None
    except AuthError as exc:
        raise refuse(401, ErrorCode.SIGN_IN, str(exc), SIGN_IN) from None
    request.state.user = principal.user_id.hex  # for the request log
    return principal


@router.post("/v1/login", responses={429: {"model": ErrorBody, "description": "Too many "
                                           "failed sign-ins; see Retry-After"}})
def login(body: LoginRequest, request: Request) -> LoginResponse:
    try:
        issued = sign_in(request.app.state.db, request.app.state.config, body.login,
                         body.password, remote_of(request), body.client_name,
                         datetime.now(UTC), request.app.state.login_queue)
    except RateLimited as exc:
        raise refuse(429, ErrorCode.RATE_LIMITED, str(exc),
                     {"Retry-After": str(exc.retry_after)}, retry_after=exc.retry_after) \
            from None
    except AuthError as exc:
        raise refuse(401, ErrorCode.SIGN_IN, str(exc)) from None
    p = issued.principal
    return LoginResponse.model_validate({
        "token": issued.token, "expires_at": issued.expires_at.isoformat(),
        "user": {"id": p.user_id.hex, "name": p.name, "role": p.role, "login": p.login}})


@router.post("/v1/logout", status_code=204)
def logout(request: Request) -> Response:
    revoke_token(request.app.state.db, _bearer(request), datetime.now(UTC))
    return Response(status_code=204)
