"""Pull pages, verification checksums and targeted re-downloads.

A page holds the rows of the user's scope whose version is above the
client's cursor, oldest first, read in one snapshot. Because versions are
handed out under the write lock (see ``server.db``), every version at or
below the page's end has committed: the next cursor cannot skip a late commit.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from functools import cache
from typing import Any

from sqlalchemy import Connection, String, cast, func, literal_column, select, union_all
from sqlalchemy.dialects.postgresql import aggregate_order_by

from desktop.domain import wire
from server import rules
from server.db import Database
from server.row_json import row_json
from server.rows import encode_rows, scoped_select, table_of
from server.scope import ACCOUNTS, Scope, scope_of
from server.tables import lead_exits, scope_exits, sync_clock

BUCKETS = "0123456789abcdef"
LEADS = table_of("leads")


def pull(db: Database, user_id: uuid.UUID, cursor: int, limit: int,
         now: datetime | None = None) -> str:
    """One page as JSON text (rows arrive from the database already encoded).

    One statement says which tables hold anything above the cursor (and
    whether a stock hold has expired: those are released first, so the stock
    read is current). Then only the versions of those tables (an index scan
    each) decide where the page ends, and just the rows of the page are read
    and encoded.
    """
    now = now or datetime.now(UTC)
    with db.read() as conn:
        *probe, due = _newer(conn, cursor, now)
        if not due:
            return _page(db, conn, probe, user_id, cursor, limit)
    rules.release_due(db, now)
    with db.read() as conn:
        *probe, _ = _newer(conn, cursor, None)
        return _page(db, conn, probe, user_id, cursor, limit)


def _page(db: Database, conn: Connection, probe: list[Any],
          user_id: uuid.UUID, cursor: int, limit: int) -> str:
    """The page, read in ``conn``'s snapshot, from the tables the probe named."""
    head, epoch, newer = probe
    scope = scope_of(conn, user_id)
    dialect = db.engine.dialect.name
    names = [name for name in wire.tables() if name in newer]
    found = _first_versions(conn, scope, names, cursor, limit)
    more = sum(n for _i, n, _low, _top in found) > limit
    end = max(top for *_, top in found if top is not None) if more else max(head, cursor)
    holding = {names[i] for i, _n, low, _top in found if low <= end}
    parts = []
    for name in [name for name in names if name in holding]:
        table, t = wire.tables()[name], table_of(name)
        rows = _rows_text(conn, scoped_select(name, scope).where(
            t.c.sync_version > cursor, t.c.sync_version <= end), table, t, dialect)
        if rows:
            parts.append(f'{json.dumps(name)}:{{"fields":{json.dumps(list(table.names))},'
                         f'"rows":[{rows}]}}')
    evict = _evictions(conn, scope, cursor, end) if "scope_exits" in newer else []
    evict_leads = _lead_evictions(conn, scope, cursor, end) if "lead_exits" in newer else []
    envelope = json.dumps({"epoch": epoch, "head": head, "cursor": end, "more": more,
                           "scope": scope.fingerprint, "evict": evict,
                           "evict_leads": evict_leads})
    return envelope[:-1] + ',"tables":{' + ",".join(parts) + "}}"


def _rows_text(conn: Connection, query: Any, table: wire.WireTable, t: Any, dialect: str) -> str:
    """The rows of ``query`` as JSON texts joined by commas, in version order ("" for
    none). PostgreSQL joins them itself (``string_agg``): one value through the
    driver instead of up to 20,000 rows, which took the server's Python longer
    than the database took to encode them."""
    encoded = row_json(table, t, dialect)
    if dialect == "postgresql":
        joined = func.string_agg(encoded, aggregate_order_by(literal_column("','"),
                                                             t.c.sync_version))
        return str(conn.execute(query.with_only_columns(joined)).scalar() or "")
    return ",".join(conn.execute(query.with_only_columns(encoded)
                                 .order_by(t.c.sync_version)).scalars())


def _first_versions(conn: Connection, scope: Scope, names: list[str], cursor: int,
                    limit: int) -> list[tuple[int, int, int, int | None]]:
    """Where the page ends, from the first ``limit + 1`` versions above ``cursor``
    in scope across ``names``, in one statement: each table's versions come in
    order from its version index and are merged (PostgreSQL's Merge Append), so
    only the rows the page needs are read, not ``limit`` of every table. The
    database sums them up per table as (index in ``names``, how many, the lowest,
    the highest among the first ``limit``), so a few rows come back, not 5,001."""
    branches = []
    for n, name in enumerate(names):
        t = table_of(name)
        branch = (scoped_select(name, scope)
                  .with_only_columns(literal_column(str(n)).label("n"),
                                     t.c.sync_version.label("v"))
                  .where(t.c.sync_version > cursor).order_by(t.c.sync_version)
                  .limit(limit + 1).subquery())
        branches.append(select(branch.c.n, branch.c.v))
    if not branches:
        return []
    merged = union_all(*branches).subquery() if len(branches) > 1 else branches[0].subquery()
    first = select(merged.c.n, merged.c.v).order_by(merged.c.v).limit(limit + 1).subquery()
    ranked = select(first.c.n, first.c.v,
                    func.row_number().over(order_by=first.c.v).label("r")).subquery()
    return [(int(n), int(count), int(low), None if top is None else int(top))
            for n, count, low, top in conn.execute(
                select(ranked.c.n, func.count(), func.min(ranked.c.v),
                       func.max(ranked.c.v).filter(ranked.c.r <= limit))
                .group_by(ranked.c.n))]


def _newer(conn: Connection, cursor: int,
           now: datetime | None) -> tuple[int, str, set[str], bool]:
    """The head, the epoch and the synced tables (and exit logs) holding
    anything above ``cursor``, whoever's: each one's highest version, read from
    its version index, so a pull queries only those (most are quiet between two
    syncs); and, with ``now``, whether a stock hold has expired.

    The probe takes no parameter, so PostgreSQL plans it once per connection
    and reuses the plan; with ``now`` in it, every pull paid for planning ~40
    subqueries again (a third of the database's time under a sales force's
    load). The expired-hold check is a second, small statement."""
    names, probe = _probe()
    found = conn.execute(probe).one()
    head, epoch = found[-2], found[-1]
    newer = {name for name, top in zip(names, found, strict=False)
             if top is not None and top > cursor}
    due = now is not None and conn.execute(rules.holds_due(now)).first() is not None
    return int(head), epoch.hex, newer, due


@cache
def _probe() -> tuple[list[str], Any]:
    """The names probed, and the statement: each synced table's (and exit
    log's) highest version, then the clock (built once: its SQL and cache key
    are the same for every pull)."""
    tops = [(name, table_of(name).c.sync_version) for name in wire.tables()]
    tops += [("scope_exits", scope_exits.c.version), ("lead_exits", lead_exits.c.version)]
    columns: list[Any] = [select(func.max(version)).scalar_subquery().label(f"t{n}")
                          for n, (_, version) in enumerate(tops)]
    clock = select(sync_clock.c.version, sync_clock.c.epoch).subquery()
    return ([name for name, _ in tops],
            select(*columns, clock.c.version, clock.c.epoch).select_from(clock))


def _evictions(conn: Connection, scope: Scope, after: int, upto: int) -> list[str]:
    """Accounts that left this user's scope in (after, upto]."""
    return _left(conn, scope_exits, scope_exits.c.account_id, ACCOUNTS, scope.allows,
                 scope.everything, after, upto)


def _lead_evictions(conn: Connection, scope: Scope, after: int, upto: int) -> list[str]:
    """Leads reassigned in (after, upto] away from this user: seen before, not now."""
    return _left(conn, lead_exits, lead_exits.c.lead_id, LEADS, scope.allows_lead,
                 scope.everything, after, upto)


def _left(conn: Connection, exits: Any, row_id: Any, current: Any,
          allows: Callable[[Any, Any], bool], everything: bool, after: int,
          upto: int) -> list[str]:
    """Rows recorded in ``exits`` in (after, upto] that ``allows`` let this user
    see where they were and no longer does where they are now (or gone)."""
    if everything:
        return []
    out = []
    for e in conn.execute(select(exits.c.old_territory_id, exits.c.old_owner_id, row_id)
                          .where(exits.c.version > after, exits.c.version <= upto)).all():
        if not allows(e[0], e[1]):
            continue
        now = conn.execute(select(current.c.territory_id, current.c.owner_id)
                           .where(current.c.id == e[2])).first()
        if now is None or not allows(now.territory_id, now.owner_id):
            out.append(e[2].hex)
    return sorted(set(out))


def _bucket(t: Any) -> Any:
    """First hex digit of the id (literal arguments, so GROUP BY matches the SELECT)."""
    one: Any = literal_column("1")
    return func.substr(cast(t.c.id, String), one, one)


def verify(db: Database, user_id: uuid.UUID, deep: bool) -> dict[str, Any]:
    """Per table and id bucket: row count and sum of versions (and a content
    digest when ``deep``), over exactly the rows a pull would send."""
    out: dict[str, dict[str, list[int]]] = {}
    with db.read() as conn:
        head, epoch = db.head(conn)
        scope = scope_of(conn, user_id)
        for name, table in wire.tables().items():
            sub = scoped_select(name, scope).subquery()
            query = select(_bucket(sub), func.count(),
                           func.coalesce(func.sum(sub.c.sync_version), 0)).group_by(_bucket(sub))
            buckets = {str(b).lower(): [int(n), int(s), 0] for b, n, s in conn.execute(query)}
            if deep:
                rows = conn.execute(scoped_select(name, scope)).mappings().all()
                for encoded in encode_rows(table, list(rows)):
                    row = dict(zip(table.names, encoded[1:], strict=True))
                    b = row["id"][0]
                    buckets[b][2] ^= int.from_bytes(wire.row_digest(table, row), "big")
            out[name] = buckets
    return {"epoch": epoch, "head": head, "tables": out}


def fetch_bucket(db: Database, user_id: uuid.UUID, name: str, bucket: str,
                 ids_only: bool = False) -> dict[str, Any]:
    """Every in-scope row of one table whose id starts with ``bucket`` (or
    just their ids, for the client to see what a repair would remove)."""
    if name not in wire.tables() or bucket not in BUCKETS:
        raise ValueError("unknown table or bucket")
    table = wire.tables()[name]
    with db.read() as conn:
        scope = scope_of(conn, user_id)
        t = table_of(name)
        query = scoped_select(name, scope).where(_bucket(t) == bucket)
        rows = conn.execute(query).mappings().all()
        head, epoch = db.head(conn)
    if ids_only:
        return {"epoch": epoch, "head": head, "ids": [r["id"].hex for r in rows]}
    return {"epoch": epoch, "head": head, "fields": list(table.names),
            "rows": encode_rows(table, list(rows))}
