"""HTTP to the sync server, with the URL policy and error mapping in one place."""

from __future__ import annotations

import ipaddress
from typing import Any
from urllib.parse import urlsplit

from desktop.domain import wire
from desktop.i18n import _
from desktop.sync.errors import (
    AuthRequired,
    InsecureServer,
    Offline,
    ServerError,
    SyncError,
    VersionMismatch,
)


class ClientIdReused(SyncError):
    """The server saw our mutation ids with other content: take a new client id."""


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
                 timeout: float = 60.0) -> None:
        import httpx

        self.base_url = check_url(base_url, allow_insecure)
        self.token = token
        self._http = httpx.Client(base_url=self.base_url, timeout=timeout)

    def close(self) -> None:
        self._http.close()

    def hello(self) -> dict[str, Any]:
        return self._call("GET", "/v1/hello", None)

    def login(self, login: str, password: str, client_name: str) -> dict[str, Any]:
        return self._call("POST", "/v1/login",
                          {"login": login, "password": password, "client_name": client_name})

    def get_json(self, path: str) -> dict[str, Any]:
        return self._call("GET", path, None)

    def put_bytes(self, path: str, data: bytes, params: dict[str, Any]) -> dict[str, Any]:
        return self._call("PUT", path, None, content=data, params=params)

    def get_bytes(self, path: str) -> bytes | None:
        """Raw content, or None when the server has none (404)."""
        try:
            data: bytes = self._call("GET", path, None, raw=True)
            return data
        except ServerError as exc:
            if "(404)" in str(exc):
                return None
            raise

    def post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        body = {"protocol": wire.PROTOCOL_VERSION, "schema": wire.schema_fingerprint(), **body}
        return self._call("POST", path, body)

    def _call(self, method: str, path: str, body: dict[str, Any] | None, *,
              content: bytes | None = None, params: dict[str, Any] | None = None,
              raw: bool = False) -> Any:
        import httpx

        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
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
                raise Offline(_("The server cannot be reached ({error}).").format(
                    error=exc.__class__.__name__)) from None
        if response.status_code == 401:
            detail = _detail(response)  # "Wrong user name or password.", "session ended"
            raise AuthRequired(detail if isinstance(detail, str) and detail else
                               _("Sign in again: the server did not accept your session."))
        if response.status_code == 429:
            raise AuthRequired(_("Too many attempts; try again in {s} seconds.").format(
                s=response.headers.get("Retry-After", "60")))
        if response.status_code == 409:
            detail = _detail(response)
            if isinstance(detail, dict) and detail.get("code") == "client_id_reused":
                raise ClientIdReused(str(detail.get("message")))
            message = detail.get("message") if isinstance(detail, dict) else str(detail)
            raise VersionMismatch(str(message))
        if response.status_code >= 400:
            raise ServerError(_("The server refused the request ({code}): {detail}").format(
                code=response.status_code, detail=_detail(response)))
        if response.status_code == 204:
            return {}
        if raw:
            return response.content
        answer: dict[str, Any] = response.json()
        return answer


def _detail(response: Any) -> Any:
    try:
        return response.json().get("detail")
    except ValueError:
        return response.text[:200]
