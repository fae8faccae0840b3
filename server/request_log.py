"""Structured request logs: one JSON line per request, with its timing.

A plain ASGI middleware (no per-request task or body copy): it notes the
status when the response starts and writes the line when the request ends,
to the ``fieldbook.requests`` logger. ``user`` is the signed-in user's id
when the route resolved one (``server.routes_auth.require_principal`` leaves
it in the request's state), else null.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

LOGGER = logging.getLogger("fieldbook.requests")


class RequestLog:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not LOGGER.isEnabledFor(logging.INFO):
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = [500]  # what the client sees if the app fails before answering

        async def noting(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, noting)
        finally:
            state: dict[str, Any] = scope.get("state") or {}
            LOGGER.info(json.dumps({
                "method": scope["method"], "path": scope["path"], "status": status[0],
                "duration_ms": round((time.perf_counter() - started) * 1000, 2),
                "user": state.get("user")}))


def configure(stream: Any = None) -> None:
    """Request lines to stderr (journald keeps them under systemd), once per process."""
    if any(getattr(h, "fieldbook", False) for h in LOGGER.handlers):
        return
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    handler.fieldbook = True  # type: ignore[attr-defined]
    LOGGER.addHandler(handler)
    LOGGER.setLevel(logging.INFO)
    LOGGER.propagate = False
