"""Security headers on every answer, refusals and 413s included.

The server answers JSON and blob bytes to the app, never pages to a browser:
nothing it sends may be sniffed into HTML, framed, referred onwards or kept in
a shared cache. ``/docs`` (FastAPI's Swagger page) loads scripts from a CDN,
so it alone keeps its page's own policy.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

HEADERS: dict[str, str] = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
}
PAGES = ("/docs", "/redoc")  # HTML that runs scripts: no default-src 'none'
# Over HTTPS (``serve --certfile``): a year of HTTPS only for this host.
HSTS = (b"strict-transport-security", b"max-age=31536000")


class SecurityHeaders:
    """ASGI middleware: sets ``HEADERS`` on each response's start, replacing
    any a route set."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        page = str(scope.get("path", "")).startswith(PAGES)
        names = {k.lower().encode("latin-1") for k in HEADERS}
        extra = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in HEADERS.items()
                 if not (page and k == "Content-Security-Policy")]
        if scope.get("scheme") == "https":
            extra.append(HSTS)

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                kept = [(k, v) for k, v in message.get("headers", ())
                        if k.lower() not in names]
                message = {**message, "headers": kept + extra}
            await send(message)

        await self.app(scope, receive, with_headers)
