"""The audit API's answer (``GET /v1/audit``): one model for the server's route
and the desktop client that reads a record's history."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, StrictInt, TypeAdapter

from desktop.domain.protocol import JSON_SCHEMA_OF_VALUE, Answer

Value = Annotated[Any, Field(json_schema_extra=JSON_SCHEMA_OF_VALUE)]
MAX_AUDIT_ENTRIES = 1000  # one answer's entries at most (``limit``)


class AuditChange(Answer):
    field: str
    old: Value = None
    new: Value = None
    decided: bool = False  # the server's value, not the one the client sent


class AuditEntry(Answer):
    id: StrictInt
    at: str  # the server's time, ISO 8601 with offset
    version: StrictInt | None
    table: str
    row_id: str
    account_id: str | None
    user_id: str | None  # None: the server on its own
    user_name: str | None
    device: str | None  # the name the device signed in with
    device_id: str | None = None  # server.devices (``fieldbook-server devices``)
    op: str  # create | update | delete | restore
    changes: list[AuditChange]


class AuditPage(Answer):
    entries: list[AuditEntry]  # newest first
    more: bool  # older entries than these exist


AUDIT_PAGE = TypeAdapter(AuditPage)
