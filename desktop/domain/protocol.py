"""The sync protocol's bodies: one definition for the server's routes and the client.

The server's routes take and return these models (so FastAPI validates every
request and ``/openapi.json`` describes every body), and the client's
transport builds its requests and checks the server's answers with the same
models. The shapes are those the protocol always had: rows travel as lists of
JSON values (``[version, field values in the table's field order]``), ids as 32
lowercase hex digits, values in the text forms of ``desktop.domain.wire``.

What the models check is the envelope: types, sizes, ids, known tables and
field names. Whether a change's *values* are valid (a date that exists, a
choice from the list, a row in the rep's territory) is decided per mutation
by the server, which answers ``rejected`` with a reason for that mutation
alone, so one bad change never blocks the queue behind it.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    JsonValue,
    StrictBool,
    StrictInt,
    StringConstraints,
    TypeAdapter,
    WithJsonSchema,
    model_validator,
)

from desktop.domain import wire

MAX_PUSH_MUTATIONS = 500  # per push request
MAX_PULL_ROWS = 100_000  # a pull's ``limit``; the server lowers it to its own page size
MAX_VERSION = 2**63 - 1  # versions, cursors and seqs are 64-bit on the server
MAX_BODY_BYTES = 16 << 20  # any request body; a blob chunk is at most 1 MiB
BLOB_CHUNK_MAX = 1 << 20
BLOB_SIZE_MAX = 200 << 20

JSON_SCHEMA_OF_VALUE: dict[str, Any] = {
    "description": "A JSON value in its wire form (see desktop.domain.wire)",
    "anyOf": [{"type": "string"}, {"type": "number"}, {"type": "boolean"},
              {"type": "array", "items": {}}, {"type": "object"}, {"type": "null"}],
}


def _printable(text: str) -> str:
    """Text the databases can store and JSON can carry: no NUL, no lone surrogate."""
    if "\x00" in text:
        raise ValueError("text cannot contain NUL characters")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("text must be valid Unicode (a lone surrogate is not)") from None
    return text


def _known_table(name: str) -> str:
    if name not in wire.tables():
        raise ValueError(f"unknown table {name!r}")
    return name


def _table_enum(schema: dict[str, Any]) -> None:
    schema["enum"] = list(wire.tables())


Text = Annotated[str, AfterValidator(_printable)]
Hex32 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{32}$"),
                  Field(description="A UUID as 32 lowercase hex digits")]
Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$"),
                   Field(description="A SHA-256 as 64 lowercase hex digits")]
Version = Annotated[StrictInt, Field(ge=0, le=MAX_VERSION)]
TableName = Annotated[str, Field(max_length=64, json_schema_extra=_table_enum),
                      AfterValidator(_known_table)]
FieldName = Annotated[str, StringConstraints(max_length=64)]
WireValue = Annotated[JsonValue, WithJsonSchema(JSON_SCHEMA_OF_VALUE)]
Row = Annotated[list[Any], WithJsonSchema({
    "type": "array", "items": JSON_SCHEMA_OF_VALUE,
    "description": "[version, then the values in the order of `fields`]"})]
Bucket = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]$"),
                   Field(description="The first hex digit of the ids in the bucket")]


class Body(BaseModel):
    """Every request body: unknown keys are refused, not ignored."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Answer(BaseModel):
    """Every response body: what a newer server adds, an older client ignores."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)


# -- errors --------------------------------------------------------------------
class ErrorCode(StrEnum):
    BAD_JSON = "bad_json"  # 400: the body is not JSON
    BAD_REQUEST = "bad_request"  # 400
    INVALID = "invalid"  # 422: the body does not fit its model; see ``errors``
    TOO_LARGE = "too_large"  # 413: body or batch above the limits
    SIGN_IN = "sign_in"  # 401: no token, or one that has ended
    DEVICE_REVOKED = "device_revoked"  # 401: an admin revoked this device: wipe the cache
    FORBIDDEN = "forbidden"  # 403
    NOT_FOUND = "not_found"  # 404
    METHOD_NOT_ALLOWED = "method_not_allowed"  # 405
    UNSUPPORTED_MEDIA = "unsupported_media"  # 415
    PROTOCOL = "protocol"  # 409: another protocol version; ``server`` names the server's
    SCHEMA = "schema"  # 409: another data schema; ``server`` names the server's fingerprint
    CLIENT_ID_REUSED = "client_id_reused"  # 409: take a new client id, nothing was applied
    CONFLICT = "conflict"  # 409: a concurrent request got there first; try again
    REFUSED = "refused"  # 422: well-formed, but not acceptable (a blob chunk that does not fit)
    RATE_LIMITED = "rate_limited"  # 429: see ``retry_after`` (and the Retry-After header)
    SERVER_ERROR = "server_error"  # 5xx


class FieldError(Answer):
    loc: list[str | int] = Field(description="Where in the request: body, query or path first")
    msg: str
    type: str


class ErrorBody(Answer):
    """Every error answer (4xx and 5xx)."""

    detail: str = Field(description="Why, in words for a person")
    code: ErrorCode
    errors: list[FieldError] = Field(default_factory=list)
    retry_after: int | None = Field(default=None, description="Seconds, with 429")
    server: int | str | None = Field(default=None, description="The server's protocol or "
                                     "schema, with the 409 codes protocol and schema")


# -- sign-in and hello -------------------------------------------------------------
class LoginRequest(Body):
    login: Annotated[Text, Field(min_length=1, max_length=120)]
    password: Annotated[Text, Field(min_length=1, max_length=1024)]
    client_name: Annotated[Text, Field(max_length=120)] = ""


class UserInfo(Answer):
    id: Hex32
    name: str
    role: str
    login: str


class LoginResponse(Answer):
    token: str
    expires_at: str = Field(description="ISO 8601, UTC")
    user: UserInfo


class Hello(Answer):
    protocol: int
    schema_fingerprint: str = Field(alias="schema")
    epoch: Hex32
    epoch_start: int
    head: int
    time: str = Field(description="The server's clock, ISO 8601, UTC")


# -- sync requests carry the versions they speak -------------------------------------
class Versioned(Body):
    """Checked before anything else is read: a 409 (code protocol or schema) if they differ."""

    protocol: StrictInt
    schema_fingerprint: Annotated[str, Field(alias="schema", max_length=64)]


class Mutation(Body):
    seq: Version
    table: TableName
    id: Hex32
    op: Literal["upsert", "delete"]
    base: dict[FieldName, WireValue] | None = Field(
        default=None, max_length=256, description="The values this edit started from")
    changes: dict[FieldName, WireValue] = Field(max_length=256)

    @model_validator(mode="after")
    def _known_fields(self) -> Mutation:
        kinds = wire.tables()[self.table].kinds
        for part in (self.changes, self.base or {}):
            unknown = sorted(name for name in part if name not in kinds)
            if unknown:
                raise ValueError(f"{self.table} has no field {unknown[0]!r}")
        return self


class PushRequest(Versioned):
    client_id: Hex32
    mutations: list[Mutation] = Field(max_length=MAX_PUSH_MUTATIONS)

    @model_validator(mode="after")
    def _distinct_seqs(self) -> PushRequest:
        """A seq names one mutation for good (replays are matched by it)."""
        seen: set[int] = set()
        for m in self.mutations:
            if m.seq in seen:
                raise ValueError(f"mutations: seq {m.seq} is used twice in one push")
            seen.add(m.seq)
        return self


class Applied(Answer):
    seq: int
    status: Literal["applied"]
    version: int | None = Field(description="None when nothing was written")
    conflicts: int = 0
    replayed: bool = False


class Rejected(Answer):
    seq: int
    status: Literal["rejected"]
    reason: str
    replayed: bool = False


MutationResult = Annotated[Applied | Rejected, Field(discriminator="status")]


class PushResponse(Answer):
    results: list[MutationResult]
    head: int


class PullRequest(Versioned):
    cursor: Version = 0
    limit: Annotated[StrictInt, Field(ge=1, le=MAX_PULL_ROWS)] = 1000


class TableRows(Answer):
    fields: list[str]
    rows: list[Row]


class PullPage(Answer):
    epoch: Hex32
    head: int
    cursor: int = Field(description="Send it back to get the next page")
    more: bool
    scope: str = Field(description="Changes when the user's territories or team change")
    evict: list[Hex32] = Field(description="Accounts that left the user's scope")
    tables: dict[str, TableRows]


class RoundRequest(PushRequest):
    """Edits pushed and the next page pulled in one request (a bound cache's steady
    state). Nothing is applied unless the server still has ``epoch`` and a head at
    or above ``cursor``: else the answer is ``stale`` and the client says hello."""

    epoch: Hex32
    cursor: Version
    limit: Annotated[StrictInt, Field(ge=1, le=MAX_PULL_ROWS)] = 1000


class RoundResponse(Answer):
    stale: bool = Field(description="The server was restored: nothing applied, say hello")
    push: PushResponse | None = None
    page: PullPage | None = None


class VerifyRequest(Versioned):
    deep: StrictBool = False


class VerifyResponse(Answer):
    epoch: Hex32
    head: int
    tables: dict[str, dict[str, Annotated[list[int], Field(min_length=3, max_length=3)]]] = \
        Field(description="Per table and id bucket: [rows, sum of versions, content digest]")


class FetchRequest(Versioned):
    table: TableName
    bucket: Bucket
    ids_only: StrictBool = False


class FetchRows(Answer):
    epoch: Hex32
    head: int
    fields: list[str]
    rows: list[Row]


class FetchIds(Answer):
    epoch: Hex32
    head: int
    ids: list[Hex32]


FetchResponse = FetchIds | FetchRows


# -- blobs -------------------------------------------------------------------------
class BlobStatus(Answer):
    sha256: Sha256
    size: int | None = Field(description="None until a first chunk arrived")
    received: int = Field(description="Bytes held from offset 0 without a gap")
    complete: bool


# -- what the client's transport sends and expects, by route -------------------------
REQUESTS: dict[str, type[Versioned]] = {
    "/v1/push": PushRequest, "/v1/pull": PullRequest, "/v1/verify": VerifyRequest,
    "/v1/fetch": FetchRequest, "/v1/round": RoundRequest,
}
ANSWERS: dict[str, TypeAdapter[Any]] = {
    "/v1/push": TypeAdapter(PushResponse), "/v1/pull": TypeAdapter(PullPage),
    "/v1/verify": TypeAdapter(VerifyResponse), "/v1/fetch": TypeAdapter(FetchResponse),
    "/v1/round": TypeAdapter(RoundResponse),
}
