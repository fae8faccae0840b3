"""Sign-ins that do not fit the protocol still count as failed attempts.

A body that is not JSON, has wrong types, a lone surrogate or a login of a
megabyte is refused by FastAPI before the route runs (400, 413 or 422). Were
those refusals free, a client could probe the server without ever touching
the rate limit; so this route class records each one as a failed attempt for
the sender's address (and for the login it named, when it named one as text).
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from datetime import UTC, datetime
from typing import Any

from fastapi import HTTPException, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from starlette.concurrency import run_in_threadpool

from server.auth import record_malformed

LOGIN_COLUMN = 120  # login_attempts.login


def login_key(body: Any) -> str:
    """The login a refused body named, as text any database can store."""
    login = body.get("login") if isinstance(body, dict) else None
    if not isinstance(login, str):
        return ""
    clean = login.encode("utf-8", "replace").decode("utf-8").replace("\x00", "?")
    return clean[:LOGIN_COLUMN]


def remote_of(request: Request) -> str:
    return request.client.host if request.client else "unknown"


class CountsMalformed(APIRoute):
    """An APIRoute whose refusals of the request itself are failed sign-ins."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def counted(request: Request) -> Response:
            try:
                return await handler(request)
            except RequestValidationError as exc:
                await _record(request, exc.body)
                raise
            except HTTPException as exc:
                if exc.status_code in (400, 413):  # not readable, or too large
                    await _record(request, None)
                raise

        return counted


async def _record(request: Request, body: Any) -> None:
    await run_in_threadpool(record_malformed, request.app.state.db, login_key(body),
                            remote_of(request), datetime.now(UTC))
