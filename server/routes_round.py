"""One round trip for a bound cache's steady state: its edits pushed, then its
next pull page, in one request (``/v1/round``). The push and the pull are the
same as ``/v1/push`` and ``/v1/pull`` (``server.routes_sync``); a server that
went back in time (another epoch, or a head below the client's cursor) applies
nothing and answers ``stale``, so the client takes the full path (hello, re-push
after a restore, push, pull)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from desktop.domain.protocol import PushRequest, RoundRequest, RoundResponse
from server.auth import Principal
from server.errors import RESPONSES
from server.pull import pull
from server.routes_sync import VERSIONS, Signed, Versions, push_route

router = APIRouter(responses=RESPONSES)


@router.post("/v1/round", response_model=RoundResponse, responses=VERSIONS)
def round_route(body: RoundRequest, request: Request, principal: Principal = Signed,
                _v: None = Versions) -> Response:
    db = request.app.state.db
    with db.read() as conn:
        head, epoch = db.head(conn)
    if epoch != body.epoch or head < body.cursor:
        return Response('{"stale":true}', media_type="application/json")
    pushed = push_route(PushRequest.model_construct(  # validated as part of ``body``
        protocol=body.protocol, schema_fingerprint=body.schema_fingerprint,
        client_id=body.client_id, mutations=body.mutations), request, principal, None)
    limit = min(body.limit, request.app.state.config.pull_max_rows)
    page = pull(db, principal.user_id, body.cursor, limit)
    return Response(f'{{"stale":false,"push":{pushed.model_dump_json()},"page":{page}}}',
                    media_type="application/json")
