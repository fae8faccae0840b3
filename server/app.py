"""The FastAPI application: hello, auth, push, pull, verify, fetch, blobs.

All state lives in the database (``app.state.db`` is only a connection pool),
so any number of these processes can serve one PostgreSQL. Every body is a
model of ``desktop.domain.protocol``; every refusal is its ErrorBody (see
``server.errors``).
"""

from __future__ import annotations

from fastapi import FastAPI

from server.config import ServerConfig
from server.db import Database


def create_app(config: ServerConfig) -> FastAPI:
    app = FastAPI(title="Fieldbook sync server", version="1")
    app.state.config = config
    app.state.db = Database(config.database_url)
    from server.login_queue import LoginQueue

    app.state.login_queue = LoginQueue()  # sign-ins on one login take turns
    from server import errors, routes_auth, routes_blobs, routes_sync

    errors.install(app)
    from server.security_headers import SecurityHeaders

    app.add_middleware(SecurityHeaders)  # outside the body limit: its 413s get them too
    app.include_router(routes_auth.router)
    app.include_router(routes_sync.router)
    app.include_router(routes_blobs.router)
    from server import routes_health
    from server.request_log import RequestLog

    app.include_router(routes_health.router)
    from server import routes_audit

    app.include_router(routes_audit.router)
    from server import routes_round

    app.include_router(routes_round.router)  # push and pull in one request
    app.add_middleware(RequestLog)  # outermost: every answer is logged, with its time
    return app
