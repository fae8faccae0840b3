"""HTTP to the sync server: the URL policy, the protocol's models and typed errors.

Every request body is built through its model in ``desktop.domain.protocol``
(the one the server validates against), and every answer is checked against
its model before the sync engine reads it: an answer that does not fit is a
ServerError here, not a KeyError later. The methods return the checked JSON as
it arrived (pull pages are large and are applied as they are). A refusal
becomes the error class of ``desktop.sync.errors`` for its status and code.
"""

from __future__ import annotations

import ipaddress
import json
from typing import Any
from urllib.parse import urlsplit

from pydantic import BaseModel, TypeAdapter, ValidationError

from desktop.domain import protocol, wire
from desktop.i18n import _
from desktop.sync.errors import (
    AuthRequired,
    ClientIdReused,
    Conflict,
    DeviceRevoked,
    InsecureServer,
    NotFound,
    Offline,
    RateLimited,
    Refused,
    ServerError,
    SyncError,
    VersionMismatch,
)

__all__ = ["ClientIdReused", "Transport", "check_url", "is_loopback"]

HELLO = TypeAdapter(protocol.Hello)
LOGIN = TypeAdapter(protocol.LoginResponse)
BLOB_STATUS = TypeAdapter(protocol.BlobStatus)
RETRY_AFTER_DEFAULT = 60


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_url(url: str, allow_insecure: bool = False) -> str:
    """Refuse plain http:// to another machine unless the user allowed it."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InsecureServer(_("'{url}' is not a server address (https://...).").format(url=url))
    if parts.scheme == "http" and not allow_insecure and not is_loopback(parts.hostname):
        raise InsecureServer(_(
            "{host} is reached over plain http://, which anyone on the network can read. "
            "Use https://, or allow insecure connections in the sync settings."
        ).format(host=parts.hostname))
    return url.strip().rstrip("/")


class Transport:
    def __init__(self, base_url: str, token: str | None = None, *, allow_insecure: bool = False,
                 timeout: float = 60.0, ca_file: str | None = None) -> None:
        """``ca_file``: the PEM of the CA that signed the server's certificate;
        None trusts the system's store (see ``desktop.sync.tls``)."""
        import httpx

        from desktop.sync.tls import ssl_context

        self.base_url = check_url(base_url, allow_insecure)
        self.token = token
        self.ca_file = ca_file
        self.last_bytes = 0  # the last answer's body, in bytes
        self._http = httpx.Client(base_url=self.base_url, timeout=timeout,
                                  verify=ssl_context(ca_file))

    def close(self) -> None:
        self._http.close()

    def hello(self) -> dict[str, Any]:
        return self._json("GET", "/v1/hello", HELLO)

    def login(self, login: str, password: str, client_name: str) -> dict[str, Any]:
        body = _request(protocol.LoginRequest, {"login": login, "password": password,
                                                "client_name": client_name})
        return self._json("POST", "/v1/login", LOGIN, body=body)

    def post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        """A sync request (push, pull, verify, fetch), with this app's versions."""
        sent = _request(protocol.REQUESTS[path], {
            "protocol": wire.PROTOCOL_VERSION, "schema": wire.schema_fingerprint(), **body})
        return self._json("POST", path, protocol.ANSWERS[path], body=sent)

    def get_json(self, path: str) -> dict[str, Any]:
        """How much of a blob the server holds (``/v1/blobs/<sha>``)."""
        return self._json("GET", path, BLOB_STATUS)

    def put_bytes(self, path: str, data: bytes, params: dict[str, Any]) -> dict[str, Any]:
        """One chunk of a blob, with its SHA-256 (the server checks it on arrival);
        the answer is the blob's status."""
        import hashlib

        return self._json("PUT", path, BLOB_STATUS, content=data, params=params,
                          headers={"X-Chunk-SHA256": hashlib.sha256(data).hexdigest()})

    def get_bytes(self, path: str) -> bytes | None:
        """Raw content, or None when the server has none (or none for us)."""
        try:
            content: bytes = self._send("GET", path).content
            return content
        except NotFound:
            return None

    # -- one exchange ------------------------------------------------------------
    def _json(self, method: str, path: str, answer: TypeAdapter[Any], *,
              body: dict[str, Any] | None = None, content: bytes | None = None,
              params: dict[str, Any] | None = None,
              headers: dict[str, str] | None = None) -> dict[str, Any]:
        response = self._send(method, path, body=body, content=content, params=params,
                              headers=headers)
        try:
            data = response.json()
        except ValueError:
            raise ServerError(_("The server's answer is not JSON; nothing was changed here. "
                                "The next sync tries again.")) from None
        try:
            answer.validate_python(data)
        except ValidationError as exc:
            raise ServerError(_("The server's answer does not fit this app's sync protocol "
                                "({reason}); nothing was changed here.").format(
                reason=_first(exc))) from None
        return data

    def _send(self, method: str, path: str, *, body: dict[str, Any] | None = None,
              content: bytes | None = None, params: dict[str, Any] | None = None,
              headers: dict[str, str] | None = None) -> Any:
        import httpx

        headers = dict(headers or {})
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        for attempt in range(2):
            try:
                response = self._http.request(method, path, json=body, headers=headers,
                                              content=content, params=params)
                break
            except (httpx.ReadError, httpx.RemoteProtocolError, httpx.WriteError):
                # A kept-alive connection the server had closed. Every call is
                # safe to repeat (a replayed push returns its stored result).
                if attempt:
                    raise Offline(_("The connection to the server broke.")) from None
            except httpx.TransportError as exc:
                from desktop.sync.tls import untrusted

                if (refused := untrusted(exc, self.ca_file)) is not None:
                    raise refused from None
                raise Offline(_("The server cannot be reached ({error}).").format(
                    error=exc.__class__.__name__)) from None
        if response.status_code >= 300:
            raise error_for(response.status_code, response.headers, response.content)
        self.last_bytes = len(response.content)  # the answer's body (sizes pull pages)
        return response


def error_for(status: int, headers: Any, content: bytes) -> SyncError:
    """The typed error for a refusal (or a redirect, or a failure) from the server."""
    reason, code, error = _reason(content)
    exc: SyncError
    if status < 400:
        exc = ServerError(_("The server sent this app elsewhere ({location}); use that "
                            "address in the sync settings.").format(
            location=headers.get("location", "?")))
    elif status == 401 and code == protocol.ErrorCode.DEVICE_REVOKED:
        exc = DeviceRevoked(reason or _("An administrator signed this device out."))
    elif status in (401, 403):
        exc = AuthRequired(reason or _("Sign in again: the server did not accept your "
                                       "session."))
    elif status == 404:
        exc = NotFound(_("The server has no such item: {reason}").format(reason=reason))
    elif status == 409 and code in (protocol.ErrorCode.PROTOCOL, protocol.ErrorCode.SCHEMA):
        exc = VersionMismatch(reason or _("The app and the server disagree on the sync "
                                          "protocol: update the app or the server."))
    elif status == 409 and code == protocol.ErrorCode.CLIENT_ID_REUSED:
        exc = ClientIdReused(reason)
    elif status == 409:
        exc = Conflict(_("Another request changed the same thing at the same time ({reason}); "
                         "the next sync tries again.").format(reason=reason))
    elif status == 429:
        seconds = _seconds(headers.get("retry-after"), error.retry_after if error else None)
        exc = RateLimited(_("Too many attempts; try again in {s} seconds.").format(s=seconds),
                          seconds)
    elif status < 500:
        exc = Refused(_("The server refused the request: {reason}").format(reason=reason))
    else:
        exc = ServerError(_("The server failed ({reason}). Nothing is lost: the next sync "
                            "tries again.").format(reason=reason))
    exc.status, exc.code = status, code
    return exc


def _reason(content: bytes) -> tuple[str, str | None, protocol.ErrorBody | None]:
    """(reason, code, the ErrorBody) from an error answer, whatever its shape."""
    try:
        error = protocol.ErrorBody.model_validate_json(content)
        return error.detail, error.code.value, error
    except ValidationError:
        pass
    try:  # an older server: {"detail": "..."} or {"detail": {"code": ..., "message": ...}}
        detail = json.loads(content).get("detail")
    except (ValueError, AttributeError):
        return content[:200].decode("utf-8", "replace").strip(), None, None
    if isinstance(detail, dict):
        code = detail.get("code")
        return str(detail.get("message", "")), code if isinstance(code, str) else None, None
    return str(detail or ""), None, None


def _seconds(header: str | None, body: int | None) -> int:
    for value in (header, body):
        try:
            if value is not None and int(value) >= 0:
                return int(value)
        except ValueError:
            continue
    return RETRY_AFTER_DEFAULT


def _request(model: type[BaseModel], data: dict[str, Any]) -> dict[str, Any]:
    """A request body checked by its model, in its wire form."""
    try:
        return model.model_validate(data).model_dump(mode="json", by_alias=True)
    except ValidationError as exc:
        raise Refused(_("This app built a request the sync protocol does not allow "
                        "({reason}); nothing was sent.").format(reason=_first(exc))) from None


def _first(exc: ValidationError) -> str:
    errors = exc.errors()
    if not errors:
        return str(exc)
    where = ".".join(str(part) for part in errors[0]["loc"])
    more = len(errors) - 1
    return f"{where}: {errors[0]['msg']}" + (f" (+{more})" if more else "")
