"""The app as an import string, for ``serve --workers N`` (each worker process
builds its own from the environment: ``FIELDBOOK_DATABASE_URL``)."""

from __future__ import annotations

from fastapi import FastAPI

from server import request_log
from server.app import create_app
from server.config import ServerConfig


def from_env() -> FastAPI:
    request_log.configure()
    return create_app(ServerConfig.from_env())
