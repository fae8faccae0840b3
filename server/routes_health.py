"""``GET /health`` for load balancers and monitoring: is the database there?

One cheap query (``SELECT 1``) on the pool; 200 with ``{"status": "ok"}``
when it answers, 503 with ``{"status": "unavailable"}`` when it does not. No
sign-in: it tells nothing but the server's version and the database's kind.
"""

from __future__ import annotations

from importlib import metadata
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

router = APIRouter()


class Health(BaseModel):
    status: str  # ok | unavailable
    version: str
    db: str  # sqlite | postgresql
    reason: str | None = None  # why the database did not answer


def version() -> str:
    try:
        return metadata.version("fieldbook")
    except metadata.PackageNotFoundError:
        return "unknown"


@router.get("/health", response_model=Health, responses={
    503: {"model": Health, "description": "The database does not answer"}})
def health(request: Request) -> JSONResponse:
    db = request.app.state.db
    body: dict[str, Any] = {"status": "ok", "version": version(),
                            "db": db.engine.dialect.name}
    try:
        with db.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except SQLAlchemyError as exc:
        body.update(status="unavailable", reason=exc.__class__.__name__)
        return JSONResponse(body, status_code=503)
    return JSONResponse(body)
