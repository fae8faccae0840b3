"""Every refusal as one typed body (``desktop.domain.protocol.ErrorBody``).

Routes raise ``refuse(status, code, detail)``; FastAPI's own refusals (a body
that is not JSON or does not fit its model, an unknown path, a wrong method)
and anything unexpected are turned into the same shape here. A request body
above ``MAX_BODY_BYTES`` is refused with 413 before it is read whole.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from desktop.domain.protocol import MAX_BODY_BYTES, ErrorBody, ErrorCode

BY_STATUS = {400: ErrorCode.BAD_REQUEST, 401: ErrorCode.SIGN_IN, 403: ErrorCode.FORBIDDEN,
             404: ErrorCode.NOT_FOUND, 405: ErrorCode.METHOD_NOT_ALLOWED,
             409: ErrorCode.CONFLICT, 413: ErrorCode.TOO_LARGE,
             415: ErrorCode.UNSUPPORTED_MEDIA, 422: ErrorCode.REFUSED,
             429: ErrorCode.RATE_LIMITED}

# The error answers every route may give, for /openapi.json.
RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": description} for status, description in (
        (400, "Not JSON, or not readable"), (401, "Sign in first"), (413, "Too large"),
        (422, "Does not fit the protocol"), (500, "The server failed"))}


def refuse(status: int, code: ErrorCode, detail: str, headers: dict[str, str] | None = None,
           **extra: Any) -> HTTPException:
    """An HTTPException whose answer is an ErrorBody."""
    body = ErrorBody(detail=detail, code=code, **extra)
    return HTTPException(status, body.model_dump(mode="json", exclude_none=True), headers)


def error_response(status: int, body: ErrorBody, headers: dict[str, str] | None = None) \
        -> Response:
    # ASCII-only JSON: whatever a hostile request echoes back, the answer encodes.
    text = json.dumps(body.model_dump(mode="json", exclude_none=True), ensure_ascii=True)
    return Response(text, status, headers, media_type="application/json")


def _loc(loc: Any) -> list[str | int]:
    return [part if isinstance(part, int) else str(part) for part in loc]


async def _validation(_request: Request, exc: RequestValidationError) -> Response:
    errors = list(exc.errors())
    if any(e.get("type") == "json_invalid" for e in errors):
        reason = (errors[0].get("ctx") or {}).get("error", "")
        return error_response(400, ErrorBody(
            detail=f"The body is not valid JSON: {reason}".rstrip(": "),
            code=ErrorCode.BAD_JSON))
    fields = [{"loc": _loc(e.get("loc", ())), "msg": str(e.get("msg", "")),
               "type": str(e.get("type", ""))} for e in errors[:50]]
    first = fields[0] if fields else {"loc": [], "msg": "invalid request"}
    where = ".".join(str(p) for p in first["loc"][1:]) or str(first["loc"][0] if first["loc"]
                                                              else "request")
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    return error_response(422, ErrorBody.model_validate({
        "detail": f"{where}: {first['msg']}{more}", "code": ErrorCode.INVALID,
        "errors": fields}))


async def _http(_request: Request, exc: StarletteHTTPException) -> Response:
    if isinstance(exc.__cause__, TooLarge):  # FastAPI read the body and wrapped the limit
        return await _too_large(_request, exc.__cause__)
    detail = exc.detail
    if isinstance(detail, dict) and "code" in detail:
        body = ErrorBody.model_validate(detail)
    else:
        body = ErrorBody(detail=str(detail),
                         code=BY_STATUS.get(exc.status_code, ErrorCode.BAD_REQUEST
                                            if exc.status_code < 500 else
                                            ErrorCode.SERVER_ERROR))
    return error_response(exc.status_code, body, getattr(exc, "headers", None))


async def _too_large(_request: Request, exc: Exception) -> Response:
    return error_response(413, ErrorBody(detail=str(exc), code=ErrorCode.TOO_LARGE))


async def _unexpected(_request: Request, exc: Exception) -> Response:
    # Starlette logs the traceback after this answer went out. It is sent from
    # outside every middleware, so it states the security headers itself.
    from server.security_headers import HEADERS

    return error_response(500, ErrorBody(
        detail=f"The server failed ({exc.__class__.__name__}); nothing was applied.",
        code=ErrorCode.SERVER_ERROR), dict(HEADERS))


class BodyLimit:
    """413 for a request body above ``limit`` bytes, declared or streamed."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or ()).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            await self._too_large(send)
            return
        seen = 0
        started = False

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise TooLarge(f"The request is larger than {self.limit} bytes.")
            return message

        async def tracking(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited, tracking)
        except TooLarge:
            if not started:
                await self._too_large(send)

    async def _too_large(self, send: Send) -> None:
        response = error_response(413, ErrorBody(
            detail=f"The request is larger than {self.limit} bytes.", code=ErrorCode.TOO_LARGE))
        await send({"type": "http.response.start", "status": 413,
                    "headers": response.raw_headers})
        await send({"type": "http.response.body", "body": response.body})


class TooLarge(Exception):
    """A streamed body went over the limit (raised from ``receive``)."""


def install(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _validation)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, _http)  # type: ignore[arg-type]
    app.add_exception_handler(TooLarge, _too_large)
    app.add_exception_handler(Exception, _unexpected)
    app.add_middleware(BodyLimit)
